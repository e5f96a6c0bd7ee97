"""Message + state -> one ``Request``: what a turn refers to, resolved against
the store once, for every planner.

The ``Request`` carries the store, the statement index and the default
department with the parsed ``Turn``, and reads (lazily, each at most once) the
departments the message names, the conversation's department, the departments
"their", "both" or "the other" point at, the positions it picks, and the
several questions it asks at once (``find_parts``).

Several questions in one message ("apd: mission, vision, values", "the vision,
then list the values", "their values, and which one is about training?"): Rasa
reads one intent per message, so the parts' intents do not come from the
model. The message is split at joining words and signs (``clauses.yml``), and
each part is read against the store on its own words: a value's name or alias
(``understand.values``, also misspelt), else a topic word or a department's own
section title or alias (``understand.topics``, also misspelt), else a kind of
contact detail; a part that picks from the part before it ("which one is about
training?") is a statement search within that part's topic. The split counts
only when two or more parts ask something the store can answer; the route
table then sends the message to ``plan.several`` whatever statement intent the
model read (``routes.asks_several``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from statement_bot.dialogue.state import ShownCompared, ShownValues, Turn
from statement_bot.names import ENTITY_DEPARTMENT, Topic
from statement_bot.store import Department, Store
from statement_bot.text import normalize
from statement_bot.understand import references
from statement_bot.understand.clauses import (
    asking_part,
    focus,
    picks,
    split_parts,
    tells,
)
from statement_bot.understand.departments import (
    find_departments,
    find_unknown_department,
    resolve_department,
)
from statement_bot.understand.search import StatementIndex
from statement_bot.understand.topics import TOPIC_WORDS, contact_kinds, find_topic
from statement_bot.understand.values import value_named, value_names_written
from statement_bot.understand.words import content_stems, fuzzy_find

_SAFE_NAME = re.compile(r"^[\w .'&-]{2,60}$")
# "Their", "both", "those": the departments just compared.
_THEM = re.compile(
    r"\b(?:their|them|they|both|each|all|those|these|either|the two)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Mentions:
    """Departments a message names: known ones, and an unknown name if any."""

    known: list[Department]
    unknown: str | None


def find_mentions(store: Store, turn: Turn) -> Mentions:
    """Departments named in the message's entities and text, checked against the store."""
    known: list[Department] = []
    unknown: str | None = None
    for reference in turn.entity_values(ENTITY_DEPARTMENT):
        department = resolve_department(store, reference)
        if department is None:
            words = content_stems(reference)
            if words and _SAFE_NAME.match(reference) and unknown is None:
                unknown = reference
        elif department not in known:
            known.append(department)
    for department in find_departments(store, turn.text):
        if department not in known:
            known.append(department)
    if unknown is None and not known:
        unknown = find_unknown_department(store, turn.text)
    return Mentions(known=known, unknown=unknown if not known else None)


# How alike (percent, ``rapidfuzz.fuzz.ratio``) a misspelt topic word must be
# ("mision & vison").
TOPIC_SIMILARITY = 85.0
# The topics whose words may be misspelt in a part (contact words are short).
_SPELT_TOPICS = (Topic.MISSION, Topic.VISION, Topic.VALUES, Topic.GOALS)
# What a part asks for: a topic (or the department's own section), a value by
# name, or a pick among what the part before it asked for (a search).
ASKS_TOPIC = "topic"
ASKS_VALUE = "value"
ASKS_PICK = "pick"


@dataclass(frozen=True)
class Part:
    """One of several questions in a message, read on its own words: what it
    asks for (``asks``), the topic (for a pick: the part searched within, if
    any), the value it names, and the departments it is about."""

    text: str
    asks: str
    topic: str | None
    value: str | None
    departments: tuple[Department, ...]


@dataclass
class _Piece:
    """A part being read: its words, what it asks, the departments it names."""

    text: str
    asks: str | None
    topic: str | None
    value: str | None
    named: list[Department]


def _kept_spans(store: Store, text: str) -> list[tuple[int, int]]:
    """Where ``text`` writes a name of the store with a joining word or sign in
    it ("Selflessness & Courage", "St. Bernard"): never split there."""
    names = [name for d in store for name in d.names]
    for department in store:
        names.extend(
            v for value in department.values for v in (value.name, *value.aliases)
        )
        for section in department.sections.values():
            names.extend((section.title, *section.aliases))
    spans = []
    for name in names:
        words = normalize(name).split()
        if len(words) < 2:
            continue
        pattern = r"\W+".join(
            "(?:and|&)" if word == "and" else re.escape(word) for word in words
        )
        for found in re.finditer(rf"\b{pattern}\b", text, re.IGNORECASE):
            spans.append((found.start(), found.end()))
    return spans


def _spelt_topic(text: str) -> str | None:
    """A standard topic whose word ``text`` misspells ("vison")."""
    words = normalize(text).split()
    for topic in _SPELT_TOPICS:
        for word in TOPIC_WORDS[topic]:
            if (
                " " not in word
                and fuzzy_find(words, word, TOPIC_SIMILARITY) is not None
            ):
                return topic
    return None


def _asks_more(text: str, departments: list[Department]) -> bool:
    """Whether ``text`` has words beyond names, topic words and small words
    ("which goal is the tech one": "tech")."""
    topic_words = [w for words in TOPIC_WORDS.values() for w in words]
    names = [name for d in departments for name in d.names]
    return bool(content_stems(text, [*topic_words, *names]))


def _read_piece(
    store: Store, text: str, department: Department | None
) -> tuple[str | None, str | None, str | None]:
    """What one part asks for on its own words: (asks, topic, value)."""
    topic = find_topic(text, department) or _spelt_topic(text)
    if picks(text) and _asks_more(text, list(store)):
        return ASKS_PICK, topic, None
    if topic in (None, Topic.VALUES, Topic.VALUE):
        names = value_names_written(store, text)
        named = value_named(department, text) if department else None
        if names or named:
            return ASKS_VALUE, Topic.VALUE, names[0] if names else named.name
    if topic is None:
        # Contact details by kind ("social links?"); "where" alone asks no address.
        kinds = contact_kinds(re.sub(r"\bwhere\b", " ", text, flags=re.IGNORECASE))
        topic = Topic.CONTACT if kinds else None
    return (ASKS_TOPIC, topic, None) if topic else (None, None, None)


def _key(part: Part) -> tuple[object, ...]:
    """What a part asks, to leave out one asked twice (the kinds of contact
    detail count: "their website and their phone" are two)."""
    kinds = tuple(contact_kinds(part.text)) if part.topic == Topic.CONTACT else ()
    return (part.asks, part.topic, part.value, part.departments, kinds)


def find_parts(store: Store, text: str, named: list[Department]) -> list[Part]:
    """The questions of a message that asks several at once, in order, each
    with the departments it is about (its own; else the part's before it; else
    every department the message names); [] when it asks fewer than two."""
    if not named:
        return []
    parts: list[Part] = []
    departments: list[Department] = named
    for piece in _read_pieces(store, text, named):
        departments = piece.named or departments
        part = Part(
            piece.text, piece.asks, piece.topic, piece.value, tuple(departments)
        )
        if _key(part) not in [_key(p) for p in parts]:
            parts.append(part)
    asking = [p for p in parts if p.asks != ASKS_PICK]
    return parts if len(parts) > 1 and asking else []


def _read_pieces(store: Store, text: str, named: list[Department]) -> list[_Piece]:
    """The parts of ``text`` that ask something, each with the departments it
    names (a part that only names some adds them to the part before it)."""
    pieces: list[_Piece] = []
    waiting: list[Department] = []  # named before any part asks ("apd and cpd: ...")
    for _, words in split_parts(text, _kept_spans(store, text)):
        if tells(words):
            continue  # "I live at 4417 Elm Street": background, not a question
        own = find_departments(store, words)
        asks, topic, value = _read_piece(store, words, (own or named)[0])
        if asks is None:
            if own and pieces:  # "the vision of Alhambra and Cambridge"
                pieces[-1].named.extend(d for d in own if d not in pieces[-1].named)
            elif own:
                waiting.extend(own)
            continue
        bare = asks == ASKS_VALUE and not content_stems(words, [str(value)])
        if bare and pieces and pieces[-1].asks != ASKS_VALUE:
            continue  # "does their vision mention youth and training?": one search
        if asks == ASKS_PICK and topic is None:
            if not pieces:
                continue  # a pick from nothing asked before
            topic = pieces[-1].topic
        pieces.append(_Piece(words, asks, topic, value, [*waiting, *own]))
        waiting = []
    return pieces


@dataclass(frozen=True)
class Request:
    """One turn to plan: the parsed turn and what it refers to in the store."""

    store: Store
    turn: Turn
    index: StatementIndex | None = None
    default: str | None = None  # the department to assume (a widget's page)
    round_size: int = 5  # questions in a practice round (PRACTICE_QUESTIONS)

    @property
    def text(self) -> str:
        return self.turn.text

    @cached_property
    def question(self) -> str:
        """The part of the message that asks (``clauses.focus``): what is searched
        for and what a value is read from, without the background before it
        ("I run a small business ... what do they say about respect?"). The
        departments are still read from the whole text."""
        return focus(self.text)[0]

    @property
    def search_index(self) -> StatementIndex:
        """The statement index (the planners that search need one)."""
        if self.index is None:
            raise ValueError("this planner searches the statements: give an index")
        return self.index

    @cached_property
    def mentions(self) -> Mentions:
        """The departments the message names (and an unknown name)."""
        return find_mentions(self.store, self.turn)

    @cached_property
    def context(self) -> Department | None:
        """The department the conversation is about: the slot, else the default."""
        return self.store.get(self.turn.department) or self.store.get(self.default)

    @cached_property
    def named_or_context(self) -> Department | None:
        """The first department the message names, else the conversation's."""
        known = self.mentions.known
        return known[0] if known else self.context

    @cached_property
    def compared(self) -> list[Department]:
        """The departments just compared, when the message says "their"/"both"
        ("and their visions?" after a comparison); else none."""
        shown = self.turn.shown
        if not isinstance(shown, ShownCompared) or not _THEM.search(self.text):
            return []
        departments = [self.store.get(d) for d in shown.departments]
        found = [d for d in departments if d is not None]
        return found if len(found) > 1 else []

    @cached_property
    def others(self) -> list[Department]:
        """ "The other department": those just compared (or whose values were
        just shown side by side), then those the conversation was about before,
        other than the current one, latest first. A plain list of departments is
        not a choice between two."""
        shown = self.turn.shown
        ids: list[str] = []
        if isinstance(shown, ShownCompared):
            ids = list(shown.departments)
        elif isinstance(shown, ShownValues):
            ids = [shown.department]
        found: list[Department] = []
        for key in [*ids, *self.turn.earlier]:
            department = self.store.get(key)
            other = department and department.id != self.turn.department
            if other and department not in found:
                found.append(department)
        return found

    @cached_property
    def parts(self) -> list[Part]:
        """The questions of a message that asks several at once (``find_parts``,
        from its first question to its last: background is not a question),
        about the departments it names anywhere, else the conversation's; []
        for one question, or when it names a department the store does not know."""
        if self.mentions.unknown:
            return []
        named = self.mentions.known or ([self.context] if self.context else [])
        return find_parts(self.store, asking_part(self.text), named)

    @cached_property
    def positions(self) -> list[int] | None:
        """The positions the message picks ("the second one", "the last two")."""
        return references.positions(self.text)


def resolve(
    store: Store,
    turn: Turn,
    index: StatementIndex | None = None,
    default: str | None = None,
    round_size: int = 5,
) -> Request:
    """The request a turn makes, against this store and index."""
    return Request(store, turn, index, default, round_size)
