"""Security defaults: HTTP API off (or token-protected), private action server,
no secrets in the repository, the settings as the only reader of the environment
(the running servers: tests/e2e/test_safety_security.py)."""

from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

import pytest

from devtools.servers import base_env, free_port
from statement_bot.settings import VARIABLES, load_settings
from tests.paths import ROOT

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
