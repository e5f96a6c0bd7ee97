"""Words of a message: stopwords, content stems and near-matches (typos).

Shared by the finders of departments, values and topics.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz

from statement_bot.text import normalize, stem

STOPWORDS = frozenset(
    """a an the and or of to in on at by for with about from as is are was were be
    been being do does did doing what which who whom whose how why when where this
    that these those it its it's their them they there here you your yours me my
    mine i we us our ours he she his her him tell say says said saying said mean
    means meaning define definition describe explain stand stands stood value
    values core principle principles department departments police pd dept please
    can could would should will shall may might must any some all one each every
    more most much many like just also really very so than then too not no yes
    show give know want need see word words list name named called regarding
    concerning around over into have has had get gets got page statement""".split()
)


def content_stems(text: str, ignore: Iterable[str] = ()) -> set[str]:
    """Stems of the meaningful words of ``text``, minus stopwords and ``ignore``."""
    ignored = {
        normalize(word) for phrase in ignore for word in normalize(phrase).split()
    }
    return {
        stem(word)
        for word in normalize(text).split()
        if word not in STOPWORDS and word not in ignored and len(word) > 2
    }


def fuzzy_find(text_words: list[str], phrase: str, threshold: float) -> int | None:
    """Position of a near-match of ``phrase`` among ``text_words`` (typos), or None.

    A near-match starts with the same letter and is at least ``threshold`` percent
    alike (``fuzz.ratio``).
    """
    words = phrase.split()
    size = len(words)
    if not words or len(phrase.replace(" ", "")) < 5:
        return None  # short names and acronyms must match exactly
    for start in range(0, len(text_words) - size + 1):
        if text_words[start][:1] != phrase[0]:
            continue
        window = " ".join(text_words[start : start + size])
        if fuzz.ratio(window, phrase, score_cutoff=threshold):
            return start
    return None
