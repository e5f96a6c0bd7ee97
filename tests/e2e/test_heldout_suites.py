"""The held-out suites of messy turns and of real departments, over REST.

tests/heldout/messy_turns.yml (nine classes of what real people type) and
tests/heldout/real_departments.yml (real departments' published pages, added as
store files from tests/fixtures/departments/ with a restart and no training)
were written by separate authors who never saw the training data. Each run
writes its figures per class to results/<suite>.json.

The floors below are what the bot achieves today, so a change that loses
ground fails; the goals (issue "Answer all of what was asked") are higher and
are reported by ``make bench``, not asserted here.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from devtools import answer_suite
from statement_bot.settings import DEFAULT_STORE_DIR
from statement_bot.store import load_store
from tests.paths import ROOT

pytestmark = pytest.mark.e2e

FIXTURES = ROOT / "tests" / "fixtures" / "departments"
# Floors: a little under today's figures for the default profile (config.yml,
# measured 2026-12-03: messy 222/244 = 91.0%, real departments 80/88 = 90.9%),
# never the goals (95%).
MESSY_FLOOR = 0.89
REAL_FLOOR = 0.88
# Store passages given in reply to a question the statement cannot answer: none.
MAX_WRONG_PASSAGES_MESSY = 0
MAX_WRONG_PASSAGES_REAL = 0
# Answerable questions the bot refused (the statement "does not say"): at most
# 5% (the limit).
MAX_REFUSAL_RATE = 0.05


def write_results(name: str, result: answer_suite.SuiteResult) -> dict[str, Any]:
    summary = result.summary()
    out = ROOT / "results" / f"{name}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(summary, indent=1), encoding="utf-8")
    return summary


def failures(summary: dict[str, Any]) -> str:
    return "\n".join(
        f"- [{f['class']}] {f['conversation']}: {f['user']!r} missing {f['missing']} "
        f"unwanted {f['unwanted']}: {f['reply'][:160]!r}"
        for f in summary["failures"]
    )


@pytest.fixture(scope="module")
def store_with_fixtures(
    bot: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    """The shipped store plus the real departments' files; both servers restarted
    on it (a department is one file and a restart), and back afterwards."""
    folder = tmp_path_factory.mktemp("store-with-fixtures")
    for path in [*DEFAULT_STORE_DIR.glob("*.yml"), *FIXTURES.glob("*.yml")]:
        shutil.copy(path, folder / path.name)
    bot.restart_actions(store_dir=folder)
    bot.restart_rasa(store_dir=folder)
    try:
        yield folder
    finally:
        bot.restart_actions()
        bot.restart_rasa()


def test_messy_turns(bot: Any) -> None:
    judge = answer_suite.Judge.load(load_store(DEFAULT_STORE_DIR))
    conversations = answer_suite.load(answer_suite.MESSY)
    result = answer_suite.run(bot.rasa.texts, conversations, judge)
    summary = write_results("messy_turns", result)
    assert len(result.turns) >= 200
    assert result.wrong_passages <= MAX_WRONG_PASSAGES_MESSY, failures(summary)
    assert result.refusal_rate <= MAX_REFUSAL_RATE, failures(summary)
    assert result.pass_rate >= MESSY_FLOOR, failures(summary)


def test_real_departments(bot: Any, store_with_fixtures: Path) -> None:
    judge = answer_suite.Judge.load(load_store(store_with_fixtures))
    conversations = answer_suite.load(answer_suite.REAL_DEPARTMENTS)
    result = answer_suite.run(bot.rasa.texts, conversations, judge)
    summary = write_results("real_departments", result)
    assert len(result.turns) >= 45
    assert result.wrong_passages <= MAX_WRONG_PASSAGES_REAL, failures(summary)
    assert result.refusal_rate <= MAX_REFUSAL_RATE, failures(summary)
    assert result.pass_rate >= REAL_FLOOR, failures(summary)
