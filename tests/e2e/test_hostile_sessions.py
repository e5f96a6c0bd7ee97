"""Hostile traffic, item 2 of issue 26: a conversation belongs to its visitor.
The server issues every Socket.IO session id and every widget sender id,
signed; ids it did not issue, rooms a connection did not join, and
server-issued ids on the plain REST channel are refused."""

from __future__ import annotations

import asyncio
import re
import uuid
from typing import Any

import pytest

from devtools.servers import http_json
from tests.e2e.hostile import SIGNED_SOCKET_ID, SIGNED_WIDGET_ID, stored, user_texts
from tests.e2e.webchat import REPLY_TIMEOUT, Widget, run

pytestmark = pytest.mark.e2e


def test_a_session_id_chosen_by_the_client_is_replaced(bot: Any) -> None:
    async def talk() -> str:
        widget = Widget(bot.rasa.url)
        try:
            return await widget.open(f"victim-{uuid.uuid4().hex}")
        finally:
            await widget.close()

    confirmed = run(talk())
    assert re.fullmatch(SIGNED_SOCKET_ID, confirmed), confirmed


def test_an_event_naming_another_room_is_refused(bot: Any) -> None:
    async def talk() -> tuple[str, dict[str, Any], bool, bool]:
        victim, attacker = Widget(bot.rasa.url), Widget(bot.rasa.url)
        victim_session = await victim.open()
        await attacker.open()
        await attacker.client.emit(
            "user_uttered",
            {"message": "/restart", "session_id": victim_session, "customData": {}},
        )
        error = await asyncio.wait_for(attacker.errors.get(), REPLY_TIMEOUT)
        await asyncio.sleep(1.0)  # any reply would have arrived by now
        leaked = not attacker.replies.empty()
        written = not victim.replies.empty()
        await victim.close()
        await attacker.close()
        return victim_session, error, leaked, written

    victim_session, error, leaked, written = run(talk())
    assert "session_id" in error["error"]
    assert not leaked and not written
    assert stored(bot.conversations_db, victim_session) == []


def test_a_reload_with_its_own_signed_id_goes_on(bot: Any) -> None:
    async def talk() -> tuple[str, str, str]:
        first = Widget(bot.rasa.url)
        session = await first.open()
        await first.say(session, "what is your mission?", department="cambridge")
        await first.close()
        again = Widget(bot.rasa.url)
        confirmed = await again.open(session)
        said = await again.say(confirmed, "and their vision?")
        await again.close()
        return session, confirmed, said

    session, confirmed, said = run(talk())
    assert confirmed == session
    assert "Cambridge Police Department" in said and "vision" in said.lower()


def test_a_socketio_conversation_cannot_be_read_over_rest(bot: Any) -> None:
    async def talk() -> str:
        widget = Widget(bot.rasa.url)
        session = await widget.open()
        await widget.say(session, "what is your mission?", department="cambridge")
        await widget.close()
        return session

    session = run(talk())
    before = user_texts(bot.conversations_db, session)
    status, body = http_json(
        f"{bot.rasa.url}/webhooks/rest/webhook",
        {"sender": session, "message": "and their vision?"},
    )
    assert status == 403, (status, body)
    assert "Cambridge" not in str(body)
    assert user_texts(bot.conversations_db, session) == before


@pytest.mark.parametrize(
    "forged",
    [
        "sb.w." + "0" * 32 + "." + "0" * 32,
        "sb.s." + "a" * 32 + "." + "b" * 32,
        "sb.anything",
    ],
)
def test_a_forged_reserved_id_is_refused_over_rest(bot: Any, forged: str) -> None:
    status, _ = http_json(
        f"{bot.rasa.url}/webhooks/rest/webhook", {"sender": forged, "message": "hi"}
    )
    assert status == 403
    assert stored(bot.conversations_db, forged) == []


def test_the_widget_gets_a_signed_sender_id_that_works(bot: Any) -> None:
    status, issued = http_json(f"{bot.rasa.url}/webhooks/rest/session", {})
    assert status == 200 and re.fullmatch(SIGNED_WIDGET_ID, issued["sender"])
    sender = issued["sender"]
    said = bot.rasa.texts(sender, "what is Cambridge's mission?")
    assert "Cambridge Police Department" in said
    assert "vision" in bot.rasa.texts(sender, "and their vision?").lower()


def test_plain_rest_keeps_working_for_server_clients(bot: Any) -> None:
    """The README's curl example: any sender outside the reserved namespace."""
    assert bot.rasa.chat(f"curl-{uuid.uuid4().hex}", "hello")
