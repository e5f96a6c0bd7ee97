"""Stored tracker events -> one ``TurnRecord`` per user message; masking.

Pure functions over Rasa's stored events (plain dicts, as ``Event.as_dict``
writes them): each user message becomes a ``TurnRecord`` (when, channel,
intent and confidence, the department and topic after it, the responses the bot
sent, how long it took).

Privacy: sender ids are never kept; the text of a message answered with an
emergency, crisis or crime-report answer is dropped here; ``mask`` hides
digits, e-mail addresses and phone numbers in what is shown. Every text is cut
to ``MAX_TEXT_CHARS`` here, before anything reads it, and ``mask`` is a linear
scan (no backtracking pattern): a pasted wall of digits costs little.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from statement_bot.dialogue.misses import is_missed
from statement_bot.names import (
    INTENT_FEEDBACK,
    SLOT_DEPARTMENT,
    SLOT_TOPIC,
    UTTER_CRISIS,
    UTTER_DEFAULT,
    UTTER_EMERGENCY,
    UTTER_FALLBACK,
    UTTER_HANDOFF,
    UTTER_HANDOFF_NO_CONTACT,
    UTTER_NO_CONTACT,
    UTTER_NO_SECTION,
    UTTER_NO_VALUE,
    UTTER_OUT_OF_SCOPE,
    UTTER_OUT_OF_SCOPE_CONTACT,
    UTTER_OUT_OF_SCOPE_NO_CONTACT,
    UTTER_REPORT_CRIME,
    UTTER_REPORT_CRIME_CONTACT,
    UTTER_SEARCH_HIT,
    UTTER_SEARCH_NO_MATCH,
    UTTER_SEARCH_NOT_IN,
    UTTER_SERVICE_UNAVAILABLE,
    UTTER_UNKNOWN_DEPARTMENT,
    UTTER_VALUE_NOT_LISTED,
)

# A message's text is cut to this many characters before anything reads it.
MAX_TEXT_CHARS = 2_000
# An answered message below this confidence is listed as "answered with low
# confidence" (not a miss: the hand-off does not read confidence either).
LOW_CONFIDENCE = 0.6
WIDGET_SENDER_PREFIX = "web-"  # the website widget's conversation ids

SAFETY = {
    UTTER_EMERGENCY: "emergency",
    UTTER_CRISIS: "crisis",
    UTTER_REPORT_CRIME: "crime report",
    UTTER_REPORT_CRIME_CONTACT: "crime report",
}
# The outcome of a turn, by the first response of these that the bot sent.
OUTCOMES: list[tuple[str, frozenset[str]]] = [
    ("safety", frozenset(SAFETY)),
    ("hand-off", frozenset({UTTER_HANDOFF, UTTER_HANDOFF_NO_CONTACT})),
    ("fallback", frozenset({UTTER_FALLBACK, UTTER_DEFAULT, UTTER_SERVICE_UNAVAILABLE})),
    ("search, no good match", frozenset({UTTER_SEARCH_NO_MATCH, UTTER_SEARCH_NOT_IN})),
    ("answered by search", frozenset({UTTER_SEARCH_HIT})),
    (
        "out of scope",
        frozenset(
            {
                UTTER_OUT_OF_SCOPE,
                UTTER_OUT_OF_SCOPE_CONTACT,
                UTTER_OUT_OF_SCOPE_NO_CONTACT,
            }
        ),
    ),
    (
        "not in the statement",
        frozenset(
            {
                UTTER_NO_VALUE,
                UTTER_NO_SECTION,
                UTTER_VALUE_NOT_LISTED,
                UTTER_NO_CONTACT,
                UTTER_UNKNOWN_DEPARTMENT,
            }
        ),
    ),
]

_PHONE_SEPARATORS = frozenset(" ().-")  # and any other white space
_EMAIL_LOCAL_EXTRA = frozenset("_.+-")  # besides letters and digits
_DIGITS = re.compile(r"\d")  # one character at a time: linear


def _is_local(char: str) -> bool:
    return char.isalnum() or char in _EMAIL_LOCAL_EXTRA


def _is_label(char: str) -> bool:
    return char.isalnum() or char in "_-"


def _domain_end(text: str, start: int) -> int:
    """Where an e-mail domain (two or more labels joined by dots) starting at
    ``start`` ends, or -1 when there is none."""
    labels, end, at = 0, start, start
    while True:
        stop = at
        while stop < len(text) and _is_label(text[stop]):
            stop += 1
        if stop == at:  # no label (after a dot: the dot is not the domain's)
            break
        labels, end = labels + 1, stop
        if stop == len(text) or text[stop] != ".":
            break
        at = stop + 1
    return end if labels >= 2 else -1


def _mask_emails(text: str) -> str:
    """``text`` with each e-mail address (``local@label.label``) as ``[email]``."""
    parts, done = [], 0
    at = text.find("@")
    while at != -1:
        start = at
        while start > done and _is_local(text[start - 1]):
            start -= 1
        end = _domain_end(text, at + 1) if start < at else -1
        if end != -1:
            parts += [text[done:start], "[email]"]
            done = end
        at = text.find("@", max(at + 1, done))
    return "".join(parts) + text[done:]


def _phone_unit(text: str, at: int) -> int:
    """Where a digit that may start a phone number unit (``+`` and a digit, or
    a digit) ends, or -1."""
    if at < len(text) and text[at] == "+":
        at += 1
    return at + 1 if at < len(text) and text[at].isdecimal() else -1


def _mask_phones(text: str) -> str:
    """``text`` with each phone number (eight or more digits, any of ``+``
    before a digit, separated by spaces, brackets, dots or dashes; ending on a
    digit with no ``+``) as ``[phone]``."""
    parts, done, at, n = [], 0, 0, len(text)
    while at < n:
        if _phone_unit(text, at) == -1:
            at += 1
            continue
        start, digits, end = at, 0, -1
        while (unit := _phone_unit(text, at)) != -1:
            digits += 1
            if digits >= 8 and text[unit - 2] != "+":
                end = unit  # the longest number so far that may end here
            at = unit
            while at < n and (text[at] in _PHONE_SEPARATORS or text[at].isspace()):
                at += 1
        if end != -1:
            parts += [text[done:start], "[phone]"]
            done = at = end
    return "".join(parts) + text[done:]


def mask(text: str) -> str:
    """``text`` with e-mail addresses, phone numbers and every other digit
    (street numbers, dates, plates) masked, in one pass over it each."""
    return _DIGITS.sub("#", _mask_phones(_mask_emails(text)))


@dataclass(frozen=True)
class TurnRecord:
    """One user message and what the bot did with it (no sender id)."""

    timestamp: float
    channel: str
    text: str | None  # None for messages answered with a safety answer
    intent: str | None
    confidence: float
    department: str | None
    topic: str | None
    responses: tuple[str, ...]
    seconds: float | None  # to the first reply, when there was one
    entities: tuple[tuple[str, str], ...] = ()
    answer: str = ""  # the first line of the bot's first reply (store text)
    conversation: int = 0  # an opaque number per sender, never shown

    @property
    def outcome(self) -> str:
        """What the turn came to (see ``OUTCOMES``); "answered" otherwise."""
        for name, responses in OUTCOMES:
            if not responses.isdisjoint(self.responses):
                return name
        if self.intent == INTENT_FEEDBACK:
            return "feedback"
        return "answered" if self.responses else "no reply"

    @property
    def safety(self) -> str | None:
        """Which safety answer the turn got, if any."""
        for response in self.responses:
            if response in SAFETY:
                return SAFETY[response]
        return None

    @property
    def missed(self) -> bool:
        """A miss, as the hand-off counts it (``statement_bot.dialogue.misses``)."""
        return is_missed(self.responses)

    @property
    def low_confidence(self) -> bool:
        """Answered from the store, but the model was unsure of the intent."""
        return self.outcome == "answered" and self.confidence < LOW_CONFIDENCE


def _channel(sender_id: str, data: dict[str, Any]) -> str:
    channel = str(data.get("input_channel") or "rest")
    if channel == "rest" and sender_id.startswith(WIDGET_SENDER_PREFIX):
        return "widget"
    return channel


def _text(data: dict[str, Any]) -> str:
    return str(data.get("text") or "")[:MAX_TEXT_CHARS]


def turns(rows: Iterable[tuple[str, dict[str, Any]]]) -> list[TurnRecord]:
    """The user turns of stored events, given as (sender_id, event data) in the
    order stored. Slots are followed per sender so each turn has the department
    and topic the conversation was on after it."""
    open_turns: dict[str, dict[str, Any]] = {}
    slots: dict[str, dict[str, Any]] = {}
    numbers: dict[str, int] = {}
    done: list[TurnRecord] = []

    def close(sender: str) -> None:
        turn = open_turns.pop(sender, None)
        if turn is None:
            return
        current = slots.get(sender, {})
        responses = tuple(turn.pop("responses"))
        safe = not any(r in SAFETY for r in responses)
        if not safe:
            turn.update(text=None, answer="")
        done.append(
            TurnRecord(
                **turn,
                department=current.get(SLOT_DEPARTMENT),
                topic=current.get(SLOT_TOPIC),
                responses=responses,
                conversation=numbers.setdefault(sender, len(numbers)),
            )
        )

    for sender, data in rows:
        kind = data.get("event")
        if kind == "user":
            close(sender)
            parse = data.get("parse_data") or {}
            intent = parse.get("intent") or {}
            entities = tuple(
                (str(e.get("entity")), str(e.get("value")))
                for e in parse.get("entities") or []
                if isinstance(e, dict)
            )
            open_turns[sender] = {
                "timestamp": float(data.get("timestamp") or 0),
                "channel": _channel(sender, data),
                "text": _text(data),
                "intent": intent.get("name"),
                "confidence": float(intent.get("confidence") or 0),
                "responses": [],
                "seconds": None,
                "entities": entities,
                "answer": "",
            }
        elif kind == "bot" and sender in open_turns:
            turn = open_turns[sender]
            response = (data.get("metadata") or {}).get("utter_action")
            if response:
                turn["responses"].append(str(response))
            if turn["seconds"] is None:
                turn["seconds"] = max(
                    0.0, float(data.get("timestamp") or 0) - turn["timestamp"]
                )
                turn["answer"] = _text(data).split("\n", 1)[0][:200]
        elif kind == "slot":
            slots.setdefault(sender, {})[str(data.get("name"))] = data.get("value")
        elif kind == "restart":
            slots.pop(sender, None)
    for sender in list(open_turns):
        close(sender)
    done.sort(key=lambda t: t.timestamp)
    return done
