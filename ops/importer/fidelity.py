"""How well a draft matches a hand-written store file: sentence recall and
precision, each sentence counted with its place (section, value or contact)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ops.importer.draft import Draft
from ops.importer.sentences import split_sentences
from statement_bot.store import Department
from statement_bot.text import normalize

Placed = tuple[str, str]  # (place, sentence), e.g. ("value:integrity", ...)


def _placed(place: str, texts: list[str] | tuple[str, ...]) -> list[Placed]:
    return [
        (place, sentence)
        for text in texts
        for sentence in split_sentences(text)
        if normalize(sentence)
    ]


def store_placed(department: Department) -> list[Placed]:
    """The sentences of a loaded store file, each with its place, as written."""
    out: list[Placed] = []
    for key, section in department.sections.items():
        out += _placed(f"section:{key}", section.paragraphs + section.items)
    for value in department.values:
        out += _placed(f"value:{normalize(value.name)}", [value.description])
    for entry in department.contact:
        out += _placed("contact", entry.lines)
    return out


def draft_placed(draft: Draft) -> list[Placed]:
    """The sentences of a draft, each with its place, as written."""
    out: list[Placed] = []
    for key, section in draft.sections.items():
        out += _placed(f"section:{key}", section.paragraphs + section.items)
    for value in draft.values:
        if value.lines:
            out += _placed(f"value:{normalize(value.name)}", [value.description])
    for entry in draft.contact:
        out += _placed("contact", entry.lines)
    return out


def _counted(placed: list[Placed]) -> Counter[Placed]:
    return Counter((place, normalize(sentence)) for place, sentence in placed)


@dataclass(frozen=True)
class Fidelity:
    """Recall: share of the store's sentences the draft put in the same place.
    Precision: share of the draft's sentences that are there in the store."""

    expected: int
    found: int
    matched: int
    missing: tuple[Placed, ...]
    extra: tuple[Placed, ...]

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 0.0


def measure(draft: Draft, department: Department) -> Fidelity:
    """Compare a draft with the store file written by hand for the same page."""
    expected = _counted(store_placed(department))
    found = _counted(draft_placed(draft))
    both = expected & found
    return Fidelity(
        expected=sum(expected.values()),
        found=sum(found.values()),
        matched=sum(both.values()),
        missing=tuple(sorted((expected - found).elements())),
        extra=tuple(sorted((found - expected).elements())),
    )
