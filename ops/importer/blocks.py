"""A page read as blocks: headings, text paragraphs and list items, in order."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ops.importer.rules import has_phrase, load_rules
from ops.importer.sentences import ends_sentence
from statement_bot.text import normalize

HEADING = "heading"
TEXT = "text"
ITEM = "item"
# An ISO time stamp a content system printed beside a title.
_TIME_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_MENU_WORDS = 8  # dropped text longer than this is listed in the review


@dataclass
class Block:
    """One heading, paragraph or list item of a page (``level``: list depth)."""

    kind: str
    text: str
    level: int = 0
    strong: bool = False


def _capitalised(word: str) -> bool:
    bare = word.strip("\"'“”‘’()[]&-–—,.")
    if not bare or not bare[0].isalpha():
        return True
    return bare[0].isupper() or normalize(bare) in load_rules().small_words


def looks_like_heading(text: str) -> bool:
    """Short, no sentence punctuation, and in title case or capitals."""
    bare = text.strip().rstrip(":").strip()
    if not bare or ends_sentence(bare) or bare.endswith((",", ";")):
        return False
    words = bare.split()
    letters = [ch for ch in bare if ch.isalpha()]
    if not letters:
        return False
    if all(ch.isupper() for ch in letters):
        return len(words) <= 16
    return len(words) <= 10 and all(_capitalised(word) for word in words)


def is_furniture(text: str) -> bool:
    """Navigation, banners, time stamps and social links, by their words."""
    rules = load_rules()
    return bool(_TIME_STAMP.search(text)) or has_phrase(text, rules.furniture_phrases)


def is_social(text: str) -> bool:
    """Whether the text names a social network (a link to it)."""
    return has_phrase(text, load_rules().social)


def worth_listing(text: str) -> bool:
    """Dropped text longer than a menu item: the review lists it."""
    return len(text.split()) > _MENU_WORDS
