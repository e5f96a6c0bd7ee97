"""The default profile keeps conversations in SQLite: across a restart, and only
as long as the retention allows; one sender's conversation can be deleted."""

from __future__ import annotations

import sqlite3
import subprocess
import uuid
from pathlib import Path

import pytest

from devtools.servers import VENV_BIN, base_env
from ops import conversations as ops
from tests.paths import ROOT

pytestmark = pytest.mark.e2e

ALHAMBRA_VISION = "ethical, sophisticated, progressive"
ALHAMBRA_MISSION = "Alhambra"


def sender() -> str:
    return f"tracker-{uuid.uuid4().hex[:10]}"


def stored_events(db: Path, sender_id: str) -> int:
    with sqlite3.connect(db) as connection:
        (count,) = connection.execute(
            "SELECT COUNT(*) FROM events WHERE sender_id = ?", (sender_id,)
        ).fetchone()
    return count


def test_conversation_survives_a_rasa_restart(bot) -> None:
    me = sender()
    assert "mission" in bot.rasa.texts(me, "What is Alhambra's mission?").lower()
    assert stored_events(bot.conversations_db, me) > 0
    bot.restart_rasa()
    reply = bot.rasa.texts(me, "and their vision?")
    assert ALHAMBRA_VISION in reply


def test_delete_one_senders_conversation(bot, tmp_path: Path) -> None:
    gone, kept = sender(), sender()
    for who in (gone, kept):
        bot.rasa.texts(who, "What is Alhambra's mission?")
        assert stored_events(bot.conversations_db, who) > 0
    result = subprocess.run(
        [str(VENV_BIN / "python"), "-m", "ops.conversations", "delete", gone],
        cwd=ROOT,
        env=base_env(CONVERSATIONS_DB=str(bot.conversations_db)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert f"sender '{gone}'" in result.stdout
    assert stored_events(bot.conversations_db, gone) == 0
    assert stored_events(bot.conversations_db, kept) > 0
    # the deleted sender starts afresh: the bot no longer knows the department
    assert ALHAMBRA_VISION not in bot.rasa.texts(gone, "and their vision?")
    assert ALHAMBRA_VISION in bot.rasa.texts(kept, "and their vision?")


@pytest.mark.parametrize(
    ("days", "idle_minutes", "deleted"),
    [
        (0, 59, False),
        (0, 61, True),
        (30, 29 * 24 * 60, False),
        (30, 31 * 24 * 60, True),
    ],
)
def test_retention_on_a_real_conversation(
    bot, tmp_path: Path, days: int, idle_minutes: int, deleted: bool
) -> None:
    me = sender()
    bot.rasa.texts(me, "What is Alhambra's mission?")
    bot.rasa.texts(me, "and their vision?")
    copy = tmp_path / "copy.db"  # prune a copy: other tests share the live file
    with sqlite3.connect(bot.conversations_db) as live, sqlite3.connect(copy) as dst:
        live.backup(dst)
    engine = ops.connect(f"sqlite:///{copy}")
    (mine,) = (c for c in ops.conversations(engine) if c.sender_id == me)
    ops.prune(engine, days, 60, now=mine.last_event + idle_minutes * 60)
    assert (stored_events(copy, me) == 0) is deleted
    if not deleted:
        assert stored_events(copy, me) == mine.events
