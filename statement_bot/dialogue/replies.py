"""What a turn produces (``Reply``, ``Outcome``) and the builders of the
replies more than one planner sends. Fixed wording lives in domain.yml; the
variables come from the store only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from statement_bot import formatting as fmt
from statement_bot.names import (
    SLOT_DEPARTMENT,
    SLOT_TOPIC,
    SLOT_VALUE,
    UTTER_ALSO_HAS,
    UTTER_ALSO_RELATED,
    UTTER_ASK_DEPARTMENT,
    UTTER_ASK_TOPIC,
    UTTER_COMPARE,
    UTTER_CONTACT,
    UTTER_ITEM,
    UTTER_NO_SECTION,
    UTTER_NO_SHARED_VALUES,
    UTTER_OVERVIEW,
    UTTER_OVERVIEW_VALUES,
    UTTER_OVERVIEW_VALUES_ONLY,
    UTTER_SEARCH_HIT,
    UTTER_SEARCH_NO_MATCH,
    UTTER_SECTION,
    UTTER_SHARED_VALUE,
    UTTER_SHARED_VALUES,
    UTTER_UNKNOWN_DEPARTMENT,
    UTTER_VALUE,
    UTTER_VALUES,
    UTTER_WHICH_HAVE,
    Topic,
)
from statement_bot.store import Department, Store
from statement_bot.understand.search import Hit
from statement_bot.understand.topics import TOPIC_WORDS, find_topic
from statement_bot.understand.values import shared_values

# A word the user asked about that may be said back ("motto", "history").
_SAFE_NAME = re.compile(r"^[\w .'&-]{2,60}$")

# Answers quoted from the store, which people may rate ("Helpful?").
RATED_RESPONSES = frozenset(
    {
        UTTER_SECTION,
        UTTER_VALUES,
        UTTER_VALUE,
        UTTER_CONTACT,
        UTTER_ITEM,
        UTTER_SEARCH_HIT,
        UTTER_COMPARE,
        UTTER_OVERVIEW,
        UTTER_OVERVIEW_VALUES,
        UTTER_OVERVIEW_VALUES_ONLY,
        UTTER_ALSO_HAS,
        UTTER_ALSO_RELATED,
        UTTER_SHARED_VALUE,
        UTTER_WHICH_HAVE,
    }
)


@dataclass(frozen=True)
class Reply:
    """One bot message: a domain response, its variables and buttons."""

    response: str
    variables: dict[str, str] = field(default_factory=dict)
    buttons: list[dict[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Outcome:
    """What a turn produces: replies in order and the slots to set (slot
    values, as ``state`` writes them)."""

    replies: list[Reply] = field(default_factory=list)
    slots: dict[str, Any] = field(default_factory=dict)

    def then(self, other: Outcome) -> Outcome:
        """This outcome's replies, then ``other``'s; ``other``'s slots win."""
        return Outcome([*self.replies, *other.replies], {**self.slots, **other.slots})


def say(response: str) -> Outcome:
    """One fixed reply and nothing else."""
    return Outcome([Reply(response)])


def department_names(store: Store) -> str:
    """'A, B and C' for every department in the store."""
    return fmt.join_names([d.name for d in store])


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


# The longest mission an overview quotes in full; a longer one gives its first
# sentence.
MAX_OVERVIEW_MISSION = 600


def overview_summary(department: Department) -> str | None:
    """What an overview quotes: the mission in full when it is short, else the
    first sentence of the mission (or of the first section), verbatim."""
    mission = department.sections.get(Topic.MISSION)
    if mission is not None:
        body = fmt.section_body(mission)
        if body and len(body) <= MAX_OVERVIEW_MISSION:
            return body
    return fmt.first_sentence(department)


def overview(department: Department) -> Outcome:
    """ "Tell me about Cambridge": its name, its mission (or the first sentence
    of it, or of its first section), the names of its values, and a button for
    every part of its statement."""
    slots = {SLOT_DEPARTMENT: department.id, SLOT_TOPIC: None, SLOT_VALUE: None}
    buttons = fmt.topic_buttons(department)
    summary = overview_summary(department)
    variables = {"department_name": department.name}
    if department.values:
        variables["values_label"] = fmt.topic_label(department, Topic.VALUES)
        variables["value_names"] = ", ".join(v.name for v in department.values)
    if summary is not None:
        variables["summary"] = summary
    response = {
        (True, True): UTTER_OVERVIEW_VALUES,
        (True, False): UTTER_OVERVIEW,
        (False, True): UTTER_OVERVIEW_VALUES_ONLY,
        (False, False): UTTER_ASK_TOPIC,
    }[(summary is not None, bool(department.values))]
    return Outcome([Reply(response, variables, buttons)], slots)


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
    wanted = topic if topic in TOPIC_WORDS else find_topic(topic)
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


def quote(hit: Hit) -> Reply:
    """A passage quoted verbatim, named by department and part, with a button
    for the whole part."""
    passage = hit.passage
    department = passage.department
    label = fmt.topic_label(department, passage.topic)
    if passage.value:
        label = f"{label} ({passage.value})"
    whole = fmt.topic_label(department, passage.topic)
    button = fmt.topic_button(department, passage.topic, f"The whole {whole}")
    variables = {
        "department_name": department.name,
        "part_label": label,
        "body": passage.text,
    }
    return Reply(UTTER_SEARCH_HIT, variables, [button])


def no_match(departments: list[Department], topic: str | None) -> Reply:
    """Nothing good enough: say so plainly and offer what can be answered."""
    names = fmt.join_names([d.name for d in departments])
    where = (
        fmt.topic_label(departments[0], topic)
        if topic and len(departments) == 1
        else "published statement"
    )
    buttons = fmt.topic_buttons(departments[0]) if len(departments) == 1 else []
    if len(departments) > 1:
        buttons = fmt.department_buttons(departments)
    return Reply(
        UTTER_SEARCH_NO_MATCH, {"department_names": names, "where": where}, buttons
    )


def shared_reply(departments: list[Department]) -> Reply:
    """Values that two or more of ``departments`` hold."""
    groups = shared_values(departments)
    if not groups:
        names = fmt.join_names([d.name for d in departments])
        return Reply(UTTER_NO_SHARED_VALUES, {"department_names": names})
    lines = []
    for key in sorted(groups):
        holders = "; ".join(f"{d.name}: {v.name}" for d, v in groups[key])
        lines.append(f"**{key.title()}**: {holders}")
    return Reply(UTTER_SHARED_VALUES, {"body": fmt.bullet_list(lines)})
