"""A practice round as plain data (the ``practice`` slot) and how an answer moves it.

A ``Round`` (which department, where in the question order, the score) lives in
a slot as a dict, parsed once with ``Round.from_slot``; questions are
regenerated from the store and the conversation's seed
(``statement_bot.practice.questions``), so every step is deterministic.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

from statement_bot.practice.questions import Kind, Marked, Question, mark, questions
from statement_bot.store import Department


@dataclass(frozen=True)
class Round:
    """A round in progress, as the ``practice`` slot remembers it."""

    department: str
    seed: int
    position: int = 0  # how many questions of the order were asked before this one
    start: int = 0  # the position this round started at
    size: int = 5
    score: int = 0
    answered: int = 0
    missed: tuple[str, ...] = ()  # values to review
    finished: bool = False

    def to_slot(self) -> dict[str, Any]:
        data = asdict(self)
        data["missed"] = list(self.missed)
        return data

    @classmethod
    def from_slot(cls, data: object) -> Round | None:
        """The round a slot holds, or None when it holds nothing usable."""
        if not isinstance(data, dict):
            return None
        try:
            fields = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
            made = cls(**fields)
        except (TypeError, KeyError):
            return None
        ints = (
            made.seed,
            made.position,
            made.start,
            made.size,
            made.score,
            made.answered,
        )
        if not isinstance(made.department, str) or not all(
            isinstance(n, int) and n >= 0 for n in ints
        ):
            return None
        return replace(made, missed=tuple(str(m) for m in made.missed or ()))

    @property
    def number(self) -> int:
        """The current question's number in the round, from 1."""
        return self.position - self.start + 1

    def total(self, department: Department) -> int:
        """How many questions this round has."""
        return min(self.size, len(questions(department, self.seed)))


def current(round_: Round, department: Department) -> Question | None:
    """The question the round is on (the order repeats, reshuffled, once all
    have been asked)."""
    cycle, place = divmod(
        round_.position, max(1, len(questions(department, round_.seed)))
    )
    order = questions(department, round_.seed + cycle)
    return order[place] if order else None


def reviewed(q: Question) -> tuple[str, ...]:
    """What to review after a miss: the value the question was about, if any."""
    return (q.expected,) if q.kind in (Kind.WHICH_VALUE, Kind.MEANING) else ()


@dataclass(frozen=True)
class Step:
    """What one answer did to the round."""

    round: Round
    question: Question
    marked: Marked | None  # None: skipped


def take_answer(
    round_: Round, department: Department, q: Question, text: str | None
) -> Step:
    """Mark ``text`` (None: skipped) and move the round to its next question."""
    marked = mark(q, department, text) if text is not None else None
    right = bool(marked and marked.right)
    missed = round_.missed
    if not right:
        missed = (*missed, *(m for m in reviewed(q) if m not in missed))
    if q.kind == Kind.NAME_ALL and marked:
        missed = (*missed, *(m for m in marked.missed if m not in missed))
    moved = replace(
        round_,
        score=round_.score + right,
        answered=round_.answered + 1,
        missed=missed,
        position=round_.position + 1,
    )
    if moved.position - moved.start >= moved.total(department):
        moved = replace(moved, finished=True)
    return Step(moved, q, marked)


def new_round(department: str, seed: int, size: int, position: int = 0) -> Round:
    """A round that starts at ``position`` of the conversation's question order."""
    return Round(
        department=department, seed=seed, position=position, start=position, size=size
    )
