"""Store and matching at scale: ``python -m bench.many FOLDER COUNT`` prints JSON.

Run in its own process so that its memory figure is the store's alone: it writes
COUNT synthetic departments (bench/synthetic.py) into FOLDER, loads them with
the real loader, and times in-process answers (``statement_bot.dialogue.plan.statements.answer``) to
questions naming a random department.
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

from bench.synthetic import write_departments
from statement_bot.dialogue.context import resolve
from statement_bot.dialogue.plan import statements
from statement_bot.dialogue.state import read_turn
from statement_bot.names import INTENT_ASK_MISSION, INTENT_ASK_VALUE
from statement_bot.store import Store, load_store
from statement_bot.understand.search import StatementIndex

# Words of the generated statements (bench/synthetic.py) for the search.
SEARCH_WORDS = ("people", "officer", "integrity", "respect", "courage", "service")


def rss_mb(field: str = "VmRSS") -> float:
    """This process's resident memory (``VmRSS`` or peak ``VmHWM``) in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], share: float) -> float:
    """The ``share`` percentile (0-1) of ``values``, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def measure(folder: Path, count: int, questions: int = 200) -> dict[str, float]:
    """Write, load and query a store of ``count`` departments."""
    facts = write_departments(folder, count)
    before = rss_mb()
    started = time.perf_counter()
    store = load_store(folder)
    load_seconds = time.perf_counter() - started
    after = rss_mb()
    rng = random.Random(5)
    times: list[float] = []
    correct = 0
    for index in range(questions):
        chosen = rng.choice(facts)
        if index % 2:
            text, intent, expected = (
                f"What is the mission of {chosen.town} police?",
                INTENT_ASK_MISSION,
                chosen.mission,
            )
        else:
            text, intent, expected = (
                f"what does {chosen.value} mean to {chosen.town} PD?",
                INTENT_ASK_VALUE,
                chosen.value_description,
            )
        turn = read_turn(
            intent=intent,
            text=text,
            entities=({"entity": "department", "value": chosen.town},),
        )
        started = time.perf_counter()
        outcome = statements.answer(resolve(store, turn))
        times.append((time.perf_counter() - started) * 1000)
        said = " ".join(
            str(v) for reply in outcome.replies for v in reply.variables.values()
        )
        correct += expected in said
    search = measure_search(store, rng)
    return {
        **search,
        "departments": len(store),
        "load_s": load_seconds,
        "store_memory_mb": after - before,
        "process_peak_mb": rss_mb("VmHWM"),
        "answer_p50_ms": percentile(times, 0.50),
        "answer_p95_ms": percentile(times, 0.95),
        "answers_correct": correct / questions,
    }


def measure_search(store: Store, rng: random.Random) -> dict[str, float]:
    """The statement search on the big store: building its index, then queries
    over the whole store (p50, p95) and within one department."""
    started = time.perf_counter()
    index = StatementIndex(store)
    build_seconds = time.perf_counter() - started
    departments = list(store)
    everywhere, within = [], []
    for number in range(100):
        word = rng.choice(SEARCH_WORDS)
        started = time.perf_counter()
        index.search(f"which department talks about {word} and care? ({number})")
        everywhere.append((time.perf_counter() - started) * 1000)
        chosen = rng.choice(departments)
        started = time.perf_counter()
        index.search(f"does it say anything about {word}?", departments=[chosen])
        within.append((time.perf_counter() - started) * 1000)
    return {
        "search_index_build_s": build_seconds,
        "search_p50_ms": percentile(everywhere, 0.50),
        "search_p95_ms": percentile(everywhere, 0.95),
        "search_one_department_p50_ms": percentile(within, 0.50),
    }


def main() -> int:
    folder, count = Path(sys.argv[1]), int(sys.argv[2])
    print(json.dumps(measure(folder, count)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
