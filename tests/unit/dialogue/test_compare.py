"""Comparisons compare what was asked: a value, a section, or the mission."""

from __future__ import annotations

from dataclasses import replace

import pytest

from statement_bot.dialogue.context import resolve
from statement_bot.dialogue.plan import compare as compare_plan
from statement_bot.dialogue.plan import statements
from statement_bot.dialogue.replies import Outcome
from statement_bot.dialogue.state import read_turn
from statement_bot.names import (
    INTENT_COMPARE,
    SLOT_TOPIC,
    UTTER_COMPARE,
    UTTER_SECTION,
    UTTER_VALUE,
    UTTER_VALUE_NOT_LISTED,
    Topic,
)
from statement_bot.store import Store


def compare(store: Store, text: str, **context: str) -> Outcome:
    turn = read_turn(intent=INTENT_COMPARE, text=text, **context)
    return compare_plan.compare(resolve(store, turn))


def shown(outcome: Outcome) -> list[tuple[str, str | None, str | None]]:
    return [
        (r.response, r.variables.get("department_name"), r.variables.get("value_name"))
        for r in outcome.replies
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "integrity: west sac vs cambridge",
            [
                (UTTER_VALUE, "West Sacramento Police Department", "Integrity"),
                (UTTER_VALUE, "Cambridge Police Department", "Integrity"),
            ],
        ),
        (
            "how does alhambra's respect value compare to west sacramento's?",
            [
                (UTTER_VALUE, "Alhambra Police Department", "Respect"),
                (UTTER_VALUE, "West Sacramento Police Department", "Respect"),
            ],
        ),
        (
            "do cambridge and alhambra both have pride?",
            [
                (UTTER_VALUE_NOT_LISTED, "Cambridge Police Department", "pride"),
                (UTTER_VALUE_NOT_LISTED, "Alhambra Police Department", "pride"),
            ],
        ),
    ],
)
def test_a_value_named_with_departments_compares_that_value(
    store: Store, text: str, expected: list[tuple[str, str, str]]
) -> None:
    outcome = compare(store, text)
    assert outcome.replies[0].response == UTTER_COMPARE
    assert shown(outcome)[1:] == expected
    assert outcome.slots[SLOT_TOPIC] == Topic.VALUE


@pytest.mark.parametrize(
    "text",
    ["apd vs cpd vision?", "compare alhambra and cambridge with respect to vision"],
)
def test_a_section_named_compares_that_section(store: Store, text: str) -> None:
    outcome = compare(store, text)
    assert outcome.replies[0].variables["topic"] == "vision"
    assert {r.response for r in outcome.replies[1:]} == {UTTER_SECTION}
    assert [r.variables["department_name"] for r in outcome.replies[1:3]] == [
        "Alhambra Police Department",
        "Cambridge Police Department",
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [("cambridge teamwork", "Teamwork"), ("wspd pride?", "Pride")],
)
def test_a_department_with_a_value_is_a_question_about_that_value(
    store: Store, text: str, value: str
) -> None:
    outcome = compare(store, text)
    assert [r.response for r in outcome.replies] == [UTTER_VALUE]
    assert outcome.replies[0].variables["value_name"] == value


@pytest.mark.parametrize(
    ("intent", "text"),
    [
        (INTENT_COMPARE, "How do the missions of alhambra and cambridge compare?"),
        ("ask_mission", "the missions of alhambra and cambridge"),
    ],
)
def test_and_their_visions_after_two_departments(
    store: Store, intent: str, text: str
) -> None:
    planner = compare_plan.compare if intent == INTENT_COMPARE else statements.answer
    first = planner(resolve(store, read_turn(intent=intent, text=text)))
    turn = read_turn(
        intent="ask_vision",
        text="and their visions?",
        department=first.slots["department"],
        shown=first.slots["shown"],
    )
    outcome = statements.answer(resolve(store, turn))
    assert [r.variables["department_name"] for r in outcome.replies] == [
        "Alhambra Police Department",
        "Cambridge Police Department",
    ]
    # without "their", the conversation's one department is meant
    one = statements.answer(resolve(store, replace(turn, text="and the vision?")))
    assert [r.variables["department_name"] for r in one.replies] == [
        "Cambridge Police Department"
    ]


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("how is integrity different from respect at west sac?", None),
        ("integrity vs respect", "west_sacramento"),
    ],
)
def test_value_against_value_in_one_department(
    store: Store, text: str, context: str | None
) -> None:
    outcome = compare(store, text, **({"department": context} if context else {}))
    assert shown(outcome)[1:] == [
        (UTTER_VALUE, "West Sacramento Police Department", "Integrity"),
        (UTTER_VALUE, "West Sacramento Police Department", "Respect"),
    ]
