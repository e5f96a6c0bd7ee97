"""The importer's word lists (rules.yml), loaded once and normalized."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

from statement_bot.text import normalize

RULES_FILE = Path(__file__).with_name("rules.yml")


@dataclass(frozen=True)
class Rules:
    """Normalized phrase lists: see rules.yml for what each one means."""

    parts: dict[str, tuple[str, ...]]
    openings: dict[str, tuple[str, ...]]
    values_intro: tuple[str, ...]
    furniture_headings: frozenset[str]
    furniture_phrases: tuple[str, ...]
    social: tuple[str, ...]
    contact_kinds: dict[str, tuple[str, ...]]
    abbreviations: frozenset[str]
    small_words: frozenset[str]


def _phrases(raw: list[str]) -> tuple[str, ...]:
    return tuple(normalize(str(item)) for item in raw)


@functools.lru_cache(maxsize=1)
def load_rules(path: Path = RULES_FILE) -> Rules:
    """Read rules.yml (cached)."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Rules(
        parts={key: _phrases(words) for key, words in raw["parts"].items()},
        openings={key: _phrases(words) for key, words in raw["openings"].items()},
        values_intro=_phrases(raw["values_intro"]),
        furniture_headings=frozenset(_phrases(raw["furniture_headings"])),
        furniture_phrases=_phrases(raw["furniture_phrases"]),
        social=_phrases(raw["social"]),
        contact_kinds={
            key: _phrases(words) for key, words in raw["contact_kinds"].items()
        },
        abbreviations=frozenset(_phrases(raw["abbreviations"])),
        small_words=frozenset(_phrases(raw["small_words"])),
    )


def has_phrase(text: str, phrases: tuple[str, ...] | frozenset[str]) -> bool:
    """Whether normalized ``text`` contains one of ``phrases`` as whole words."""
    padded = f" {normalize(text)} "
    return any(f" {phrase} " in padded for phrase in phrases)


def first_part(text: str, table: dict[str, tuple[str, ...]]) -> str | None:
    """The first key of ``table`` one of whose phrases is in ``text``."""
    for key, phrases in table.items():
        if has_phrase(text, phrases):
            return key
    return None
