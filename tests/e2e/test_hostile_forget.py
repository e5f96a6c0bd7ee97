"""Hostile traffic and honest privacy, items 5 and 6 of issue 26: what the reset
says is true, "delete my conversation" removes every stored event at once (REST
and Socket.IO), and one visitor's 200,000-digit message cannot stall the staff
report."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest

from rasa_plugins import access
from statement_bot import names
from tests.e2e.hostile import stored
from tests.e2e.webchat import Widget, run

DELETED = access.response(names.UTTER_CONVERSATION_DELETED)["text"]


@pytest.mark.e2e
def test_delete_my_conversation_over_rest_leaves_nothing(bot: Any) -> None:
    sender = f"forget-{uuid.uuid4().hex}"
    bot.rasa.chat(sender, "what is Cambridge's mission?")
    bot.rasa.chat(sender, "/restart")
    assert stored(bot.conversations_db, sender)
    assert bot.rasa.texts(sender, "Delete my conversation") == DELETED
    assert stored(bot.conversations_db, sender) == []
    # the next message starts a new conversation, with no memory of the old one
    assert "mission" not in bot.rasa.texts(sender, "and their vision?").lower()


@pytest.mark.e2e
def test_delete_my_conversation_over_socketio_leaves_nothing(bot: Any) -> None:
    async def talk() -> tuple[str, str]:
        widget = Widget(bot.rasa.url)
        session = await widget.open()
        await widget.say(session, "what is your mission?", department="cambridge")
        said = await widget.say(session, "/delete_conversation")
        await widget.close()
        return session, said

    session, said = run(talk())
    assert said == DELETED
    assert stored(bot.conversations_db, session) == []


@pytest.mark.e2e
def test_a_200000_digit_message_does_not_stall_the_report(
    bot: Any, staff_report: Callable[..., str]
) -> None:
    sender = f"digits-{uuid.uuid4().hex}"
    assert bot.rasa.chat(sender, "1" * 200_000)
    start = time.monotonic()
    staff_report(bot.conversations_db)
    assert time.monotonic() - start < 30  # a fault limit: minutes before the fix
