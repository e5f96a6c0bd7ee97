"""Follow-ups on what was just shown: "the second one", "the other one",
"does West Sac have that too?", "what's that value called?".
"""

from __future__ import annotations

from statement_bot import formatting as fmt
from statement_bot.dialogue.context import Request
from statement_bot.dialogue.plan.parts import about, answer_topic, answer_value
from statement_bot.dialogue.plan.passages import find_passages
from statement_bot.dialogue.plan.statements import (
    answer_follow_up,
    answer_topic_asked,
)
from statement_bot.dialogue.replies import Outcome, Reply, unknown_department
from statement_bot.dialogue.state import (
    Shown,
    ShownCompared,
    ShownDepartments,
    ShownItems,
    ShownValues,
    Turn,
)
from statement_bot.names import (
    SLOT_DEPARTMENT,
    SLOT_TOPIC,
    SLOT_VALUE,
    UTTER_ALSO_HAS,
    UTTER_ALSO_RELATED,
    UTTER_ASK_DEPARTMENT,
    UTTER_ASK_WHAT,
    UTTER_FALLBACK,
    UTTER_ITEM,
    UTTER_NO_ITEM,
    UTTER_VALUE_NOT_LISTED,
    Topic,
)
from statement_bot.store import Department, Store
from statement_bot.understand import references
from statement_bot.understand.search import StatementIndex
from statement_bot.understand.topics import find_topic
from statement_bot.understand.values import value_called


def size(shown: Shown | None) -> int:
    """How many entries a list shown has (0 for none)."""
    match shown:
        case ShownValues(values=values):
            return len(values)
        case ShownItems(count=count):
            return count
        case ShownDepartments(departments=ids) | ShownCompared(departments=ids):
            return len(ids)
    return 0


def listed(request: Request, department: Department | None) -> Shown | None:
    """The list a position refers to: the one the message names ("the second
    goal of West Sac", of ``department``), else the last one shown."""
    topic = find_topic(request.text, department) if department else None
    if department and topic in (Topic.VALUES, Topic.VALUE) and department.values:
        return ShownValues(department.id, tuple(v.name for v in department.values))
    section = department.sections.get(topic) if department and topic else None
    if department and section and section.items:
        return ShownItems(department.id, section.key, len(section.items))
    return request.turn.shown


def show_item(store: Store, shown: Shown, number: int) -> Outcome:
    """One entry of a list shown (a value, an item of a section, a
    department) in full; nothing for a department compared."""
    match shown:
        case ShownValues(department=key, values=names):
            department = store.get(key)
            value = value_called(department, names[number]) if department else None
            if department is None or value is None:
                return Outcome()
            answered = answer_value(department, [names[number]])
            slots = {SLOT_DEPARTMENT: department.id, SLOT_TOPIC: Topic.VALUE}
            return Outcome(answered.replies, {**slots, **answered.slots})
        case ShownItems(department=key, section=section_key):
            department = store.get(key)
            section = department.sections.get(section_key) if department else None
            if department is None or section is None:
                return Outcome()
            if number >= len(section.items):
                return Outcome()
            variables = {
                "section_title": section.title,
                "department_name": department.name,
                "number": str(number + 1),
                "body": section.items[number],
            }
            slots = {SLOT_DEPARTMENT: department.id, SLOT_TOPIC: section.key}
            return Outcome([Reply(UTTER_ITEM, variables)], slots)
        case ShownDepartments(departments=ids):
            department = store.get(ids[number])
            return Outcome() if department is None else about(department, None, None)
    return Outcome()


def item_buttons(store: Store, shown: Shown, number: int) -> list[dict[str, str]]:
    """A button that shows an entry of a list (values and departments)."""
    match shown:
        case ShownValues(department=key, values=names):
            department = store.get(key)
            value = value_called(department, names[number]) if department else None
            if department and value:
                return fmt.value_buttons(department, [value])
        case ShownDepartments(departments=ids):
            department = store.get(ids[number])
            if department:
                return fmt.department_buttons([department])
    return []


def _offer_items(store: Store, shown: Shown | None) -> Outcome:
    """No entry picked: a button for each that has one, else "not understood"."""
    if shown is None:
        return Outcome([Reply(UTTER_FALLBACK)])
    buttons = [b for n in range(size(shown)) for b in item_buttons(store, shown, n)]
    return Outcome([Reply(UTTER_NO_ITEM if buttons else UTTER_FALLBACK, {}, buttons)])


def choose(request: Request) -> Outcome:
    """ "The second one", "number 4", "the last two": those items in full;
    "the other one": the item shown beside the one in the conversation."""
    count = references.other(request.text)
    if count is not None:
        return choose_other(request, count)
    shown = listed(request, request.named_or_context)
    numbers = list(range(size(shown)))
    chosen = references.pick(numbers, request.positions or [])  # type: ignore[arg-type]
    outcome = Outcome()
    for number in chosen:
        outcome = outcome.then(show_item(request.store, shown, number))  # type: ignore[arg-type]
    return outcome if outcome.replies else _offer_items(request.store, shown)


def _is_current(shown: Shown, number: int, turn: Turn) -> bool:
    """Whether an entry of the last list is the one the conversation is on now."""
    match shown:
        case ShownValues(department=key, values=names):
            return key == turn.department and names[number] == turn.value
        case ShownDepartments(departments=ids) | ShownCompared(departments=ids):
            return ids[number] == turn.department
    return False


def _show_beside(request: Request, shown: Shown, number: int) -> Outcome:
    """An entry of the last list; a department in it on the conversation's topic."""
    match shown:
        case ShownDepartments(departments=ids) | ShownCompared(departments=ids):
            department = request.store.get(ids[number])
            if department is None:
                return Outcome()
            turn = request.turn
            return about(department, turn.topic, turn.value, request.index)
    return show_item(request.store, shown, number)


def choose_other(request: Request, count: int) -> Outcome:
    """ "The other one" (``count`` of them): the items of the last list other
    than the current one, when that leaves exactly ``count``; "the other
    department": the department talked about before. Otherwise ask, with buttons."""
    turn, store = request.turn, request.store
    shown = None
    if not references.other_department(request.text):
        # The department the message names, else the conversation's (not the
        # default department: a list shown is about the conversation).
        named = request.mentions.known
        shown = listed(request, named[0] if named else store.get(turn.department))
    if shown is not None and size(shown):
        rest = [n for n in range(size(shown)) if not _is_current(shown, n, turn)]
        outcome = Outcome()
        if len(rest) == count and len(rest) < size(shown):
            for number in rest:
                outcome = outcome.then(_show_beside(request, shown, number))
        return outcome if outcome.replies else _offer_items(store, shown)
    others = request.others
    if len(others) < count:
        buttons = fmt.department_buttons(store)
        return Outcome([Reply(UTTER_ASK_DEPARTMENT, buttons=buttons)])
    topic = find_topic(request.text) or turn.topic
    outcome = Outcome()
    for department in others[:count]:
        outcome = outcome.then(about(department, topic, turn.value, request.index))
    return outcome


def also(request: Request) -> Outcome:
    """ "Does West Sac have that too?": the same value (by name or alias), else
    its closest value (statement search), else a plain no; or the same section."""
    turn, store = request.turn, request.store
    found = request.mentions
    if found.unknown:
        return unknown_department(store, found.unknown, turn.topic)
    departments = [d for d in found.known if d.id != turn.department] or found.known
    if not departments and references.other_department(request.text):
        departments = request.others[:1]  # "the other department"
    if not departments:
        return Outcome([Reply(UTTER_ASK_WHAT, {}, fmt.department_buttons(store))])
    if turn.topic in (Topic.VALUE, Topic.CONTENT) and turn.value:
        outcome = Outcome(slots={SLOT_DEPARTMENT: departments[-1].id})
        for department in departments:
            found_value = also_value(department, request.search_index, turn.value)
            outcome = outcome.then(found_value)
        return outcome
    if turn.topic == Topic.CONTENT and turn.searched:
        return find_passages(request, turn.searched, departments)
    if turn.topic:
        outcome = Outcome(slots={SLOT_DEPARTMENT: departments[-1].id})
        for department in departments:
            answered = answer_topic(department, turn.topic, request.text, [])
            outcome = outcome.then(answered)
        return outcome
    return answer_follow_up(request)


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
    related = value_called(department, hit.passage.value) if hit else None
    if hit is not None and hit.passage.value and related is not None:
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


def that_one(request: Request) -> Outcome:
    """ "That value", "that list": the value in the conversation, else the
    section of the list last shown, else the topic the conversation is on."""
    turn = request.turn
    if turn.value and turn.topic in (Topic.VALUE, Topic.CONTENT):
        return answer_topic_asked(request, Topic.VALUE)
    match turn.shown:
        case ShownItems(department=key, section=section) if request.store.get(key):
            department = request.store.get(key)
            assert department is not None
            return answer_topic(department, section, request.text, [])
    if turn.topic and turn.topic != Topic.CONTENT:
        return answer_follow_up(request)
    return Outcome([Reply(UTTER_FALLBACK)])
