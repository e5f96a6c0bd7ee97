"""Values written in the usual ways: "Name: description", a heading and its
paragraph, a list (a bold name with its bullets), an acronym with one value per
letter, or named in one sentence and described in the paragraphs after it."""

from __future__ import annotations

import re

from ops.importer.blocks import Block, looks_like_heading
from ops.importer.draft import Draft, DraftSection, DraftValue
from statement_bot.text import normalize

_NAME_COLON = re.compile(r"^(?P<name>[^:]{2,60}?)\s*[:–—]\s+(?P<text>\S.*)$")
_NAMED_LIST = re.compile(
    r"\b(?P<title>(?:\w+ )?values) (?:of|are|:)\s+(?P<names>[^.;:]+)[.:]?$",
    re.IGNORECASE,
)
_LIST_SPLIT = re.compile(r",\s*(?:and\s+)?|\s+and\s+")
_ACRONYM_MIN = 3


def name_and_text(text: str) -> tuple[str, str] | None:
    """ "Integrity: We are honest." -> ("Integrity", "We are honest.")."""
    match = _NAME_COLON.match(text)
    if not match or len(match.group("name").split()) > 6:
        return None
    if not looks_like_heading(match.group("name")):
        return None
    return match.group("name").strip(), match.group("text").strip()


def is_acronym(heading: str, following: list[str]) -> bool:
    """ "SPD PRIDE" followed by Service, Professionalism, Direction...: its
    letters are the initials of the headings after it (the page may stop early)."""
    initials = "".join(text.strip()[:1].upper() for text in following)
    words = heading.split()
    candidates = {"".join(words), words[-1] if words else ""}
    return any(_spells(letters, initials) for letters in candidates)


def _spells(letters: str, initials: str) -> bool:
    if not letters.isalpha() or not letters.isupper() or len(letters) < _ACRONYM_MIN:
        return False
    matched = 0
    for letter, initial in zip(letters, initials, strict=False):
        if letter != initial:
            break
        matched += 1
    return matched >= _ACRONYM_MIN and matched >= len(letters) - 2


def opens_value_list(block: Block, following: Block | None) -> bool:
    """A list item that names a value: bold, or with bullets under it."""
    if block.level or not looks_like_heading(block.text):
        return False
    nested = following is not None and following.level > block.level
    return block.strong or nested


def add_value(draft: Draft, name: str, lines: list[str] | None = None) -> DraftValue:
    """Add a value (a duplicate name is noted, and kept out of the draft)."""
    value = DraftValue(name=name, lines=list(lines or []))
    if any(normalize(v.name) == normalize(name) for v in draft.values):
        draft.unsure.append(f"duplicate value {name!r}: only the first is kept")
        return value
    draft.values.append(value)
    return value


def _names(listed: str) -> list[str]:
    return [name.strip() for name in _LIST_SPLIT.split(listed) if name.strip()]


def values_named_in_text(draft: Draft) -> None:
    """Values named in one sentence ("our core values of A, B, C, and D.") and
    described, in that order, by exactly as many paragraphs right after it."""
    if draft.values:
        return
    for section in draft.sections.values():
        if _take_named_values(draft, section):
            return


def _take_named_values(draft: Draft, section: DraftSection) -> bool:
    for index, paragraph in enumerate(section.paragraphs):
        match = _NAMED_LIST.search(paragraph)
        if not match:
            continue
        names = _names(match.group("names"))
        rest = section.paragraphs[index + 1 :]
        if len(names) < 2 or len(rest) != len(names):
            continue
        if not all(looks_like_heading(name) for name in names):
            continue
        draft.values_title = match.group("title")
        for name, text in zip(names, rest, strict=True):
            add_value(draft, name, [text])
        section.paragraphs = section.paragraphs[: index + 1]
        draft.unsure.append(
            f"values {names} are named in a sentence of {section.title!r}; each "
            "was given the paragraph in the same place after it: check the order"
        )
        return True
    return False


def report_empty_values(draft: Draft) -> None:
    """Values without a description cannot be stored: list them."""
    for value in draft.values:
        if not value.lines:
            draft.unsure.append(
                f"value {value.name!r} has no description on the page, so it is "
                "not in the draft (a value needs one): add it by hand if it has one"
            )
