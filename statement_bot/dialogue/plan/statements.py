"""Questions about a statement: a part of one or more departments' statements
("what is Cambridge's mission?"), an overview, which departments have a part.

Three ways in, by what the turn says about the topic:

- ``answer``: the message's intent names the topic (``ask_vision``), or it
  only names a department and the conversation's topic carries on;
- ``answer_topic_asked``: another planner read the topic from the words
  ("vision pls" at low confidence, "cambridge teamwork");
- ``answer_follow_up``: the conversation's topic, for what the message names
  ("what about Alhambra?" when there is nothing to search for).
"""

from __future__ import annotations

from dataclasses import dataclass

from statement_bot import formatting as fmt
from statement_bot.dialogue.context import Mentions, Request
from statement_bot.dialogue.plan.parts import (
    answer_listed,
    answer_topic,
    compared_slot,
    values_side_by_side,
)
from statement_bot.dialogue.plan.passages import find_passages
from statement_bot.dialogue.plan.service import not_in_statement, out_of_scope
from statement_bot.dialogue.replies import (
    Outcome,
    Reply,
    ask_department,
    overview,
    unknown_department,
)
from statement_bot.dialogue.state import MAX_SLOT_TEXT, ShownDepartments
from statement_bot.names import (
    ENTITY_SECTION,
    ENTITY_VALUE,
    INTENT_TOPICS,
    SLOT_DEPARTMENT,
    SLOT_SHOWN,
    SLOT_TOPIC,
    UTTER_DEPARTMENTS,
    UTTER_FALLBACK,
    UTTER_WHICH_HAVE,
    UTTER_WHICH_HAVE_NOT,
    Topic,
)
from statement_bot.store import Department, Store
from statement_bot.text import normalize
from statement_bot.understand import references
from statement_bot.understand.asking import (
    covered,
    foreign_words,
    names_a_part,
    never_in_a_statement,
    part_text,
    unnamed_words,
)
from statement_bot.understand.departments import asks_which_departments
from statement_bot.understand.search import wants_all_departments
from statement_bot.understand.topics import (
    asks_overview,
    contact_kinds,
    find_section,
    find_topic,
    own_section_named,
)
from statement_bot.understand.values import (
    asks_for_list,
    asks_if_listed,
    value_asked,
    value_name_written,
    value_names_written,
)
from statement_bot.understand.words import STOPWORDS


@dataclass(frozen=True)
class Asked:
    """How a turn asks about a part of a statement."""

    topic: str | None  # the part (``section``: still to be read from the words)
    # The message itself names the value (an ``ask_*`` intent or the words);
    # otherwise the value in the conversation is meant.
    names_value: bool
    # Two values named may be set side by side ("integrity vs respect?").
    compares_values: bool


def answer(request: Request) -> Outcome:
    """A question about a department's statement, its intent naming the part
    (or a department alone, on the conversation's topic); "what about West
    Sac?" after a search searches there again."""
    turn = request.turn
    # The part the intent names, else the one the words name ("mentor pd
    # address" read as the department alone), else the conversation's.
    topic = INTENT_TOPICS.get(turn.intent or "") or find_topic(turn.text) or turn.topic
    found = request.mentions
    searches = request.index is not None and found.known and turn.searched
    if topic == Topic.CONTENT and searches:
        # The same search there, within the part this message names ("does
        # West Sac's vision say that?").
        within = find_topic(turn.text, found.known[0])
        return find_passages(request, turn.searched, found.known, within)
    asked = Asked(
        topic,
        names_value=turn.intent in INTENT_TOPICS,
        compares_values=turn.intent is not None,
    )
    return _answer(request, asked)


def answer_topic_asked(request: Request, topic: str) -> Outcome:
    """A question about ``topic``, read from the message's words."""
    return _answer(request, Asked(topic, names_value=True, compares_values=True))


def answer_follow_up(request: Request) -> Outcome:
    """The conversation's topic (and value), for what the message names."""
    topic = find_topic(request.text) or request.turn.topic
    asked = Asked(topic, names_value=False, compares_values=False)
    return _answer(request, asked)


def _value_queries(request: Request, asked: Asked) -> list[str]:
    """What names the value: the entity and the text, or the remembered one."""
    turn = request.turn
    if asked.names_value:
        queries = [turn.entity(ENTITY_VALUE), request.question]
        if references.refers_back(turn.text):
            queries.append(turn.value)  # "what's that value called?"
    else:
        queries = [turn.value]
    return [q[:MAX_SLOT_TEXT] for q in queries if q and q.strip()]


def _section_words(store: Store, text: str) -> str | None:
    """The words left when names and small words are taken out ("motto")."""
    names = [name for d in store for name in (*d.names, d.id.replace("_", " "))]
    ignored = {w for name in names for w in normalize(name).split()}
    words = [
        w
        for w in normalize(text).split()
        if w not in STOPWORDS and w not in ignored and len(w) > 1
    ]
    return " ".join(words[:3]) or None


def _read_topic(request: Request, topic: str | None) -> str | None:
    """The part asked about, before a ``section`` is read from the words."""
    if topic == Topic.CONTENT:
        return None  # nothing to search again: ask what about
    store, text = request.store, request.text
    if topic == Topic.VALUES and len(value_names_written(store, text)) == 1:
        return Topic.VALUE  # "is diversity one of west sac's values?"
    return topic


def _read_section(request: Request) -> str | None:
    """The section a question names: the entity, a topic word, else its words."""
    return (
        request.turn.entity(ENTITY_SECTION)
        or find_topic(request.text)
        or _section_words(request.store, request.text)
    )


def _departments(
    request: Request, topic: str | None
) -> tuple[list[Department], Outcome | None]:
    """The departments asked about; or the outcome, when that is the answer
    (an unknown department, "which departments have goals?")."""
    found: Mentions = request.mentions
    text = request.text
    if found.unknown:
        return [], unknown_department(request.store, found.unknown, topic)
    asks_all = topic and topic != Topic.VALUE and not found.known
    which = wants_all_departments(text) or asks_which_departments(text)
    if asks_all and which:  # "which departments have goals?", "which ones ..."
        return [], which_have(request.store, topic, text)
    known = found.known
    if not known and references.other_department(text):
        known = request.others[: references.other(text) or 1]
        if not known:  # "the other department" with nothing to tell it from
            return [], ask_department(request.store, topic, None)
    context = [request.context] if request.context else []
    return known or request.compared or context, None


def _ask_which(store: Store, topic: str | None, queries: list[str]) -> Outcome:
    """No department named or in context: ask which (remembering the value
    asked), unless no department has such a value."""
    if topic == Topic.VALUE and not any(value_asked(d, *queries) for d in store):
        return Outcome([Reply(UTTER_FALLBACK)])  # no department has such a value
    return ask_department(store, topic, queries[0] if queries else None)


def _answer(request: Request, asked: Asked) -> Outcome:
    store = request.store
    topic = _read_topic(request, asked.topic)
    queries = _value_queries(request, asked) if topic == Topic.VALUE else []
    if topic == Topic.SECTION:
        topic = _read_section(request)
    departments, answered = _departments(request, topic)
    if answered is not None:
        return answered
    if not departments:
        return _ask_which(store, topic, queries)
    topic = _own_part(request, departments[0], topic)
    unsaid = _unsaid(request, departments, topic)
    if unsaid is not None:
        return unsaid
    if not topic:
        return overview(departments[0])
    if topic == Topic.VALUE and len(departments) == 1 and asked.compares_values:
        named = value_names_written(store, request.text)
        if len(named) > 1:  # "integrity vs professionalism?" read as one value
            return values_side_by_side(departments[0], named)
    slots = {SLOT_DEPARTMENT: departments[-1].id, SLOT_TOPIC: topic}
    if len(departments) > 1:  # "and their visions?" asks about all of them again
        slots.update(compared_slot(departments))
    outcome = Outcome(slots=slots)
    for department in departments:
        outcome = outcome.then(_answer_one(request, department, topic, queries))
    return outcome


def _unsaid(
    request: Request, departments: list[Department], topic: str | None
) -> Outcome | None:
    """A question that names no part of the statement and asks about something
    the part the model read does not cover: the passage the search trusts ("is
    it true they hold employees accountable?"); else, when it asks about words
    the statement never uses ("who runs it?", "when was it founded?"), that the
    statement does not say, with the department's own contacts. None when the
    part answers it, or the words are the statement's own."""
    index, text = request.index, request.question
    department = departments[0]
    if index is None or names_a_part(request.store, text, department):
        return None
    never = never_in_a_statement(text)
    words = unnamed_words(index, text, department)
    if topic and covered(index, words, part_text(department, topic)):
        words = ()
    if not words and not never:
        return None  # the part asked for answers it
    if not never and any(index.best(text, [d]) for d in departments):
        return find_passages(request, text, departments, None)
    if not never and not foreign_words(index, words, department):
        return None  # about what the statement says: as the model read it
    outcome = Outcome()
    for each in departments:
        outcome = outcome.then(not_in_statement(each))
    return outcome


def answer_never_said(request: Request) -> Outcome | None:
    """A question no statement answers ("how many officers does CPD have?") that
    names no part of one: that the statement does not say, with the contacts of
    the departments named (else the conversation's). None otherwise, so the
    search never quotes a passage that only shares a word with it."""
    text = request.text
    departments = request.mentions.known or (
        [request.context] if request.context else []
    )
    if not never_in_a_statement(text) or request.mentions.unknown:
        return None
    if not departments:
        return out_of_scope(request)
    if names_a_part(request.store, text, departments[0]):
        return None
    outcome = Outcome()
    for department in departments:
        outcome = outcome.then(not_in_statement(department))
    return outcome


def _own_part(
    request: Request, department: Department, topic: str | None
) -> str | None:
    """The part asked about, as the department names its parts: one of its own
    sections named by its title ("what's in their Learn More?") wins over the
    model's reading; the values' own title names the list, not one value; an
    overview asked for ("overview of cpd") is None."""
    if topic == Topic.VALUE:
        # "what does SPD PRIDE stand for?", "their core values?": the list.
        text = request.text
        named = _listed_value(request) is not None or references.refers_back(text)
        whole = not named and asks_for_list(department, text)
        return Topic.VALUES if whole else topic
    own = own_section_named(department, request.text)
    if own is not None:
        return own
    if asks_overview(request.text, department):
        return None
    return topic


def _answer_one(
    request: Request, department: Department, topic: str, queries: list[str]
) -> Outcome:
    """One department's answer; "is Compassion one of Alhambra's values?" says
    whether it lists that value."""
    listed = _listed_value(request) if topic == Topic.VALUE else None
    if listed is not None:
        return answer_listed(department, listed, request.text)
    return answer_topic(department, topic, request.text, queries, request.index)


def _listed_value(request: Request) -> str | None:
    """The value name a yes-or-no question asks about ("is Caring a wspd
    value?"), as written; None for other questions."""
    if not asks_if_listed(request.text):
        return None
    return value_name_written(request.store, request.text)


def _part_key(department: Department, topic: str) -> str:
    """The department's own key for a topic ("motto" may be a section's alias)."""
    if topic in (Topic.VALUES, Topic.CONTACT):
        return topic
    section = find_section(department, str(topic))
    return section.key if section else topic


def _topic_words(topic: str) -> str:
    """How the question names a topic: "goals", "core values", "contact details"."""
    return {Topic.VALUES: "core values", Topic.CONTACT: "contact details"}.get(
        topic, str(topic).replace("_", " ")
    )


def which_have(store: Store, topic: str, text: str) -> Outcome:
    """Which departments' statements have a part or a kind of contact detail
    ("who gives an address?"), with a button each, and which do not."""
    kinds = contact_kinds(text) if topic == Topic.CONTACT else []

    def has(department: Department) -> bool:
        if topic == Topic.CONTACT:
            return any(not kinds or e.kind in kinds for e in department.contact)
        if topic == Topic.VALUES:
            return bool(department.values)
        return find_section(department, str(topic)) is not None

    having = [d for d in store if has(d)]
    missing = [d for d in store if not has(d)]
    label = " or ".join(k.replace("_", " ") for k in kinds) or _topic_words(topic)
    replies = []
    if having:
        buttons = [fmt.topic_button(d, _part_key(d, topic), d.name) for d in having]
        names = fmt.join_names([d.name for d in having])
        variables = {"label": label, "department_names": names}
        replies.append(Reply(UTTER_WHICH_HAVE, variables, buttons))
    if missing:
        names = fmt.join_names([d.name for d in missing])
        variables = {"label": label, "department_names": names}
        replies.append(Reply(UTTER_WHICH_HAVE_NOT, variables))
    return Outcome(replies, {SLOT_TOPIC: topic})


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
    shown = ShownDepartments(tuple(d.id for d in store))
    return Outcome([reply], {SLOT_SHOWN: shown.to_slot()})


def list_or_which_have(request: Request) -> Outcome:
    """ "Which departments do you know?" lists them; "which departments have
    goals?" (a part of a statement named) says which have it."""
    topic = find_topic(request.text)
    if topic is not None:
        return which_have(request.store, topic, request.text)
    return list_departments(request.store)
