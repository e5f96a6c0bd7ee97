"""Turn store objects into the text blocks that fill ``domain.yml`` responses.

Only store text goes through here; the fixed wording around it lives in the
domain's responses. Output is light Markdown: ``- `` lists and ``**bold**``,
which the website widget renders and the Slack channel converts to mrkdwn.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from statement_bot.names import (
    ENTITY_DEPARTMENT,
    ENTITY_SECTION,
    ENTITY_VALUE,
    INTENT_ASK_SECTION,
    INTENT_ASK_VALUE,
    INTENT_INFORM_DEPARTMENT,
    TOPIC_INTENTS,
    Topic,
)
from statement_bot.store import ContactEntry, Department, Section, Value


def bullet_list(lines: Iterable[str]) -> str:
    """A Markdown list, one line per item."""
    return "\n".join(f"- {line}" for line in lines)


def section_body(section: Section) -> str:
    """Paragraphs, then the section's list."""
    blocks = list(section.paragraphs)
    if section.items:
        blocks.append(bullet_list(section.items))
    return "\n".join(blocks)


def values_body(department: Department) -> str:
    """The names of a department's values, as a list."""
    return bullet_list(value.name for value in department.values)


def contact_line(entry: ContactEntry) -> str:
    """One contact entry: a label and its value (lines joined)."""
    separator = " " if entry.kind == "social_media" else ", "
    return f"**{entry.label}:** {separator.join(entry.lines)}"


def contact_body(entries: Iterable[ContactEntry]) -> str:
    """Contact entries as a list."""
    return bullet_list(contact_line(entry) for entry in entries)


def topic_label(department: Department, topic: str) -> str:
    """How to name a topic in a sentence: 'mission', 'core values', 'motto'."""
    if topic == Topic.VALUES:
        return department.values_title.lower().removeprefix("our ")
    if topic == Topic.CONTACT:
        return "contact details"
    section = department.sections.get(topic)
    if section and topic not in TOPIC_INTENTS:
        return section.title
    return topic.replace("_", " ")


def payload(intent: str, **entities: str) -> str:
    """A button payload that names its intent and entities (checked on arrival)."""
    return (
        f"/{intent}{json.dumps(entities, separators=(',', ':'))}"
        if entities
        else f"/{intent}"
    )


def department_buttons(departments: Iterable[Department]) -> list[dict[str, str]]:
    """One button per department, completing a pending question."""
    return [
        {
            "title": d.name,
            "payload": payload(INTENT_INFORM_DEPARTMENT, **{ENTITY_DEPARTMENT: d.id}),
        }
        for d in departments
    ]


def topic_button(
    department: Department, topic: str, title: str | None = None
) -> dict[str, str]:
    """A button that asks for one topic of the department in full."""
    intent = TOPIC_INTENTS.get(topic)
    entities = {ENTITY_DEPARTMENT: department.id}
    if intent is None:
        intent = INTENT_ASK_SECTION
        entities[ENTITY_SECTION] = topic
    if title is None:
        section = department.sections.get(topic)
        title = (
            section.title if section else topic_label(department, topic).capitalize()
        )
    return {"title": title, "payload": payload(intent, **entities)}


def topic_buttons(department: Department) -> list[dict[str, str]]:
    """One button per topic the department's statement has."""
    return [topic_button(department, topic) for topic in department.topics()]


def value_buttons(
    department: Department, values: Iterable[Value] | None = None
) -> list[dict[str, str]]:
    """One button per value, each asking for that value in full."""
    return [
        {
            "title": value.name,
            "payload": payload(
                INTENT_ASK_VALUE,
                **{ENTITY_DEPARTMENT: department.id, ENTITY_VALUE: value.name},
            ),
        }
        for value in (department.values if values is None else values)
    ]


def join_names(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def first_sentence(department: Department) -> str | None:
    """The first sentence of the mission (else of the first section), verbatim."""
    sections = list(department.sections.values())
    mission = department.sections.get(Topic.MISSION)
    for section in ([mission] if mission else []) + sections:
        for text in (*section.paragraphs, *section.items):
            return _SENTENCE_END.split(text, maxsplit=1)[0]
    return None
