"""Requests about the last answer: "summarise that", "only the first line",
"word for word", "read me all of it".

Every store answer is remembered as the pieces of the store it quoted
(``remember``: a ``LastAnswer`` in its slot, found from the replies' own store
text, so every planner's answers count). A shorter answer is a shorter quote,
never a paraphrase: the first sentence of each piece, or the first entry of a
list; the whole answer is each piece's value or part in full, verbatim.
"""

from __future__ import annotations

import re

from statement_bot import formatting as fmt
from statement_bot.dialogue.context import Request
from statement_bot.dialogue.plan.parts import answer_topic, answer_value
from statement_bot.dialogue.replies import Outcome, Reply
from statement_bot.dialogue.state import MAX_QUOTED, LastAnswer, Quoted
from statement_bot.names import (
    SLOT_LAST_ANSWER,
    UTTER_FIRST_ENTRY,
    UTTER_FIRST_SENTENCE,
    UTTER_NOTHING_ANSWERED,
    Topic,
)
from statement_bot.store import Department, Store
from statement_bot.understand.references import Length, about_last_answer

# A sentence ends at ". ", "! " or "? " (or a closing quote after one) before a
# capital letter or a quote, unless the stop ends an initial ("U.S.").
_SENTENCE_END = re.compile(
    r"(?:(?<![\s.][A-Za-z]\.)(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[A-Z\"“'(])"
)


def first_sentence(text: str) -> str:
    """The first sentence of store text, verbatim (all of it when it is one)."""
    return _SENTENCE_END.split(text.strip(), maxsplit=1)[0]


def _piece(department: Department, body: str) -> Quoted | None:
    """The piece of ``department``'s statement that ``body`` quotes: a value,
    a section, one paragraph or item, the values list, contact details (whole,
    or one entry), or else the one field that holds ``body`` as a part of it."""
    for value in department.values:
        if body in (value.description, f"{value.name}: {value.description}"):
            return Quoted(department.id, Topic.VALUES, value=value.name)
    if department.values and body == fmt.values_body(department):
        return Quoted(department.id, Topic.VALUES)
    for key, section in department.sections.items():
        if body == fmt.section_body(section):
            return Quoted(department.id, key)
        if body in section.paragraphs:
            return Quoted(department.id, key, paragraph=section.paragraphs.index(body))
        if body in section.items:
            return Quoted(department.id, key, item=section.items.index(body))
    contact = _contact(department, body)
    return contact if contact is not None else _holder(department, body)


def _contact(department: Department, body: str) -> Quoted | None:
    """The contact entry ``body`` quotes (a search hit, or the one line asked
    for), or all the contact details when it lists several of them."""
    lines = [fmt.contact_body([entry]) for entry in department.contact]
    passages = [f"{e.label}: {', '.join(e.lines)}" for e in department.contact]
    for number, (line, passage) in enumerate(zip(lines, passages, strict=True)):
        if body in (line, passage):
            return Quoted(department.id, Topic.CONTACT, item=number)
    if department.contact and all(part in lines for part in body.split("\n")):
        return Quoted(department.id, Topic.CONTACT)
    return None


def _holder(department: Department, body: str) -> Quoted | None:
    """The one value, paragraph or item that contains ``body`` (a sentence of
    it quoted), or None when none or several do."""
    held = [
        Quoted(department.id, Topic.VALUES, value=v.name)
        for v in department.values
        if body in v.description
    ]
    for key, section in department.sections.items():
        held += [
            Quoted(department.id, key, paragraph=n)
            for n, text in enumerate(section.paragraphs)
            if body in text
        ]
        held += [
            Quoted(department.id, key, item=n)
            for n, text in enumerate(section.items)
            if body in text
        ]
    return held[0] if len(held) == 1 and len(body) >= 20 else None


def _department_named(store: Store, name: object) -> Department | None:
    return next((d for d in store if d.name == name), None)


def quoted_in(store: Store, outcome: Outcome) -> LastAnswer | None:
    """The pieces of the store an outcome's replies quote, in order, or None
    when it quotes none (a greeting, a fallback, a shortened quote)."""
    found: list[Quoted] = []
    for reply in outcome.replies:
        department = _department_named(store, reply.variables.get("department_name"))
        body = reply.variables.get("body")
        if department is None or not isinstance(body, str) or not body.strip():
            continue
        piece = _piece(department, body)
        if piece is not None and piece not in found:
            found.append(piece)
    return LastAnswer(tuple(found[:MAX_QUOTED])) if found else None


def remember(store: Store, outcome: Outcome) -> Outcome:
    """The outcome, remembering what it quoted from the store (if anything:
    otherwise the answer before stays remembered)."""
    if SLOT_LAST_ANSWER in outcome.slots:
        return outcome  # this planner said what to remember
    last = quoted_in(store, outcome)
    if last is None:
        return outcome
    return Outcome(outcome.replies, {**outcome.slots, SLOT_LAST_ANSWER: last.to_slot()})


def _part_label(department: Department, piece: Quoted) -> str:
    label = fmt.topic_label(department, piece.part)
    return f"{label} ({piece.value})" if piece.value else label


def _text_of(department: Department, piece: Quoted) -> str | None:
    """The store text of one remembered piece (None when the store changed)."""
    if piece.part == Topic.VALUES and piece.value:
        value = next((v for v in department.values if v.name == piece.value), None)
        return value.description if value else None
    if piece.part == Topic.CONTACT:
        entries = department.contact
        if piece.item is not None:
            entries = entries[piece.item : piece.item + 1]
        return fmt.contact_body(entries) if entries else None
    section = department.sections.get(piece.part)
    if section is None:
        return None
    pieces = section.items if piece.item is not None else section.paragraphs
    number = piece.item if piece.item is not None else piece.paragraph
    if number is not None:
        return pieces[number] if number < len(pieces) else None
    return fmt.section_body(section)


def shorter(department: Department, piece: Quoted) -> Reply | None:
    """The first sentence of a piece (of its first paragraph, for a section),
    or the first entry of a list: a shorter quote, verbatim."""
    variables = {
        "department_name": department.name,
        "part_label": _part_label(department, piece),
    }
    if piece.part == Topic.VALUES and piece.value is None:
        if not department.values:
            return None
        return Reply(
            UTTER_FIRST_ENTRY, {**variables, "body": department.values[0].name}
        )
    if piece.part == Topic.CONTACT:
        entries = department.contact[piece.item or 0 :]
        if not entries:
            return None
        return Reply(
            UTTER_FIRST_ENTRY, {**variables, "body": fmt.contact_line(entries[0])}
        )
    section = department.sections.get(piece.part)
    whole_section = (
        section is not None and piece.item is None and piece.paragraph is None
    )
    if whole_section and section is not None and not section.paragraphs:
        if not section.items:
            return None
        return Reply(UTTER_FIRST_ENTRY, {**variables, "body": section.items[0]})
    if whole_section and section is not None:
        text: str | None = section.paragraphs[0]
    else:
        text = _text_of(department, piece)
    if not text:
        return None
    return Reply(UTTER_FIRST_SENTENCE, {**variables, "body": first_sentence(text)})


def whole(department: Department, piece: Quoted) -> Outcome:
    """A piece in full: a value's whole description, or the whole part (the
    section, the values, the contact details) a paragraph or item came from."""
    if piece.part == Topic.VALUES and piece.value:
        return answer_value(department, [piece.value])
    if piece.part in (Topic.VALUES, Topic.CONTACT) or piece.part in department.sections:
        return answer_topic(department, piece.part, "", [])
    return Outcome()


def answer(request: Request) -> Outcome:
    """ "Summarise that", "only the first line": the first sentence (or first
    entry) of what the last answer quoted; "word for word", "all of it": all of
    it. Nothing answered yet: say so plainly."""
    last = request.turn.last
    wanted = about_last_answer(request.text) or Length.SHORTER
    outcome = Outcome()
    for piece in last.quoted if last else ():
        department = request.store.get(piece.department)
        if department is None:
            continue
        if wanted == Length.WHOLE:
            outcome = outcome.then(whole(department, piece))
            continue
        reply = shorter(department, piece)
        if reply is not None:
            outcome = outcome.then(Outcome([reply]))
    if not outcome.replies:
        return Outcome([Reply(UTTER_NOTHING_ANSWERED)])
    # The pieces stay remembered as they were: "only the first line", then "all
    # of it" is all of the same answer.
    return Outcome(outcome.replies, {**outcome.slots, SLOT_LAST_ANSWER: last.to_slot()})  # type: ignore[union-attr]
