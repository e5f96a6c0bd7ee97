"""The conversation's state, typed and frozen: parsed from the slots once, at
the boundary, and written back as slot values.

A slot holds whatever the tracker gives (a crafted request, an old
conversation); ``Turn.from_slots`` keeps only what the bot itself would have
written, so the planners never see raw slot dicts and need no type checks.
``shown`` is one of four kinds of list (``Shown``); ``topic`` is a ``Topic``,
a section key, or the words a question used for a part no department has
("history"), so that "what about Cambridge?" asks for that part there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from statement_bot.names import (
    SLOT_DEPARTMENT,
    SLOT_LAST_ANSWER,
    SLOT_PRACTICE,
    SLOT_SEARCHED,
    SLOT_SHOWN,
    SLOT_TOPIC,
    SLOT_VALUE,
)
from statement_bot.practice.round import Round

# The slots a turn reads (``Turn.from_slots``); the actions read these from
# the tracker, and ``read_turn`` takes them as keywords.
SLOTS_READ = (
    SLOT_DEPARTMENT,
    SLOT_TOPIC,
    SLOT_VALUE,
    SLOT_SHOWN,
    SLOT_SEARCHED,
    SLOT_PRACTICE,
    SLOT_LAST_ANSWER,
)

# The longest text a slot keeps (a topic, a remembered search, an entity).
MAX_SLOT_TEXT = 200


@dataclass(frozen=True)
class ShownValues:
    """A department's values, as just listed (or set side by side)."""

    department: str
    values: tuple[str, ...]

    def to_slot(self) -> list[dict[str, Any]]:
        return [{"department": self.department, "value": v} for v in self.values]


@dataclass(frozen=True)
class ShownItems:
    """The items of one section of a department ("the second goal")."""

    department: str
    section: str
    count: int

    def to_slot(self) -> list[dict[str, Any]]:
        return [
            {"department": self.department, "section": self.section, "item": number}
            for number in range(self.count)
        ]


@dataclass(frozen=True)
class ShownDepartments:
    """A plain list of departments (not a choice between them)."""

    departments: tuple[str, ...]

    def to_slot(self) -> list[dict[str, Any]]:
        return [{"department": d} for d in self.departments]


@dataclass(frozen=True)
class ShownCompared:
    """Departments just put side by side ("and their visions?")."""

    departments: tuple[str, ...]

    def to_slot(self) -> list[dict[str, Any]]:
        return [{"department": d, "compared": True} for d in self.departments]


Shown = ShownValues | ShownItems | ShownDepartments | ShownCompared


@dataclass(frozen=True)
class Quoted:
    """One piece of the store an answer quoted: a part of a department (a
    section key, ``values`` or ``contact``), and within it a value (by name),
    an item or a paragraph (by position), or the whole part."""

    department: str
    part: str
    value: str | None = None
    item: int | None = None
    paragraph: int | None = None

    def to_slot(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"department": self.department, "part": str(self.part)}
        for name in ("value", "item", "paragraph"):
            if getattr(self, name) is not None:
                entry[name] = getattr(self, name)
        return entry


@dataclass(frozen=True)
class LastAnswer:
    """What the last answer from the store quoted, in order ("summarise that",
    "word for word" act on it)."""

    quoted: tuple[Quoted, ...]

    def to_slot(self) -> list[dict[str, Any]]:
        return [q.to_slot() for q in self.quoted]


# The most pieces of one answer remembered.
MAX_QUOTED = 6


def _quoted(entry: object) -> Quoted | None:
    """One remembered piece, if the entry is one the bot writes."""
    if not isinstance(entry, dict):
        return None
    department, part = entry.get("department"), entry.get("part")
    value = entry.get("value")
    item, paragraph = entry.get("item"), entry.get("paragraph")
    if not (isinstance(department, str) and isinstance(part, str)):
        return None
    if value is not None and not isinstance(value, str):
        return None
    numbers = [n for n in (item, paragraph) if n is not None]
    if any(type(n) is not int or n < 0 for n in numbers) or len(numbers) > 1:
        return None
    return Quoted(
        department[:MAX_SLOT_TEXT], part[:MAX_SLOT_TEXT], value, item, paragraph
    )


def last_answer_from_slot(data: object) -> LastAnswer | None:
    """The last answer a ``last_answer`` slot remembers, or None when it holds
    nothing the bot writes."""
    if not isinstance(data, list) or not data:
        return None
    quoted = [_quoted(entry) for entry in data[:MAX_QUOTED]]
    if any(q is None for q in quoted):
        return None
    return LastAnswer(tuple(q for q in quoted if q is not None))


def _text(value: object, limit: int | None = MAX_SLOT_TEXT) -> str | None:
    """A slot's text, if it holds some (capped at ``limit``)."""
    if not isinstance(value, str) or not value.strip():
        return None
    return value[:limit] if limit else value


def _one_department(entries: list[dict[str, Any]]) -> str | None:
    departments = {e.get("department") for e in entries}
    department = departments.pop() if len(departments) == 1 else None
    return department if isinstance(department, str) else None


def _shown_values(entries: list[dict[str, Any]]) -> Shown | None:
    department = _one_department(entries)
    names = [e.get("value") for e in entries]
    if department and all(isinstance(n, str) for n in names):
        return ShownValues(department, tuple(str(n) for n in names))
    return None


def _shown_items(entries: list[dict[str, Any]]) -> Shown | None:
    department = _one_department(entries)
    sections = {e.get("section") for e in entries}
    section = sections.pop() if len(sections) == 1 else None
    numbers = [e.get("item") for e in entries]
    if department and isinstance(section, str) and numbers == list(range(len(numbers))):
        return ShownItems(department, section, len(numbers))
    return None


def _shown_departments(entries: list[dict[str, Any]]) -> Shown | None:
    departments = tuple(e.get("department") for e in entries)
    if not all(isinstance(d, str) for d in departments):
        return None
    if all(e.get("compared") for e in entries):
        return ShownCompared(departments)  # type: ignore[arg-type]
    if all(set(e) == {"department"} for e in entries):
        return ShownDepartments(departments)  # type: ignore[arg-type]
    return None


def shown_from_slot(data: object) -> Shown | None:
    """The list a ``shown`` slot holds, or None when it holds no list the bot
    writes (one kind of entry throughout)."""
    if not isinstance(data, list):
        return None
    entries = [e for e in data if isinstance(e, dict)]
    if not entries:
        return None
    if all("value" in e for e in entries):
        return _shown_values(entries)
    if all("section" in e for e in entries):
        return _shown_items(entries)
    return _shown_departments(entries)


@dataclass(frozen=True)
class Turn:
    """The latest message and the conversation's state, parsed."""

    intent: str | None = None
    text: str = ""
    entities: tuple[Mapping[str, Any], ...] = ()
    department: str | None = (
        None  # an id from the slot (checked against the store later)
    )
    topic: str | None = None  # a Topic, a section key, or the words for a part
    value: str | None = None  # the value in the conversation (its name)
    shown: Shown | None = None  # the last list shown
    searched: str | None = None  # the last question searched for
    # How many misunderstood turns came just before this one, in a row.
    misses: int = 0
    practice: Round | None = None  # the practice round in progress
    conversation: str = ""  # the conversation's id (seeds practice rounds)
    # Departments the conversation was about before, latest first (ids).
    earlier: tuple[str, ...] = ()
    last: LastAnswer | None = None  # what the last answer from the store quoted

    @classmethod
    def from_slots(
        cls,
        slots: Mapping[str, object],
        intent: str | None = None,
        text: str = "",
        entities: tuple[Mapping[str, Any], ...] = (),
        **rest: Any,
    ) -> Turn:
        """A turn from the message and the slots as the tracker has them; what
        the bot would not have written is left out."""
        return cls(
            intent=intent,
            text=text,
            entities=tuple(e for e in entities if isinstance(e, Mapping)),
            department=_text(slots.get(SLOT_DEPARTMENT), None),
            topic=_text(slots.get(SLOT_TOPIC)),
            value=_text(slots.get(SLOT_VALUE), None),
            shown=shown_from_slot(slots.get(SLOT_SHOWN)),
            searched=_text(slots.get(SLOT_SEARCHED)),
            practice=Round.from_slot(slots.get(SLOT_PRACTICE)),
            last=last_answer_from_slot(slots.get(SLOT_LAST_ANSWER)),
            **rest,
        )

    def entity(self, name: str) -> str | None:
        """The first value of entity ``name`` in the message, if it is short text."""
        for entity in self.entities:
            value = entity.get("value")
            if (
                entity.get("entity") == name
                and isinstance(value, str)
                and value.strip()
            ):
                return value.strip()[:MAX_SLOT_TEXT]
        return None

    def entity_values(self, name: str) -> list[str]:
        """Every value of entity ``name`` in the message."""
        return [
            e["value"].strip()[:MAX_SLOT_TEXT]
            for e in self.entities
            if e.get("entity") == name and isinstance(e.get("value"), str)
        ]


def read_turn(
    intent: str | None = None, text: str = "", entities: Any = (), **fields: Any
) -> Turn:
    """A turn from raw values, slot names as keywords (``shown=[...]``); the
    other keywords (``misses``, ``earlier``...) are taken as they are."""
    slots = {k: v for k, v in fields.items() if k in SLOTS_READ}
    rest = {k: v for k, v in fields.items() if k not in SLOTS_READ}
    return Turn.from_slots(slots, intent, text, tuple(entities or ()), **rest)
