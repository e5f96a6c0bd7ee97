"""``rasa_plugins.tracker_store.SQLiteTrackerStore`` reads and writes what Rasa's
``SQLTrackerStore`` does, row for row, and is what ``endpoints.yml`` loads."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from rasa.core.tracker_store import SQLTrackerStore, create_tracker_store
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import read_endpoint_config

from rasa_plugins.tracker_store import SQLiteTrackerStore
from tests.paths import ROOT

pytestmark = pytest.mark.filterwarnings("ignore:Slot auto-fill:UserWarning")

SLOT = "department"
COLUMNS = "sender_id, type_name, timestamp, intent_name, action_name, data"


@pytest.fixture
def rasa_domain() -> Domain:
    return Domain.from_dict(
        {
            "intents": ["greet", "ask_mission"],
            "slots": {SLOT: {"type": "text", "mappings": [{"type": "custom"}]}},
            "responses": {"utter_greet": [{"text": "Hello!"}]},
        }
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "conversations.db"


@pytest.fixture
def sqlite_store(rasa_domain: Domain, db: Path) -> SQLiteTrackerStore:
    return SQLiteTrackerStore(domain=rasa_domain, db=str(db))


def session(start: float, department: str = "alhambra") -> list[Event]:
    """One conversation session: start, a question, a slot, an answer."""
    return [
        ActionExecuted("action_session_start", timestamp=start),
        SessionStarted(timestamp=start),
        ActionExecuted("action_listen", timestamp=start),
        UserUttered(
            "What is the mission?",
            intent={"name": "ask_mission", "confidence": 0.98},
            entities=[{"entity": "department", "value": department}],
            timestamp=start + 1,
        ),
        SlotSet(SLOT, department, timestamp=start + 2),
        ActionExecuted("action_answer", timestamp=start + 2),
        BotUttered("Our mission ...", {"buttons": None}, timestamp=start + 2),
        ActionExecuted("action_listen", timestamp=start + 3),
    ]


def tracker(domain: Domain, sender: str, events: list[Event]) -> DialogueStateTracker:
    return DialogueStateTracker.from_events(sender, events, domain.slots)


def stores(domain: Domain, db: Path) -> dict[str, Any]:
    return {
        "fast": SQLiteTrackerStore(domain=domain, db=str(db)),
        "rasa": SQLTrackerStore(domain=domain, dialect="sqlite", db=str(db)),
    }


def rows(db: Path, sender: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(
            f"SELECT {COLUMNS} FROM events WHERE sender_id = ? ORDER BY id", (sender,)
        ).fetchall()


def dicts(events: Any) -> list[dict[str, Any]]:
    return [event.as_dict() for event in events]


@pytest.mark.parametrize(("writer", "reader"), [("fast", "rasa"), ("rasa", "fast")])
async def test_each_store_reads_what_the_other_wrote(
    rasa_domain: Domain, tmp_path: Path, writer: str, reader: str
) -> None:
    db = tmp_path / "conversations.db"
    both = stores(rasa_domain, db)
    original = tracker(rasa_domain, "s1", session(1000.0))
    await both[writer].save(original)
    restored = await both[reader].retrieve("s1")
    assert restored is not None
    assert dicts(restored.events) == dicts(original.events)
    assert restored.get_slot(SLOT) == "alhambra"


async def test_rows_are_the_ones_rasa_writes(
    rasa_domain: Domain, tmp_path: Path
) -> None:
    written = {}
    for name in ("fast", "rasa"):
        db = tmp_path / f"{name}.db"
        store = stores(rasa_domain, db)[name]
        await store.save(tracker(rasa_domain, "s1", session(1000.0)))
        written[name] = rows(db, "s1")
    assert written["fast"] == written["rasa"]
    assert len(written["fast"]) == len(session(1000.0))
    intents = [row[3] for row in written["fast"] if row[1] == "user"]
    assert intents == ["ask_mission"]


async def test_save_appends_only_the_new_events(
    rasa_domain: Domain, db: Path, sqlite_store: SQLiteTrackerStore
) -> None:
    store = sqlite_store
    first = tracker(rasa_domain, "s1", session(1000.0))
    await store.save(first)
    await store.save(first)  # nothing new: nothing written
    assert len(rows(db, "s1")) == len(first.events)
    again = await store.retrieve("s1")
    assert again is not None
    again.update(UserUttered("thanks", intent={"name": "greet", "confidence": 1.0}))
    again.update(ActionExecuted("utter_greet"))
    await store.save(again)
    assert len(rows(db, "s1")) == len(first.events) + 2
    final = await store.retrieve("s1")
    assert final is not None
    assert dicts(final.events) == dicts(again.events)


async def test_only_the_latest_session_is_retrieved(
    rasa_domain: Domain, tmp_path: Path
) -> None:
    db = tmp_path / "conversations.db"
    both = stores(rasa_domain, db)
    old, new = session(1000.0, "alhambra"), session(9000.0, "cambridge")
    await both["fast"].save(tracker(rasa_domain, "s1", old + new))
    for name, store in both.items():
        latest = await store.retrieve("s1")
        assert latest is not None, name
        assert dicts(latest.events) == dicts(new), name
        assert latest.get_slot(SLOT) == "cambridge"
    full = await both["fast"].retrieve_full_tracker("s1")  # Rasa's code path
    assert full is not None and len(full.events) == len(old) + len(new)


async def test_a_tracker_without_a_session_start_is_read_whole(
    rasa_domain: Domain, sqlite_store: SQLiteTrackerStore
) -> None:
    events = session(1000.0)[2:]  # no session_started event
    await sqlite_store.save(tracker(rasa_domain, "s1", events))
    read = await sqlite_store.retrieve("s1")
    assert read is not None and dicts(read.events) == dicts(events)


async def test_unknown_sender_is_none(sqlite_store: SQLiteTrackerStore) -> None:
    assert await sqlite_store.retrieve("nobody") is None


async def test_two_stores_on_one_file_do_not_duplicate(
    rasa_domain: Domain, tmp_path: Path
) -> None:
    """Like two processes (the bot and ``ops.conversations``) sharing the file."""
    db = tmp_path / "conversations.db"
    one = SQLiteTrackerStore(domain=rasa_domain, db=str(db))
    two = SQLiteTrackerStore(domain=rasa_domain, db=str(db))
    await one.save(tracker(rasa_domain, "s1", session(1000.0)))
    theirs = await two.retrieve("s1")
    assert theirs is not None
    theirs.update(UserUttered("hi", intent={"name": "greet", "confidence": 1.0}))
    await two.save(theirs)
    mine = await one.retrieve("s1")
    assert mine is not None and dicts(mine.events) == dicts(theirs.events)
    assert len(rows(db, "s1")) == len(theirs.events)


async def test_a_failed_save_writes_nothing_and_the_store_goes_on(
    rasa_domain: Domain, db: Path, sqlite_store: SQLiteTrackerStore
) -> None:
    store = sqlite_store
    good = tracker(rasa_domain, "s1", session(1000.0))
    bad = tracker(rasa_domain, "s1", session(1000.0))
    bad.update(BotUttered("not JSON", {"custom": object()}))
    with pytest.raises(TypeError):
        await store.save(bad)
    assert rows(db, "s1") == []
    await store.save(good)
    assert len(rows(db, "s1")) == len(good.events)


def test_the_file_is_in_write_ahead_log_mode(
    rasa_domain: Domain, tmp_path: Path
) -> None:
    db = tmp_path / "conversations.db"
    SQLiteTrackerStore(domain=rasa_domain, db=str(db))
    with sqlite3.connect(db) as connection:
        (mode,) = connection.execute("PRAGMA journal_mode").fetchone()
    assert mode == "wal"


def test_endpoints_yml_loads_this_store(
    rasa_domain: Domain, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rasa falls back to an in-memory store, with only a warning, when a custom
    tracker store's module path is wrong: check the real endpoints file."""
    db = tmp_path / "conversations.db"
    monkeypatch.setenv("CONVERSATIONS_DB", str(db))
    for name in ("ACTION_SERVER_HOST", "ACTION_SERVER_PORT"):
        monkeypatch.setenv(name, os.environ.get(name, "5055"))
    config = read_endpoint_config(str(ROOT / "endpoints.yml"), "tracker_store")
    store = create_tracker_store(config, rasa_domain)
    inner = getattr(store, "_tracker_store", store)
    assert isinstance(inner, SQLiteTrackerStore)
    assert Path(inner.path) == db
