"""The windowed read of ``rasa_plugins.tracker_store``: a long conversation's
tracker holds its last turns after a record of the rest, and that record gives
the slots, the earlier departments and the misses a full replay gives."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    Event,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from actions.actions import earlier_departments
from rasa_plugins import tracker_store
from rasa_plugins.tracker_store import (
    WINDOW_TURNS,
    SQLiteTrackerStore,
    WindowedSQLTrackerStore,
)
from statement_bot.dialogue.misses import count_misses_before

pytestmark = pytest.mark.filterwarnings("ignore:Slot auto-fill:UserWarning")

# The SQLite store and the SQLAlchemy one (PostgreSQL in the scale-out profile),
# both on an SQLite file here.
KINDS = ("sqlite", "sqlalchemy")


def open_store(kind: str, domain: Domain, db: Path | str) -> Any:
    if kind == "sqlite":
        return SQLiteTrackerStore(domain=domain, db=str(db))
    return WindowedSQLTrackerStore(domain=domain, dialect="sqlite", db=str(db))


DEPARTMENTS = ("alhambra", "cambridge", "west-sacramento", "oakland")


@pytest.fixture
def domain() -> Domain:
    slots = {
        name: {"type": "text", "mappings": [{"type": "custom"}]}
        for name in ("department", "topic", "shown")
    }
    return Domain.from_dict(
        {
            "intents": ["greet", "ask_mission"],
            "slots": slots,
            "responses": {"utter_greet": [{"text": "Hello!"}]},
        }
    )


def start(at: float) -> list[Event]:
    return [
        ActionExecuted("action_session_start", timestamp=at),
        SessionStarted(timestamp=at),
        ActionExecuted("action_listen", timestamp=at),
    ]


def turn(at: float, department: str | None, missed: bool = False) -> list[Event]:
    """One user turn: the question, maybe a slot, the answer, listening again."""
    events: list[Event] = [
        UserUttered(
            "q", intent={"name": "ask_mission", "confidence": 1.0}, timestamp=at
        )
    ]
    if department:
        events.append(SlotSet("department", department, timestamp=at))
    utter = "utter_fallback" if missed else "utter_mission"
    events += [
        ActionExecuted("action_answer", timestamp=at),
        BotUttered("a", metadata={"utter_action": utter}, timestamp=at),
        ActionExecuted("action_listen", timestamp=at),
    ]
    return events


def conversation(turns: int, at: float = 1000.0) -> list[Event]:
    """A session of ``turns`` turns: a topic set once at the start, departments
    changing every third turn, the last two turns missed."""
    events = start(at) + [SlotSet("topic", "mission", timestamp=at)]
    for number in range(turns):
        department = DEPARTMENTS[number // 3 % 4] if number % 3 == 0 else None
        events += turn(at + number + 1, department, missed=number >= turns - 2)
    return events


def full(domain: Domain, events: list[Event]) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("s1", events, domain.slots)


def dicts(events: Any) -> list[dict[str, Any]]:
    return [event.as_dict() for event in events]


def count_rows(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT COUNT(*) FROM events").fetchone()[0]


@pytest.mark.parametrize("turns", [WINDOW_TURNS + 1, 40, 150])
@pytest.mark.parametrize("cached", [True, False])
@pytest.mark.parametrize("kind", KINDS)
async def test_window_keeps_what_a_full_replay_gives(
    kind: str, domain: Domain, tmp_path: Path, turns: int, cached: bool
) -> None:
    db = str(tmp_path / "c.db")
    events = conversation(turns)
    whole = full(domain, events)
    store = open_store(kind, domain, db)
    await store.save(full(domain, events[: len(events) // 2]))
    await store.retrieve("s1")  # a record at the middle, moved forward below
    await store.save(whole)
    reader = store if cached else open_store(kind, domain, db)
    read = await reader.retrieve("s1")
    assert read is not None
    # The stored turns in the window; the message being handled makes the last.
    assert sum(isinstance(e, UserUttered) for e in read.events) == WINDOW_TURNS - 1
    assert read.current_slot_values() == whole.current_slot_values()
    assert read.get_slot("topic") == "mission"
    as_rows = dicts(read.events)
    assert earlier_departments(as_rows) == earlier_departments(dicts(whole.events))
    assert count_misses_before(as_rows) == count_misses_before(dicts(whole.events))
    tail = 4 * (WINDOW_TURNS - 1)  # the window's turns, as stored
    assert dicts(read.events)[-tail:] == dicts(whole.events)[-tail:]
    assert count_rows(tmp_path / "c.db") == len(events)  # every event kept


@pytest.mark.parametrize("kind", KINDS)
async def test_a_short_session_is_read_whole(
    kind: str, domain: Domain, tmp_path: Path
) -> None:
    store = open_store(kind, domain, tmp_path / "c.db")
    events = conversation(WINDOW_TURNS - 2)  # WINDOW_TURNS action_listen events
    await store.save(full(domain, events))
    read = await store.retrieve("s1")
    assert read is not None and dicts(read.events) == dicts(events)


@pytest.mark.parametrize("kind", KINDS)
async def test_turns_after_a_windowed_read_are_appended_once(
    kind: str, domain: Domain, tmp_path: Path
) -> None:
    db = tmp_path / "c.db"
    store = open_store(kind, domain, db)
    events = conversation(30)
    await store.save(full(domain, events))
    for number in range(20):
        read = await store.retrieve("s1")
        assert read is not None
        new = turn(5000.0 + number, DEPARTMENTS[number % 4])
        for event in new:
            read.update(event)
        events += new
        await store.save(read)
        await store.save(read)  # nothing new: nothing written
    assert count_rows(db) == len(events)
    read = await open_store(kind, domain, db).retrieve("s1")
    whole = full(domain, events)
    assert read is not None
    assert read.current_slot_values() == whole.current_slot_values()
    assert earlier_departments(dicts(read.events)) == earlier_departments(
        dicts(whole.events)
    )


@pytest.mark.parametrize("kind", KINDS)
async def test_a_reverted_slot_before_the_window_stays_reverted(
    kind: str, domain: Domain, tmp_path: Path
) -> None:
    events = start(1000.0) + turn(1001.0, "alhambra")
    events += [
        UserUttered("?", intent={"name": "greet", "confidence": 0.1}, timestamp=1002),
        SlotSet("shown", "values", timestamp=1002),
        ActionExecuted("action_default_fallback", timestamp=1002),
        UserUtteranceReverted(timestamp=1002),
        ActionExecuted("action_listen", timestamp=1002),
    ]
    for number in range(WINDOW_TURNS + 2):
        events += turn(1003.0 + number, None)
    store = open_store(kind, domain, tmp_path / "c.db")
    await store.save(full(domain, events))
    read = await store.retrieve("s1")
    assert read is not None
    assert read.get_slot("shown") is None
    assert read.current_slot_values() == full(domain, events).current_slot_values()


@pytest.mark.parametrize("kind", KINDS)
async def test_a_restart_before_the_window_forgets_the_departments(
    kind: str, domain: Domain, tmp_path: Path
) -> None:
    events = start(1000.0) + turn(1001.0, "alhambra") + [Restarted(timestamp=1002)]
    events += [ActionExecuted("action_listen", timestamp=1002)]
    for number in range(WINDOW_TURNS + 2):
        events += turn(1003.0 + number, "cambridge" if number == 0 else None)
    store = open_store(kind, domain, tmp_path / "c.db")
    await store.save(full(domain, events))
    read = await store.retrieve("s1")
    assert read is not None
    assert earlier_departments(dicts(read.events)) == ("cambridge",)
    assert read.current_slot_values() == full(domain, events).current_slot_values()


@pytest.mark.parametrize("kind", KINDS)
async def test_a_conversation_is_capped_and_keeps_its_state(
    kind: str, domain: Domain, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tracker_store, "MAX_EVENTS_PER_CONVERSATION", 100)
    monkeypatch.setattr(tracker_store, "CAP_CHECK_EVERY", 1)
    db = tmp_path / "c.db"
    store = open_store(kind, domain, db)
    events = conversation(5)
    await store.save(full(domain, events))
    for number in range(60):
        read = await store.retrieve("s1")
        assert read is not None
        for event in turn(5000.0 + number, None):
            read.update(event)
        await store.save(read)
    with sqlite3.connect(db) as connection:
        kinds = dict(
            connection.execute(
                "SELECT type_name, COUNT(*) FROM events GROUP BY type_name"
            ).fetchall()
        )
    assert sum(kinds.values()) <= 100 + 10  # the cap, plus the state events
    assert kinds["session_started"] == 1
    read = await open_store(kind, domain, db).retrieve("s1")
    assert read is not None
    assert read.get_slot("topic") == "mission"
    assert read.get_slot("department") == "cambridge"


def test_a_huge_message_is_stored_cut() -> None:
    """One message cannot store megabytes: its text (and the parse data's copy)
    is kept up to MAX_STORED_TEXT_CHARS; other events are stored as they are."""
    from rasa_plugins.tracker_store import MAX_STORED_TEXT_CHARS, stored_text

    huge = "z" * 150_000
    event = {"event": "user", "text": huge, "parse_data": {"text": huge}}
    cut = stored_text(event)
    assert len(cut["text"]) == len(cut["parse_data"]["text"]) == MAX_STORED_TEXT_CHARS
    assert len(event["text"]) == 150_000  # the event itself is not changed
    bot = {"event": "bot", "text": huge}
    assert stored_text(bot) is bot
