"""Rasa actions: thin classes that read the tracker, ask a planner, and reply.

The decisions live in ``statement_bot.dialogue`` (pure, tested without Rasa): the
route table ``routes.ROUTES`` names the planner for each intent, and this module
has one generated class per custom action in it. The text comes from the store
and the domain's responses.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from actions.metadata import page_department
from statement_bot.dialogue import routes
from statement_bot.dialogue.context import Request, resolve
from statement_bot.dialogue.misses import count_misses_before
from statement_bot.dialogue.replies import RATED_RESPONSES, Outcome
from statement_bot.dialogue.state import SLOTS_READ, Turn
from statement_bot.names import (
    CUSTOM_FEEDBACK,
    ENTITY_DEPARTMENT,
    ENTITY_RATED_TOPIC,
    SLOT_DEPARTMENT,
    SLOT_TOPIC,
)
from statement_bot.text import cap_text

# How many departments of the conversation's past "the other department" looks at.
MAX_EARLIER = 10


def earlier_departments(events: list[dict[str, Any]]) -> tuple[str, ...]:
    """The departments the conversation has been about, latest first (ids the
    actions set, so checked against the store), since the last restart."""
    seen: list[str] = []
    for event in events:
        if event.get("event") == "restart":
            seen = []
        elif (
            event.get("event") == "slot"
            and event.get("name") == SLOT_DEPARTMENT
            and isinstance(event.get("value"), str)
        ):
            seen.append(event["value"])
    return tuple(dict.fromkeys(reversed(seen)))[:MAX_EARLIER]


def turn_from(tracker: Tracker) -> Turn:
    """What the planners need from the tracker: the latest message and the
    slots, parsed once (``Turn.from_slots``)."""
    message = tracker.latest_message or {}
    intent = (message.get("intent") or {}).get("name")
    text = message.get("text") or ""
    entities = tuple(e for e in message.get("entities") or [] if isinstance(e, dict))
    slots = {name: tracker.get_slot(name) for name in SLOTS_READ}
    # The conversation's department, else the widget page's (checked).
    slots[SLOT_DEPARTMENT] = slots[SLOT_DEPARTMENT] or page_department(
        tracker, runtime.get_store()
    )
    return Turn.from_slots(
        slots,
        intent=intent if isinstance(intent, str) else None,
        # The planners read what the NLU model read (the first 800 characters).
        text=cap_text(text) if isinstance(text, str) else "",
        entities=entities,
        earlier=earlier_departments(tracker.events or []),
        misses=count_misses_before(tracker.events or []),
        conversation=tracker.sender_id or "",
    )


def request_from(tracker: Tracker) -> Request:
    """The turn, resolved against the store, the index and the settings."""
    return resolve(
        runtime.get_store(),
        turn_from(tracker),
        runtime.get_index(),
        runtime.default_department(),
        runtime.get_settings().core.practice_questions,
    )


RATED = RATED_RESPONSES


def _rated(outcome: Outcome, tracker: Tracker) -> dict[str, str]:
    """What an answer is about, for its rating: department and topic."""
    about = {
        ENTITY_DEPARTMENT: outcome.slots.get(SLOT_DEPARTMENT)
        or tracker.get_slot(SLOT_DEPARTMENT),
        ENTITY_RATED_TOPIC: outcome.slots.get(SLOT_TOPIC)
        or tracker.get_slot(SLOT_TOPIC),
    }
    return {k: v for k, v in about.items() if isinstance(v, str) and v}


def send(
    dispatcher: CollectingDispatcher, outcome: Outcome, tracker: Tracker
) -> list[EventType]:
    """Utter the outcome's replies; return events for the slots it changes.

    A slot that already holds the value gets no event: Rasa would ignore it, but
    still validate it and store it with the conversation.
    """
    rated = [n for n, r in enumerate(outcome.replies) if r.response in RATED]
    for number, reply in enumerate(outcome.replies):
        dispatcher.utter_message(
            response=reply.response, buttons=reply.buttons, **reply.variables
        )
        if rated and number == rated[-1]:
            # After the last answer from the store: the channels turn this into
            # "Helpful?" buttons under it.
            dispatcher.utter_message(
                json_message={CUSTOM_FEEDBACK: _rated(outcome, tracker)}
            )
    return [
        SlotSet(name, value)
        for name, value in outcome.slots.items()
        if tracker.get_slot(name) != value
    ]


class PlannerAction(Action):
    """A custom action of the domain: it runs the planner the route table
    (``statement_bot.dialogue.routes``) names for the turn's intent."""

    action_name: str = ""

    def name(self) -> str:
        return self.action_name

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        outcome = routes.plan(self.action_name, request_from(tracker))
        return send(dispatcher, outcome, tracker)


def _class_name(action: str) -> str:
    """``action_list_departments`` -> ``ActionListDepartments``."""
    return "".join(word.title() for word in action.split("_"))


# One class per custom action in the route table (ActionAnswer, ActionCompare...).
for _action in routes.ACTIONS:
    globals()[_class_name(_action)] = type(
        _class_name(_action),
        (PlannerAction,),
        {"action_name": _action, "__doc__": f"The domain's ``{_action}``."},
    )
