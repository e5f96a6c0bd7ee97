"""Emergencies, crises and crime reports through the running bot, on the REST channel."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from statement_bot.store import Store
from tests.paths import ROOT

RESPONSES = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))[
    "responses"
]
EMERGENCY = RESPONSES["utter_emergency"][0]["text"]
CRISIS = RESPONSES["utter_crisis"][0]["text"]

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    "message",
    [
        "HELP IM BEING ATTACKED",
        "somone has a gun",
        "there's a fire in my kitchen",
        "my dad is having a heart attack",
        "he's going to kill me",
        "im in danger",
    ],
)
def test_emergencies_get_911(bot: Any, message: str) -> None:
    assert bot.rasa.texts("emergency-1", message) == EMERGENCY


@pytest.mark.parametrize(
    "message", ["i want to kms", "I WANT TO KILL MYSELF", "thinking about sucide"]
)
def test_crises_get_988(bot: Any, message: str) -> None:
    reply = bot.rasa.texts("crisis-1", message)
    assert reply == CRISIS
    assert "988" in reply and "911" in reply


def test_an_emergency_mid_conversation_then_the_conversation_goes_on(bot: Any) -> None:
    sender = "emergency-mid"
    assert "Alhambra" in bot.rasa.texts(sender, "What is Alhambra's mission?")
    assert bot.rasa.texts(sender, "SOMEONE IS BREAKING INTO MY HOUSE") == EMERGENCY
    assert bot.rasa.texts(sender, "i want to end my life") == CRISIS
    reply = bot.rasa.texts(sender, "and their vision?")
    assert "Alhambra" in reply and "Vision" in reply


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("what does protection mean to West Sac?", "Protection"),
        ("what does courage in the face of danger mean to West Sac?", "Courage"),
        ("do Alhambra police protect lives and property?", "Alhambra"),
    ],
)
def test_values_about_danger_are_not_emergencies(
    bot: Any, message: str, expected: str
) -> None:
    reply = bot.rasa.texts("values-1", message)
    assert expected in reply
    assert reply not in (EMERGENCY, CRISIS)


def test_a_crime_report_is_answered_honestly_with_the_store_contact(
    bot: Any, store: Store
) -> None:
    reply = bot.rasa.texts(
        "report-1", "I want to report a theft to the Cambridge police"
    )
    assert "can't take crime reports" in reply and "911" in reply
    cambridge = store.get("cambridge")
    assert cambridge is not None
    phones = [line for e in cambridge.contact if e.kind == "phone" for line in e.lines]
    assert phones and all(line in reply for line in phones)
