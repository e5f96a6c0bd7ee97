"""THE route table: which planner answers each intent, and the domain action
(or fixed response) that the rules in ``data/rules/`` send the intent to.

One turn, one way: ``state.Turn.from_slots`` -> ``context.resolve`` ->
``ROUTES[intent].planner(request)`` -> the replies -> the slots. The Rasa
actions (``actions.actions``) are generated from this table, and the practice
answers a message asked in the middle of a round through it; a test checks it
against the rules and the domain (``tests/unit/dialogue/test_routes.py``).
Planners never come back here: one that needs another calls it directly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from statement_bot.dialogue.context import Request
from statement_bot.dialogue.plan import (
    compare,
    fallback,
    follow_ups,
    last_answer,
    search,
    service,
    several,
    statements,
)
from statement_bot.dialogue.replies import Outcome, say
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
    INTENT_ABOUT_LAST_ANSWER,
    INTENT_ASK_ALSO,
    INTENT_ASK_CONTENT,
    INTENT_ASK_HUMAN,
    INTENT_BOT_CHALLENGE,
    INTENT_CHOOSE_ITEM,
    INTENT_COMPARE,
    INTENT_CRISIS,
    INTENT_EMERGENCY,
    INTENT_FEEDBACK,
    INTENT_GOODBYE,
    INTENT_GREET,
    INTENT_HELP,
    INTENT_INFORM_DEPARTMENT,
    INTENT_LIST_DEPARTMENTS,
    INTENT_NLU_FALLBACK,
    INTENT_NON_ENGLISH,
    INTENT_OUT_OF_SCOPE,
    INTENT_PRACTICE,
    INTENT_PRACTICE_COMMAND,
    INTENT_REPORT_CRIME,
    INTENT_SHARED_VALUES,
    INTENT_THANK,
    INTENT_TOPICS,
    UTTER_BOT_CHALLENGE,
    UTTER_CRISIS,
    UTTER_EMERGENCY,
    UTTER_GOODBYE,
    UTTER_GREET,
    UTTER_HELP,
    UTTER_NON_ENGLISH,
    UTTER_THANK,
)
from statement_bot.practice import plan as practice_plan
from statement_bot.practice.questions import seed_for

Planner = Callable[[Request], Outcome]


@dataclass(frozen=True)
class Route:
    """Where an intent goes: the domain action (or response) the rules name,
    and the planner that decides the replies."""

    action: str
    planner: Planner


def _respond(response: str) -> Route:
    """A route to a fixed response of the domain (a rule utters it)."""
    return Route(response, lambda request: say(response))


def practise(request: Request) -> Outcome:
    """A turn of recruit practice; any other message in between is answered
    through this table."""
    seed = seed_for(request.turn.conversation)
    return practice_plan.plan(request, seed, request.round_size, answer_between)


ROUTES: dict[str, Route] = {
    **{intent: Route(ACTION_ANSWER, statements.answer) for intent in INTENT_TOPICS},
    INTENT_INFORM_DEPARTMENT: Route(ACTION_ANSWER, statements.answer),
    INTENT_CHOOSE_ITEM: Route(ACTION_ANSWER, follow_ups.choose),
    INTENT_ASK_ALSO: Route(ACTION_ANSWER, follow_ups.also),
    INTENT_ABOUT_LAST_ANSWER: Route(ACTION_ANSWER, last_answer.answer),
    INTENT_LIST_DEPARTMENTS: Route(
        ACTION_LIST_DEPARTMENTS, statements.list_or_which_have
    ),
    INTENT_COMPARE: Route(ACTION_COMPARE, compare.compare),
    INTENT_SHARED_VALUES: Route(ACTION_SHARED_VALUES, compare.shared_values),
    INTENT_ASK_CONTENT: Route(ACTION_SEARCH, search.search),
    INTENT_OUT_OF_SCOPE: Route(ACTION_OUT_OF_SCOPE, service.out_of_scope),
    INTENT_NLU_FALLBACK: Route(ACTION_FALLBACK, fallback.fallback),
    INTENT_REPORT_CRIME: Route(ACTION_REPORT_CRIME, service.report_crime),
    INTENT_ASK_HUMAN: Route(ACTION_HANDOFF, service.handoff),
    INTENT_FEEDBACK: Route(ACTION_FEEDBACK, service.feedback),
    INTENT_PRACTICE: Route(ACTION_PRACTICE, practise),
    INTENT_PRACTICE_COMMAND: Route(ACTION_PRACTICE, practise),
    INTENT_GREET: _respond(UTTER_GREET),
    INTENT_GOODBYE: _respond(UTTER_GOODBYE),
    INTENT_THANK: _respond(UTTER_THANK),
    INTENT_BOT_CHALLENGE: _respond(UTTER_BOT_CHALLENGE),
    INTENT_HELP: _respond(UTTER_HELP),
    INTENT_NON_ENGLISH: _respond(UTTER_NON_ENGLISH),
    INTENT_EMERGENCY: _respond(UTTER_EMERGENCY),
    INTENT_CRISIS: _respond(UTTER_CRISIS),
}

# The custom actions, each with the planner it runs for an intent the table
# does not send to it (the first route to it: Rasa's policies may predict an
# action for another intent).
ACTIONS: dict[str, Planner] = {}
for _route in ROUTES.values():
    if not _route.action.startswith("utter_"):
        ACTIONS.setdefault(_route.action, _route.planner)


# Several questions in one message ("apd: mission, vision, values"): Rasa reads
# one intent per message, so whichever of these the model read (a statement
# intent, the fallback, or a search, shared values or a comparison of one
# department for a message whose parts each name a part of a statement),
# ``plan.several`` answers each part in the order asked. Where each part's
# intent comes from: ``context.find_parts``.
SEVERAL_INTENTS = frozenset(
    {
        *INTENT_TOPICS,
        INTENT_INFORM_DEPARTMENT,
        INTENT_ASK_CONTENT,
        INTENT_SHARED_VALUES,
        INTENT_NLU_FALLBACK,
    }
)


def asks_several(request: Request) -> bool:
    """Whether the message asks several questions that ``plan.several`` answers
    (a comparison only when it names fewer than two departments: "apd:
    mission, vision, values" compares nothing)."""
    intent = request.turn.intent
    alone = intent == INTENT_COMPARE and len(request.mentions.known) < 2
    return (intent in SEVERAL_INTENTS or alone) and bool(request.parts)


def plan(action: str, request: Request) -> Outcome:
    """The outcome of ``action`` for this request: several questions part by
    part (``asks_several``); else the planner the table names for the intent
    when it goes to ``action``, else the action's own. During a practice round
    the practice decides first: a list of value names is an answer there, and a
    question in between comes back through ``answer_between``."""
    if action != ACTION_PRACTICE and asks_several(request):
        return several.plan(request)
    route = ROUTES.get(request.turn.intent or "")
    if route is not None and route.action == action:
        outcome = route.planner(request)
    else:
        outcome = ACTIONS[action](request)
    # What the answer quoted, for "summarise that" and "word for word".
    return last_answer.remember(request.store, outcome)


def answer_between(request: Request) -> Outcome:
    """A message in the middle of a round (or after one): what the table
    sends its intent to; the fallback for practice's own intents and the rest."""
    if asks_several(request):
        return several.plan(request)
    route = ROUTES.get(request.turn.intent or "")
    if route is None or route.action == ACTION_PRACTICE:
        return fallback.fallback(request)
    return last_answer.remember(request.store, route.planner(request))
