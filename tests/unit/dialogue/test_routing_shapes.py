"""Departments shaped differently from ours, and routing by what was asked:
values titled and named their own way, parts ours lack asked by their own
name, a yes-or-no question about a value, "which ones ...", "which one says
...", the overview, and a department written as the start of its name.
Small stores in tmp_path; nothing here names a shipped department."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from statement_bot.dialogue.context import resolve
from statement_bot.dialogue.plan import compare as compare_plan
from statement_bot.dialogue.plan import fallback as fallback_plan
from statement_bot.dialogue.plan import search as search_plan
from statement_bot.dialogue.plan import statements
from statement_bot.dialogue.replies import Outcome
from statement_bot.dialogue.state import ShownCompared, ShownDepartments, read_turn
from statement_bot.names import (
    UTTER_ALSO_RELATED,
    UTTER_ASK_DEPARTMENT,
    UTTER_OVERVIEW_VALUES,
    UTTER_OVERVIEW_VALUES_ONLY,
    UTTER_SEARCH_HIT,
    UTTER_SECTION,
    UTTER_VALUE,
    UTTER_VALUE_NOT_LISTED,
    UTTER_VALUES,
    UTTER_WHICH_HAVE,
    UTTER_WHICH_HAVE_NOT,
)
from statement_bot.store import Store, load_store
from statement_bot.understand.departments import (
    find_departments,
    named_alone,
    names_index,
)
from statement_bot.understand.search import StatementIndex

# Values titled "Guiding Principles" and named as actions; a "Pledge" section.
RIVERTON = """
    id: riverton
    name: Riverton Police Department
    short_names: [Riverton, Riverton PD, RVPD]
    sections:
      mission:
        title: Our Mission
        paragraphs:
          - We keep the river towns safe by working beside the people who live there.
      pledge:
        title: Our Pledge
        aliases: [pledge, promise]
        paragraphs:
          - Every call answered, every neighbour heard.
    values:
      title: Guiding Principles
      items:
        - name: Lead by Example
          description: Officers model the conduct they expect of others.
        - name: Act with Integrity
          aliases: [honesty]
          description: We tell the truth even when it costs us.
        - name: Service to Our Community
          description: We put the needs of residents ahead of our own convenience.
"""

# Values with a title of letters and a value named "Core"; a phone, no address.
HOLLIS = """
    id: hollis_bay
    name: Hollis Bay Police Department
    short_names: [Hollis Bay, HBPD]
    sections:
      code_of_ethics:
        title: Code of Ethics
        paragraphs:
          - We never accept gifts for doing our duty.
      vision:
        title: Vision
        paragraphs:
          - A harbour where every visitor feels welcome and secure, with modern equipment.
    values:
      title: HB CARE
      items:
        - name: Core
          description: The strength at the centre of every shift.
        - name: Respect
          description: Treating each caller with dignity.
    contact:
      title: Reach Us
      entries:
        - kind: phone
          label: Front Desk
          value: 555-0199
"""

# Only values (no sections): the overview names them.
MARLOW = """
    id: marlow
    name: Marlow Police Department
    short_names: [Marlow]
    values:
      title: Our Values
      items:
        - name: Patience
          description: We take the time each person needs.
"""


@pytest.fixture
def shaped(write_store: Callable[..., Path]) -> Store:
    return load_store(write_store(riverton=RIVERTON, hollis_bay=HOLLIS, marlow=MARLOW))


def plan(store: Store, intent: str, text: str, **context: object) -> Outcome:
    request = resolve(store, read_turn(intent=intent, text=text, **context))
    return statements.answer(request)


def said(outcome: Outcome) -> list[tuple[str, str | None]]:
    return [
        (r.response, r.variables.get("section_title") or r.variables.get("value_name"))
        for r in outcome.replies
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("what are the core values at riverton?", "Guiding Principles"),
        ("rvpd principles?", "Guiding Principles"),
        ("what does HB CARE stand for at hollis bay", "HB CARE"),
        ("hollis bay core values?", "HB CARE"),
    ],
)
def test_the_list_whatever_its_title(shaped: Store, text: str, expected: str) -> None:
    for intent in ("ask_values", "ask_value"):
        outcome = plan(shaped, intent, text)
        assert said(outcome) == [(UTTER_VALUES, expected)], (intent, text)


@pytest.mark.parametrize(
    ("intent", "text", "expected"),
    [
        ("ask_mission", "what is riverton's pledge?", "Our Pledge"),
        ("ask_content", "whats in the pledge part for rvpd", "Our Pledge"),
        ("ask_values", "hollis bay code of ethics?", "Code of Ethics"),
        ("ask_vision", "what's in hbpd's code of ethics", "Code of Ethics"),
    ],
)
def test_a_part_of_their_own_by_its_name(
    shaped: Store, intent: str, text: str, expected: str
) -> None:
    if intent == "ask_content":
        request = resolve(shaped, read_turn(intent=intent, text=text))
        request = resolve(shaped, request.turn, StatementIndex(shaped))
        outcome = search_plan.search(request)
    else:
        outcome = plan(shaped, intent, text)
    assert said(outcome)[0] == (UTTER_SECTION, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # named as an action: by its full name, and by an alias
        (
            "is Act with Integrity one of riverton's values?",
            [(UTTER_VALUE, "Act with Integrity")],
        ),
        (
            "is Service to Our Community a riverton value?",
            [(UTTER_VALUE, "Service to Our Community")],
        ),
        # another department's value: not listed, and this one's own list
        (
            "is Respect one of riverton's principles?",
            [(UTTER_VALUE_NOT_LISTED, "Respect"), (UTTER_VALUES, "Guiding Principles")],
        ),
        # an alias: not by that name, its value, and the list
        (
            "does riverton have honesty as a value?",
            [
                (UTTER_ALSO_RELATED, "Act with Integrity"),
                (UTTER_VALUES, "Guiding Principles"),
            ],
        ),
    ],
)
def test_is_it_one_of_their_values(
    shaped: Store, text: str, expected: list[tuple[str, str]]
) -> None:
    for intent in ("ask_value", "ask_shared_values"):
        request = resolve(shaped, read_turn(intent=intent, text=text))
        if intent == "ask_value":
            outcome = statements.answer(request)
        else:
            outcome = compare_plan.shared_values(request)
        got = [
            (response, name.title() if response == UTTER_VALUE_NOT_LISTED else name)
            for response, name in said(outcome)
        ]
        assert got == expected, intent
        assert all(
            r.variables.get("department_name") == "Riverton Police Department"
            for r in outcome.replies
        )


def test_a_value_called_core_is_not_the_list(shaped: Store) -> None:
    outcome = plan(shaped, "ask_values", "what are hollis bay's core values?")
    assert said(outcome) == [(UTTER_VALUES, "HB CARE")]
    outcome = plan(shaped, "ask_value", "what does Core mean at hollis bay?")
    assert said(outcome) == [(UTTER_VALUE, "Core")]


@pytest.mark.parametrize(
    ("intent", "text", "having", "label"),
    [
        (
            "ask_contact",
            "which ones have a phone number listed?",
            ["Hollis Bay"],
            "phone",
        ),
        ("ask_contact", "which depts give a street address", [], "address"),
        ("ask_vision", "which ones have a vision statement?", ["Hollis Bay"], "vision"),
        ("ask_mission", "what departments list a mission", ["Riverton"], "mission"),
    ],
)
def test_which_ones_have_it(
    shaped: Store, intent: str, text: str, having: list[str], label: str
) -> None:
    # The conversation is about Marlow: "which ones" still asks about them all.
    outcome = plan(shaped, intent, text, department="marlow")
    responses = [r.response for r in outcome.replies]
    assert UTTER_ASK_DEPARTMENT not in responses
    if having:
        first = outcome.replies[0]
        assert first.response == UTTER_WHICH_HAVE
        assert first.variables["label"] == label
        for name in having:
            assert name in first.variables["department_names"]
    assert responses[-1] == UTTER_WHICH_HAVE_NOT


@pytest.mark.parametrize(
    "shown",
    [
        ShownCompared(("riverton", "hollis_bay")).to_slot(),
        ShownDepartments(("riverton", "hollis_bay", "marlow")).to_slot(),
    ],
)
@pytest.mark.parametrize(
    "text",
    ["which one says modern equipment", "which of those mentions modern equipment"],
)
def test_which_one_says_searches_those_shown(
    shaped: Store, shown: object, text: str
) -> None:
    turn = read_turn(
        intent="ask_content", text=text, shown=shown, department="riverton"
    )
    outcome = search_plan.search(resolve(shaped, turn, StatementIndex(shaped)))
    hits = [r for r in outcome.replies if r.response == UTTER_SEARCH_HIT]
    assert [r.variables["department_name"] for r in hits] == [
        "Hollis Bay Police Department"
    ]


@pytest.mark.parametrize(
    ("text", "response", "parts"),
    [
        (
            "tell me about riverton",
            UTTER_OVERVIEW_VALUES,
            ["We keep the river towns safe", "Lead by Example, Act with Integrity"],
        ),
        ("overview of rvpd pls", UTTER_OVERVIEW_VALUES, ["Guiding Principles".lower()]),
        ("tell me about marlow", UTTER_OVERVIEW_VALUES_ONLY, ["Patience"]),
    ],
)
def test_the_overview(
    shaped: Store, text: str, response: str, parts: list[str]
) -> None:
    # The model may read it as a question about a part: the words decide.
    for intent in ("inform_department", "ask_mission", "ask_section"):
        outcome = plan(shaped, intent, text)
        assert [r.response for r in outcome.replies] == [response], intent
        variables = " ".join(outcome.replies[0].variables.values())
        for part in parts:
            assert part in variables


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rive pd mission", ["riverton"]),
        ("holli values", ["hollis_bay"]),
        ("holl vs rivert", ["hollis_bay", "riverton"]),
        # "river" is a word of the statements, not the start of a name
        ("holl vs river", ["hollis_bay"]),
        ("marl", ["marlow"]),
        # too short, an ordinary word of the statements, or a stopword
        ("riv mission", []),
        ("the harbour values", []),
        ("what about this", []),
    ],
)
def test_the_start_of_a_name(shaped: Store, text: str, expected: list[str]) -> None:
    assert [d.id for d in find_departments(shaped, text)] == expected


def test_the_start_of_a_name_alone(shaped: Store) -> None:
    index = names_index(shaped)
    assert named_alone(index, "rivert pd").id == "riverton"
    assert named_alone(index, "the marl police").id == "marlow"
    assert named_alone(index, "vision") is None


def test_a_start_two_departments_share_names_neither(
    write_store: Callable[..., Path],
) -> None:
    twins = load_store(
        write_store(
            riverton=RIVERTON,
            rivermouth=RIVERTON.replace("riverton", "rivermouth")
            .replace("Riverton", "Rivermouth")
            .replace("RVPD", "RMPD"),
        )
    )
    assert find_departments(twins, "river mission") == []
    assert [d.id for d in find_departments(twins, "riverm mission")] == ["rivermouth"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ok sorted now, back to my question about their pledge", "Our Pledge"),
        ("all good here. can we go back to the principles", "Guiding Principles"),
        ("returning to what you said on the mission earlier", "Our Mission"),
    ],
)
def test_back_to_a_part_after_an_interruption(
    shaped: Store, text: str, expected: str
) -> None:
    # Read at low confidence, with the conversation still on Riverton.
    turn = read_turn(intent="nlu_fallback", text=text, department="riverton")
    outcome = fallback_plan.fallback(resolve(shaped, turn, StatementIndex(shaped)))
    assert said(outcome)[0][1] == expected
    assert outcome.replies[0].variables["department_name"] == (
        "Riverton Police Department"
    )
