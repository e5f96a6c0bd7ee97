"""Retention and deletion of conversations (ops/conversations.py).

The events are written into a SQLite file by Rasa's own ``SQLTrackerStore`` and
by the default profile's ``SQLiteTrackerStore`` (the same table), so the tool is
tested against the table Rasa really creates.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    Event,
    SessionStarted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from ops import conversations as ops
from rasa_plugins.tracker_store import SQLiteTrackerStore
from statement_bot.settings import from_environment
from tests.paths import ROOT

NOW = 1_700_000_000.0
DAY = 86400.0
MINUTE = 60.0


def turn(at: float, text: str = "What is Alhambra's mission?") -> list[Event]:
    """One user message and the bot's answer, at time ``at``."""
    return [
        UserUttered(text, {"name": "ask_mission", "confidence": 1.0}, timestamp=at),
        ActionExecuted("action_answer_section", timestamp=at + 0.1),
        BotUttered("Our mission is...", timestamp=at + 0.2),
        ActionExecuted("action_listen", timestamp=at + 0.3),
    ]


def session(at: float, *turn_times: float) -> list[Event]:
    """A conversation session started at ``at`` with turns at ``turn_times``."""
    events: list[Event] = [
        ActionExecuted("action_session_start", timestamp=at),
        SessionStarted(timestamp=at),
        ActionExecuted("action_listen", timestamp=at),
    ]
    for moment in turn_times:
        events += turn(moment)
    return events


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "conversations.db"


@pytest.fixture(params=["rasa", "sqlite"])
def rasa_store(request: pytest.FixtureRequest, db: Path) -> SQLTrackerStore:
    """Rasa's SQL tracker store, or the default profile's, on a fresh SQLite file."""
    if request.param == "rasa":
        return SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(db))
    return SQLiteTrackerStore(Domain.empty(), db=str(db))


@pytest.fixture
def save(rasa_store: SQLTrackerStore):
    """Save a sender's events through Rasa's tracker store."""

    async def write(sender: str, events: list[Event]) -> None:
        await rasa_store.save(DialogueStateTracker.from_events(sender, events))

    return write


@pytest.fixture
def engine(db: Path, rasa_store: SQLTrackerStore) -> sa.engine.Engine:
    return ops.connect(f"sqlite:///{db}")


def event_times(db: Path) -> dict[str, list[float]]:
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT sender_id, timestamp FROM events ORDER BY id"
        ).fetchall()
    result: dict[str, list[float]] = {}
    for sender, stamp in rows:
        result.setdefault(sender, []).append(stamp)
    return result


async def test_rasa_writes_what_the_tool_reads(save, engine, db: Path) -> None:
    await save("ann", session(NOW - DAY, NOW - DAY + 5))
    await save("bob", session(NOW - 2 * DAY, NOW - 2 * DAY + 5, NOW - 2 * DAY + 50))
    listed = {c.sender_id: c for c in ops.conversations(engine)}
    assert set(listed) == {"ann", "bob"}
    assert listed["ann"].events == 7 and listed["bob"].events == 11
    assert listed["bob"].last_event == pytest.approx(NOW - 2 * DAY + 50.3)
    # oldest activity first
    assert [c.sender_id for c in ops.conversations(engine)] == ["bob", "ann"]


@pytest.mark.parametrize(
    ("days", "kept"),
    [
        (30, {"recent": 7, "returning": 7}),  # the 40-day-old session goes
        (50, {"recent": 7, "returning": 14, "old": 7}),
        (1, {"recent": 7}),
    ],
)
async def test_prune_deletes_events_older_than_the_retention(
    save, engine, db: Path, days: float, kept: dict[str, int]
) -> None:
    await save("recent", session(NOW - 3600, NOW - 3000))
    await save("old", session(NOW - 45 * DAY, NOW - 45 * DAY + 10))
    await save(
        "returning",
        session(NOW - 40 * DAY, NOW - 40 * DAY + 10)
        + session(NOW - 2 * DAY, NOW - 2 * DAY + 10),
    )
    before = sum(len(v) for v in event_times(db).values())
    deleted = ops.prune(engine, days, 60, now=NOW)
    remaining = {sender: len(times) for sender, times in event_times(db).items()}
    assert remaining == kept
    assert deleted == before - sum(kept.values())
    cutoff = NOW - days * DAY
    assert all(t >= cutoff for times in event_times(db).values() for t in times)


@pytest.mark.parametrize(
    ("idle_minutes", "deleted"), [(59, False), (61, True), (24 * 60, True)]
)
async def test_retention_zero_deletes_conversations_idle_past_the_session(
    save, engine, db: Path, idle_minutes: int, deleted: bool
) -> None:
    last = NOW - idle_minutes * MINUTE
    # an earlier turn that is itself older than the session expiry
    await save("idle", session(last - 2 * 3600, last - 2 * 3600, last - 0.3))
    await save("active", session(NOW - 600, NOW - 60))
    ops.prune(engine, 0, 60, now=NOW)
    remaining = event_times(db)
    assert ("idle" not in remaining) is deleted
    if not deleted:  # a conversation is kept whole, never cut in its middle
        assert len(remaining["idle"]) == 11
    assert len(remaining["active"]) == 7


async def test_retention_zero_follows_the_session_expiry(save, engine) -> None:
    await save("idle", session(NOW - 20 * MINUTE, NOW - 20 * MINUTE))
    assert ops.prune(engine, 0, 30, now=NOW) == 0
    assert ops.prune(engine, 0, 10, now=NOW) == 7


async def test_delete_one_sender(save, engine, rasa_store: SQLTrackerStore) -> None:
    await save("ann", session(NOW, NOW + 1))
    await save("bob", session(NOW, NOW + 2))
    assert ops.delete_sender(engine, "ann") == 7
    assert await rasa_store.retrieve("ann") is None
    kept = await rasa_store.retrieve("bob")
    assert kept is not None and kept.latest_message.text.startswith("What is")
    assert ops.delete_sender(engine, "ann") == 0


def test_no_table_yet(tmp_path: Path) -> None:
    """Before Rasa's first start the file has no events table: nothing to do."""
    engine = ops.connect(f"sqlite:///{tmp_path / 'new' / 'conversations.db'}")
    assert ops.prune(engine, 0, 60) == 0
    assert ops.delete_sender(engine, "ann") == 0
    assert ops.conversations(engine) == []
    assert (tmp_path / "new").is_dir()


def test_negative_retention_is_refused(engine) -> None:
    with pytest.raises(ValueError):
        ops.prune(engine, -1, 60)


@pytest.mark.parametrize(
    ("value", "expected"), [("", 30.0), ("0", 0.0), ("7", 7.0), ("0.5", 0.5)]
)
def test_retention_from_env(value: str, expected: float) -> None:
    settings = from_environment({"CONVERSATION_RETENTION_DAYS": value})
    assert settings.core.retention_days == expected


@pytest.mark.parametrize("value", ["-1", "thirty"])
def test_bad_retention_from_env(value: str) -> None:
    with pytest.raises(ValueError, match="CONVERSATION_RETENTION_DAYS"):
        from_environment({"CONVERSATION_RETENTION_DAYS": value})


def test_session_expiry_comes_from_the_domain() -> None:
    import yaml

    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    expected = domain["session_config"]["session_expiration_time"]
    assert ops.session_minutes(ROOT / "domain.yml") == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("/tmp/x/conv.db", "/tmp/x/conv.db"), ("var/c.db", str(ROOT / "var/c.db"))],
)
def test_database_url_of_the_default_profile(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: str
) -> None:
    monkeypatch.setenv("CONVERSATIONS_DB", value)
    monkeypatch.setenv("ACTION_SERVER_HOST", "127.0.0.1")
    monkeypatch.setenv("ACTION_SERVER_PORT", "5055")
    url = sa.engine.make_url(ops.database_url(ROOT / "endpoints.yml"))
    assert url.get_backend_name() == "sqlite"
    assert url.database == expected


def test_database_url_of_the_cluster_profile(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in {
        "ACTION_SERVER_HOST": "127.0.0.1",
        "ACTION_SERVER_PORT": "5055",
        "POSTGRES_HOST": "db.internal",
        "POSTGRES_PORT": "6543",
        "POSTGRES_DB": "bot",
        "POSTGRES_USER": "botuser",
        "POSTGRES_PASSWORD": "s3cret",
        "REDIS_HOST": "127.0.0.1",
        "REDIS_PORT": "6379",
        "REDIS_DB": "1",
        "REDIS_PASSWORD": "",
    }.items():
        monkeypatch.setenv(key, value)
    url = sa.engine.make_url(
        ops.database_url(ROOT / "cluster" / "endpoints.cluster.yml")
    )
    assert (url.get_backend_name(), url.host, url.port) == (
        "postgresql",
        "db.internal",
        6543,
    )
    assert (url.database, url.username, url.password) == ("bot", "botuser", "s3cret")


def test_database_url_needs_an_sql_tracker_store(tmp_path: Path) -> None:
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text("action_endpoint:\n  url: http://localhost:5055/webhook\n")
    with pytest.raises(ops.ConfigError, match="SQL"):
        ops.database_url(endpoints)


async def test_command_line(
    save, db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CONVERSATIONS_DB", str(db))
    await save("ann", session(NOW, NOW + 1))
    await save("bob", session(NOW, NOW + 1))
    assert ops.main(["list"]) == 0
    listed = capsys.readouterr().out
    assert "ann\t7 events" in listed and "bob\t7 events" in listed
    assert ops.main(["delete", "ann"]) == 0
    assert "deleted 7 events of sender 'ann'" in capsys.readouterr().out
    assert set(event_times(db)) == {"bob"}
    # NOW is long past: a 30-day retention deletes the rest
    assert ops.main(["prune", "--days", "30"]) == 0
    assert event_times(db) == {}


def test_command_line_reports_a_bad_endpoints_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text("tracker_store:\n  type: SQL\n  db: ${NO_SUCH_VARIABLE_X}\n")
    assert ops.main(["--endpoints", str(endpoints), "list"]) == 1
    assert "NO_SUCH_VARIABLE_X" in capsys.readouterr().err
