"""Conversations people have, built from any store: follow-ups, and a recruit
who knows the answers to its own practice round (the questions are seeded by
the conversation).

The same turns are sent over REST, in the widget and in Slack, for the real
departments and for one that exists only in a test store: an overview, value
against value, "the other one", "does X have that too?", which departments have
a section, a misunderstood turn that keeps the context, "the other
department", a question the statement cannot answer, and "start over".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from statement_bot import formatting as fmt
from statement_bot.practice import questions as quiz
from statement_bot.practice import round as rounds
from statement_bot.practice.questions import Kind, Question
from statement_bot.store import Department, Store
from statement_bot.understand.topics import find_section

# Text no model reads as a question: the fallback, after which context must hold.
GIBBERISH = "qwpoeiru zxmcnv"


@dataclass(frozen=True)
class Step:
    """What the person types, and fragments the reply must (not) contain."""

    user: str
    contains: list[str] = field(default_factory=list)
    not_contains: list[str] = field(default_factory=list)


def _start(text: str, length: int = 45) -> str:
    """The first ``length`` characters of store text, enough to be unique."""
    return text[:length]


def follow_up_script(
    store: Store, home_id: str, other_id: str, own_section: str
) -> list[Step]:
    """The conversation for department ``home_id`` (at least two values, a
    mission, and a section ``own_section``, as said: "a motto", "goals", that
    ``other_id`` does not have)."""
    home: Department = store.get(home_id)
    other: Department = store.get(other_id)
    first, second = home.values[0], home.values[1]
    phones = [e.lines[0] for e in home.contact if e.kind == "phone"]
    having = [d.name for d in store if find_section(d, own_section.split()[-1])]
    return [
        Step(
            f"tell me about {home.short_names[0]}",
            [home.name, _start(fmt.first_sentence(home) or "")],
        ),
        Step(
            f"{first.name.lower()} vs {second.name.lower()}?",
            [_start(first.description), _start(second.description)],
        ),
        Step(
            "and the other one?",
            [_start(first.description)],
            [_start(second.description)],
        ),
        Step(f"does {other.short_names[0]} have that too?", [other.name]),
        Step(f"which departments have {own_section}?", having),
        Step(GIBBERISH),
        Step("and the mission?", [_start(other.sections["mission"].paragraphs[0])]),
        Step(
            "what about the other department?",
            [_start(home.sections["mission"].paragraphs[0])],
        ),
        # its own phone number, or that it gives none
        Step(
            "who is their chief?", [home.name, *(phones[:1] or ["no contact details"])]
        ),
        # the confirmation and the greeting, and nothing else
        Step("start over", ["Starting over"], ["not sure what you mean", "Sorry"]),
    ]


def failures(steps: list[Step], replies: list[str]) -> list[str]:
    """What went wrong in each step, given the reply text to each (markup removed)."""
    found = []
    for step, reply in zip(steps, replies, strict=True):
        flat = " ".join(reply.replace("**", "").replace("*", "").split())
        if not flat:
            found.append(f"{step.user!r}: empty reply")
        found += [
            f"{step.user!r}: missing {f!r} in {flat!r}"
            for f in step.contains
            if " ".join(f.split()) not in flat
        ]
        found += [
            f"{step.user!r}: unwanted {f!r} in {flat!r}"
            for f in step.not_contains
            if " ".join(f.split()) in flat
        ]
    return found


class Recruit:
    """Knows the questions of its own conversation (they are seeded by it)."""

    def __init__(self, store: Store, department: str, sender: str) -> None:
        self.department: Department = store.get(department)
        self.seed = quiz.seed_for(sender)
        self.position = 0

    def question(self) -> Question:
        made = rounds.current(
            rounds.Round(self.department.id, self.seed, self.position),
            self.department,
        )
        assert made is not None
        return made

    def answer(self, typo: bool = False) -> str:
        """The right answer, as a person would type it."""
        q = self.question()
        if q.kind == Kind.MEANING:
            return "it means " + ", ".join(q.key_terms)
        if q.kind == Kind.NAME_ALL:
            return f"{len(self.department.values)}: {q.official}"
        if typo and len(q.expected) > 6 and " " not in q.expected:
            return q.expected[:3] + q.expected[4:]  # "Intgrity"
        return q.expected

    def wrong(self) -> str:
        q = self.question()
        if q.choices:
            return next(c for c in q.choices if c != q.expected)
        return "being on time every day"
