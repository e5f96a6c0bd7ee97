"""Decide the bot's answer for a turn: pure functions over the store.

Each planner takes the store and a ``Turn`` (what the tracker says about the
latest message and the conversation so far) and returns an ``Outcome``: the
responses to send, with the store text that fills them, and the slots to set.
Planners build new outcomes and never change their inputs (``Turn``, ``Reply``
and ``Outcome`` are frozen). The Rasa action classes in ``actions.actions`` only
translate to and from this.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from statement_bot import formatting as fmt
from statement_bot import matching
from statement_bot.names import (
    ENTITY_DEPARTMENT,
    ENTITY_SECTION,
    ENTITY_VALUE,
    INTENT_TOPICS,
    SLOT_DEPARTMENT,
    SLOT_TOPIC,
    SLOT_VALUE,
    UTTER_ASK_DEPARTMENT,
    UTTER_ASK_TOPIC,
    UTTER_COMPARE,
    UTTER_CONTACT,
    UTTER_DEPARTMENTS,
    UTTER_FALLBACK,
    UTTER_NO_CONTACT,
    UTTER_NO_SECTION,
    UTTER_NO_SHARED_VALUES,
    UTTER_NO_VALUE,
    UTTER_REPORT_CRIME,
    UTTER_REPORT_CRIME_CONTACT,
    UTTER_SECTION,
    UTTER_SHARED_VALUE,
    UTTER_SHARED_VALUES,
    UTTER_UNKNOWN_DEPARTMENT,
    UTTER_VALUE,
    UTTER_VALUES,
    Topic,
)
from statement_bot.store import Department, Store

COMPARABLE_TOPICS = (Topic.MISSION, Topic.VISION, Topic.VALUES, Topic.GOALS)
MAX_SLOT_TEXT = 200
_SAFE_NAME = re.compile(r"^[\w .'&-]{2,60}$")


@dataclass(frozen=True)
class Reply:
    """One bot message: a domain response, its variables and buttons."""

    response: str
    variables: dict[str, str] = field(default_factory=dict)
    buttons: list[dict[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Outcome:
    """What a turn produces: replies in order and the slots to set."""

    replies: list[Reply] = field(default_factory=list)
    slots: dict[str, Any] = field(default_factory=dict)

    def then(self, other: Outcome) -> Outcome:
        """This outcome's replies, then ``other``'s; ``other``'s slots win."""
        return Outcome([*self.replies, *other.replies], {**self.slots, **other.slots})


@dataclass(frozen=True)
class Turn:
    """The latest message and the conversation context, as the tracker has them."""

    intent: str | None = None
    text: str = ""
    entities: tuple[dict[str, Any], ...] = ()
    department: Any = None
    topic: Any = None
    value: Any = None

    def entity(self, name: str) -> str | None:
        """The first value of entity ``name`` in the message, if it is short text."""
        for entity in self.entities:
            value = entity.get("value") if isinstance(entity, dict) else None
            if (
                entity.get("entity") == name
                and isinstance(value, str)
                and value.strip()
            ):
                return value.strip()[:MAX_SLOT_TEXT]
        return None

    def entity_values(self, name: str) -> list[str]:
        """Every value of entity ``name`` in the message."""
        return [
            e["value"].strip()[:MAX_SLOT_TEXT]
            for e in self.entities
            if isinstance(e, dict)
            and e.get("entity") == name
            and isinstance(e.get("value"), str)
        ]


@dataclass(frozen=True)
class Mentions:
    """Departments a message names: known ones, and an unknown name if any."""

    known: list[Department]
    unknown: str | None


def mentions(store: Store, turn: Turn) -> Mentions:
    """Departments named in the message's entities and text, checked against the store."""
    known: list[Department] = []
    unknown: str | None = None
    for reference in turn.entity_values(ENTITY_DEPARTMENT):
        department = matching.resolve_department(store, reference)
        if department is None:
            words = matching.content_stems(reference)
            if words and _SAFE_NAME.match(reference) and unknown is None:
                unknown = reference
        elif department not in known:
            known.append(department)
    for department in matching.find_departments(store, turn.text):
        if department not in known:
            known.append(department)
    if unknown is None and not known:
        unknown = matching.find_unknown_department(store, turn.text)
    return Mentions(known=known, unknown=unknown if not known else None)


def context_department(
    store: Store, turn: Turn, default: str | None
) -> Department | None:
    """The department the conversation is about: the slot, else the default."""
    return store.get(turn.department) or store.get(default)


def department_names(store: Store) -> str:
    """'A, B and C' for every department in the store."""
    return fmt.join_names([d.name for d in store])


def _topic_for(turn: Turn) -> str | None:
    topic = INTENT_TOPICS.get(turn.intent or "")
    if topic is None and isinstance(turn.topic, str) and turn.topic:
        topic = turn.topic[:MAX_SLOT_TEXT]  # a follow-up: "what about Cambridge?"
    return topic


def ask_department(store: Store, topic: str | None, value_query: str | None) -> Outcome:
    """Ask which department, one button each; remember what was asked."""
    return Outcome(
        [Reply(UTTER_ASK_DEPARTMENT, buttons=fmt.department_buttons(store))],
        {SLOT_TOPIC: topic, SLOT_VALUE: value_query},
    )


def unknown_department(store: Store, name: str, topic: str | None) -> Outcome:
    """Say the department is unknown and name the known ones."""
    reply = Reply(
        UTTER_UNKNOWN_DEPARTMENT,
        {"unknown_name": name, "department_names": department_names(store)},
        fmt.department_buttons(store),
    )
    return Outcome([reply], {SLOT_TOPIC: topic})


def answer(store: Store, turn: Turn, default: str | None = None) -> Outcome:
    """Answer a question about a department's statement (or a follow-up)."""
    topic = _topic_for(turn)
    found = mentions(store, turn)
    value_queries = _value_queries(turn) if topic == Topic.VALUE else []
    if topic == Topic.SECTION:
        topic = (
            turn.entity(ENTITY_SECTION)
            or matching.find_topic(turn.text)
            or _section_words(store, turn.text)
        )

    if found.unknown:
        return unknown_department(store, found.unknown, topic)
    departments = found.known or [
        d for d in [context_department(store, turn, default)] if d
    ]
    if not departments:
        if topic == Topic.VALUE and not any(
            matching.find_value(d, *value_queries) for d in store
        ):
            return Outcome([Reply(UTTER_FALLBACK)])  # no department has such a value
        return ask_department(store, topic, value_queries[0] if value_queries else None)
    if not topic:
        department = departments[0]
        return Outcome(
            [
                Reply(
                    UTTER_ASK_TOPIC,
                    {"department_name": department.name},
                    fmt.topic_buttons(department),
                )
            ],
            {SLOT_DEPARTMENT: department.id, SLOT_TOPIC: None, SLOT_VALUE: None},
        )

    outcome = Outcome(slots={SLOT_DEPARTMENT: departments[-1].id, SLOT_TOPIC: topic})
    for department in departments:
        outcome = outcome.then(answer_topic(department, topic, turn, value_queries))
    return outcome


def _section_words(store: Store, text: str) -> str | None:
    """The words left when names and small words are taken out ("motto")."""
    names = [name for d in store for name in (*d.names, d.id.replace("_", " "))]
    ignored = {w for name in names for w in matching.normalize(name).split()}
    words = [
        w
        for w in matching.normalize(text).split()
        if w not in matching.STOPWORDS and w not in ignored and len(w) > 1
    ]
    return " ".join(words[:3]) or None


def _value_queries(turn: Turn) -> list[str]:
    """What names the value: the entity and the text, or the remembered question."""
    if turn.intent in INTENT_TOPICS:
        queries = [turn.entity(ENTITY_VALUE), turn.text]
    else:
        queries = [turn.value]
    return [q[:MAX_SLOT_TEXT] for q in queries if isinstance(q, str) and q.strip()]


def answer_topic(
    department: Department,
    topic: str,
    turn: Turn,
    value_queries: list[str],
) -> Outcome:
    """The replies for one department and one topic, and the slots they settle
    (the value found, a department's own section key)."""
    name = department.name
    values_label = fmt.topic_label(department, Topic.VALUES)
    if topic in (Topic.VALUE, Topic.VALUES) and not department.values:
        return Outcome([no_section(department, Topic.VALUES)])
    if topic == Topic.VALUE:
        value = matching.find_value(department, *value_queries)
        if value is None:
            variables = {
                "department_name": name,
                "values_label": values_label,
                "body": fmt.values_body(department),
            }
            buttons = fmt.value_buttons(department)
            return Outcome([Reply(UTTER_NO_VALUE, variables, buttons)])
        variables = {
            "department_name": name,
            "value_name": value.name,
            "values_label": values_label,
            "body": value.description,
        }
        return Outcome([Reply(UTTER_VALUE, variables)], {SLOT_VALUE: value.name})
    if topic == Topic.VALUES:
        variables = {
            "department_name": name,
            "section_title": department.values_title,
            "body": fmt.values_body(department),
        }
        return Outcome([Reply(UTTER_VALUES, variables, fmt.value_buttons(department))])
    if topic == Topic.CONTACT:
        if not department.contact:
            buttons = fmt.topic_buttons(department)
            return Outcome(
                [Reply(UTTER_NO_CONTACT, {"department_name": name}, buttons)]
            )
        variables = {
            "department_name": name,
            "section_title": department.contact_title,
            "body": fmt.contact_body(matching.select_contact(department, turn.text)),
        }
        return Outcome([Reply(UTTER_CONTACT, variables)])
    section = department.sections.get(topic) or matching.find_section(department, topic)
    if section is None:
        return Outcome([no_section(department, topic)])
    return Outcome([section_reply(department, section.key)], {SLOT_TOPIC: section.key})


def section_reply(department: Department, key: str) -> Reply:
    """A section of the statement, quoted in full."""
    section = department.sections[key]
    return Reply(
        UTTER_SECTION,
        {
            "department_name": department.name,
            "section_title": section.title,
            "body": fmt.section_body(section),
        },
    )


def no_section(department: Department, topic: str) -> Reply:
    """Say plainly that the department has no such section; offer what it has."""
    wanted = topic if topic in matching.TOPIC_WORDS else matching.find_topic(topic)
    label = fmt.topic_label(department, wanted) if wanted else "section like that"
    if wanted is None and len(topic.split()) <= 3 and _SAFE_NAME.match(topic):
        label = topic  # "motto", "history": the word the user asked about
    available = [fmt.topic_label(department, t) for t in department.topics()]
    return Reply(
        UTTER_NO_SECTION,
        {
            "department_name": department.name,
            "section_label": label,
            "available": fmt.join_names(available),
        },
        fmt.topic_buttons(department),
    )


def list_departments(store: Store) -> Outcome:
    """Name every department in the store."""
    lines = []
    for department in store:
        others = ", ".join(department.short_names)
        lines.append(f"**{department.name}**" + (f" ({others})" if others else ""))
    reply = Reply(
        UTTER_DEPARTMENTS,
        {"count": str(len(store)), "body": fmt.bullet_list(lines)},
        fmt.department_buttons(store),
    )
    return Outcome([reply])


def compare(store: Store, turn: Turn, default: str | None = None) -> Outcome:
    """Two or more departments side by side on one topic."""
    found = mentions(store, turn)
    departments = list(found.known)
    context = context_department(store, turn, default)
    if len(departments) == 1 and context and context not in departments:
        departments.insert(0, context)
    if len(departments) < 2:
        departments = list(store)
    topic = matching.find_topic(turn.text)
    if topic not in COMPARABLE_TOPICS:
        topic = turn.topic if turn.topic in COMPARABLE_TOPICS else Topic.MISSION
    label = "core values" if topic == Topic.VALUES else str(topic)
    names = fmt.join_names([d.name for d in departments])
    outcome = Outcome(
        [Reply(UTTER_COMPARE, {"topic": label, "department_names": names})],
        {SLOT_TOPIC: topic, SLOT_DEPARTMENT: departments[-1].id},
    )
    for department in departments:
        outcome = outcome.then(answer_topic(department, topic, turn, []))
    if topic == Topic.VALUES:
        outcome = outcome.then(Outcome([shared_reply(departments)]))
    # Side by side reads better without a wall of buttons.
    return Outcome([replace(r, buttons=[]) for r in outcome.replies], outcome.slots)


def shared_reply(departments: list[Department]) -> Reply:
    """Values that two or more of ``departments`` hold."""
    groups = matching.shared_values(departments)
    if not groups:
        names = fmt.join_names([d.name for d in departments])
        return Reply(UTTER_NO_SHARED_VALUES, {"department_names": names})
    lines = []
    for key in sorted(groups):
        holders = "; ".join(f"{d.name}: {v.name}" for d, v in groups[key])
        lines.append(f"**{key.title()}**: {holders}")
    return Reply(UTTER_SHARED_VALUES, {"body": fmt.bullet_list(lines)})


def shared_values(store: Store, turn: Turn) -> Outcome:
    """Which departments share a value (one value, or all shared values)."""
    hint = turn.entity(ENTITY_VALUE)
    key = matching.find_value_key(store, hint or "") or matching.find_value_key(
        store, turn.text
    )
    if key:
        holders = [
            (d, v) for d in store for v in d.values if key in matching.value_keys(v)
        ]
        if holders:
            body = fmt.bullet_list(f"**{d.name}**: {v.name}" for d, v in holders)
            return Outcome(
                [Reply(UTTER_SHARED_VALUE, {"value_name": key.title(), "body": body})]
            )
    found = mentions(store, turn).known
    return Outcome([shared_reply(found if len(found) >= 2 else list(store))])


def fallback(store: Store, turn: Turn, default: str | None = None) -> Outcome:
    """Low confidence: continue a pending question if a department is named, else offer choices."""
    found = mentions(store, turn)
    if found.known and len(turn.text.split()) <= 6:
        return answer(store, Turn(**{**turn.__dict__, "intent": None}), default)
    return Outcome([Reply(UTTER_FALLBACK)])


def report_crime(store: Store, turn: Turn, default: str | None = None) -> Outcome:
    """The bot cannot take reports: give 911 and the non-emergency line from the store."""
    found = mentions(store, turn).known
    department = found[0] if found else context_department(store, turn, default)
    candidates = [department] if department else list(store)
    lines = [
        f"**{d.name}**: {', '.join(e.lines)}"
        for d in candidates
        for e in d.contact
        if e.kind == "phone"
    ]
    if lines:
        return Outcome(
            [Reply(UTTER_REPORT_CRIME_CONTACT, {"body": fmt.bullet_list(lines)})]
        )
    return Outcome([Reply(UTTER_REPORT_CRIME)])
