"""Resolve what a message refers to against the store: departments, values, sections.

Everything here is matched at run time against the store's own names, so a
department added as a file is understood without new training examples. The
functions are pure: they take text and store objects and return store objects.
Text is read with ``statement_bot.text.normalize``; misspelt names are matched
with rapidfuzz (``NAME_SIMILARITY``, ``VALUE_SIMILARITY``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from rapidfuzz import fuzz

from statement_bot.names import Topic
from statement_bot.store import ContactEntry, Department, Section, Store, Value
from statement_bot.text import and_parts, normalize, stem

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

_SMALL_WORDS = frozenset({"the", "of", "and", "police", "department", "pd", "dept"})

# How alike (percent, ``rapidfuzz.fuzz.ratio``: twice the characters the two
# strings share in order, over their total length) a misspelling must be.
NAME_SIMILARITY = 85.0  # department names: "cambrige" for "cambridge"
VALUE_SIMILARITY = 80.0  # value names: "integrety" for "integrity"


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


def _fuzzy_find(text_words: list[str], phrase: str, threshold: float) -> int | None:
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


def find_departments(store: Store, text: str) -> list[Department]:
    """Departments named in ``text``, in the order they are mentioned.

    A name written exactly wins over near-misses at the same place: with
    "Newtown" in the store, "Newtown" is not also read as a typo of "Newton".
    """
    normalized = normalize(text)
    if not normalized:
        return []
    words = normalized.split()
    padded = f" {normalized} "
    found: list[tuple[int, bool, Department]] = []
    for department in store:
        best: tuple[int, bool] | None = None
        for form in _name_forms(department):
            index = padded.find(f" {form} ")
            if index >= 0:
                candidate: tuple[int, bool] | None = (
                    len(padded[:index].split()),
                    True,
                )
            else:
                position = _fuzzy_find(words, form, NAME_SIMILARITY)
                candidate = None if position is None else (position, False)
            if candidate is not None and (
                best is None
                or (candidate[0], not candidate[1]) < (best[0], not best[1])
            ):
                best = candidate
        if best is not None:
            found.append((best[0], best[1], department))
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
    return index.get(name) if name else None


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


def find_value(department: Department, *queries: str | None) -> Value | None:
    """The department's value that ``queries`` (entity, text) ask about, or None.

    Tried in order: a name or alias in the text (longest wins), a misspelt name,
    then the value whose description best covers the words of the question
    ("which value is about unconscious bias?").
    """
    queries = tuple(q for q in queries if isinstance(q, str) and q.strip())
    for query in queries:
        normalized = f" {normalize(query)} "
        best: tuple[int, Value] | None = None
        for value in department.values:
            for phrase in _value_phrases(value):
                if f" {phrase} " in normalized and (
                    best is None or len(phrase) > best[0]
                ):
                    best = (len(phrase), value)
        if best:
            return best[1]
    for query in queries:
        words = [w for w in normalize(query).split() if w not in STOPWORDS]
        scored: list[tuple[float, Value]] = []
        for value in department.values:
            for phrase in _value_phrases(value):
                if _fuzzy_find(words, phrase, VALUE_SIMILARITY) is not None:
                    similarity = max(fuzz.ratio(w, phrase) for w in words)
                    scored.append((similarity, value))
        if scored:
            return max(scored, key=lambda pair: pair[0])[1]
    return _value_by_description(department, queries)


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


def find_value_key(store: Store, text: str) -> str | None:
    """A value name (of any department) mentioned in ``text``, as a shared key."""
    normalized = f" {normalize(text)} "
    best: str | None = None
    for department in store:
        for value in department.values:
            for key in value_keys(value):
                if f" {key} " in normalized and (best is None or len(key) > len(best)):
                    best = key
    return best


def find_value_names(store: Store, text: str) -> list[str]:
    """Every value name or alias of any department written in ``text``, in the
    order written; a phrase inside a longer one found is left out."""
    normalized = f" {normalize(text)} "
    phrases = {
        phrase
        for department in store
        for value in department.values
        for phrase in _value_phrases(value)
        if f" {phrase} " in normalized
    }
    kept = [
        p for p in phrases if not any(p != q and f" {p} " in f" {q} " for q in phrases)
    ]
    return sorted(kept, key=lambda p: normalized.index(f" {p} "))


def named_value(department: Department, text: str) -> Value | None:
    """The one value of ``department`` whose name, part of an "A & B" name, or
    alias ``text`` writes out; None for none or several (no typos, no guessing)."""
    normalized = f" {normalize(text)} "
    named = [
        value
        for value in department.values
        if any(f" {phrase} " in normalized for phrase in _value_phrases(value))
    ]
    return named[0] if len(named) == 1 else None


def find_value_name(store: Store, text: str) -> str | None:
    """The longest value name or alias of any department written in ``text``."""
    normalized = f" {normalize(text)} "
    best: str | None = None
    for department in store:
        for value in department.values:
            for phrase in _value_phrases(value):
                if f" {phrase} " in normalized and (
                    best is None or len(phrase) > len(best)
                ):
                    best = phrase
    return best


def value_named(department: Department, name: str) -> Value | None:
    """The department's value called ``name`` (its name, a part of an "A and B"
    name, or an alias), or None: no guessing from descriptions."""
    wanted = normalize(name)
    for value in department.values:
        if wanted and wanted in _value_phrases(value):
            return value
    return None
