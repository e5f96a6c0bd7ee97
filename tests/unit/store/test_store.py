"""The statement store: the shipped files, verbatim coverage, and bad files."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from actions import runtime
from statement_bot.settings import defaults
from statement_bot.store import (
    ContactEntry,
    Department,
    Section,
    Store,
    StoreError,
    Value,
    load_store,
)
from tests.paths import ROOT

SEEDS = ROOT / "tests" / "fixtures" / "seeds"
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"

# Each seed is one department's statement, whole: 000 Alhambra, 001 West
# Sacramento, 002 Cambridge. The "Learn More" and "Get Connected" blocks are the
# opening lines of Cambridge's statement (002), not the end of West Sacramento's
# (001): see test_learn_more_and_get_connected_open_the_cambridge_seed.
DEPARTMENT_SEEDS = {
    "alhambra": "000_76a206758816f3c4.txt",
    "west_sacramento": "001_0e845b0eb1d35fc6.txt",
    "cambridge": "002_d2f8d197802c5c70.txt",
}
DEPARTMENTS = sorted(DEPARTMENT_SEEDS)

# Contact labels the store adds as headings where its seed has none (seed 002
# prints the address on a line of its own, without a label). Every other label
# must be seed text.
LABELS_NOT_IN_SEED = {("cambridge", "Address")}

# Typographic variants compared as one: curly quotes and apostrophes, dashes.
_TYPOGRAPHY = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4`", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
        **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff", ""),
    }
)
# A sentence ends at . ! or ? (perhaps followed by a closing quote or bracket)
# followed by white space: "www.CambridgePolice.org" and "02142" are not split.
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][\"')\]])\s+")
# A contact value ends at white space, or at punctuation the seed puts after it.
TOKEN_END = re.compile(r"[.,;:!?]*(?:\s|$)")


def normalize(text: str) -> str:
    """Text as compared: NFKC, one kind of quote, apostrophe and dash, and single
    spaces (the store joins lines the source broke for layout)."""
    text = unicodedata.normalize("NFKC", text.translate(_TYPOGRAPHY))
    return " ".join(text.translate(_TYPOGRAPHY).split())


def sentences(text: str) -> list[str]:
    """The normalised text's sentences, split the same way every time."""
    return [s for s in SENTENCE_BREAK.split(normalize(text)) if s]


def strings(node: Any) -> list[str]:
    """Every string in a department, in file order."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for value in node.values() for s in strings(value)]
    if isinstance(node, (list, tuple)):
        return [s for value in node for s in strings(value)]
    if hasattr(node, "__dataclass_fields__"):
        return [
            s
            for name in node.__dataclass_fields__
            for s in strings(getattr(node, name))
        ]
    return []


def corpus(department: Department) -> str:
    """All the department's text, contact labels included, as one string."""
    parts = [department.name]
    for section in department.sections.values():
        parts += [section.title, *section.paragraphs, *section.items]
    parts.append(department.values_title)
    for value in department.values:
        parts += [value.name, value.description]
    parts.append(department.contact_title)
    for entry in department.contact:
        parts += [entry.label, *entry.lines]
    return normalize(" ".join(parts))


def seed_text_lines(path: Path) -> list[str]:
    """The seed's non-empty lines, normalised, without bold markers and bullets."""
    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = re.sub(r"^[-*\u2022]\s+", "", normalize(raw.replace("**", "")))
        if line:
            lines.append(line)
    return lines


def seed_lines(path: Path) -> list[str]:
    """The seed's lines without formatting: bold markers, bullets, trailing ':'."""
    lines = [line.rstrip(":").strip() for line in seed_text_lines(path)]
    return [line for line in lines if line]


@dataclass(frozen=True)
class Seed:
    """A seed as one string (its lines joined by spaces, so a sentence the source
    broke across lines reads whole), with the offsets where a line or a sentence
    starts and ends."""

    name: str
    text: str
    starts: frozenset[int]
    ends: frozenset[int]

    @classmethod
    def read(cls, path: Path) -> Seed:
        text, starts, ends = "", set(), set()
        for line in seed_text_lines(path):
            text += " " if text else ""
            starts.add(len(text))
            for gap in SENTENCE_BREAK.finditer(line):
                ends.add(len(text) + gap.start())
                starts.add(len(text) + gap.end())
            text += line
            ends.add(len(text))
        return cls(path.name, text, frozenset(starts), frozenset(ends))

    def has_sentence(self, sentence: str) -> bool:
        """Whether the sentence is in the seed whole: from a sentence's (or line's)
        start to a sentence's (or line's) end, not cut out of a longer one."""
        return any(
            at in self.starts and at + len(sentence) in self.ends
            for at in self._find(sentence)
        )

    def has_phrase(self, phrase: str) -> bool:
        """Whether the phrase is in the seed as whole words (a contact value such as
        "125 Sixth Street" stands on a line with the rest of the address)."""
        return any(
            (at == 0 or self.text[at - 1] == " ")
            and TOKEN_END.match(self.text, at + len(phrase))
            for at in self._find(phrase)
        )

    def _find(self, text: str) -> list[int]:
        found, at = [], self.text.find(text)
        while text and at != -1:
            found.append(at)
            at = self.text.find(text, at + 1)
        return found


def store_texts(department: Department) -> list[tuple[str, str, bool]]:
    """The statement text a department's file holds, as (field, text, prose):
    prose must be whole seed sentences, contact values and labels whole words of
    the seed. Names, short names, aliases and titles are the store's own."""
    texts = []
    for key, section in department.sections.items():
        for n, paragraph in enumerate(section.paragraphs):
            texts.append((f"sections.{key}.paragraphs[{n}]", paragraph, True))
        for n, item in enumerate(section.items):
            texts.append((f"sections.{key}.items[{n}]", item, True))
    for n, value in enumerate(department.values):
        texts.append((f"values.items[{n}].description", value.description, True))
    for n, entry in enumerate(department.contact):
        if (department.id, entry.label) not in LABELS_NOT_IN_SEED:
            texts.append((f"contact.entries[{n}].label", entry.label, False))
        for m, line in enumerate(entry.lines):
            texts.append((f"contact.entries[{n}].value[{m}]", line, False))
    return texts


def not_in_seed(department: Department, seed: Seed) -> list[tuple[str, str]]:
    """Each (field, sentence) of the department's text that its seed lacks."""
    missing = []
    for where, text, prose in store_texts(department):
        for sentence in sentences(text):
            found = seed.has_sentence if prose else seed.has_phrase
            if not found(sentence):
                missing.append((where, sentence))
    return missing


def test_shipped_store_loads(store: Store) -> None:
    assert [d.id for d in store] == ["alhambra", "cambridge", "west_sacramento"]
    assert len(store.get("alhambra").values) == 6
    assert len(store.get("west_sacramento").values) == 9
    assert len(store.get("cambridge").values) == 6
    assert len(store.get("west_sacramento").sections["goals"].items) == 6
    assert len(store.get("cambridge").sections["vision"].items) == 7


def test_every_department_has_its_seed(store: Store) -> None:
    assert sorted(d.id for d in store) == DEPARTMENTS
    assert sorted(DEPARTMENT_SEEDS.values()) == sorted(
        p.name for p in SEEDS.glob("*.txt")
    )


def test_learn_more_and_get_connected_open_the_cambridge_seed() -> None:
    west_sacramento = seed_lines(SEEDS / DEPARTMENT_SEEDS["west_sacramento"])
    cambridge = seed_lines(SEEDS / DEPARTMENT_SEEDS["cambridge"])
    assert cambridge[0] == "Learn More"
    assert cambridge.index("Get Connected") < cambridge.index("Our Mission")
    assert west_sacramento[-1].startswith("Provide Department employees")
    assert not {"Learn More", "Get Connected"} & set(west_sacramento)


@pytest.mark.parametrize("department_id", DEPARTMENTS)
def test_every_seed_line_is_in_the_right_department(
    store: Store, department_id: str
) -> None:
    seed = DEPARTMENT_SEEDS[department_id]
    texts = {d.id: corpus(d) for d in store}
    lines = seed_lines(SEEDS / seed)
    assert lines, f"{seed} has no text"
    for line in lines:
        assert (
            line in texts[department_id]
        ), f"{seed}: not in {department_id}'s store file: {line!r}"
        if len(line) > 40:  # long lines are one department's own words
            others = [
                d for d, text in texts.items() if d != department_id and line in text
            ]
            assert not others, f"{line!r} also appears under {others}"


@pytest.mark.parametrize("department_id", DEPARTMENTS)
def test_every_store_sentence_is_in_the_department_seed(
    store: Store, department_id: str
) -> None:
    department = store.get(department_id)
    seed = Seed.read(SEEDS / DEPARTMENT_SEEDS[department_id])
    checked = [s for _, text, _ in store_texts(department) for s in sentences(text)]
    assert len(checked) >= 8  # the check has the statement's text to check
    assert not_in_seed(department, seed) == []


def fields_of(cls: type) -> set[str]:
    return set(cls.__dataclass_fields__)


def test_the_fidelity_check_covers_every_field_of_a_department() -> None:
    # A new text field must be checked by store_texts or exempted there knowingly.
    assert fields_of(Department) == {
        "id",
        "name",
        "short_names",
        "sections",
        "values_title",
        "values",
        "contact_title",
        "contact",
        "synonyms",  # exempt: search vocabulary, never quoted as the statement
        "source",
    }
    assert fields_of(Section) == {"key", "title", "paragraphs", "items", "aliases"}
    assert fields_of(Value) == {"name", "description", "aliases"}
    assert fields_of(ContactEntry) == {"kind", "label", "lines"}


ALHAMBRA_SEED = SEEDS / DEPARTMENT_SEEDS["alhambra"]
COPIED = (  # Cambridge's (seed 002), not Alhambra's
    "Our mission is to partner with the community to solve problems and improve "
    "public safety in a manner that is fair, impartial, transparent, and consistent."
)
INVENTED = "Officers answer every call within four minutes."
VERBATIM_ALHAMBRA = """
id: alhambra
name: Alhambra Police Department
sections:
  mission:
    title: Mission
    paragraphs: [{mission}]
    items: [{item}]
values:
  title: Values
  items:
    - name: Caring
      description: {value}
contact:
  title: Contact
  entries:
    - kind: other
      label: {label}
      value: [{contact}]
"""
CLEAN = {
    "mission": "The mission of the Alhambra Police Department is to prevent crime, "
    "protect lives and property, preserve the peace and order of the community, and "
    "foster positive relationships with the community we serve.",
    "item": "Respect is demonstrated by courtesy and professionalism.",
    "value": "Caring is the heart of ethics and ethical decision-making. That is "
    "because ethics is ultimately about good relations with other people.",
    "label": "Citizenship",
    "contact": "Good citizens also demonstrate a concern for the well-being of their "
    "neighbors and help protect the environment for future generations.",
}


def alhambra_with(write_store: Callable[..., Path], **changes: str) -> Department:
    fields = {key: json.dumps(text) for key, text in {**CLEAN, **changes}.items()}
    return load_store(write_store(alhambra=VERBATIM_ALHAMBRA.format(**fields))).get(
        "alhambra"
    )


def test_a_verbatim_store_passes_the_fidelity_check(
    write_store: Callable[..., Path],
) -> None:
    department = alhambra_with(write_store)
    assert not_in_seed(department, Seed.read(ALHAMBRA_SEED)) == []


def test_typography_and_spacing_are_not_differences(
    write_store: Callable[..., Path],
) -> None:
    # A curly apostrophe, a non-breaking hyphen, a no-break space and a line
    # break where the seed has "'", "-" and plain spaces.
    department = alhambra_with(
        write_store,
        contact="Rather, it speaks to one\u2019s duty to be a constructive,\n"
        "law\u2011abiding member of the community who honors the rule of law,"
        "\u00a0respects lawful authority, and abides by the letter and spirit of "
        "the law.",
    )
    assert not_in_seed(department, Seed.read(ALHAMBRA_SEED)) == []


@pytest.mark.parametrize(
    ("field", "where"),
    [
        ("mission", "sections.mission.paragraphs[0]"),
        ("item", "sections.mission.items[0]"),
        ("value", "values.items[0].description"),
        ("contact", "contact.entries[0].value[0]"),
    ],
)
def test_text_from_another_seed_or_invented_is_reported(
    write_store: Callable[..., Path], field: str, where: str
) -> None:
    assert COPIED in Seed.read(SEEDS / DEPARTMENT_SEEDS["cambridge"]).text
    # The department's own sentences around them pass: only these two are reported.
    mixed = f"{CLEAN[field]} {COPIED} {INVENTED}"
    department = alhambra_with(write_store, **{field: mixed})
    assert not_in_seed(department, Seed.read(ALHAMBRA_SEED)) == [
        (where, COPIED),
        (where, INVENTED),
    ]


@pytest.mark.parametrize(
    "changes",
    [
        {"label": "Invented Label"},
        {"label": "Vision Statement"},  # "Vision" is in the seed, the label is not
        {
            "mission": "The mission of the Alhambra Police Department is to prevent crime,"
        },
        {"item": "Respect is demonstrated by courtesy."},  # a sentence altered
        {"value": "That is because ethics is ultimately about good relations."},
    ],
    ids=["label", "label-words", "cut-short", "altered", "altered-value"],
)
def test_altered_or_invented_text_is_reported(
    write_store: Callable[..., Path], changes: dict[str, str]
) -> None:
    department = alhambra_with(write_store, **changes)
    reported = not_in_seed(department, Seed.read(ALHAMBRA_SEED))
    (text,) = changes.values()
    assert [sentence for _, sentence in reported] == sentences(text)


def test_sentences_are_split_the_same_way_every_time() -> None:
    text = (
        "We act with fairness.  We understand \u201clegitimacy.\u201d Visit "
        "www.CambridgePolice.org/WeAreCPD \u2013 or call 617-349-3300! Ok?"
    )
    expected = [
        "We act with fairness.",
        'We understand "legitimacy."',
        "Visit www.CambridgePolice.org/WeAreCPD - or call 617-349-3300!",
        "Ok?",
    ]
    assert sentences(text) == expected
    assert sentences(" ".join(expected)) == expected
    assert normalize("a\u00a0\u2014 b\u2019s\n") == "a - b's"
    assert normalize("\u00b4x\u00b4 \u2033y\u2033 \uff02z\uff02") == '\'x\' "y" "z"'


def test_seed_copies_match_the_shared_originals() -> None:
    if not SHARED_SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    for path in SEEDS.glob("*.txt"):
        assert path.read_bytes() == (SHARED_SEEDS / path.name).read_bytes()


def test_bold_markers_are_not_content(store: Store) -> None:
    assert not [s for d in store for s in strings(d) if "**" in s]


GOOD = """
id: {id}
name: Test Police Department
sections:
  mission:
    title: Mission
    paragraphs: [We test.]
"""


@pytest.mark.parametrize(
    ("text", "field", "problem"),
    [
        (
            "id: other\nname: X\nsections: {m: {title: M, paragraphs: [p]}}",
            "'id'",
            "file name",
        ),
        ("id: bad\nsections: {m: {title: M, paragraphs: [p]}}", "'name'", "required"),
        (
            "id: bad\nname: X\nsections: {m: {paragraphs: [p]}}",
            "'sections.m.title'",
            "required",
        ),
        ("id: bad\nname: X\nsections: {m: {title: M}}", "'sections.m'", "paragraphs"),
        (
            "id: bad\nname: X\nsections: {m: {title: M, paragraphs: [3]}}",
            "paragraphs[0]",
            "text",
        ),
        (
            "id: bad\nname: X\nmotto: hi\nsections: {m: {title: M, items: [a]}}",
            "'motto'",
            "unknown",
        ),
        (
            "id: bad\nname: X\nvalues: {items: [{name: A}]}",
            "values.items[0].description",
            "required",
        ),
        ("id: bad\nname: X\nvalues: {items: []}", "'values.items'", "non-empty"),
        (
            "id: bad\nname: X\nvalues: {items: [{name: A, description: d}, {name: a, description: e}]}",
            "values.items[1].name",
            "duplicate",
        ),
        (
            "id: bad\nname: X\ncontact: {entries: [{kind: fax, label: F, value: '1'}]}",
            "kind",
            "one of",
        ),
        (
            "id: bad\nname: X\ncontact: {entries: [{kind: phone, label: P}]}",
            "value",
            "required",
        ),
        (
            "id: bad\nname: X\nsections: {values: {title: V, items: [a]}}",
            "sections.values",
            "reserved",
        ),
        ("id: bad\nname: X", "'sections'", "needs sections"),
        ("id: bad\nname: [X]\nsections: {m: {title: M, items: [a]}}", "'name'", "text"),
        ("- just\n- a list", "''", "mapping"),
        (
            "id: bad\nname: X\nsections: {m: {title: M, items: [a]}",
            "bad.yml",
            "not valid YAML",
        ),
        ("", "'id'", "empty"),
    ],
)
def test_a_bad_file_is_refused_naming_file_and_field(
    write_store: Callable[..., Path], text: str, field: str, problem: str
) -> None:
    folder = write_store(good=GOOD.format(id="good"), bad=text)
    with pytest.raises(StoreError) as error:
        load_store(folder)
    message = str(error.value)
    assert "bad.yml" in message
    assert field in message
    assert problem in message
    assert "good.yml" not in message


def test_nothing_is_half_loaded(write_store: Callable[..., Path]) -> None:
    folder = write_store(good=GOOD.format(id="good"), bad="id: bad\n")
    with pytest.raises(StoreError):
        load_store(folder)
    (folder / "bad.yml").unlink()
    assert [d.id for d in load_store(folder)] == ["good"]


def test_empty_or_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no department files"):
        load_store(tmp_path)
    with pytest.raises(StoreError, match="does not exist"):
        load_store(tmp_path / "nope")


def test_unknown_default_department_is_refused(store: Store) -> None:
    base = defaults()
    core = replace(
        base.core, store_dir=store.directory, default_department="springfield"
    )
    settings = replace(base, core=core)
    with pytest.raises(StoreError, match="DEFAULT_DEPARTMENT.*springfield"):
        runtime.configure(settings, store)


def test_store_get_never_raises(store: Store) -> None:
    for junk in (None, 3, ["alhambra"], {"id": 1}, "../../etc/passwd", ""):
        assert store.get(junk) is None
