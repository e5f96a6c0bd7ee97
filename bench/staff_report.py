"""The staff report on volume: ``python -m bench.staff_report``.

Writes a generated SQLite tracker store (Rasa's ``events`` table) of about
50,000 events in about 1,950 conversations over the last four weeks, with the
mix of a busy site (answers, searches, misses in varied wording, out-of-scope
questions, ratings, safety answers, a few pasted walls of digits), then times
``python -m ops.report`` over it: the whole command, in a fresh process.
Prints the time; asserts nothing (tests assert only generous fault limits).

    python -m bench.staff_report                 # ~50,000 events
    python -m bench.staff_report --conversations 200 --keep /tmp/store
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DAY = 86_400.0
# Rasa's SQLTrackerStore table (SQLEvent), as the bot's SQLite file has it.
SCHEMA = """
CREATE TABLE events (
    id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL,
    type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255),
    action_name VARCHAR(255), data TEXT
);
CREATE INDEX ix_events_sender_id ON events (sender_id);
"""
DEPARTMENTS = ("cambridge", "alhambra", "west_sacramento")
TOPICS = {"ask_mission": "mission", "ask_vision": "vision", "ask_values": "values"}
OPENERS = ("can you tell me about", "where do i ask about", "how do i get", "is there")
OPENERS += ("what about", "who handles", "do you know anything on", "i need")
SUBJECTS = ("parking permits", "a noise complaint", "lost and found", "the dog park")
SUBJECTS += ("fireworks rules", "towing my car", "a copy of a police report")
SUBJECTS += ("the ride along program", "body cameras", "the drone policy")
SUBJECTS += ("a speeding ticket", "fingerprinting", "job openings", "overtime pay")
ENDINGS = ("", "please", "in cambridge", "near {n} Main St", "call me 617-555-{n:04d}")
ENDINGS += ("my email is jo{n}@example.org", "asap", "for my son", "?")
# (weight, intent, confidence range, responses, keeps the department and topic)
KINDS: list[tuple[int, str, tuple[float, float], tuple[str, ...], bool]] = [
    (40, "ask_mission", (0.7, 1.0), ("utter_section",), True),
    (5, "ask_values", (0.35, 0.6), ("utter_values",), True),
    (8, "ask_content", (0.6, 0.9), ("utter_search_hit",), True),
    (8, "ask_content", (0.5, 0.9), ("utter_search_no_match",), False),
    (8, "nlu_fallback", (0.1, 0.4), ("utter_fallback",), False),
    (5, "out_of_scope", (0.6, 0.9), ("utter_out_of_scope",), False),
    (3, "out_of_scope", (0.6, 0.9), ("utter_out_of_scope_contact",), True),
    (3, "ask_values", (0.8, 1.0), ("utter_unknown_department",), False),
    (8, "feedback", (1.0, 1.0), ("utter_feedback_noted",), False),
    (2, "emergency", (0.9, 1.0), ("utter_emergency",), False),
    (10, "greet", (0.9, 1.0), ("utter_greet",), False),
]


def _missed_text(rng: random.Random) -> str:
    ending = rng.choice(ENDINGS).format(n=rng.randrange(10_000))
    if rng.random() < 0.002:  # a pasted wall of digits
        ending = "".join(rng.choice("0123456789 -") for _ in range(3_000))
    return f"{rng.choice(OPENERS)} {rng.choice(SUBJECTS)} {ending}".strip()


def _turn(rng: random.Random, at: float) -> list[tuple[str, float, dict[str, Any]]]:
    """One user message and what followed it: (type, timestamp, data)."""
    _, intent, (low, high), responses, keeps = rng.choices(
        KINDS, weights=[k[0] for k in KINDS]
    )[0]
    if intent in TOPICS:
        intent = rng.choice(list(TOPICS))
    department = rng.choice(DEPARTMENTS)
    missed = responses[0] in ("utter_search_no_match", "utter_fallback")
    text = _missed_text(rng) if missed else f"what is {department}'s {intent[4:]}?"
    entities = []
    if intent == "feedback":
        text = "/feedback"
        rating = rng.choice(("up", "up", "down"))
        entities = [{"entity": "rating", "value": rating}]
        if rating == "down":
            reason = rng.choice(("wrong_department", "hard_to_read"))
            entities.append({"entity": "reason", "value": reason})
    parse = {
        "intent": {"name": intent, "confidence": round(rng.uniform(low, high), 3)},
        "entities": entities,
    }
    events = [("user", at, {"text": text, "parse_data": parse})]
    events[0][2]["input_channel"] = rng.choice(("rest", "slack", "socketio"))
    events.append(("action", at + 0.01, {"name": "action_answer"}))
    if keeps:
        events.append(("slot", at + 0.02, {"name": "department", "value": department}))
        events.append(
            ("slot", at + 0.02, {"name": "topic", "value": TOPICS.get(intent)})
        )
    for response in responses:
        reply = f"**{intent[4:].title()}**: {department} works with its community."
        events.append(
            ("bot", at + rng.uniform(0.03, 0.4), {"text": reply, "metadata": {}})
        )
        events[-1][2]["metadata"]["utter_action"] = response
    events.append(("action", at + 0.5, {"name": "action_listen"}))
    return events


def write_store(path: Path, conversations: int = 1_950, seed: int = 7) -> int:
    """A tracker store file at ``path`` with ``conversations`` generated
    conversations over the last 28 days; returns the number of events."""
    rng = random.Random(seed)
    now = time.time()
    rows: list[tuple[str, str, float, str]] = []
    for number in range(conversations):
        sender = f"{'web-' if number % 3 == 0 else ''}{number:08x}"
        at = now - rng.uniform(0.1, 28) * DAY
        events = [
            ("session_started", at, {}),
            ("action", at, {"name": "action_session_start"}),
            ("action", at, {"name": "action_listen"}),
        ]
        for _ in range(rng.randint(2, 7)):
            at += rng.uniform(5, 90)
            events += _turn(rng, at)
        for kind, timestamp, data in events:
            data = {"event": kind, "timestamp": timestamp, **data}
            rows.append((sender, kind, timestamp, json.dumps(data)))
    rows.sort(key=lambda row: row[2])
    with sqlite3.connect(path) as connection:
        connection.executescript(SCHEMA)
        connection.executemany(
            "INSERT INTO events (sender_id, type_name, timestamp, data)"
            " VALUES (?, ?, ?, ?)",
            rows,
        )
    return len(rows)


def time_report(db: Path, *options: str) -> float:
    """Seconds ``python -m ops.report`` takes over the store file ``db``."""
    endpoints = db.parent / "endpoints.yml"
    endpoints.write_text(
        f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: {db}\n"
    )
    command = [sys.executable, "-m", "ops.report", "--endpoints", str(endpoints)]
    command += ["--out", str(db.parent / "report.html"), *options]
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    """Generate the store, run the report over it, print the time."""
    parser = argparse.ArgumentParser(prog="python -m bench.staff_report")
    parser.add_argument("--conversations", type=int, default=1_950)
    parser.add_argument("--keep", type=Path, help="write the store here and keep it")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        db = folder / "conversations.db"
        db.unlink(missing_ok=True)
        events = write_store(db, args.conversations)
        seconds = time_report(db)
    print(
        f"python -m ops.report over {events} events "
        f"({args.conversations} conversations): {seconds:.1f} s"
    )
    return 0


if __name__ == "__main__":  # pragma: no cover - the command line
    sys.exit(main())
