"""One department, one part of its statement: the replies every planner
builds on (a section, the values, a value, the contacts), and the slots that
remember what was shown. No planner here calls another module's planner.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from statement_bot import formatting as fmt
from statement_bot.dialogue.replies import (
    Outcome,
    Reply,
    no_section,
    overview,
    quote,
    section_reply,
)
from statement_bot.dialogue.state import (
    MAX_SLOT_TEXT,
    ShownCompared,
    ShownItems,
    ShownValues,
)
from statement_bot.names import (
    SLOT_DEPARTMENT,
    SLOT_SEARCHED,
    SLOT_SHOWN,
    SLOT_TOPIC,
    SLOT_VALUE,
    UTTER_ALSO_RELATED,
    UTTER_COMPARE,
    UTTER_CONTACT,
    UTTER_NO_CONTACT,
    UTTER_NO_VALUE,
    UTTER_VALUE,
    UTTER_VALUE_NOT_LISTED,
    UTTER_VALUES,
    Topic,
)
from statement_bot.store import Department, Value
from statement_bot.understand.search import Hit, StatementIndex
from statement_bot.understand.topics import find_section, find_topic, select_contact
from statement_bot.understand.values import (
    value_alike,
    value_asked,
    value_by_name,
    value_called,
)


def shown_values(department: Department) -> dict[str, Any]:
    """The slot that remembers a department's values as the list just shown."""
    names = tuple(v.name for v in department.values)
    return {SLOT_SHOWN: ShownValues(department.id, names).to_slot()}


def compared_slot(departments: list[Department]) -> dict[str, Any]:
    """Remember the departments compared, for "and their visions?"."""
    compared = ShownCompared(tuple(d.id for d in departments))
    return {SLOT_SHOWN: compared.to_slot()}


def search_slots(
    departments: list[Department], hit: Hit | None, text: str | None = None
) -> dict[str, Any]:
    """The search itself (topic ``content``: "what about Cambridge?" searches
    again), the department when there was one, and the value quoted ("does
    West Sac have that too?")."""
    slots: dict[str, Any] = {SLOT_TOPIC: Topic.CONTENT}
    if text:
        slots[SLOT_SEARCHED] = text[:MAX_SLOT_TEXT]
    if len(departments) == 1:
        slots[SLOT_DEPARTMENT] = departments[0].id
    if hit:
        department = hit.passage.department
        slots[SLOT_DEPARTMENT] = department.id
        if hit.passage.value:
            slots[SLOT_VALUE] = hit.passage.value
        section = department.sections.get(hit.passage.topic)
        if section is not None and section.items:
            # the list the passage is in: "the second one", "what else is on that list?"
            items = ShownItems(department.id, section.key, len(section.items))
            slots[SLOT_SHOWN] = items.to_slot()
    return slots


def _find_value(
    department: Department, queries: list[str], index: StatementIndex | None
) -> Value | None:
    """The value asked about; one described rather than named is found by the
    statement search when it is trusted."""
    value = value_asked(department, *queries)
    if value is None and index is not None and queries:
        hit = index.best(queries[-1], [department], [Topic.VALUES])
        if hit is not None and hit.passage.value:
            value = value_called(department, hit.passage.value)
    return value


def answer_value(
    department: Department, queries: list[str], index: StatementIndex | None = None
) -> Outcome:
    """One value of the department in full, or its values to choose from."""
    value = _find_value(department, queries, index)
    values_label = fmt.topic_label(department, Topic.VALUES)
    if value is None:
        variables = {
            "department_name": department.name,
            "values_label": values_label,
            "body": fmt.values_body(department),
        }
        buttons = fmt.value_buttons(department)
        return Outcome(
            [Reply(UTTER_NO_VALUE, variables, buttons)], shown_values(department)
        )
    variables = {
        "department_name": department.name,
        "value_name": value.name,
        "values_label": values_label,
        "body": value.description,
    }
    return Outcome([Reply(UTTER_VALUE, variables)], {SLOT_VALUE: value.name})


def answer_values(department: Department) -> Outcome:
    """The department's values, each a button."""
    variables = {
        "department_name": department.name,
        "section_title": department.values_title,
        "body": fmt.values_body(department),
    }
    buttons = fmt.value_buttons(department)
    return Outcome([Reply(UTTER_VALUES, variables, buttons)], shown_values(department))


def answer_contact(department: Department, text: str) -> Outcome:
    """The contact details the message asks for (all when it names no kind)."""
    if not department.contact:
        buttons = fmt.topic_buttons(department)
        variables = {"department_name": department.name}
        return Outcome([Reply(UTTER_NO_CONTACT, variables, buttons)])
    variables = {
        "department_name": department.name,
        "section_title": department.contact_title,
        "body": fmt.contact_body(select_contact(department, text)),
    }
    return Outcome([Reply(UTTER_CONTACT, variables)])


def answer_topic(
    department: Department,
    topic: str,
    text: str,
    value_queries: list[str],
    index: StatementIndex | None = None,
) -> Outcome:
    """The replies for one department and one topic asked in ``text``, and the
    slots they settle (the value found, a department's own section key)."""
    if topic in (Topic.VALUE, Topic.VALUES) and not department.values:
        return Outcome([no_section(department, Topic.VALUES)])
    if topic == Topic.VALUE:
        return answer_value(department, value_queries, index)
    if topic == Topic.VALUES:
        return answer_values(department)
    if topic == Topic.CONTACT:
        return answer_contact(department, text)
    # The model's section entity first, then the message's own words for this
    # department's sections ("what is LVPD's motto?" with "LVPD" taken as the
    # section).
    section = (
        department.sections.get(topic)
        or find_section(department, topic)
        or find_section(department, text)
    )
    if section is None:
        return missing_section(department, topic, text, index)
    slots: dict[str, Any] = {SLOT_TOPIC: section.key}
    if section.items:
        items = ShownItems(department.id, section.key, len(section.items))
        slots[SLOT_SHOWN] = items.to_slot()
    return Outcome([section_reply(department, section.key)], slots)


def missing_section(
    department: Department, topic: str, text: str, index: StatementIndex | None
) -> Outcome:
    """A part of the statement this department does not have. When the part was
    only the model's reading of a longer question ("what role does Cambridge want
    to play in how safe people feel?" read as goals), the passage the statement
    search trusts answers it; when the message names the part ("Cambridge's goals
    for training"), say it is not there first. Nothing trusted: say so plainly."""
    hit = index.best(text, [department]) if index is not None else None
    if hit is None:
        return Outcome([no_section(department, topic)])
    quoted = Outcome([quote(hit)], search_slots([department], hit, text))
    if find_topic(text, department) == topic:
        return Outcome([no_section(department, topic)]).then(quoted)
    return quoted


def about(
    department: Department,
    topic: str | None,
    value: str | None,
    index: StatementIndex | None = None,
) -> Outcome:
    """The conversation's topic (and value) for ``department``: "the other
    department", another department in the list just shown; an overview when
    there is no topic (or only a search)."""
    if topic is None or topic == Topic.CONTENT:
        return overview(department)
    queries = [value[:MAX_SLOT_TEXT]] if topic == Topic.VALUE and value else []
    slots = {SLOT_DEPARTMENT: department.id, SLOT_TOPIC: topic}
    answered = answer_topic(department, topic, "", queries, index)
    return Outcome(slots=slots).then(answered)


def compare_value(
    departments: list[Department], name: str, header: bool = True
) -> Outcome:
    """One value side by side: each department's value of that name (or alias,
    or whose description covers it), or a plain "not listed"."""
    label = f"{name} value"
    names = fmt.join_names([d.name for d in departments])
    heading = [Reply(UTTER_COMPARE, {"topic": label, "department_names": names})]
    outcome = Outcome(
        heading if header else [],
        {
            SLOT_TOPIC: Topic.VALUE,
            SLOT_DEPARTMENT: departments[-1].id,
            **compared_slot(departments),
        },
    )
    for department in departments:
        if value_asked(department, name) is None:
            variables = {
                "department_name": department.name,
                "value_name": name,
                "values_label": fmt.topic_label(department, Topic.VALUES),
            }
            outcome = outcome.then(Outcome([Reply(UTTER_VALUE_NOT_LISTED, variables)]))
        else:
            outcome = outcome.then(answer_value(department, [name]))
    return outcome


def values_side_by_side(department: Department, names: list[str]) -> Outcome:
    """Two or more values of one department, each in full (or "not listed")."""
    label = " and ".join(names) + " values"
    outcome = Outcome(
        [Reply(UTTER_COMPARE, {"topic": label, "department_names": department.name})],
        {SLOT_DEPARTMENT: department.id, SLOT_TOPIC: Topic.VALUE},
    )
    for name in names:
        outcome = outcome.then(compare_value([department], name, header=False))
    found = [value_asked(department, name) for name in names]
    shown = ShownValues(department.id, tuple(v.name for v in found if v))
    return replace(outcome, slots={**outcome.slots, SLOT_SHOWN: shown.to_slot()})


def answer_listed(department: Department, asked: str, text: str) -> Outcome:
    """ "Is Compassion one of Alhambra's values?": the value when the department
    lists one by that name; else that it does not, its value of that alias or
    a near spelling if one, and its own list."""
    named = value_by_name(department, text) or value_by_name(department, asked)
    if named is not None:
        return answer_value(department, [named.name])
    values_label = fmt.topic_label(department, Topic.VALUES)
    close = value_alike(department, asked)
    if close is None:
        variables = {
            "department_name": department.name,
            "value_name": asked,
            "values_label": values_label,
        }
        said = Outcome([Reply(UTTER_VALUE_NOT_LISTED, variables)])
    else:
        variables = {
            "department_name": department.name,
            "asked": asked,
            "value_name": close.name,
            "body": close.description,
        }
        said = Outcome([Reply(UTTER_ALSO_RELATED, variables)])
    return said.then(answer_values(department))
