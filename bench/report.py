"""The bench's table: printed, and written into the README between markers."""

from __future__ import annotations

import os
import platform
import re
from pathlib import Path
from typing import Any

DEFAULT_CONFIG = "config.yml"


def markers(config: str = DEFAULT_CONFIG) -> tuple[str, str]:
    """The README comments around a profile's table (config.yml: the plain ones)."""
    tag = "" if config == DEFAULT_CONFIG else f" {config}"
    return f"<!-- bench:start{tag} -->", f"<!-- bench:end{tag} -->"


def machine() -> str:
    """CPU model, cores and memory of this machine."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        total_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal:")
        )
        memory = f", {total_kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, StopIteration):
        memory = ""
    return f"{model}, {os.cpu_count()} cores{memory}, {platform.system()}"


def _f(value: Any, digits: int = 1, unit: str = "") -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.{digits}f}{unit}"
    return f"{value}{unit}"


def _pct(value: Any) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


def table(results: dict[str, Any]) -> str:
    """The figures as a Markdown table (goals of issue 5 alongside)."""
    bot = results["understanding"]["bot"]
    base = results["understanding"]["baseline"]
    turns = results["turns"]
    cost = results["cost"]
    many = results["many_departments"]
    rows = [
        (
            "**Understanding** (tests/nlu, held out)",
            "Statement Bot",
            "baseline",
            "goal",
        ),
        (
            "intent accuracy",
            _pct(bot["intent_accuracy"]),
            _pct(base["intent_accuracy"]),
            "",
        ),
        (
            "intent macro-F1",
            _f(bot["intent_macro_f1"], 3),
            _f(base["intent_macro_f1"], 3),
            "≥ 0.95",
        ),
        ("entity F1 (exact spans)", _f(bot.get("entity_f1"), 3), "—", ""),
        (
            f"end-to-end answer accuracy ({bot['e2e_examples']} questions)",
            _pct(bot["e2e_answer_accuracy"]),
            "—",
            "≥ 95%",
        ),
        (
            f"out-of-scope recall ({bot['oos_examples']} examples)",
            _pct(bot["oos_recall"]),
            _pct(base["oos_recall"]),
            "≥ 80%",
        ),
        (
            "false fallbacks on in-scope text",
            _pct(bot["false_fallback_rate"]),
            _pct(base["false_fallback_rate"]),
            "≤ 5%",
        ),
        ("**Speed** (sequential REST turns)", "p50 / p95 / p99 ms", "", ""),
    ]
    for kind, label in (
        ("nlu", "NLU only (`/model/parse`)"),
        ("plain", f"plain response (`{PLAIN}`)"),
        ("action", f"custom action (`{ACTION}`)"),
    ):
        t = turns[kind]
        rows.append(
            (
                label,
                f"{_f(t['p50_ms'])} / {_f(t['p95_ms'])} / {_f(t['p99_ms'])}",
                f"{t['failed']} failed",
                "",
            )
        )
    rows.append(
        ("action / plain (p50)", _f(turns["action_over_plain_p50"], 2), "", "≤ 1.3")
    )
    rows.append(("**Load** (mixed script)", "msg/s", "p95 ms, failed", "goal"))
    for level in results["concurrency"]:
        goal = {10: "≥ 50 msg/s, 0 failed", 50: "0 failed"}.get(level["users"], "")
        rows.append(
            (
                f"{level['users']} users",
                _f(level["throughput_msg_s"]),
                f"{_f(level['p95_ms'])}, {level['failed']} of {level['n']}",
                goal,
            )
        )
    rows += [
        ("**Cost**", "", "", ""),
        (
            "training (`rasa train --force`)",
            _f(cost.get("train_s"), 0, " s"),
            _f(base.get("train_s"), 1, " s"),
            "≤ 60 s",
        ),
        ("model size", _f(cost["model_mb"], 1, " MB"), "", ""),
        (
            "start to first answer (both servers)",
            _f(cost["start_to_first_answer_s"], 0, " s"),
            "",
            "≤ 30 s",
        ),
        ("peak memory, Rasa", _f(cost["rasa_peak_mb"], 0, " MB"), "", "≤ 1 GB"),
        ("peak memory, action server", _f(cost["actions_peak_mb"], 0, " MB"), "", ""),
        (f"**{many['departments']} departments**", "", "", ""),
        ("store load (in-process)", _f(many["load_s"], 2, " s"), "", ""),
        ("store memory", _f(many["store_memory_mb"], 0, " MB"), "", ""),
        (
            "answer, in-process, p50 / p95",
            f"{_f(many['answer_p50_ms'])} / {_f(many['answer_p95_ms'])} ms",
            _pct(many["answers_correct"]) + " right",
            "",
        ),
        ("action server start", _f(many["action_server_start_s"], 1, " s"), "", ""),
        (
            "action turn over REST, p50 / p95",
            f"{_f(many['rest']['p50_ms'])} / {_f(many['rest']['p95_ms'])} ms",
            _pct(many["rest"]["answers_correct"]) + " right",
            "",
        ),
        ("action server peak memory", _f(many["actions_peak_mb"], 0, " MB"), "", ""),
    ]
    lines = [
        "| measure | value | baseline / detail | goal |",
        "| --- | --- | --- | --- |",
    ]
    lines += [f"| {' | '.join(row)} |" for row in rows]
    return "\n".join(lines)


PLAIN = "hello"
ACTION = "What is Cambridge's mission?"


def update_readme(readme: Path, results: dict[str, Any]) -> None:
    """Replace the profile's table between its markers (add them if missing)."""
    config = results.get("config", DEFAULT_CONFIG)
    start, end = markers(config)
    block = (
        f"{start}\nMeasured by `make bench` (`{config}`) on {results['date'][:10]}, "
        f"{results['machine']}, Python {results['python']} "
        f"(this profile took {results.get('bench_s', 0):.0f} s).\n\n"
        f"{table(results)}\n{end}"
    )
    text = readme.read_text()
    if start in text and end in text:
        text = re.sub(
            re.escape(start) + ".*?" + re.escape(end),
            lambda _: block,
            text,
            flags=re.S,
        )
    else:
        text = text.rstrip("\n") + f"\n\n### Benchmarks: `{config}`\n\n{block}\n"
    readme.write_text(text)
