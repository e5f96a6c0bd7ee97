"""Blocks -> a draft: which part of the statement each heading and text is."""

from __future__ import annotations

import re
from collections import Counter

from ops.importer import contact, values
from ops.importer.blocks import (
    HEADING,
    ITEM,
    Block,
    is_furniture,
    is_social,
    worth_listing,
)
from ops.importer.draft import Draft, DraftSection, DraftValue
from ops.importer.rules import first_part, has_phrase, load_rules
from statement_bot.store import RESERVED_SECTION_KEYS
from statement_bot.text import normalize

VALUES, CONTACT, FURNITURE, OTHER = "values", "contact", "furniture", ""
NAME, JUNK = "name", "junk"  # headings that leave the part as it is
_NAME = re.compile(r"((?:[A-Z][\w.'’-]*\s+){1,4})Police\s+Department")
_NAME_CAPS = re.compile(r"^([A-Z][A-Z.' ]+?)\s+POLICE\s+DEPARTMENT$")
_INTRO_TITLE = re.compile(r"(?:(\w+) )?(values|principles)\s*:$", re.IGNORECASE)
_NOT_TITLE_WORDS = {"following", "the", "our", "these", "its", "of"}


def classify(heading: str, following: list[str]) -> str:
    """A heading's part: a section key, values, contact, furniture, name, junk
    (a furniture line) or "" (none of them)."""
    rules = load_rules()
    if is_furniture(heading):
        return JUNK
    if normalize(heading) in rules.furniture_headings:
        return FURNITURE
    if _NAME_CAPS.match(heading) or normalize(heading).endswith("police department"):
        return NAME
    part = first_part(heading, rules.parts)
    if part:
        return part
    return VALUES if values.is_acronym(heading, following) else OTHER


def section_key(title: str) -> str:
    """A store section key from a title ("Learn More" -> "learn_more")."""
    key = "_".join(normalize(title).split())[:60] or "section"
    if not key[0].isalpha():
        key = "s_" + key
    return key + "_text" if key in RESERVED_SECTION_KEYS else key


class Builder:
    """Walks the blocks, keeping track of the part it is in."""

    def __init__(self, draft: Draft) -> None:
        self.draft = draft
        self.part = ""  # a section key, VALUES, CONTACT, FURNITURE or "" (none yet)
        self.value_opened_by = ""  # HEADING or ITEM: what opened the open value
        self.value: DraftValue | None = None  # the open value (maybe a duplicate)
        self.label: str | None = None
        self.address: list[str] = []

    def walk(self, blocks: list[Block]) -> None:
        for index, block in enumerate(blocks):
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            if block.kind == HEADING:
                later = [b.text for b in blocks[index + 1 :] if b.kind == HEADING]
                self.heading(block.text, later)
            else:
                self.text(block, following)
        self.flush_address()

    # headings ---------------------------------------------------------------
    def heading(self, text: str, following: list[str]) -> None:
        self.flush_address()
        title = text.strip().rstrip(":").strip()
        part = classify(title, following)
        if part in (NAME, JUNK):
            return
        if self.part == VALUES and part == OTHER:
            self.open_value(title, HEADING)
        elif self.part == CONTACT and contact.kind_of_label(title):
            self.label = title
        elif part == VALUES:
            self.start_values(title)
        elif part == CONTACT:
            self.part, self.draft.contact_title, self.label = CONTACT, title, None
        elif part == FURNITURE:
            self.part = FURNITURE
        else:
            self.start_section(part or section_key(title), title)

    def open_value(self, name: str, opened_by: str, lines: list[str] | None = None):
        self.value = values.add_value(self.draft, name, lines)
        self.value_opened_by = opened_by

    def start_values(self, title: str) -> None:
        self.part, self.value_opened_by, self.value = VALUES, "", None
        if not self.draft.values:
            self.draft.values_title = title

    def start_section(self, key: str, title: str) -> None:
        self.part = key
        if key not in self.draft.sections:
            self.draft.sections[key] = DraftSection(key=key, title=title)

    # text and items -----------------------------------------------------------
    def text(self, block: Block, following: Block | None) -> None:
        text = block.text
        if is_furniture(text) or (is_social(text) and self.part != CONTACT):
            contact.phones_in(self.draft, text)
            self.drop(text)
            return
        before = self.follow_opening(text)
        if self.part != CONTACT and self.take_contact(text):
            return
        self.place(block, following)
        if before in (FURNITURE, ""):
            self.part = before  # only that paragraph was the mission or vision

    def place(self, block: Block, following: Block | None) -> None:
        text = block.text
        if self.part == CONTACT:
            self.contact_line(text)
        elif self.part == FURNITURE:
            self.drop(text)
        elif self.part == VALUES:
            self.values_text(block, following)
        elif self.values_intro(text):
            return
        elif not self.part:
            self.draft.unsure.append(f"text before any heading, not placed: {text!r}")
        else:
            self.section_text(block)

    def follow_opening(self, text: str) -> str | None:
        """ "The mission of ..." is the mission wherever it stands; the part it
        was in is returned when it moved."""
        start = " ".join(normalize(text).split()[:5])
        for key, phrases in load_rules().openings.items():
            if key != self.part and any(start.startswith(p) for p in phrases):
                before = self.part
                self.flush_address()
                self.start_section(key, key.title())
                return before
        return None

    def take_contact(self, text: str) -> bool:
        """An address is moved to the contact; a phone or a link is copied there."""
        lines = contact.address_lines([text])
        if lines:
            contact.add_entry(self.draft, "address", "Address", lines)
            return True
        contact.phones_in(self.draft, text)
        if contact.only(contact.URL, text) and self.part in self.draft.sections:
            title = self.draft.sections[self.part].title
            kind = contact.kind_of_label(title) or "website"
            contact.add_entry(self.draft, kind, title, [text])
        return False

    def contact_line(self, text: str) -> None:
        entry = contact.entry_for_line(text, self.label)
        if entry:
            self.flush_address()
            contact.add_entry(self.draft, entry.kind, entry.label, entry.lines)
            self.label = None
        else:
            self.address.append(text)

    def flush_address(self) -> None:
        if not self.address:
            return
        lines = contact.address_lines(self.address)
        if lines:
            label = self.label or self.draft.contact_title
            contact.add_entry(self.draft, "address", label, lines)
        else:
            for text in self.address:
                self.drop(text, always=True)
        self.address, self.label = [], None

    def values_intro(self, text: str) -> bool:
        """ "...in the following shared values:" starts the values."""
        match = _INTRO_TITLE.search(text)
        if not match or not has_phrase(text, load_rules().values_intro):
            return False
        word = match.group(1) or ""
        title = match.group(2)
        if word and word.lower() not in _NOT_TITLE_WORDS:
            title = f"{word} {title}"
        self.start_values(title)
        self.draft.unsure.append(
            f"the values' introduction has no place in the store format: {text!r}"
        )
        return True

    def values_text(self, block: Block, following: Block | None) -> None:
        named = values.name_and_text(block.text)
        if named:
            self.open_value(named[0], block.kind, [named[1]])
        elif (
            block.kind == ITEM
            and self.value_opened_by != HEADING
            and (values.opens_value_list(block, following))
        ):
            self.open_value(block.text, ITEM)
        elif self.value is not None:
            self.value.lines.append(block.text)
            self.value.listed = self.value.listed or block.kind == ITEM
        elif block.kind == ITEM:
            self.open_value(block.text, "")  # a list of names only
            self.value = None
        else:
            self.draft.unsure.append(
                f"text under {self.draft.values_title!r} before any value has no "
                f"place in the store format: {block.text!r}"
            )

    def section_text(self, block: Block) -> None:
        if self.draft.holds(block.text):
            self.draft.unsure.append(f"duplicate text kept once: {block.text!r}")
            return
        section = self.draft.sections[self.part]
        (section.items if block.kind == ITEM else section.paragraphs).append(block.text)

    def drop(self, text: str, always: bool = False) -> None:
        if always or worth_listing(text):
            self.draft.dropped.append(text)


def find_name(texts: list[str]) -> str | None:
    """The department's name as the page writes it most often."""
    found: Counter[str] = Counter()
    for text in texts:
        caps = _NAME_CAPS.match(text.strip())
        if caps:
            found[caps.group(1).title() + " Police Department"] += 1
        for match in _NAME.finditer(text):
            words = match.group(1).split()
            while words and words[0] in ("The", "the", "Welcome"):
                words = words[1:]
            if words:
                found[" ".join(words) + " Police Department"] += 1
    return found.most_common(1)[0][0] if found else None
