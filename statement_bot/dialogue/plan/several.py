"""Several questions in one message ("apd: mission, vision, values", "the
vision, then list the values", "their values, and which one is about
training?"): each part (``context.Part``, read on its own words) answered in
the order asked, all in one reply; a part the statement lacks is said plainly
for that part while the others are answered.

Each part goes to the planner that answers it alone, with typed arguments: a
topic to ``parts.answer_topic``, a value to ``parts.answer_value``, a pick
among what the part before it asked for to ``passages.find_passages`` within
that part of the statement.
"""

from __future__ import annotations

from statement_bot import formatting as fmt
from statement_bot.dialogue.context import ASKS_PICK, ASKS_VALUE, Part, Request
from statement_bot.dialogue.plan.parts import answer_topic, answer_value
from statement_bot.dialogue.plan.passages import find_passages
from statement_bot.dialogue.replies import Outcome, Reply
from statement_bot.names import (
    SLOT_DEPARTMENT,
    SLOT_TOPIC,
    UTTER_NO_VALUE,
    UTTER_VALUE_NOT_LISTED,
    Topic,
)
from statement_bot.store import Department


def _value(request: Request, department: Department, part: Part) -> Outcome:
    """The value the part names (or describes), or a plain "not listed"."""
    queries = [str(part.value), part.text]
    answered = answer_value(department, queries, request.index)
    if not department.values or answered.replies[0].response != UTTER_NO_VALUE:
        return answered
    variables = {
        "department_name": department.name,
        "value_name": str(part.value),
        "values_label": fmt.topic_label(department, Topic.VALUES),
    }
    return Outcome([Reply(UTTER_VALUE_NOT_LISTED, variables)])


def answer_part(request: Request, part: Part) -> Outcome:
    """One part, for each of its departments."""
    departments = list(part.departments)
    if part.asks == ASKS_PICK and request.index is not None:
        within = Topic.VALUES if part.topic == Topic.VALUE else part.topic
        return find_passages(request, part.text, departments, within)
    outcome = Outcome()
    for department in departments:
        if part.asks == ASKS_VALUE and department.values:
            answered = _value(request, department, part)
        else:
            topic = str(part.topic)
            answered = answer_topic(department, topic, part.text, [], request.index)
        outcome = outcome.then(answered)
    return outcome


def plan(request: Request) -> Outcome:
    """Every part of the message, in the order asked, in one reply."""
    outcome = Outcome()
    for part in request.parts:
        outcome = outcome.then(answer_part(request, part))
    last = request.parts[-1]
    slots = {SLOT_DEPARTMENT: last.departments[-1].id}
    if last.asks != ASKS_PICK:  # a pick's search is what the conversation is on
        slots[SLOT_TOPIC] = str(last.topic)
    return outcome.then(Outcome(slots=slots))
