"""``make bench``: how well and how fast the bot works, measured in one run.

Each profile (``PROFILES``: the default ``config.yml``, then the fast
``config-fast.yml``) is measured in turn, about 5 and 2 minutes on 2 cores:

1. train a fresh model (``rasa train --force --config``) into bench/out:
   training time and model size;
2. start the action server and Rasa (REST channel; HTTP API on with a random
   token, for ``/model/parse``) on free loopback ports: time to first answer;
3. understanding on the held-out set ``tests/nlu`` through ``/model/parse``,
   end-to-end answers through the REST channel, and the scikit-learn baseline;
4. speed: NLU-only, plain-response and action turns; 1, 10 and 50 users;
5. many departments: a 2,000-department store in-process (load, memory,
   matching), then the action server restarted on it for REST action turns;
6. peak memory (VmHWM) of both servers; the profile's results file
   (``results_path``) and its section of the generated ``docs/benchmarks.md``
   (``report.write_benchmarks``; the README is never touched).

``python -m bench --config config.yml`` measures one profile;
``--no-train`` reuses models/statement-bot.tar.gz (no training figures), so it
needs the ``--config`` that model was trained with. Timings are read here,
never asserted by tests.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import json
import os
import platform
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import load, nlu, report
from bench import search as bench_search
from bench.synthetic import department
from devtools import answer_suite
from devtools.servers import LIMITS_OFF, MODEL, ROOT, ActionServer, RasaServer
from statement_bot.settings import defaults
from statement_bot.store import load_store

OUT = ROOT / "bench" / "out"
RESULTS = ROOT / "bench" / "results.json"
PLAIN_TURN = report.PLAIN
ACTION_TURN = report.ACTION
MANY_DEPARTMENTS = 2000
# The pipelines measured by default, each with its own results file and section
# of docs/benchmarks.md.
PROFILES = report.PROFILES
# Chosen per server by devtools/servers.py (free ports, loopback, the real store).
SET_BY_THE_BENCH = frozenset(
    {"RASA_HOST", "RASA_PORT", "ACTION_SERVER_HOST", "ACTION_SERVER_PORT", "STORE_DIR"}
)


def server_env(work: Path) -> dict[str, str]:
    """The servers' settings: the defaults (not the developer's .env, unless set
    in the environment), a fresh tracker database."""
    env = {
        k: v
        for k, v in defaults().environment().items()
        if k not in SET_BY_THE_BENCH and k not in os.environ
    }
    env.update(
        LOG_LEVEL="WARNING",
        CONVERSATIONS_DB=str(work / "conversations.db"),
        RASA_ENABLE_API="false",
        SLACK_TOKEN="",
        SLACK_SIGNING_SECRET="",
        SLACK_CHANNEL="",
        SLACK_API_URL="",
        **LIMITS_OFF,  # measured once with the limits on: limits_on below
    )
    return env


def peak_mb(pid: int) -> float | None:
    """Peak resident memory (VmHWM) of process ``pid`` in MB."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def train(out: Path, config: str) -> tuple[Path, float]:
    """Train a fresh model like ``make train`` does; return it and the seconds."""
    started = time.perf_counter()
    subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "python"),
            "-m",
            "rasa_plugins",
            "train",
            "--force",
            "--config",
            config,
            "--fixed-model-name",
            "bench",
            "--out",
            str(out),
            "--quiet",
        ],
        cwd=ROOT,
        check=True,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
    )
    return out / "bench.tar.gz", time.perf_counter() - started


async def first_answer(client: load.Client, rasa: RasaServer, timeout: float) -> None:
    """Wait until Rasa answers over REST (the process must stay alive)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not rasa.alive():
            raise RuntimeError(f"Rasa exited:\n{rasa.log()}")
        if await client.chat("bench-start", PLAIN_TURN):
            return
        await asyncio.sleep(0.2)
    raise TimeoutError(f"Rasa gave no answer in {timeout}s:\n{rasa.log()}")


async def understanding(
    client: load.Client, store_dir: Path, threshold: float
) -> dict[str, Any]:
    """NLU figures (bot and baseline) and end-to-end answers on tests/nlu."""
    test = nlu.load_examples((ROOT / "tests" / "nlu").glob("*.yml"))
    train = nlu.load_examples((ROOT / "data" / "nlu").glob("*.yml"))
    intents, entities = [], []
    for example in test:
        parsed = await client.parse(example.text) or {}
        intents.append((parsed.get("intent") or {}).get("name") or "none")
        entities.append(
            {(e["start"], e["end"], e["entity"]) for e in parsed.get("entities", [])}
        )
    bot = nlu.score(test, intents, entities)
    predicted, baseline_seconds = nlu.baseline(train, test, threshold)
    base = nlu.score(test, predicted)
    base["train_s"] = baseline_seconds

    store = load_store(store_dir)
    checked = correct = 0
    misses = []
    for number, example in enumerate(test):
        expected = nlu.expected_answer(store, example)
        if expected is None:
            continue
        replies = await client.chat(f"e2e-{number}", example.text) or []
        said = " ".join(" ".join((m.get("text") or "").split()) for m in replies)
        checked += 1
        if " ".join(expected.split()) in said:
            correct += 1
        else:
            misses.append(example.text)
    bot["e2e_examples"] = checked
    bot["e2e_answer_accuracy"] = correct / checked if checked else None
    bot["e2e_misses"] = misses
    return {"bot": bot, "baseline": base, "persona": await persona(client, train)}


async def persona(client: load.Client, train: list[nlu.Example]) -> dict[str, Any]:
    """Intent figures on tests/heldout/persona_nlu.yml (written apart from the
    training data, by visitors', recruits' and staff's ways of asking), with the
    baseline trained on the same data."""
    test = nlu.load_examples([ROOT / "tests" / "heldout" / "persona_nlu.yml"])
    intents = []
    for example in test:
        parsed = await client.parse(example.text) or {}
        intents.append((parsed.get("intent") or {}).get("name") or "none")
    bot = nlu.score(test, intents)
    predicted, _ = nlu.baseline(train, test, 0.3)
    wrong = [(e.text, e.intent, p) for e, p in zip(test, intents, strict=True)]
    bot["misses"] = [w for w in wrong if w[1] != w[2]]
    return {"bot": bot, "baseline": nlu.score(test, predicted)}


async def answer_suite_results(client: load.Client) -> dict[str, Any]:
    """tests/heldout/answer_suite.yml over REST: the pass rate and what failed."""

    async def chat(sender: str, text: str) -> str:
        replies = await client.chat(sender, text) or []
        return "\n".join(m.get("text") or "" for m in replies)

    conversations = answer_suite.load()
    result = answer_suite.SuiteResult()
    for conversation in conversations:
        sender = f"bench-suite-{conversation['id']}"
        for turn in conversation["turns"]:
            reply = await chat(sender, turn["user"])
            result.turns.append(answer_suite.check(conversation, turn, reply))
    return result.summary()


async def many_departments_rest(
    client: load.Client, count: int, turns: int
) -> dict[str, Any]:
    """REST action turns naming random departments of the big store."""
    rng = random.Random(7)
    timings = load.Timings()
    correct = 0
    for index in range(turns):
        facts = department(rng.randrange(count))
        replies = await client.timed(
            timings,
            client.chat(
                f"many-{index}", f"What is the mission of {facts.town} police?"
            ),
        )
        said = " ".join((m.get("text") or "") for m in replies or [])
        correct += facts.mission in " ".join(said.split())
    return {**timings.summary(), "answers_correct": correct / turns}


def fallback_threshold(config: str) -> float:
    """The FallbackClassifier threshold of ``config`` (the baseline uses it too)."""
    import yaml

    settings = yaml.safe_load((ROOT / config).read_text())
    for component in settings.get("pipeline", []):
        if component.get("name") == "FallbackClassifier":
            return float(component.get("threshold", 0.3))
    return 0.3


async def run(args: argparse.Namespace, config: str) -> dict[str, Any]:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("run-*"):  # keep only this run's models and logs
        shutil.rmtree(old, ignore_errors=True)
    work = Path(tempfile.mkdtemp(prefix="run-", dir=OUT))
    results: dict[str, Any] = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "machine": report.machine(),
        "python": platform.python_version(),
        "config": config,
    }
    cost: dict[str, Any] = {}
    if args.model or args.no_train:
        model = Path(args.model or MODEL)
    else:
        print(f"bench: training a fresh model ({config})", flush=True)
        model, cost["train_s"] = train(work / "models", config)
    cost["model_mb"] = model.stat().st_size / 1e6

    token = secrets.token_hex(16)
    env = server_env(work)
    print("bench: starting the action server and Rasa", flush=True)
    started = time.monotonic()
    actions = ActionServer(work, **env).start_and_wait()
    rasa = RasaServer(
        work,
        action_port=actions.port,
        extra_args=["--enable-api", "--auth-token", token],
        model=model,
        **env,
    )
    rasa.start()
    client = load.Client(rasa.url, token)
    try:
        await first_answer(client, rasa, timeout=300)
        cost["start_to_first_answer_s"] = time.monotonic() - started

        print("bench: understanding (tests/nlu) and the baseline", flush=True)
        results["understanding"] = await understanding(
            client, ROOT / "stores", fallback_threshold(config)
        )

        print("bench: the answer suite (tests/heldout)", flush=True)
        results["answer_suite"] = await answer_suite_results(client)
        results["search"] = bench_search.measure()

        print("bench: single turns", flush=True)
        turns = await load.single_turns(
            client, args.turns, PLAIN_TURN, ACTION_TURN, ACTION_TURN
        )
        turns["action_over_plain_p50"] = (
            turns["action"]["p50_ms"] / turns["plain"]["p50_ms"]
        )
        results["turns"] = turns

        results["concurrency"] = []
        for users in (1, 10, 50):
            print(f"bench: {users} concurrent users, {args.seconds:.0f} s", flush=True)
            results["concurrency"].append(
                await load.concurrent_users(client, users, args.seconds)
            )
        cost["rasa_peak_mb"] = peak_mb(rasa.pid)
        cost["actions_peak_mb"] = peak_mb(actions.pid)

        print(f"bench: {MANY_DEPARTMENTS} departments", flush=True)
        big = work / "many-store"
        measured = subprocess.run(
            [sys.executable, "-m", "bench.many", str(big), str(MANY_DEPARTMENTS)],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        many = json.loads(measured.stdout.strip().splitlines()[-1])
        actions.stop()
        restarted = time.monotonic()
        actions = ActionServer(
            work, store_dir=big, port=actions.port, **env
        ).start_and_wait(timeout=300)
        many["action_server_start_s"] = time.monotonic() - restarted
        many["rest"] = await many_departments_rest(client, MANY_DEPARTMENTS, 100)
        many["actions_peak_mb"] = peak_mb(actions.pid)
        results["many_departments"] = many
        # last: every figure above is measured with the limits off
        print("bench: 10 concurrent users with the rate limits on", flush=True)
        rasa = await restart_with_limits(rasa, work, actions.port, model, token, env)
        results["limits_on"] = await limits_on(rasa, token, args.seconds)
    finally:
        await client.close()
        rasa.stop()
        actions.stop()
    results["cost"] = cost
    return results


class LimitedClient(load.Client):
    """A client that counts a "please slow down" reply as a failed turn."""

    async def chat(self, sender: str, message: str) -> list[dict[str, Any]] | None:
        from rasa_plugins import access
        from statement_bot import names

        replies = await super().chat(sender, message)
        slow_down = access.response(names.UTTER_SLOW_DOWN)["text"]
        if replies and all(r.get("text") == slow_down for r in replies):
            return None
        return replies


async def restart_with_limits(
    rasa: RasaServer,
    work: Path,
    action_port: int,
    model: Path,
    token: str,
    env: dict[str, str],
) -> RasaServer:
    """Rasa again, on the same port, with the default rate limits."""
    rasa.stop()
    limited = {k: v for k, v in env.items() if k not in LIMITS_OFF}
    rasa = RasaServer(
        work,
        action_port=action_port,
        port=rasa.port,
        extra_args=["--enable-api", "--auth-token", token],
        model=model,
        **limited,
    )
    rasa.start()
    client = load.Client(rasa.url, token)
    try:
        await first_answer(client, rasa, timeout=300)
    finally:
        await client.close()
    return rasa


async def limits_on(rasa: RasaServer, token: str, seconds: float) -> dict[str, Any]:
    """Throughput of 10 users (one client address) with the default limits:
    a "slow down" reply counts as a failed turn."""
    client = LimitedClient(rasa.url, token)
    try:
        return await load.concurrent_users(client, 10, seconds)
    finally:
        await client.close()


def results_path(config: str) -> Path:
    """``bench/results.json`` for config.yml, ``bench/results-fast.json`` for
    config-fast.yml."""
    profile = Path(config).stem.removeprefix("config").lstrip("-")
    return RESULTS.with_name(f"results-{profile}.json" if profile else RESULTS.name)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--config",
        action="append",
        choices=PROFILES,
        help="the profile to measure; repeat for several (default: all of them)",
    )
    parser.add_argument("--no-train", action="store_true", help="reuse the model")
    parser.add_argument("--model", help="serve this model instead (no training)")
    parser.add_argument("--turns", type=int, default=200, help="turns of each kind")
    parser.add_argument("--seconds", type=float, default=20, help="per load level")
    parser.add_argument(
        "--no-docs", action="store_true", help="leave docs/benchmarks.md be"
    )
    args = parser.parse_args()
    configs = args.config or list(PROFILES)
    if (args.model or args.no_train) and len(configs) != 1:
        parser.error("--model and --no-train need one --config (the model's)")
    for config in configs:
        began = time.monotonic()
        results = asyncio.run(run(args, config))
        results["bench_s"] = time.monotonic() - began
        path = results_path(config)
        path.write_text(json.dumps(results, indent=2) + "\n")
        print(report.table(results))
        if not args.no_docs:
            report.write_benchmarks(report.BENCHMARKS, results)
        print(f"bench: wrote {path.relative_to(ROOT)} in {results['bench_s']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
