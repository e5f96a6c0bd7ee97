"""Several questions in one message: the parts (understand.clauses.split_parts,
dialogue.context.find_parts), the route (routes.asks_several) and the answers
in the order asked (dialogue.plan.several)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from statement_bot.dialogue import routes
from statement_bot.dialogue.context import (
    ASKS_PICK,
    ASKS_TOPIC,
    ASKS_VALUE,
    resolve,
)
from statement_bot.dialogue.state import read_turn
from statement_bot.names import (
    ACTION_ANSWER,
    INTENT_ASK_CONTENT,
    INTENT_ASK_MISSION,
    INTENT_ASK_VALUES,
    INTENT_COMPARE,
    INTENT_NLU_FALLBACK,
    INTENT_SHARED_VALUES,
    UTTER_CONTACT,
    UTTER_NO_SECTION,
    UTTER_SEARCH_HIT,
    UTTER_SECTION,
    UTTER_VALUE,
    UTTER_VALUE_NOT_LISTED,
    UTTER_VALUES,
)
from statement_bot.store import Store, load_store
from statement_bot.understand.clauses import split_parts
from statement_bot.understand.search import StatementIndex
from tests.conftest import LAKEVIEW

HILLCREST = """
id: hillcrest
name: Hillcrest Police Department
short_names: [Hillcrest, HPD]
sections:
  mission:
    title: Mission
    paragraphs:
      - Hillcrest officers guard the hill towns and the people who live there.
  vision:
    title: Vision
    paragraphs:
      - A hill where every neighbour knows an officer by name.
values:
  title: Core Values
  items:
    - name: Service & Honor
      description: We answer every call and keep our word.
    - name: Learning
      description: We study the law and practise new skills every month.
contact:
  title: Contact
  entries:
    - kind: phone
      label: Front Desk
      value: 555-0199
    - kind: website
      label: Website
      value: www.hillcrest.example
"""


@pytest.fixture
def two(write_store: Callable[..., Path]) -> Store:
    """Lakeview (mission, motto, values, a phone) and Hillcrest."""
    return load_store(write_store(lakeview=LAKEVIEW, hillcrest=HILLCREST))


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("vision, then values", ["vision", "values"]),
        ("mission / contact?", ["mission", "contact"]),
        ("a + b & c plus d; e", ["a", "b", "c", "d", "e"]),
        ("the mission as well as the vision", ["the mission", "the vision"]),
        ("mission. and after that the values", ["mission", "the values"]),
        ("thenceforth and brandy", ["thenceforth", "brandy"]),
        ("one question only", ["one question only"]),
    ],
)
def test_a_message_splits_at_joining_words_and_signs(
    text: str, parts: list[str]
) -> None:
    assert [part for _, part in split_parts(text)] == parts


def test_no_split_inside_a_kept_name() -> None:
    text = "is Service & Honor one of theirs, and the mission?"
    kept = [(3, 18)]
    assert [p for _, p in split_parts(text, kept)] == [
        "is Service & Honor one of theirs",
        "the mission",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # topics, a department's own section, a contact kind
        (
            "lakeview: mission, motto and their phone number",
            [(ASKS_TOPIC, "mission"), (ASKS_TOPIC, "motto"), (ASKS_TOPIC, "contact")],
        ),
        # misspelt topic words
        ("lvpd misison & vison pls", [(ASKS_TOPIC, "mission"), (ASKS_TOPIC, "vision")]),
        # two values by name (one misspelt), joined by a sign
        (
            "lakeview stewardshp + candor values?",
            [(ASKS_VALUE, "value"), (ASKS_VALUE, "value")],
        ),
        # a value whose name has "&" in it stays one
        (
            "hillcrest Service & Honor, and the vision",
            [(ASKS_VALUE, "value"), (ASKS_TOPIC, "vision")],
        ),
        # a pick from the part before it
        (
            "what are lakeview's values, and which of them is about the shoreline?",
            [(ASKS_TOPIC, "values"), (ASKS_PICK, "values")],
        ),
        # background and sign-offs name nothing: left out
        (
            "applying next month. LVPD mission and values please, thanks a lot",
            [(ASKS_TOPIC, "mission"), (ASKS_TOPIC, "values")],
        ),
    ],
)
def test_the_parts_a_message_asks(
    two: Store, text: str, expected: list[tuple[str, str]]
) -> None:
    parts = resolve(two, read_turn(INTENT_ASK_MISSION, text)).parts
    assert [(p.asks, str(p.topic)) for p in parts] == expected


@pytest.mark.parametrize(
    "text",
    [
        "what is lakeview's mission?",
        "lakeview and hillcrest missions",
        "what's the lakeview mission? and hillcrest's?",
        "does lakeview's mission mention the lakeshore and the parks?",
        "does the lakeview mission say anything about visitors and candor?",
        "the mission, the mission statement I mean",
        "mission and vision",  # no department named or in the conversation
        "springfield pd mission and vision",  # a department the store lacks
        "which of them is about the shoreline, and the weather?",
        # background after the question names a contact kind, but asks nothing
        "does the lakeview mission mention parks? I live at 12 Elm Street",
    ],
)
def test_one_question_is_not_several(two: Store, text: str) -> None:
    assert resolve(two, read_turn(INTENT_ASK_MISSION, text)).parts == []


@pytest.mark.parametrize(
    ("text", "departments"),
    [
        # the department named anywhere applies to every part
        ("mission and values for hillcrest", [["hillcrest"], ["hillcrest"]]),
        # each part its own
        (
            "lakeview's mission, hillcrest's vision",
            [["lakeview"], ["hillcrest"]],
        ),
        # a part that names none is about the part's before it
        (
            "hillcrest mission and vision, and lakeview's motto",
            [["hillcrest"], ["hillcrest"], ["lakeview"]],
        ),
        # a part that only names a department adds it to the part before
        (
            "the values, and the mission of lakeview and hillcrest",
            [["lakeview", "hillcrest"], ["lakeview", "hillcrest"]],
        ),
    ],
)
def test_the_departments_of_each_part(
    two: Store, text: str, departments: list[list[str]]
) -> None:
    parts = resolve(two, read_turn(INTENT_ASK_MISSION, text)).parts
    assert [[d.id for d in p.departments] for p in parts] == departments


def test_the_conversation_department_applies_when_none_is_named(two: Store) -> None:
    turn = read_turn(INTENT_ASK_VALUES, "mission and values?", department="hillcrest")
    parts = resolve(two, turn).parts
    assert [[d.id for d in p.departments] for p in parts] == [["hillcrest"]] * 2


def _answer(
    store: Store, intent: str, text: str, **slots: object
) -> list[tuple[str, str]]:
    """The replies the route table gives: (response, what each is about)."""
    request = resolve(store, read_turn(intent, text, **slots), StatementIndex(store))
    outcome = routes.plan(ACTION_ANSWER, request)
    about = ("value_name", "section_title", "section_label", "part_label")
    return [
        (r.response, next((r.variables[k] for k in about if k in r.variables), ""))
        for r in outcome.replies
    ]


@pytest.mark.parametrize(
    "intent", [INTENT_ASK_MISSION, INTENT_NLU_FALLBACK, INTENT_SHARED_VALUES]
)
def test_every_part_is_answered_in_the_order_asked(two: Store, intent: str) -> None:
    """Before, the model's one intent decided the answer: the mission alone
    (or the fallback, or shared values)."""
    replies = _answer(two, intent, "hillcrest vision first, then list their values")
    assert replies == [(UTTER_SECTION, "Vision"), (UTTER_VALUES, "Core Values")]


@pytest.mark.parametrize(
    ("text", "replies"),
    [
        # a part the statement lacks is said plainly; the others are answered
        (
            "lakeview vision and motto?",
            [(UTTER_NO_SECTION, "vision"), (UTTER_SECTION, "Motto")],
        ),
        # two values of one department, each in full
        (
            "lakeview stewardship + candor?",
            [(UTTER_VALUE, "Stewardship"), (UTTER_VALUE, "Candor")],
        ),
        # a value by name the department does not list
        (
            "hillcrest learning and candor values",
            [(UTTER_VALUE, "Learning"), (UTTER_VALUE_NOT_LISTED, "candor")],
        ),
        # two kinds of contact detail, in order
        (
            "hillcrest website and also their phone",
            [(UTTER_CONTACT, "Contact"), (UTTER_CONTACT, "Contact")],
        ),
        # a pick among the values just asked for
        (
            "hillcrest values, and which one is about studying the law?",
            [
                (UTTER_VALUES, "Core Values"),
                (UTTER_SEARCH_HIT, "core values (Learning)"),
            ],
        ),
        # a pick among the parts just asked for: a passage of one
        (
            "hillcrest vision and mission, and which one talks about the hill towns",
            [
                (UTTER_SECTION, "Vision"),
                (UTTER_SECTION, "Mission"),
                (UTTER_SEARCH_HIT, "mission"),
            ],
        ),
    ],
)
def test_the_answers(two: Store, text: str, replies: list[tuple[str, str]]) -> None:
    assert _answer(two, INTENT_ASK_CONTENT, text) == replies


def test_contact_parts_give_the_kind_each_asks(two: Store) -> None:
    request = resolve(
        two,
        read_turn(INTENT_ASK_MISSION, "hillcrest website and also their phone"),
        StatementIndex(two),
    )
    bodies = [r.variables["body"] for r in routes.plan(ACTION_ANSWER, request).replies]
    assert "hillcrest.example" in bodies[0] and "555-0199" not in bodies[0]
    assert "555-0199" in bodies[1] and "hillcrest.example" not in bodies[1]


def test_a_comparison_is_not_split(two: Store) -> None:
    turn = read_turn(INTENT_COMPARE, "lakeview vs hillcrest: mission and values")
    assert not routes.asks_several(resolve(two, turn))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # background naming a part is not a question; the questions are
        (
            "I read the Lakeview mission on a flyer last week at the library. "
            "What is their motto, and what are their values?",
            ["motto", "values"],
        ),
        # two questions in two sentences, thanks after
        (
            "Hi! What's the Hillcrest mission? Also what are their values and their "
            "phone number? thanks so much",
            ["mission", "values", "contact"],
        ),
    ],
)
def test_parts_are_read_from_the_first_question_to_the_last(
    two: Store, text: str, expected: list[str]
) -> None:
    parts = resolve(two, read_turn(INTENT_ASK_MISSION, text)).parts
    assert [str(p.topic) for p in parts] == expected


def test_a_comparison_of_one_department_is_several_questions(two: Store) -> None:
    """The model may read "X: mission, vision" as a comparison: with one
    department there is nothing to compare."""
    replies = _answer(two, INTENT_COMPARE, "hpd: mission, vision. go")
    assert replies == [(UTTER_SECTION, "Mission"), (UTTER_SECTION, "Vision")]
