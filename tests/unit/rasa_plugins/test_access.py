"""The channels' edge (rasa_plugins/access.py): signed ids, metadata, the rate
limits' buckets, the client address, the replies of the channels' own."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from rasa_plugins import access
from statement_bot import names
from statement_bot.settings import defaults, from_environment

SECRET = b"test-secret-0123456789"


@pytest.mark.parametrize("kind", [access.WIDGET, access.SOCKET])
def test_issued_ids_verify_for_their_kind_only(kind: str) -> None:
    issued = access.issue_id(SECRET, kind)
    other = access.SOCKET if kind == access.WIDGET else access.WIDGET
    assert access.is_reserved(issued)
    assert access.verify_id(SECRET, issued, kind)
    assert not access.verify_id(SECRET, issued, other)
    assert not access.verify_id(b"another-secret-000000", issued, kind)


@pytest.mark.parametrize(
    "forged",
    [
        None,
        7,
        "",
        "web-0123456789abcdef0123456789abcdef",
        "sb.w." + "0" * 32 + "." + "0" * 32,  # the right shape, a made-up signature
        "sb.w." + "0" * 32,
    ],
)
def test_ids_the_server_did_not_issue_are_refused(forged: Any) -> None:
    assert not access.verify_id(SECRET, forged, access.WIDGET)


def test_a_tampered_id_is_refused() -> None:
    issued = access.issue_id(SECRET, access.WIDGET)
    token = issued.split(".")[2]
    tampered = issued.replace(token, token[::-1])
    assert not access.verify_id(SECRET, tampered, access.WIDGET)


def test_the_secret_file_is_made_once_and_private(tmp_path: Path) -> None:
    path = tmp_path / "var" / "session-secret"
    first = access.load_secret(defaults(), path)
    assert access.load_secret(defaults(), path) == first and len(first) == 64
    assert path.stat().st_mode & 0o077 == 0
    configured = from_environment({"SESSION_SECRET": "from-the-env"})
    assert access.load_secret(configured, path) == b"from-the-env"


@pytest.mark.parametrize(
    ("metadata", "kept"),
    [
        (None, {}),
        ("department", {}),
        ({"department": "cambridge"}, {"department": "cambridge"}),
        ({"department": "x" * 65}, {}),
        ({"department": {"nested": 1}}, {}),
        ({"junk": "y" * 100_000, "message_id": "m1"}, {"message_id": "m1"}),
    ],
)
def test_only_the_metadata_the_bot_uses_is_kept(metadata: Any, kept: dict) -> None:
    assert access.allowed_metadata(metadata) == kept


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("/delete_conversation", True),
        ("Delete my conversation.", True),
        ("  delete   this chat! ", True),
        ("how do I delete my conversation with an officer?", False),
        ("/restart", False),
    ],
)
def test_delete_requests_are_recognised(text: str, wanted: bool) -> None:
    assert access.wants_deletion(text) is wanted


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("/session_start", names.UTTER_GREET),
        ("/back", names.UTTER_FALLBACK),
        ("/no_such_intent", names.UTTER_FALLBACK),
    ],
)
def test_a_payload_rasa_leaves_unanswered_gets_a_reply(text: str, name: str) -> None:
    assert access.empty_reply_response(text) == name
    assert access.response(name)["text"]


def test_the_channels_own_replies_are_in_the_domain() -> None:
    for name in (names.UTTER_SLOW_DOWN, names.UTTER_CONVERSATION_DELETED):
        assert access.response(name)["text"]


def test_a_bucket_allows_its_capacity_then_refuses() -> None:
    async def take(times: int) -> list[bool]:
        buckets = access.LocalBuckets()
        return [await buckets.take("k", 3, 60) for _ in range(times)]

    assert asyncio.run(take(5)) == [True, True, True, False, False]


def test_a_bucket_refills_with_time(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1000.0]
    monkeypatch.setattr(access.time, "monotonic", lambda: now[0])
    buckets = access.LocalBuckets()

    async def take() -> bool:
        return await buckets.take("k", 2, 10)

    assert asyncio.run(take()) and asyncio.run(take()) and not asyncio.run(take())
    now[0] += 5  # half the window: one token back
    assert asyncio.run(take()) and not asyncio.run(take())


@pytest.mark.parametrize(
    ("sender_limit", "address_limit", "allowed"),
    [
        (2, 0, [True, True, False]),  # one sender
        (0, 0, [True, True, True]),  # both off
    ],
)
def test_rate_limits(
    sender_limit: int, address_limit: int, allowed: list[bool]
) -> None:
    limits = access.RateLimits(sender_limit, address_limit, 10, access.LocalBuckets())

    async def send() -> list[bool]:
        return [await limits.allow("s", "1.2.3.4") for _ in allowed]

    assert asyncio.run(send()) == allowed


def test_the_address_limit_spans_senders() -> None:
    limits = access.RateLimits(100, 2, 10, access.LocalBuckets())

    async def send() -> list[bool]:
        return [await limits.allow(f"s{i}", "1.2.3.4") for i in range(3)]

    assert asyncio.run(send()) == [True, True, False]


@pytest.mark.parametrize(
    ("peer", "header", "address"),
    [
        ("10.0.0.9", "1.2.3.4", "10.0.0.9"),  # not a trusted proxy: header ignored
        ("127.0.0.1", "1.2.3.4", "1.2.3.4"),  # the proxy says who the client is
        ("127.0.0.1", None, "127.0.0.1"),
        ("127.0.0.1", " ", "127.0.0.1"),
    ],
)
def test_the_client_address_comes_from_a_trusted_proxy_only(
    peer: str, header: str | None, address: str
) -> None:
    assert access.client_address(peer, header, frozenset({"127.0.0.1"})) == address


def test_the_limits_are_on_by_default_with_numbers() -> None:
    rasa = defaults().rasa
    assert (rasa.sender_rate_limit, rasa.address_rate_limit) == (20, 60)
    assert rasa.rate_limit_seconds == 10 and rasa.max_request_bytes == 1_000_000
