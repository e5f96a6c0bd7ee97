"""Recruit practice end to end: a full round over REST (right, typo, wrong,
hint, skip, a statement question and an emergency in the middle, a restart of
both servers), in the widget by click and by keyboard, and in Slack."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from statement_bot.store import Store
from tests.e2e.conversation_script import Recruit

pytestmark = pytest.mark.e2e


def texts(replies: list[dict[str, Any]]) -> str:
    return "\n".join(r.get("text") or "" for r in replies).replace("**", "")


def test_a_full_round_over_rest(bot: Any, store: Store) -> None:
    # a fixed conversation id: rounds are seeded by it, so the run is repeatable
    sender = "practice-e2e-full-round"
    recruit = Recruit(store, "west_sacramento", sender)
    said = texts(
        bot.rasa.chat(sender, "my interview is monday, quiz me on west sac's values")
    )
    assert "Question 1 of 5" in said

    said = texts(bot.rasa.chat(sender, recruit.answer(typo=True)))
    assert "Right!" in said and "Score: 1 of 1." in said
    assert "From the West Sacramento Police Department's" in said
    recruit.position += 1
    assert "Question 2 of 5" in said

    assert "Hint:" in texts(bot.rasa.chat(sender, "hint"))

    said = texts(bot.rasa.chat(sender, recruit.wrong()))
    assert "Not quite" in said and "Score: 1 of 2." in said
    recruit.position += 1

    # a statement question in the middle: answered, and the round waits
    said = texts(bot.rasa.chat(sender, "what is cambridge's mission?"))
    assert "Cambridge Police Department" in said
    assert "Shall we carry on with the practice? Question 3 of 5" in said

    # an emergency always gets the safety answer first
    said = texts(bot.rasa.chat(sender, "someone is breaking into my house right now"))
    assert "911" in said and "Question" not in said

    # the round lives in the conversation: it survives a restart of both servers
    bot.restart_actions()
    bot.restart_rasa()
    said = texts(bot.rasa.chat(sender, "continue"))
    assert "Question 3 of 5" in said

    said = texts(bot.rasa.chat(sender, "skip"))
    assert "Skipped." in said and "Score: 1 of 3." in said
    recruit.position += 1

    said = texts(bot.rasa.chat(sender, recruit.answer()))
    assert "Right!" in said and "Score: 2 of 4." in said
    recruit.position += 1

    said = texts(bot.rasa.chat(sender, recruit.answer()))
    assert "That's the end of the round: you scored 3 of 5." in said

    said = texts(bot.rasa.chat(sender, "again"))
    assert "Question 1 of 5" in said
    said = texts(bot.rasa.chat(sender, "stop"))
    assert "Practice stopped. You scored 0 of 0." in said
    # after stopping, a value's name is a question again
    assert "one of the core values" in texts(
        bot.rasa.chat(sender, "what does pride mean to wspd?")
    )


def test_practice_asks_which_department_with_buttons(bot: Any, store: Store) -> None:
    sender = f"practice-{uuid.uuid4().hex[:10]}"
    replies = bot.rasa.chat(sender, "can you test me on the values?")
    assert "Which department's values would you like to practise?" in texts(replies)
    buttons = replies[0]["buttons"]
    assert [b["title"] for b in buttons] == [d.name for d in store]
    said = texts(bot.rasa.chat(sender, buttons[1]["payload"]))
    assert (
        "Question 1 of 5" in said and store.get([d.id for d in store][1]).name in said
    )
