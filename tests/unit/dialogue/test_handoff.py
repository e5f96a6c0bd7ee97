"""A hand-off to the department, and feedback on answers (planners and the
tracker reading of the actions)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from statement_bot.dialogue.context import resolve
from statement_bot.dialogue.misses import count_misses_before, is_missed
from statement_bot.dialogue.plan import fallback as fallback_plan
from statement_bot.dialogue.plan import service
from statement_bot.dialogue.state import read_turn
from statement_bot.store import Store


@pytest.mark.parametrize(
    ("department", "response", "contains"),
    [
        ("cambridge", "utter_handoff", "617-349-3300"),
        ("alhambra", "utter_handoff_no_contact", "Cambridge Police Department"),
        (None, "utter_handoff_general", "West Sacramento Police Department"),
    ],
)
def test_a_person_is_the_department_s_own_contacts(
    store: Store, department: str | None, response: str, contains: str
) -> None:
    turn = read_turn(
        intent="ask_human", text="can I talk to someone?", department=department
    )
    reply = service.handoff(resolve(store, turn)).replies[0]
    assert reply.response == response
    assert contains in " ".join(reply.variables.values())


def test_a_test_only_department_gives_its_phone(lakeview_store: Store) -> None:
    turn = read_turn(intent="ask_human", text="is there a human at lakeview pd?")
    reply = service.handoff(resolve(lakeview_store, turn)).replies[0]
    assert reply.response == "utter_handoff" and "555-0100" in reply.variables["body"]


def test_the_second_miss_in_a_row_offers_a_person(store: Store) -> None:
    turn = read_turn(
        intent="nlu_fallback", text="blorp frangle", department="cambridge"
    )
    assert [
        r.response for r in fallback_plan.fallback(resolve(store, turn)).replies
    ] == ["utter_fallback"]
    again = fallback_plan.fallback(resolve(store, replace(turn, misses=1)))
    assert [r.response for r in again.replies] == ["utter_fallback", "utter_handoff"]


def user() -> dict[str, Any]:
    return {"event": "user", "text": "x"}


def bot(response: str) -> dict[str, Any]:
    return {"event": "bot", "metadata": {"utter_action": response}}


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        ([user()], 0),
        ([user(), bot("utter_fallback"), user()], 1),
        (
            [
                user(),
                bot("utter_fallback"),
                user(),
                bot("utter_search_no_match"),
                user(),
            ],
            2,
        ),
        ([user(), bot("utter_fallback"), user(), bot("utter_value"), user()], 0),
        ([user(), bot("utter_fallback"), {"event": "restart"}, user()], 0),
        # A part the statement lacks is a miss too (one definition with the report).
        ([user(), bot("utter_no_section"), user(), bot("utter_fallback"), user()], 2),
        ([user(), bot("utter_out_of_scope_contact"), user()], 0),
    ],
)
def test_misses_before_the_latest_message(
    events: list[dict[str, Any]], expected: int
) -> None:
    assert count_misses_before(events) == expected


@pytest.mark.parametrize(
    ("responses", "missed"),
    [
        (["utter_fallback"], True),
        (["utter_search_not_in"], True),
        (["utter_unknown_department"], True),
        (["utter_out_of_scope"], True),
        (["utter_out_of_scope_contact"], False),
        (["utter_section"], False),
        ([], False),
    ],
)
def test_one_definition_of_a_miss(responses: list[str], missed: bool) -> None:
    assert is_missed(responses) is missed


@pytest.mark.parametrize(
    ("entities", "response", "buttons"),
    [
        ({"rating": "up"}, "utter_feedback_thanks", 0),
        ({"rating": "down", "department": "cambridge"}, "utter_feedback_why", 3),
        ({"rating": "down", "reason": "hard_to_read"}, "utter_feedback_noted", 0),
    ],
)
def test_feedback(
    store: Store, entities: dict[str, str], response: str, buttons: int
) -> None:
    turn = read_turn(
        intent="feedback",
        entities=tuple({"entity": k, "value": v} for k, v in entities.items()),
    )
    reply = service.feedback(resolve(store, turn)).replies[0]
    assert reply.response == response and len(reply.buttons) == buttons
    for button in reply.buttons:
        assert button["payload"].startswith('/feedback{"rating":"down","reason":')
        assert '"department":"cambridge"' in button["payload"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ok this is going nowhere, is there a human i could ask?", True),
        ("who at the alhambra police could actually answer me? a staff member?", True),
        ("can I speak with someone at cambridge", True),
        ("operator", True),
        ("is this a real person or a bot", False),  # what the bot is
        ("are you a real person", False),
        ("am i talking to a human?", False),
        ("who am I talking to, a person or a program?", False),
        ("<@U024BE7LH> are you a bot or a person", False),
        ("What would I need to live by as an officer at West Sacramento PD?", False),
        ("what does human dignity mean to cambridge?", False),
        ("which value is about treating people the same", False),
        ("do they want officers to be role models?", False),
    ],
)
def test_asking_for_a_person(text: str, expected: bool) -> None:
    from statement_bot.understand.references import asks_person

    assert asks_person(text) is expected
