"""Keep, prune and delete the conversations in Rasa's SQL tracker store.

Rasa's ``SQLTrackerStore`` keeps one row per event in the table ``events``
(``sender_id``, ``timestamp`` in Unix seconds, ...). This tool works on the same
database Rasa uses, found from the same endpoints file (``${VAR}`` placeholders
expanded by Rasa's own reader), on SQLite and on PostgreSQL alike::

    python -m ops.conversations prune                 # apply CONVERSATION_RETENTION_DAYS
    python -m ops.conversations prune --every 15      # ... and again every 15 minutes
    python -m ops.conversations delete SENDER_ID ...  # forget one sender's conversation
    python -m ops.conversations list                  # senders, event counts, last activity

Retention (``CONVERSATION_RETENTION_DAYS``):

- ``N > 0``: every event older than N days is deleted (whole conversations go once
  their last message is N days old; older sessions of a returning sender go too).
- ``0``: nothing is kept after the session: every conversation whose last event is
  older than the session expiry (``session_expiration_time`` in ``domain.yml``) is
  deleted whole.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from statement_bot.settings import PROJECT_ROOT, Settings, load_settings

DEFAULT_ENDPOINTS = PROJECT_ROOT / "endpoints.yml"
DEFAULT_DOMAIN = PROJECT_ROOT / "domain.yml"
DAY = 86400.0

log = logging.getLogger("ops.conversations")


class ConfigError(Exception):
    """The endpoints file does not describe an SQL tracker store."""


@dataclass(frozen=True)
class Conversation:
    """One sender's stored conversation."""

    sender_id: str
    events: int
    last_event: float


def _events_table() -> sa.Table:
    """The columns of Rasa's ``events`` table this tool reads or filters on."""
    return sa.Table(
        "events",
        sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sender_id", sa.String(255)),
        sa.Column("timestamp", sa.Float),
    )


EVENTS = _events_table()
# The default profile's store (rasa_plugins/tracker_store.py): Rasa's table, on SQLite.
SQLITE_STORE = "rasa_plugins.tracker_store.SQLiteTrackerStore"


def database_url(endpoints: Path = DEFAULT_ENDPOINTS) -> sa.engine.URL | str:
    """The tracker store's database URL, built exactly as Rasa builds it."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.utils.io import read_yaml_file

    config = (read_yaml_file(endpoints) or {}).get("tracker_store") or {}
    kind = str(config.get("type", ""))
    if kind.lower() != "sql" and kind != SQLITE_STORE:
        raise ConfigError(
            f"{endpoints}: tracker_store must be of type SQL or {SQLITE_STORE} "
            f"for this tool (found {config.get('type')!r})"
        )
    dialect = "sqlite" if kind == SQLITE_STORE else config.get("dialect", "sqlite")
    db = str(config.get("db", "rasa.db"))
    if dialect == "sqlite" and db and not Path(db).is_absolute():
        db = str(PROJECT_ROOT / db)  # the servers run from the project folder
    with warnings.catch_warnings():  # Rasa calls URL() the SQLAlchemy 1.3 way
        warnings.simplefilter("ignore", sa.exc.SADeprecationWarning)
        return SQLTrackerStore.get_db_url(
            dialect=dialect,
            host=config.get("url"),
            port=config.get("port"),
            db=db,
            username=config.get("username"),
            password=config.get("password"),
            query=config.get("query"),
        )


def session_minutes(domain: Path = DEFAULT_DOMAIN) -> float:
    """The session expiry of ``domain.yml`` in minutes (Rasa's default: 60)."""
    from rasa.shared.utils.io import read_yaml_file

    session = (read_yaml_file(domain) or {}).get("session_config") or {}
    return float(session.get("session_expiration_time", 60))


def connect(url: sa.engine.URL | str) -> sa.engine.Engine:
    """An engine for ``url``; creates a SQLite file's folder if needed."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    return sa.create_engine(url)


def _has_events(engine: sa.engine.Engine) -> bool:
    return sa.inspect(engine).has_table("events")


def conversations(engine: sa.engine.Engine) -> list[Conversation]:
    """Every stored sender with its number of events and last activity."""
    if not _has_events(engine):
        return []
    query = (
        sa.select(
            EVENTS.c.sender_id,
            sa.func.count(EVENTS.c.id),
            sa.func.max(EVENTS.c.timestamp),
        )
        .group_by(EVENTS.c.sender_id)
        .order_by(sa.func.max(EVENTS.c.timestamp))
    )
    with engine.connect() as connection:
        return [
            Conversation(sender, count, last or 0.0)
            for sender, count, last in connection.execute(query)
        ]


def delete_sender(engine: sa.engine.Engine, sender_id: str) -> int:
    """Delete every event of ``sender_id``; return how many were deleted."""
    if not _has_events(engine):
        return 0
    with engine.begin() as connection:
        result = connection.execute(
            sa.delete(EVENTS).where(EVENTS.c.sender_id == sender_id)
        )
    return result.rowcount


def prune(
    engine: sa.engine.Engine,
    retention_days: float,
    session_expiry_minutes: float,
    now: float | None = None,
) -> int:
    """Apply the retention limit; return the number of events deleted.

    ``retention_days > 0`` deletes every event older than that many days;
    ``retention_days == 0`` deletes the whole conversation of every sender whose
    last event is older than the session expiry.
    """
    if retention_days < 0:
        raise ValueError("the retention must be 0 or more days")
    if not _has_events(engine):
        return 0
    now = time.time() if now is None else now
    if retention_days > 0:
        condition = EVENTS.c.timestamp < now - retention_days * DAY
    else:
        cutoff = now - session_expiry_minutes * 60
        idle = (
            sa.select(EVENTS.c.sender_id)
            .group_by(EVENTS.c.sender_id)
            .having(sa.func.max(EVENTS.c.timestamp) < cutoff)
        )
        condition = EVENTS.c.sender_id.in_(idle.scalar_subquery())
    with engine.begin() as connection:
        result = connection.execute(sa.delete(EVENTS).where(condition))
    return result.rowcount


def command_settings() -> Settings:
    """The settings, for a command line tool: logging at ``LOG_LEVEL``, and the
    variables the endpoints file's ``${VAR}`` placeholders read, in the
    environment (Rasa's reader takes them from there)."""
    settings = load_settings()
    logging.basicConfig(
        level=settings.core.log_level, format="%(levelname)s %(name)s: %(message)s"
    )
    for name, value in settings.environment().items():
        os.environ.setdefault(name, value)
    return settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m ops.conversations",
        description="Prune or delete conversations in the SQL tracker store.",
    )
    parser.add_argument(
        "--endpoints",
        type=Path,
        default=DEFAULT_ENDPOINTS,
        help="the endpoints file Rasa runs with (default: endpoints.yml)",
    )
    parser.add_argument("--domain", type=Path, default=DEFAULT_DOMAIN)
    commands = parser.add_subparsers(dest="command", required=True)
    prune_cmd = commands.add_parser("prune", help="apply the retention limit")
    prune_cmd.add_argument(
        "--days",
        type=float,
        default=None,
        help="retention in days (default: CONVERSATION_RETENTION_DAYS)",
    )
    prune_cmd.add_argument(
        "--every",
        type=float,
        default=0,
        metavar="MINUTES",
        help="keep running and prune again every MINUTES",
    )
    delete_cmd = commands.add_parser("delete", help="delete senders' conversations")
    delete_cmd.add_argument("sender_ids", nargs="+", metavar="SENDER_ID")
    commands.add_parser("list", help="list stored senders")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point."""
    args = _parser().parse_args(argv)
    from rasa.shared.exceptions import RasaException

    try:
        settings = command_settings()
        engine = connect(database_url(args.endpoints))
        if args.command == "delete":
            for sender in args.sender_ids:
                count = delete_sender(engine, sender)
                print(f"deleted {count} events of sender {sender!r}")
        elif args.command == "list":
            for item in conversations(engine):
                stamp = time.strftime(
                    "%Y-%m-%d %H:%M:%S", time.localtime(item.last_event)
                )
                print(f"{item.sender_id}\t{item.events} events\tlast {stamp}")
        else:
            days = settings.core.retention_days if args.days is None else args.days
            minutes = session_minutes(args.domain)
            while True:
                count = prune(engine, days, minutes)
                log.info("pruned %d events (retention %g days)", count, days)
                if args.every <= 0:
                    break
                time.sleep(args.every * 60)
    except (ConfigError, RasaException, ValueError, sa.exc.SQLAlchemyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover - the command line
    sys.exit(main())
