"""Recruit practice: the question generator, marking, and a round turn by turn."""

from __future__ import annotations

from typing import Any

import pytest

from statement_bot.dialogue import routes
from statement_bot.dialogue.context import resolve
from statement_bot.dialogue.replies import Outcome
from statement_bot.dialogue.state import read_turn
from statement_bot.names import (
    INTENT_ASK_CONTENT,
    INTENT_ASK_VALUE,
    INTENT_ASK_VISION,
    INTENT_NLU_FALLBACK,
    INTENT_PRACTICE,
    INTENT_PRACTICE_COMMAND,
    SLOT_PRACTICE,
    SLOT_PRACTICING,
    UTTER_PRACTICE_ASK_DEPARTMENT,
    UTTER_PRACTICE_CONTINUE,
    UTTER_PRACTICE_END,
    UTTER_PRACTICE_HINT,
    UTTER_PRACTICE_NO_VALUES,
    UTTER_PRACTICE_NONE,
    UTTER_PRACTICE_OFFICIAL,
    UTTER_PRACTICE_REVIEW,
    UTTER_PRACTICE_RIGHT,
    UTTER_PRACTICE_SCORE,
    UTTER_PRACTICE_SKIPPED,
    UTTER_PRACTICE_STOPPED,
    UTTER_PRACTICE_WRONG,
    UTTER_SECTION,
)
from statement_bot.practice import plan as practice_plan
from statement_bot.practice import questions as quiz
from statement_bot.practice import round as rounds
from statement_bot.practice.questions import MASK, Command, Kind
from statement_bot.store import Department, Store, load_store
from statement_bot.text import normalize, stem
from statement_bot.understand.search import StatementIndex
from tests.conftest import LAKEVIEW

SEED = quiz.seed_for("test-conversation")


@pytest.fixture
def stores(store: Store, lakeview_store: Store) -> list[Department]:
    return [*store, *lakeview_store]


def test_every_question_is_answerable_from_the_store(stores: list[Department]) -> None:
    for department in stores:
        built = quiz.questions(department, SEED)
        assert built, department.id
        assert len({q.id for q in built}) == len(built)
        for q in built:
            if q.kind in (Kind.WHICH_VALUE, Kind.FILL_GAP):
                assert q.choices.count(q.expected) == 1, q.id
                assert len(set(q.choices)) == len(q.choices), q.id
            if q.kind == Kind.WHICH_VALUE:
                assert q.official == next(
                    v.description for v in department.values if v.name == q.expected
                )
            if q.kind == Kind.FILL_GAP:
                assert q.prompt.count(MASK) == 1
                restored = q.prompt.replace(MASK, q.expected)
                assert normalize(restored) == normalize(q.official), q.id
            if q.kind == Kind.MEANING:
                assert q.key_terms
                for term in q.key_terms:
                    assert term in normalize(q.official)


def test_masks_do_not_leak_the_value_s_name(stores: list[Department]) -> None:
    for department in stores:
        for q in quiz.questions(department, SEED):
            if q.kind != Kind.WHICH_VALUE:
                continue
            value = next(v for v in department.values if v.name == q.expected)
            named = {
                stem(w)
                for phrase in (value.name, *value.aliases)
                for w in normalize(phrase).split()
                if len(w) > 2 and w != "and"
            }
            shown = {stem(w) for w in normalize(q.prompt).split()}
            assert not named & shown, (q.id, named & shown)


def test_questions_are_the_same_for_a_conversation_and_mixed(store: Store) -> None:
    cambridge = store.get("cambridge")
    first = [q.id for q in quiz.questions(cambridge, SEED)]
    assert first == [q.id for q in quiz.questions(cambridge, SEED)]
    other = [q.id for q in quiz.questions(cambridge, quiz.seed_for("else"))]
    assert sorted(first) == sorted(other) and first != other
    # the first five are of at least three kinds
    kinds = {quiz.question(cambridge, SEED, qid).kind for qid in first[:5]}
    assert len(kinds) >= 3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hint", Command.HINT),
        ("Hint please", Command.HINT),
        ("skip", Command.SKIP),
        ("I don't know", Command.SKIP),
        ("next question", Command.NEXT),
        ("repeat", Command.REPEAT),
        ("STOP", Command.STOP),
        ("ok stop", Command.STOP),
        ("i'm done", Command.STOP),
        ("again", Command.AGAIN),
        ("another round", Command.AGAIN),
        ("continue", Command.CONTINUE),
        ("stop the car", None),
        ("what does integrity mean", None),
        ("help me", None),
    ],
)
def test_commands(text: str, expected: Command | None) -> None:
    assert quiz.command(text) == expected


def which_value(department: Department) -> quiz.Question:
    return next(
        q for q in quiz.questions(department, SEED) if q.kind == Kind.WHICH_VALUE
    )


def test_a_choice_by_number_letter_name_typo_alias_or_place(store: Store) -> None:
    department = store.get("cambridge")
    q = which_value(department)
    second = q.choices[1]
    for text in ("2", "b", second, second.lower() + "!", "the second one"):
        assert quiz.chosen(q, department, text) == second, text
    typo = q.expected[:-1] + q.expected[-1] * 2  # "Integrityy"
    assert quiz.chosen(q, department, typo) == q.expected
    assert quiz.chosen(q, department, "banana") is None
    west_sac = store.get("west_sacramento")
    q = next(
        q
        for q in quiz.questions(west_sac, SEED)
        if q.kind == Kind.WHICH_VALUE and q.expected == "Esprit De Corp"
    )
    assert quiz.chosen(q, west_sac, "esprit de corps") == "Esprit De Corp"


def test_a_meaning_is_marked_by_the_key_terms_it_covers(store: Store) -> None:
    department = store.get("cambridge")
    q = quiz.question(department, SEED, "meaning:Professionalism")
    assert q is not None
    good = quiz.mark(q, department, f"being {', '.join(q.key_terms[:3])}")
    assert good.right and len(good.covered) == 3
    bad = quiz.mark(q, department, "being nice")
    assert not bad.right and bad.missed == q.key_terms


def test_naming_them_all(store: Store) -> None:
    department = store.get("alhambra")
    q = quiz.question(department, SEED, "name_all")
    assert q is not None
    text = "six: trustworthiness, respect, responsibilty, fairness, caring, citizenship"
    assert quiz.mark(q, department, text).right
    partial = quiz.mark(q, department, "respect and caring")
    assert not partial.right and partial.covered == ("Respect", "Caring")


@pytest.mark.parametrize(
    "slot",
    [
        None,
        "junk",
        [],
        {},
        {"department": 3, "seed": 1},
        {"department": "x", "seed": -1},
    ],
)
def test_a_broken_slot_is_no_round(slot: Any) -> None:
    assert rounds.Round.from_slot(slot) is None


# ---- turn by turn ---------------------------------------------------------


class Chat:
    """A conversation with the practice planner, keeping the slots as Rasa would."""

    def __init__(self, store: Store, default: str | None = None, size: int = 5) -> None:
        self.store = store
        self.index = StatementIndex(store)
        self.slots: dict[str, Any] = {}
        self.default = default
        self.size = size

    def say(self, text: str, intent: str = INTENT_NLU_FALLBACK) -> Outcome:
        turn = read_turn(
            intent=intent,
            text=text,
            department=self.slots.get("department"),
            topic=self.slots.get("topic"),
            value=self.slots.get("value"),
            shown=self.slots.get("shown"),
            practice=self.slots.get(SLOT_PRACTICE),
        )
        request = resolve(self.store, turn, self.index, self.default)
        outcome = practice_plan.plan(request, SEED, self.size, routes.answer_between)
        assert outcome.replies, text
        self.slots.update(outcome.slots)
        return outcome

    @property
    def round(self) -> rounds.Round:
        made = rounds.Round.from_slot(self.slots.get(SLOT_PRACTICE))
        assert made is not None
        return made

    def current(self) -> quiz.Question:
        q = rounds.current(self.round, self.store.get(self.round.department))
        assert q is not None
        return q

    def right_answer(self) -> str:
        q = self.current()
        if q.kind == Kind.MEANING:
            return " ".join(q.key_terms)
        if q.kind == Kind.NAME_ALL:
            return q.official
        return q.expected


def responses(outcome: Outcome) -> list[str]:
    return [r.response for r in outcome.replies]


def test_a_full_round(store: Store) -> None:
    chat = Chat(store)
    first = chat.say("quiz me on cambridge's values", INTENT_PRACTICE)
    assert first.replies[0].variables["number"] == "1"
    assert first.replies[0].variables["total"] == "5"
    assert {"Hint", "Skip", "Stop"} <= {b["title"] for b in first.replies[0].buttons}
    assert chat.slots[SLOT_PRACTICING] is True
    asked = [chat.current().id]

    right = chat.say(chat.right_answer())
    assert responses(right)[0] == UTTER_PRACTICE_RIGHT
    assert UTTER_PRACTICE_OFFICIAL in responses(right)
    assert right.replies[responses(right).index(UTTER_PRACTICE_SCORE)].variables == {
        "score": "1",
        "answered": "1",
    }
    asked.append(chat.current().id)

    hint = chat.say("hint", INTENT_PRACTICE_COMMAND)
    assert responses(hint) == [UTTER_PRACTICE_HINT]
    assert chat.current().id == asked[-1]  # a hint does not move on

    skipped = chat.say("skip", INTENT_PRACTICE_COMMAND)
    assert responses(skipped)[0] == UTTER_PRACTICE_SKIPPED
    asked.append(chat.current().id)

    wrong = chat.say("zzz" if chat.current().choices else "no clue at all")
    assert responses(wrong)[0] in (UTTER_PRACTICE_WRONG, "utter_practice_short")
    asked.append(chat.current().id)

    repeated = chat.say("repeat", INTENT_PRACTICE_COMMAND)
    assert repeated.replies[0].variables["number"] == "4"

    fourth = chat.say(chat.right_answer())
    assert responses(fourth)[0] == UTTER_PRACTICE_RIGHT
    asked.append(chat.current().id)

    end = chat.say("skip", INTENT_PRACTICE_COMMAND)
    assert responses(end)[-1] == UTTER_PRACTICE_END
    assert end.replies[-1].variables == {"score": "2", "total": "5"}
    review = end.replies[responses(end).index(UTTER_PRACTICE_REVIEW)]
    assert review.buttons and all("ask_value" in b["payload"] for b in review.buttons)
    assert chat.round.finished

    again = chat.say("again", INTENT_PRACTICE_COMMAND)
    assert again.replies[0].variables["number"] == "1"
    second_round = []
    for _ in range(5):
        second_round.append(chat.current().id)
        chat.say("skip", INTENT_PRACTICE_COMMAND)
    assert len(set(asked + second_round)) == 10  # nothing repeats yet


def test_a_statement_question_in_the_middle_is_answered_and_the_round_waits(
    store: Store,
) -> None:
    chat = Chat(store)
    chat.say("practice west sac values", INTENT_PRACTICE)
    waiting = chat.current().id
    outcome = chat.say("what is cambridge's vision?", INTENT_ASK_VISION)
    assert responses(outcome) == [UTTER_SECTION, UTTER_PRACTICE_CONTINUE]
    assert outcome.replies[0].variables["department_name"] == (
        "Cambridge Police Department"
    )
    assert chat.current().id == waiting
    assert chat.round.department == "west_sacramento"
    resumed = chat.say("continue", INTENT_PRACTICE_COMMAND)
    assert resumed.replies[0].variables["number"] == "1"


def test_stop_ends_at_once(store: Store) -> None:
    chat = Chat(store)
    chat.say("test me on apd", INTENT_PRACTICE)
    chat.say("skip", INTENT_PRACTICE_COMMAND)
    stopped = chat.say("stop", INTENT_PRACTICE_COMMAND)
    assert responses(stopped)[0] == UTTER_PRACTICE_STOPPED
    assert chat.slots[SLOT_PRACTICING] is False and chat.slots[SLOT_PRACTICE] is None
    after = chat.say("skip", INTENT_PRACTICE_COMMAND)
    assert responses(after) == [UTTER_PRACTICE_NONE]


def test_no_department_asks_with_buttons_and_the_default_answers(store: Store) -> None:
    asked = Chat(store).say("quiz me", INTENT_PRACTICE)
    assert responses(asked) == [UTTER_PRACTICE_ASK_DEPARTMENT]
    assert len(asked.replies[0].buttons) == len(store)
    assert all(b["payload"].startswith("/practice{") for b in asked.replies[0].buttons)
    chat = Chat(store, default="alhambra")
    chat.say("quiz me", INTENT_PRACTICE)
    assert chat.round.department == "alhambra"


def test_a_round_on_a_test_only_department(lakeview_store: Store) -> None:
    chat = Chat(lakeview_store, size=3)
    chat.say("quiz me on lakeview", INTENT_PRACTICE)
    for _ in range(3):
        outcome = chat.say(chat.right_answer(), INTENT_ASK_VALUE)
    assert responses(outcome)[-1] == UTTER_PRACTICE_END
    assert outcome.replies[-1].variables == {"score": "3", "total": "3"}


def test_without_values_the_mission_is_practised_and_without_either_nothing(
    write_store: Any,
) -> None:
    no_values = (
        LAKEVIEW.split("values:")[0] + "contact:" + LAKEVIEW.split("contact:")[1]
    )
    outcome = Chat(load_store(write_store(lakeview=no_values))).say(
        "quiz me on lakeview", INTENT_PRACTICE
    )
    assert responses(outcome) == ["utter_practice_fill_gap"]
    motto_only = no_values.replace("  mission:", "  goals:", 1).replace(
        "Lakeview officers keep the lakeshore safe for every resident and visitor.",
        "Safe shores.",
    )
    outcome = Chat(load_store(write_store(lakeview=motto_only))).say(
        "quiz me on lakeview", INTENT_PRACTICE
    )
    assert responses(outcome) == [UTTER_PRACTICE_NO_VALUES]


def test_a_question_about_another_department_is_no_answer_even_with_a_choice_in_it(
    store: Store,
) -> None:
    """A choice's word inside a question about another department ("what is
    Cambridge's mission?" while "mission" is a choice) asks that question."""
    chat = Chat(store, size=10)
    chat.say("practice west sac", INTENT_PRACTICE)
    checked = 0
    for _ in range(10):
        q = chat.current()
        choice = next((c for c in q.choices if len(c.split()) == 1), None)
        if choice is not None:
            position = chat.round.position
            outcome = chat.say(f"what is cambridge's {choice}?", INTENT_ASK_CONTENT)
            assert responses(outcome)[-1] == UTTER_PRACTICE_CONTINUE, choice
            assert chat.round.position == position  # still waiting for the answer
            checked += 1
        chat.say("skip", INTENT_PRACTICE_COMMAND)
    assert checked


def test_naming_them_all_through_the_route_table_is_an_answer(store: Store) -> None:
    """The list of value names that answers "name them all" reaches the practice
    through ``routes.plan`` (as the action runs it): it is marked, not taken for
    several questions about those values."""
    chat = Chat(store)
    chat.say("quiz me on alhambra's values", INTENT_PRACTICE)
    for _ in range(10):
        if chat.current().kind == Kind.NAME_ALL:
            break
        chat.say("skip", INTENT_PRACTICE_COMMAND)
    assert chat.current().kind == Kind.NAME_ALL
    turn = read_turn(
        intent="ask_values",
        text=chat.right_answer(),
        department=chat.slots.get("department"),
        practice=chat.slots.get(SLOT_PRACTICE),
    )
    request = resolve(store, turn, chat.index)
    outcome = routes.plan("action_practice", request)
    assert responses(outcome)[0] == UTTER_PRACTICE_RIGHT
