"""Rasa's SQL tracker store on SQLite, with the two hot calls done in plain SQL.

``make run`` keeps conversations in one SQLite file (``CONVERSATIONS_DB``).
Rasa's ``SQLTrackerStore`` reads and writes every turn through the SQLAlchemy
ORM: under load that was about a third of the Rasa process's CPU (``make bench``,
docs/benchmarks.md). ``SQLiteTrackerStore`` keeps Rasa's table, schema and
semantics, so Rasa's own store, ``ops.conversations`` and any SQL tool still read
the same file, and replaces only ``retrieve`` (the current session's events) and
``save`` (append the events not yet stored) with the same queries written for the
``sqlite3`` module. Everything else (``retrieve_full_tracker``, ``keys``, ...)
is Rasa's code.

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
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

TABLE = SQLTrackerStore.SQLEvent.__tablename__
BUSY_TIMEOUT_S = 10.0

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
INSERT = (
    f"INSERT INTO {TABLE} "
    "(sender_id, type_name, timestamp, intent_name, action_name, data) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)


class SQLiteTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` for one SQLite file, with fast ``retrieve`` and ``save``."""

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

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The tracker of the sender's latest conversation session, or None."""
        with self._lock:
            rows = self._connection.execute(
                SELECT_SESSION, {"sender": sender_id}
            ).fetchall()
        if not rows or self.domain is None:
            return None
        events = [json.loads(data) for (data,) in rows]
        return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Append the tracker's events that are not stored yet, in one transaction."""
        await self.stream_events(tracker)
        with self._lock:
            connection = self._connection
            # IMMEDIATE takes the write lock first, so the count and the insert
            # see the same table even if another process writes too.
            connection.execute("BEGIN IMMEDIATE")
            try:
                (stored,) = connection.execute(
                    COUNT_SESSION, {"sender": tracker.sender_id}
                ).fetchone()
                rows = [
                    row(tracker.sender_id, event.type_name, event.as_dict())
                    for event in itertools.islice(tracker.events, stored, None)
                ]
                connection.executemany(INSERT, rows)
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")


def row(sender_id: str, type_name: str, data: dict[str, Any]) -> tuple[Any, ...]:
    """One ``events`` row, with the columns Rasa's ``SQLTrackerStore.save`` fills."""
    intent = ((data.get("parse_data") or {}).get("intent") or {}).get(INTENT_NAME_KEY)
    return (
        sender_id,
        type_name,
        data.get("timestamp"),
        intent,
        data.get("name"),
        json.dumps(data),
    )
