"""Precision and recall of the statement search on held-out questions.

``tests/heldout/search_queries.yml`` was written from the seeds alone: each
question names a department (or none) and the verbatim fragment of the passage
that answers it, or ``null`` when the statement does not answer it. The
questions go through the same planner the bot uses (``dialogue.plan.search``); a
quoted passage is right when it holds one of the expected fragments.

- precision: right quotes / all quotes (a quote for an unanswerable question is
  wrong);
- recall: answerable questions with a right quote / answerable questions;
- unanswerable_quoted: questions the statement cannot answer that got a quote
  (the worst failure: an official-looking wrong answer).

The thresholds are chosen on the even-numbered questions (development half):
the best recall at ``MIN_PRECISION`` with no unanswerable question quoted;
they are reported on the odd-numbered ones (test half): ``python -m bench.search``.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from devtools.answer_suite import comparable
from statement_bot.dialogue.context import resolve
from statement_bot.dialogue.plan import search as search_plan
from statement_bot.dialogue.state import read_turn
from statement_bot.names import INTENT_ASK_CONTENT, UTTER_SEARCH_HIT, UTTER_VALUE
from statement_bot.settings import DEFAULT_STORE_DIR
from statement_bot.store import Store, load_store
from statement_bot.understand.search import StatementIndex

QUERIES = (
    Path(__file__).resolve().parent.parent / "tests" / "heldout" / "search_queries.yml"
)
COVERAGES = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
MIN_PRECISION = 0.9  # what a threshold must reach on the development half


@dataclass(frozen=True)
class Scores:
    """Search quality on a set of questions."""

    precision: float
    recall: float
    quotes: int
    right: int
    answerable: int
    found: int
    unanswerable_quoted: int

    def as_dict(self) -> dict[str, Any]:
        return {
            k: round(v, 4) if isinstance(v, float) else v for k, v in vars(self).items()
        }


def load_queries(path: Path = QUERIES) -> list[dict[str, Any]]:
    """The held-out questions."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]


def evaluate(
    store: Store, index: StatementIndex, queries: list[dict[str, Any]]
) -> Scores:
    """Run each question through the search planner and score its quotes."""
    quotes = right = answerable = found = unanswerable_quoted = 0
    for query in queries:
        turn = read_turn(
            intent=INTENT_ASK_CONTENT,
            text=query["q"],
            department=query.get("department"),
        )
        outcome = search_plan.search(resolve(store, turn, index))
        bodies = [
            comparable(r.variables["body"])
            for r in outcome.replies
            # a passage quoted, or a value named in the question quoted in full
            if r.response in (UTTER_SEARCH_HIT, UTTER_VALUE)
        ]
        wanted = [
            comparable(f)
            for f in [query.get("expect"), *(query.get("also") or [])]
            if f
        ]
        good = [b for b in bodies if any(f in b for f in wanted)]
        quotes += len(bodies)
        right += len(good)
        if wanted:
            answerable += 1
            found += bool(good)
        else:
            unanswerable_quoted += bool(bodies)
    return Scores(
        precision=right / quotes if quotes else 1.0,
        recall=found / answerable if answerable else 1.0,
        quotes=quotes,
        right=right,
        answerable=answerable,
        found=found,
        unanswerable_quoted=unanswerable_quoted,
    )


def tune(store: Store, queries: list[dict[str, Any]]) -> tuple[float, Scores]:
    """The coverage bar with the best recall at ``MIN_PRECISION`` or more and
    no unanswerable question quoted (the strictest of equals), and its scores on
    ``queries``."""
    best: tuple[float, Scores] | None = None
    for min_coverage in COVERAGES:
        index = StatementIndex(store, min_coverage=min_coverage)
        scores = evaluate(store, index, queries)
        if scores.precision < MIN_PRECISION or scores.unanswerable_quoted:
            continue
        if best is None or scores.recall > best[1].recall:
            best = (min_coverage, scores)
    if best is None:
        raise RuntimeError(
            f"no threshold reaches precision {MIN_PRECISION} unquoting the unanswerable"
        )
    return best


def measure(store: Store | None = None) -> dict[str, Any]:
    """Tune on the development half; report both halves at the shipped thresholds
    and at the tuned ones."""
    store = store or load_store(DEFAULT_STORE_DIR)
    queries = load_queries()
    development, test = queries[0::2], queries[1::2]
    min_coverage, tuned_dev = tune(store, development)
    tuned = StatementIndex(store, min_coverage=min_coverage)
    shipped = StatementIndex(store)
    return {
        "questions": len(queries),
        "tuned_min_coverage": min_coverage,
        "tuned_development": tuned_dev.as_dict(),
        "tuned_test": evaluate(store, tuned, test).as_dict(),
        "shipped_min_coverage": shipped.min_coverage,
        "shipped_test": evaluate(store, shipped, test).as_dict(),
        "shipped_all": evaluate(store, shipped, queries).as_dict(),
    }


def main() -> int:
    """Print the search figures as JSON."""
    parser = argparse.ArgumentParser(prog="python -m bench.search")
    parser.parse_args()
    print(json.dumps(measure(), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
