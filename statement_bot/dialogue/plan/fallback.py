"""Low NLU confidence: answer what the words make clear, else offer choices."""

from __future__ import annotations

from statement_bot.dialogue.context import Request
from statement_bot.dialogue.plan.follow_ups import that_one
from statement_bot.dialogue.plan.parts import search_slots
from statement_bot.dialogue.plan.service import handoff_after_miss
from statement_bot.dialogue.plan.statements import (
    answer_follow_up,
    answer_never_said,
    answer_topic_asked,
)
from statement_bot.dialogue.replies import Outcome, Reply, quote
from statement_bot.names import UTTER_FALLBACK
from statement_bot.understand import references
from statement_bot.understand.topics import find_topic, resumed_topic

# A misunderstood message this short that says "that value", "it" points back.
MAX_POINTER_WORDS = 8
# A message this short that names a part asks for it ("vision pls").
MAX_TOPIC_WORDS = 4
# A message this short that names a department continues the conversation.
MAX_FOLLOW_UP_WORDS = 6


def _points_back(request: Request) -> Outcome | None:
    """ "What else is in that value?", "what does it mean there?": about what
    the conversation is on, when it is on something."""
    found = request.mentions
    short = len(request.text.split()) <= MAX_POINTER_WORDS
    if found.known or found.unknown or not short:
        return None
    if not references.refers_back(request.text):
        return None
    pointed = that_one(request)
    if [r.response for r in pointed.replies] == [UTTER_FALLBACK]:
        return None
    return pointed


def _quoted(request: Request) -> Outcome | None:
    """The passages the statement search trusts, for the departments named
    (else the conversation's, else all)."""
    if request.index is None or request.mentions.unknown:
        return None
    context = request.context
    departments = request.mentions.known or (
        [context] if context else list(request.store)
    )
    text = request.question
    hits = [hit for d in departments if (hit := request.index.best(text, [d]))]
    if not hits:
        return None
    best = hits[0] if len(hits) == 1 else None
    return Outcome([quote(hit) for hit in hits], search_slots(departments, best, text))


def fallback(request: Request) -> Outcome:
    """Low confidence: a short message naming a part of the statement ("yt?",
    "vision pls") asks for it; a short one pointing back ("that value") is about
    what the conversation is on; else quote a passage the statement search
    trusts; else continue a pending question if a department is named; else
    offer choices (and the hand-off after a miss)."""
    words = len(request.text.split())
    topic = find_topic(request.text)
    if topic and words <= MAX_TOPIC_WORDS:
        return answer_topic_asked(request, topic)
    resumed = resumed_topic(request.text, request.named_or_context)
    if resumed:  # "ok, back to their values"
        return answer_topic_asked(request, resumed)
    answered = answer_never_said(request) or _points_back(request) or _quoted(request)
    if answered is not None:
        return answered
    if request.mentions.known and words <= MAX_FOLLOW_UP_WORDS:
        return answer_follow_up(request)
    return handoff_after_miss(request, Outcome([Reply(UTTER_FALLBACK)]))
