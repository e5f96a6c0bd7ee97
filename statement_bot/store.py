"""The statement store: one YAML file per department, validated when loaded.

The store is the only source of answer text. ``load_store`` reads every
``*.yml`` file of a folder, checks each field and either returns a complete
``Store`` or raises ``StoreError`` naming every bad file and field: nothing is
half-loaded. The format is documented in the README ("The statement store").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from statement_bot.names import Topic

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
SECTION_KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
RESERVED_SECTION_KEYS = frozenset({"values", "value", "contact", "section"})
CONTACT_KINDS = (
    "phone",
    "address",
    "email",
    "website",
    "social_media",
    "learn_more",
    "other",
)
TOP_LEVEL_FIELDS = frozenset(
    {"id", "name", "short_names", "sections", "values", "contact", "synonyms"}
)
# A file of the store folder whose name starts with this is not a department:
# _synonyms.yml holds the synonyms every department's search uses.
NOT_A_DEPARTMENT = "_"
SYNONYMS_FILE = "_synonyms.yml"
SECTION_FIELDS = frozenset({"title", "aliases", "paragraphs", "items"})
VALUES_FIELDS = frozenset({"title", "items"})
VALUE_FIELDS = frozenset({"name", "aliases", "description"})
CONTACT_FIELDS = frozenset({"title", "entries"})
ENTRY_FIELDS = frozenset({"kind", "label", "value"})
# The longest text a store field may hold (a paragraph, a description).
MAX_FIELD_CHARS = 20_000
# libyaml's safe loader (same YAML, about 10x faster) where PyYAML was built with it.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class StoreError(Exception):
    """A store file is missing, unreadable or has a bad field."""


@dataclass(frozen=True)
class Section:
    """A titled block of a statement: paragraphs, then a list of items."""

    key: str
    title: str
    paragraphs: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Value:
    """One core value with its full description."""

    name: str
    description: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class ContactEntry:
    """One way to reach a department (phone, address, website...)."""

    kind: str
    label: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Department:
    """Everything the store holds about one department."""

    id: str
    name: str
    short_names: tuple[str, ...] = ()
    sections: dict[str, Section] = field(default_factory=dict)
    values_title: str = "Core Values"
    values: tuple[Value, ...] = ()
    contact_title: str = "Contact"
    contact: tuple[ContactEntry, ...] = ()
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    source: Path | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """Every name people may use for this department."""
        return (self.name, *self.short_names)

    def topics(self) -> list[str | Topic]:
        """Section keys, then "values" and "contact" where the department has them."""
        topics = list(self.sections)
        if self.values:
            topics.append(Topic.VALUES)
        if self.contact:
            topics.append(Topic.CONTACT)
        return topics


@dataclass(frozen=True)
class Store:
    """All departments, keyed by id, in file-name order."""

    departments: dict[str, Department]
    directory: Path
    # Words people use -> words the statements use, for the statement search:
    # the store's _synonyms.yml and every department's own ``synonyms``.
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def get(self, department_id: Any) -> Department | None:
        """The department with this id, or None (never raises on bad input)."""
        if not isinstance(department_id, str):
            return None
        return self.departments.get(department_id)

    def __iter__(self):  # noqa: ANN204 - iterator of Department
        return iter(self.departments.values())

    def __len__(self) -> int:
        return len(self.departments)


class _Checker:
    """Collects the errors of one file, each naming the file and the field."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.errors: list[str] = []

    def fail(self, where: str, problem: str) -> None:
        self.errors.append(f"{self.path}: field '{where}': {problem}")

    def text(self, data: dict, key: str, where: str, required: bool = True) -> str:
        value = data.get(key)
        if value is None:
            if required:
                self.fail(where, "is required")
            return ""
        if not isinstance(value, str) or not value.strip():
            self.fail(where, f"must be non-empty text, got {value!r}")
            return ""
        if len(value) > MAX_FIELD_CHARS:
            self.fail(where, f"is longer than {MAX_FIELD_CHARS} characters")
            return ""
        return " ".join(value.split())

    def texts(self, data: dict, key: str, where: str) -> tuple[str, ...]:
        value = data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.fail(where, f"must be a list of text, got {type(value).__name__}")
            return ()
        out = []
        for index, item in enumerate(value):
            checked = self.text({"x": item}, "x", f"{where}[{index}]")
            if checked:
                out.append(checked)
        return tuple(out)

    def mapping(self, value: Any, where: str, allowed: frozenset[str]) -> dict:
        if not isinstance(value, dict):
            self.fail(where, f"must be a mapping, got {type(value).__name__}")
            return {}
        for key in value:
            if key not in allowed:
                known = ", ".join(sorted(allowed))
                self.fail(
                    f"{where}.{key}" if where else str(key),
                    f"unknown field (known: {known})",
                )
        return value


def _parse_sections(check: _Checker, raw: Any) -> dict[str, Section]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        check.fail("sections", "must be a mapping of section key to section")
        return {}
    sections: dict[str, Section] = {}
    for key, body in raw.items():
        where = f"sections.{key}"
        if not isinstance(key, str) or not SECTION_KEY_PATTERN.match(key):
            check.fail(where, "section keys are lower-case words joined by '_'")
            continue
        if key in RESERVED_SECTION_KEYS:
            check.fail(where, f"'{key}' is reserved; use the top-level '{key}' field")
            continue
        body = check.mapping(body, where, SECTION_FIELDS)
        if not body:
            continue
        section = Section(
            key=key,
            title=check.text(body, "title", f"{where}.title"),
            paragraphs=check.texts(body, "paragraphs", f"{where}.paragraphs"),
            items=check.texts(body, "items", f"{where}.items"),
            aliases=check.texts(body, "aliases", f"{where}.aliases"),
        )
        if not section.paragraphs and not section.items:
            check.fail(where, "needs 'paragraphs' or 'items'")
        sections[key] = section
    return sections


def _parse_values(check: _Checker, raw: Any) -> tuple[str, tuple[Value, ...]]:
    if raw is None:
        return "Core Values", ()
    raw = check.mapping(raw, "values", VALUES_FIELDS)
    title = check.text(raw, "title", "values.title", required=False) or "Core Values"
    items = raw.get("items")
    if not isinstance(items, list) or not items:
        check.fail("values.items", "must be a non-empty list of values")
        return title, ()
    values: list[Value] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        where = f"values.items[{index}]"
        item = check.mapping(item, where, VALUE_FIELDS)
        if not item:
            continue
        name = check.text(item, "name", f"{where}.name")
        if name.lower() in seen:
            check.fail(f"{where}.name", f"duplicate value name {name!r}")
        seen.add(name.lower())
        values.append(
            Value(
                name=name,
                description=check.text(item, "description", f"{where}.description"),
                aliases=check.texts(item, "aliases", f"{where}.aliases"),
            )
        )
    return title, tuple(values)


def _parse_contact(check: _Checker, raw: Any) -> tuple[str, tuple[ContactEntry, ...]]:
    if raw is None:
        return "Contact", ()
    raw = check.mapping(raw, "contact", CONTACT_FIELDS)
    title = check.text(raw, "title", "contact.title", required=False) or "Contact"
    entries = raw.get("entries")
    if not isinstance(entries, list) or not entries:
        check.fail("contact.entries", "must be a non-empty list of entries")
        return title, ()
    out: list[ContactEntry] = []
    for index, entry in enumerate(entries):
        where = f"contact.entries[{index}]"
        entry = check.mapping(entry, where, ENTRY_FIELDS)
        if not entry:
            continue
        kind = entry.get("kind")
        if kind not in CONTACT_KINDS:
            check.fail(f"{where}.kind", f"must be one of {', '.join(CONTACT_KINDS)}")
        lines = check.texts(entry, "value", f"{where}.value")
        if not lines:
            check.fail(f"{where}.value", "is required")
        label = check.text(entry, "label", f"{where}.label")
        out.append(ContactEntry(kind=str(kind), label=label, lines=lines))
    return title, tuple(out)


def _parse_synonyms(
    check: _Checker, raw: Any, where: str
) -> dict[str, tuple[str, ...]]:
    """``{word: [store words it means]}``; every key and word is text."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        check.fail(where, "must be a mapping of a word to the words it means")
        return {}
    synonyms: dict[str, tuple[str, ...]] = {}
    for word, meanings in raw.items():
        if not isinstance(word, str) or not word.strip():
            check.fail(where, f"{word!r} is not a word")
            continue
        texts = check.texts({"x": meanings}, "x", f"{where}.{word}")
        if texts:
            synonyms[word.strip().lower()] = texts
        else:
            check.fail(f"{where}.{word}", "needs at least one word it means")
    return synonyms


def parse_synonyms(path: Path) -> dict[str, tuple[str, ...]]:
    """Read the store's shared synonyms file; raise StoreError naming the field."""
    check = _Checker(path)
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_SafeLoader)
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreError(f"{path}: cannot be read: {exc}") from exc
    except yaml.YAMLError as exc:
        raise StoreError(f"{path}: is not valid YAML: {exc}") from exc
    raw = check.mapping(raw or {}, "", frozenset({"synonyms"}))
    synonyms = _parse_synonyms(check, raw.get("synonyms"), "synonyms")
    if check.errors:
        raise StoreError("\n".join(check.errors))
    return synonyms


def parse_department(path: Path) -> Department:
    """Read and validate one store file; raise StoreError naming file and fields."""
    check = _Checker(path)
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_SafeLoader)
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreError(f"{path}: cannot be read: {exc}") from exc
    except yaml.YAMLError as exc:
        raise StoreError(f"{path}: is not valid YAML: {exc}") from exc
    raw = check.mapping(raw, "", TOP_LEVEL_FIELDS) if raw is not None else {}
    if not raw:
        check.fail("id", "the file is empty or not a mapping")
        raise StoreError("\n".join(check.errors))

    department_id = raw.get("id")
    if not isinstance(department_id, str) or not ID_PATTERN.match(department_id):
        check.fail(
            "id", "must be lower-case letters, digits and '_' (e.g. 'north_county')"
        )
    elif department_id != path.stem:
        check.fail("id", f"must match the file name '{path.stem}'")
    name = check.text(raw, "name", "name")
    short_names = check.texts(raw, "short_names", "short_names")
    sections = _parse_sections(check, raw.get("sections"))
    values_title, values = _parse_values(check, raw.get("values"))
    contact_title, contact = _parse_contact(check, raw.get("contact"))
    synonyms = _parse_synonyms(check, raw.get("synonyms"), "synonyms")
    if not sections and not values and not contact and not check.errors:
        check.fail("sections", "a department needs sections, values or contact")
    if check.errors:
        raise StoreError("\n".join(check.errors))
    return Department(
        id=department_id,
        name=name,
        short_names=short_names,
        sections=sections,
        values_title=values_title,
        values=values,
        contact_title=contact_title,
        contact=contact,
        synonyms=synonyms,
        source=path,
    )


def load_store(directory: Path) -> Store:
    """Load every department file of ``directory``, all or nothing."""
    directory = Path(directory)
    if not directory.is_dir():
        raise StoreError(
            f"{directory}: the statement store folder does not exist (STORE_DIR)"
        )
    paths = sorted(
        path
        for path in [*directory.glob("*.yml"), *directory.glob("*.yaml")]
        if not path.name.startswith(NOT_A_DEPARTMENT)
    )
    if not paths:
        raise StoreError(
            f"{directory}: no department files (*.yml) in the statement store"
        )
    errors: list[str] = []
    synonyms: dict[str, tuple[str, ...]] = {}
    if (directory / SYNONYMS_FILE).is_file():
        try:
            synonyms.update(parse_synonyms(directory / SYNONYMS_FILE))
        except StoreError as exc:
            errors.append(str(exc))
    departments: dict[str, Department] = {}
    for path in paths:
        try:
            department = parse_department(path)
        except StoreError as exc:
            errors.append(str(exc))
            continue
        if department.id in departments:
            errors.append(
                f"{path}: field 'id': duplicate department id {department.id!r}"
            )
            continue
        departments[department.id] = department
        for word, meanings in department.synonyms.items():
            synonyms[word] = tuple(dict.fromkeys((*synonyms.get(word, ()), *meanings)))
    if errors:
        raise StoreError("The statement store has errors:\n" + "\n".join(errors))
    return Store(departments=departments, directory=directory, synonyms=synonyms)
