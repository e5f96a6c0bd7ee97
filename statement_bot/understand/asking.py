"""What a question asks about beyond naming a part of a statement.

A passage is given only for what the message names or for what the passage
covers. "Who runs it?", "do they wear body cameras?", "when was it founded?"
name no part of the statement, and whatever part the model guessed does not
answer them: ``unnamed_words`` gives the words such a message asks about (its
content words that are neither a department's names, nor the names of its
parts and values, nor words that only ask: ``asking.yml``), and
``covered`` says whether a passage holds them (with the store's synonyms).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz, process

from statement_bot.store import Department, Store
from statement_bot.text import normalize, stem
from statement_bot.understand.search import QUESTION_WORDS, StatementIndex
from statement_bot.understand.topics import TOPIC_WORDS, find_topic, section_words
from statement_bot.understand.values import value_names_written

DATA = Path(__file__).with_name("asking.yml")

Words = tuple[frozenset[str], ...]
# A word this alike (rapidfuzz ratio) to a word that names a part or only asks
# is a typo of it ("gols", "vals", "wat"); "drones" is not "does".
NAMING_TYPO = 80.0
# A word this alike to a word of the statement is that word ("held", "hold").
STATEMENT_TYPO = 75.0


@functools.cache
def _load(path: Path = DATA) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def asking_words() -> str:
    """The words that only ask, as one text (read once)."""
    return " ".join(_load()["asking_words"].split())


@functools.cache
def _never_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in _load()["never_in_a_statement"])


def never_in_a_statement(text: str) -> bool:
    """True for a question no statement of mission and values answers ("who
    runs it?", "how many officers?", "what time do they open?")."""
    normalized = normalize(text)
    return any(p.search(normalized) for p in _never_patterns())


def naming_words(department: Department) -> list[str]:
    """Every word that names this department, a part or a value of its statement."""
    words = [*department.names, department.id.replace("_", " ")]
    words += [w for names in TOPIC_WORDS.values() for w in names]
    words += [w for names in section_words(department).values() for w in names]
    for value in department.values:
        words += [value.name, *value.aliases]
    return words


def unnamed_words(index: StatementIndex, text: str, department: Department) -> Words:
    """The content words of ``text`` (each with the stems it may match) that name
    neither the department nor a part or value of its statement, nor only ask;
    a likely typo of such a word ("gols", "vals", "wat") names it too."""
    named = _named_stems(index, department)
    return tuple(
        group
        for group in index.query(text)
        if not group & named
        and not any(_misspells(stem, named, NAMING_TYPO) for stem in group)
    )


def _named_stems(index: StatementIndex, department: Department) -> frozenset[str]:
    """Stems of the words that name the department, its parts and values, or
    only ask (question words included)."""
    words = " ".join([*naming_words(department), asking_words(), *QUESTION_WORDS])
    return frozenset(stem(w) for w in normalize(words).split())


def _misspells(word: str, known: frozenset[str], cutoff: float) -> bool:
    """True when ``word`` is a likely typo of one of ``known`` (short words too)."""
    found = process.extractOne(word, known, scorer=fuzz.ratio, score_cutoff=cutoff)
    return found is not None


def foreign_words(index: StatementIndex, words: Words, department: Department) -> Words:
    """Those of ``words`` the department's statement never uses (synonyms
    included): what it cannot be about."""
    used = _statement_stems(index, department)
    return tuple(
        group
        for group in words
        if not group & used
        and not any(_misspells(stem, used, STATEMENT_TYPO) for stem in group)
    )


def _statement_stems(index: StatementIndex, department: Department) -> frozenset[str]:
    texts = [p.text for p in index.passages if p.department.id == department.id]
    return frozenset().union(*(frozenset().union(*index.query(t)) for t in texts))


def names_a_part(store: Store, text: str, department: Department) -> bool:
    """True when ``text`` names a part of the department's statement, or a value
    of any department (a value it lacks is said plainly by the planner)."""
    return find_topic(text, department) is not None or bool(
        value_names_written(store, text)
    )


def covered(index: StatementIndex, words: Words, passage: str) -> bool:
    """True when every group of ``words`` has a stem in ``passage``."""
    present = frozenset().union(*index.query(passage)) if passage else frozenset()
    return all(group & present for group in words)


def part_text(department: Department, topic: str) -> str:
    """The text of one part of the department's statement (empty if none)."""
    if topic in ("values", "value"):
        return " ".join(f"{v.name} {v.description}" for v in department.values)
    if topic == "contact":
        return " ".join(line for e in department.contact for line in e.lines)
    section = department.sections.get(topic)
    return " ".join([*section.paragraphs, *section.items]) if section else ""
