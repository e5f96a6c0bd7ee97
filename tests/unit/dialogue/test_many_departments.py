"""A store of 2,000 generated departments loads and answers correctly.

Timings (load time, memory, answer latency) are measured by ``make bench``
(bench/many.py), never asserted here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.synthetic import SyntheticDepartment, department, write_departments
from statement_bot.dialogue.context import resolve
from statement_bot.dialogue.plan import statements
from statement_bot.dialogue.replies import Outcome
from statement_bot.dialogue.state import read_turn
from statement_bot.names import (
    INTENT_ASK_CONTACT,
    INTENT_ASK_MISSION,
    INTENT_ASK_VALUE,
    UTTER_CONTACT,
    UTTER_SECTION,
    UTTER_VALUE,
)
from statement_bot.store import Store, load_store
from statement_bot.understand.departments import find_departments

COUNT = 2000
SAMPLE = (0, 1, 26, 399, 1000, 1234, 1998, 1999)


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    folder: Path = tmp_path_factory.mktemp("many") / "store"
    write_departments(folder, COUNT)
    return load_store(folder)


def reply_text(outcome: Outcome) -> str:
    return "\n".join(
        str(value) for reply in outcome.replies for value in reply.variables.values()
    )


def test_every_generated_department_loads(big_store: Store) -> None:
    assert len(big_store) == COUNT
    assert len({d.name for d in big_store}) == COUNT
    assert big_store.get(department(COUNT - 1).id) is not None


@pytest.mark.parametrize("number", SAMPLE)
def test_named_department_is_found_among_thousands(
    big_store: Store, number: int
) -> None:
    facts = department(number)
    found = find_departments(big_store, f"what is the mission of {facts.town} police?")
    assert [d.id for d in found] == [facts.id]


def _turn(intent: str, text: str, facts: SyntheticDepartment, **entities: str):
    return read_turn(
        intent=intent,
        text=text,
        entities=tuple(
            {"entity": name, "value": value} for name, value in entities.items()
        ),
    )


@pytest.mark.parametrize("number", SAMPLE)
@pytest.mark.parametrize(
    ("intent", "question", "response", "expected"),
    [
        (INTENT_ASK_MISSION, "What is {town}'s mission?", UTTER_SECTION, "mission"),
        (
            INTENT_ASK_VALUE,
            "what does {value} mean to {town} PD?",
            UTTER_VALUE,
            "value_description",
        ),
        (
            INTENT_ASK_CONTACT,
            "phone number of the {town} police",
            UTTER_CONTACT,
            "phone",
        ),
    ],
)
def test_answers_quote_the_right_department(
    big_store: Store,
    number: int,
    intent: str,
    question: str,
    response: str,
    expected: str,
) -> None:
    facts = department(number)
    text = question.format(town=facts.town, value=facts.value)
    outcome = statements.answer(
        resolve(big_store, _turn(intent, text, facts, department=facts.town))
    )
    assert [reply.response for reply in outcome.replies] == [response]
    assert getattr(facts, expected) in reply_text(outcome)
    assert outcome.slots.get("department") == facts.id
