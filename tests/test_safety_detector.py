"""The pure emergency / crisis / language detector (statement_bot.safety)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from statement_bot.safety import (
    MAX_NLU_CHARS,
    Alert,
    cap_text,
    correct,
    detect,
    is_non_english,
    normalize,
)

ROOT = Path(__file__).resolve().parent.parent

EMERGENCIES = [
    "someone is breaking into my house right now",
    "help there is a man with a gun",
    "I'm being attacked",
    "HELP IM BEING ATTACKED",
    "help im being attacked!!!",
    "im bein attakced",
    "somone has a gun",
    "SOMEONE HAS A GUN",
    "some1 has a knife",
    "there's a guy with a knife outside",
    "my neighbor is beating his wife right now",
    "a robbery is happening now",
    "there is a robbery in progress",
    "I need an ambulance",
    "i need an ambulence",
    "someone is having a heart attack",
    "my dad is having a heart attack",
    "there is a shooting at the mall",
    "shots fired on main street",
    "i hear gunshots",
    "help me please someone is following me",
    "there's been a car crash and people are injured",
    "a child is missing",
    "my son is missing",
    "somebody has a knife",
    "my husband is hitting me",
    "he's going to kill me",
    "hes gonna kill me",
    "he said he will kill me",
    "my boyfriend is choking me",
    "someone is hurt and bleeding",
    "my friend is bleeding a lot",
    "she is not breathing",
    "he's unconscious",
    "found my roommate unconscious",
    "my friend is overdosing",
    "i think he overdosed",
    "there's a fire",
    "THERE IS A FIRE IN MY KITCHEN",
    "my house is on fire",
    "the building next door is on fire",
    "I smell gas in my apartment",
    "call 911",
    "call the police",
    "CALL THE COPS NOW",
    "send the police now",
    "send help",
    "i need police right now",
    "someone please help",
    "SOMEBODY HELP",
    "this is an emergency",
    "its an emergency!!",
    "emergency",
    "I'm in danger",
    "im in danger",
    "my life is in danger",
    "we are in danger please",
    "I don't feel safe at home",
    "an intruder is in my house",
    "there's someone in my house",
    "someone is trying to break into my car",
    "i was just shot",
    "my brother got stabbed",
    "i've been stabbed",
    "a man pulled a gun on me",
    "he is pointing a gun at me",
    "i'm being followed",
    "my ex is threatening to kill me",
    "my little girl was kidnapped",
    "there's a hostage situation",
    "active shooter at the school",
    "my baby is choking",
    "a kid is drowning in the pool",
    "someone got hit by a car",
    "i'm scared for my life",
    "auxilio",
    "me estan atacando",
]

CRISES = [
    "I want to kill myself",
    "I WANT TO KILL MYSELF",
    "i want to kms",
    "kms",
    "i wanna kill myslef",
    "I'm thinking about suicide",
    "thinking about sucide",
    "im suicidal",
    "I feel suicidal",
    "I want to end my life",
    "I don't want to live anymore",
    "i dont want to be alive",
    "I'm going to hurt myself",
    "i keep cutting myself",
    "I've been cutting myself",
    "my friend says she wants to die",
    "there's no reason for me to go on living",
    "there's no point in living",
    "I want to die",
    "i just want to die",
    "everyone would be better off without me",
    "i wish i was dead",
    "im going to end it all",
    "i took all my pills",
    "i'm going to overdose",
    "my brother wants to kill himself",
    "self harm",
    "how do I stop self-harming",
    "i want to take my own life",
    "i cant go on anymore",
]

ORDINARY = [
    "what does protection mean to West Sac?",
    "which value is about danger and adversity?",
    "what does courage in the face of danger mean",
    "do they protect lives and property?",
    "What is Cambridge's mission?",
    "what is alhambra's vision",
    "What are West Sacramento's core values?",
    "what does integrity mean to Cambridge",
    "tell me about the value of compassion",
    "what are the goals of the Alhambra police",
    "how do I contact Cambridge police",
    "what is the non-emergency number for Cambridge?",
    "what's the non emergency line",
    "what's the phone number",
    "what number do I call for non emergencies",
    "how do I call the police in Alhambra?",
    "where is the West Sacramento police station?",
    "which departments do you know?",
    "what can you do?",
    "help",
    "help me",
    "I need help using this",
    "can you help me find the mission",
    "hi",
    "thanks for the help",
    "goodbye",
    "are you a bot?",
    "which values do Cambridge and Alhambra share?",
    "compare the missions of Alhambra and Cambridge",
    "what does selflessness and courage mean",
    "what does esprit de corps mean to West Sac",
    "which value is about keeping people safe?",
    "how does Cambridge support victims?",
    "what is the department's role in public safety?",
    "does Cambridge have a gun policy?",
    "what is the policy on guns",
    "what does the fire department do",
    "who is the fire chief",
    "how do they prevent crime?",
    "do they reduce crime and fear of crime",
    "what is the mission about protecting life",
    "what value is about the sanctity of life?",
    "which value talks about the dangers officers face",
    "is policing a dangerous job",
    "what does respect mean to alhambra",
    "the department was attached to the city",
    "what are the goals for the next five years",
    "what is the vision statement",
    "how can i fire a complaint at them",
    "show me the values of West Sac",
    "what does caring mean",
    "what is trustworthiness",
    "which department values diversity?",
    "tell me about teamwork",
    "what does advocacy and empathy mean",
    "what do they say about emergency preparedness",
    "who do I call to report a noise complaint?",
    "my car was stolen last week",
    "someone broke into my car yesterday",
    "I want to report a theft",
    "my bike got stolen",
    "I was scammed online and want to report it",
    "i want to file a police report",
    "what's the address of the Alhambra police",
    "what is their website",
    "do they have a twitter",
    "and their vision?",
    "what about Cambridge?",
    "Alhambra",
    "the mission please",
    "what does pride mean to west sacramento",
    "what does professionalism mean",
    "is efficiency one of Cambridge's values",
    "what's the difference between the departments",
    "do you know the police of Lakeview",
    "I love this department",
    "what is the mission of the cambridge police department in the community",
    "what does the department do to protect and serve",
    "does alhambra value fairness",
    "how do they treat people with dignity",
    "what is impartiality",
    "which Cambridge value is about unconscious bias?",
    "does the department train officers on unconscious bias",
]

NON_ENGLISH = [
    "hola, necesito ayuda",
    "¿cuál es la misión del departamento?",
    "你好",
    "你们的使命是什么",
    "안녕하세요",
    "привет, какая у вас миссия?",
    "مرحبا",
    "bonjour, merci",
    "quiero hablar con la policía",
    "xin chào",
]


@pytest.mark.parametrize("text", EMERGENCIES)
def test_emergencies_are_detected(text: str) -> None:
    assert detect(text) is Alert.EMERGENCY


@pytest.mark.parametrize("text", CRISES)
def test_crises_are_detected(text: str) -> None:
    assert detect(text) is Alert.CRISIS


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_questions_do_not_trigger(text: str) -> None:
    assert detect(text) is None


@pytest.mark.parametrize("text", NON_ENGLISH)
def test_other_languages_are_detected(text: str) -> None:
    assert detect(text) is Alert.NON_ENGLISH


def test_there_are_enough_phrasings() -> None:
    assert len(EMERGENCIES) + len(CRISES) >= 60
    assert len(ORDINARY) >= 60


@pytest.mark.parametrize(
    "text",
    ["I have a gun and I want to kill myself", "he has a knife and wants to die"],
)
def test_a_crisis_wins_over_an_emergency(text: str) -> None:
    assert detect(text) is Alert.CRISIS


@pytest.mark.parametrize(
    "text",
    [
        "What is the mission?  " + "x" * 2000 + " I want to kill myself",
        "my mission " * 500,
    ],
)
def test_only_the_capped_text_is_read(text: str) -> None:
    assert detect(text) is None


@pytest.mark.parametrize(
    "text", ["", "   ", "\n\t", "😀😀", "12345", "!!!", "\x00\x01", None, 42]
)
def test_nothing_to_detect(text: object) -> None:
    assert detect(text) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I'M", "im"),
        ("Don’t  HELP", "dont help"),
        ("héllo wörld", "hello world"),
        ("hellllp", "hellp"),
        ("some1 pls", "someone please"),
        ("i wanna", "i want to"),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("somone", "someone"),
        ("attakced", "attacked"),
        ("ambulence", "ambulance"),
        ("attached", "attached"),
        ("mission", "mission"),
        ("fire", "fire"),
        ("protection", "protection"),
    ],
)
def test_correct(word: str, expected: str) -> None:
    assert correct(word) == expected


@pytest.mark.parametrize(
    ("length", "expected_max"), [(10, 10), (MAX_NLU_CHARS, MAX_NLU_CHARS)]
)
def test_cap_text_keeps_short_text(length: int, expected_max: int) -> None:
    text = "a" * length
    assert cap_text(text) == text


@pytest.mark.parametrize(
    "text", ["word " * 1000, "x" * 100_000, "ab " + "y" * 5000, "é" * 3000]
)
def test_cap_text_limits_long_text(text: str) -> None:
    capped = cap_text(text)
    assert 0 < len(capped) <= MAX_NLU_CHARS
    assert text.startswith(capped)


@pytest.mark.parametrize(
    "text",
    ["What is the mission?", "what does pride mean", "Alhambra", "lol", "ok 👍"],
)
def test_english_is_english(text: str) -> None:
    assert not is_non_english(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("im being attackd", Alert.EMERGENCY),
        ("he is beaking into my house", Alert.EMERGENCY),
    ],
)
def test_misspelt_emergencies_are_read_the_same_in_every_process(
    text: str, expected: Alert
) -> None:
    """Ties between trigger words do not depend on Python's hash seed."""
    script = (
        "from statement_bot.safety import detect, prepare;"
        f"print(prepare({text!r}), detect({text!r}))"
    )
    answers = {
        subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in range(6)
    }
    assert len(answers) == 1, answers
    assert detect(text) is expected
