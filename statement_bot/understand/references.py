"""Words that point back at the conversation: "the second one", "that too".

Pure pattern data and functions, no store: ``positions`` reads which items of
the last list a message picks, ``asks_also`` whether it asks if another
department has what was just shown. The NLU component ``FollowUps``
(rasa_plugins.components) uses them to mark such messages, and the planners to
resolve them against the ``shown`` slot.
"""

from __future__ import annotations

import re
from enum import Enum

from statement_bot.text import normalize

ORDINALS: dict[str, int] = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "fifth": 5,
    "5th": 5,
    "sixth": 6,
    "6th": 6,
    "seventh": 7,
    "7th": 7,
    "eighth": 8,
    "8th": 8,
    "ninth": 9,
    "9th": 9,
    "tenth": 10,
    "10th": 10,
}
NUMBERS: dict[str, int] = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
LAST = -1
_ORDINAL = "|".join(ORDINALS)
_COUNT = "|".join(NUMBERS)
_NOUN = r"one|ones|value|values|goal|goals|item|items|point|points|bullet|bullets"
# "the second one", "2nd one", "the 5th", "the last one", "the first two",
# "the last two", "number 4", "#4": an ordinal with a noun or a count, or "the"
# and an ordinal that ends the phrase ("and the 5th?", "what's the fourth about").
_PICK = re.compile(
    rf"\b(?P<ordinal>{_ORDINAL}|last|final)(?:\s+(?P<count>{_COUNT}|\d))?"
    rf"\s+(?:{_NOUN})\b"
    rf"|\bthe\s+(?P<ordinal2>{_ORDINAL}|last|final)(?:\s+(?P<count2>{_COUNT}|\d))?"
    rf"(?=\s*$|\s+(?:about|mean|means|say|says|please|pls|again)\b)"
    rf"|\b(?:number|no|item|value|goal)\s*(?P<number>\d{{1,2}})\b"
)
# Said after something was shown: does another department have it as well?
_ALSO = re.compile(
    r"\b(?:have|has|list|lists|share|shares|got|mention|mentions|include|includes)"
    r"\s+(?:that|it|this|the same|one like that|something similar|a similar one)"
    r"(?:\s+(?:one|value|goal))?\s+(?:too|as well|also)\b"
    r"|\b(?:same|that|it)\s+(?:for|at|in)\s+\w+(?:\s+\w+)?\s*\??$"
    r"|\b(?:have|has|got|list|lists)\s+(?:something|anything|one)\s+"
    r"(?:similar|like (?:that|it|this))\b"
    r"|\bis (?:that|it) (?:in|on) \w+(?:'s)? (?:list|values|statement) too\b"
)
# "that value", "this one", "it": the thing last shown or asked about.
_BACK = re.compile(
    r"\b(?:that|this|the same|said)\s+(?:value|one|principle)\b"
    r"|\b(?:it|its|that)\b(?!\s+(?:is|was)\s+(?:about|called)\b)"
)
# "the other one", "and the other department?", "the other two": what was shown
# or talked about beside the thing in the conversation.
_DEPARTMENT_NOUN = (
    r"departments?|depts?|pds?|police(?: departments?)?|city|agency|force"
)
_OTHER = re.compile(
    rf"\b(?:the|that|those)\s+other(?:\s+(?P<count>{_COUNT}|\d))?"
    rf"(?:\s+(?P<noun>{_NOUN}|{_DEPARTMENT_NOUN})\b|(?=\s*$|\s+(?:please|pls|then)\b))"
)
# The whole message asks to begin again: "start over", "reset", "can we restart?".
_RESTART = re.compile(
    r"^(?:(?:ok|okay|please|pls|lets|let s|can we|could we|i want to|i d like to)\s+)?"
    r"(?:start (?:over|again|afresh|from scratch)|reset(?: (?:the )?(?:chat|conversation))?"
    r"|restart(?: (?:the )?(?:chat|conversation))?|begin again|new (?:chat|conversation)"
    r"|clear (?:the )?(?:chat|conversation))(?:\s+(?:please|pls))?$"
)
# Asks for a person rather than the bot: "is there a human I could ask?",
# "can I speak with someone at Cambridge?", "a staff member?", "operator".
_PERSON = re.compile(
    r"\b(?:real|actual|live)\s+(?:human|humans|person|people|agent|operator)\b"
    r"|\b(?:a|an|any)\s+(?:human|humans|agent|operator|representative"
    r"|staff member)\b"
    r"|\b(?:talk|speak|chat)\s+(?:to|with)\s+(?:a|an|some|any|somebody|someone"
    r"|anyone|anybody|a real|an actual)\b"
    r"|\bhuman being\b"
    r"|^(?:human|agent|operator|representative|a person)(?: please)?$"
)
# More than this many words is a question of its own, not a pointer.
MAX_WORDS = 12


def positions(text: str) -> list[int] | None:
    """1-based positions (``LAST`` for the last) a message picks, or None.

    "the second one" -> [2]; "number 4" -> [4]; "the last one" -> [-1];
    "the first two" -> [1, 2]; "the last two" -> [-2, -1].
    """
    words = normalize(text.replace("#", " number ")).split()
    if not words or len(words) > MAX_WORDS:
        return None
    match = _PICK.search(" ".join(words))
    if match is None:
        return None
    if match.group("number"):
        return [int(match.group("number"))]
    ordinal = match.group("ordinal") or match.group("ordinal2")
    count = match.group("count") or match.group("count2")
    size = NUMBERS.get(count, int(count) if count and count.isdigit() else 1)
    if ordinal in ("last", "final"):
        return list(range(-size, 0))
    start = ORDINALS[ordinal]
    return list(range(start, start + size)) if size > 1 and start == 1 else [start]


def asks_also(text: str) -> bool:
    """True for "does West Sac have that too?", "same for cambridge?"."""
    words = normalize(text).split()
    return (
        bool(words) and len(words) <= MAX_WORDS and bool(_ALSO.search(" ".join(words)))
    )


def other(text: str) -> int | None:
    """How many things "the other ..." picks ("the other one" -> 1, "the other
    two" -> 2), or None when the message does not say "the other"."""
    words = normalize(text).split()
    if not words or len(words) > MAX_WORDS:
        return None
    match = _OTHER.search(" ".join(words))
    if match is None:
        return None
    count = match.group("count")
    if count is None:
        return 1
    return NUMBERS.get(count) or int(count)


def other_department(text: str) -> bool:
    """True when "the other ..." is a department ("the other department's goals")."""
    match = _OTHER.search(" ".join(normalize(text).split()))
    noun = match.group("noun") if match else None
    return bool(noun and re.fullmatch(_DEPARTMENT_NOUN, noun))


# "Are you a real person?" asks what the bot is (bot_challenge), not for a person.
_WHAT_ARE_YOU = re.compile(
    r"\b(?:are|r)\s+(?:you|u)\b|\b(?:is|am)\s+(?:this|it|i)\b|\bwho am i\b"
    r"|\b(?:bot|chatbot|program|machine|ai|robot)\b"
)


def asks_person(text: str) -> bool:
    """True when the message asks for a person rather than the bot."""
    plain = " ".join(normalize(text).split())
    words = plain.split()
    return (
        bool(words)
        and len(words) <= 2 * MAX_WORDS
        and not _WHAT_ARE_YOU.search(plain)
        and bool(_PERSON.search(plain))
    )


def asks_restart(text: str) -> bool:
    """True when the whole message asks to start the conversation over."""
    return bool(_RESTART.match(normalize(text)))


def pick(items: list[object], wanted: list[int]) -> list[object]:
    """The items at 1-based (or negative, from the end) positions that exist."""
    chosen = []
    for position in wanted:
        index = position - 1 if position > 0 else len(items) + position
        if 0 <= index < len(items) and items[index] not in chosen:
            chosen.append(items[index])
    return chosen


def refers_back(text: str) -> bool:
    """True for "what's that value called?", "what does it mean?"."""
    return bool(_BACK.search(normalize(text)))


class Length(str, Enum):
    """What a request about the last answer wants of it."""

    SHORTER = "shorter"  # its first sentence, or its first entry
    WHOLE = "whole"  # all of it, word for word


_UNIT = r"(?:line|sentence|bit|part|paragraph|sentance)"
# "summarise that", "tl;dr?", "can you shorten that", "just the first sentence",
# "first line only", "the short version", "in a nutshell".
_SHORTER = re.compile(
    r"\bsumm?ar(?:y|i[sz]e|i[sz]ed|i[sz]ing)\b|\bsum (?:it|that|this) up\b"
    r"|\btl ?dr\b|\btoo long\b|\bshorten\b|\bshorter\b|\bcondense\b"
    r"|\b(?:short|quick|brief)(?:er)? (?:version|answer)\b|\bbriefly\b"
    r"|\bin (?:a nutshell|short|brief)\b|\b(?:the )?gist\b"
    rf"|\b(?:first|1st|opening) {_UNIT}\b"
)
# "exact wording please", "word for word", "read me all of it", "the whole
# thing", "all of them pls", "repeat that exactly as written", "verbatim".
_WHOLE = re.compile(
    r"\b(?:exact|precise|full|complete|original|actual|entire|whole)"
    r" (?:wording|words|text|quote|version|thing|statement|passage)\b"
    r"|\bword for word\b|\bverbatim\b|\bunabridged\b|\bin full\b"
    r"|\bexactly (?:as|how) (?:it s |it is )?(?:written|worded|stated|it reads)\b"
    r"|\bas (?:it is |it s )?written\b"
    r"|\b(?:repeat|say|read|quote|give) (?:me )?(?:that|it|this) (?:again )?exactly\b"
    r"|\ball of (?:it|that|this|them)\b|\bthe (?:whole|entire) (?:of it|lot|thing)\b"
    r"|\bthe rest of (?:it|that|this)\b|\b(?:everything|every word) it says\b"
)

# A question about something ("what does the whole statement say about
# training?") is a question of its own, whatever length it asks for.
_ASKS_ABOUT = re.compile(r"\b(?:about|regarding|mention|mentions|mentioned)\b")


def about_last_answer(text: str) -> Length | None:
    """What a short message asks of the last answer ("summarise that" ->
    ``SHORTER``, "word for word" -> ``WHOLE``), or None when it asks nothing
    of it. Asking for all of it wins over a shorter word in the same message
    ("the whole thing, not the summary")."""
    words = normalize(text).split()
    if not words or len(words) > MAX_WORDS:
        return None
    plain = " ".join(words)
    if _ASKS_ABOUT.search(plain):
        return None
    if _WHOLE.search(plain):
        return Length.WHOLE
    if _SHORTER.search(plain):
        return Length.SHORTER
    return None
