"""Drift: a live store file against a newer copy of its department's page.

A store sentence that is no longer anywhere on the page is *removed*; a sentence
of the page's draft that is nowhere in the store file is *added*; a removed and
an added sentence that are mostly the same words are one *changed* sentence.
Sentences are compared through the store's normalization, against the whole
text, so a sentence the importer places differently is not drift.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from ops.importer.draft import Draft
from ops.importer.fidelity import Placed, draft_placed, store_placed
from statement_bot.store import Department
from statement_bot.text import normalize

SAME_SENTENCE = 0.6  # word-sequence similarity above which a sentence "changed"
ADDED, REMOVED, CHANGED = "added", "removed", "changed"
VALUE_NAMES = "value names"


@dataclass(frozen=True)
class Change:
    """One difference, in one part of the statement."""

    part: str
    kind: str
    old: str = ""
    new: str = ""


def _similarity(old: str, new: str) -> float:
    return SequenceMatcher(None, normalize(old).split(), normalize(new).split()).ratio()


def _pair(removed: list[Placed], added: list[Placed]) -> list[Change]:
    changes: list[Change] = []
    unmatched = list(added)
    for part, old in removed:
        best = max(unmatched, key=lambda a: _similarity(old, a[1]), default=None)
        if best and _similarity(old, best[1]) >= SAME_SENTENCE:
            unmatched.remove(best)
            changes.append(Change(part, CHANGED, old=old, new=best[1]))
        else:
            changes.append(Change(part, REMOVED, old=old))
    return changes + [Change(part, ADDED, new=new) for part, new in unmatched]


def compare(department: Department, draft: Draft, page_text: str) -> list[Change]:
    """The differences between a store file and the page it was taken from."""
    page = f" {normalize(page_text)} "
    stored = store_placed(department)
    stored += [(VALUE_NAMES, value.name) for value in department.values]
    found = draft_placed(draft)
    found += [(VALUE_NAMES, value.name) for value in draft.values if value.lines]
    store_text = f" {' '.join(normalize(s) for _, s in stored)} "
    removed = [(p, s) for p, s in stored if f" {normalize(s)} " not in page]
    added = [(p, s) for p, s in found if f" {normalize(s)} " not in store_text]
    return sorted(_pair(removed, added), key=lambda c: (c.part, c.kind))


def report(changes: list[Change], store_name: str, sources: list[str]) -> str:
    """The changes as lines a person reads, per part."""
    where = f"{store_name} against {', '.join(sources)}"
    if not changes:
        return f"No drift: {where} hold the same sentences."
    lines = [f"Drift: {len(changes)} difference(s), {where}:"]
    part = None
    for change in changes:
        if change.part != part:
            part = change.part
            lines.append(f"[{part}]")
        if change.kind == CHANGED:
            lines += [f"  ~ changed: {change.old!r}", f"         to: {change.new!r}"]
        elif change.kind == REMOVED:
            lines.append(f"  - removed: {change.old!r}")
        else:
            lines.append(f"  + added:   {change.new!r}")
    return "\n".join(lines)
