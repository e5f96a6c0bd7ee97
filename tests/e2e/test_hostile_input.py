"""Hostile traffic, items 1, 4 and 7 of issue 26, against the real servers:
bounded input (nothing of an oversized request is stored), a reply to every
payload on every channel, and the smaller leaks (GET / without the version, the
action server's errors without the request body, cross-origin posts refused)."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from devtools.servers import http_json
from tests.e2e.hostile import post_huge, stored, stored_bytes
from tests.e2e.webchat import Widget, run

pytestmark = pytest.mark.e2e


def webhook(bot: Any) -> str:
    return f"{bot.rasa.url}/webhooks/rest/webhook"


# ---------- 1. the REST metadata field (and every body) is bounded ----------


def test_a_20_mb_metadata_object_is_refused_and_nothing_is_stored(bot: Any) -> None:
    sender = f"hostile-{uuid.uuid4().hex}"
    body = json.dumps(
        {"sender": sender, "message": "hi", "metadata": {"x": "a" * 20_000_000}}
    ).encode()
    status = post_huge(webhook(bot), body)
    assert status in (413, None), status  # refused (or cut off) before reading it
    assert stored(bot.conversations_db, sender) == []
    # the server is still answering others
    assert bot.rasa.chat(f"after-{sender}", "hello")


def test_unknown_metadata_keys_are_dropped_before_storing(bot: Any) -> None:
    sender = f"hostile-{uuid.uuid4().hex}"
    metadata = {"department": "cambridge", "junk": "j" * 200_000}
    assert bot.rasa.chat(sender, "what is the mission?", metadata=metadata)
    events = stored(bot.conversations_db, sender)
    users = [e for e in events if e["event"] == "user"]
    assert users
    for event in users:  # Rasa adds its own model_id and assistant_id
        assert event["metadata"]["department"] == "cambridge"
        assert "junk" not in event["metadata"]
    assert stored_bytes(bot.conversations_db, sender) < 100_000


def test_socketio_custom_data_keeps_only_the_keys_used(bot: Any) -> None:
    async def talk() -> str:
        widget = Widget(bot.rasa.url)
        session = await widget.open()
        await widget.client.emit(
            "user_uttered",
            {
                "message": "what is the mission?",
                "session_id": session,
                "customData": {"department": "cambridge", "junk": "j" * 200_000},
            },
        )
        await widget.replies.get()
        await widget.close()
        return session

    session = run(talk())
    users = [e for e in stored(bot.conversations_db, session) if e["event"] == "user"]
    assert users and users[0]["metadata"]["department"] == "cambridge"
    assert "junk" not in users[0]["metadata"]


# ---------- 4. every payload gets a reply, on every channel ----------

PAYLOADS = ["/session_start", "/back", "/no_such_intent"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_payload_gets_a_rest_reply(bot: Any, payload: str) -> None:
    replies = bot.rasa.chat(f"payload-{uuid.uuid4().hex}", payload)
    assert replies and all(r.get("text") for r in replies), replies


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_payload_gets_a_socketio_reply(bot: Any, payload: str) -> None:
    async def talk() -> str:
        widget = Widget(bot.rasa.url)
        session = await widget.open()
        try:
            return await widget.say(session, payload)
        finally:
            await widget.close()

    assert run(talk()).strip()


# ---------- 7. the smaller leaks ----------


def test_get_root_does_not_announce_the_version(bot: Any) -> None:
    import rasa

    status, text = http_json(f"{bot.rasa.url}/")
    assert status == 200
    assert rasa.__version__ not in str(text) and "3.6" not in str(text)


@pytest.mark.parametrize(
    "tracker",
    [
        {"sender_id": "x", "events": "SECRET-MARKER-7"},
        "SECRET-MARKER-7",
    ],
)
def test_the_action_server_never_echoes_the_request(bot: Any, tracker: Any) -> None:
    call = {
        "next_action": "action_answer",
        "sender_id": "x",
        "tracker": tracker,
        "domain": {"note": "SECRET-MARKER-7"},
        "version": "3.6.2",
    }
    status, body = http_json(f"{bot.actions.url}/webhook", call)
    assert status >= 400
    assert "SECRET-MARKER-7" not in json.dumps(body)


@pytest.mark.parametrize("content_type", ["text/plain", "application/json"])
def test_a_cross_origin_post_is_refused(bot: Any, content_type: str) -> None:
    sender = f"csrf-{uuid.uuid4().hex}"
    status, _ = http_json(
        webhook(bot),
        {"sender": sender, "message": "hello"},
        headers={"Content-Type": content_type, "Origin": "https://evil.example"},
    )
    assert status == 403
    assert stored(bot.conversations_db, sender) == []


def test_an_allowed_origin_may_post(bot: Any) -> None:
    origin = bot_origin()
    status, replies = http_json(
        webhook(bot),
        {"sender": f"page-{uuid.uuid4().hex}", "message": "hello"},
        headers={"Origin": origin},
    )
    assert status == 200 and replies


def bot_origin() -> str:
    """The default CORS_ORIGINS (the demo page), which the shared bot runs with."""
    from statement_bot.settings import defaults

    return defaults().rasa.cors_origins[0]
