"""The held-out NLU set and the test stories are never training data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from statement_bot.text import normalize
from tests.paths import ROOT

ANNOTATION = re.compile(r"\[([^\]]+)\]\([^)]+\)|\[([^\]]+)\]\{[^}]+\}")


def examples(folder: Path) -> dict[str, str]:
    """Normalized example text -> intent, for every NLU file under ``folder``."""
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*.yml")):
        for block in (yaml.safe_load(path.read_text()) or {}).get("nlu", []):
            if "intent" not in block:
                continue
            for line in block["examples"].splitlines():
                text = ANNOTATION.sub(
                    lambda m: m.group(1) or m.group(2), line.strip()[2:]
                )
                if text:
                    found[normalize(text)] = block["intent"]
    return found


def test_held_out_examples_are_not_in_training_data() -> None:
    training = examples(ROOT / "data")
    held_out = examples(ROOT / "tests" / "nlu")
    assert len(held_out) >= 100
    assert not set(held_out) & set(training)


def test_the_persona_set_and_answer_suite_are_not_in_training_data() -> None:
    training = examples(ROOT / "data")
    persona = examples(ROOT / "tests" / "heldout")
    assert len(persona) >= 200
    assert not set(persona) & set(training)


@pytest.mark.parametrize(
    ("suite", "minimum"),
    [("answer_suite.yml", 150), ("messy_turns.yml", 200), ("real_departments.yml", 45)],
)
def test_the_answer_suites_are_not_in_training_data(suite: str, minimum: int) -> None:
    training = examples(ROOT / "data")
    conversations = yaml.safe_load((ROOT / "tests" / "heldout" / suite).read_text())
    turns = [
        normalize(turn["user"])
        for conversation in conversations["conversations"]
        for turn in conversation["turns"]
    ]
    assert len(turns) >= minimum
    # One- and two-word follow-ups ("vision", "thanks", "cpd?") are everybody's.
    assert not {turn for turn in turns if len(turn.split()) > 2} & set(training)


def test_test_story_texts_are_not_in_training_data() -> None:
    training = examples(ROOT / "data")
    texts = []
    for path in (ROOT / "tests" / "stories").glob("*.yml"):
        for story in yaml.safe_load(path.read_text())["stories"]:
            texts += [normalize(s["user"]) for s in story["steps"] if "user" in s]
    assert texts
    assert not set(texts) & set(training)


def test_the_unseen_test_department_is_not_in_training_data() -> None:
    everything = " ".join(p.read_text().lower() for p in (ROOT / "data").rglob("*.yml"))
    assert everything
    assert "lakeview" not in everything and "lvpd" not in everything


def test_the_real_fixture_departments_are_not_in_training_data() -> None:
    """The real departments of tests/fixtures/ are answered with no training."""
    everything = " ".join(p.read_text().lower() for p in (ROOT / "data").rglob("*.yml"))
    fixtures = sorted((ROOT / "tests" / "fixtures" / "departments").glob("*.yml"))
    assert len(fixtures) >= 3
    for path in fixtures:
        department = yaml.safe_load(path.read_text())
        names = [department["name"], *department.get("short_names", [])]
        # One-word names ("Mentor", "LPD") may be ordinary words of the data.
        for name in (n for n in names if len(n.split()) > 1):
            assert name.lower() not in everything, (path.name, name)
