"""Contact details found on a page: phones, e-mail, web and street addresses."""

from __future__ import annotations

import re

from ops.importer.blocks import is_social
from ops.importer.draft import Draft, DraftEntry
from ops.importer.rules import first_part, load_rules

PHONE = re.compile(
    r"(?<![\w-])(?:\(?\d{3}\)?[\s.-]?)?\d{3}[-.]\d{4}(?![\w-])"
    r"|(?<![\w-])\d{3}-[A-Z]{4}(?:\s*\(\d{4}\))?"
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(
    r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:org|com|gov|net|us|edu)(?:/\S*)?",
    re.IGNORECASE,
)
_STREET = (
    r"\d+\s+(?:[A-Z0-9][\w.']*\s+){1,4}?(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|"
    r"Boulevard|Blvd\.?|Drive|Dr\.?|Lane|Ln\.?|Way|Place|Plaza|Parkway|Pkwy\.?|"
    r"Highway|Hwy\.?|Court|Ct\.?|Square|Circle)"
)
STREET = re.compile(rf"^{_STREET}$")
CITY_LINE = re.compile(r"^[A-Z][\w.' ]+,\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?$")
ONE_LINE_ADDRESS = re.compile(
    rf"^(?P<name>.*?)\s*(?P<street>{_STREET})\s+"
    r"(?P<city>[A-Z][\w.' ]+,\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?)$"
)


def only(pattern: re.Pattern[str], text: str) -> list[str]:
    """The matches of ``pattern`` when they are all of ``text``, else []."""
    found = pattern.findall(text)
    rest = pattern.sub(" ", text).strip(" ,;|/·•")
    return found if found and not rest else []


def address_lines(lines: list[str]) -> list[str]:
    """The lines as an address (split when on one line), or [] if not one."""
    if len(lines) == 1:
        match = ONE_LINE_ADDRESS.match(lines[0])
        if not match:
            return []
        parts = [match.group("name"), match.group("street"), match.group("city")]
        return [part for part in parts if part]
    if any(CITY_LINE.match(line) for line in lines) and any(
        STREET.match(line) for line in lines
    ):
        return lines
    return []


def kind_of_label(label: str) -> str | None:
    """The contact kind a label names ("Non-Emergency Phone" -> phone)."""
    return first_part(label, load_rules().contact_kinds)


def add_entry(draft: Draft, kind: str, label: str, lines: list[str]) -> None:
    """Add a contact entry unless the same one is there already."""
    if any(e.kind == kind and e.lines == lines for e in draft.contact):
        return
    draft.contact.append(DraftEntry(kind=kind, label=label, lines=lines))


def entry_for_line(text: str, label: str | None) -> DraftEntry | None:
    """A contact line read as an entry: e-mail, phone, web or social links."""
    label_kind = kind_of_label(label) if label else None
    for pattern, kind in ((EMAIL, "email"), (PHONE, "phone"), (URL, "website")):
        found = only(pattern, text)
        if not found:
            continue
        if kind == "website" and (label_kind == "social_media" or is_social(text)):
            kind = "social_media"
        elif kind == "website" and label_kind == "learn_more":
            kind = "learn_more"
        lines = found if kind == "social_media" else [text]
        return DraftEntry(kind, label or kind.replace("_", " ").title(), lines)
    return None


def phones_in(draft: Draft, text: str) -> None:
    """Add every phone number written in a sentence as a contact entry."""
    for number in PHONE.findall(text):
        add_entry(draft, "phone", "Phone", [number])
