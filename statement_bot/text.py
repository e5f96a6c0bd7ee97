"""Text primitives shared by matching and safety: normalizing, splitting,
stemming, and the cap on the text the NLU model reads.

``normalize`` is the one place that decides how a message is read before it is
compared with anything: the store's names (``matching``) and the emergency
phrases (``safety``, which adds chat-spelling rules on top).
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata

import Stemmer

# The longest text (in characters) that reaches the NLU model; the rest of a
# longer message is ignored, so a 100 KB message costs no more than a normal one.
MAX_NLU_CHARS = 800

_POSSESSIVE = re.compile(r"['\u2019]s\b")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_AND = re.compile(r"\s+(?:and|&)\s+")


def normalize(text: str) -> str:
    """Plain lower-case words separated by single spaces.

    Rules, in order: accents are stripped ("Alhámbra" -> "alhambra"), letters are
    lower-cased (``str.casefold``), '&' reads as 'and', a possessive "'s" is
    dropped ("Alhambra's" -> "alhambra"), and every run of other characters
    (punctuation, symbols, other scripts) becomes one space.
    """
    text = unicodedata.normalize("NFKD", text).casefold()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _POSSESSIVE.sub("", text.replace("&", " and "))
    return " ".join(_NON_WORD.sub(" ", text).split())


def and_parts(text: str) -> list[str]:
    """The parts of a name joined by " and " or " & ", or [] when it has none.

    "Selflessness & Courage" -> ["Selflessness", "Courage"]; "Integrity" -> [].
    """
    parts = _AND.split(text)
    return parts if len(parts) > 1 else []


# Snowball's English stemmer keeps state while it runs, so one thread at a time.
_STEMMER = Stemmer.Stemmer("english", 0)  # no internal cache: see ``stem``
_STEMMER_LOCK = threading.Lock()


@functools.lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """The Snowball (Porter 2) stem of a lower-case word: "biases" -> "bias"."""
    with _STEMMER_LOCK:
        return _STEMMER.stemWord(word)


def cap_text(text: str, limit: int = MAX_NLU_CHARS) -> str:
    """The first ``limit`` characters of ``text``, cut at a space where possible."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    space = head.rfind(" ", limit - 100)
    return head[:space] if space > 0 else head
