"""The statement store: the shipped files, verbatim coverage, and bad files."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from actions import runtime
from actions.config import Settings
from actions.store import Department, Store, StoreError, load_store

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
SHARED_SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

# Which department each seed line belongs to. Seed 001 is West Sacramento's, but
# its blocks from "Learn More" on are Cambridge's (they follow a page break).
SEED_OWNERS = {
    "000_76a206758816f3c4.txt": ("alhambra", None),
    "001_0e845b0eb1d35fc6.txt": ("west_sacramento", ("Learn More", "cambridge")),
    "002_d2f8d197802c5c70.txt": ("cambridge", None),
}


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
    return " ".join(" ".join(parts).split())


def seed_lines(path: Path) -> list[str]:
    """The seed's lines without formatting: bold markers, bullets, trailing ':'."""
    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.replace("**", "").strip()
        line = re.sub(r"^-\s+", "", line).rstrip(":").strip()
        if line:
            lines.append(" ".join(line.split()))
    return lines


def test_shipped_store_loads(store: Store) -> None:
    assert [d.id for d in store] == ["alhambra", "cambridge", "west_sacramento"]
    assert len(store.get("alhambra").values) == 6
    assert len(store.get("west_sacramento").values) == 9
    assert len(store.get("cambridge").values) == 6
    assert len(store.get("west_sacramento").sections["goals"].items) == 6
    assert len(store.get("cambridge").sections["vision"].items) == 7


@pytest.mark.parametrize("seed", sorted(SEED_OWNERS))
def test_every_seed_line_is_in_the_right_department(store: Store, seed: str) -> None:
    owner, switch = SEED_OWNERS[seed]
    texts = {d.id: corpus(d) for d in store}
    for line in seed_lines(SEEDS / seed):
        if switch and line == switch[0]:
            owner = switch[1]
        assert line in texts[owner], f"{seed}: not in {owner}'s store file: {line!r}"
        if len(line) > 40:  # long lines are one department's own words
            others = [d for d, text in texts.items() if d != owner and line in text]
            assert not others, f"{line!r} also appears under {others}"


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
    settings = Settings(store.directory, "springfield", "127.0.0.1", 5055)
    with pytest.raises(StoreError, match="DEFAULT_DEPARTMENT.*springfield"):
        runtime.configure(settings, store)


def test_store_get_never_raises(store: Store) -> None:
    for junk in (None, 3, ["alhambra"], {"id": 1}, "../../etc/passwd", ""):
        assert store.get(junk) is None
