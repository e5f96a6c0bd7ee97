"""The one route table (statement_bot.dialogue.routes.ROUTES) against the rules
and the domain; planners never come back to it; what changed when the three
tables of before became this one."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
import yaml

from actions import actions as rasa_actions
from statement_bot.dialogue import routes
from statement_bot.dialogue.context import resolve
from statement_bot.dialogue.state import read_turn
from statement_bot.names import (
    ACTION_PRACTICE,
    INTENT_ASK_VALUE,
    INTENT_CHOOSE_ITEM,
    INTENT_HELP,
    INTENT_NLU_FALLBACK,
    INTENT_PRACTICE,
    INTENT_SHARED_VALUES,
    SLOT_PRACTICE,
    UTTER_HELP,
    UTTER_VALUE,
)
from statement_bot.practice.round import Round
from statement_bot.store import Store
from statement_bot.understand.search import StatementIndex
from tests.paths import ROOT

CORE = ROOT / "statement_bot"


def rule_steps() -> list[tuple[list[str], str, bool]]:
    """Every rule as (its intents, its action, whether it has a condition)."""
    found = []
    for path in sorted((ROOT / "data" / "rules").glob("*.yml")):
        for rule in yaml.safe_load(path.read_text())["rules"]:
            intents: list[str] = []
            actions = []
            for step in rule["steps"]:
                if "intent" in step:
                    intents.append(step["intent"])
                for choice in step.get("or", []):
                    intents.append(choice["intent"])
                if "action" in step:
                    actions.append(step["action"])
            assert len(actions) == 1, rule["rule"]
            found.append((intents, actions[0], "condition" in rule))
    return found


@pytest.fixture(scope="module")
def domain() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "domain.yml").read_text())


def test_every_rule_sends_its_intents_where_the_table_does() -> None:
    unconditional = {}
    for intents, action, conditional in rule_steps():
        if conditional:
            continue
        for intent in intents:
            unconditional[intent] = action
    assert {i: r.action for i, r in routes.ROUTES.items()} == unconditional


def test_what_practice_takes_in_between_is_routed() -> None:
    """While a round goes on, the rules send these to the practice, which
    answers a question in between through the table."""
    conditional = [(i, a) for i, a, c in rule_steps() if c]
    assert conditional
    for intents, action in conditional:
        assert action == ACTION_PRACTICE
        assert set(intents) <= set(routes.ROUTES)


def test_every_action_in_the_table_is_in_the_domain(domain: dict[str, Any]) -> None:
    for route in routes.ROUTES.values():
        if route.action.startswith("utter_"):
            assert route.action in domain["responses"], route.action
        else:
            assert route.action in domain["actions"], route.action


def test_one_generated_action_class_per_custom_action(domain: dict[str, Any]) -> None:
    classes = {
        value().name()
        for value in vars(rasa_actions).values()
        if isinstance(value, type)
        and issubclass(value, rasa_actions.PlannerAction)
        and value is not rasa_actions.PlannerAction
    }
    assert classes == set(routes.ACTIONS)
    custom = {a for a in domain["actions"] if a.startswith("action_")}
    assert custom <= classes


PLANNER_MODULES = sorted(
    [*(CORE / "dialogue" / "plan").glob("*.py"), *(CORE / "practice").glob("*.py")]
)


@pytest.mark.parametrize("path", PLANNER_MODULES, ids=lambda p: p.name)
def test_no_planner_calls_back_into_the_router(path: Path) -> None:
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            names = {alias.name for alias in node.names}
            assert not module.endswith("routes"), f"{path.name} imports {module}"
            assert "routes" not in names, f"{path.name} imports routes"
        if isinstance(node, ast.Import):
            assert not any(a.name.endswith("routes") for a in node.names), path.name
        if isinstance(node, ast.Name):
            assert node.id not in ("ROUTES", "routes"), f"{path.name}: {node.id}"
        if isinstance(node, ast.Attribute):
            assert node.attr != "ROUTES", path.name


@pytest.fixture(scope="module")
def index(store: Store) -> StatementIndex:
    return StatementIndex(store)


@pytest.fixture(scope="module")
def store() -> Store:
    from statement_bot.settings import DEFAULT_STORE_DIR
    from statement_bot.store import load_store

    return load_store(DEFAULT_STORE_DIR)


FINISHED = Round(
    "west_sacramento", 7, position=5, size=5, score=3, answered=5, finished=True
).to_slot()


@pytest.mark.parametrize("practice", [FINISHED, None], ids=["finished", "no round"])
@pytest.mark.parametrize("text", ["help", "what can you do?"])
def test_help_in_the_practice_is_what_the_rules_send_it_to(
    store: Store, index: StatementIndex, practice: Any, text: str
) -> None:
    """Deliberate change (a). Before, the practice answered a message in between
    with its own copy of the table (answers.route), which sent every intent it
    did not list to the fallback: "help" after a round (the rules send it to the
    practice while ``practicing`` is set) was a statement search ("help" quoted
    three passages) or "not understood". The one table sends help where the
    rule sends it outside practice: utter_help."""
    turn = read_turn(INTENT_HELP, text, **{SLOT_PRACTICE: practice})
    outcome = routes.ROUTES[INTENT_PRACTICE].planner(resolve(store, turn, index))
    assert [r.response for r in outcome.replies] == [UTTER_HELP]
    assert outcome.slots[SLOT_PRACTICE] is None


@pytest.mark.parametrize(
    ("intent", "text", "slots"),
    [
        # "the other department" after Alhambra's Caring: West Sac's value
        (
            INTENT_CHOOSE_ITEM,
            "and the other department?",
            {"earlier": ("alhambra", "west_sacramento"), "department": "alhambra"},
        ),
        # "that value" in the conversation, asked again
        (INTENT_SHARED_VALUES, "what's that value called?", {}),
        # pointing back at low confidence
        (INTENT_NLU_FALLBACK, "what does that value mean?", {}),
    ],
)
def test_internal_calls_keep_the_index(
    store: Store, index: StatementIndex, intent: str, text: str, slots: dict[str, Any]
) -> None:
    """Deliberate change (b). These paths re-entered the old answers.answer with a
    faked turn and no index, so a value named by another department's word
    ("Caring") was not found by its description at West Sac; the direct calls
    keep the index: West Sac's Compassion ("caring" in the synonyms)."""
    context = {"department": "west_sacramento", "topic": "value", "value": "Caring"}
    turn = read_turn(intent, text, **{**context, **slots})
    outcome = routes.ROUTES[intent].planner(resolve(store, turn, index))
    assert [r.response for r in outcome.replies] == [UTTER_VALUE]
    assert outcome.replies[0].variables["value_name"] == "Compassion"
    assert outcome.replies[0].variables["department_name"] == (
        "West Sacramento Police Department"
    )


def test_a_value_asked_by_intent_is_not_changed(
    store: Store, index: StatementIndex
) -> None:
    """The route planner had the index before: still the same value."""
    turn = read_turn(INTENT_ASK_VALUE, "what does caring mean at west sac?")
    outcome = routes.ROUTES[INTENT_ASK_VALUE].planner(resolve(store, turn, index))
    assert outcome.replies[0].variables["value_name"] == "Compassion"
