"""One long conversation over REST: does a turn get slower as it grows?

``python -m bench.long_conversation [--turns 400] [--stock]`` starts the action
server and Rasa (devtools/servers.py, or the stock peer with ``--stock``), sends
``--turns`` messages in ONE conversation, alternating a plain turn ("thanks", a
response from the domain) and an action turn ("what is cambridge's mission?",
the action server), and prints the p50 of each kind per block of 100 turns, as
JSON on the last line. ``make bench`` calls ``measure`` on servers it started.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench import load

PLAIN = "thanks"
ACTION = "what is cambridge's mission?"
BLOCK = 100


async def measure(
    client: load.Client, turns: int = 400, sender: str = "long-1"
) -> dict[str, Any]:
    """Send ``turns`` messages in one conversation; p50 per block of ``BLOCK``."""
    blocks: list[dict[str, Any]] = []
    kinds = {"plain": load.Timings(), "action": load.Timings()}
    for index in range(turns):
        kind = "plain" if index % 2 else "action"
        text = PLAIN if kind == "plain" else ACTION
        await client.timed(kinds[kind], client.chat(sender, text))
        if (index + 1) % BLOCK == 0:
            blocks.append(
                {
                    "turns": f"{index + 2 - BLOCK}-{index + 1}",
                    **{f"{k}_p50_ms": t.summary()["p50_ms"] for k, t in kinds.items()},
                    "failed": sum(t.failed for t in kinds.values()),
                }
            )
            kinds = {"plain": load.Timings(), "action": load.Timings()}
    first, last = blocks[0], blocks[-1]
    return {
        "turns": turns,
        "blocks": blocks,
        "growth": {
            kind: last[f"{kind}_p50_ms"] / first[f"{kind}_p50_ms"]
            for kind in ("plain", "action")
        },
    }


async def _main(args: argparse.Namespace) -> dict[str, Any]:
    from devtools.servers import MODEL, ActionServer, RasaServer

    work = Path(tempfile.mkdtemp(prefix="long-"))
    env = {"CONVERSATIONS_DB": str(work / "conversations.db")}
    actions = ActionServer(work, **env).start_and_wait()
    model = Path(args.model) if args.model else MODEL
    rasa = RasaServer(
        work, action_port=actions.port, model=model, stock=args.stock, **env
    )
    try:
        rasa.start_and_wait()
        client = load.Client(rasa.url, "")
        try:
            return await measure(client, args.turns)
        finally:
            await client.close()
    finally:
        rasa.stop()
        actions.stop()


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.long_conversation")
    parser.add_argument("--turns", type=int, default=400)
    parser.add_argument("--model", help="the model to serve (default: models/)")
    parser.add_argument(
        "--stock", action="store_true", help="plain `rasa run`, in-memory store"
    )
    args = parser.parse_args()
    result = asyncio.run(_main(args))
    for block in result["blocks"]:
        print(block, file=sys.stderr)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
