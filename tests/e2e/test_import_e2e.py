"""The departments imported from their pages answer: the drafts of the real
departments' pages (tests/fixtures/pages/) put beside the shipped stores, both
servers restarted on that folder, and each department's mission, vision, values
list and every value asked over REST, each answered from its own text."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from ops.importer.build import import_pages, write_draft
from ops.importer.draft import Draft
from ops.importer.source import read_page
from statement_bot.text import normalize
from tests.conftest import Bot
from tests.paths import ROOT

pytestmark = pytest.mark.e2e

PAGES = ROOT / "tests" / "fixtures" / "pages"
IMPORTED = {
    "lawrence": ["lawrence.txt"],
    "mentor": ["mentor.txt"],
    "pacific": ["pacific.html"],
    "st_bernard": ["st_bernard_values.txt", "st_bernard_home.txt"],
    "suffolk": ["suffolk.txt"],
}


def _draft(department: str) -> Draft:
    pages = [read_page(str(PAGES / name)) for name in IMPORTED[department]]
    return import_pages(pages, department)


DRAFTS = {department: _draft(department) for department in IMPORTED}
# Every value of an imported department is answered (two of Lawrence's
# principles, whole sentences with no aliases in a draft, were not before this
# round's understanding work); the test fails if any is not.
KNOWN_UNANSWERED: dict[str, list[str]] = {}


@pytest.fixture(scope="module")
def imported_store(
    bot: Bot, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    """The shipped stores and the imported drafts; servers restarted, then back."""
    folder = tmp_path_factory.mktemp("imported-store")
    for path in (ROOT / "stores").glob("*.yml"):
        shutil.copy(path, folder / path.name)
    for draft in DRAFTS.values():
        write_draft(draft, folder)
    bot.restart_actions(store_dir=folder)
    bot.restart_rasa(store_dir=folder)
    try:
        yield folder
    finally:
        bot.restart_actions()
        bot.restart_rasa()


def _opening(text: str, words: int = 8) -> str:
    return " ".join(normalize(text).split()[:words])


def _questions(draft: Draft) -> list[tuple[str, list[str]]]:
    """(question, the texts its answer must quote) for one department."""
    who = draft.short_names[0]
    asked = []
    for key in ("mission", "vision"):
        if key in draft.sections:
            section = draft.sections[key]
            expected = (section.paragraphs + section.items)[:1]
            asked.append((f"What is {who}'s {key}?", expected))
    values = [value for value in draft.values if value.lines]
    asked.append((f"What are {who}'s values?", [value.name for value in values]))
    asked += [
        (f"What does {value.name} mean to {who}?", [value.lines[0]]) for value in values
    ]
    return asked


@pytest.mark.parametrize("department", IMPORTED)
def test_an_imported_department_answers_from_its_own_text(
    bot: Bot, imported_store: Path, department: str
) -> None:
    missed = []
    for question, expected in _questions(DRAFTS[department]):
        reply = normalize(bot.rasa.texts(f"import-{uuid.uuid4().hex[:8]}", question))
        missed += [
            (question, text, reply[:200])
            for text in expected
            if _opening(text) not in reply
        ]
    unanswered = [question for question, _, _ in missed]
    assert unanswered == KNOWN_UNANSWERED.get(department, []), "\n".join(
        map(str, missed)
    )
