"""Security defaults with real servers: no HTTP API by default (or token-protected),
a private action server, CORS, no user text in the logs at the default level."""

from __future__ import annotations

import socket
import time
import uuid
from typing import Any

import pytest

from devtools.servers import _Process, base_env, free_port, http_json
from tests.paths import ROOT

TOKEN = "test-token-" + "x" * 16


@pytest.mark.e2e
def test_the_action_server_does_not_answer_other_addresses(bot: Any) -> None:
    with socket.socket() as sock:
        sock.settimeout(2)
        # 127.0.0.2 reaches this machine, but not a server bound to 127.0.0.1 only.
        assert sock.connect_ex(("127.0.0.2", bot.actions.port)) != 0
    with socket.create_connection(("127.0.0.1", bot.actions.port), timeout=2):
        pass


@pytest.mark.e2e
@pytest.mark.parametrize("path", ["/status", "/version", "/conversations/x/tracker"])
def test_the_default_bot_has_no_http_api(bot: Any, path: str) -> None:
    status, _ = http_json(f"{bot.rasa.url}{path}")
    assert status in (403, 404) or path == "/version"


@pytest.fixture(scope="module")
def api_bot(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """scripts/run.sh with the HTTP API on (token), a CORS origin, logs at INFO."""
    log_dir = tmp_path_factory.mktemp("api-bot")
    rasa_port, web_port = free_port(), free_port()
    env = base_env(
        RASA_PORT=str(rasa_port),
        ACTION_SERVER_PORT=str(free_port()),
        WEB_PORT=str(web_port),
        RASA_ENABLE_API="true",
        RASA_AUTH_TOKEN=TOKEN,
        CORS_ORIGINS="http://allowed.example",
        LOG_LEVEL="INFO",
        CONVERSATIONS_DB=str(log_dir / "conversations.db"),
    )
    process = _Process("run", [str(ROOT / "scripts" / "run.sh")], env, log_dir)
    process.start()
    try:
        process.wait_until(f"http://127.0.0.1:{rasa_port}/", 300)
        process.url = f"http://127.0.0.1:{rasa_port}"  # type: ignore[attr-defined]
        yield process
    finally:
        process.stop()


@pytest.mark.e2e
def test_an_enabled_api_needs_the_token(api_bot: Any) -> None:
    assert http_json(f"{api_bot.url}/status")[0] == 401
    assert http_json(f"{api_bot.url}/status?token=wrong")[0] == 401
    assert http_json(f"{api_bot.url}/status?token={TOKEN}")[0] == 200


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("origin", "allowed"),
    [("http://allowed.example", True), ("http://evil.example", False)],
)
def test_cors_is_limited_to_the_configured_origins(
    api_bot: Any, origin: str, allowed: bool
) -> None:
    import urllib.request

    request = urllib.request.Request(
        f"{api_bot.url}/webhooks/rest/webhook",
        method="OPTIONS",
        headers={"Origin": origin, "Access-Control-Request-Method": "POST"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        header = response.headers.get("Access-Control-Allow-Origin")
    assert (header == origin) is allowed
    assert header != "*"


@pytest.mark.e2e
def test_logs_at_the_default_level_have_no_user_text(api_bot: Any) -> None:
    marker = f"zq{uuid.uuid4().hex[:12]}"
    messages = [
        f"What is the mission of {marker}?",
        f"/{marker}",
        f'/ask_mission{{"department": "{marker}"}}',
        f"/ask_mission{{{marker}",
        f"I want to kill myself {marker}",
        f"{marker} " * 400,
    ]
    for message in messages:
        status, _ = http_json(
            f"{api_bot.url}/webhooks/rest/webhook",
            {"sender": marker, "message": message},
        )
        assert status == 200
    status, _ = http_json(
        f"{api_bot.url}/webhooks/rest/webhook", {"sender": "x", "message": [marker]}
    )
    assert status == 400
    time.sleep(1)
    log = api_bot.log_path.read_text(errors="replace")
    assert "INFO" in log  # the servers did log at INFO
    assert marker not in log
