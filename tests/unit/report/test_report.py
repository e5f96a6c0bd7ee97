"""The staff report (the package ops.report) on events built in the test."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from ops.report import cli
from ops.report.groups import draft_nlu, group_low_confidence, group_missed
from ops.report.html import render_html
from ops.report.records import MAX_TEXT_CHARS, TurnRecord, mask, turns
from ops.report.stats import summarise
from statement_bot.dialogue.misses import count_misses_before

DAY_ONE = 1_764_547_200.0  # 2025-12-01 00:00 UTC


def user(
    text: str, intent: str, confidence: float = 0.9, at: float = 0.0, **extra: Any
) -> dict:
    return {
        "event": "user",
        "timestamp": DAY_ONE + at,
        "text": text,
        "parse_data": {
            "intent": {"name": intent, "confidence": confidence},
            "entities": extra.pop("entities", []),
        },
        "input_channel": extra.pop("channel", "rest"),
    }


def bot(response: str, at: float, text: str = "An answer.") -> dict:
    return {
        "event": "bot",
        "timestamp": DAY_ONE + at,
        "text": text,
        "metadata": {"utter_action": response},
    }


def slot(name: str, value: Any) -> dict:
    return {"event": "slot", "name": name, "value": value}


EVENTS = [
    ("web-1", user("What is Cambridge's mission?", "ask_mission", at=0)),
    ("web-1", slot("department", "cambridge")),
    ("web-1", slot("topic", "mission")),
    ("web-1", bot("utter_section", at=0.05, text="**Mission**: Cambridge")),
    (
        "web-1",
        user(
            "/feedback",
            "feedback",
            entities=[
                {"entity": "rating", "value": "down"},
                {"entity": "reason", "value": "hard_to_read"},
            ],
            at=5,
        ),
    ),
    ("web-1", bot("utter_feedback_noted", at=5.01)),
    (
        "U1_D1",
        user(
            "is there a dog park near 12 Main St? call me 617-555-0100",
            "ask_content",
            0.8,
            at=10,
            channel="slack",
        ),
    ),
    ("U1_D1", bot("utter_search_no_match", at=10.2)),
    (
        "U1_D1",
        user(
            "where can I walk my dog with the police",
            "nlu_fallback",
            0.3,
            at=20,
            channel="slack",
        ),
    ),
    ("U1_D1", bot("utter_fallback", at=20.1)),
    (
        "api",
        user("someone broke in and is still in my house", "emergency", 1.0, at=86400),
    ),
    ("api", bot("utter_emergency", at=86400.01)),
    ("api", user("what are the values of lakeview", "ask_values", 0.95, at=86410)),
    ("api", bot("utter_unknown_department", at=86410.1)),
]


@pytest.fixture
def records() -> list[TurnRecord]:
    return turns(EVENTS)


def test_turns_follow_each_sender(records: list[TurnRecord]) -> None:
    assert [r.channel for r in records] == [
        "widget",
        "widget",
        "slack",
        "slack",
        "rest",
        "rest",
    ]
    assert records[0].department == "cambridge" and records[0].topic == "mission"
    assert records[0].outcome == "answered" and records[0].seconds == pytest.approx(
        0.05
    )
    assert [r.outcome for r in records[2:]] == [
        "search, no good match",
        "fallback",
        "safety",
        "not in the statement",
    ]
    # the safety message's text is dropped at once
    assert records[4].text is None and records[4].safety == "emergency"


def test_summary_counts(records: list[TurnRecord]) -> None:
    summary = summarise(records)
    assert summary.conversations == 3 and summary.messages == 6
    assert summary.per_day == {"2025-12-01": (2, 4), "2025-12-02": (1, 2)}
    assert summary.per_channel == {"widget": 2, "slack": 2, "rest": 2}
    assert summary.safety == {"emergency": 1}
    assert summary.ratings == {("down", "mission", "cambridge"): 1}
    assert summary.rated_down == [
        ("**Mission**: Cambridge", "hard_to_read", "cambridge")
    ]


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("call me 617-555-0100", "call me [phone]"),
        ("mail jo.doe@example.org now", "mail [email] now"),
        ("I live at 12 Main St", "I live at ## Main St"),
        ("no numbers here", "no numbers here"),
    ],
)
def test_masking(text: str, masked: str) -> None:
    assert mask(text) == masked


def test_missed_questions_are_grouped_masked_and_never_safety(
    records: list[TurnRecord],
) -> None:
    groups = group_missed(records, nearest=lambda text: "a passage")
    texts = [e for g in groups for e in g.examples]
    assert sum(g.count for g in groups) == 3
    assert any("[phone]" in t and "## Main St" in t for t in texts)
    assert not any("broke in" in t for t in texts)
    assert all(g.nearest == "a passage" for g in groups)
    draft = draft_nlu(groups)
    assert draft.startswith("# DRAFT") and "- intent: nlu_fallback" in draft


def test_similar_wordings_share_a_group() -> None:
    texts = [
        "where can i park my car",
        "where can I park my car?",
        "who is the chief of police",
    ]
    events = []
    for number, text in enumerate(texts):
        events.append((f"s{number}", user(text, "nlu_fallback", 0.2, at=number)))
        events.append((f"s{number}", bot("utter_fallback", at=number + 0.1)))
    groups = group_missed(turns(events))
    assert [g.count for g in groups] == [2, 1]


def test_the_page_is_self_contained_and_hides_what_it_must(
    records: list[TurnRecord],
) -> None:
    summary = summarise(records)
    page = render_html(
        summary,
        group_missed(records),
        "period",
        {"cambridge": "Cambridge Police Department"},
    )
    for section in (
        "per-day",
        "per-channel",
        "outcomes",
        "per-topic",
        "per-department",
        "response-time",
        "safety",
        "feedback",
        "missed",
    ):
        assert f"id='{section}'" in page
    assert "<script" not in page and "http" not in page.replace(
        "http://www.w3.org/2000/svg", ""
    )
    assert "broke in" not in page and "617-555-0100" not in page
    assert "web-1" not in page and "U1_D1" not in page


def write_tracker_store(folder: Path, events: list[tuple[str, dict]]) -> Path:
    """A SQLite tracker store of ``events`` in ``folder``; its endpoints file."""
    db = folder / "conversations.db"
    engine = sa.create_engine(f"sqlite:///{db}")
    cli.EVENTS.metadata.create_all(engine)
    with engine.begin() as connection:
        for sender, event in events:
            connection.execute(
                cli.EVENTS.insert().values(
                    sender_id=sender,
                    type_name=event["event"],
                    timestamp=event.get("timestamp", DAY_ONE),
                    data=json.dumps(event),
                )
            )
    endpoints = folder / "endpoints.yml"
    endpoints.write_text(
        f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: {db}\n"
    )
    return endpoints


def test_the_command_reads_the_tracker_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    endpoints = write_tracker_store(tmp_path, EVENTS)
    monkeypatch.setenv("CONVERSATION_RETENTION_DAYS", "0")
    out, draft = tmp_path / "report.html", tmp_path / "draft.yml"
    code = cli.main(
        ["--endpoints", str(endpoints), "--out", str(out), "--export-nlu", str(draft)]
    )
    assert code == 0
    page = out.read_text()
    assert "3 conversations, 6 messages" in page
    assert "[phone]" in page and "617-555-0100" not in page
    assert draft.read_text().startswith("# DRAFT")
    assert (
        cli.main(
            [
                "--endpoints",
                str(endpoints),
                "--out",
                str(out),
                "--department",
                "nowhere",
            ]
        )
        == 1
    )


def test_a_thumbs_down_and_its_reason_are_one_rating() -> None:
    def rate(at: float, **entities: str) -> tuple[str, dict]:
        said = [{"entity": k, "value": v} for k, v in entities.items()]
        return ("web-2", user("/feedback", "feedback", 1.0, at=at, entities=said))

    events = [
        ("web-2", user("cpd vision", "ask_vision", at=0)),
        ("web-2", bot("utter_section", at=0.1, text="**Our Vision**: Cambridge")),
        rate(1, rating="down", department="cambridge", rated_topic="vision"),
        rate(2, rating="down", reason="not_what_i_asked"),
    ]
    summary = summarise(turns(events))
    assert summary.ratings == {("down", "vision", "cambridge"): 1}
    assert summary.rated_down == [
        ("**Our Vision**: Cambridge", "not_what_i_asked", "cambridge")
    ]


@pytest.mark.parametrize(
    ("response", "missed"),
    [
        ("utter_out_of_scope", True),  # points nowhere: a miss, for both
        ("utter_out_of_scope_contact", False),  # gives the department's contacts
        ("utter_fallback", True),
        ("utter_no_section", True),
        ("utter_section", False),
    ],
)
def test_a_miss_in_the_report_is_a_miss_for_the_hand_off(
    response: str, missed: bool
) -> None:
    events = [
        ("s", user("what's the capital of mongolia?", "out_of_scope", 0.9, at=0)),
        ("s", bot(response, at=0.1)),
        ("s", user("and of peru?", "out_of_scope", 0.9, at=1)),
    ]
    assert (count_misses_before(e for _, e in events) == 1) is missed  # hand-off
    records = turns(events)[:1]
    summary = summarise(records)
    groups = group_missed(records)
    assert summary.missed == sum(g.count for g in groups) == int(missed)
    page = render_html(summary, groups, "period", {})
    missed_section = page.split("id='missed'")[1].split("<h2")[0]
    assert ("capital of mongolia" in missed_section) is missed


def test_a_low_confidence_answer_is_counted_apart_from_the_misses() -> None:
    events = [
        ("web-3", user("cpd mision pls", "ask_mission", 0.5, at=0)),
        ("web-3", bot("utter_section", at=0.1, text="**Mission**: Cambridge")),
        ("web-3", user("values of cpd", "ask_values", 0.95, at=1)),
        ("web-3", bot("utter_values", at=1.1, text="**Values**: Cambridge")),
    ]
    records = turns(events)
    summary = summarise(records)
    assert summary.missed == 0 and group_missed(records) == []
    assert summary.low_confidence == 1 and summary.outcomes["answered"] == 2
    unsure = group_low_confidence(records, nearest=lambda text: "a passage")
    assert [(g.count, g.examples, g.guessed) for g in unsure] == [
        (1, ("cpd mision pls",), "ask_mission")
    ]
    page = render_html(summary, [], "period", {}, low_confidence=unsure)
    section = page.split("id='low-confidence'")[1]
    assert "1 messages (50%)" in section and "cpd mision pls" in section
    assert "- intent: ask_mission" in draft_nlu(unsure)


LONG = 200_000


@pytest.mark.parametrize(
    "text",
    ["1" * LONG, ("1-2-3-4-5-6-7-8-9-0-" * LONG)[:LONG]],
    ids=["digits", "digits-and-dashes"],
)
def test_a_huge_message_goes_through_the_whole_report_in_seconds(
    text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stored message of 200,000 characters (a pasted wall of digits) is cut
    to MAX_TEXT_CHARS before anything reads it and masked in one linear pass:
    the report takes seconds. 10 s is a fault limit (the old backtracking
    patterns took minutes), not a speed goal."""
    import rasa.core.tracker_store  # noqa: F401 - imports are not measured
    import sklearn.cluster  # noqa: F401

    import statement_bot.understand.search  # noqa: F401

    events = [
        ("web-9", user(text, "nlu_fallback", 0.2, at=0)),
        ("web-9", bot("utter_fallback", at=0.1)),
        ("web-9", user(text + " again", "nlu_fallback", 0.2, at=1)),
        ("web-9", bot("utter_search_no_match", at=1.1)),
    ]
    endpoints = write_tracker_store(tmp_path, events)
    monkeypatch.setenv("CONVERSATION_RETENTION_DAYS", "0")
    out, draft = tmp_path / "report.html", tmp_path / "draft.yml"
    options = ["--out", str(out), "--export-nlu", str(draft)]
    start = time.perf_counter()
    assert cli.main(["--endpoints", str(endpoints), *options]) == 0
    assert time.perf_counter() - start < 10.0
    page = out.read_text()
    assert "1 conversations, 2 messages" in page and "[phone]" in page
    assert "1111" not in page and "1-2-3" not in page
    assert len(draft.read_text()) < 2 * MAX_TEXT_CHARS


def test_the_volume_bench_writes_a_store_the_report_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """bench/staff_report.py's generated store (here 40 conversations)."""
    from bench.staff_report import write_store

    db = tmp_path / "conversations.db"
    written = write_store(db, conversations=40)
    with sa.create_engine(f"sqlite:///{db}").connect() as connection:
        users = connection.execute(
            sa.text("SELECT COUNT(*) FROM events WHERE type_name = 'user'")
        ).scalar()
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(
        f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: {db}\n"
    )
    monkeypatch.setenv("CONVERSATION_RETENTION_DAYS", "0")
    out = tmp_path / "report.html"
    assert cli.main(["--endpoints", str(endpoints), "--out", str(out)]) == 0
    assert written > 40 * 10
    assert f"40 conversations, {users} messages" in out.read_text()
