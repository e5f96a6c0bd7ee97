"""No silent failures with the real servers: the action server down or hanging, a
store file broken while running (the guard itself:
tests/unit/rasa_plugins/test_resilience.py)."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rasa.shared.core.domain import Domain

from statement_bot.names import UTTER_SERVICE_UNAVAILABLE
from tests.paths import ROOT

DOMAIN = Domain.load(str(ROOT / "domain.yml"))
UNAVAILABLE = DOMAIN.responses[UTTER_SERVICE_UNAVAILABLE][0]["text"]


class HangingServer:
    """A TCP server that accepts connections and never answers."""

    def __init__(self, port: int) -> None:
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(16)
        self.clients: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            self.clients.append(client)

    def close(self) -> None:
        for client in self.clients:
            client.close()
        self.sock.close()


@pytest.fixture
def actions_back(bot: Any) -> Iterator[Any]:
    """Whatever a test does to the action server, it is running afterwards."""
    yield bot
    if not bot.actions.alive():
        bot.restart_actions()


def timed_texts(bot: Any, sender: str, message: str) -> tuple[str, float]:
    started = time.monotonic()
    reply = bot.rasa.texts(sender, message)
    return reply, time.monotonic() - started


@pytest.mark.e2e
def test_action_server_down_then_back(actions_back: Any) -> None:
    bot = actions_back
    question = "What is Cambridge's mission?"
    assert "Cambridge" in bot.rasa.texts("down-1", question)
    bot.actions.stop()
    reply, seconds = timed_texts(bot, "down-1", question)
    assert reply == UNAVAILABLE
    assert seconds < 2
    # Rasa-side answers (no action server needed) still work meanwhile.
    assert "911" in bot.rasa.texts("down-1", "someone has a gun")
    bot.restart_actions()
    assert "Cambridge" in bot.rasa.texts("down-1", question)


@pytest.mark.e2e
def test_action_server_hanging(actions_back: Any) -> None:
    bot = actions_back
    bot.actions.stop()
    hanging = HangingServer(bot.actions.port)
    try:
        reply, seconds = timed_texts(bot, "hang-1", "What is Alhambra's vision?")
    finally:
        hanging.close()
    assert reply == UNAVAILABLE
    assert seconds < 10
    bot.restart_actions()
    assert "Alhambra" in bot.rasa.texts("hang-1", "What is Alhambra's vision?")


@pytest.mark.e2e
def test_a_store_file_broken_while_running_keeps_the_last_good_store(
    actions_back: Any, tmp_path: Path
) -> None:
    bot = actions_back
    store_dir = tmp_path / "store"
    shutil.copytree(ROOT / "stores", store_dir)
    bot.restart_actions(store_dir=store_dir)
    try:
        (store_dir / "cambridge.yml").write_text("id: [broken\n", encoding="utf-8")
        (store_dir / "alhambra.yml").unlink()
        reply = bot.rasa.texts("store-1", "What is Cambridge's mission?")
        assert "Cambridge" in reply and reply != UNAVAILABLE
        assert "Alhambra" in bot.rasa.texts("store-1", "What is Alhambra's vision?")
    finally:
        bot.restart_actions()
