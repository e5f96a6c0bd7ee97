"""The atomic Redis lock store against a real Redis (installed by the set-up)."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from ops.processes import Process, free_port, wait_for_port
from rasa_plugins.lock_store import AtomicRedisLockStore
from tests.paths import ROOT

# e2e too, so that a plain `pytest -m "not e2e"` never starts the whole stack
pytestmark = [pytest.mark.e2e, pytest.mark.cluster]


@pytest.fixture(scope="module")
def redis_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    subprocess.run([str(ROOT / "cluster" / "install-services.sh")], check=True)
    folder = tmp_path_factory.mktemp("redis")
    port = free_port()
    command = [shutil.which("redis-server") or "/usr/bin/redis-server"]
    command += ["--bind", "127.0.0.1", "--port", str(port), "--save", ""]
    command += ["--dir", str(folder)]
    process = Process("redis", command, Path(folder)).start()
    try:
        wait_for_port("127.0.0.1", port, 30, process)
        yield port
    finally:
        process.stop()


def store(port: int) -> AtomicRedisLockStore:
    """A separate client, as each Rasa server has its own."""
    return AtomicRedisLockStore(host="127.0.0.1", port=port, db=1, key_prefix="test")


def test_tickets_from_many_clients_are_unique_and_consecutive(redis_port: int) -> None:
    tickets: list[int] = []
    guard = threading.Lock()

    def issue() -> None:
        mine = store(redis_port)
        for _ in range(50):
            ticket = mine.issue_ticket("crowded", lock_lifetime=60)
            with guard:
                tickets.append(ticket)

    threads = [threading.Thread(target=issue) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(tickets) == list(range(200))
    lock = store(redis_port).get_lock("crowded")
    assert lock is not None and len(lock.tickets) == 200


async def test_messages_are_served_in_ticket_order_across_clients(
    redis_port: int,
) -> None:
    served: list[int] = []

    async def handle(number: int) -> None:
        async with store(redis_port).lock("ordered", wait_time_in_seconds=0.05):
            served.append(number)
            await asyncio.sleep(0.05)

    tasks = []
    for number in range(6):
        tasks.append(asyncio.create_task(handle(number)))
        await asyncio.sleep(0.01)  # arrival order = number
    await asyncio.gather(*tasks)
    assert served == list(range(6))
    assert store(redis_port).get_lock("ordered") is None  # cleaned up
