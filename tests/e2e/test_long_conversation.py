"""A long conversation over REST (about 150 turns): after the tracker store has
trimmed what it loads to the last turns (rasa_plugins/tracker_store.py), the
follow-ups, "the other department", the hand-off after two misses and the staff
report still see what they need, and every event is stored."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path
from typing import Any

import pytest

from rasa_plugins.tracker_store import WINDOW_TURNS
from tests.conftest import only_conversation

pytestmark = pytest.mark.e2e

FILLER_TURNS = 140
ALHAMBRA_VISION = "ethical, sophisticated, progressive"
CAMBRIDGE_VISION = "Cambridge can rely on a police department"
CAMBRIDGE_MISSION = "dedicated and diverse group"
HANDOFF = "automated assistant, not a person"


def texts(replies: list[dict[str, Any]]) -> str:
    return "\n".join(r.get("text") or "" for r in replies).replace("**", "")


def test_a_long_conversation_keeps_its_context(
    bot: Any, staff_report: Any, tmp_path: Path
) -> None:
    assert FILLER_TURNS > 10 * WINDOW_TURNS  # far beyond what a turn loads
    me = f"long-{uuid.uuid4().hex[:8]}"
    sent = 0

    def say(text: str) -> str:
        nonlocal sent
        sent += 1
        return texts(bot.rasa.chat(me, text))

    assert ALHAMBRA_VISION in say("What is Alhambra's vision?")
    assert CAMBRIDGE_VISION in say("what about Cambridge?")
    for _ in range(FILLER_TURNS):
        assert say("thanks")
    # the department from 140 turns ago, and the one before it
    assert CAMBRIDGE_MISSION in say("and their mission?")
    assert ALHAMBRA_VISION in say("what is the other department's vision?")
    # two misses in a row: the hand-off
    assert HANDOFF not in say("what's the capital of mongolia?")
    assert HANDOFF in say("can you recommend a good pizza place nearby?")

    with sqlite3.connect(bot.conversations_db) as connection:
        (users,) = connection.execute(
            "SELECT COUNT(*) FROM events WHERE sender_id = ? AND type_name = 'user'",
            (me,),
        ).fetchone()
    assert users == sent  # every turn stored, not only the window
    db = only_conversation(bot.conversations_db, me, tmp_path / "mine.db")
    page = staff_report(db)
    assert "mongolia" in page and "pizza" in page  # the missed questions
