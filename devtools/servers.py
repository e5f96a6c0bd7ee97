"""Start the real servers for the tests and the benchmark.

``ActionServer`` and ``RasaServer`` run the same commands as ``scripts/run.sh``
(Rasa through the patching launcher, ``python -m rasa_plugins``) on free loopback
ports, wait until they answer, and stop them (and their children) afterwards.
Tests share one running bot through the ``bot`` fixture in ``conftest.py``; a
test that needs its own store restarts only the action server.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from ops.processes import Process, free_port, rasa_run_command, wait_for_http
from statement_bot.settings import server_environment

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
MODEL = ROOT / "models" / "statement-bot.tar.gz"
# The stock peer of the benchmark: Rasa's own REST channel and in-memory tracker
# store, the same action server (bench/stock-*.yml).
STOCK_ENDPOINTS = ROOT / "bench" / "stock-endpoints.yml"
STOCK_CREDENTIALS = ROOT / "bench" / "stock-credentials.yml"


# The rate limits are off for the tests and the benchmark: a "please slow
# down" reply must never pass for an answer. tests/test_hostile_limits.py turns
# them on to prove they bite.
LIMITS_OFF = {"SENDER_RATE_LIMIT": "0", "ADDRESS_RATE_LIMIT": "0"}


def base_env(**overrides: str) -> dict[str, str]:
    """The servers' environment: the settings, quiet, offline, on loopback, the
    rate limits off."""
    defaults = {
        "ACTION_SERVER_HOST": "127.0.0.1",
        "RASA_HOST": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
        **LIMITS_OFF,
    }
    return server_environment(**{**defaults, **overrides})


def http_json(
    url: str,
    body: Any = None,
    timeout: float = 30,
    raw: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, Any]:
    """POST ``body`` as JSON (or GET when None); return (status, decoded JSON or text)."""
    data = (
        raw
        if raw is not None
        else (None if body is None else json.dumps(body).encode())
    )
    request = urllib.request.Request(
        url, data=data, headers={"Content-Type": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, payload = response.status, response.read()
    except urllib.error.HTTPError as exc:
        status, payload = exc.code, exc.read()
    try:
        return status, json.loads(payload or b"null")
    except ValueError:
        return status, payload.decode("utf-8", "replace")


def cors_preflight(url: str, origin: str) -> str | None:
    """The ``Access-Control-Allow-Origin`` a browser on ``origin`` gets for a POST
    of JSON to ``url`` (the preflight request), or None."""
    request = urllib.request.Request(
        url,
        method="OPTIONS",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers.get("Access-Control-Allow-Origin")


class _Process(Process):
    """A server process for a test, with its output in ``log_dir/<name>.log``."""

    def __init__(
        self, name: str, command: list[str], env: dict[str, str], log_dir: Path
    ) -> None:
        super().__init__(name, command, log_dir, env)

    def wait_until(self, url: str, timeout: float) -> None:
        wait_for_http(url, timeout, self)


class ActionServer(_Process):
    """``python -m actions`` on a free port."""

    def __init__(
        self,
        log_dir: Path,
        store_dir: Path | None = None,
        port: int | None = None,
        **env: str,
    ) -> None:
        self.port = port or free_port()
        extra = {"ACTION_SERVER_PORT": str(self.port), **env}
        if store_dir is not None:
            extra["STORE_DIR"] = str(store_dir)
        super().__init__(
            "actions",
            [str(VENV_BIN / "python"), "-m", "actions"],
            base_env(**extra),
            log_dir,
        )
        self.url = f"http://127.0.0.1:{self.port}"

    def start_and_wait(self, timeout: float = 60) -> ActionServer:
        self.start()
        self.wait_until(f"{self.url}/health", timeout)
        return self


class RasaServer(_Process):
    """``rasa run`` with the trained model (or ``model``), REST and no HTTP API.

    ``stock=True`` runs plain ``rasa run`` from the venv (no patches, Rasa's REST
    channel and in-memory tracker store): the benchmark's stock peer.
    """

    def __init__(
        self,
        log_dir: Path,
        action_port: int,
        port: int | None = None,
        credentials: Path | None = None,
        endpoints: Path | None = None,
        extra_args: list[str] | None = None,
        model: Path | None = None,
        stock: bool = False,
        **env: str,
    ) -> None:
        self.port = port or free_port()
        command = rasa_run_command(
            model or MODEL,
            endpoints or (STOCK_ENDPOINTS if stock else ROOT / "endpoints.yml"),
            credentials or (STOCK_CREDENTIALS if stock else ROOT / "credentials.yml"),
            self.port,
        )
        if stock:  # `rasa run`, not `python -m rasa_plugins run`
            command = [str(VENV_BIN / "rasa"), *command[3:]]
        command += extra_args or []
        extra = {
            "RASA_PORT": str(self.port),
            "ACTION_SERVER_PORT": str(action_port),
            **env,
        }
        super().__init__("rasa", command, base_env(**extra), log_dir)
        self.url = f"http://127.0.0.1:{self.port}"

    def start_and_wait(self, timeout: float = 240) -> RasaServer:
        self.start()
        self.wait_until(f"{self.url}/", timeout)
        return self

    def chat(self, sender: str, message: str, **extra: Any) -> list[dict[str, Any]]:
        """Send one message over the REST channel; return the bot's messages."""
        status, replies = http_json(
            f"{self.url}/webhooks/rest/webhook",
            {"sender": sender, "message": message, **extra},
        )
        assert status == 200, (status, replies)
        return replies

    def texts(self, sender: str, message: str) -> str:
        """The bot's reply texts, joined by newlines."""
        return "\n".join(m.get("text") or "" for m in self.chat(sender, message))
