"""One definition of a miss: a turn the bot could not answer from the store.

The hand-off (two misses in a row offer the department's own contacts) and the
staff report (its "missed questions") both read this module, so they always
agree on what "the bot did not understand" means.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from statement_bot.names import (
    UTTER_DEFAULT,
    UTTER_FALLBACK,
    UTTER_NO_CONTACT,
    UTTER_NO_SECTION,
    UTTER_NO_VALUE,
    UTTER_OUT_OF_SCOPE,
    UTTER_SEARCH_NO_MATCH,
    UTTER_SEARCH_NOT_IN,
    UTTER_SERVICE_UNAVAILABLE,
    UTTER_UNKNOWN_DEPARTMENT,
    UTTER_VALUE_NOT_LISTED,
)

# Replies that give nothing from the store and point nowhere: the bot did not
# understand, found no passage, or the statement lacks what was asked. An
# out-of-scope answer that gives the department's own contacts is not a miss:
# it already sends the person somewhere that can help.
MISSED_RESPONSES = frozenset(
    {
        UTTER_FALLBACK,
        UTTER_DEFAULT,
        UTTER_SERVICE_UNAVAILABLE,
        UTTER_SEARCH_NO_MATCH,
        UTTER_SEARCH_NOT_IN,
        UTTER_OUT_OF_SCOPE,
        UTTER_NO_VALUE,
        UTTER_NO_SECTION,
        UTTER_VALUE_NOT_LISTED,
        UTTER_NO_CONTACT,
        UTTER_UNKNOWN_DEPARTMENT,
    }
)


def is_missed(responses: Iterable[str]) -> bool:
    """True when a turn's replies (response names) make it a miss."""
    return not MISSED_RESPONSES.isdisjoint(responses)


def count_misses_before(events: Iterable[Mapping[str, Any]]) -> int:
    """How many turns in a row just before the latest user message were misses,
    since the last restart (events as Rasa stores them, oldest first)."""
    turns: list[set[str]] = []
    for event in events:
        kind = event.get("event")
        if kind == "restart":
            turns = []
        elif kind == "user":
            turns.append(set())
        elif kind == "bot" and turns:
            turns[-1].add(str((event.get("metadata") or {}).get("utter_action")))
    count = 0
    for responses in reversed(turns[:-1]):
        if not is_missed(responses):
            break
        count += 1
    return count
