"""The importer against hand-written store files: the three seed statements (the
shipped stores), the real departments' pages (tests/fixtures/pages/, expected
files in tests/fixtures/departments/) and a constructed HTML page.

Recall: share of the store file's sentences the draft put in the same part and
value; precision: share of the draft's sentences that are there in the store file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ops.importer.build import import_pages, validate
from ops.importer.fidelity import draft_placed, measure
from ops.importer.sentences import missing_from
from ops.importer.source import read_page
from statement_bot.store import parse_department
from tests.paths import ROOT

SEEDS = ROOT / "tests" / "fixtures" / "seeds"
PAGES = ROOT / "tests" / "fixtures" / "pages"
EXPECTED = ROOT / "tests" / "fixtures" / "departments"

# (pages in order, expected store file, recall floor, precision floor)
SEED_CASES = {
    "alhambra": (["000_76a206758816f3c4.txt"], "alhambra", 1.0, 1.0),
    "west_sacramento": (["001_0e845b0eb1d35fc6.txt"], "west_sacramento", 1.0, 1.0),
    # "We Are CPD" stands alone under no heading: the store keeps it as a slogan.
    "cambridge": (["002_d2f8d197802c5c70.txt"], "cambridge", 0.97, 1.0),
}
# Floors at what the importer reaches (it is deterministic).
PAGE_CASES = {
    "lawrence": (["lawrence.txt"], 1.0, 1.0),
    "mentor": (["mentor.txt"], 1.0, 1.0),
    "pacific": (["pacific.txt"], 1.0, 1.0),
    "suffolk": (["suffolk.txt"], 1.0, 1.0),
    # the PIO's name, written after "e-mail" with no address, is not found
    "st_bernard": (["st_bernard_values.txt", "st_bernard_home.txt"], 0.95, 1.0),
}
HTML_CASES = {"pacific": (["pacific.html"], 1.0, 1.0)}


def _cases() -> list[tuple[list[Path], Path, float, float]]:
    cases = [
        pytest.param(
            [SEEDS / name for name in names],
            ROOT / "stores" / f"{store}.yml",
            recall,
            precision,
            id=f"seed-{store}",
        )
        for names, store, recall, precision in SEED_CASES.values()
    ]
    for label, table in (("page", PAGE_CASES), ("html", HTML_CASES)):
        cases += [
            pytest.param(
                [PAGES / name for name in names],
                EXPECTED / f"{department}.yml",
                recall,
                precision,
                id=f"{label}-{department}",
            )
            for department, (names, recall, precision) in table.items()
        ]
    return cases


CASES = _cases()


def _import(sources: list[Path], department_id: str):  # noqa: ANN202 - a Draft
    return import_pages([read_page(str(path)) for path in sources], department_id)


@pytest.mark.parametrize(("sources", "store", "recall", "precision"), CASES)
def test_the_draft_matches_the_store_file_written_by_hand(
    sources: list[Path], store: Path, recall: float, precision: float
) -> None:
    department = parse_department(store)
    fidelity = measure(_import(sources, department.id), department)
    assert fidelity.recall >= recall, fidelity.missing
    assert fidelity.precision >= precision, fidelity.extra


@pytest.mark.parametrize(("sources", "store", "recall", "precision"), CASES)
def test_every_sentence_of_the_draft_is_on_the_page(
    sources: list[Path], store: Path, recall: float, precision: float
) -> None:
    draft = _import(sources, store.stem)
    page_text = "\n".join(read_page(str(path)).text() for path in sources)
    sentences = [sentence for _, sentence in draft_placed(draft)]
    sentences += [value.name for value in draft.values]
    sentences += [section.title for section in draft.sections.values()]
    assert sentences
    assert missing_from(sentences, page_text) == []


@pytest.mark.parametrize(("sources", "store", "recall", "precision"), CASES)
def test_the_draft_passes_the_store_validator(
    sources: list[Path], store: Path, recall: float, precision: float
) -> None:
    assert validate(_import(sources, store.stem)) is None


@pytest.mark.parametrize(("sources", "store", "recall", "precision"), CASES[:3])
def test_importing_twice_gives_the_same_draft(
    sources: list[Path], store: Path, recall: float, precision: float
) -> None:
    first, second = _import(sources, "x"), _import(sources, "x")
    assert first == second
