"""A question about what a statement says ("does Cambridge mention youth?"):
the departments it asks about, then the passages that answer it."""

from __future__ import annotations

from statement_bot.dialogue.context import Request
from statement_bot.dialogue.plan.compare import chosen_among_shown
from statement_bot.dialogue.plan.passages import find_passages
from statement_bot.dialogue.plan.statements import (
    answer_follow_up,
    answer_never_said,
)
from statement_bot.dialogue.replies import Outcome, unknown_department
from statement_bot.store import Department
from statement_bot.understand.search import wants_all_departments
from statement_bot.understand.topics import find_topic


def searched_departments(request: Request) -> list[Department]:
    """Those the message names, else those just compared ("which of those two
    mentions diversity?") or listed ("which one says ...?"), else the
    conversation's, else all of them."""
    context = request.context
    if request.mentions.known:
        return request.mentions.known
    if request.compared:
        return request.compared
    if chosen := chosen_among_shown(request):
        return chosen
    if context and not wants_all_departments(request.text):
        return [context]
    return list(request.store)


def search(request: Request) -> Outcome:
    """The best passage of each department asked about, or a plain "not
    found"; a message with nothing to search for follows up on the
    conversation (or repeats the last search for the department named)."""
    found, turn = request.mentions, request.turn
    never = answer_never_said(request)
    if never is not None:
        return never
    if found.unknown:
        return unknown_department(request.store, found.unknown, None)
    if not request.search_index.query(request.question):
        if found.known and turn.searched:
            # "Does West Sac's vision say anything like that?": the last search
            # again, there (and within the part named).
            within = find_topic(turn.text, found.known[0])
            return find_passages(request, turn.searched, found.known, within)
        # Nothing to search for ("what does Alhambra's say?"): a follow-up about
        # what the conversation is on, for the department named.
        return answer_follow_up(request)
    return find_passages(request, request.question, searched_departments(request))
