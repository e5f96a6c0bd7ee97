"""The parts of a statement a message names: the standard topics by their
built-in words, a department's own sections by their titles and aliases, and
the kinds of contact detail asked for.
"""

from __future__ import annotations

import re

from statement_bot.names import Topic
from statement_bot.store import ContactEntry, Department, Section
from statement_bot.text import normalize

# Built-in words for the standard topics; a department's own sections add their
# titles and aliases.
# Words for a department's social media accounts (a topic word and a kind).
SOCIAL_WORDS = (
    "social media",
    "yt",
    "fb",
    "ig",
    "insta",
    "twitter",
    "facebook",
    "instagram",
    "youtube",
)

TOPIC_WORDS: dict[str, tuple[str, ...]] = {
    Topic.MISSION: ("mission", "missions", "mission statement", "purpose"),
    Topic.VISION: ("vision", "visions", "vision statement"),
    Topic.VALUES: ("values", "value", "core values", "principles", "ethics"),
    Topic.GOALS: ("goals", "goal", "objectives", "objective", "aims", "priorities"),
    Topic.CONTACT: (
        "contact",
        "contacts",
        "phone",
        "telephone",
        "number",
        "call",
        "address",
        "located",
        "location",
        "website",
        "web site",
        "site",
        *SOCIAL_WORDS,
        "email",
    ),
}

CONTACT_KIND_WORDS: dict[str, tuple[str, ...]] = {
    "phone": ("phone", "telephone", "number", "call", "non emergency", "nonemergency"),
    "address": ("address", "located", "location", "where", "street", "visit them"),
    "website": ("website", "web site", "site", "url", "online", "web"),
    "social_media": ("social", *SOCIAL_WORDS, "x com"),
    "email": ("email", "e mail", "mail"),
    "learn_more": ("learn more", "more information", "more info"),
}


def section_words(department: Department) -> dict[str, list[str]]:
    """Words that name each topic this department has (built-in and its own)."""
    words: dict[str, list[str]] = {}
    for key, section in department.sections.items():
        words[key] = [key.replace("_", " "), section.title, *section.aliases]
        words[key].extend(TOPIC_WORDS.get(key, ()))
    if department.values:
        words[Topic.VALUES] = [department.values_title, *TOPIC_WORDS[Topic.VALUES]]
    if department.contact:
        words[Topic.CONTACT] = [department.contact_title, *TOPIC_WORDS[Topic.CONTACT]]
    return words


def find_topic(text: str, department: Department | None = None) -> str | None:
    """The topic named in ``text`` (mission, vision, values, goals, contact, own)."""
    candidates: dict[str, list[str]] = {k: list(v) for k, v in TOPIC_WORDS.items()}
    if department:
        for key, words in section_words(department).items():
            candidates.setdefault(key, []).extend(words)
    best: tuple[int, str] | None = None
    normalized = f" {normalize(text)} "
    for key, words in candidates.items():
        for word in words:
            phrase = normalize(word)
            longer = best is None or len(phrase) > best[0]
            if phrase and longer and f" {phrase} " in normalized:
                best = (len(phrase), key)
    return best[1] if best else None


def find_section(
    department: Department, text: str, hint: str | None = None
) -> Section | None:
    """The department's own section named by ``hint`` or ``text``, or None."""
    for query in (hint, text):
        if isinstance(query, str) and query.strip():
            topic = find_topic(query, department)
            if topic in department.sections:
                return department.sections[topic]
    return None


def contact_kinds(text: str) -> list[str]:
    """Which kinds of contact detail ``text`` asks for (empty: all of them)."""
    normalized = f" {normalize(text)} "
    return [
        kind
        for kind, words in CONTACT_KIND_WORDS.items()
        if any(f" {normalize(word)} " in normalized for word in words)
    ]


def select_contact(department: Department, text: str) -> list[ContactEntry]:
    """The department's contact entries ``text`` asks for; all when it names no kind.

    "what is their phone number" -> the phone entries; "contact details" -> all.
    """
    kinds = contact_kinds(text)
    return [e for e in department.contact if e.kind in kinds] or list(
        department.contact
    )


# Words that ask for a department's whole statement in short ("overview of cpd").
OVERVIEW_WORDS = ("overview", "summary", "rundown", "run down", "tell me about")


def own_section_named(department: Department, text: str) -> str | None:
    """The key of a section of the department's own (not a standard topic:
    "Learn More", "Pledge", "Code of Ethics") that ``text`` names by its title
    or an alias, or None."""
    key = find_topic(text, department)
    if key in department.sections and key not in TOPIC_WORDS:
        return key
    return None


def asks_overview(text: str, department: Department | None = None) -> bool:
    """True when ``text`` asks for an overview and names no part of the
    department's statement ("overview of cpd", not "summary of the vision")."""
    normalized = f" {normalize(text)} "
    if not any(f" {normalize(word)} " in normalized for word in OVERVIEW_WORDS):
        return False
    return find_topic(text, department) is None


# "Ok, back to my question about their values", "returning to the vision":
# the conversation picks up a part again (after a safety answer, say).
_BACK_TO = re.compile(r"\b(?:back|return|returning|get back|go back)\s+to\b", re.I)


def resumed_topic(text: str, department: Department | None = None) -> str | None:
    """The part a message goes back to ("back to their values"), or None."""
    found = _BACK_TO.search(text)
    return find_topic(text[found.end() :], department) if found else None
