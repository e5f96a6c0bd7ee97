"""Recruit practice: quiz questions built from the store, and how they are marked.

Four kinds of question, all made at run time from a department's statement, so
a department added as a file can be practised at once:

- **which value**: a value's description with the value's own name masked; the
  choices are names of the department's values;
- **meaning**: the recruit says what a value means in their own words; the
  answer is scored by the key terms of the official text it covers (stems);
- **fill the gap**: a sentence of the mission or vision with one word blanked,
  and choices;
- **name them all**: how many values, and which, scored by how many are named.

A ``Round`` (which department, where in the question order, the score) lives in
a slot as a dict; questions are regenerated from the store and the
conversation's seed, so nothing but that small dict is remembered and every
step is deterministic for a given conversation.
"""

from __future__ import annotations

import random
import re
import zlib
from dataclasses import dataclass
from enum import Enum

from rapidfuzz import fuzz
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from statement_bot.store import Department, Value
from statement_bot.text import normalize, stem
from statement_bot.understand import references
from statement_bot.understand.values import value_asked
from statement_bot.understand.words import STOPWORDS, content_stems

MASK = "_____"
CHOICES = 4  # the answer and three others
# A "meaning" answer passes when it covers this share of the key terms.
MEANING_PASS = 1 / 3
MAX_KEY_TERMS = 6
CHOICE_SIMILARITY = 80.0  # "integrety" for "Integrity"
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")
_GAP_SECTIONS = ("mission", "vision")
_MIN_GAP_WORD = 5
_LONG_GAP_WORD = 7  # blank a long word when the sentence has one
_SENTENCE_WORDS = (6, 45)


class Kind(str, Enum):
    """The kinds of question."""

    WHICH_VALUE = "which_value"
    MEANING = "meaning"
    FILL_GAP = "fill_gap"
    NAME_ALL = "name_all"


class Command(str, Enum):
    """Words that steer a round."""

    NEXT = "next"
    SKIP = "skip"
    HINT = "hint"
    REPEAT = "repeat"
    STOP = "stop"
    AGAIN = "again"
    CONTINUE = "continue"


_COMMANDS: dict[Command, tuple[str, ...]] = {
    Command.NEXT: ("next", "next one", "next question", "next please", "go on"),
    Command.SKIP: (
        "skip",
        "skip it",
        "skip this one",
        "pass",
        "i don t know",
        "i dont know",
        "dont know",
        "no idea",
        "dunno",
        "idk",
        "show me the answer",
        "give me the answer",
        "tell me the answer",
        "what s the answer",
        "whats the answer",
        "what is the answer",
        "i give up",
    ),
    Command.HINT: (
        "hint",
        "a hint",
        "give me a hint",
        "hint please",
        "clue",
    ),
    Command.REPEAT: (
        "repeat",
        "repeat the question",
        "say that again",
        "what was the question",
    ),
    Command.STOP: (
        "stop",
        "stop the quiz",
        "stop practice",
        "stop practising",
        "stop practicing",
        "quit",
        "end",
        "end quiz",
        "enough",
        "i m done",
        "im done",
        "exit",
        "finish",
    ),
    Command.AGAIN: (
        "again",
        "play again",
        "another round",
        "new round",
        "one more round",
        "go again",
        "quiz me again",
    ),
    Command.CONTINUE: (
        "continue",
        "continue practice",
        "continue the quiz",
        "resume",
        "keep going",
        "back to the quiz",
        "back to practice",
        "carry on",
    ),
}
_COMMAND_WORDS = {
    phrase: command for command, phrases in _COMMANDS.items() for phrase in phrases
}
_POLITE = re.compile(
    r"^(?:ok(?:ay)? |please |pls |um+ |uh+ )+|(?: please| pls| thanks)+$"
)


def command(text: str) -> Command | None:
    """The command a whole message gives ("hint", "skip please", "stop"), or None."""
    words = _POLITE.sub("", normalize(text)).strip()
    return _COMMAND_WORDS.get(words)


@dataclass(frozen=True)
class Question:
    """One question, as asked, with what is needed to mark it."""

    id: str
    kind: Kind
    prompt: str  # the store text shown (masked) or the value's name
    expected: str  # the value name or the blanked word; "" for name-all
    official: str  # the store text quoted after the answer
    source: str  # where ``official`` comes from: "Core Values, Integrity", "Vision"
    choices: tuple[str, ...] = ()
    key_terms: tuple[str, ...] = ()  # meaning: the words that set the value apart


def seed_for(conversation_id: str) -> int:
    """A stable seed for a conversation (the same in every process)."""
    return zlib.crc32(conversation_id.encode("utf-8"))


def _rng(seed: int, *parts: object) -> random.Random:
    return random.Random(f"{seed}:" + ":".join(str(p) for p in parts))


def _name_stems(value: Value) -> set[str]:
    words = {
        w for phrase in (value.name, *value.aliases) for w in normalize(phrase).split()
    }
    return {stem(w) for w in words if len(w) > 2 and w not in ("and",)}


def masked_description(value: Value) -> str:
    """The description with every word of the value's name or aliases masked
    ("honesty" too when the value is "Honesty", by stem)."""
    stems = _name_stems(value)

    def hide(match: re.Match[str]) -> str:
        return MASK if stem(match.group(0).lower()) in stems else match.group(0)

    return re.sub(r"[A-Za-z]+", hide, value.description)


def key_terms(department: Department, value: Value) -> tuple[str, ...]:
    """The words of a value's description that set it apart from the
    department's other values: content words in the fewest of its
    descriptions, in the order written, at most ``MAX_KEY_TERMS``."""
    seen: dict[str, str] = {}
    for word in re.findall(r"[A-Za-z][A-Za-z'-]+", value.description):
        plain = normalize(word)
        if len(plain) < 4 or plain in STOPWORDS or " " in plain:
            continue
        stemmed = stem(plain)
        if stemmed not in seen and stemmed not in _name_stems(value):
            seen[stemmed] = plain
    spread = {
        stemmed: sum(stemmed in content_stems(v.description) for v in department.values)
        for stemmed in seen
    }
    order = list(seen)
    ranked = sorted(order, key=lambda s: (spread[s], order.index(s)))[:MAX_KEY_TERMS]
    return tuple(seen[s] for s in sorted(ranked, key=order.index))


def _sentences(department: Department) -> list[tuple[str, int, str]]:
    """(section key, number, sentence) of the mission and vision, of a size to quiz."""
    found = []
    for key in _GAP_SECTIONS:
        section = department.sections.get(key)
        if section is None:
            continue
        texts = [*section.paragraphs, *section.items]
        sentences = [
            s.strip() for t in texts for s in _SENTENCE_END.split(t) if s.strip()
        ]
        for number, sentence in enumerate(sentences):
            low, high = _SENTENCE_WORDS
            if low <= len(sentence.split()) <= high:
                found.append((key, number, sentence))
    return found


def _gap_words(department: Department, sentence: str) -> list[tuple[int, str]]:
    """(position, word) of the words of a sentence worth blanking."""
    names = {
        w
        for n in (department.name, *department.short_names)
        for w in normalize(n).split()
    }
    words = sentence.split()
    found = []
    for position, raw in enumerate(words):
        word = raw.strip(".,;:!?()\"'")
        plain = normalize(word)
        if (
            word.isalpha()
            and len(word) >= _MIN_GAP_WORD
            and plain not in STOPWORDS
            and plain not in ENGLISH_STOP_WORDS
            and plain not in names
        ):
            found.append((position, word))
    long_words = [(p, w) for p, w in found if len(w) >= _LONG_GAP_WORD]
    return long_words or found


def questions(department: Department, seed: int) -> list[Question]:
    """Every question on ``department``, in the order a round asks them: the
    kinds mixed, each kind shuffled by ``seed``."""
    by_kind: dict[Kind, list[str]] = {kind: [] for kind in Kind}
    values = [v for v in department.values if v.description.strip()]
    if len(values) >= 2:
        by_kind[Kind.WHICH_VALUE] = [
            f"{Kind.WHICH_VALUE.value}:{v.name}" for v in values
        ]
    by_kind[Kind.MEANING] = [f"{Kind.MEANING.value}:{v.name}" for v in values]
    for key, number, sentence in _sentences(department):
        if _gap_words(department, sentence):
            by_kind[Kind.FILL_GAP].append(f"{Kind.FILL_GAP.value}:{key}:{number}")
    if values:
        by_kind[Kind.NAME_ALL] = [Kind.NAME_ALL.value]
    for kind, ids in by_kind.items():
        _rng(seed, "order", kind.value).shuffle(ids)
    kinds = [kind for kind in Kind if by_kind[kind]]
    _rng(seed, "kinds").shuffle(kinds)
    order: list[str] = []
    while any(by_kind[k] for k in kinds):
        for kind in kinds:
            if by_kind[kind]:
                order.append(by_kind[kind].pop(0))
    built = [question(department, seed, qid) for qid in order]
    return [q for q in built if q is not None]


def question(department: Department, seed: int, qid: str) -> Question | None:
    """The question ``qid`` on ``department`` (None if the store no longer has it)."""
    kind_name, _, rest = qid.partition(":")
    try:
        kind = Kind(kind_name)
    except ValueError:
        return None
    values = {v.name: v for v in department.values}
    label = department.values_title
    if kind in (Kind.WHICH_VALUE, Kind.MEANING):
        value = values.get(rest)
        if value is None:
            return None
        source = f"{label}, {value.name}"  # "Core Values, Integrity"
        if kind == Kind.MEANING:
            return Question(
                qid,
                kind,
                value.name,
                value.name,
                value.description,
                source,
                key_terms=key_terms(department, value),
            )
        others = [v.name for v in department.values if v.name != value.name]
        rng = _rng(seed, qid)
        choices = [value.name, *rng.sample(others, min(CHOICES - 1, len(others)))]
        rng.shuffle(choices)
        return Question(
            qid,
            kind,
            masked_description(value),
            value.name,
            value.description,
            source,
            tuple(choices),
        )
    if kind == Kind.NAME_ALL:
        names = ", ".join(v.name for v in department.values)
        return Question(qid, kind, "", "", names, label) if department.values else None
    key, _, number = rest.partition(":")
    found = [s for k, n, s in _sentences(department) if k == key and str(n) == number]
    if not found:
        return None
    sentence = found[0]
    candidates = _gap_words(department, sentence)
    rng = _rng(seed, qid)
    position, word = candidates[rng.randrange(len(candidates))]
    words = sentence.split()
    words[position] = words[position].replace(word, MASK)
    pool = sorted(
        {
            w.lower()
            for _, _, s in _sentences(department)
            for _, w in _gap_words(department, s)
            if stem(w.lower()) != stem(word.lower())
        }
    )
    choices = [word.lower(), *rng.sample(pool, min(CHOICES - 1, len(pool)))]
    rng.shuffle(choices)
    title = department.sections[key].title
    return Question(
        qid, kind, " ".join(words), word.lower(), sentence, title, tuple(choices)
    )


def chosen(q: Question, department: Department, text: str) -> str | None:
    """The choice a reply picks: its number or letter, its text, a misspelling
    of it, or (for values) an alias; None when it names none."""
    plain = normalize(text)
    if not q.choices or not plain:
        return None
    letters = "abcdefgh"
    if plain.isdigit() and 1 <= int(plain) <= len(q.choices):
        return q.choices[int(plain) - 1]
    if len(plain) == 1 and plain in letters[: len(q.choices)]:
        return q.choices[letters.index(plain)]
    places = references.positions(text)
    if places and len(places) == 1:
        picked = references.pick(list(q.choices), places)
        if picked:
            return str(picked[0])
    for choice in q.choices:
        if plain == normalize(choice) or f" {normalize(choice)} " in f" {plain} ":
            return choice
    if q.kind == Kind.WHICH_VALUE:
        value = value_asked(department, text)
        if value is not None and value.name in q.choices and _names_it(value, plain):
            return value.name
    scored = [(fuzz.ratio(plain, normalize(c)), c) for c in q.choices]
    best = max(scored)
    return best[1] if best[0] >= CHOICE_SIMILARITY else None


def _names_it(value: Value, plain: str) -> bool:
    """Whether a reply names the value (a name, alias or misspelling), not
    merely describes it."""
    words = plain.split()
    phrases = [normalize(p) for p in (value.name, *value.aliases)]
    return any(
        f" {p} " in f" {plain} "
        or any(fuzz.ratio(w, p) >= CHOICE_SIMILARITY for w in words)
        for p in phrases
        if p
    )


@dataclass(frozen=True)
class Marked:
    """How a reply did: right or not, and what it covered and missed."""

    right: bool
    covered: tuple[str, ...] = ()
    missed: tuple[str, ...] = ()


def mark(q: Question, department: Department, text: str) -> Marked:
    """Mark a reply to ``q``."""
    if q.kind == Kind.MEANING:
        said = content_stems(text)
        covered = tuple(t for t in q.key_terms if stem(t) in said)
        missed = tuple(t for t in q.key_terms if stem(t) not in said)
        enough = len(covered) >= max(1, round(len(q.key_terms) * MEANING_PASS))
        return Marked(enough, covered, missed)
    if q.kind == Kind.NAME_ALL:
        named = tuple(
            v.name for v in department.values if _names_it(v, normalize(text))
        )
        missed = tuple(v.name for v in department.values if v.name not in named)
        return Marked(not missed, named, missed)
    return Marked(chosen(q, department, text) == q.expected)


def hint(q: Question, department: Department) -> str:
    """A hint that does not give the answer away."""
    if q.kind == Kind.MEANING:
        return (
            f"one key term is \u201c{q.key_terms[0]}\u201d" if q.key_terms else q.source
        )
    if q.kind == Kind.NAME_ALL:
        return f"the statement lists {len(department.values)}"
    letters = len(q.expected.replace(" ", ""))
    return (
        f"it starts with \u201c{q.expected[0].upper()}\u201d and has {letters} letters"
    )
