"""Departments side by side, and the values they share."""

from __future__ import annotations

from dataclasses import replace

from statement_bot import formatting as fmt
from statement_bot.dialogue.context import Request
from statement_bot.dialogue.plan.follow_ups import that_one
from statement_bot.dialogue.plan.parts import (
    answer_listed,
    answer_topic,
    compare_value,
    compared_slot,
    values_side_by_side,
)
from statement_bot.dialogue.plan.statements import answer_topic_asked
from statement_bot.dialogue.replies import Outcome, Reply, shared_reply
from statement_bot.dialogue.state import ShownCompared, ShownDepartments
from statement_bot.names import (
    ENTITY_VALUE,
    SLOT_DEPARTMENT,
    SLOT_TOPIC,
    SLOT_VALUE,
    UTTER_COMPARE,
    UTTER_SHARED_VALUE,
    Topic,
)
from statement_bot.store import Department
from statement_bot.understand import references
from statement_bot.understand.departments import asks_which_one
from statement_bot.understand.topics import find_topic
from statement_bot.understand.values import (
    asks_if_listed,
    value_key_written,
    value_keys,
    value_name_written,
    value_names_written,
)

COMPARABLE_TOPICS = (Topic.MISSION, Topic.VISION, Topic.VALUES, Topic.GOALS)


def chosen_among_shown(request: Request) -> list[Department]:
    """The departments just compared or listed, when the message asks which of
    them ("which one says ...?", "which of those two mentions ...?"); else none."""
    shown = request.turn.shown
    if not isinstance(shown, (ShownCompared, ShownDepartments)):
        return []
    if request.mentions.known or not asks_which_one(request.text):
        return []
    found = [request.store.get(d) for d in shown.departments]
    departments = [d for d in found if d is not None]
    return departments if len(departments) > 1 else []


def compared_value(request: Request) -> str | None:
    """The value a comparison is about, unless it names a section other than the
    values ("with respect to their vision" compares visions)."""
    section = find_topic(request.text)
    if section in COMPARABLE_TOPICS and section != Topic.VALUES:
        return None
    for query in (request.turn.entity(ENTITY_VALUE), request.text):
        if query and (name := value_name_written(request.store, query)):
            return name
    return None


def compare(request: Request) -> Outcome:
    """Two or more departments side by side on what was asked: a value, a
    section, or (by default) the mission."""
    store, turn = request.store, request.turn
    departments = list(request.mentions.known)
    context = request.context
    values = value_names_written(store, request.text)
    if len(values) > 1 and len(departments) <= 1:
        # "how is integrity different from respect at West Sac?"
        department = departments[0] if departments else context
        if department is not None:
            return values_side_by_side(department, values)
    value = compared_value(request)
    if value and len(departments) == 1 and context in (None, departments[0]):
        # "cambridge teamwork": one department and a value is a question about it.
        return answer_topic_asked(request, Topic.VALUE)
    if len(departments) == 1 and context and context not in departments:
        departments.insert(0, context)
    if len(departments) < 2:
        departments = list(store)
    if value:
        return compare_value(departments, value)
    topic = find_topic(request.text)
    if topic not in COMPARABLE_TOPICS:
        topic = turn.topic if turn.topic in COMPARABLE_TOPICS else Topic.MISSION
    label = "core values" if topic == Topic.VALUES else str(topic)
    names = fmt.join_names([d.name for d in departments])
    outcome = Outcome(
        [Reply(UTTER_COMPARE, {"topic": label, "department_names": names})],
        {SLOT_TOPIC: topic, SLOT_DEPARTMENT: departments[-1].id},
    )
    for department in departments:
        outcome = outcome.then(answer_topic(department, topic, request.text, []))
    if topic == Topic.VALUES:
        outcome = outcome.then(Outcome([shared_reply(departments)]))
    # Side by side reads better without a wall of buttons.
    replies = [replace(r, buttons=[]) for r in outcome.replies]
    return Outcome(replies, {**outcome.slots, **compared_slot(departments)})


def shared_values(request: Request) -> Outcome:
    """Which departments share a value (one value, or all shared values)."""
    store = request.store
    hint = request.turn.entity(ENTITY_VALUE)
    key = value_key_written(store, hint or "") or value_key_written(store, request.text)
    found = request.mentions.known
    asked = value_name_written(store, request.text) or key
    if found and asked and asks_if_listed(request.text):
        # "is Compassion one of Alhambra's values?": that department's own list.
        return listed_at(request, found, asked)
    if key:
        holders = [(d, v) for d in store for v in d.values if key in value_keys(v)]
        if holders:
            body = fmt.bullet_list(f"**{d.name}**: {v.name}" for d, v in holders)
            reply = Reply(UTTER_SHARED_VALUE, {"value_name": key.title(), "body": body})
            # "What does Cambridge's say?" follows up on this value ("what does
            # it mean there?" on its one holder).
            slots = {SLOT_TOPIC: Topic.VALUE, SLOT_VALUE: key.title()}
            if len(holders) == 1:
                slots[SLOT_DEPARTMENT] = holders[0][0].id
            return Outcome([reply], slots)
    if len(found) < 2 and references.refers_back(request.text):
        # "what's that value called?", "what else is on that list?": about what
        # the conversation is on, not every shared value.
        return that_one(request)
    return Outcome([shared_reply(found if len(found) >= 2 else list(store))])


def listed_at(request: Request, departments: list[Department], asked: str) -> Outcome:
    """Whether each department lists the value ``asked``: the value, or its own
    list (with its closest value)."""
    slots = {SLOT_DEPARTMENT: departments[-1].id, SLOT_TOPIC: Topic.VALUE}
    if len(departments) > 1:
        slots.update(compared_slot(departments))
    outcome = Outcome(slots=slots)
    for department in departments:
        answered = answer_listed(department, asked, request.text)
        outcome = outcome.then(answered)
    return outcome
