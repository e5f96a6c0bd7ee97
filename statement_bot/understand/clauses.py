"""The question in a long message: sentences, and the one that asks.

People write background before their question ("I moved to West Sacramento
last year and ... what are their core values?") and pleasantries around it
("sorry for the ping", "thanks!"). The NLU model was trained on questions, so
``focus`` gives it the sentence that asks; the actions still read the whole
message (department names in the background count). Words are data
(``clauses.yml``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

DATA = Path(__file__).with_name("clauses.yml")
# Sentence ends, semicolons, spaced dashes and new lines end a sentence.
_BREAK = re.compile(r"(?<=[.!?;])\s+|\s+[\u2014\u2013-]+\s+|\s*\n+\s*")
_WORD = re.compile(r"[a-z0-9']+")


@dataclass(frozen=True)
class Words:
    """The word lists of ``clauses.yml``."""

    min_words: int
    question_starts: frozenset[str]
    pleasantries: frozenset[str]
    pointers: frozenset[str]
    part_words: tuple[str, ...]
    part_signs: str
    pick_starts: frozenset[str]
    pick_phrases: tuple[str, ...]
    background_starts: frozenset[str]
    asking_verbs: frozenset[str]


@functools.cache
def load_words(path: Path = DATA) -> Words:
    """The lists, read once."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Words(
        min_words=int(data["min_words"]),
        question_starts=frozenset(data["question_starts"].split()),
        pleasantries=frozenset(data["pleasantries"].split()),
        pointers=frozenset(data["pointers"].split()),
        part_words=(*data["part_phrases"], *data["part_words"].split()),
        part_signs=str(data["part_signs"]),
        pick_starts=frozenset(data["pick_starts"].split()),
        pick_phrases=tuple(data["pick_phrases"]),
        background_starts=frozenset(data["background_starts"].split()),
        asking_verbs=frozenset(data["asking_verbs"].split()),
    )


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("\u2019", "'"))


def _pieces(text: str, breaks: Iterable[re.Match[str]]) -> list[tuple[int, str]]:
    """The pieces of ``text`` between ``breaks``, stripped, with where each
    starts; empty ones left out."""
    found: list[tuple[int, str]] = []
    start = 0
    for match in [*breaks, None]:
        end = match.start() if match else len(text)
        piece = text[start:end]
        if piece.strip():
            offset = start + len(piece) - len(piece.lstrip())
            found.append((offset, piece.strip()))
        if match:
            start = match.end()
    return found


def split_sentences(text: str) -> list[tuple[int, str]]:
    """The sentences of ``text`` with where each starts, empty ones left out."""
    return _pieces(text, _BREAK.finditer(text))


def tells(part: str, words: Words | None = None) -> bool:
    """True for a part that tells about the writer ("I live at 4417 Elm
    Street") and asks nothing ("I need their vision" asks)."""
    words = words or load_words()
    said = _words(part)
    if not said or said[0] not in words.background_starts:
        return False
    return not any(word in words.asking_verbs for word in said)


def is_pleasantry(sentence: str, words: Words | None = None) -> bool:
    """True for a greeting, apology, thanks or sign-off with nothing asked."""
    known = (words or load_words()).pleasantries
    return all(word in known for word in _words(sentence))


def asks(sentence: str, words: Words | None = None) -> bool:
    """True when the sentence is a question or a request."""
    if sentence.rstrip().endswith("?"):
        return True
    first = _words(sentence)[:1]
    return bool(first) and first[0] in (words or load_words()).question_starts


def points_back(sentence: str, words: Words | None = None) -> bool:
    """True when the sentence names nothing it asks about ("what does it mean?")."""
    words = words or load_words()
    known = words.pointers | words.question_starts | words.pleasantries
    return all(word in known for word in _words(sentence))


def focus(text: str, words: Words | None = None) -> tuple[str, int]:
    """The part of ``text`` that asks, and where it starts in ``text``.

    A short message is its own question. In a longer one, the last sentence
    that asks (pleasantries left out) is the question, with the sentence before
    it when it is too short to stand alone ("... the Pride value. what does it
    mean?"); with none that asks, the last sentence that is not a pleasantry.
    ``(text, 0)`` when there is nothing to drop.
    """
    words = words or load_words()
    every = split_sentences(text)
    if len(_words(text)) < words.min_words or len(every) < 2:
        return text, 0
    sentences = [s for s in every if not is_pleasantry(s[1], words)]
    asking = [s for s in sentences if asks(s[1], words)]
    if not sentences:
        return text, 0
    chosen = (asking or sentences)[-1]
    at = sentences.index(chosen)
    if at > 0 and points_back(chosen[1], words):
        chosen = sentences[at - 1]  # from the sentence before it
    start = chosen[0]
    end = start + len(chosen[1])
    if (asking or sentences)[-1] is not chosen:
        last = (asking or sentences)[-1]
        end = last[0] + len(last[1])
    return text[start:end], start


@functools.cache
def _part_break(words: tuple[str, ...], signs: str) -> re.Pattern[str]:
    """Where a message's parts meet: a joining word or sign, a sentence end."""
    longest = sorted(words, key=len, reverse=True)
    joined = "|".join(r"\s+".join(map(re.escape, w.split())) for w in longest)
    return re.compile(
        rf"(?:\s*(?:[{re.escape(signs)}]|[.!?]+(?=\s|$)|\s[\u2014\u2013-]+\s)\s*"
        rf"|\s*\b(?:{joined})\b\s*)+",
        re.IGNORECASE,
    )


def split_parts(
    text: str, keep: list[tuple[int, int]] = (), words: Words | None = None  # type: ignore[assignment]
) -> list[tuple[int, str]]:
    """The parts of ``text`` joined by "and", "then", ",", "/", "+", "&"...
    (``clauses.yml``), with where each starts; a break inside one of the
    ``keep`` spans (a name such as "Selflessness & Courage") is not one."""
    words = words or load_words()
    pattern = _part_break(words.part_words, words.part_signs)
    breaks = (
        match
        for match in pattern.finditer(text)
        if not any(a < match.end() and match.start() < b for a, b in keep)
    )
    return _pieces(text, breaks)


def picks(part: str, words: Words | None = None) -> bool:
    """True when ``part`` picks from what was asked before it ("which one ...")."""
    words = words or load_words()
    said = _words(part)
    padded = f" {' '.join(said)} "
    starts = bool(said) and said[0] in words.pick_starts
    return starts or any(f" {phrase} " in padded for phrase in words.pick_phrases)


def asking_part(text: str, words: Words | None = None) -> str:
    """The part of a long message from its first question to its last (the
    background before and the pleasantries after left out), where several
    questions are read; a short message, or one where no sentence asks, whole."""
    words = words or load_words()
    every = split_sentences(text)
    if len(_words(text)) < words.min_words or len(every) < 2:
        return text
    sentences = [s for s in every if not is_pleasantry(s[1], words)]
    asking = [n for n, s in enumerate(sentences) if asks(s[1], words)]
    if not asking:
        return text
    first = asking[0]
    if first > 0 and points_back(sentences[first][1], words):
        first -= 1  # "... the Pride value. what does it mean?"
    last = sentences[asking[-1]]
    return text[sentences[first][0] : last[0] + len(last[1])]
