"""The answer-suite runner itself (devtools.answer_suite), without servers."""

from __future__ import annotations

from typing import Any

import pytest

from devtools import answer_suite
from statement_bot.store import load_store

CONVERSATIONS = [
    {
        "id": "one",
        "persona": "staff",
        "turns": [
            {"user": "cpd mission", "contains": ["partner with the community"]},
            {"user": "and?", "not_contains": ["call 911 right away"]},
        ],
    }
]


def test_fragments_are_compared_without_bold_and_with_plain_quotes() -> None:
    replies = iter(["**Mission**: we partner  with the community", "ok"])
    result = answer_suite.run(lambda sender, text: next(replies), CONVERSATIONS)
    assert result.pass_rate == 1.0
    assert result.summary()["by_persona"] == {"staff": {"passed": 2, "turns": 2}}


def test_a_missing_or_unwanted_fragment_fails_the_turn() -> None:
    replies = iter(["nothing here", "call 911 right away"])
    result = answer_suite.run(lambda sender, text: next(replies), CONVERSATIONS)
    assert result.pass_rate == 0.0
    missing, unwanted = result.failures()
    assert missing.missing == ("partner with the community",)
    assert unwanted.unwanted == ("call 911 right away",)


def test_check_scores_one_turn() -> None:
    turn = CONVERSATIONS[0]["turns"][0]
    assert answer_suite.check(
        CONVERSATIONS[0], turn, "we partner with the community"
    ).passed


def test_the_suite_has_enough_turns() -> None:
    turns = sum(len(c["turns"]) for c in answer_suite.load())
    assert turns >= 150


def test_fragments_asked_in_order_must_come_in_order() -> None:
    conversation = {"id": "two-parts", "turns": []}
    turn = {"user": "vision, then mission", "contains": ["vision", "mission"]}
    reply = "Our mission is X. Our vision is Y."
    assert answer_suite.check(conversation, turn, reply).passed
    ordered = {**turn, "in_order": True}
    result = answer_suite.check(conversation, ordered, reply)
    assert result.missing == ("(in the order asked)",)
    assert answer_suite.check(conversation, ordered, "vision ... mission").passed


def test_an_unanswerable_turn_fails_when_a_store_passage_is_quoted(
    lakeview_store: Any,
) -> None:
    judge = answer_suite.Judge.load(lakeview_store)
    conversation = {"id": "chief", "turns": []}
    turn = {"user": "who is lakeview's chief?", "answerable": False}
    quoted = "Lakeview officers keep the lakeshore safe for every resident and visitor."
    wrong = answer_suite.check(conversation, turn, f"Our Mission: {quoted}", judge)
    assert not wrong.passed and wrong.unwanted[0].startswith("quoted: ")
    refusal = (
        "I only know the Lakeview Police Department's published statement, so I "
        "can't answer that. The department can:\n- Phone: 555-0100\n\n"
        "If this is an emergency, call 911."
    )
    right = answer_suite.check(conversation, turn, refusal, judge)
    assert right.passed and right.refused
    result = answer_suite.SuiteResult([wrong, right])
    assert result.wrong_passages == 1
    assert result.summary()["unanswerable_given_a_passage"] == 1


@pytest.mark.parametrize(
    ("expected", "reply", "passed"),
    [
        (
            "emergency",
            "If you or someone else is in danger or a crime is happening now, call 911 right away. I'm an automated assistant: I can't send help or pass on messages. Si está en peligro, llame al 911.",
            True,
        ),
        ("emergency", "Here are Lakeview's values.", False),
        ("none", "Here are Lakeview's values.", True),
        ("crisis", "Here are Lakeview's values.", False),
    ],
)
def test_the_safety_answer_is_read_from_the_reply_text(
    expected: str, reply: str, passed: bool
) -> None:
    turn = {"user": "x", "safety": expected}
    judge = answer_suite.Judge.load()
    assert answer_suite.check({"id": "s"}, turn, reply, judge).passed is passed


def test_results_are_counted_per_class_and_misses_per_answerable_turn() -> None:
    judge = answer_suite.Judge.load()
    conversation = {"id": "c", "persona": "visitor", "turns": []}
    fallback = "Sorry, I'm not sure what you mean. Here is what I can help with:"
    turns = [
        answer_suite.check(conversation, {"user": "a", "class": 1}, "ok", judge),
        answer_suite.check(conversation, {"user": "b", "class": 1}, fallback, judge),
        answer_suite.check(
            conversation, {"user": "c", "class": 2, "contains": ["x"]}, "y", judge
        ),
    ]
    summary = answer_suite.SuiteResult(turns).summary()
    assert summary["by_class"] == {
        "1": {"passed": 2, "turns": 2},
        "2": {"passed": 0, "turns": 1},
    }
    assert summary["refusal_rate_on_answerable"] == 0.0
    assert summary["missed_rate_on_answerable"] == round(1 / 3, 4)


def test_a_contact_detail_a_section_repeats_is_not_a_quote(write_store: Any) -> None:
    folder = write_store(
        lakeview="""
id: lakeview
name: Lakeview Police Department
sections:
  learn_more:
    title: Learn More
    paragraphs: [www.LakeviewPolice.example.org/AboutUs]
contact:
  entries:
    - {kind: learn_more, label: Learn More, value: www.LakeviewPolice.example.org/AboutUs}
"""
    )
    judge = answer_suite.Judge.load(load_store(folder))
    assert judge.quoted("Learn More: www.LakeviewPolice.example.org/AboutUs") == ()
