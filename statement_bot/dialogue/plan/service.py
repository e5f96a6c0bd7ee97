"""What the bot does besides quoting statements: hand off to the department,
say what is out of scope, give the numbers for a crime report, take a rating.
"""

from __future__ import annotations

import re

from statement_bot import formatting as fmt
from statement_bot.dialogue.context import Request
from statement_bot.dialogue.replies import Outcome, Reply, department_names
from statement_bot.names import (
    ENTITY_DEPARTMENT,
    ENTITY_RATED_TOPIC,
    ENTITY_RATING,
    ENTITY_REASON,
    INTENT_FEEDBACK,
    SLOT_DEPARTMENT,
    UTTER_FEEDBACK_NOTED,
    UTTER_FEEDBACK_THANKS,
    UTTER_FEEDBACK_WHY,
    UTTER_HANDOFF,
    UTTER_HANDOFF_GENERAL,
    UTTER_HANDOFF_NO_CONTACT,
    UTTER_NOT_IN_STATEMENT,
    UTTER_NOT_IN_STATEMENT_NO_CONTACT,
    UTTER_OUT_OF_SCOPE,
    UTTER_OUT_OF_SCOPE_CONTACT,
    UTTER_OUT_OF_SCOPE_NO_CONTACT,
    UTTER_REPORT_CRIME,
    UTTER_REPORT_CRIME_CONTACT,
)
from statement_bot.store import Department

# A message about the department in the conversation: "who is their chief?".
_ABOUT_THEM = re.compile(
    r"\b(?:their|they|them|its|the (?:department|police|chief|station|officers))\b",
    re.IGNORECASE,
)
# Contact details that let someone ask the department what the bot cannot answer.
ASK_THE_DEPARTMENT = ("phone", "website", "learn_more", "email")
FEEDBACK_REASONS = {
    "wrong_department": "Wrong department",
    "not_what_i_asked": "Not what I asked",
    "hard_to_read": "Hard to read",
}


def handoff(request: Request) -> Outcome:
    """ "Can I talk to someone?" (or two misses in a row): say it is an
    automated assistant, and give the department's own contact details from
    the store; else say it has none, or name the departments it knows."""
    store, department = request.store, request.named_or_context
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


def handoff_after_miss(request: Request, outcome: Outcome) -> Outcome:
    """``outcome``, then the hand-off when this is the second miss in a row."""
    return outcome.then(handoff(request)) if request.turn.misses >= 1 else outcome


def out_of_scope(request: Request) -> Outcome:
    """A question the statement cannot answer ("who is Cambridge's chief?"): say
    so; for a known department, give its own contact details from the store."""
    found = request.mentions.known
    department = found[0] if found else None
    if department is None and _ABOUT_THEM.search(request.text):
        department = request.context  # "who is their chief?"
    if department is None:
        return handoff_after_miss(request, Outcome([Reply(UTTER_OUT_OF_SCOPE)]))
    entries = [e for e in department.contact if e.kind in ASK_THE_DEPARTMENT]
    if not entries:
        variables = {"department_name": department.name}
        return Outcome([Reply(UTTER_OUT_OF_SCOPE_NO_CONTACT, variables)])
    variables = {"department_name": department.name, "body": fmt.contact_body(entries)}
    slots = {SLOT_DEPARTMENT: department.id}
    return Outcome([Reply(UTTER_OUT_OF_SCOPE_CONTACT, variables)], slots)


def not_in_statement(department: Department) -> Outcome:
    """The department's statement does not say what was asked: say so plainly,
    with the department's own contact details from the store (or that it has
    none). Never a passage about something else."""
    entries = [e for e in department.contact if e.kind in ASK_THE_DEPARTMENT]
    variables = {"department_name": department.name}
    slots = {SLOT_DEPARTMENT: department.id}
    if not entries:
        return Outcome([Reply(UTTER_NOT_IN_STATEMENT_NO_CONTACT, variables)], slots)
    variables["body"] = fmt.contact_body(entries)
    return Outcome([Reply(UTTER_NOT_IN_STATEMENT, variables)], slots)


def report_crime(request: Request) -> Outcome:
    """The bot cannot take reports: give 911 and the non-emergency line from the store."""
    department = request.named_or_context
    candidates = [department] if department else list(request.store)
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


def feedback(request: Request) -> Outcome:
    """A rating of an answer (buttons): thanks; for a thumbs down without a
    reason, a few reasons as buttons. The rating itself stays in the
    conversation (the message's entities), for the staff report."""
    turn = request.turn
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
