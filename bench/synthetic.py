"""Synthetic statement stores with many departments (issue 6, "Many departments").

``write_departments(folder, count)`` writes ``count`` valid department files with
distinct, pronounceable town names, so the store loader and the matcher can be
measured (``make bench``) and tested (tests/unit/dialogue/test_many_departments.py) at scale.
Everything is derived from the department's number: the same call always writes
the same files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

_FIRST = (
    "al bran cor dun el fal gar hal ir jen kel lor mar nor os pel quin ros "
    "sal tor ul ver wil yar zen"
).split()
_MIDDLE = "a e i o u ar en or ith and".split()
_LAST = (
    "ford ton ville burg dale field wood haven port mont brook ridge crest view "
    "shire"
).split()
MAX_COUNT = len(_FIRST) * len(_MIDDLE) * len(_LAST)
VALUE_NAMES = (
    "Integrity",
    "Respect",
    "Service",
    "Courage",
    "Fairness",
    "Accountability",
    "Compassion",
    "Teamwork",
)


@dataclass(frozen=True)
class SyntheticDepartment:
    """What a test needs to ask about one generated department."""

    id: str
    town: str
    mission: str
    value: str
    value_description: str
    phone: str


def town_name(number: int) -> str:
    """A distinct made-up town name for ``number`` (0 <= number < MAX_COUNT)."""
    first = _FIRST[number % len(_FIRST)]
    middle = _MIDDLE[(number // len(_FIRST)) % len(_MIDDLE)]
    last = _LAST[(number // (len(_FIRST) * len(_MIDDLE))) % len(_LAST)]
    return (first + middle + last).capitalize()


def department(number: int) -> SyntheticDepartment:
    """The generated facts of department ``number``."""
    town = town_name(number)
    value = VALUE_NAMES[number % len(VALUE_NAMES)]
    return SyntheticDepartment(
        id=town.lower(),
        town=town,
        mission=(
            f"The {town} Police Department serves the people of {town} "
            f"with care; statement number {number}."
        ),
        value=value,
        value_description=f"In {town}, {value.lower()} guides every officer "
        f"(entry {number}).",
        phone=f"555-{number:04d}",
    )


def department_yaml(facts: SyntheticDepartment) -> str:
    """The store file of one generated department."""
    other = VALUE_NAMES[(VALUE_NAMES.index(facts.value) + 3) % len(VALUE_NAMES)]
    data = {
        "id": facts.id,
        "name": f"{facts.town} Police Department",
        "short_names": [facts.town, f"{facts.town} PD"],
        "sections": {
            "mission": {"title": "Our Mission", "paragraphs": [facts.mission]},
            "vision": {
                "title": "Our Vision",
                "paragraphs": [f"A safe and welcoming {facts.town}."],
            },
        },
        "values": {
            "title": "Core Values",
            "items": [
                {"name": facts.value, "description": facts.value_description},
                {"name": other, "description": f"{other} in {facts.town}."},
            ],
        },
        "contact": {
            "title": "Contact",
            "entries": [
                {"kind": "phone", "label": "Non-Emergency", "value": facts.phone}
            ],
        },
    }
    return yaml.safe_dump(data, sort_keys=False)


def write_departments(folder: Path, count: int) -> list[SyntheticDepartment]:
    """Write ``count`` department files into ``folder``; return their facts."""
    if not 0 < count <= MAX_COUNT:
        raise ValueError(f"count must be 1 to {MAX_COUNT}, not {count}")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for number in range(count):
        facts = department(number)
        (folder / f"{facts.id}.yml").write_text(
            department_yaml(facts), encoding="utf-8"
        )
        written.append(facts)
    return written
