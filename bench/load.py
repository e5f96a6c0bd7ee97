"""HTTP timing against running servers: single turns and concurrent users.

Everything goes through the REST channel (``/webhooks/rest/webhook``) or, for
NLU-only turns, Rasa's ``/model/parse`` (the bench's Rasa has the HTTP API on
with a random token, for the bench only). A reply counts as failed when the
request errors, the status is not 200, or the bot says nothing.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp

# What the concurrent users say, in turn: a mix of plain replies and actions.
MIXED_SCRIPT = (
    "hello",
    "What is Cambridge's mission?",
    "and their vision?",
    "what are the core values of Alhambra police?",
    "thanks!",
    "how can I contact the West Sacramento police?",
    "are you a bot?",
    "what does integrity mean to Cambridge?",
)
TURNS_PER_CONVERSATION = 8


def percentile(values: list[float], share: float) -> float | None:
    """The ``share`` percentile (0-1) of ``values`` (nearest rank), None if empty."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


@dataclass
class Timings:
    """Latencies in ms and the count of failed replies."""

    latencies: list[float] = field(default_factory=list)
    failed: int = 0

    def summary(self) -> dict[str, Any]:
        return {
            "n": len(self.latencies),
            "p50_ms": percentile(self.latencies, 0.50),
            "p95_ms": percentile(self.latencies, 0.95),
            "p99_ms": percentile(self.latencies, 0.99),
            "failed": self.failed,
        }


class Client:
    """One aiohttp session to the bench's Rasa."""

    def __init__(self, rasa_url: str, token: str) -> None:
        self.rasa_url = rasa_url
        self.token = token
        self.session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=0),
            timeout=aiohttp.ClientTimeout(total=60),
        )

    async def close(self) -> None:
        await self.session.close()

    async def chat(self, sender: str, message: str) -> list[dict[str, Any]] | None:
        """The bot's messages, or None when the turn failed."""
        try:
            async with self.session.post(
                f"{self.rasa_url}/webhooks/rest/webhook",
                json={"sender": sender, "message": message},
            ) as response:
                if response.status != 200:
                    return None
                replies = await response.json()
        except (aiohttp.ClientError, asyncio.TimeoutError):
            return None
        return replies if isinstance(replies, list) and replies else None

    async def parse(self, text: str) -> dict[str, Any] | None:
        """Rasa's NLU result for ``text`` (HTTP API), or None."""
        try:
            async with self.session.post(
                f"{self.rasa_url}/model/parse",
                params={"token": self.token},
                json={"text": text},
            ) as response:
                if response.status != 200:
                    return None
                return await response.json()
        except (aiohttp.ClientError, asyncio.TimeoutError):
            return None

    async def timed(self, timings: Timings, call: Any) -> Any:
        started = time.perf_counter()
        result = await call
        timings.latencies.append((time.perf_counter() - started) * 1000)
        if not result:
            timings.failed += 1
        return result


async def single_turns(
    client: Client, turns: int, plain: str, action: str, nlu_text: str
) -> dict[str, dict[str, Any]]:
    """Sequential NLU-only, plain-response and action turns, interleaved.

    Interleaving makes background noise hit all three kinds alike. Each sender
    has ``TURNS_PER_CONVERSATION`` turns, so conversations stay realistic.
    """
    kinds = {"nlu": Timings(), "plain": Timings(), "action": Timings()}
    for index in range(turns):
        conversation = index // TURNS_PER_CONVERSATION
        await client.timed(kinds["nlu"], client.parse(nlu_text))
        await client.timed(kinds["plain"], client.chat(f"plain-{conversation}", plain))
        await client.timed(
            kinds["action"], client.chat(f"action-{conversation}", action)
        )
    return {name: timings.summary() for name, timings in kinds.items()}


async def concurrent_users(client: Client, users: int, seconds: float) -> dict:
    """``users`` users chat in a loop for ``seconds``; throughput and latency."""
    timings = Timings()
    deadline = time.monotonic() + seconds

    async def user(number: int) -> None:
        turn = 0
        while time.monotonic() < deadline:
            conversation = turn // TURNS_PER_CONVERSATION
            message = MIXED_SCRIPT[turn % len(MIXED_SCRIPT)]
            await client.timed(
                timings, client.chat(f"load{users}-{number}-{conversation}", message)
            )
            turn += 1

    started = time.monotonic()
    await asyncio.gather(*(user(number) for number in range(users)))
    elapsed = time.monotonic() - started
    ok = len(timings.latencies) - timings.failed
    return {
        "users": users,
        "seconds": elapsed,
        "messages": len(timings.latencies),
        "throughput_msg_s": ok / elapsed,
        **timings.summary(),
    }


async def first_burst(client: Client, users: int = 10, turns: int = 3) -> dict:
    """Right after start: ``users`` new users at once, ``turns`` messages each
    (the mixed script); latency of all of them."""
    timings = Timings()

    async def user(number: int) -> None:
        for turn in range(turns):
            message = MIXED_SCRIPT[(number + turn) % len(MIXED_SCRIPT)]
            await client.timed(timings, client.chat(f"burst-{number}", message))

    await asyncio.gather(*(user(number) for number in range(users)))
    return {"users": users, "first_ms": min(timings.latencies), **timings.summary()}


async def action_server_alone(
    session: aiohttp.ClientSession, url: str, action: str, calls: int
) -> dict:
    """The action server's own handling of ``action`` (POST /webhook with a
    tracker like the one Rasa sends for "What is Cambridge's mission?"), timed
    from here: the action turn's cost without Rasa."""
    timings = Timings()
    latest = {
        "text": "What is Cambridge's mission?",
        "intent": {"name": "ask_mission", "confidence": 0.99},
        "entities": [{"entity": "department", "value": "cambridge"}],
    }
    body = {
        "next_action": action,
        "sender_id": "bench-hop",
        "version": "3.6.21",
        "domain": {},
        "tracker": {
            "sender_id": "bench-hop",
            "slots": {},
            "latest_message": latest,
            "events": [{"event": "user", **latest}],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
        },
    }

    async def call() -> Any:
        try:
            async with session.post(f"{url}/webhook", json=body) as response:
                return response.status == 200 and await response.json()
        except (aiohttp.ClientError, asyncio.TimeoutError):
            return None

    for _ in range(calls):
        started = time.perf_counter()
        ok = await call()
        timings.latencies.append((time.perf_counter() - started) * 1000)
        timings.failed += not ok
    return timings.summary()
