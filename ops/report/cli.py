"""The staff report's command: ``make report`` (``python -m ops.report``).

Reads the conversations Rasa stored (the tracker store of ``endpoints.yml``:
SQLite by default, PostgreSQL in the scale-out profile with ``--endpoints
cluster/endpoints.yml``), within the retention limit, and writes one
self-contained HTML page plus a short summary on the terminal::

    python -m ops.report                              # results/report.html
    python -m ops.report --since 2026-11-01 --until 2026-12-01 --department cambridge
    python -m ops.report --export-nlu results/missed_nlu.yml   # a draft to review
    python -m ops.report --show-text                  # unmasked text (logged)

What it shows and hides: see the package ``ops.report`` and docs/operations.md.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path

import sqlalchemy as sa

from ops.conversations import (
    DAY,
    DEFAULT_ENDPOINTS,
    ConfigError,
    command_settings,
    connect,
    database_url,
)
from ops.report import groups as grouping
from ops.report.html import render_html
from ops.report.records import turns
from ops.report.stats import summarise
from statement_bot.settings import PROJECT_ROOT
from statement_bot.store import StoreError, load_store
from statement_bot.understand.search import StatementIndex

log = logging.getLogger("ops.report")
DEFAULT_OUT = PROJECT_ROOT / "results" / "report.html"

EVENTS = sa.Table(
    "events",
    sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255)),
    sa.Column("type_name", sa.String(255)),
    sa.Column("timestamp", sa.Float),
    sa.Column("data", sa.Text),
)
TYPES = ("user", "bot", "slot", "restart")


def _date(text: str) -> float:
    try:
        parsed = datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=timezone.utc)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date (YYYY-MM-DD)"
        ) from exc
    return parsed.timestamp()


def read_events(
    engine: sa.engine.Engine, since: float, until: float
) -> list[tuple[str, dict]]:
    """(sender_id, event) of the stored user, bot, slot and restart events."""
    if not sa.inspect(engine).has_table("events"):
        return []
    query = (
        sa.select(EVENTS.c.sender_id, EVENTS.c.data)
        .where(EVENTS.c.type_name.in_(TYPES))
        .where(EVENTS.c.timestamp >= since)
        .where(EVENTS.c.timestamp < until)
        .order_by(EVENTS.c.id)
    )
    rows = []
    with engine.connect() as connection:
        for sender, data in connection.execute(query):
            try:
                event = json.loads(data)
            except (TypeError, ValueError):
                continue
            if isinstance(event, dict):
                rows.append((str(sender), event))
    return rows


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m ops.report",
        description="Write a privacy-safe report of what people ask and what the bot missed.",
    )
    parser.add_argument("--endpoints", type=Path, default=DEFAULT_ENDPOINTS)
    parser.add_argument("--since", type=_date, help="first day (YYYY-MM-DD, UTC)")
    parser.add_argument("--until", type=_date, help="day after the last (YYYY-MM-DD)")
    parser.add_argument("--department", help="only questions about this department id")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the HTML file")
    parser.add_argument(
        "--export-nlu",
        type=Path,
        metavar="FILE",
        help="write the missed and low-confidence messages as a draft NLU file",
    )
    parser.add_argument(
        "--show-text",
        action="store_true",
        help="show message text unmasked (operators only; logged; safety messages stay hidden)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point."""
    args = _parser().parse_args(argv)
    from rasa.shared.exceptions import RasaException

    try:
        settings = command_settings()
        store = load_store(settings.core.store_dir)
        if args.department and store.get(args.department) is None:
            known = ", ".join(d.id for d in store)
            raise ValueError(
                f"--department {args.department!r} is not in the store ({known})"
            )
        now = time.time()
        since = args.since if args.since is not None else 0.0
        if settings.core.retention_days > 0:  # only what the retention limit keeps
            since = max(since, now - settings.core.retention_days * DAY)
        until = args.until if args.until is not None else now + DAY
        if args.show_text:
            log.warning("showing unmasked message text, as asked with --show-text")
        engine = connect(database_url(args.endpoints))
        records = turns(read_events(engine, since, until))
        if args.department:
            records = [r for r in records if r.department == args.department]
        index = StatementIndex(store)

        def nearest(text: str | None) -> str:
            hits = index.search(text or "", limit=1)
            if not hits:
                return ""
            hit = hits[0]
            quoted = " ".join(hit.passage.text.split())[:160]
            return f"{hit.passage.department.name}, {hit.passage.topic}: {quoted}"

        summary = summarise(records)
        missed = grouping.group_missed(records, nearest, args.show_text)
        unsure = grouping.group_low_confidence(records, nearest, args.show_text)
        start = (
            datetime.fromtimestamp(since, tz=timezone.utc).strftime("%Y-%m-%d")
            if since
            else "the first stored day"
        )
        end = datetime.fromtimestamp(min(until, now), tz=timezone.utc).strftime(
            "%Y-%m-%d"
        )
        period = f"From {start} to {end}" + (
            f", department {args.department}" if args.department else ""
        )
        names = {d.id: d.name for d in store}
        page = render_html(summary, missed, period, names, args.show_text, unsure)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(page, encoding="utf-8")
        if args.export_nlu:
            args.export_nlu.parent.mkdir(parents=True, exist_ok=True)
            args.export_nlu.write_text(
                grouping.draft_nlu([*missed, *unsure]), encoding="utf-8"
            )
    except (
        ConfigError,
        RasaException,
        StoreError,
        ValueError,
        sa.exc.SQLAlchemyError,
    ) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(
        f"{period}: {summary.conversations} conversations, {summary.messages} messages"
    )
    for outcome, count in summary.outcomes.most_common():
        print(f"  {outcome:<24} {count:>5}  {summary.share(count):>4}")
    print(f"  missed questions: {summary.missed} in {len(missed)} groups")
    print(
        f"  answered with low confidence: {summary.low_confidence}"
        f" in {len(unsure)} groups"
    )
    print(f"report: {args.out}")
    if args.export_nlu:
        print(f"draft NLU (review before use): {args.export_nlu}")
    return 0


if __name__ == "__main__":  # pragma: no cover - the command line
    sys.exit(main())
