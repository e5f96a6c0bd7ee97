"""One conversation that follows up the way people do, built from any store.

The same turns are sent over REST, in the widget and in Slack, for the real
departments and for one that exists only in a test store: an overview, value
against value, "the other one", "does X have that too?", which departments have
a section, a misunderstood turn that keeps the context, "the other
department", a question the statement cannot answer, and "start over".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from statement_bot import formatting as fmt
from statement_bot import matching
from statement_bot.store import Department, Store

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
    mission, and a section ``own_section`` that ``other_id`` does not have)."""
    home: Department = store.get(home_id)
    other: Department = store.get(other_id)
    first, second = home.values[0], home.values[1]
    phones = [e.lines[0] for e in home.contact if e.kind == "phone"]
    having = [d.name for d in store if matching.find_section(d, own_section)]
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
        Step(f"which departments have a {own_section}?", having),
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
        Step("start over", ["Starting over"]),
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
