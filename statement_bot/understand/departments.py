"""The departments a message names, matched at run time against the store's
own names (so a department added as a file is understood without training).

Misspelt names are matched with rapidfuzz (``NAME_SIMILARITY``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from statement_bot.store import Department, Store
from statement_bot.text import normalize
from statement_bot.understand.store_index import per_store, word_runs
from statement_bot.understand.topics import TOPIC_WORDS
from statement_bot.understand.vocabulary import store_words
from statement_bot.understand.words import STOPWORDS

_SMALL_WORDS = frozenset({"the", "of", "and", "police", "department", "pd", "dept"})

# The fewest letters of a name's word a message may write as its start ("camb" for
# "Cambridge", "alham" for "Alhambra").
MIN_PREFIX = 4

# How alike (percent, ``rapidfuzz.fuzz.ratio``: twice the characters the two
# strings share in order, over their total length) a misspelling must be.
NAME_SIMILARITY = 85.0  # department names: "cambrige" for "cambridge"


def _name_forms(department: Department) -> tuple[str, ...]:
    return _name_forms_of(department.id, department.names)


@functools.lru_cache(maxsize=65_536)
def _name_forms_of(department_id: str, names: tuple[str, ...]) -> tuple[str, ...]:
    """Normalized names of a department, longest first (cached: stores are static)."""
    forms = {normalize(name) for name in names}
    forms.add(normalize(department_id.replace("_", " ")))
    # "Alhambra Police Department" is also "Alhambra".
    core = " ".join(w for w in normalize(names[0]).split() if w not in _SMALL_WORDS)
    if core:
        forms.add(core)
    return tuple(sorted((form for form in forms if form), key=len, reverse=True))


def _distinctive_words(
    named: dict[str, tuple[str, ...]],
) -> dict[str, str]:
    """Each word of the departments' names (small words left out) that only one
    department's names have, with that department's id."""
    owners: dict[str, set[str]] = {}
    for department_id, forms in named.items():
        for form in forms:
            for word in form.split():
                if word not in _SMALL_WORDS and word.isalpha():
                    owners.setdefault(word, set()).add(department_id)
    return {word: next(iter(ids)) for word, ids in owners.items() if len(ids) == 1}


def _prefix_owner(word: str, distinctive: dict[str, str]) -> str | None:
    """The id of the one department one of whose distinctive name words starts
    with ``word`` (at least ``MIN_PREFIX`` letters, not a whole word), or None
    when none does or several do ("camb" -> cambridge)."""
    if len(word) < MIN_PREFIX or not word.isalpha() or word in STOPWORDS:
        return None
    owners = {
        owner
        for name_word, owner in distinctive.items()
        if name_word != word and name_word.startswith(word)
    }
    return owners.pop() if len(owners) == 1 else None


@dataclass(frozen=True)
class _Prefixes:
    """What the starts of names are read against, for one store."""

    store: Store
    plain: frozenset[str]  # ordinary words: "west" is a word, not a name's start
    distinctive: dict[str, str]  # a name's word -> the one department it names


_TOPIC_WORD_SET = frozenset(
    w for words in TOPIC_WORDS.values() for p in words for w in p.split()
)
_PREFIXES: list[_Prefixes] = []  # the last store's (stores are static)


def _prefixes(store: Store) -> _Prefixes:
    """The store's distinctive name words, and its ordinary words: those of its
    statements other than names, and the topic words."""
    if _PREFIXES and _PREFIXES[0].store is store:
        return _PREFIXES[0]
    forms = {d.id: _name_forms(d) for d in store}
    names = {w for found in forms.values() for form in found for w in form.split()}
    plain = frozenset((store_words(store) - names) | _TOPIC_WORD_SET)
    distinctive = {
        word: owner
        for word, owner in _distinctive_words(forms).items()
        if word not in plain
    }
    _PREFIXES[:] = [_Prefixes(store, plain, distinctive)]
    return _PREFIXES[0]


def _prefixed(store: Store, words: list[str]) -> list[tuple[int, Department]]:
    """Departments a message names by the start of a name's word ("camb pd",
    "alham"), with the position of that word; one department per word."""
    prefixes = _prefixes(store)
    found: list[tuple[int, Department]] = []
    for position, word in enumerate(words):
        if word in prefixes.plain:
            continue
        owner = _prefix_owner(word, prefixes.distinctive)
        department = store.get(owner)
        if department is not None:
            found.append((position, department))
    return found


@dataclass(frozen=True)
class _NameTable:
    """Every department's name forms: exact lookup, and near-miss candidates
    grouped by word count and first letter (``fuzzy_find``'s own conditions)."""

    exact: dict[str, list[int]]  # form -> departments (store order)
    fuzzy: dict[tuple[int, str], dict[str, list[int]]]  # (words, letter) -> forms
    longest: int
    departments: tuple[Department, ...]


def _name_table(store: Store) -> _NameTable:
    exact: dict[str, list[int]] = {}
    fuzzy: dict[tuple[int, str], dict[str, list[int]]] = {}
    departments = tuple(store)
    for number, department in enumerate(departments):
        for form in _name_forms(department):
            exact.setdefault(form, []).append(number)
            if len(form.replace(" ", "")) >= 5:  # fuzzy_find's shortest
                group = fuzzy.setdefault((len(form.split()), form[0]), {})
                group.setdefault(form, []).append(number)
    longest = max((len(form.split()) for form in exact), default=0)
    return _NameTable(exact, fuzzy, longest, departments)


def _where_written(table: _NameTable, words: list[str]) -> dict[str, tuple[int, bool]]:
    """Each name form ``words`` write: (position, exact), where it is first
    written exactly, else where it is first written with a typo."""
    runs = word_runs(words, table.longest)
    where: dict[str, tuple[int, bool]] = {}
    for start, _, run in runs:
        if run in table.exact and run not in where:
            where[run] = (start, True)
    for start, size, run in runs:
        group = table.fuzzy.get((size, run[0]))
        if not group:
            continue
        for form, _score, _ in process.extract(
            run,
            list(group),
            scorer=fuzz.ratio,
            score_cutoff=NAME_SIMILARITY,
            limit=None,
        ):
            if form not in where:
                where[form] = (start, False)
    return where


def find_departments(store: Store, text: str) -> list[Department]:
    """Departments named in ``text``, in the order they are mentioned.

    A name written exactly wins over near-misses at the same place: with
    "Newtown" in the store, "Newtown" is not also read as a typo of "Newton".
    The start of a name's word ("camb", "alham") names the one department whose
    names have such a word, when nothing else at that place does.
    Each name form is found where it is first written exactly, else where it
    is first written with a typo (``fuzzy_find``); the runs of the message's
    words are looked up in the store's table (``store_index``).
    """
    normalized = normalize(text)
    if not normalized:
        return []
    words = normalized.split()
    table = per_store(store, "names", _name_table)
    where = _where_written(table, words)
    best: dict[int, tuple[int, bool]] = {}
    for form, candidate in where.items():
        for number in table.exact[form]:
            known = best.get(number)
            if known is None or (candidate[0], not candidate[1]) < (
                known[0],
                not known[1],
            ):
                best[number] = candidate
    found = [
        (position, exact, table.departments[number])
        for number, (position, exact) in sorted(best.items())
    ]
    named = {department.id for _, _, department in found}
    taken = {position for position, _, _ in found}
    for position, department in _prefixed(store, words):
        if department.id not in named and position not in taken:
            found.append((position, False, department))
            named.add(department.id)
    exact_at = {position for position, exact, _ in found if exact}
    found = [entry for entry in found if entry[1] or entry[0] not in exact_at]
    found.sort(key=lambda entry: entry[0])
    return [department for _, _, department in found]


# Words a message may add around a department's name and still be only the name:
# "Lakeview police", "the Lakeview PD", "what about Lakeview?".
_AROUND_A_NAME = _SMALL_WORDS | {"what", "how", "about"}


def bare_name(text: str) -> str:
    """``text`` normalized, without the words that may surround a name."""
    return " ".join(w for w in normalize(text).split() if w not in _AROUND_A_NAME)


def names_index(store: Store) -> dict[str, Department]:
    """Each department's names as ``bare_name`` leaves them; shared ones left out."""
    index: dict[str, Department] = {}
    shared: set[str] = set()
    for department in store:
        for form in {bare_name(form) for form in _name_forms(department)}:
            if not form or form in shared:
                continue
            if form in index and index[form] is not department:
                shared.add(form)
                del index[form]
            else:
                index[form] = department
    return index


def named_alone(index: dict[str, Department], text: str) -> Department | None:
    """The department when ``text`` is nothing but its name ("Lakeview police")."""
    if not isinstance(text, str) or len(text) > 200:
        return None
    name = bare_name(text)
    if not name or name in index or " " in name or name in _TOPIC_WORD_SET:
        return index.get(name) if name else None
    # "camb": the start of one department's name word.
    forms: dict[str, tuple[str, ...]] = {}
    for form, department in index.items():
        forms[department.id] = (*forms.get(department.id, ()), form)
    owner = _prefix_owner(name, _distinctive_words(forms))
    found = [d for d in index.values() if d.id == owner]
    return found[0] if found else None


def name_span(text: str, department: Department) -> tuple[int, int] | None:
    """Where ``text`` writes one of the department's names (longest first), or None.

    The names are ``_name_forms``; words may be separated by any punctuation.
    """
    for form in _name_forms(department):
        pattern = r"\W+".join(re.escape(word) for word in form.split())
        found = re.search(rf"\b{pattern}\b", text, re.IGNORECASE)
        if found:
            return found.start(), found.end()
    return None


def resolve_department(store: Store, reference: object) -> Department | None:
    """A department for an id, name or short name (entity or slot value), or None."""
    if not isinstance(reference, str) or not reference.strip() or len(reference) > 200:
        return None
    department = store.get(reference.strip())
    if department:
        return department
    matches = find_departments(store, reference)
    return matches[0] if len(matches) >= 1 else None


_UNKNOWN_NAME = re.compile(
    r"\b((?:[a-z][a-z.'-]*\s+){0,2}[a-z][a-z.'-]*)\s+"
    r"(?:police\s+department|police\s+dept|police|pd|sheriff(?:'s)?\s+office|sheriff)\b",
    re.IGNORECASE,
)
_ACRONYM = re.compile(r"\b([a-z]{1,4}pd)\b", re.IGNORECASE)
_NOT_A_NAME = STOPWORDS | {
    "local",
    "city",
    "town",
    "county",
    "state",
    "my",
    "nearest",
    "call",
}


def find_unknown_department(store: Store, text: str) -> str | None:
    """A department-like name in ``text`` that the store does not know, or None."""
    if find_departments(store, text):
        return None
    topic_words = {
        w for words in TOPIC_WORDS.values() for p in words for w in p.split()
    }
    for match in _UNKNOWN_NAME.finditer(text):
        words: list[str] = []  # the name is the run of words right before "police"
        for word in reversed(match.group(1).split()):
            if word.lower() in _NOT_A_NAME or word.lower() in topic_words:
                break
            words.insert(0, word)
        if words:
            return " ".join(words) + " " + match.group(0)[len(match.group(1)) :].strip()
    for match in _ACRONYM.finditer(text):
        if match.group(1).lower() not in {"pd"}:
            return match.group(1).upper()
    return None


# "Which ones have a vision?", "which depts list goals?", "what agencies ...":
# a question about which of several departments (not about one).
_WHICH_DEPARTMENTS = re.compile(
    r"\b(?:which|what)\s+(?:ones|depts?|departments?|pds?|agencies|agency"
    r"|of\s+(?:them|these|those|the\s+(?:two|three|four|five|depts|departments|pds)))\b",
    re.IGNORECASE,
)
# "Which one says ...?": one of those just shown.
_WHICH_ONE = re.compile(r"\b(?:which|what)\s+one\b", re.IGNORECASE)


def asks_which_departments(text: str) -> bool:
    """True when ``text`` asks which departments (of several) do something."""
    return bool(_WHICH_DEPARTMENTS.search(text))


def asks_which_one(text: str) -> bool:
    """True when ``text`` asks which one of those just shown does something."""
    return bool(_WHICH_ONE.search(text)) or asks_which_departments(text)
