"""Statement search: find the passage of the store that answers a question.

Every department's text is cut into passages (a paragraph, a list item, a core
value with its description, a contact entry) and indexed with BM25 (``bm25s``)
over Snowball stems, when the action server starts: a department added as a
file is searchable after a restart, with no training.

A query keeps its content words (question words, names of departments and of
sections are left out) and each word brings the store words it may mean
(``synonyms`` of the store: "hidden" -> "unconscious"). Passages are ranked by
the share of the query they cover (each word weighted by how rare it is in the
store), then by BM25; the best is trusted only when that share reaches
``MIN_COVERAGE``, chosen on held-out questions (``tests/heldout/search_queries.yml``,
``python -m bench.search``): a weak match is never quoted. The share, unlike a
raw BM25 score, does not depend on how many passages the store has, so the same
bar holds for a one-department deployment.
"""

from __future__ import annotations

import functools
import logging
import math
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import bm25s
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from statement_bot.names import Topic
from statement_bot.store import Department, Store
from statement_bot.text import normalize, stem
from statement_bot.understand.topics import TOPIC_WORDS, section_words
from statement_bot.understand.words import STOPWORDS

# bm25s sets its own logger to DEBUG when imported (bm25s/__init__.py), so its
# "Building index from tokens" showed at every LOG_LEVEL: the logger follows the
# application's level again (shown at DEBUG), its warnings and errors still show.
logging.getLogger("bm25s").setLevel(logging.NOTSET)

# Chosen, with UNSEEN_WEIGHT, on the development half of
# tests/heldout/search_queries.yml (python -m bench.search).
MIN_COVERAGE = 0.6
# In a long question (LONG_QUERY content words or more) a word the store never
# uses counts this share of a typical (median) store word's weight, so that its
# background ("a couple of years ago ...") does not drown its subject; in a
# short one it counts as the rarest word would ("K9 unit": "K9" decides).
UNSEEN_WEIGHT = 0.5
LONG_QUERY = 3
# A query word the store does not know is read as the store's word it misspells
# ("intergrity"), when it is at least this alike (``rapidfuzz.fuzz.ratio``).
SPELLING_SIMILARITY = 85.0

# Words of a question that say nothing about what is searched for.
QUESTION_WORDS = frozenset(
    """mention mentions mentioned mentioning speak speaks
    say says said anything something thing things stuff info information
    anywhere there theres statement statements part section sections word words
    stance think thinks view views position cover covers covered include
    includes included address addresses discuss discusses refer refers
    regard regards wrote write written published official pd dept department
    departments police agency org organisation organization officers cops
    which who whose what where does do did is are was any every all them they
    their its his her about on of in for the a an to with by from whether if
    please pls plz tell me us know want need question questions ask asking
    re regarding concerning related relating towards toward
    curious wondering wonder wondered reading heard hear hearing told tells saw
    seen friend friends neighbor neighbour neighbors neighbours sister brother
    mom dad mother father wife husband roommate coworker debating debate arguing
    interview interviewing monday tuesday wednesday thursday friday weekend
    ago years year couple lately recently really
    just maybe guess wanted thinking thought version versions take
    expect expects expected expecting actually try tries tried trying""".split()
)
_ALL_DEPARTMENTS = (
    "which department",
    "which departments",
    "what department",
    "what departments",
    "any department",
    "any of the departments",
    "any of them",
    "which of them",
    "all departments",
    "all the departments",
    "every department",
    "each department",
    "who talks",
    "who mentions",
    "who gives",
    "who has",
    "who have",
    "who lists",
    "who provides",
    "which pd",
    "which pds",
)

# A question asking for a number, which only a passage with digits can answer.
_NUMBER_QUESTIONS = ("how many", "how much", "what number of", "percentage of")


@dataclass(frozen=True)
class Passage:
    """One quotable piece of a department's statement."""

    department: Department
    topic: str  # a section key, Topic.VALUES or Topic.CONTACT
    text: str  # verbatim store text, as quoted
    value: str | None = None  # the value's name, for a core value


@dataclass(frozen=True)
class Hit:
    """A passage with how well it matches the query."""

    passage: Passage
    score: float  # BM25
    coverage: float  # share of the query's weight the passage contains (0-1)


def passages(department: Department) -> list[Passage]:
    """Every quotable passage of a department, in statement order."""
    found: list[Passage] = []
    for key, section in department.sections.items():
        found += [Passage(department, key, text) for text in section.paragraphs]
        found += [Passage(department, key, text) for text in section.items]
    for value in department.values:
        found.append(
            Passage(
                department,
                Topic.VALUES,
                f"{value.name}: {value.description}",
                value.name,
            )
        )
    for entry in department.contact:
        found.append(
            Passage(
                department, Topic.CONTACT, f"{entry.label}: {', '.join(entry.lines)}"
            )
        )
    return found


def stems(text: str) -> list[str]:
    """Snowball stems of the words of ``text`` (normalised; digits kept)."""
    return [stem(word) for word in normalize(text).split()]


def asks_for_a_number(text: str) -> bool:
    """True for "how many officers ...", "how much ...", "what number of ..."."""
    padded = f" {normalize(text)} "
    return any(f" {phrase} " in padded for phrase in _NUMBER_QUESTIONS)


def wants_all_departments(text: str) -> bool:
    """True for "which department talks about ...", "any of them", ..."""
    padded = f" {normalize(text)} "
    return any(f" {phrase} " in padded for phrase in _ALL_DEPARTMENTS)


class StatementIndex:
    """BM25 over every passage of the store, built once."""

    def __init__(self, store: Store, min_coverage: float = MIN_COVERAGE) -> None:
        self.store = store
        self.min_coverage = min_coverage
        self.passages = [p for d in store for p in passages(d)]
        # A value's aliases are its own words for it ("morale" for "Esprit De
        # Corp"): searched with its passage, never quoted.
        self.tokens = [stems(" ".join([p.text, *_aliases(p)])) for p in self.passages]
        self.bm25 = bm25s.BM25()
        self.bm25.index(self.tokens, show_progress=False)
        counts: dict[str, int] = {}
        for tokens in self.tokens:
            for token in set(tokens):
                counts[token] = counts.get(token, 0) + 1
        total = len(self.tokens)
        self.idf = {
            t: math.log(1 + (total - n + 0.5) / (n + 0.5)) for t, n in counts.items()
        }
        self.unseen_idf = math.log(1 + (total + 0.5) / 0.5)
        self.background_idf = UNSEEN_WEIGHT * statistics.median(self.idf.values())
        self.synonyms = _stem_synonyms(store.synonyms)
        # The stem the user typed, for each one-word query group.
        self.said: dict[frozenset[str], str] = {}
        # Synonyms of several words, longest first.
        self.phrases = sorted(
            (key for key in self.synonyms if " " in key), key=len, reverse=True
        )
        self.ignored = _ignored_words(store)
        self.ignored_stems = frozenset(stem(word) for word in self.ignored)
        self.by_letters: dict[str, list[str]] = {}
        for word in sorted(self.ignored):
            self.by_letters.setdefault("".join(sorted(word)), []).append(word)
        self.vocabulary = sorted(
            {w for p in self.passages for w in normalize(p.text).split()}
            | {w for phrase in store.synonyms for w in normalize(phrase).split()}
            | self.ignored
        )

    def spelled(self, word: str) -> str:
        """``word``, or the store's word it misspells (five letters or more), or
        the question word it swaps two letters of ("dose" for "does")."""
        if len(word) < 4 or word in self.ignored or word.isdigit():
            return word
        if stem(word) in self.idf or stem(word) in self.synonyms:
            return word
        swapped = self.by_letters.get("".join(sorted(word)), ())
        for other in swapped:
            if OSA.distance(word, other, score_cutoff=1) <= 1:
                return other
        if len(word) < 5:
            return word
        match = process.extractOne(
            word, self.vocabulary, scorer=fuzz.ratio, score_cutoff=SPELLING_SIMILARITY
        )
        return match[0] if match else word

    @functools.lru_cache(maxsize=1024)  # noqa: B019 - one index per process
    def query(self, text: str) -> tuple[frozenset[str], ...]:
        """The query's content words, each as the set of stems it may match; a
        synonym of several words ("young people") is one of them."""
        words = [self.spelled(w) for w in normalize(text).split()]
        stemmed = " ".join(stem(w) for w in words)
        groups: list[frozenset[str]] = []
        for phrase in self.phrases:
            if f" {phrase} " in f" {stemmed} ":
                meant = self.synonyms[phrase]
                if not meant <= self.ignored_stems:
                    # ("police force" means "police": nothing searched for)
                    own = [w for w in phrase.split() if w not in self.ignored_stems]
                    groups.append(frozenset({*own, *meant}))
                stemmed = f" {stemmed} ".replace(f" {phrase} ", " ; ").strip()
        for word in stemmed.split():
            if word == ";" or word in self.ignored_stems or _too_short(word):
                continue
            group = frozenset({word, *self.synonyms.get(word, ())})
            if group not in groups:
                groups.append(group)
                self.said[group] = word
        return tuple(groups)

    def search(
        self,
        text: str,
        departments: Iterable[Department] | None = None,
        topics: Iterable[str] | None = None,
        limit: int = 3,
    ) -> list[Hit]:
        """The best passages for ``text``, best first, among ``departments`` and
        ``topics`` (all when None); empty when the query has no content words."""
        groups = self.query(text)
        if not groups:
            return []
        wanted_departments = {d.id for d in departments} if departments else None
        wanted_topics = set(topics) if topics else None
        scores = self.bm25.get_scores(sorted(set().union(*groups)))
        unseen = self.background_idf if len(groups) >= LONG_QUERY else self.unseen_idf
        weights = [self.weigh(group, unseen) for group in groups]
        total = sum(weights)
        hits: list[Hit] = []
        for index, passage in enumerate(self.passages):
            if wanted_departments and passage.department.id not in wanted_departments:
                continue
            if wanted_topics and passage.topic not in wanted_topics:
                continue
            present = set(self.tokens[index])
            covered = sum(
                w for g, w in zip(groups, weights, strict=True) if g & present
            )
            hits.append(Hit(passage, float(scores[index]), covered / total))
        hits.sort(key=lambda h: (h.coverage, h.score), reverse=True)
        return [h for h in hits if h.score > 0][:limit]

    def weigh(self, group: frozenset[str], unseen: float) -> float:
        """How much a query word counts: as rare as it is in the store ("good"
        is common even if its synonym "positive" is rare); a word the store
        does not use, as its rarest synonym the store uses, or ``unseen``."""
        said = self.said.get(group)
        if said in self.idf:
            return self.idf[said]
        known = [self.idf[s] for s in group if s in self.idf]
        return max(known) if known else unseen

    def best(
        self,
        text: str,
        departments: Iterable[Department] | None = None,
        topics: Iterable[str] | None = None,
    ) -> Hit | None:
        """The best passage if it is good enough to quote, else None."""
        hits = self.search(text, departments, topics, limit=1)
        if not hits or not self.trusted(hits[0]):
            return None
        if asks_for_a_number(text) and not any(
            c.isdigit() for c in hits[0].passage.text
        ):
            return None  # "how many officers ...": a passage with no number
        return hits[0]

    def trusted(self, hit: Hit) -> bool:
        """Good enough to quote."""
        return hit.score > 0 and hit.coverage >= self.min_coverage


def _aliases(passage: Passage) -> tuple[str, ...]:
    """The store's other names for the value a passage holds, if one."""
    if passage.value is None:
        return ()
    for value in passage.department.values:
        if value.name == passage.value:
            return value.aliases
    return ()


def _too_short(word: str) -> bool:
    """One or two letters ("m" of "I'm", "ve" of "I've"): no content."""
    return len(word) <= 2 and not any(ch.isdigit() for ch in word)


def _stem_synonyms(synonyms: Mapping[str, tuple[str, ...]]) -> dict[str, set[str]]:
    """Synonyms keyed by the stems of the word (or words) people use, each to
    the stems of the store words it means."""
    table: dict[str, set[str]] = {}
    for word, meanings in synonyms.items():
        key = " ".join(stems(word))
        for meaning in meanings:
            table.setdefault(key, set()).update(_content_stems(meaning))
    return table


def _content_stems(phrase: str) -> list[str]:
    """The stems of a phrase's content words ("sense of safety": no "of", which
    every passage has); all of them when it has none."""
    words = normalize(phrase).split()
    content = [w for w in words if w not in STOPWORDS and w not in ENGLISH_STOP_WORDS]
    return [stem(word) for word in content or words]


def _ignored_words(store: Store) -> frozenset[str]:
    """Words that are not what is searched for: question words, stopwords
    (ours and scikit-learn's English list), the departments' names, section
    names."""
    words = set(QUESTION_WORDS) | set(STOPWORDS) | set(ENGLISH_STOP_WORDS)
    for department in store:
        for name in (*department.names, department.id.replace("_", " ")):
            words.update(normalize(name).split())
        for topic_words in section_words(department).values():
            for phrase in topic_words:
                words.update(normalize(phrase).split())
    for topic_words in TOPIC_WORDS.values():
        for phrase in topic_words:
            words.update(normalize(phrase).split())
    return frozenset(words)
