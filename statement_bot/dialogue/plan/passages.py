"""Quote the passages of the statements that answer a question: the best of
each department asked about, a value named in it, or a plain "not found";
never a weak match. The search planner, the follow-ups ("what about West
Sac?") and the fallback all quote through here.
"""

from __future__ import annotations

from statement_bot import formatting as fmt
from statement_bot.dialogue.context import Request
from statement_bot.dialogue.plan.parts import answer_topic, answer_value, search_slots
from statement_bot.dialogue.plan.service import handoff_after_miss
from statement_bot.dialogue.replies import Outcome, Reply, no_match, quote
from statement_bot.names import (
    ENTITY_SECTION,
    SLOT_DEPARTMENT,
    SLOT_TOPIC,
    UTTER_SEARCH_NOT_IN,
    Topic,
)
from statement_bot.store import Department, Value
from statement_bot.understand.search import StatementIndex
from statement_bot.understand.topics import find_topic
from statement_bot.understand.values import value_written


def _named_values(
    departments: list[Department], text: str
) -> list[tuple[Department, Value]]:
    """The value of each of ``departments`` that ``text`` names, if one."""
    named = [(d, value_written(d, text)) for d in departments]
    return [(d, v) for d, v in named if v is not None]


def _about_the_value(
    index: StatementIndex, department: Department, value: Value, text: str
) -> bool:
    """Whether a question that names a value is about it: its other content
    words are mostly in the value's description ("what does West Sac say about
    courage?" yes; "is wspd doing anything for pride month?" no)."""
    names = index.query(" ".join([value.name, *value.aliases, *department.names]))
    named = set().union(*names) if names else set()
    rest = [group for group in index.query(text) if not group & named]
    if not rest:
        return True
    described = set().union(*index.query(value.description))
    covered = sum(1 for group in rest if group & described)
    return 2 * covered >= len(rest)


def _searched_topic(
    request: Request, text: str, departments: list[Department]
) -> str | None:
    """The part of the statement a search is limited to, if the message names
    one that exists ("does their vision mention ..."); entities that name no
    part are ignored."""
    department = departments[0] if len(departments) == 1 else None
    for query in (request.turn.entity(ENTITY_SECTION), text):
        topic = find_topic(query, department) if query else None
        if topic in (Topic.VALUE, Topic.VALUES) or (
            topic and any(topic in d.sections for d in departments)
        ):
            return topic
        if topic == Topic.CONTACT:
            return topic
    return None


def _named_value_answer(
    index: StatementIndex, departments: list[Department], text: str
) -> Outcome | None:
    """ "What does West Sac say about courage?": a value of theirs by name."""
    named = [
        (department, value)
        for department, value in (
            _named_values(departments, text) if len(departments) == 1 else []
        )
        if _about_the_value(index, department, value, text)
    ]
    if not named:
        return None
    outcome = Outcome(slots={SLOT_DEPARTMENT: named[-1][0].id, SLOT_TOPIC: Topic.VALUE})
    for department, value in named:
        outcome = outcome.then(answer_value(department, [value.name]))
    return outcome


def find_passages(
    request: Request,
    text: str,
    departments: list[Department],
    within: str | None = None,
) -> Outcome:
    """The question ``text`` searched in ``departments`` (within one part of
    their statements, if given): a value it names, the best passage of each,
    or a plain "not found" (and the hand-off after a miss)."""
    index = request.search_index
    topic = within or _searched_topic(request, text, departments)
    if topic in (None, Topic.VALUE, Topic.VALUES):
        named = _named_value_answer(index, departments, text)
        if named is not None:
            return named
    topics = [Topic.VALUES if topic == Topic.VALUE else topic] if topic else None
    hits = {d.id: index.best(text, [d], topics) for d in departments}
    trusted = [hit for hit in hits.values() if hit]
    if not trusted:
        slots = search_slots(departments, None, text)
        outcome = Outcome([no_match(departments, topic)], slots)
        section = departments[0].sections.get(topic) if topic else None
        if len(departments) == 1 and section is not None:
            # "Does their vision mention X?": no, and here is the vision to see.
            outcome = outcome.then(answer_topic(departments[0], section.key, text, []))
        return handoff_after_miss(request, outcome)
    replies = [quote(hit) for hit in trusted]
    if len(departments) > 1:
        missing = [d.name for d in departments if hits[d.id] is None]
        if missing:
            names = fmt.join_names(missing)
            replies.append(Reply(UTTER_SEARCH_NOT_IN, {"department_names": names}))
    best = trusted[0] if len(trusted) == 1 else None
    return Outcome(replies, search_slots(departments, best, text))
