"""Words the bot knows, to tell a message of unknown words ("zib zab zoobity",
keyboard mashing) from a question: the model gives such a message some intent,
often a confident one, and the bot then answered it as that question.

The words are those of the training examples (kept with the model) and of the
statement store (read when Rasa starts, so a new department's words count
without training). A word is known when it is one of them or a likely typo of
one (``rapidfuzz``); words of one or two letters and numbers say nothing either
way. Pure functions: no Rasa here (``rasa_plugins.components.UnknownWords``).
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process

from statement_bot.store import Store
from statement_bot.text import normalize

# A word this alike (``rapidfuzz.fuzz.ratio``, 0-100) to a known word is a typo
# of it ("missoin", "vison", "intergity").
TYPO_SIMILARITY = 75.0
MIN_LETTERS = 3


def words(text: str) -> list[str]:
    """The words of ``text`` that can tell: letters only, three or more."""
    return [w for w in normalize(text).split() if len(w) >= MIN_LETTERS and w.isalpha()]


def store_words(store: Store) -> set[str]:
    """Every word of every department's names and statement text."""
    found: set[str] = set()
    for department in store:
        texts = [department.id.replace("_", " "), *department.names]
        texts += [department.values_title, department.contact_title]
        for section in department.sections.values():
            texts += [section.title, *section.aliases, *section.paragraphs]
            texts += list(section.items)
        for value in department.values:
            texts += [value.name, *value.aliases, value.description]
        for entry in department.contact:
            texts += [entry.label, *entry.lines]
        for text in texts:
            found.update(words(text))
    for word, meanings in store.synonyms.items():
        found.update(words(" ".join([word, *meanings])))
    return found


class Vocabulary:
    """Known words, and whether a message has any."""

    def __init__(self, known: Iterable[str]) -> None:
        self.known = frozenset(known)
        self._sorted = sorted(self.known)

    def knows(self, word: str) -> bool:
        """A known word, or a likely typo of one."""
        if word in self.known:
            return True
        return (
            process.extractOne(
                word, self._sorted, scorer=fuzz.ratio, score_cutoff=TYPO_SIMILARITY
            )
            is not None
        )

    def nothing_known(self, text: str) -> bool:
        """True when the message has words that can tell and none is known."""
        said = words(text)
        return bool(said) and not any(self.knows(w) for w in said)
