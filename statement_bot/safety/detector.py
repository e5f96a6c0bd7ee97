"""Spot emergencies, crises and non-English text: pure functions, no Rasa.

``detect(text, departments)`` says whether a message describes an emergency
(answer: call 911), a suicide or self-harm crisis (answer: 988, and 911 in
immediate danger), or is not in English. It runs on every message after the NLU
model (see ``rasa_plugins.components.SafetyGuard``), so it works whatever the
model's confidence.

The detector matches phrases, not single words: "what does protection mean to
the department?" or "courage in the face of danger" name no emergency, while
"I'm in danger" does. A crisis is also read in plain words ("I can't go on",
"I'm in a really dark place", "she gave her things away"), and a crisis wins over
an emergency: its reply names 911 for immediate danger too. Phrases that name a
programme or a field of police work ("suicide prevention training", "domestic
violence outreach", "how does <a department> prevent suicide") are masked first
(the ``topics`` of the data), so statement questions stay questions; the
department names there are the store's, given to the detector
(``SafetyDetector``), never written in code or data. Typos are tolerated: each
word of five letters or more that is one edit (two for long words) away from a
trigger word is read as that word, so "somone has a gun", "attaked" and "sucide"
are understood; a department's own name is read as it is.

The phrases and word lists are data: ``patterns.yml`` beside this file, read
once when this module is imported.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz.distance import OSA

from statement_bot import text as shared
from statement_bot.text import cap_text

PATTERNS_FILE = Path(__file__).with_name("patterns.yml")

# The placeholder of the store's department names in the topic patterns.
DEPARTMENTS = "departments"


class Alert(str, Enum):
    """What a message needs before anything else (the value is the intent name)."""

    EMERGENCY = "emergency"
    CRISIS = "crisis"
    NON_ENGLISH = "non_english"


# --- the data --------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def _joined(entry: str | list[str]) -> str:
    """A pattern written as one string or as pieces joined as they are."""
    return entry if isinstance(entry, str) else "".join(entry)


def fill(pattern: str, values: Mapping[str, str]) -> str:
    """``pattern`` with each ``{name}`` replaced by ``values[name]``.

    An unknown name raises ``KeyError``: a typo in the data fails on import.
    """
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], pattern)


def load_patterns(path: Path = PATTERNS_FILE) -> dict[str, Any]:
    """The data file, with each pattern joined and its fragments filled in.

    ``{departments}`` is kept: each ``SafetyDetector`` fills it with its names.
    """
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    fragments = {name: _joined(entry) for name, entry in data["fragments"].items()}
    values = {**fragments, DEPARTMENTS: "{" + DEPARTMENTS + "}"}
    for group in ("crisis", "emergency", "topics"):
        data[group] = tuple(fill(_joined(entry), values) for entry in data[group])
    data["spanish_emergency"] = _joined(data["spanish_emergency"])
    return data


def _words(text: str | list[str]) -> frozenset[str]:
    """The words of a word list written as one string or as several."""
    return frozenset(" ".join([text] if isinstance(text, str) else text).split())


_DATA = load_patterns()

CRISIS_PATTERNS: tuple[str, ...] = _DATA["crisis"]
EMERGENCY_PATTERNS: tuple[str, ...] = _DATA["emergency"]
TOPIC_PATTERNS: tuple[str, ...] = _DATA["topics"]
SPANISH_EMERGENCY = re.compile(_DATA["spanish_emergency"])

_SPELLINGS: dict[str, str] = {str(k): str(v) for k, v in _DATA["spellings"].items()}
_KEEP_AS_IS = _words(_DATA["keep_as_is"])
_FOREIGN_WORDS = _words(_DATA["foreign_words"])
_ENGLISH_ANCHORS = _words(_DATA["english_anchors"])
_FOREIGN_MARKS = re.compile(_DATA["foreign_marks"])

_CRISIS = [re.compile(p) for p in CRISIS_PATTERNS]
_EMERGENCY = [re.compile(p) for p in EMERGENCY_PATTERNS]


# --- normalising -----------------------------------------------------------

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})
_REPEATS = re.compile(r"(.)\1{2,}")


def normalize(text: str) -> str:
    """``statement_bot.text.normalize`` read as chat: "I'M" -> "im", "u" -> "you".

    On top of the shared rules: apostrophes are dropped rather than split on
    ("don't" -> "dont", as the phrases spell it), a character repeated three
    times or more counts twice ("hellllp" -> "hellp"), and chat spellings
    (``spellings`` in the data) are read as the words they stand for.
    """
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    text = _REPEATS.sub(r"\1\1", shared.normalize(text.replace("'", "")))
    return " ".join(_SPELLINGS.get(w, w) for w in text.split())


_VOCAB_WORD = re.compile(r"[a-z]{5,}")


def _vocabulary(patterns: Iterable[str]) -> frozenset[str]:
    """The words of five letters or more that the patterns spell out."""
    words: set[str] = set()
    for pattern in patterns:
        cleaned = re.sub(r"\\[bwsd]|\(\?(?:P<\w+>|[:!=<]+)|\{[^}]*\}", " ", pattern)
        words.update(_VOCAB_WORD.findall(cleaned))
    return frozenset(words)


# The trigger words a misspelt word can be read as.
VOCABULARY = _vocabulary(CRISIS_PATTERNS + EMERGENCY_PATTERNS) | _words(
    _DATA["trigger_words"]
)
# The topics' own words ("simulation", "statistics") are read as they are, but no
# other word is turned into one: "hostage situation" stays a situation.
_TOPIC_WORDS = _vocabulary(TOPIC_PATTERNS) - VOCABULARY


@lru_cache(maxsize=8192)
def correct(word: str) -> str:
    """``word``, or the trigger word it misspells (one edit; two in long words).

    Of equally close trigger words the longest wins (a dropped letter is the
    commonest typo: "attackd" is "attacked", not "attack"; "beaking" is
    "breaking", not "beating"), then the first in alphabetical order: the same
    answer in every process, whatever its hash seed.
    """
    if (
        len(word) < 5
        or word in VOCABULARY
        or word in _TOPIC_WORDS
        or word in _KEEP_AS_IS
        or word.isdigit()
    ):
        return word
    limit = 2 if len(word) >= 9 else 1
    best: tuple[int, int, str] | None = None
    for candidate in VOCABULARY:
        if candidate[0] != word[0] and candidate[:2] != word[1::-1]:
            continue
        # Edit distance counting a swap of two neighbours as one edit.
        distance = OSA.distance(word, candidate, score_cutoff=limit)
        if distance > limit:
            continue
        key = (distance, -len(candidate), candidate)
        if best is None or key < best:
            best = key
    return word if best is None else best[2]


# --- other languages -------------------------------------------------------


def _script_share(text: str) -> float:
    """The share of letters that are not Latin letters (Cyrillic, Han, Arabic...)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    foreign = sum(1 for c in letters if "LATIN" not in unicodedata.name(c, "LATIN"))
    return foreign / len(letters)


def is_non_english(text: str) -> bool:
    """True for text mostly in another script, or clearly in Spanish and the like."""
    if _script_share(text) > 0.5:
        return True
    words = normalize(text).split()
    if not words:
        return False
    foreign = sum(1 for w in words if w in _FOREIGN_WORDS)
    english = sum(1 for w in words if w in _ENGLISH_ANCHORS)
    marked = bool(_FOREIGN_MARKS.search(text.casefold()))
    # One foreign word among English ones is a borrowing ("tag line", "cam"),
    # unless it is the whole message ("hola", "gracias").
    clear = foreign >= 2 or marked or foreign == len(words)
    return clear and foreign + marked > english


# --- the detector ----------------------------------------------------------


def is_crisis(prepared: str) -> bool:
    """A prepared, topic-masked message about suicide, self-harm or despair."""
    return any(p.search(prepared) for p in _CRISIS)


def is_emergency(prepared: str) -> bool:
    """A prepared, topic-masked message about danger now: violence, injury, fire."""
    return any(p.search(prepared) for p in _EMERGENCY)


def _topic(match: re.Match[str]) -> str:
    """The word "topic" for a topic phrase; one that asks for it is kept as it is."""
    return match.group(0) if match.groupdict().get("asked") else "topic"


def names_pattern(forms: Iterable[str]) -> str:
    """A regular expression matching any of ``forms`` as written (longest first),
    or nothing when there are none."""
    ordered = sorted(set(forms), key=lambda form: (-len(form), form))
    if not ordered:
        return "(?!)"
    return "(?:" + "|".join(re.escape(form) for form in ordered) + ")"


class SafetyDetector:
    """The detector for one set of department names (the store's names and short
    names): "how does <a department> prevent suicide?" is a statement question
    for each of them."""

    def __init__(self, departments: Iterable[str] = ()) -> None:
        forms = {normalize(name) for name in departments if isinstance(name, str)}
        forms.discard("")
        # A department's own words are read as they are, never as a typo.
        self.name_words = frozenset(word for form in forms for word in form.split())
        names = {DEPARTMENTS: names_pattern(forms)}
        self.topics = tuple(re.compile(fill(p, names)) for p in TOPIC_PATTERNS)

    def prepare(self, text: str) -> str:
        """Normalised text with misspelt trigger words corrected."""
        return " ".join(
            word if word in self.name_words else correct(word)
            for word in normalize(text).split()
        )

    def mask_topics(self, prepared: str) -> str:
        """``prepared`` with every topic phrase read as "topic"."""
        for pattern in self.topics:
            prepared = pattern.sub(_topic, prepared)
        return prepared

    def detect(self, text: str) -> Alert | None:
        """What ``text`` needs first: a crisis, an emergency, English-only, or nothing.

        A crisis is tried first: self-harm with danger to life now ("I took a
        bottle of pills") gets the crisis reply, which names 911 too, while
        violence against others ("he's going to kill me") matches no crisis
        phrase and is an emergency.
        """
        if not isinstance(text, str) or not text.strip():
            return None
        text = cap_text(text)
        prepared = self.mask_topics(self.prepare(text))
        if is_crisis(prepared):
            return Alert.CRISIS
        if is_emergency(prepared) or SPANISH_EMERGENCY.search(normalize(text)):
            return Alert.EMERGENCY
        if is_non_english(text):
            return Alert.NON_ENGLISH
        return None


@lru_cache(maxsize=16)
def detector_for(departments: frozenset[str] = frozenset()) -> SafetyDetector:
    """The detector for these department names, built once."""
    return SafetyDetector(departments)


def prepare(text: str, departments: Iterable[str] = ()) -> str:
    """Normalised text with misspelt trigger words corrected."""
    return detector_for(frozenset(departments)).prepare(text)


def mask_topics(prepared: str, departments: Iterable[str] = ()) -> str:
    """``prepared`` with every topic phrase read as "topic"."""
    return detector_for(frozenset(departments)).mask_topics(prepared)


def detect(text: str, departments: Iterable[str] = ()) -> Alert | None:
    """What ``text`` needs first (``SafetyDetector.detect``), with ``departments``
    (the store's department names and short names) read as departments."""
    return detector_for(frozenset(departments)).detect(text)
