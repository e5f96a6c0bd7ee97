"""Hostile traffic, item 3 of issue 26: ceilings. The one place the rate limits
are on in the tests (devtools/servers.py turns them off everywhere else): a
Rasa of its own with small limits, behind a trusted proxy (X-Real-IP), slow
clients cut at the request deadline (Rasa and the demo page server), and the cap
on what one conversation stores."""

from __future__ import annotations

import asyncio
import socket
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from devtools.servers import (
    VENV_BIN,
    RasaServer,
    _Process,
    base_env,
    free_port,
    http_json,
)
from rasa_plugins import access
from statement_bot import names
from tests.e2e.hostile import stored_bytes, trickle, user_texts
from tests.e2e.webchat import REPLY_TIMEOUT, Widget, run

pytestmark = pytest.mark.e2e

PER_SENDER, PER_ADDRESS = 3, 4
DEADLINE = 2
SLOW_DOWN = access.response(names.UTTER_SLOW_DOWN)["text"]


class Limited:
    """A Rasa with the limits on and small, and a demo page server likewise."""

    def __init__(self, bot: Any, log_dir: Path) -> None:
        self.db = log_dir / "conversations.db"
        limits = {
            "SENDER_RATE_LIMIT": str(PER_SENDER),
            "ADDRESS_RATE_LIMIT": str(PER_ADDRESS),
            "RATE_LIMIT_SECONDS": "600",
            "REQUEST_DEADLINE_SECONDS": str(DEADLINE),
            "TRUSTED_PROXIES": "127.0.0.1",  # the test plays the proxy
        }
        self.rasa = RasaServer(
            log_dir,
            action_port=bot.actions.port,
            CONVERSATIONS_DB=str(self.db),
            **limits,
        ).start_and_wait()
        port = free_port()
        self.web_port = port
        self.web = _Process(
            "web",
            [str(VENV_BIN / "python"), "-m", "web.serve"],
            base_env(WEB_PORT=str(port), WEB_MAX_CLIENTS="2", **limits),
            log_dir,
        )
        self.web.start()
        self.web.wait_until(f"http://127.0.0.1:{port}/health", 30)

    def chat(self, sender: str, text: str, client: str) -> list[dict[str, Any]]:
        status, replies = http_json(
            f"{self.rasa.url}/webhooks/rest/webhook",
            {"sender": sender, "message": text},
            headers={"X-Real-IP": client},
        )
        assert status == 200, (status, replies)
        return replies

    def stop(self) -> None:
        self.web.stop()
        self.rasa.stop()


@pytest.fixture(scope="module")
def limited(bot: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Limited]:
    running = Limited(bot, tmp_path_factory.mktemp("limited"))
    try:
        yield running
    finally:
        running.stop()


def texts(replies: list[dict[str, Any]]) -> str:
    return "\n".join(r.get("text") or "" for r in replies)


def test_a_sender_over_its_limit_is_asked_to_slow_down(limited: Limited) -> None:
    sender = f"flood-{uuid.uuid4().hex}"
    said = [texts(limited.chat(sender, f"hello {i}", "10.1.0.1")) for i in range(5)]
    assert all(SLOW_DOWN not in s for s in said[:PER_SENDER])
    assert all(s == SLOW_DOWN for s in said[PER_SENDER:])
    # nothing of the refused messages is stored
    assert user_texts(limited.db, sender) == [f"hello {i}" for i in range(PER_SENDER)]


def test_an_address_over_its_limit_is_asked_to_slow_down(limited: Limited) -> None:
    said = [
        texts(limited.chat(f"many-{uuid.uuid4().hex}", "hello", "10.2.0.1"))
        for _ in range(PER_ADDRESS + 1)
    ]
    assert all(SLOW_DOWN not in s for s in said[:PER_ADDRESS])
    assert said[PER_ADDRESS] == SLOW_DOWN
    # another client (another address from the trusted proxy) is still answered
    assert SLOW_DOWN not in texts(limited.chat("other", "hello", "10.2.0.2"))


def test_socketio_senders_are_limited_too(limited: Limited) -> None:
    async def talk() -> list[str]:
        widget = Widget(limited.rasa.url)
        session = await widget.open()
        said = [await widget.say(session, f"hello {i}") for i in range(PER_SENDER + 1)]
        await widget.close()
        return said

    said = run(talk())
    assert SLOW_DOWN not in said[0] and said[-1] == SLOW_DOWN


HEAD = b"POST /webhooks/rest/webhook HTTP/1.1\r\nHost: x\r\n"
BODY_HEAD = HEAD + b"Content-Type: application/json\r\nContent-Length: 500\r\n\r\n"


@pytest.mark.parametrize(
    ("head", "drip"),
    [(HEAD, b"X-Slow: " + b"a" * 200), (BODY_HEAD, b'{"sender": "' + b"a" * 400)],
    ids=["headers", "body"],
)
def test_rasa_cuts_a_trickling_client_at_the_deadline(
    limited: Limited, head: bytes, drip: bytes
) -> None:
    held = trickle("127.0.0.1", limited.rasa.port, head, drip, every=0.3, most=20)
    # checked every REQUEST_DEADLINE_SECONDS / 2: cut within twice the deadline
    assert held < DEADLINE * 2 + 2, held


def test_the_demo_page_server_cuts_a_trickling_client(limited: Limited) -> None:
    head = b"GET / HTTP/1.1\r\n"
    held = trickle(
        "127.0.0.1", limited.web_port, head, b"X-Slow: " + b"a" * 200, 0.3, 20
    )
    assert held < DEADLINE + 2, held


def test_the_demo_page_server_serves_a_bounded_number_of_clients(
    limited: Limited,
) -> None:
    idle = [socket.create_connection(("127.0.0.1", limited.web_port)) for _ in range(2)]
    try:
        time.sleep(0.3)
        with socket.create_connection(("127.0.0.1", limited.web_port), 5) as third:
            third.sendall(b"GET /health HTTP/1.0\r\n\r\n")
            assert third.recv(100).startswith(b"HTTP/1.0 503")
    finally:
        for sock in idle:
            sock.close()


# What one conversation stores is bounded (rasa_plugins/tracker_store.py: at
# most 10,000 events, a message's text stored up to 2,000 characters): whatever a
# sender sends, sixty huge messages keep at most this many bytes of event data (a long conversation of ordinary turns is a few
# hundred kB; see docs/operations.md, "Security model").
CONVERSATION_CAP_BYTES = 2_000_000


def test_the_conversation_cap_holds_against_a_hostile_sender(bot: Any) -> None:
    """60 messages of 150,000 characters (about 9 MB of text) from one sender."""
    sender = f"hoard-{uuid.uuid4().hex}"
    for i in range(60):
        bot.rasa.chat(sender, f"{i} " + "z" * 150_000)
    assert stored_bytes(bot.conversations_db, sender) <= CONVERSATION_CAP_BYTES


def test_limits_are_off_in_the_shared_bot(bot: Any) -> None:
    """The harness turns the limits off: many quick messages, all answered."""

    async def flood() -> None:
        loop = asyncio.get_running_loop()
        sender = f"quick-{uuid.uuid4().hex}"
        for i in range(25):
            replies = await loop.run_in_executor(None, bot.rasa.chat, sender, f"hi {i}")
            assert SLOW_DOWN not in texts(replies)

    asyncio.run(asyncio.wait_for(flood(), REPLY_TIMEOUT * 10))
