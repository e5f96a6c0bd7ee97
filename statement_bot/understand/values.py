"""The values a message names. Six finders, one question each:

- ``value_called(department, name)``: the value whose name or alias is ``name``
  exactly (a remembered value, a button);
- ``value_written(department, text)``: the one value ``text`` writes out (none
  when it writes several);
- ``value_asked(department, *queries)``: the value a question asks about, also
  by a misspelt name or by the words of its description;
- ``value_names_written(store, text)``: every value name or alias of any
  department in ``text``, in the order written;
- ``value_name_written(store, text)``: the longest of them;
- ``value_key_written(store, text)``: the longest shared key (``value_keys``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import fuzz

from statement_bot.store import Department, Store, Value
from statement_bot.text import and_parts, normalize
from statement_bot.understand.store_index import per_store, word_runs
from statement_bot.understand.words import STOPWORDS, content_stems, fuzzy_find

# How alike (percent, ``rapidfuzz.fuzz.ratio``: twice the characters the two
# strings share in order, over their total length) a misspelling must be.
VALUE_SIMILARITY = 80.0  # value names: "integrety" for "integrity"


# Words for the list itself: a value called "Core" is not named by "core values".
_LIST_PHRASES = ("core values", "values", "value", "principles")


def _masked(text: str, titles: Iterable[str] = ()) -> str:
    """``text`` normalized and padded, with the words that name the list of
    values (and the departments' own titles for it) blanked out."""
    masked = f" {normalize(text)} "
    phrases = {normalize(t) for t in (*_LIST_PHRASES, *titles)}
    for phrase in sorted((p for p in phrases if p), key=len, reverse=True):
        masked = masked.replace(f" {phrase} ", " | ")
    return masked


def _titles(store: Store) -> list[str]:
    return [department.values_title for department in store]


def value_keys(value: Value) -> set[str]:
    """Keys under which values of different departments count as the same value.

    The normalized name and, for "A and B" / "A & B", each part.
    """
    keys = {normalize(name) for name in (value.name, *and_parts(value.name))}
    return {key for key in keys if key}


def _value_phrases(value: Value) -> list[str]:
    """Normalized words that name ``value``: its keys, then its aliases."""
    aliases = (normalize(alias) for alias in value.aliases)
    return [*sorted(value_keys(value)), *(alias for alias in aliases if alias)]


def value_asked(department: Department, *queries: str | None) -> Value | None:
    """The department's value that ``queries`` (entity, text) ask about, or None.

    Tried in order: a name or alias in the text (longest wins), a misspelt name,
    then the value whose description best covers the words of the question
    ("which value is about unconscious bias?").
    """
    asked = tuple(q for q in queries if isinstance(q, str) and q.strip())
    for query in asked:
        if (value := _value_by_phrase(department, query)) is not None:
            return value
    for query in asked:
        if (value := _value_by_typo(department, query)) is not None:
            return value
    return _value_by_description(department, asked)


def value_named(department: Department, text: str) -> Value | None:
    """The department's value that ``text`` names, also misspelt; never by
    its description."""
    return _value_by_phrase(department, text) or _value_by_typo(department, text)


def _value_by_phrase(department: Department, query: str) -> Value | None:
    """The value whose longest name or alias ``query`` writes out."""
    normalized = f" {normalize(query)} "
    best: tuple[int, Value] | None = None
    for value in department.values:
        for phrase in _value_phrases(value):
            longer = best is None or len(phrase) > best[0]
            if longer and f" {phrase} " in normalized:
                best = (len(phrase), value)
    return best[1] if best else None


def _value_by_typo(department: Department, query: str) -> Value | None:
    """The value whose name ``query`` misspells most closely."""
    words = [w for w in normalize(query).split() if w not in STOPWORDS]
    scored: list[tuple[float, Value]] = []
    for value in department.values:
        for phrase in _value_phrases(value):
            if fuzzy_find(words, phrase, VALUE_SIMILARITY) is not None:
                similarity = max(fuzz.ratio(w, phrase) for w in words)
                scored.append((similarity, value))
    return max(scored, key=lambda pair: pair[0])[1] if scored else None


def _value_by_description(
    department: Department, queries: tuple[str, ...]
) -> Value | None:
    ignore = [*department.names, department.id.replace("_", " ")]
    asked = (
        set().union(*(content_stems(q, ignore) for q in queries)) if queries else set()
    )
    if not asked:
        return None
    scores: list[tuple[int, Value]] = []
    for value in department.values:
        described = content_stems(f"{value.name} {value.description}")
        score = sum(1 for word in asked if _stem_hit(word, described))
        if score:
            scores.append((score, value))
    if not scores:
        return None
    scores.sort(key=lambda pair: pair[0], reverse=True)
    if len(scores) > 1 and scores[0][0] == scores[1][0]:
        return None  # a tie is a guess: ask instead
    return scores[0][1]


def _stem_hit(word: str, described: set[str]) -> bool:
    if word in described:
        return True
    if len(word) >= 5:
        return any(
            len(other) >= 5 and (other.startswith(word) or word.startswith(other))
            for other in described
        )
    return False


def shared_values(
    departments: Iterable[Department],
) -> dict[str, list[tuple[Department, Value]]]:
    """Value keys held by two or more of ``departments``, with who holds them."""
    groups: dict[str, list[tuple[Department, Value]]] = {}
    for department in departments:
        for value in department.values:
            for key in value_keys(value):
                holders = groups.setdefault(key, [])
                if all(held[0].id != department.id for held in holders):
                    holders.append((department, value))
    return {key: holders for key, holders in groups.items() if len(holders) > 1}


def _value_table(store: Store) -> tuple[dict[str, int], dict[str, int], int]:
    """Every value key and every value phrase of the store, with the order in
    which the store first gives it, and the most words any of them has."""
    keys: dict[str, int] = {}
    phrases: dict[str, int] = {}
    for department in store:
        for value in department.values:
            for key in value_keys(value):
                keys.setdefault(key, len(keys))
            for phrase in _value_phrases(value):
                phrases.setdefault(phrase, len(phrases))
    longest = max((len(p.split()) for p in (*keys, *phrases)), default=0)
    return keys, phrases, longest


def _runs_written(store: Store, text: str) -> tuple[set[str], str]:
    """The runs of ``text``'s words (``word_runs``), and ``text`` normalized with
    the words that name the list blanked out."""
    # The words that name the list ("core values", a department's own title)
    # are not a value's name: "Core" is a value of one department.
    masked = _masked(text, per_store(store, "values titles", _titles)).strip()
    longest = per_store(store, "values", _value_table)[2]
    return {run for _, _, run in word_runs(masked.split(), longest)}, masked


def value_key_written(store: Store, text: str) -> str | None:
    """A value name (of any department) mentioned in ``text``, as a shared key:
    the longest, the store's first of equal length."""
    keys = per_store(store, "values", _value_table)[0]
    runs, _ = _runs_written(store, text)
    found = [key for key in runs if key in keys]
    return min(found, key=lambda k: (-len(k), keys[k])) if found else None


def value_names_written(store: Store, text: str) -> list[str]:
    """Every value name or alias of any department written in ``text``, in the
    order written; a phrase inside a longer one found is left out."""
    known = per_store(store, "values", _value_table)[1]
    runs, plain = _runs_written(store, text)
    normalized = f" {plain} "
    phrases = {run for run in runs if run in known}
    kept = [
        p for p in phrases if not any(p != q and f" {p} " in f" {q} " for q in phrases)
    ]
    return sorted(kept, key=lambda p: normalized.index(f" {p} "))


def value_written(department: Department, text: str) -> Value | None:
    """The one value of ``department`` whose name, part of an "A & B" name, or
    alias ``text`` writes out; None for none or several (no typos, no guessing)."""
    normalized = f" {normalize(text)} "
    named = [
        value
        for value in department.values
        if any(f" {phrase} " in normalized for phrase in _value_phrases(value))
    ]
    return named[0] if len(named) == 1 else None


def value_name_written(store: Store, text: str) -> str | None:
    """The longest value name or alias of any department written in ``text``."""
    normalized = _masked(text, _titles(store))
    best: str | None = None
    for department in store:
        for value in department.values:
            for phrase in _value_phrases(value):
                if f" {phrase} " in normalized and (
                    best is None or len(phrase) > len(best)
                ):
                    best = phrase
    return best


def value_called(department: Department, name: str) -> Value | None:
    """The department's value called ``name`` (its name, a part of an "A and B"
    name, or an alias), or None: no guessing from descriptions."""
    wanted = normalize(name)
    for value in department.values:
        if wanted and wanted in _value_phrases(value):
            return value
    return None


# "Is X one of their values?", "does Cambridge have a Respect value?", "are they
# big on X?": a yes-or-no question whether a department lists a value.
_YES_NO = re.compile(
    r"^\W*(?:is|isn'?t|are|does|doesn'?t|do|has|have)\b", re.IGNORECASE
)


def asks_if_listed(text: str) -> bool:
    """True when ``text`` asks whether a value is on a department's list."""
    return bool(_YES_NO.search(text))


def value_by_name(department: Department, text: str) -> Value | None:
    """The department's value whose name (or a part of an "A and B" name, not an
    alias) ``text`` writes out; the longest when several."""
    normalized = f" {normalize(text)} "
    best: tuple[int, Value] | None = None
    for value in department.values:
        for key in value_keys(value):
            if f" {key} " in normalized and (best is None or len(key) > best[0]):
                best = (len(key), value)
    return best[1] if best else None


def value_alike(department: Department, query: str) -> Value | None:
    """The department's value ``query`` names by an alias or a misspelt name
    (not by the words of a description), or None."""
    return _value_by_phrase(department, query) or _value_by_typo(department, query)


def asks_for_list(department: Department, text: str) -> bool:
    """True when ``text`` names the list of values and nothing that picks out one
    value: the department's own title for it ("what does SPD PRIDE stand
    for?") with no value's name or alias, or a word for the list with no other
    word ("their core values?")."""
    plain = f" {normalize(text)} "
    generic = _masked(text)
    masked = _masked(text, [department.values_title])
    if masked == plain or value_alike(department, masked) is not None:
        return False
    if masked != generic:  # its own title
        return True
    ignore = [*department.names, department.id.replace("_", " ")]
    return not content_stems(masked, ignore)
