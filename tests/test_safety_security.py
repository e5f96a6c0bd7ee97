"""Security defaults: HTTP API off (or token-protected), private action server,
no secrets in the repository, no user text in the logs at the default level."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from devtools.servers import ROOT, _Process, base_env, free_port, http_json
from statement_bot.settings import VARIABLES, load_settings

TOKEN = "test-token-" + "x" * 16


def api_args(**env: str) -> subprocess.CompletedProcess[str]:
    """Source scripts/api-args.sh with ``env``; print the options one per line."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("RASA_")}
    return subprocess.run(
        ["bash", "-c", 'source scripts/api-args.sh; printf "%s\\n" "${api_args[@]}"'],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=30,
    )


@pytest.mark.parametrize(
    "env", [{}, {"RASA_ENABLE_API": "false"}, {"RASA_ENABLE_API": "0"}]
)
def test_the_http_api_is_off_by_default(env: dict[str, str]) -> None:
    result = api_args(**env, RASA_AUTH_TOKEN=TOKEN)
    assert result.returncode == 0
    assert "--enable-api" not in result.stdout


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"RASA_AUTH_TOKEN": TOKEN}, ["--enable-api", "--auth-token", TOKEN]),
        (
            {"RASA_JWT_SECRET": "s3cret"},
            ["--enable-api", "--jwt-secret", "s3cret", "--jwt-method", "HS256"],
        ),
    ],
)
def test_the_http_api_needs_a_token(env: dict[str, str], expected: list[str]) -> None:
    result = api_args(RASA_ENABLE_API="true", **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == expected


@pytest.mark.parametrize(
    "env",
    [
        {"RASA_ENABLE_API": "true"},
        {"RASA_ENABLE_API": "true", "RASA_AUTH_TOKEN": ""},
        {"RASA_ENABLE_API": "true", "RASA_AUTH_TOKEN": "short"},
        {"RASA_ENABLE_API": "maybe", "RASA_AUTH_TOKEN": TOKEN},
    ],
)
def test_the_http_api_without_a_good_token_is_refused(env: dict[str, str]) -> None:
    result = api_args(**env)
    assert result.returncode == 1
    assert "error:" in result.stderr


def test_run_sh_refuses_to_start_the_api_without_a_token(tmp_path: Path) -> None:
    env = base_env(
        RASA_ENABLE_API="true",
        RASA_AUTH_TOKEN="",
        RASA_JWT_SECRET="",
        RASA_PORT=str(free_port()),
        ACTION_SERVER_PORT=str(free_port()),
        CONVERSATIONS_DB=str(tmp_path / "c.db"),
    )
    started = time.monotonic()
    result = subprocess.run(
        ["scripts/run.sh"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "RASA_AUTH_TOKEN" in result.stderr
    assert time.monotonic() - started < 30  # refused before starting anything


def test_the_action_server_is_private_by_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("ACTION_SERVER_HOST", raising=False)
    assert load_settings(ROOT / "no-such.env").rasa.action_host == "127.0.0.1"


def test_env_is_ignored_and_not_tracked() -> None:
    ignored = subprocess.run(["git", "check-ignore", "-q", ".env"], cwd=ROOT)
    assert ignored.returncode == 0
    tracked = subprocess.run(
        ["git", "ls-files", ".env"], cwd=ROOT, capture_output=True, text=True
    )
    assert tracked.stdout.strip() == ""


SECRET_PATTERNS = [
    re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    re.compile(r"\bxox[abprs]-[0-9A-Za-z-]{10,}"),  # Slack tokens
    re.compile(r"\bAKIA[0-9A-Z]{16}\b"),  # AWS access keys
    re.compile(r"\bgh[pousr]_[0-9A-Za-z]{30,}"),  # GitHub tokens
    re.compile(
        r"(?im)^[ \t]*[A-Z_]*(?:TOKEN|SECRET|PASSWORD|API_KEY)[A-Z_]*[ \t]*[=:]"
        r"[ \t]*['\"]?[A-Za-z0-9+/_\-]{12,}"
    ),
]
# Made-up values in tests and examples are fine, and so is the scale-out
# profile's documented local-only PostgreSQL default ("set a real password").
FAKE = re.compile(r"(?i)test|example|fake|dummy|placeholder|changeme|=statementbot$")


def test_no_secret_is_committed() -> None:
    files = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    found = []
    for name in files:
        path = ROOT / name
        if not path.is_file() or path.stat().st_size > 2_000_000:
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        for pattern in SECRET_PATTERNS:
            found += [
                f"{name}: {m.group(0)[:12]}..."
                for m in pattern.finditer(text)
                if not FAKE.search(m.group(0))
            ]
    assert found == []


def documented_variables() -> dict[str, str]:
    """Each variable .env.example sets, with the value it gives."""
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    return dict(re.findall(r"(?m)^([A-Z][A-Z0-9_]+)=(.*)$", text))


def test_env_example_documents_exactly_the_settings_with_their_defaults() -> None:
    assert documented_variables() == VARIABLES


def test_the_project_reads_no_variable_the_settings_do_not_define() -> None:
    used: set[str] = set()
    for name in ("endpoints.yml", "credentials.yml", "cluster/endpoints.cluster.yml"):
        used |= set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", (ROOT / name).read_text()))
    for script in (ROOT / "scripts").glob("*.sh"):
        used |= set(re.findall(r"\$\{?([A-Z][A-Z0-9_]+)", script.read_text()))
    # PYTHON310: where make finds Python 3.10 (scripts/find-python.sh), set-up only.
    assert used - set(VARIABLES) <= {"PWD", "HOME", "PYTHON310"}


def test_only_the_settings_module_reads_the_environment() -> None:
    readers = []
    for folder in ("statement_bot", "actions", "rasa_plugins", "web", "ops", "cluster"):
        for path in (ROOT / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            # reading a variable (setting one for a library is not reading it)
            reads = r"environ\.get\(|getenv\(|environ\[[^]]+\](?!\s*=)|load_dotenv"
            if re.search(reads, text):
                readers.append(str(path.relative_to(ROOT)))
    assert readers == ["statement_bot/settings/__init__.py"]


def test_the_shell_scripts_get_their_values_from_the_settings_module() -> None:
    env_sh = (ROOT / "scripts" / "env.sh").read_text()
    assert "python -m statement_bot.settings --export" in env_sh
    code = [line for line in env_sh.splitlines() if not line.startswith("#")]
    assert not any(".env" in line.replace(".venv", "") for line in code)


# --- against real servers ------------------------------------------------------


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
