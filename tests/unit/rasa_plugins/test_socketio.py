"""The Socket.IO channel (rasa_plugins/socketio.py): checked events, allowed
origins, the switch (real conversations: tests/e2e/test_socketio.py)."""

from __future__ import annotations

from typing import Any

import pytest

from rasa_plugins.socketio import check_event, origin_allowed


@pytest.mark.parametrize(
    ("data", "refused"),
    [
        (None, "the event must be an object"),
        ("hello", "the event must be an object"),
        ({"message": "hi"}, "'session_id' must be the id from session_confirm"),
        ({"message": "hi", "session_id": "a b"}, "'session_id'"),
        ({"message": 42, "session_id": "abc"}, "'message' must be text"),
        ({"message": "x" * 300_000, "session_id": "abc"}, "at most"),
    ],
)
def test_malformed_events_are_refused_with_a_reason(data: Any, refused: str) -> None:
    result = check_event(data, "customData")
    assert isinstance(result, str) and refused in result


def test_custom_data_is_the_metadata() -> None:
    result = check_event(
        {"message": "hi", "session_id": "abc", "customData": {"department": "x"}},
        "customData",
    )
    assert result == ("abc", "hi", {"department": "x"})
    assert check_event(
        {"message": "hi", "session_id": "abc", "customData": "junk"}, "customData"
    ) == ("abc", "hi", {})


@pytest.mark.parametrize(
    ("environ", "allowed"),
    [
        ({}, True),  # not a browser: python-socketio's own rule
        ({"HTTP_ORIGIN": "http://127.0.0.1:8080"}, True),
        ({"HTTP_ORIGIN": "http://evil.example"}, False),
        ({"HTTP_ORIGIN": "null"}, False),
    ],
)
def test_only_the_allowed_pages_may_connect(
    environ: dict[str, str], allowed: bool
) -> None:
    assert origin_allowed(environ, ["http://127.0.0.1:8080"]) is allowed


@pytest.mark.parametrize(
    ("flag", "kind"), [("false", "SocketIOOff"), ("true", "CheckedSocketIOInput")]
)
def test_socketio_enabled_switches_the_channel(
    monkeypatch: pytest.MonkeyPatch, flag: str, kind: str
) -> None:
    from rasa_plugins.socketio import CheckedSocketIOInput

    monkeypatch.setenv("SOCKETIO_ENABLED", flag)
    channel = CheckedSocketIOInput.from_credentials({"metadata_key": "customData"})
    assert type(channel).__name__ == kind
    if kind == "CheckedSocketIOInput":
        assert channel.metadata_key == "customData" and channel.session_persistence
        assert "*" not in channel.origins
