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
from statement_bot.store import load_store


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
    return {
        "departments": len(store),
        "load_s": load_seconds,
        "store_memory_mb": after - before,
        "process_peak_mb": rss_mb("VmHWM"),
        "answer_p50_ms": percentile(times, 0.50),
        "answer_p95_ms": percentile(times, 0.95),
        "answers_correct": correct / questions,
    }


def main() -> int:
    folder, count = Path(sys.argv[1]), int(sys.argv[2])
    print(json.dumps(measure(folder, count)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
