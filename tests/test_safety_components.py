"""The NLU graph components: TextCap and SafetyGuard on real Rasa messages."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from actions.constants import INTENT_CRISIS, INTENT_EMERGENCY, INTENT_NON_ENGLISH
from addons.components import SafetyGuard, TextCap
from addons.safety import Alert


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
