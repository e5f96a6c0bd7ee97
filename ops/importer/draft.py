"""The draft a page is imported into, its YAML store file and its review list."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from statement_bot.text import normalize


@dataclass
class DraftSection:
    """A titled part: paragraphs, then list items."""

    key: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)


@dataclass
class DraftValue:
    """A value's name and the lines of its description (``listed``: bullets)."""

    name: str
    lines: list[str] = field(default_factory=list)
    listed: bool = False

    @property
    def description(self) -> str:
        return ("\n" if self.listed else " ").join(self.lines)


@dataclass
class DraftEntry:
    """A contact entry: kind, label and value lines."""

    kind: str
    label: str
    lines: list[str]


@dataclass
class Draft:
    """Everything imported from a department's page, and what to review."""

    id: str
    name: str = ""
    short_names: list[str] = field(default_factory=list)
    sections: dict[str, DraftSection] = field(default_factory=dict)
    values_title: str = "Core Values"
    values: list[DraftValue] = field(default_factory=list)
    contact_title: str = "Contact"
    contact: list[DraftEntry] = field(default_factory=list)
    unsure: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def statement_texts(self) -> list[str]:
        """The statement's texts: section paragraphs and items, descriptions."""
        out: list[str] = []
        for section in self.sections.values():
            out += section.paragraphs + section.items
        return out + [value.description for value in self.values if value.lines]

    def texts(self) -> list[str]:
        """Every text of the draft: the statement's, then contact lines."""
        return self.statement_texts() + [
            line for entry in self.contact for line in entry.lines
        ]

    def holds(self, text: str) -> bool:
        """Whether the statement already has this text (compared normalized)."""
        wanted = normalize(text)
        return any(normalize(known) == wanted for known in self.statement_texts())


class _Dumper(yaml.SafeDumper):
    """Multi-line text as a literal block, so bullet lines stay lines."""


def _text(dumper: yaml.SafeDumper, data: str) -> Any:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _text)


def _section(section: DraftSection) -> dict[str, Any]:
    body: dict[str, Any] = {"title": section.title}
    if section.paragraphs:
        body["paragraphs"] = section.paragraphs
    if section.items:
        body["items"] = section.items
    return body


def as_store_data(draft: Draft) -> dict[str, Any]:
    """The draft as store-file data (values without a description left out)."""
    data: dict[str, Any] = {"id": draft.id, "name": draft.name}
    if draft.short_names:
        data["short_names"] = draft.short_names
    sections = {
        key: _section(section)
        for key, section in draft.sections.items()
        if section.paragraphs or section.items
    }
    if sections:
        data["sections"] = sections
    values = [
        {"name": value.name, "description": value.description}
        for value in draft.values
        if value.lines
    ]
    if values:
        data["values"] = {"title": draft.values_title, "items": values}
    if draft.contact:
        data["contact"] = {
            "title": draft.contact_title,
            "entries": [
                {"kind": e.kind, "label": e.label, "value": e.lines}
                for e in draft.contact
            ],
        }
    return data


def to_yaml(draft: Draft) -> str:
    """The draft store file: a header comment, then the YAML."""
    header = [
        f"# DRAFT imported by `make import` from: {', '.join(draft.sources)}",
        "# Every text is the page's own. Read the review list beside this file,",
        "# add aliases, then move the file into stores/ and run `make validate`.",
    ]
    body = yaml.dump(
        as_store_data(draft),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=88,
    )
    return "\n".join(header) + "\n" + body


def review_text(draft: Draft, problems: str | None, path: Path) -> str:
    """The review list: what the importer was unsure of, and what to check."""
    lines = [f"Review of {path} (from {', '.join(draft.sources)})", ""]
    if problems:
        lines += ["The draft does NOT pass the store validator:", problems, ""]
    else:
        lines += ["The draft passes the store validator (load_store).", ""]
    lines += ["Unsure (check each):"]
    lines += [f"- {note}" for note in draft.unsure] or ["- nothing"]
    lines += ["", "Dropped text longer than a menu item (restore by hand if needed):"]
    lines += [f"- {text!r}" for text in draft.dropped] or ["- nothing"]
    lines += [
        "",
        "Before publishing:",
        f"- the name {draft.name!r} and short names {draft.short_names}",
        "- every section title, value name and contact label against the page",
        "- add aliases (words people use for a value or section) and synonyms",
        f"- move the file to stores/{draft.id}.yml, run `make validate`, restart",
        "",
    ]
    return "\n".join(lines)
