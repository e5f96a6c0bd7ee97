"""Requests about the last answer: "summarise that" quotes less of it,
"word for word" all of it, always the store's own text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from rasa_plugins.components import FollowUps
from statement_bot import names
from statement_bot.dialogue import routes
from statement_bot.dialogue.context import resolve
from statement_bot.dialogue.plan import last_answer
from statement_bot.dialogue.replies import Outcome
from statement_bot.dialogue.state import (
    LastAnswer,
    Quoted,
    last_answer_from_slot,
    read_turn,
)
from statement_bot.names import (
    INTENT_ABOUT_LAST_ANSWER,
    INTENT_ASK_CONTACT,
    INTENT_ASK_GOALS,
    INTENT_ASK_MISSION,
    INTENT_ASK_VALUE,
    INTENT_ASK_VALUES,
    INTENT_CHOOSE_ITEM,
    INTENT_GREET,
    SLOT_LAST_ANSWER,
    UTTER_CONTACT,
    UTTER_FIRST_ENTRY,
    UTTER_FIRST_SENTENCE,
    UTTER_NOTHING_ANSWERED,
    UTTER_SECTION,
    UTTER_VALUE,
)
from statement_bot.store import Store, load_store
from statement_bot.understand.references import Length, about_last_answer
from tests.paths import ROOT

HARBOR = """
id: harbor
name: Harbor City Police Department
short_names: [Harbor City, HCPD]
sections:
  mission:
    title: Our Mission
    paragraphs:
      - We guard the docks and the neighborhoods around them. We answer every call.
      - Our mission is to keep Harbor City a place where families thrive.
  goals:
    title: Our Goals
    items:
      - Cut response times on the waterfront. Publish them every quarter.
      - Train every officer in de-escalation.
      - Open a storefront office downtown.
values:
  title: Our Values
  items:
    - name: Steadiness
      description: >-
        We keep calm when others cannot. A steady officer makes a safer street.
        Steadiness is practiced, not given.
    - name: Openness
      description: We tell the public what we do and why.
contact:
  title: Reach Us
  entries:
    - kind: phone
      label: Front Desk
      value: 555-0199
    - kind: website
      label: Website
      value: www.harborcity.example
"""


@pytest.fixture
def harbor(write_store: Callable[..., Path]) -> Store:
    return load_store(write_store(harbor=HARBOR))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sum that up for me", Length.SHORTER),
        ("tldr pls", Length.SHORTER),
        ("too long, shorter please", Length.SHORTER),
        ("give me the short version", Length.SHORTER),
        ("opening sentence only", Length.SHORTER),
        ("just the first line of it", Length.SHORTER),
        ("can u summarize", Length.SHORTER),
        ("quote it verbatim", Length.WHOLE),
        ("the full text please", Length.WHOLE),
        ("i need the exact words for my essay", Length.WHOLE),
        ("read all of that to me", Length.WHOLE),
        ("the entire thing, word for word", Length.WHOLE),
        ("give me that again exactly", Length.WHOLE),
        ("not the summary, the whole thing", Length.WHOLE),
        ("what's the mission", None),
        ("what does the full statement say about bikes?", None),
        ("does the text mention the harbor", None),
        ("thanks", None),
        ("the first goal", None),
        ("quick one before my shift: the goals?", None),
    ],
)
def test_requests_about_the_last_answer(text: str, expected: Length | None) -> None:
    assert about_last_answer(text) == expected


def message(text: str, intent: str) -> Message:
    predicted = {"name": intent, "confidence": 0.8}
    return Message({TEXT: text, INTENT: predicted, INTENT_RANKING_KEY: [predicted]})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tldr pls", INTENT_ABOUT_LAST_ANSWER),
        ("ty! now the exact wording", INTENT_ABOUT_LAST_ANSWER),
        ("can you give me that value word for word", INTENT_ABOUT_LAST_ANSWER),
        # a part named without pointing back: a question of its own
        ("summarise the vision", INTENT_ASK_VALUE),
        # a position in the list shown is a choice of an item
        ("the first goal, word for word", INTENT_CHOOSE_ITEM),
    ],
)
def test_follow_ups_mark_requests_about_the_last_answer(
    text: str, expected: str
) -> None:
    [result] = FollowUps({}).process([message(text, INTENT_ASK_VALUE)])
    assert result.get(INTENT)["name"] == expected


def converse(store: Store, *steps: tuple[str, str]) -> list[Outcome]:
    """Each message through the route table, the slots carried over."""
    slots: dict[str, Any] = {}
    outcomes = []
    for intent, text in steps:
        request = resolve(store, read_turn(intent, text, (), **slots))
        outcome = routes.plan(routes.ROUTES[intent].action, request)
        slots.update(outcome.slots)
        outcomes.append(outcome)
    return outcomes


def shown(outcome: Outcome) -> list[tuple[str, str]]:
    return [(r.response, r.variables.get("body", "")) for r in outcome.replies]


def test_a_value_shortened_is_its_first_sentence_then_whole_again(
    harbor: Store,
) -> None:
    asked, short, full = converse(
        harbor,
        (INTENT_ASK_VALUE, "what's harbor city's steadiness value"),
        (INTENT_ABOUT_LAST_ANSWER, "tldr"),
        (INTENT_ABOUT_LAST_ANSWER, "ok the whole thing now"),
    )
    description = harbor.departments["harbor"].values[0].description
    assert shown(asked) == [(UTTER_VALUE, description)]
    assert shown(short) == [(UTTER_FIRST_SENTENCE, "We keep calm when others cannot.")]
    assert shown(full) == [(UTTER_VALUE, description)]


def test_a_section_shortened_is_its_first_sentence_and_word_for_word_all_of_it(
    harbor: Store,
) -> None:
    asked, short, full = converse(
        harbor,
        (INTENT_ASK_MISSION, "hcpd mission"),
        (INTENT_ABOUT_LAST_ANSWER, "just the first sentence"),
        (INTENT_ABOUT_LAST_ANSWER, "word for word please"),
    )
    assert shown(short) == [
        (UTTER_FIRST_SENTENCE, "We guard the docks and the neighborhoods around them.")
    ]
    assert shown(full) == shown(asked)
    assert full.replies[0].response == UTTER_SECTION
    assert "families thrive" in full.replies[0].variables["body"]


def test_after_one_item_all_of_them_is_the_whole_part(harbor: Store) -> None:
    _, item, short, whole = converse(
        harbor,
        (INTENT_ASK_GOALS, "harbor city goals"),
        (INTENT_CHOOSE_ITEM, "the first one"),
        (INTENT_ABOUT_LAST_ANSWER, "shorter?"),
        (INTENT_ABOUT_LAST_ANSWER, "all of them pls"),
    )
    goals = harbor.departments["harbor"].sections["goals"].items
    assert item.replies[0].variables["body"] == goals[0]
    assert shown(short) == [
        (UTTER_FIRST_SENTENCE, "Cut response times on the waterfront.")
    ]
    assert whole.replies[0].response == UTTER_SECTION
    assert all(goal in whole.replies[0].variables["body"] for goal in goals)


@pytest.mark.parametrize(
    ("intent", "text", "first"),
    [
        (INTENT_ASK_VALUES, "hcpd values", "Steadiness"),
        (INTENT_ASK_CONTACT, "how do i reach harbor city", "**Front Desk:** 555-0199"),
        (
            INTENT_ASK_GOALS,
            "hcpd goals",
            "Cut response times on the waterfront. " "Publish them every quarter.",
        ),
    ],
)
def test_a_list_shortened_is_its_first_entry(
    harbor: Store, intent: str, text: str, first: str
) -> None:
    _, short = converse(harbor, (intent, text), (INTENT_ABOUT_LAST_ANSWER, "tl;dr"))
    assert shown(short) == [(UTTER_FIRST_ENTRY, first)]


def test_contact_word_for_word_is_all_the_contact_details(harbor: Store) -> None:
    _, full = converse(
        harbor,
        (INTENT_ASK_CONTACT, "harbor city phone number"),
        (INTENT_ABOUT_LAST_ANSWER, "read me all of it"),
    )
    assert full.replies[0].response == UTTER_CONTACT
    assert "www.harborcity.example" in full.replies[0].variables["body"]


@pytest.mark.parametrize("text", ["summarise that", "word for word"])
def test_nothing_answered_yet_is_said_plainly(harbor: Store, text: str) -> None:
    [outcome] = converse(harbor, (INTENT_ABOUT_LAST_ANSWER, text))
    assert shown(outcome) == [(UTTER_NOTHING_ANSWERED, "")]


def test_an_answer_without_store_text_keeps_the_one_before(harbor: Store) -> None:
    asked, greeted, short = converse(
        harbor,
        (INTENT_ASK_VALUE, "hcpd openness"),
        (INTENT_GREET, "hello again"),
        (INTENT_ABOUT_LAST_ANSWER, "short version"),
    )
    assert SLOT_LAST_ANSWER not in greeted.slots
    assert shown(short) == [
        (UTTER_FIRST_SENTENCE, "We tell the public what we do and why.")
    ]


def test_the_slot_round_trips_and_junk_is_dropped() -> None:
    last = LastAnswer(
        (
            Quoted("harbor", "values", value="Openness"),
            Quoted("harbor", "goals", item=2),
        )
    )
    assert last_answer_from_slot(last.to_slot()) == last
    for junk in (
        "values",
        [],
        [{"department": "harbor"}],
        [{"department": "harbor", "part": "goals", "item": -1}],
        [{"department": "harbor", "part": "goals", "item": "2"}],
        [{"department": "harbor", "part": "goals", "item": 1, "paragraph": 0}],
    ):
        assert last_answer_from_slot(junk) is None


def test_a_quoted_piece_the_store_no_longer_has_is_not_quoted(harbor: Store) -> None:
    gone = LastAnswer((Quoted("harbor", "goals", item=9),))
    turn = read_turn(INTENT_ABOUT_LAST_ANSWER, "tldr", (), last_answer=gone.to_slot())
    outcome = last_answer.answer(resolve(harbor, turn))
    assert shown(outcome) == [(UTTER_NOTHING_ANSWERED, "")]


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("One. Two.", "One."),
        (
            "Sworn to the U.S. Constitution. We serve.",
            "Sworn to the U.S. Constitution.",
        ),
        ("No stop here", "No stop here"),
        ('He said "serve." Then left.', 'He said "serve."'),
    ],
)
def test_first_sentence_is_verbatim(text: str, first: str) -> None:
    assert last_answer.first_sentence(text) == first


def test_the_domain_has_the_intent_slot_and_responses() -> None:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    assert names.INTENT_ABOUT_LAST_ANSWER in domain["intents"]
    assert domain["slots"][SLOT_LAST_ANSWER]["influence_conversation"] is False
    for response in (UTTER_FIRST_SENTENCE, UTTER_FIRST_ENTRY, UTTER_NOTHING_ANSWERED):
        assert response in domain["responses"]
