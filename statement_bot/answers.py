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
from statement_bot.names import (
    ENTITY_DEPARTMENT,
    ENTITY_RATED_TOPIC,
    ENTITY_RATING,
    ENTITY_REASON,
    ENTITY_SECTION,
    ENTITY_VALUE,
    INTENT_ASK_ALSO,
    INTENT_ASK_CONTENT,
    INTENT_ASK_SECTION,
    INTENT_ASK_VALUE,
    INTENT_CHOOSE_ITEM,
    INTENT_COMPARE,
    INTENT_FEEDBACK,
    INTENT_INFORM_DEPARTMENT,
    INTENT_LIST_DEPARTMENTS,
    INTENT_OUT_OF_SCOPE,
    INTENT_REPORT_CRIME,
    INTENT_SHARED_VALUES,
    INTENT_TOPICS,
    SLOT_DEPARTMENT,
    SLOT_SEARCHED,
    SLOT_SHOWN,
    SLOT_TOPIC,
    SLOT_VALUE,
    TOPIC_INTENTS,
    UTTER_ALSO_HAS,
    UTTER_ALSO_RELATED,
    UTTER_ASK_DEPARTMENT,
    UTTER_ASK_TOPIC,
    UTTER_ASK_WHAT,
    UTTER_COMPARE,
    UTTER_CONTACT,
    UTTER_DEPARTMENTS,
    UTTER_FALLBACK,
    UTTER_FEEDBACK_NOTED,
    UTTER_FEEDBACK_THANKS,
    UTTER_FEEDBACK_WHY,
    UTTER_HANDOFF,
    UTTER_HANDOFF_GENERAL,
    UTTER_HANDOFF_NO_CONTACT,
    UTTER_ITEM,
    UTTER_NO_CONTACT,
    UTTER_NO_ITEM,
    UTTER_NO_SECTION,
    UTTER_NO_SHARED_VALUES,
    UTTER_NO_VALUE,
    UTTER_OUT_OF_SCOPE,
    UTTER_OUT_OF_SCOPE_CONTACT,
    UTTER_OUT_OF_SCOPE_NO_CONTACT,
    UTTER_OVERVIEW,
    UTTER_REPORT_CRIME,
    UTTER_REPORT_CRIME_CONTACT,
    UTTER_SEARCH_HIT,
    UTTER_SEARCH_NO_MATCH,
    UTTER_SEARCH_NOT_IN,
    UTTER_SECTION,
    UTTER_SHARED_VALUE,
    UTTER_SHARED_VALUES,
    UTTER_UNKNOWN_DEPARTMENT,
    UTTER_VALUE,
    UTTER_VALUE_NOT_LISTED,
    UTTER_VALUES,
    UTTER_WHICH_HAVE,
    UTTER_WHICH_HAVE_NOT,
    Topic,
)
from statement_bot.store import Department, Store, Value
from statement_bot.text import normalize
from statement_bot.understand import references
from statement_bot.understand import values as value_finders
from statement_bot.understand.departments import (
    find_departments,
    find_unknown_department,
    resolve_department,
)
from statement_bot.understand.search import Hit, StatementIndex, wants_all_departments
from statement_bot.understand.topics import (
    TOPIC_WORDS,
    contact_kinds,
    find_section,
    find_topic,
    select_contact,
)
from statement_bot.understand.values import (
    value_asked,
    value_called,
    value_key_written,
    value_keys,
    value_name_written,
    value_names_written,
    value_written,
)
from statement_bot.understand.words import STOPWORDS, content_stems

# A message about the department in the conversation: "who is their chief?".
_ABOUT_THEM = re.compile(
    r"\b(?:their|they|them|its|the (?:department|police|chief|station|officers))\b",
    re.IGNORECASE,
)
# Contact details that let someone ask the department what the bot cannot answer.
ASK_THE_DEPARTMENT = ("phone", "website", "learn_more", "email")
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
    shown: Any = None  # the items of the last list shown (SLOT_SHOWN)
    searched: Any = None  # the last question searched for (SLOT_SEARCHED)
    # How many misunderstood turns came just before this one, in a row.
    misses: int = 0
    practice: Any = None  # the practice round in progress (SLOT_PRACTICE)
    conversation: str = ""  # the conversation's id (seeds practice rounds)
    # Departments the conversation was about before, latest first (ids).
    earlier: tuple[str, ...] = ()

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
        department = resolve_department(store, reference)
        if department is None:
            words = content_stems(reference)
            if words and _SAFE_NAME.match(reference) and unknown is None:
                unknown = reference
        elif department not in known:
            known.append(department)
    for department in find_departments(store, turn.text):
        if department not in known:
            known.append(department)
    if unknown is None and not known:
        unknown = find_unknown_department(store, turn.text)
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


def answer(
    store: Store,
    turn: Turn,
    default: str | None = None,
    index: StatementIndex | None = None,
) -> Outcome:
    """Answer a question about a department's statement (or a follow-up)."""
    topic = _topic_for(turn)
    found = mentions(store, turn)
    if (
        topic == Topic.CONTENT
        and index is not None
        and found.known
        and isinstance(turn.searched, str)
        and turn.searched
    ):
        # "What about West Sac?" after a search: the same search there, within
        # the part this message names ("does West Sac's vision say that?").
        searched = replace(turn, text=turn.searched[:MAX_SLOT_TEXT])
        within = find_topic(turn.text, found.known[0])
        return search(store, index, searched, default, found.known, within)
    if topic == Topic.CONTENT:
        topic = None  # nothing to search again: ask what about
    if topic == Topic.VALUES and len(value_names_written(store, turn.text)) == 1:
        topic = Topic.VALUE  # "is diversity one of west sac's values?"
    value_queries = _value_queries(turn) if topic == Topic.VALUE else []
    if topic == Topic.SECTION:
        topic = (
            turn.entity(ENTITY_SECTION)
            or find_topic(turn.text)
            or _section_words(store, turn.text)
        )

    if found.unknown:
        return unknown_department(store, found.unknown, topic)
    asks_all = topic and topic != Topic.VALUE and not found.known
    if asks_all and wants_all_departments(turn.text):  # "which departments have goals?"
        return which_have(store, topic, turn.text)
    if not found.known and references.other_department(turn.text):
        others = other_departments(store, turn)[: references.other(turn.text) or 1]
        if not others:  # "the other department" with nothing to tell it from
            return ask_department(store, topic, None)
        found = Mentions(known=others, unknown=None)
    departments = (
        found.known
        or compared_before(store, turn)
        or [d for d in [context_department(store, turn, default)] if d]
    )
    if not departments:
        if topic == Topic.VALUE and not any(
            value_asked(d, *value_queries) for d in store
        ):
            return Outcome([Reply(UTTER_FALLBACK)])  # no department has such a value
        return ask_department(store, topic, value_queries[0] if value_queries else None)
    if not topic:
        return overview(departments[0])
    if topic == Topic.VALUE and len(departments) == 1 and turn.intent:
        named = value_names_written(store, turn.text)
        if len(named) > 1:  # "integrity vs professionalism?" read as one value
            return values_side_by_side(departments[0], named)

    slots = {SLOT_DEPARTMENT: departments[-1].id, SLOT_TOPIC: topic}
    if len(departments) > 1:  # "and their visions?" asks about all of them again
        slots.update(compared_slot(departments))
    outcome = Outcome(slots=slots)
    for department in departments:
        outcome = outcome.then(
            answer_topic(department, topic, turn, value_queries, index)
        )
    return outcome


_THEM = re.compile(
    r"\b(?:their|them|they|both|each|all|those|these|either|the two)\b", re.IGNORECASE
)


def compared_before(store: Store, turn: Turn) -> list[Department]:
    """The departments just compared, when the message says "their"/"both"
    ("and their visions?" after a comparison); else none."""
    shown = turn.shown if isinstance(turn.shown, list) else []
    compared = [
        store.get(item.get("department"))
        for item in shown
        if isinstance(item, dict) and item.get("compared")
    ]
    departments = [d for d in compared if d is not None]
    return departments if len(departments) > 1 and _THEM.search(turn.text) else []


def other_departments(store: Store, turn: Turn) -> list[Department]:
    """ "The other department": those just compared (or whose values were just
    shown side by side), then those the conversation was about before, other
    than the current one, latest first. A plain list of departments is not a
    choice between two."""
    shown = turn.shown if isinstance(turn.shown, list) else []
    ids = [
        item.get("department")
        for item in shown
        if isinstance(item, dict) and (item.get("compared") or "value" in item)
    ]
    found: list[Department] = []
    for key in [*ids, *turn.earlier]:
        department = store.get(key) if isinstance(key, str) else None
        if department and department.id != turn.department and department not in found:
            found.append(department)
    return found


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
        replies.append(
            Reply(
                UTTER_WHICH_HAVE, {"label": label, "department_names": names}, buttons
            )
        )
    if missing:
        names = fmt.join_names([d.name for d in missing])
        replies.append(
            Reply(UTTER_WHICH_HAVE_NOT, {"label": label, "department_names": names})
        )
    return Outcome(replies, {SLOT_TOPIC: topic})


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


def overview(department: Department) -> Outcome:
    """ "Tell me about Cambridge": its name, the first sentence of its mission
    (or first section), and a button for every part of its statement."""
    slots = {SLOT_DEPARTMENT: department.id, SLOT_TOPIC: None, SLOT_VALUE: None}
    buttons = fmt.topic_buttons(department)
    summary = fmt.first_sentence(department)
    if summary is None:
        variables = {"department_name": department.name}
        return Outcome([Reply(UTTER_ASK_TOPIC, variables, buttons)], slots)
    variables = {"department_name": department.name, "summary": summary}
    return Outcome([Reply(UTTER_OVERVIEW, variables, buttons)], slots)


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


def _value_queries(turn: Turn) -> list[str]:
    """What names the value: the entity and the text, or the remembered question."""
    if turn.intent in INTENT_TOPICS:
        queries = [turn.entity(ENTITY_VALUE), turn.text]
        if references.refers_back(turn.text):
            queries.append(turn.value)  # "what's that value called?"
    else:
        queries = [turn.value]
    return [q[:MAX_SLOT_TEXT] for q in queries if isinstance(q, str) and q.strip()]


def answer_topic(
    department: Department,
    topic: str,
    turn: Turn,
    value_queries: list[str],
    index: StatementIndex | None = None,
) -> Outcome:
    """The replies for one department and one topic, and the slots they settle
    (the value found, a department's own section key). A value described
    rather than named is found by the statement search when it is trusted."""
    name = department.name
    values_label = fmt.topic_label(department, Topic.VALUES)
    if topic in (Topic.VALUE, Topic.VALUES) and not department.values:
        return Outcome([no_section(department, Topic.VALUES)])
    if topic == Topic.VALUE:
        value = value_asked(department, *value_queries)
        if value is None and index is not None and value_queries:
            hit = index.best(value_queries[-1], [department], [Topic.VALUES])
            if hit is not None and hit.passage.value:
                value = value_called(department, hit.passage.value)
        if value is None:
            variables = {
                "department_name": name,
                "values_label": values_label,
                "body": fmt.values_body(department),
            }
            buttons = fmt.value_buttons(department)
            return Outcome(
                [Reply(UTTER_NO_VALUE, variables, buttons)], shown_values(department)
            )
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
        buttons = fmt.value_buttons(department)
        return Outcome(
            [Reply(UTTER_VALUES, variables, buttons)], shown_values(department)
        )
    if topic == Topic.CONTACT:
        if not department.contact:
            buttons = fmt.topic_buttons(department)
            return Outcome(
                [Reply(UTTER_NO_CONTACT, {"department_name": name}, buttons)]
            )
        variables = {
            "department_name": name,
            "section_title": department.contact_title,
            "body": fmt.contact_body(select_contact(department, turn.text)),
        }
        return Outcome([Reply(UTTER_CONTACT, variables)])
    # The model's section entity first, then the message's own words for this
    # department's sections ("what is LVPD's motto?" with "LVPD" taken as the
    # section).
    section = (
        department.sections.get(topic)
        or find_section(department, topic)
        or find_section(department, turn.text)
    )
    if section is None:
        return missing_section(department, topic, turn, index)
    slots: dict[str, Any] = {SLOT_TOPIC: section.key}
    if section.items:
        slots[SLOT_SHOWN] = [
            {"department": department.id, "section": section.key, "item": number}
            for number in range(len(section.items))
        ]
    return Outcome([section_reply(department, section.key)], slots)


def missing_section(
    department: Department, topic: str, turn: Turn, index: StatementIndex | None
) -> Outcome:
    """A part of the statement this department does not have. When the part was
    only the model's reading of a longer question ("what role does Cambridge want
    to play in how safe people feel?" read as goals), the passage the statement
    search trusts answers it; when the message names the part ("Cambridge's goals
    for training"), say it is not there first. Nothing trusted: say so plainly."""
    hit = index.best(turn.text, [department]) if index is not None else None
    if hit is None:
        return Outcome([no_section(department, topic)])
    quoted = Outcome([quote(hit)], _search_slots([department], hit, turn.text))
    if find_topic(turn.text, department) == topic:
        return Outcome([no_section(department, topic)]).then(quoted)
    return quoted


def shown_values(department: Department) -> dict[str, Any]:
    """The slot that remembers a department's values as the list just shown."""
    return {
        SLOT_SHOWN: [
            {"department": department.id, "value": v.name} for v in department.values
        ]
    }


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
    return Outcome([reply], {SLOT_SHOWN: [{"department": d.id} for d in store]})


def departments_or_which_have(store: Store, turn: Turn) -> Outcome:
    """ "Which departments do you know?" lists them; "which departments have
    goals?" (a part of a statement named) says which have it."""
    topic = find_topic(turn.text)
    if topic is not None:
        return which_have(store, topic, turn.text)
    return list_departments(store)


def compared_value(store: Store, turn: Turn) -> str | None:
    """The value a comparison is about, unless it names a section other than the
    values ("with respect to their vision" compares visions)."""
    section = find_topic(turn.text)
    if section in COMPARABLE_TOPICS and section != Topic.VALUES:
        return None
    for query in (turn.entity(ENTITY_VALUE), turn.text):
        if query and (name := value_name_written(store, query)):
            return name
    return None


def compare(store: Store, turn: Turn, default: str | None = None) -> Outcome:
    """Two or more departments side by side on what was asked: a value, a
    section, or (by default) the mission."""
    found = mentions(store, turn)
    departments = list(found.known)
    context = context_department(store, turn, default)
    values = value_names_written(store, turn.text)
    if len(values) > 1 and len(departments) <= 1:
        # "how is integrity different from respect at West Sac?"
        department = departments[0] if departments else context
        if department is not None:
            return values_side_by_side(department, values)
    value = compared_value(store, turn)
    if value and len(departments) == 1 and context in (None, departments[0]):
        # "cambridge teamwork": one department and a value is a question about it.
        return answer(store, replace(turn, intent=INTENT_ASK_VALUE), default)
    if len(departments) == 1 and context and context not in departments:
        departments.insert(0, context)
    if len(departments) < 2:
        departments = list(store)
    if value:
        return compare_value(departments, value)
    topic = find_topic(turn.text)
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
    replies = [replace(r, buttons=[]) for r in outcome.replies]
    return Outcome(replies, {**outcome.slots, **compared_slot(departments)})


def compared_slot(departments: list[Department]) -> dict[str, Any]:
    """Remember the departments compared, for "and their visions?"."""
    return {SLOT_SHOWN: [{"department": d.id, "compared": True} for d in departments]}


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
    items = [{"department": department.id, "value": v.name} for v in found if v]
    return replace(outcome, slots={**outcome.slots, SLOT_SHOWN: items})


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
        value = value_asked(department, name)
        if value is None:
            variables = {
                "department_name": department.name,
                "value_name": name,
                "values_label": fmt.topic_label(department, Topic.VALUES),
            }
            outcome = outcome.then(Outcome([Reply(UTTER_VALUE_NOT_LISTED, variables)]))
        else:
            outcome = outcome.then(
                answer_topic(department, Topic.VALUE, Turn(text=name), [name])
            )
    return outcome


def shared_reply(departments: list[Department]) -> Reply:
    """Values that two or more of ``departments`` hold."""
    groups = value_finders.shared_values(departments)
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
    key = value_key_written(store, hint or "") or value_key_written(store, turn.text)
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
    found = mentions(store, turn).known
    if len(found) < 2 and references.refers_back(turn.text):
        # "what's that value called?", "what else is on that list?": about what
        # the conversation is on, not every shared value.
        return that_one(store, turn)
    return Outcome([shared_reply(found if len(found) >= 2 else list(store))])


def that_one(store: Store, turn: Turn) -> Outcome:
    """ "That value", "that list": the value in the conversation, else the
    section of the list last shown, else the topic the conversation is on."""
    if (
        isinstance(turn.value, str)
        and turn.value
        and turn.topic
        in (
            Topic.VALUE,
            Topic.CONTENT,
        )
    ):
        return answer(store, replace(turn, intent=INTENT_ASK_VALUE))
    shown = [i for i in (turn.shown or []) if isinstance(i, dict) and "section" in i]
    if shown and store.get(shown[0].get("department")):
        department = store.get(shown[0]["department"])
        return answer_topic(department, str(shown[0]["section"]), turn, [])
    if isinstance(turn.topic, str) and turn.topic != Topic.CONTENT:
        return answer(store, replace(turn, intent=None))
    return Outcome([Reply(UTTER_FALLBACK)])


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


def search(
    store: Store,
    index: StatementIndex,
    turn: Turn,
    default: str | None = None,
    asked: list[Department] | None = None,
    within: str | None = None,
) -> Outcome:
    """A question about what a statement says: the best passage of each
    department asked about (``asked``, else those the message names), or a
    plain "not found"; never a weak match."""
    found = mentions(store, turn)
    if found.unknown and not asked:
        return unknown_department(store, found.unknown, None)
    context = context_department(store, turn, default)
    if asked:
        departments = asked
    elif found.known:
        departments = found.known
    elif compared := compared_before(store, turn):
        departments = compared  # "which of those two mentions diversity?"
    elif context and not wants_all_departments(turn.text):
        departments = [context]
    else:
        departments = list(store)
    if not index.query(turn.text):
        if found.known and isinstance(turn.searched, str) and turn.searched:
            # "Does West Sac's vision say anything like that?": the last search
            # again, there (and within the part named). Without the remembered
            # search, so that it cannot come back here.
            within = find_topic(turn.text, found.known[0])
            again = replace(turn, text=turn.searched[:MAX_SLOT_TEXT], searched=None)
            return search(store, index, again, default, found.known, within)
        # Nothing to search for ("what does Alhambra's say?"): a follow-up about
        # what the conversation is on, for the department named. Without the
        # remembered search, so that it cannot come back here.
        follow_up = replace(turn, intent=None, searched=None)
        return answer(store, follow_up, default, index)
    topic = within or _searched_topic(turn, departments)
    named = [
        (department, value)
        for department, value in (
            _named_values(departments, turn.text) if len(departments) == 1 else []
        )
        if _about_the_value(index, department, value, turn.text)
    ]
    if named and topic in (None, Topic.VALUE, Topic.VALUES):
        # "What does West Sac say about courage?": a value of theirs by name.
        outcome = Outcome(
            slots={SLOT_DEPARTMENT: named[-1][0].id, SLOT_TOPIC: Topic.VALUE}
        )
        for department, value in named:
            outcome = outcome.then(
                answer_topic(
                    department, Topic.VALUE, Turn(text=value.name), [value.name]
                )
            )
        return outcome
    topics = [Topic.VALUES if topic == Topic.VALUE else topic] if topic else None
    hits = {d.id: index.best(turn.text, [d], topics) for d in departments}
    trusted = [hit for hit in hits.values() if hit]
    if not trusted:
        slots = _search_slots(departments, None, turn.text)
        outcome = Outcome([no_match(departments, topic)], slots)
        section = departments[0].sections.get(topic) if topic else None
        if len(departments) == 1 and section is not None:
            # "Does their vision mention X?": no, and here is the vision to see.
            shown = answer_topic(departments[0], section.key, turn, [])
            outcome = outcome.then(shown)
        if turn.misses >= 1:  # the second turn in a row it cannot answer
            outcome = outcome.then(handoff(store, turn, default))
        return outcome
    replies = [quote(hit) for hit in trusted]
    if len(departments) > 1:
        missing = [d.name for d in departments if hits[d.id] is None]
        if missing:
            names = fmt.join_names(missing)
            replies.append(Reply(UTTER_SEARCH_NOT_IN, {"department_names": names}))
    best = trusted[0] if len(trusted) == 1 else None
    return Outcome(replies, _search_slots(departments, best, turn.text))


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


def _searched_topic(turn: Turn, departments: list[Department]) -> str | None:
    """The part of the statement a search is limited to, if the message names
    one that exists ("does their vision mention ..."); entities that name no
    part are ignored."""
    department = departments[0] if len(departments) == 1 else None
    for query in (turn.entity(ENTITY_SECTION), turn.text):
        topic = find_topic(query, department) if query else None
        if topic in (Topic.VALUE, Topic.VALUES) or (
            topic and any(topic in d.sections for d in departments)
        ):
            return topic
        if topic == Topic.CONTACT:
            return topic
    return None


def _search_slots(
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
            slots[SLOT_SHOWN] = [
                {"department": department.id, "section": section.key, "item": number}
                for number in range(len(section.items))
            ]
    return slots


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


# A misunderstood message this short that says "that value", "it" points back.
MAX_POINTER_WORDS = 8


def fallback(
    store: Store,
    turn: Turn,
    default: str | None = None,
    index: StatementIndex | None = None,
) -> Outcome:
    """Low confidence: a short message naming a part of the statement ("yt?",
    "vision pls") asks for it; a short one pointing back ("that value") is about
    what the conversation is on; else quote a passage the statement search
    trusts; else continue a pending question if a department is named; else
    offer choices."""
    topic = find_topic(turn.text)
    if topic and len(turn.text.split()) <= 4:
        intent = TOPIC_INTENTS.get(topic, INTENT_ASK_SECTION)
        return answer(store, replace(turn, intent=intent), default)
    found = mentions(store, turn)
    if (
        not found.known
        and not found.unknown
        and len(turn.text.split()) <= MAX_POINTER_WORDS
        and references.refers_back(turn.text)
    ):
        # "what else is in that value?", "what does it mean there?": about what
        # the conversation is on, when it is on something
        pointed = that_one(store, turn)
        if [r.response for r in pointed.replies] != [UTTER_FALLBACK]:
            return pointed
    if index is not None and not found.unknown:
        context = context_department(store, turn, default)
        departments = found.known or ([context] if context else list(store))
        hits = [hit for d in departments if (hit := index.best(turn.text, [d]))]
        if hits:
            best = hits[0] if len(hits) == 1 else None
            slots = _search_slots(departments, best, turn.text)
            return Outcome([quote(hit) for hit in hits], slots)
    if found.known and len(turn.text.split()) <= 6:
        return answer(store, replace(turn, intent=None), default)
    if turn.misses >= 1:  # the second misunderstood turn in a row
        return Outcome([Reply(UTTER_FALLBACK)]).then(handoff(store, turn, default))
    return Outcome([Reply(UTTER_FALLBACK)])


def handoff(store: Store, turn: Turn, default: str | None = None) -> Outcome:
    """ "Can I talk to someone?" (or two misses in a row): say it is an
    automated assistant, and give the department's own contact details from
    the store; else say it has none, or name the departments it knows."""
    found = mentions(store, turn).known
    department = found[0] if found else context_department(store, turn, default)
    if department is None:
        variables = {"department_names": department_names(store)}
        buttons = fmt.department_buttons(store)
        return Outcome([Reply(UTTER_HANDOFF_GENERAL, variables, buttons)])
    entries = [e for e in department.contact if e.kind in ASK_THE_DEPARTMENT]
    variables = {"department_name": department.name}
    if not entries:
        variables["department_names"] = department_names(store)
        return Outcome([Reply(UTTER_HANDOFF_NO_CONTACT, variables)])
    variables["body"] = fmt.contact_body(entries)
    return Outcome([Reply(UTTER_HANDOFF, variables)], {SLOT_DEPARTMENT: department.id})


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
        UTTER_ALSO_HAS,
        UTTER_ALSO_RELATED,
        UTTER_SHARED_VALUE,
        UTTER_WHICH_HAVE,
    }
)

FEEDBACK_REASONS = {
    "wrong_department": "Wrong department",
    "not_what_i_asked": "Not what I asked",
    "hard_to_read": "Hard to read",
}


def feedback(turn: Turn) -> Outcome:
    """A rating of an answer (buttons): thanks; for a thumbs down without a
    reason, a few reasons as buttons. The rating itself stays in the
    conversation (the message's entities), for the staff report."""
    rating = turn.entity(ENTITY_RATING)
    reason = turn.entity(ENTITY_REASON)
    if rating != "down":
        return Outcome([Reply(UTTER_FEEDBACK_THANKS)])
    if reason:
        return Outcome([Reply(UTTER_FEEDBACK_NOTED)])
    about = {
        name: value
        for name in (ENTITY_DEPARTMENT, ENTITY_RATED_TOPIC)
        if (value := turn.entity(name))
    }

    buttons = [
        {
            "title": title,
            "payload": fmt.payload(
                INTENT_FEEDBACK, **{ENTITY_RATING: "down", ENTITY_REASON: key}, **about
            ),
        }
        for key, title in FEEDBACK_REASONS.items()
    ]
    return Outcome([Reply(UTTER_FEEDBACK_WHY, {}, buttons)])


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


def listed(
    store: Store, turn: Turn, default: str | None = None
) -> list[dict[str, Any]]:
    """The list a position refers to: the one the message names ("the second
    goal of West Sac"), else the last one shown."""
    found = mentions(store, turn).known
    department = found[0] if found else context_department(store, turn, default)
    topic = find_topic(turn.text, department) if department else None
    if department and topic in (Topic.VALUES, Topic.VALUE) and department.values:
        return shown_values(department)[SLOT_SHOWN]
    section = department.sections.get(topic) if department and topic else None
    if department and section and section.items:
        return [
            {"department": department.id, "section": section.key, "item": n}
            for n in range(len(section.items))
        ]
    shown = turn.shown if isinstance(turn.shown, list) else []
    return [item for item in shown if isinstance(item, dict)]


def choose(store: Store, turn: Turn, default: str | None = None) -> Outcome:
    """ "The second one", "number 4", "the last two": those items in full;
    "the other one": the item shown beside the one in the conversation."""
    count = references.other(turn.text)
    if count is not None:
        return choose_other(store, turn, count, default)
    items = listed(store, turn, default)
    chosen = references.pick(items, references.positions(turn.text) or [])
    outcome = Outcome()
    for item in chosen:
        outcome = outcome.then(show_item(store, item))
    if outcome.replies:
        return outcome
    buttons = [b for item in items for b in item_buttons(store, item)]
    return Outcome([Reply(UTTER_NO_ITEM if buttons else UTTER_FALLBACK, {}, buttons)])


def _is_current(item: dict[str, Any], turn: Turn) -> bool:
    """Whether a remembered item is the one the conversation is on now."""
    if item.get("department") != turn.department:
        return False
    if "value" in item:
        return item["value"] == turn.value
    return "section" not in item


def choose_other(
    store: Store, turn: Turn, count: int, default: str | None = None
) -> Outcome:
    """ "The other one" (``count`` of them): the items of the last list other
    than the current one, when that leaves exactly ``count``; "the other
    department": the department talked about before. Otherwise ask, with buttons."""
    items = [] if references.other_department(turn.text) else listed(store, turn)
    rest = [item for item in items if not _is_current(item, turn)]
    if items:
        outcome = Outcome()
        if len(rest) == count and len(rest) < len(items):
            for item in rest:
                outcome = outcome.then(_show_beside(store, item, turn))
        if outcome.replies:
            return outcome
        buttons = [b for item in items for b in item_buttons(store, item)]
        return Outcome(
            [Reply(UTTER_NO_ITEM if buttons else UTTER_FALLBACK, {}, buttons)]
        )
    others = other_departments(store, turn)
    if len(others) < count:
        buttons = fmt.department_buttons(store)
        return Outcome([Reply(UTTER_ASK_DEPARTMENT, buttons=buttons)])
    topic = find_topic(turn.text) or turn.topic
    outcome = Outcome()
    for department in others[:count]:
        about = Turn(department=department.id, topic=topic, value=turn.value)
        outcome = outcome.then(answer(store, about))
    return outcome


def _show_beside(store: Store, item: dict[str, Any], turn: Turn) -> Outcome:
    """An item of the last list; a department in it on the conversation's topic."""
    if set(item) - {"compared"} == {"department"}:
        about = Turn(department=item["department"], topic=turn.topic, value=turn.value)
        return answer(store, about)
    return show_item(store, item)


def show_item(store: Store, item: dict[str, Any]) -> Outcome:
    """One remembered item (a value, an item of a section, a department) in full."""
    department = store.get(item.get("department"))
    if department is None:
        return Outcome()
    name = item.get("value")
    if isinstance(name, str):
        value = value_called(department, name)
        if value is None:
            return Outcome()
        answered = answer_topic(department, Topic.VALUE, Turn(text=name), [name])
        slots = {SLOT_DEPARTMENT: department.id, SLOT_TOPIC: Topic.VALUE}
        return Outcome(answered.replies, {**slots, **answered.slots})
    section = department.sections.get(item.get("section"))
    number = item.get("item")
    if (
        section is not None
        and isinstance(number, int)
        and 0 <= number < len(section.items)
    ):
        variables = {
            "section_title": section.title,
            "department_name": department.name,
            "number": str(number + 1),
            "body": section.items[number],
        }
        slots = {SLOT_DEPARTMENT: department.id, SLOT_TOPIC: section.key}
        return Outcome([Reply(UTTER_ITEM, variables)], slots)
    if set(item) == {"department"}:
        return answer(store, Turn(department=department.id))
    return Outcome()


def item_buttons(store: Store, item: dict[str, Any]) -> list[dict[str, str]]:
    """A button that shows a remembered item (values and departments)."""
    department = store.get(item.get("department"))
    if department is None:
        return []
    value = value_called(department, str(item.get("value") or ""))
    if value is not None:
        return fmt.value_buttons(department, [value])
    if set(item) == {"department"}:
        return fmt.department_buttons([department])
    return []


def also(
    store: Store, index: StatementIndex, turn: Turn, default: str | None = None
) -> Outcome:
    """ "Does West Sac have that too?": the same value (by name or alias), else
    its closest value (statement search), else a plain no; or the same section."""
    found = mentions(store, turn)
    if found.unknown:
        return unknown_department(store, found.unknown, turn.topic)
    departments = [d for d in found.known if d.id != turn.department] or found.known
    if not departments and references.other_department(turn.text):
        departments = other_departments(store, turn)[:1]  # "the other department"
    if not departments:
        return Outcome([Reply(UTTER_ASK_WHAT, {}, fmt.department_buttons(store))])
    about_value = turn.topic in (Topic.VALUE, Topic.CONTENT)
    if about_value and isinstance(turn.value, str) and turn.value:
        outcome = Outcome(slots={SLOT_DEPARTMENT: departments[-1].id})
        for department in departments:
            outcome = outcome.then(also_value(department, index, turn.value))
        return outcome
    if turn.topic == Topic.CONTENT and isinstance(turn.searched, str):
        searched = replace(turn, text=turn.searched[:MAX_SLOT_TEXT])
        return search(store, index, searched, default, departments)
    if isinstance(turn.topic, str) and turn.topic:
        outcome = Outcome(slots={SLOT_DEPARTMENT: departments[-1].id})
        for department in departments:
            outcome = outcome.then(answer_topic(department, turn.topic, turn, []))
        return outcome
    return answer(store, replace(turn, intent=None), default)


def also_value(department: Department, index: StatementIndex, name: str) -> Outcome:
    """Whether ``department`` lists the value called ``name``, or its closest."""
    values_label = fmt.topic_label(department, Topic.VALUES)
    value = value_called(department, name)
    if value is not None:
        variables = {
            "department_name": department.name,
            "value_name": value.name,
            "values_label": values_label,
            "body": value.description,
        }
        return Outcome([Reply(UTTER_ALSO_HAS, variables)], {SLOT_VALUE: value.name})
    hit = index.best(name, [department], [Topic.VALUES])
    if hit is not None and hit.passage.value:
        related = value_called(department, hit.passage.value)
        assert related is not None
        variables = {
            "department_name": department.name,
            "asked": name,
            "value_name": related.name,
            "body": related.description,
        }
        return Outcome(
            [Reply(UTTER_ALSO_RELATED, variables)], {SLOT_VALUE: related.name}
        )
    variables = {
        "department_name": department.name,
        "value_name": name,
        "values_label": values_label,
    }
    return Outcome([Reply(UTTER_VALUE_NOT_LISTED, variables)])


def out_of_scope(store: Store, turn: Turn, default: str | None = None) -> Outcome:
    """A question the statement cannot answer ("who is Cambridge's chief?"): say
    so; for a known department, give its own contact details from the store."""
    found = mentions(store, turn).known
    department = found[0] if found else None
    if department is None and _ABOUT_THEM.search(turn.text):
        department = context_department(store, turn, default)  # "who is their chief?"
    if department is None:
        outcome = Outcome([Reply(UTTER_OUT_OF_SCOPE)])
        if turn.misses >= 1:  # the second turn in a row it cannot help with
            outcome = outcome.then(handoff(store, turn, default))
        return outcome
    entries = [e for e in department.contact if e.kind in ASK_THE_DEPARTMENT]
    if not entries:
        variables = {"department_name": department.name}
        return Outcome([Reply(UTTER_OUT_OF_SCOPE_NO_CONTACT, variables)])
    variables = {"department_name": department.name, "body": fmt.contact_body(entries)}
    slots = {SLOT_DEPARTMENT: department.id}
    return Outcome([Reply(UTTER_OUT_OF_SCOPE_CONTACT, variables)], slots)


def route(
    store: Store, index: StatementIndex, turn: Turn, default: str | None = None
) -> Outcome:
    """The planner an intent goes to, as the domain's rules send it (for a
    question asked in the middle of something else, such as a practice round)."""
    intent = turn.intent
    if intent == INTENT_CHOOSE_ITEM:
        return choose(store, turn, default)
    if intent == INTENT_ASK_ALSO:
        return also(store, index, turn, default)
    if intent == INTENT_COMPARE:
        return compare(store, turn, default)
    if intent == INTENT_SHARED_VALUES:
        return shared_values(store, turn)
    if intent == INTENT_LIST_DEPARTMENTS:
        return departments_or_which_have(store, turn)
    if intent == INTENT_ASK_CONTENT:
        return search(store, index, turn, default)
    if intent == INTENT_OUT_OF_SCOPE:
        return out_of_scope(store, turn, default)
    if intent == INTENT_REPORT_CRIME:
        return report_crime(store, turn, default)
    if intent in INTENT_TOPICS or intent == INTENT_INFORM_DEPARTMENT:
        return answer(store, turn, default, index)
    return fallback(store, turn, default, index)
