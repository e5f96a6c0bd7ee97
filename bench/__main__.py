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

Before the profiles, the **stock peer** (``run_stock``): the same data, domain
and action server, trained with Rasa's own default configuration
(bench/stock-config.yml, what ``rasa init`` writes for 3.6) and served by plain
``rasa run`` (no patches, Rasa's REST channel and in-memory tracker store), is
measured the same way, so each profile's speed figures are also ratios against
it (``versus_stock``). Every server is measured from start: the first burst of
10 users right after it reports ready, then steady load, one 400-turn
conversation (bench/long_conversation.py) and, for the profiles, the action
server alone (the HTTP hop's share of an action turn).

``--reuse-models`` serves the models of an earlier run (bench/out/models/) when
they exist instead of training again (no training figures for those);
``--no-stock`` skips the peer.
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

from bench import load, long_conversation, nlu, report
from bench import search as bench_search
from bench.synthetic import department
from devtools import answer_suite
from devtools.servers import LIMITS_OFF, MODEL, ROOT, ActionServer, RasaServer
from statement_bot.settings import defaults
from statement_bot.store import load_store

OUT = ROOT / "bench" / "out"
# Real departments' store files, added for the real-departments suite.
FIXTURE_DEPARTMENTS = ROOT / "tests" / "fixtures" / "departments"
# Trained models, kept between runs for --reuse-models.
MODELS = OUT / "models"
STOCK_CONFIG = ROOT / "bench" / "stock-config.yml"
STOCK_RESULTS = ROOT / "bench" / "results-stock.json"
BURST_USERS = 10
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


def model_name(config: str) -> str:
    """bench (config.yml), bench-fast (config-fast.yml), stock (the peer)."""
    if config == "stock":
        return "stock"
    profile = Path(config).stem.removeprefix("config").lstrip("-")
    return f"bench-{profile}" if profile else "bench"


def train(out: Path, config: str, work: Path) -> tuple[Path, float]:
    """Train a fresh model like ``make train`` does (the stock peer: plain
    ``rasa train`` on a copy of bench/stock-config.yml, which Rasa rewrites);
    return it and the seconds."""
    name = model_name(config)
    if config == "stock":
        copy = work / "stock-config.yml"
        shutil.copy(STOCK_CONFIG, copy)
        command = [str(ROOT / ".venv" / "bin" / "rasa"), "train", "--config", str(copy)]
    else:
        command = [str(ROOT / ".venv" / "bin" / "python"), "-m", "rasa_plugins"]
        command += ["train", "--config", config]
    started = time.perf_counter()
    subprocess.run(
        [*command, "--force", "--fixed-model-name", name, "--out", str(out), "--quiet"],
        cwd=ROOT,
        check=True,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
    )
    return out / f"{name}.tar.gz", time.perf_counter() - started


def trained(args: argparse.Namespace, config: str, work: Path) -> tuple[Path, dict]:
    """The model to serve and its cost figures (training time when trained)."""
    cost: dict[str, Any] = {}
    cached = MODELS / f"{model_name(config)}.tar.gz"
    if config != "stock" and (args.model or args.no_train):
        model = Path(args.model or MODEL)
    elif args.reuse_models and cached.exists():
        print(f"bench: reusing {cached.relative_to(ROOT)}", flush=True)
        model = cached
    else:
        print(f"bench: training a fresh model ({config})", flush=True)
        MODELS.mkdir(parents=True, exist_ok=True)
        model, cost["train_s"] = train(MODELS, config, work)
    cost["model_mb"] = model.stat().st_size / 1e6
    return model, cost


async def start_measured(
    client: load.Client, rasa: RasaServer, started: float, cost: dict[str, Any]
) -> dict[str, Any]:
    """Wait until Rasa reports ready, then the first burst of ``BURST_USERS``
    new users at once (nothing said before it): the cold start."""
    rasa.wait_until(f"{rasa.url}/", 300)
    cost["start_to_ready_s"] = time.monotonic() - started
    burst = await load.first_burst(client, BURST_USERS)
    # The burst's quickest reply is the first answer after start.
    cost["start_to_first_answer_s"] = (
        cost["start_to_ready_s"] + burst["first_ms"] / 1000
    )
    return burst


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


async def answer_suite_results(
    client: load.Client, path: Path = answer_suite.SUITE, store_dir: Path | None = None
) -> dict[str, Any]:
    """A held-out answer suite (tests/heldout/) over REST: the pass rate, per
    class where it has classes, passages given for questions the statement
    cannot answer, refusals of answerable questions, and what failed."""

    async def chat(sender: str, text: str) -> str:
        replies = await client.chat(sender, text) or []
        return "\n".join(m.get("text") or "" for m in replies)

    judge = answer_suite.Judge.load(load_store(store_dir or ROOT / "stores"))
    result = answer_suite.SuiteResult()
    for conversation in answer_suite.load(path):
        sender = f"bench-suite-{conversation['id']}-{secrets.token_hex(4)}"
        for turn in conversation["turns"]:
            reply = await chat(sender, turn["user"])
            result.turns.append(answer_suite.check(conversation, turn, reply, judge))
    return result.summary()


def start_servers(
    work: Path, model: Path, env: dict[str, str], stock: bool = False
) -> tuple[ActionServer, RasaServer, load.Client]:
    """The action server (waited for) and Rasa (started, not waited for) with
    the HTTP API on behind a fresh token, and a client for them."""
    token = secrets.token_hex(16)
    actions = ActionServer(work, **env).start_and_wait()
    extra = {"stock": True} if stock else {}
    rasa = RasaServer(
        work,
        action_port=actions.port,
        extra_args=["--enable-api", "--auth-token", token],
        model=model,
        **extra,
        **env,
    )
    rasa.start()
    return actions, rasa, load.Client(rasa.url, token)


async def real_departments_results(
    work: Path, model: Path, env: dict[str, str]
) -> dict[str, Any]:
    """tests/heldout/real_departments.yml with the real departments of
    tests/fixtures/departments/ added as store files: both servers started on
    that store (a department is one file and a restart, no training)."""
    store_dir = work / "store-with-fixtures"
    store_dir.mkdir(exist_ok=True)
    for path in [*(ROOT / "stores").glob("*.yml"), *FIXTURE_DEPARTMENTS.glob("*.yml")]:
        shutil.copy(path, store_dir / path.name)
    env = {**env, "STORE_DIR": str(store_dir)}
    actions, rasa, client = start_servers(work, model, env)
    try:
        await first_answer(client, rasa, timeout=300)
        return await answer_suite_results(
            client, answer_suite.REAL_DEPARTMENTS, store_dir
        )
    finally:
        await client.close()
        rasa.stop()
        actions.stop()


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
    model, cost = trained(args, config, work)

    env = server_env(work)
    print("bench: starting the action server and Rasa", flush=True)
    started = time.monotonic()
    actions, rasa, client = start_servers(work, model, env)
    try:
        results["first_burst"] = await start_measured(client, rasa, started, cost)
        await first_answer(client, rasa, timeout=300)

        print("bench: understanding (tests/nlu) and the baseline", flush=True)
        results["understanding"] = await understanding(
            client, ROOT / "stores", fallback_threshold(config)
        )

        print("bench: the answer suites (tests/heldout)", flush=True)
        results["answer_suite"] = await answer_suite_results(client)
        results["messy_turns"] = await answer_suite_results(client, answer_suite.MESSY)
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
        print(f"bench: one conversation of {args.long_turns} turns", flush=True)
        results["long_conversation"] = await long_conversation.measure(
            client, args.long_turns
        )
        hop = await load.action_server_alone(
            client.session, actions.url, "action_answer", args.turns
        )
        hop["action_minus_plain_p50_ms"] = (
            turns["action"]["p50_ms"] - turns["plain"]["p50_ms"]
        )
        results["action_server_alone"] = hop
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
        token = client.token
        rasa = await restart_with_limits(rasa, work, actions.port, model, token, env)
        results["limits_on"] = await limits_on(rasa, token, args.seconds)
    finally:
        await client.close()
        rasa.stop()
        actions.stop()
    print("bench: real departments added by store file (tests/fixtures)", flush=True)
    results["real_departments"] = await real_departments_results(work, model, env)
    results["cost"] = cost
    return results


async def run_stock(args: argparse.Namespace) -> dict[str, Any]:
    """The stock peer, measured like a profile: cold start, single turns, 10
    users, one long conversation."""
    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="run-stock-", dir=OUT))
    results: dict[str, Any] = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "config": str(STOCK_CONFIG.relative_to(ROOT)),
    }
    model, cost = trained(args, "stock", work)
    env = server_env(work)
    print("bench: starting the action server and the stock Rasa", flush=True)
    started = time.monotonic()
    actions, rasa, client = start_servers(work, model, env, stock=True)
    try:
        results["first_burst"] = await start_measured(client, rasa, started, cost)
        await first_answer(client, rasa, timeout=300)
        print("bench: stock peer, single turns", flush=True)
        turns = await load.single_turns(
            client, args.turns, PLAIN_TURN, ACTION_TURN, ACTION_TURN
        )
        turns["action_over_plain_p50"] = (
            turns["action"]["p50_ms"] / turns["plain"]["p50_ms"]
        )
        results["turns"] = turns
        print(f"bench: stock peer, 10 users, {args.seconds:.0f} s", flush=True)
        results["concurrency"] = [await load.concurrent_users(client, 10, args.seconds)]
        print(f"bench: stock peer, {args.long_turns} turns", flush=True)
        results["long_conversation"] = await long_conversation.measure(
            client, args.long_turns
        )
        cost["rasa_peak_mb"] = peak_mb(rasa.pid)
    finally:
        await client.close()
        rasa.stop()
        actions.stop()
    results["cost"] = cost
    return results


def versus_stock(results: dict[str, Any], stock: dict[str, Any]) -> dict[str, Any]:
    """The profile's speed figures as ratios against the stock peer's."""

    def ten(figures: dict[str, Any]) -> dict[str, Any]:
        return next(c for c in figures["concurrency"] if c["users"] == 10)

    return {
        "throughput_10_users": ten(results)["throughput_msg_s"]
        / ten(stock)["throughput_msg_s"],
        **{
            f"{kind}_p50": results["turns"][kind]["p50_ms"]
            / stock["turns"][kind]["p50_ms"]
            for kind in ("plain", "action")
        },
        "first_burst_p95": results["first_burst"]["p95_ms"]
        / stock["first_burst"]["p95_ms"],
    }


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
    parser.add_argument(
        "--reuse-models",
        action="store_true",
        help="serve the models of an earlier run (bench/out/models) if present",
    )
    parser.add_argument(
        "--no-stock", action="store_true", help="skip the stock peer (no ratios)"
    )
    parser.add_argument(
        "--long-turns", type=int, default=400, help="turns of the long conversation"
    )
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
    bench_began = time.monotonic()
    stock = None
    if not args.no_stock:
        began = time.monotonic()
        stock = asyncio.run(run_stock(args))
        stock["bench_s"] = time.monotonic() - began
        STOCK_RESULTS.write_text(json.dumps(stock, indent=2) + "\n")
    for config in configs:
        began = time.monotonic()
        results = asyncio.run(run(args, config))
        results["bench_s"] = time.monotonic() - began
        if stock is not None:
            results["stock"] = stock
            results["versus_stock"] = versus_stock(results, stock)
        path = results_path(config)
        path.write_text(json.dumps(results, indent=2) + "\n")
        print(report.table(results))
        if not args.no_docs:
            report.write_benchmarks(report.BENCHMARKS, results)
        print(f"bench: wrote {path.relative_to(ROOT)} in {results['bench_s']:.0f} s")
    print(f"bench: the whole run took {time.monotonic() - bench_began:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
