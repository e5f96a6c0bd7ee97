"""Message + state -> one ``Request``: what a turn refers to, resolved against
the store once, for every planner.

The ``Request`` carries the store, the statement index and the default
department with the parsed ``Turn``, and reads (lazily, each at most once) the
departments the message names, the conversation's department, the departments
"their", "both" or "the other" point at, and the positions it picks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from statement_bot.dialogue.state import ShownCompared, ShownValues, Turn
from statement_bot.names import ENTITY_DEPARTMENT
from statement_bot.store import Department, Store
from statement_bot.understand import references
from statement_bot.understand.departments import (
    find_departments,
    find_unknown_department,
    resolve_department,
)
from statement_bot.understand.search import StatementIndex
from statement_bot.understand.words import content_stems

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
