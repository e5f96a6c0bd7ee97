"""The cold start alone: ``python -m bench.cold_start [--stock]`` starts the
servers, sends the first burst of 10 users the moment Rasa reports ready, then
10 users for ``--seconds``; prints both p95s and their ratio as JSON."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import load


async def _main(args: argparse.Namespace) -> dict[str, Any]:
    from bench.__main__ import start_measured
    from devtools.servers import MODEL, ActionServer, RasaServer

    work = Path(tempfile.mkdtemp(prefix="cold-"))
    env = {"CONVERSATIONS_DB": str(work / "conversations.db")}
    started = time.monotonic()
    actions = ActionServer(work, **env).start_and_wait()
    model = Path(args.model) if args.model else MODEL
    rasa = RasaServer(
        work, action_port=actions.port, model=model, stock=args.stock, **env
    )
    rasa.start()
    client = load.Client(rasa.url, "")
    cost: dict[str, Any] = {}
    try:
        burst = await start_measured(client, rasa, started, cost)
        steady = await load.concurrent_users(client, 10, args.seconds)
    finally:
        await client.close()
        rasa.stop()
        actions.stop()
    return {
        **cost,
        "first_burst": burst,
        "steady_10_users": steady,
        "burst_over_steady_p95": burst["p95_ms"] / steady["p95_ms"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cold_start")
    parser.add_argument("--model", help="the model to serve (default: models/)")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--stock", action="store_true", help="plain `rasa run`")
    print(json.dumps(asyncio.run(_main(parser.parse_args()))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
