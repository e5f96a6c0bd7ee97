"""Answerability: a store passage is given only for what the message names or
for what the passage covers; else "the statement does not say" and the
department's own contacts (statement_bot.understand.asking and the planners)."""

from __future__ import annotations

import pytest

from statement_bot.dialogue import routes
from statement_bot.dialogue.context import resolve
from statement_bot.dialogue.state import Turn
from statement_bot.store import Store
from statement_bot.understand.asking import never_in_a_statement, unnamed_words
from statement_bot.understand.search import StatementIndex

QUOTES = {"utter_section", "utter_values", "utter_value", "utter_search_hit"}


def plan(store: Store, text: str, intent: str, department: str | None = None) -> list:
    request = resolve(
        store,
        Turn(intent=intent, text=text, department=department),
        StatementIndex(store),
    )
    return routes.ROUTES[intent].planner(request).replies


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # the model's guess names a part the message never asked for
        ("who heads the lakeview police these days?", "ask_mission"),
        ("does lakeview pd issue tasers to every officer?", "inform_department"),
        ("what year was lakeview's department founded", "inform_department"),
        ("how many officers patrol the lakeshore?", "ask_content"),
        ("lvpd lobby hours on sunday?", "ask_contact"),
        ("what's the starting salary at lakeview pd", "ask_values"),
        ("what is the crime rate in lakeview these days", "nlu_fallback"),
    ],
)
def test_what_the_statement_does_not_say_gets_no_passage(
    lakeview_store: Store, text: str, intent: str
) -> None:
    replies = plan(lakeview_store, text, intent, "lakeview")
    assert [r.response for r in replies] == ["utter_not_in_statement"]
    assert "555-0100" in replies[0].variables["body"]  # the department's own line
    assert not QUOTES & {r.response for r in replies}


@pytest.mark.parametrize(
    ("text", "intent", "expected"),
    [
        ("what is lakeview's mission?", "ask_mission", "utter_section"),
        ("and their motto", "ask_section", "utter_section"),
        ("tell me about lakeview", "inform_department", "utter_overview_values"),
        ("what do they stand for?", "ask_values", "utter_values"),
        # words the part covers: the model's reading stands
        ("do they keep the lakeshore safe?", "ask_mission", "utter_section"),
        ("how many values does lakeview list?", "ask_values", "utter_values"),
        # typos of the part's name, and words the statement itself uses
        ("lvpd vals?", "ask_values", "utter_values"),
        # a claim about the statement, read by the model as the department alone
        (
            "My cousin says Lakeview officers look after the shoreline. Is that "
            "actually in their statement?",
            "inform_department",
            "utter_search_hit",
        ),
        ("wat is lakevew's misison", "ask_mission", "utter_section"),
        ("do they say plainly what they know?", "ask_values", "utter_values"),
        (
            "I have my oral board next week, what are lakeview's values?",
            "ask_values",
            "utter_values",
        ),
    ],
)
def test_what_was_asked_is_answered(
    lakeview_store: Store, text: str, intent: str, expected: str
) -> None:
    replies = plan(lakeview_store, text, intent, "lakeview")
    assert replies[0].response == expected


def test_a_department_with_no_contacts_says_so(write_store) -> None:
    from statement_bot.store import load_store

    store = load_store(
        write_store(
            quiet="""
            id: quiet
            name: Quiet Hollow Police Department
            sections:
              mission:
                title: Mission
                paragraphs: [We keep Quiet Hollow calm.]
            """
        )
    )
    replies = plan(store, "who is the police chief of quiet hollow?", "ask_mission")
    assert [r.response for r in replies] == ["utter_not_in_statement_no_contact"]


def test_words_naming_the_department_or_a_part_are_not_asked_about(
    lakeview_store: Store,
) -> None:
    index = StatementIndex(lakeview_store)
    lakeview = lakeview_store.get("lakeview")
    assert unnamed_words(index, "give me the LVPD motto please", lakeview) == ()
    assert unnamed_words(index, "does lakeview use drones?", lakeview) != ()


@pytest.mark.parametrize(
    ("text", "never"),
    [
        ("how many officers are there", True),
        ("who runs the department", True),
        ("when was it founded", True),
        ("what does their vision say about youth", False),
        ("who do they serve", False),
    ],
)
def test_questions_no_statement_answers(text: str, never: bool) -> None:
    assert never_in_a_statement(text) is never


@pytest.mark.parametrize("intent", ["inform_department", "ask_content"])
def test_a_part_the_words_name_wins_over_the_conversations(
    lakeview_store: Store, intent: str
) -> None:
    """After a value, "lvpd phone number" read as the department alone asks for
    the phone, not for that value again."""
    request = resolve(
        lakeview_store,
        Turn(intent=intent, text="lvpd phone number", topic="value", value="Candor"),
        StatementIndex(lakeview_store),
    )
    replies = routes.ROUTES[intent].planner(request).replies
    assert [r.response for r in replies] == ["utter_contact"]
