"""Rasa actions: thin classes that read the tracker, ask a planner, and reply.

The decisions live in ``statement_bot.answers`` (pure, tested without Rasa); the text
comes from the store and the domain's responses.
"""

from __future__ import annotations

from abc import ABCMeta, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from actions.metadata import page_department
from statement_bot import answers
from statement_bot.answers import Outcome, Turn
from statement_bot.dialogue.misses import count_misses_before
from statement_bot.names import (
    ACTION_ANSWER,
    ACTION_COMPARE,
    ACTION_FALLBACK,
    ACTION_FEEDBACK,
    ACTION_HANDOFF,
    ACTION_LIST_DEPARTMENTS,
    ACTION_OUT_OF_SCOPE,
    ACTION_PRACTICE,
    ACTION_REPORT_CRIME,
    ACTION_SEARCH,
    ACTION_SHARED_VALUES,
    CUSTOM_FEEDBACK,
    ENTITY_DEPARTMENT,
    ENTITY_RATED_TOPIC,
    INTENT_ASK_ALSO,
    INTENT_CHOOSE_ITEM,
    SLOT_DEPARTMENT,
    SLOT_PRACTICE,
    SLOT_SEARCHED,
    SLOT_SHOWN,
    SLOT_TOPIC,
    SLOT_VALUE,
)
from statement_bot.practice import plan as practice_plan
from statement_bot.practice import questions as quiz
from statement_bot.safety import cap_text
from statement_bot.store import Store

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
    """What the planners need from the tracker: the latest message and the slots."""
    message = tracker.latest_message or {}
    intent = (message.get("intent") or {}).get("name")
    text = message.get("text") or ""
    entities = tuple(e for e in message.get("entities") or [] if isinstance(e, dict))
    return Turn(
        intent=intent if isinstance(intent, str) else None,
        # The planners read what the NLU model read (the first 800 characters).
        text=cap_text(text) if isinstance(text, str) else "",
        entities=entities,
        # The conversation's department, else the widget page's (checked).
        department=tracker.get_slot(SLOT_DEPARTMENT)
        or page_department(tracker, runtime.get_store()),
        topic=tracker.get_slot(SLOT_TOPIC),
        value=tracker.get_slot(SLOT_VALUE),
        shown=tracker.get_slot(SLOT_SHOWN),
        searched=tracker.get_slot(SLOT_SEARCHED),
        earlier=earlier_departments(tracker.events or []),
        misses=count_misses_before(tracker.events or []),
        practice=tracker.get_slot(SLOT_PRACTICE),
        conversation=tracker.sender_id or "",
    )


RATED = answers.RATED_RESPONSES


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


class _PlannerAction(Action, metaclass=ABCMeta):
    """An action that runs one planner over the store and the current turn."""

    action_name: str = ""

    def name(self) -> str:
        return self.action_name

    @abstractmethod
    def plan(self, store: Store, turn: Turn) -> Outcome:
        """Decide the replies for this turn."""

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[EventType]:
        outcome = self.plan(runtime.get_store(), turn_from(tracker))
        return send(dispatcher, outcome, tracker)


class ActionAnswer(_PlannerAction):
    """Answer a mission, vision, values, value, goals, contact or section
    question, or a follow-up ("the second one", "does Cambridge have that too?")."""

    action_name = ACTION_ANSWER

    def plan(self, store: Store, turn: Turn) -> Outcome:
        default = runtime.default_department()
        if turn.intent == INTENT_CHOOSE_ITEM:
            return answers.choose(store, turn, default)
        if turn.intent == INTENT_ASK_ALSO:
            return answers.also(store, runtime.get_index(), turn, default)
        return answers.answer(store, turn, default, runtime.get_index())


class ActionCompare(_PlannerAction):
    """Put two or more departments side by side."""

    action_name = ACTION_COMPARE

    def plan(self, store: Store, turn: Turn) -> Outcome:
        return answers.compare(store, turn, runtime.default_department())


class ActionFallback(_PlannerAction):
    """Low NLU confidence: continue with a named department or offer choices."""

    action_name = ACTION_FALLBACK

    def plan(self, store: Store, turn: Turn) -> Outcome:
        return answers.fallback(
            store, turn, runtime.default_department(), runtime.get_index()
        )


class ActionReportCrime(_PlannerAction):
    """Explain that the bot cannot take reports and give the right numbers."""

    action_name = ACTION_REPORT_CRIME

    def plan(self, store: Store, turn: Turn) -> Outcome:
        return answers.report_crime(store, turn, runtime.default_department())


class ActionSearch(_PlannerAction):
    """A question about what a statement says: quote the passage that answers it."""

    action_name = ACTION_SEARCH

    def plan(self, store: Store, turn: Turn) -> Outcome:
        return answers.search(
            store, runtime.get_index(), turn, runtime.default_department()
        )


class ActionOutOfScope(_PlannerAction):
    """Outside the statement: say so, with the department's own contact details."""

    action_name = ACTION_OUT_OF_SCOPE

    def plan(self, store: Store, turn: Turn) -> Outcome:
        return answers.out_of_scope(store, turn, runtime.default_department())


class ActionSharedValues(_PlannerAction):
    """Which departments share a value."""

    action_name = ACTION_SHARED_VALUES

    def plan(self, store: Store, turn: Turn) -> Outcome:
        return answers.shared_values(store, turn)


class ActionListDepartments(_PlannerAction):
    """Name the departments in the store (or those that have a part named)."""

    action_name = ACTION_LIST_DEPARTMENTS

    def plan(self, store: Store, turn: Turn) -> Outcome:
        return answers.departments_or_which_have(store, turn)


class ActionPractice(_PlannerAction):
    """Recruit practice: start a round, mark answers, follow "hint", "skip",
    "stop"; a statement question in the middle is answered and the round waits.
    The round is seeded by the conversation, so a reload goes on with it."""

    action_name = ACTION_PRACTICE

    def plan(self, store: Store, turn: Turn) -> Outcome:
        return practice_plan.plan(
            store,
            runtime.get_index(),
            turn,
            turn.practice,
            quiz.seed_for(turn.conversation),
            runtime.get_settings().practice_questions,
            runtime.default_department(),
        )


class ActionHandoff(_PlannerAction):
    """ "Can I talk to someone?": the department's own contact details."""

    action_name = ACTION_HANDOFF

    def plan(self, store: Store, turn: Turn) -> Outcome:
        return answers.handoff(store, turn, runtime.default_department())


class ActionFeedback(_PlannerAction):
    """A rating of an answer: acknowledged; reasons offered for a thumbs down."""

    action_name = ACTION_FEEDBACK

    def plan(self, store: Store, turn: Turn) -> Outcome:
        return answers.feedback(turn)
