"""Sentences of a statement text, and the checks that compare them."""

from __future__ import annotations

import re

from ops.importer.rules import load_rules
from statement_bot.text import normalize

# A sentence ends at . ! or ? (and a closing quote or bracket), before a capital.
_END = re.compile(r"([.!?][\"”’)]?)\s+(?=[\"“‘(]?[A-Z0-9])")
_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)$")
TERMINAL = (".", "!", "?", ".\u201d", '."', ".)", "?\u201d", "!\u201d")


def _is_abbreviation(before: str) -> bool:
    match = _LAST_WORD.search(before)
    if not match:
        return False
    word = match.group(1)
    if len(word) == 1 and word.isupper():
        return True  # an initial: "J. Smith"
    return normalize(word) in load_rules().abbreviations


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` in order, each stripped; abbreviations kept."""
    text = " ".join(text.split())
    out: list[str] = []
    start = 0
    for match in _END.finditer(text):
        if _is_abbreviation(text[start : match.start()]):
            continue
        out.append(text[start : match.end(1)].strip())
        start = match.end()
    if text[start:].strip():
        out.append(text[start:].strip())
    return out


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends with sentence-final punctuation."""
    return text.rstrip().endswith(TERMINAL)


def missing_from(sentences: list[str], source_text: str) -> list[str]:
    """The sentences not in ``source_text``, compared through ``normalize``."""
    haystack = f" {normalize(source_text)} "
    return [s for s in sentences if f" {normalize(s)} " not in haystack]
