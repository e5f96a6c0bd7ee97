"""The NLU graph components: TextCap, DepartmentNames and SafetyGuard on real
Rasa messages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from rasa_plugins.components import (
    DepartmentNames,
    FollowUps,
    SafetyGuard,
    TextCap,
    load_names,
)
from statement_bot.names import (
    ENTITY_DEPARTMENT,
    INTENT_ASK_ALSO,
    INTENT_CHOOSE_ITEM,
    INTENT_CRISIS,
    INTENT_EMERGENCY,
    INTENT_INFORM_DEPARTMENT,
    INTENT_NON_ENGLISH,
)
from statement_bot.safety import Alert
from statement_bot.store import Store
from statement_bot.understand.departments import names_index
from tests.conftest import LAKEVIEW


def message(text: str, intent: str = "ask_value", confidence: float = 0.9) -> Message:
    predicted = {"name": intent, "confidence": confidence}
    return Message(
        {
            TEXT: text,
            INTENT: predicted,
            INTENT_RANKING_KEY: [predicted, {"name": "greet", "confidence": 0.1}],
        }
    )


def test_alerts_are_the_domain_intents() -> None:
    assert Alert.EMERGENCY.value == INTENT_EMERGENCY
    assert Alert.CRISIS.value == INTENT_CRISIS
    assert Alert.NON_ENGLISH.value == INTENT_NON_ENGLISH


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("somone has a gun", INTENT_EMERGENCY),
        ("i want to kms", INTENT_CRISIS),
        ("你好", INTENT_NON_ENGLISH),
    ],
)
@pytest.mark.parametrize("confidence", [0.99, 0.2])
def test_the_guard_overrides_any_prediction(
    text: str, expected: str, confidence: float
) -> None:
    [result] = SafetyGuard({}).process([message(text, "ask_value", confidence)])
    assert result.get(INTENT) == {"name": expected, "confidence": 1.0}
    ranking = result.get(INTENT_RANKING_KEY)
    assert ranking[0] == {"name": expected, "confidence": 1.0}
    assert [r["name"] for r in ranking].count(expected) == 1
    assert INTENT in result.as_dict(only_output_properties=True)


@pytest.mark.parametrize(
    "text",
    ["what does protection mean to West Sac?", "", "which value is about danger"],
)
def test_the_guard_leaves_ordinary_messages_alone(text: str) -> None:
    original = message(text)
    [result] = SafetyGuard({}).process([original])
    assert result.get(INTENT) == {"name": "ask_value", "confidence": 0.9}


@pytest.mark.parametrize("length", [0, 10, 800, 801, 5000, 100_000])
def test_text_cap(length: int) -> None:
    text = ("word " * length)[:length]
    [result] = TextCap({"max_chars": 800}).process([Message({TEXT: text})])
    assert result.get(TEXT) == text[: len(result.get(TEXT))]
    assert len(result.get(TEXT)) <= 800
    assert (result.get(TEXT) == text) is (length <= 800)


def test_text_cap_on_training_data() -> None:
    data = TrainingData([Message({TEXT: "x " * 1000, INTENT: "greet"})])
    capped = TextCap({"max_chars": 50}).process_training_data(data)
    assert len(capped.training_examples[0].get(TEXT)) <= 50


@pytest.mark.parametrize(
    "text", ["Lakeview", "lakeview pd", "The Lakeview police", "LVPD"]
)
@pytest.mark.parametrize("predicted", ["goodbye", "out_of_scope", "nlu_fallback"])
def test_a_bare_department_name_informs_the_department(
    lakeview_store: Store, text: str, predicted: str
) -> None:
    """A department known only from its store file, however the model read it."""
    names = DepartmentNames({}, names_index(lakeview_store))
    [result] = names.process([message(text, predicted, 0.95)])
    assert result.get(INTENT) == {"name": INTENT_INFORM_DEPARTMENT, "confidence": 1.0}
    [entity] = [e for e in result.get("entities") if e["entity"] == ENTITY_DEPARTMENT]
    assert text[entity["start"] : entity["end"]] == entity["value"]
    assert entity["value"].lower() in {"lakeview", "lvpd"}
    assert result.get(INTENT_RANKING_KEY)[0]["name"] == INTENT_INFORM_DEPARTMENT


def test_the_model_s_own_department_entity_is_kept(lakeview_store: Store) -> None:
    names = DepartmentNames({}, names_index(lakeview_store))
    marked = message("Lakeview PD", "goodbye")
    model_entity = {"entity": ENTITY_DEPARTMENT, "value": "Lakeview", "start": 0}
    marked.set("entities", [{**model_entity, "end": 8}])
    [result] = names.process([marked])
    assert result.get(INTENT)["name"] == INTENT_INFORM_DEPARTMENT
    assert result.get("entities") == [{**model_entity, "end": 8}]


@pytest.mark.parametrize(
    "text", ["goodbye", "bye Lakeview", "Lakeview's mission?", "Lakevue", ""]
)
def test_other_messages_keep_the_model_s_intent(
    lakeview_store: Store, text: str
) -> None:
    names = DepartmentNames({}, names_index(lakeview_store))
    [result] = names.process([message(text, "goodbye", 0.95)])
    assert result.get(INTENT) == {"name": "goodbye", "confidence": 0.95}
    assert not result.get("entities")


def test_names_come_from_the_configured_store(
    write_store: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("STORE_DIR", str(write_store(lakeview=LAKEVIEW)))
    assert load_names()["lakeview"].id == "lakeview"
    broken = write_store(lakeview=LAKEVIEW.replace("name: Lakeview", "nam: Lakeview"))
    monkeypatch.setenv("STORE_DIR", str(broken))
    assert load_names() == {}  # Rasa keeps going; the action server says why
    assert "Department names not loaded" in caplog.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the second one", INTENT_CHOOSE_ITEM),
        ("and the other one?", INTENT_CHOOSE_ITEM),
        ("what about the other department?", INTENT_CHOOSE_ITEM),
        ("does the other department have that too?", INTENT_ASK_ALSO),
        # a topic named: the model's intent, resolved by the planner
        ("what's the other department's vision?", "ask_vision"),
        ("we hold each other accountable, which value is that?", "ask_vision"),
        ("start over", "restart"),
        ("can we start again please", "restart"),
        ("Reset the chat", "restart"),
        ("how do I reset my password for the portal?", "ask_vision"),
        ("start over with the mission", "ask_vision"),
    ],
)
def test_follow_ups_mark_pointers_only(text: str, expected: str) -> None:
    [result] = FollowUps({}).process([message(text, "ask_vision")])
    assert result.get(INTENT)["name"] == expected
