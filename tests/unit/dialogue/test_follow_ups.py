"""Follow-ups: positions in the last list shown, and "does X have that too?"."""

from __future__ import annotations

from typing import Any

import pytest

from statement_bot.dialogue import routes
from statement_bot.dialogue.context import resolve
from statement_bot.dialogue.plan import compare as compare_plan
from statement_bot.dialogue.plan import follow_ups, parts, service, statements
from statement_bot.dialogue.plan import search as search_plan
from statement_bot.dialogue.state import read_turn
from statement_bot.names import (
    INTENT_ASK_ALSO,
    INTENT_ASK_GOALS,
    INTENT_ASK_VALUES,
    INTENT_CHOOSE_ITEM,
    SLOT_SHOWN,
    SLOT_VALUE,
    UTTER_ALSO_HAS,
    UTTER_ALSO_RELATED,
    UTTER_ITEM,
    UTTER_NO_ITEM,
    UTTER_SECTION,
    UTTER_VALUE,
    UTTER_VALUE_NOT_LISTED,
    Topic,
)
from statement_bot.store import Store, load_store
from statement_bot.understand import references
from statement_bot.understand.search import StatementIndex


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("and the second one?", [2]),
        ("2nd one?", [2]),
        ("and the 5th", [5]),
        ("what does the last one mean?", [references.LAST]),
        ("tell me about the first one", [1]),
        ("the first two", [1, 2]),
        ("the last two", [-2, -1]),
        ("number 4", [4]),
        ("#3", [3]),
        ("what's the fourth one about?", [4]),
        ("the 2nd goal?", [2]),
        ("what is the mission", None),
        ("first responders", None),
        ("first things first", None),
        ("one of the values", None),
    ],
)
def test_positions(text: str, expected: list[int] | None) -> None:
    assert references.positions(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("does west sac have that too?", True),
        ("does wspd have it too", True),
        ("same for cambridge?", True),
        ("is that in cambridge's list too?", True),
        ("does cambridge have one like that too", True),
        ("what about cambridge", False),
        ("does cambridge have a vision", False),
    ],
)
def test_asks_also(text: str, expected: bool) -> None:
    assert references.asks_also(text) is expected


def shown_after(store: Store, intent: str, text: str) -> list[dict[str, Any]]:
    outcome = statements.answer(resolve(store, read_turn(intent=intent, text=text)))
    return outcome.slots[SLOT_SHOWN]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("and the second one?", ["Respect"]),
        ("what does the last one mean?", ["Citizenship"]),
        ("the first two", ["Trustworthiness", "Respect"]),
    ],
)
def test_a_position_in_the_values_just_shown(
    store: Store, text: str, values: list[str]
) -> None:
    shown = shown_after(store, INTENT_ASK_VALUES, "alhambra's values")
    turn = read_turn(INTENT_CHOOSE_ITEM, text, department="alhambra", shown=shown)
    outcome = follow_ups.choose(resolve(store, turn))
    assert [r.response for r in outcome.replies] == [UTTER_VALUE] * len(values)
    assert [r.variables["value_name"] for r in outcome.replies] == values
    assert outcome.slots[SLOT_VALUE] == values[-1]


def test_a_position_in_the_items_of_a_section(store: Store) -> None:
    shown = shown_after(store, INTENT_ASK_GOALS, "west sac goals")
    turn = read_turn(INTENT_CHOOSE_ITEM, "the 2nd one?", shown=shown)
    outcome = follow_ups.choose(resolve(store, turn))
    assert [r.response for r in outcome.replies] == [UTTER_ITEM]
    assert (
        outcome.replies[0]
        .variables["body"]
        .startswith("Provide training and mentoring")
    )
    assert outcome.replies[0].variables["number"] == "2"


def test_a_position_in_a_list_the_message_names(store: Store) -> None:
    turn = read_turn(INTENT_CHOOSE_ITEM, "the last goal of west sac")
    outcome = follow_ups.choose(resolve(store, turn))
    assert "resources and support" in outcome.replies[0].variables["body"]


def test_a_position_in_a_test_only_department(lakeview_store: Store) -> None:
    shown = shown_after(lakeview_store, INTENT_ASK_VALUES, "lakeview values")
    turn = read_turn(INTENT_CHOOSE_ITEM, "the second one", shown=shown)
    outcome = follow_ups.choose(resolve(lakeview_store, turn))
    assert outcome.replies[0].variables["value_name"] == "Candor"


@pytest.mark.parametrize("shown", [None, [], [{"department": "nowhere"}], "junk"])
def test_a_position_with_nothing_to_point_at_is_not_guessed(
    store: Store, shown: Any
) -> None:
    turn = read_turn(INTENT_CHOOSE_ITEM, "the second one", shown=shown)
    outcome = follow_ups.choose(resolve(store, turn))
    assert len(outcome.replies) == 1
    assert outcome.replies[0].response != UTTER_VALUE


def test_a_position_past_the_end_offers_the_list(store: Store) -> None:
    shown = shown_after(store, INTENT_ASK_VALUES, "alhambra's values")
    turn = read_turn(INTENT_CHOOSE_ITEM, "number 9", shown=shown)
    outcome = follow_ups.choose(resolve(store, turn))
    assert [r.response for r in outcome.replies] == [UTTER_NO_ITEM]
    assert len(outcome.replies[0].buttons) == len(shown)


@pytest.fixture(scope="module")
def index(store: Store) -> StatementIndex:
    return StatementIndex(store)


@pytest.mark.parametrize(
    ("text", "value", "response", "found"),
    [
        ("does west sac have that too?", "Integrity", UTTER_ALSO_HAS, "Integrity"),
        # Alhambra's integrity is part of its Trustworthiness (the search finds it).
        (
            "does alhambra have that too?",
            "Integrity",
            UTTER_ALSO_RELATED,
            "Trustworthiness",
        ),
        ("does cambridge have that too", "Pride", UTTER_VALUE_NOT_LISTED, "Pride"),
    ],
)
def test_does_another_department_have_that_value_too(
    store: Store,
    index: StatementIndex,
    text: str,
    value: str,
    response: str,
    found: str,
) -> None:
    turn = read_turn(
        INTENT_ASK_ALSO, text, department="cambridge", topic=Topic.VALUE, value=value
    )
    outcome = follow_ups.also(resolve(store, turn, index))
    assert [r.response for r in outcome.replies] == [response]
    assert outcome.replies[0].variables["value_name"] == found


def test_does_another_department_have_that_section_too(
    store: Store, index: StatementIndex
) -> None:
    turn = read_turn(
        INTENT_ASK_ALSO,
        "does west sac have that too?",
        department="alhambra",
        topic="goals",
    )
    outcome = follow_ups.also(resolve(store, turn, index))
    assert [r.response for r in outcome.replies] == [UTTER_SECTION]
    assert outcome.replies[0].variables["department_name"].startswith("West Sac")


@pytest.mark.parametrize(
    ("text", "value", "expected"),
    [
        ("what's that value called?", "Advocacy and Empathy", "Advocacy and Empathy"),
        ("what else is in that value?", "Integrity", "Integrity"),
        # a value named or described in the message wins over the remembered one
        ("what does teamwork mean?", "Integrity", "Teamwork"),
    ],
)
def test_that_value_is_the_one_in_the_conversation(
    store: Store, text: str, value: str, expected: str
) -> None:
    turn = read_turn(intent="ask_value", text=text, department="cambridge", value=value)
    outcome = statements.answer(resolve(store, turn))
    assert outcome.replies[0].variables["value_name"] == expected


def test_a_value_held_by_one_department_makes_it_the_context(store: Store) -> None:
    turn = read_turn(intent="ask_shared_values", text="which list compassion?")
    outcome = compare_plan.shared_values(resolve(store, turn))
    assert outcome.slots["department"] == "west_sacramento"
    follow = read_turn(
        intent="ask_value",
        text="what does it mean there?",
        department=outcome.slots["department"],
        topic=outcome.slots["topic"],
        value=outcome.slots["value"],
    )
    reply = statements.answer(resolve(store, follow)).replies[0]
    assert reply.variables["value_name"] == "Compassion"


@pytest.mark.parametrize(
    ("text", "intent", "having", "label"),
    [
        ("which departments have goals?", "ask_goals", ["West Sacramento"], "goals"),
        ("who gives an address?", "ask_contact", ["Cambridge"], "address"),
        ("does any of them have a motto?", "ask_section", ["Cambridge"], "motto"),
    ],
)
def test_which_departments_have_a_part(
    store: Store, text: str, intent: str, having: list[str], label: str
) -> None:
    outcome = statements.answer(resolve(store, read_turn(intent=intent, text=text)))
    first = outcome.replies[0]
    assert first.response == "utter_which_have"
    assert first.variables["label"] == label
    assert [b["title"].split(" Police")[0] for b in first.buttons] == having
    assert outcome.replies[1].response == "utter_which_have_not"


@pytest.mark.parametrize(
    ("text", "context", "response", "fragment"),
    [
        (
            "who is the chief of cambridge police?",
            None,
            "utter_out_of_scope_contact",
            "617-349-3300",
        ),
        (
            "what are their opening hours?",
            "cambridge",
            "utter_out_of_scope_contact",
            "617-349-3300",
        ),
        ("how do I apply to alhambra pd?", None, "utter_out_of_scope_no_contact", None),
        ("what's the weather like tomorrow?", "cambridge", "utter_out_of_scope", None),
    ],
)
def test_out_of_scope_about_a_known_department_gives_its_contacts(
    store: Store, text: str, context: str | None, response: str, fragment: str | None
) -> None:
    turn = read_turn(intent="out_of_scope", text=text, department=context)
    reply = service.out_of_scope(resolve(store, turn)).replies[0]
    assert reply.response == response
    if fragment:
        assert fragment in reply.variables["body"]


def test_a_test_only_department_without_a_website_gives_its_phone(
    lakeview_store: Store,
) -> None:
    turn = read_turn(intent="out_of_scope", text="who runs lakeview pd?")
    reply = service.out_of_scope(resolve(lakeview_store, turn)).replies[0]
    assert "555-0100" in reply.variables["body"]


def test_that_too_without_a_department_asks_with_buttons(
    store: Store, index: StatementIndex
) -> None:
    turn = read_turn(
        INTENT_ASK_ALSO, "do they have it too?", topic=Topic.VALUE, value="Integrity"
    )
    reply = follow_ups.also(resolve(store, turn, index)).replies[0]
    assert reply.response == "utter_ask_what"
    assert len(reply.buttons) == len(store)


@pytest.mark.parametrize(
    ("text", "count", "department"),
    [
        ("the other one", 1, False),
        ("and the other one?", 1, False),
        ("what about the other two", 2, False),
        ("and the other?", 1, False),
        ("what about the other department?", 1, True),
        ("what are the other dept's goals", 1, True),
        ("holding each other accountable", None, False),
        ("other departments", None, False),
        ("on the other hand", None, False),
    ],
)
def test_the_other(text: str, count: int | None, department: bool) -> None:
    assert references.other(text) == count
    assert references.other_department(text) is department


def test_the_other_one_after_two_values_side_by_side(store: Store) -> None:
    first = parts.values_side_by_side(
        store.get("west_sacramento"), ["Integrity", "Respect"]
    )
    turn = read_turn(
        INTENT_CHOOSE_ITEM,
        "and the other one?",
        department=first.slots["department"],
        topic=first.slots["topic"],
        value=first.slots["value"],
        shown=first.slots["shown"],
    )
    assert turn.value == "Respect"
    outcome = follow_ups.choose(resolve(store, turn))
    assert [r.variables["value_name"] for r in outcome.replies] == ["Integrity"]
    assert outcome.slots[SLOT_VALUE] == "Integrity"


def test_the_other_one_after_two_departments_compared(store: Store) -> None:
    first = compare_plan.compare(
        resolve(
            store, read_turn(intent="compare_departments", text="apd vs cpd vision?")
        )
    )
    turn = read_turn(
        INTENT_CHOOSE_ITEM,
        "the other one again",
        department=first.slots["department"],
        topic=first.slots["topic"],
        shown=first.slots["shown"],
    )
    outcome = follow_ups.choose(resolve(store, turn))
    assert [r.response for r in outcome.replies] == ["utter_section"]
    assert (
        outcome.replies[0].variables["department_name"] == "Alhambra Police Department"
    )


@pytest.mark.parametrize(
    ("intent", "text"),
    [
        (INTENT_CHOOSE_ITEM, "what about the other department?"),
        ("ask_goals", "what are the other department's goals?"),
    ],
)
def test_the_other_department_is_the_one_talked_about_before(
    store: Store, intent: str, text: str
) -> None:
    turn = read_turn(
        intent,
        text,
        department="cambridge",
        topic="goals",
        earlier=("cambridge", "west_sacramento", "alhambra"),
    )
    planner = follow_ups.choose if intent == INTENT_CHOOSE_ITEM else statements.answer
    outcome = planner(resolve(store, turn))
    assert outcome.replies[0].variables["department_name"] == (
        "West Sacramento Police Department"
    )
    assert outcome.slots["department"] == "west_sacramento"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("the other department", None),
        # two values shown, neither the one in the conversation: which?
        (
            "the other one",
            [
                {"department": "alhambra", "value": "Respect"},
                {"department": "alhambra", "value": "Trustworthiness"},
            ],
        ),
    ],
)
def test_the_other_with_nothing_to_tell_it_from_asks_with_buttons(
    store: Store, text: str, shown: Any
) -> None:
    turn = read_turn(INTENT_CHOOSE_ITEM, text, department="alhambra", shown=shown)
    outcome = follow_ups.choose(resolve(store, turn))
    assert len(outcome.replies) == 1
    assert outcome.replies[0].response in ("utter_ask_department", UTTER_NO_ITEM)
    assert len(outcome.replies[0].buttons) >= 2


def test_the_other_department_in_a_test_only_store(
    write_store: Any,
) -> None:
    from tests.conftest import LAKEVIEW

    hillcrest = (
        LAKEVIEW.replace("id: lakeview", "id: hillcrest")
        .replace("Lakeview", "Hillcrest")
        .replace("LVPD", "HCPD")
    )
    test_store = load_store(write_store(lakeview=LAKEVIEW, hillcrest=hillcrest))
    turn = read_turn(
        INTENT_CHOOSE_ITEM,
        "and the other department?",
        department="hillcrest",
        topic="motto",
        earlier=("hillcrest", "lakeview"),
    )
    outcome = follow_ups.choose(resolve(test_store, turn))
    assert (
        outcome.replies[0].variables["department_name"] == "Lakeview Police Department"
    )
    assert "Steady as the lake." in outcome.replies[0].variables["body"]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("which departments have goals?", ["West Sacramento Police Department"]),
        ("which depts do you cover", None),
    ],
)
def test_which_departments_when_the_model_reads_it_as_the_list(
    store: Store, text: str, named: list[str] | None
) -> None:
    turn = read_turn(intent="list_departments", text=text)
    outcome = statements.list_or_which_have(resolve(store, turn))
    if named is None:
        assert [r.response for r in outcome.replies] == ["utter_departments"]
    else:
        assert outcome.replies[0].variables["department_names"] == named[0]


def test_that_value_read_as_shared_values_stays_on_the_value(store: Store) -> None:
    turn = read_turn(
        intent="ask_shared_values",
        text="what else is in that value?",
        department="alhambra",
        topic=Topic.VALUE,
        value="Trustworthiness",
    )
    outcome = compare_plan.shared_values(resolve(store, turn))
    assert [r.response for r in outcome.replies] == [UTTER_VALUE]
    assert outcome.replies[0].variables["value_name"] == "Trustworthiness"


@pytest.mark.parametrize(
    ("intent", "text", "value"),
    [
        (
            "ask_values",
            "is diversity one of west sac's values? what does it say",
            "Diversity",
        ),
        (
            "ask_content",
            "what does west sac say about courage?",
            "Selflessness & Courage",
        ),
    ],
)
def test_a_value_named_is_that_value(
    store: Store, index: StatementIndex, intent: str, text: str, value: str
) -> None:
    turn = read_turn(intent=intent, text=text)
    outcome = routes.answer_between(resolve(store, turn, index))
    assert [r.response for r in outcome.replies] == [UTTER_VALUE]
    assert outcome.replies[0].variables["value_name"] == value


def test_that_list_after_a_search_hit_is_the_list_it_is_in(
    store: Store, index: StatementIndex
) -> None:
    first = search_plan.search(
        resolve(
            store,
            read_turn(
                intent="ask_content",
                text="does cambridge's vision say it holds employees accountable for outcomes?",
            ),
            index,
        )
    )
    turn = read_turn(
        intent="ask_shared_values",
        text="what else is on that list?",
        **{k: first.slots.get(k) for k in ("department", "topic", "value", "shown")},
    )
    outcome = compare_plan.shared_values(resolve(store, turn))
    assert [r.response for r in outcome.replies] == [UTTER_SECTION]
    assert "Delivering quality services" in outcome.replies[0].variables["body"]


@pytest.mark.parametrize(
    "text",
    [
        "is wspd doing anything for pride month",
        "how do i get a protection order in west sac",
    ],
)
def test_a_value_word_in_another_question_is_not_that_value(
    store: Store, index: StatementIndex, text: str
) -> None:
    turn = read_turn(intent="ask_content", text=text)
    outcome = search_plan.search(resolve(store, turn, index))
    assert UTTER_VALUE not in [r.response for r in outcome.replies]
