"""Rasa's SQL tracker store on SQLite: plain SQL, and a turn's cost independent
of the conversation's length.

``make run`` keeps conversations in one SQLite file (``CONVERSATIONS_DB``).
Rasa's ``SQLTrackerStore`` reads and writes every turn through the SQLAlchemy
ORM: under load that was about a third of the Rasa process's CPU (``make bench``,
docs/benchmarks.md). ``SQLiteTrackerStore`` keeps Rasa's table, schema and
semantics, so Rasa's own store, ``ops.conversations``, the staff report and any
SQL tool still read the same file (one extra index, below), and replaces only
``retrieve`` and ``save`` with queries written for the ``sqlite3`` module.
Everything else (``retrieve_full_tracker``, ``keys``, ...) is Rasa's code.

The window. Rasa rebuilds the whole current session on every turn: reading,
decoding and replaying every event, then featurising it for the policies and
sending it to the action server, so a turn of a 400-turn conversation cost 3-4
times a turn of a new one (issue 23). ``retrieve`` returns at most the last
``WINDOW_TURNS`` turns of the session (from its ``WINDOW_TURNS``-th last
``action_listen``: the message being handled makes the last turn), preceded by the session's ``session_started`` event and a
compact record of what came before: one ``slot`` event per slot whose value
differs from its initial value, the loop that was active, and the department
slot's earlier values (latest ``MAX_EARLIER_DEPARTMENTS``, oldest first) for
``actions.actions.earlier_departments``. The record is the state Rasa's own
replay gives at the window's start (so reverts and resets count as in Rasa);
it is computed once and then moved forward turn by turn (a small cache per
process; a miss replays the session once). A session with fewer ``action_listen``
events is returned whole, exactly as Rasa does. Every event stays in the table:
the staff report, retention and deletion see them all. ``save`` appends the
events added since the retrieve (the tracker remembers how many it was given),
so nothing before the window is written twice.

The cap: one conversation keeps at most its newest ``MAX_EVENTS_PER_CONVERSATION``
events (about 800 turns; checked every ``CAP_CHECK_EVERY`` saves, so at most that
many turns more) plus the current session's state events (its start, slot,
loop and restart events), which the record is made of; older events are
deleted by ``save``. A user message's text is stored up to
``MAX_STORED_TEXT_CHARS`` characters. A hostile sender cannot grow the file
without bound except by state events, which only the actions write (a slot
event only when a value changes).

The file is put in write-ahead-log mode with ``synchronous=NORMAL``: readers do
not block the writer and a commit does not wait for a disk flush. A crash of the
bot loses nothing; a power cut can lose the last turns (SQLite's documented
trade-off for WAL with NORMAL).
"""

from __future__ import annotations

import itertools
import json
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    Restarted,
    SessionStarted,
    SlotSet,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

TABLE = SQLTrackerStore.SQLEvent.__tablename__
BUSY_TIMEOUT_S = 10.0
# The user turns a retrieved tracker holds (the rest is the compact record).
# Rules and follow-ups look a few turns back; the hand-off counts misses in a row.
WINDOW_TURNS = 10
# How many of the department slot's earlier values the record keeps (as many as
# actions.actions.MAX_EARLIER reads).
MAX_EARLIER_DEPARTMENTS = 10
DEPARTMENT_SLOT = "department"
# The cap on one conversation's stored events (see the module docstring), and
# how often (saves per sender in this process) it is checked.
MAX_EVENTS_PER_CONVERSATION = 10_000
# A user message's text is stored up to this many characters (the staff report
# reads 2,000, the NLU model 800): with the events cap, what one conversation
# stores is bounded in bytes too.
MAX_STORED_TEXT_CHARS = 2_000
CAP_CHECK_EVERY = 50
# Senders whose record this process keeps (least recently used go first).
CACHED_SENDERS = 2_000
# The attribute a retrieved tracker carries: how many of its events are stored.
STORED = "_statement_bot_stored_events"
# Lets the windowed read use the index: latest session start, the window's
# action_listen rows, a slot's rows (one more index on Rasa's table).
INDEX = (
    f"CREATE INDEX IF NOT EXISTS {TABLE}_sender_type_name "
    f"ON {TABLE} (sender_id, type_name, action_name)"
)

# Rasa's query (SQLTrackerStore._event_query): the sender's events since the
# latest session start, or all of them when no session has started, by id.
_SESSION = f"""
    WITH start AS (
        SELECT MAX(timestamp) AS t FROM {TABLE}
        WHERE sender_id = :sender AND type_name = '{SessionStarted.type_name}'
    )
    SELECT {{columns}} FROM {TABLE}, start
    WHERE sender_id = :sender AND (start.t IS NULL OR timestamp >= start.t)
"""
SELECT_SESSION = _SESSION.format(columns="data") + " ORDER BY id"
COUNT_SESSION = _SESSION.format(columns="COUNT(*)")
# The latest session start: its timestamp (Rasa's bound) and row.
LATEST_START = (
    f"SELECT id, timestamp, data FROM {TABLE} "
    f"WHERE sender_id = :sender AND type_name = '{SessionStarted.type_name}' "
    "ORDER BY timestamp DESC, id DESC LIMIT 1"
)
# The action_listen that opens the window (None: the session is short).
WINDOW_START = (
    f"SELECT id FROM {TABLE} WHERE sender_id = :sender AND type_name = "
    f"'{ActionExecuted.type_name}' AND action_name = '{ACTION_LISTEN_NAME}' "
    "AND timestamp >= :since ORDER BY id DESC LIMIT 1 OFFSET :offset"
)
# Rows from ``:first`` (inclusive) to ``:last`` (exclusive), in the session.
ROWS_BETWEEN = (
    f"SELECT id, data FROM {TABLE} WHERE sender_id = :sender AND id >= :first "
    "AND id < :last AND timestamp >= :since ORDER BY id"
)
ROWS_FROM = (
    f"SELECT data FROM {TABLE} WHERE sender_id = :sender AND id >= :first "
    "ORDER BY id"
)
# The id of the sender's row ``:offset`` from the newest (the cap).
NTH_NEWEST = (
    f"SELECT id FROM {TABLE} WHERE sender_id = :sender "
    "ORDER BY id DESC LIMIT 1 OFFSET :offset"
)
# The rows that make the current session's state are kept (its start, slots,
# loops, restarts), so the record of a capped conversation is still whole.
STATE_TYPES = ("session_started", "slot", "active_loop", "restart", "reset_slots")
DELETE_OLDER = (
    f"DELETE FROM {TABLE} WHERE sender_id = :sender AND id < :id AND NOT "
    f"(timestamp >= :since AND type_name IN {STATE_TYPES!r})"
)
INSERT = (
    f"INSERT INTO {TABLE} "
    "(sender_id, type_name, timestamp, intent_name, action_name, data) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)


@dataclass(frozen=True)
class Record:
    """What a tracker needs of the events before its window: the state Rasa's
    replay gives there, as events (``record_events``)."""

    session_id: int  # the session_started row it belongs to (-1: none)
    start_id: int  # the row where the window it precedes starts
    slots: tuple[tuple[str, Any], ...]  # slots that differ from their initial value
    active_loop: str | None
    departments: tuple[str, ...]  # the department slot's earlier values, oldest first


class WindowedReads:
    """The windowed retrieve, on any DB-API-like ``query`` (SQLite, PostgreSQL)."""

    domain: Domain | None

    def _init_window(self) -> None:
        self._records: OrderedDict[str, Record] = OrderedDict()
        self._saves: dict[str, int] = {}

    def query(self, sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def read_window(self, sender_id: str) -> DialogueStateTracker | None:
        """The tracker of the sender's latest session: whole when it has at most
        ``WINDOW_TURNS`` turns, else its last ones after the compact record."""
        if self.domain is None:
            return None
        found = self.query(LATEST_START, {"sender": sender_id})
        session_id, since, head = found[0] if found else (-1, float("-inf"), None)
        params = {"sender": sender_id, "since": since, "offset": WINDOW_TURNS - 1}
        window = self.query(WINDOW_START, params)
        if not window:  # a short session: exactly Rasa's read
            rows = self.query(SELECT_SESSION, {"sender": sender_id})
            if not rows:
                return None
            tracker = self._tracker(sender_id, [json.loads(d) for (d,) in rows])
            setattr(tracker, STORED, len(tracker.events))
            return tracker
        (start_id,) = window[0]
        record = self._record(sender_id, session_id, since, start_id)
        rows = self.query(ROWS_FROM, {"sender": sender_id, "first": start_id})
        events = [json.loads(head)] if head else []
        events += record_events(record, since)
        stored = len(events) + len(rows)
        events += [json.loads(d) for (d,) in rows]
        tracker = self._tracker(sender_id, events)
        setattr(tracker, STORED, stored)
        return tracker

    def _tracker(
        self, sender_id: str, events: list[dict[str, Any]]
    ) -> DialogueStateTracker:
        assert self.domain is not None
        return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)

    def cap_due(self, sender: str, written: int) -> bool:
        """True every ``CAP_CHECK_EVERY`` saves that wrote events, per sender."""
        if not written:
            return False
        saves = self._saves.pop(sender, 0) + 1
        self._saves[sender] = saves
        while len(self._saves) > CACHED_SENDERS:
            del self._saves[next(iter(self._saves))]
        return saves % CAP_CHECK_EVERY == 0

    def _record(
        self, sender_id: str, session_id: int, since: float, start_id: int
    ) -> Record:
        """The record before ``start_id``: the cached one moved forward over the
        rows in between, or (not cached, another session) the session replayed."""
        cached = self._records.pop(sender_id, None)
        if (
            cached is None
            or cached.session_id != session_id
            or cached.start_id > start_id
        ):
            cached = None
        first = cached.start_id if cached else -1
        if cached is None or cached.start_id < start_id:
            rows = self.query(
                ROWS_BETWEEN,
                {"sender": sender_id, "first": first, "last": start_id, "since": since},
            )
            events = [json.loads(data) for (_, data) in rows]
            cached = self._advance(cached, session_id, start_id, since, events)
        self._records[sender_id] = cached
        while len(self._records) > CACHED_SENDERS:
            self._records.popitem(last=False)
        return cached

    def _advance(
        self,
        record: Record | None,
        session_id: int,
        start_id: int,
        since: float,
        events: list[dict[str, Any]],
    ) -> Record:
        """The record after ``events`` (Rasa's replay decides the state)."""
        before = record_events(record, since) if record else []
        tracker = self._tracker("record", before + events)
        slots = tuple(
            (name, slot.value)
            for name, slot in tracker.slots.items()
            if slot.value != slot.initial_value
        )
        departments = list(record.departments if record else ())
        for event in events:
            if event.get("event") == Restarted.type_name:
                departments = []
            elif (
                event.get("event") == SlotSet.type_name
                and event.get("name") == DEPARTMENT_SLOT
                and isinstance(event.get("value"), str)
            ):
                value = event["value"]
                departments = [d for d in departments if d != value] + [value]
        return Record(
            session_id=session_id,
            start_id=start_id,
            slots=slots,
            active_loop=tracker.active_loop_name,
            departments=tuple(departments[-MAX_EARLIER_DEPARTMENTS:]),
        )


def cap(execute: Any, sender: str) -> None:
    """Delete the sender's oldest events beyond ``MAX_EVENTS_PER_CONVERSATION``,
    keeping the current session's state events (``execute(sql, params)``)."""
    params = {"sender": sender, "offset": MAX_EVENTS_PER_CONVERSATION - 1}
    oldest = execute(NTH_NEWEST, params)
    if not oldest:
        return
    found = execute(LATEST_START, {"sender": sender})
    since = found[0][1] if found else float("-inf")
    execute(DELETE_OLDER, {"sender": sender, "id": oldest[0][0], "since": since})


def record_events(record: Record, timestamp: float) -> list[dict[str, Any]]:
    """The record as events: the department's earlier values, the slots, the
    active loop (stamped with the session start, never stored)."""
    stamp = timestamp if timestamp != float("-inf") else None
    events = [
        SlotSet(DEPARTMENT_SLOT, value, timestamp=stamp).as_dict()
        for value in record.departments
    ]
    events += [
        SlotSet(name, value, timestamp=stamp).as_dict() for name, value in record.slots
    ]
    if record.active_loop:
        events.append(ActiveLoop(record.active_loop, timestamp=stamp).as_dict())
    return events


class SQLiteTrackerStore(WindowedReads, SQLTrackerStore):
    """``SQLTrackerStore`` for one SQLite file: fast, windowed ``retrieve`` and
    ``save``, and a cap on a conversation's events."""

    def __init__(
        self,
        domain: Domain | None = None,
        db: str = "rasa.db",
        event_broker: Any = None,
        **kwargs: Any,
    ) -> None:
        kwargs.pop("dialect", None)
        # Rasa creates the table and its index (the same schema as ever).
        super().__init__(
            domain=domain, dialect="sqlite", db=db, event_broker=event_broker, **kwargs
        )
        self._init_window()
        self.path = db
        self._lock = threading.Lock()
        self._connection = sqlite3.connect(
            db,
            timeout=BUSY_TIMEOUT_S,
            isolation_level=None,  # transactions are begun explicitly below
            check_same_thread=False,
        )
        self._connection.execute("PRAGMA journal_mode=WAL")
        self._connection.execute("PRAGMA synchronous=NORMAL")
        self._connection.execute(INDEX)

    def query(self, sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._connection.execute(sql, params).fetchall()

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The tracker of the sender's latest conversation session (its last
        ``WINDOW_TURNS`` turns after the record of the rest), or None."""
        return self.read_window(sender_id)

    async def retrieve_full_tracker(
        self, conversation_id: str
    ) -> DialogueStateTracker | None:
        """Rasa's read of every session; ``save`` then appends only what is new."""
        tracker = await super().retrieve_full_tracker(conversation_id)
        if tracker is not None:
            setattr(tracker, STORED, len(tracker.events))
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Append the tracker's events that are not stored yet, in one transaction."""
        await self.stream_events(tracker)
        sender = tracker.sender_id
        with self._lock:
            connection = self._connection
            # IMMEDIATE takes the write lock first, so the count and the insert
            # see the same table even if another process writes too.
            connection.execute("BEGIN IMMEDIATE")
            try:
                stored = getattr(tracker, STORED, None)
                if stored is None:  # a tracker this store did not read
                    (stored,) = connection.execute(
                        COUNT_SESSION, {"sender": sender}
                    ).fetchone()
                rows = [
                    row(sender, event.type_name, event.as_dict())
                    for event in itertools.islice(tracker.events, stored, None)
                ]
                connection.executemany(INSERT, rows)
                self._cap(sender, len(rows))
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
        setattr(tracker, STORED, len(tracker.events))

    def _cap(self, sender: str, written: int) -> None:
        if self.cap_due(sender, written):
            cap(lambda sql, p: self._connection.execute(sql, p).fetchall(), sender)


class WindowedSQLTrackerStore(WindowedReads, SQLTrackerStore):
    """Rasa's ``SQLTrackerStore`` (any SQLAlchemy database, PostgreSQL in the
    scale-out profile) with the same windowed ``retrieve`` and appending
    ``save`` as ``SQLiteTrackerStore``, in the same SQL."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._init_window()
        with self.engine.begin() as connection:
            connection.execute(sa.text(INDEX))

    def query(self, sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        with self.engine.connect() as connection:
            return [tuple(r) for r in connection.execute(sa.text(sql), params)]

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The sender's latest session, windowed (see ``SQLiteTrackerStore``)."""
        return self.read_window(sender_id)

    async def retrieve_full_tracker(
        self, conversation_id: str
    ) -> DialogueStateTracker | None:
        """Rasa's read of every session; ``save`` then appends only what is new."""
        tracker = await super().retrieve_full_tracker(conversation_id)
        if tracker is not None:
            setattr(tracker, STORED, len(tracker.events))
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Append the tracker's events that are not stored yet, in one transaction."""
        await self.stream_events(tracker)
        sender = tracker.sender_id
        columns = ("sender_id", "type_name", "timestamp", "intent_name")
        columns += ("action_name", "data")
        with self.engine.begin() as connection:
            stored = getattr(tracker, STORED, None)
            if stored is None:  # a tracker this store did not read
                stored = connection.execute(
                    sa.text(COUNT_SESSION), {"sender": sender}
                ).scalar_one()
            rows = [
                dict(
                    zip(
                        columns,
                        row(sender, event.type_name, event.as_dict()),
                        strict=True,
                    )
                )
                for event in itertools.islice(tracker.events, stored, None)
            ]
            if rows:
                connection.execute(self.SQLEvent.__table__.insert(), rows)
            if self.cap_due(sender, len(rows)):
                cap(lambda sql, p: rows_of(connection.execute(sa.text(sql), p)), sender)
        setattr(tracker, STORED, len(tracker.events))


def rows_of(result: Any) -> list[Any]:
    """A SQLAlchemy result's rows (none for a statement that returns none)."""
    return result.all() if result.returns_rows else []


def stored_text(data: dict[str, Any]) -> dict[str, Any]:
    """A user event as stored: its text (and the parse data's copy of it) cut
    to ``MAX_STORED_TEXT_CHARS``. The model reads 800 characters and the staff
    report 2,000, so nothing anyone reads is lost, and one message cannot store
    megabytes."""
    if data.get("event") != "user":
        return data
    cut = dict(data)
    if isinstance(cut.get("text"), str):
        cut["text"] = cut["text"][:MAX_STORED_TEXT_CHARS]
    parse = cut.get("parse_data")
    if isinstance(parse, dict) and isinstance(parse.get("text"), str):
        cut["parse_data"] = {**parse, "text": parse["text"][:MAX_STORED_TEXT_CHARS]}
    return cut


def row(sender_id: str, type_name: str, data: dict[str, Any]) -> tuple[Any, ...]:
    """One ``events`` row, with the columns Rasa's ``SQLTrackerStore.save`` fills
    (a user event's text cut as ``stored_text`` says)."""
    data = stored_text(data)
    intent = ((data.get("parse_data") or {}).get("intent") or {}).get(INTENT_NAME_KEY)
    return (
        sender_id,
        type_name,
        data.get("timestamp"),
        intent,
        data.get("name"),
        json.dumps(data),
    )


def window_of(events: Iterable[dict[str, Any]]) -> int:
    """How many user turns ``events`` hold (for tests and the bench)."""
    return sum(1 for event in events if event.get("event") == "user")
