"""Every setting of Statement Bot: the one module that knows names and defaults.

Values come from the process environment, then ``.env`` (python-dotenv; the
environment wins), then the defaults in ``VARIABLES``. ``.env.example``
documents exactly these variables (a test checks it). Everything else asks this
module: the Python code through ``load_settings()``, the shell scripts through
``python -m statement_bot.settings --export`` (``export K=V`` lines, checked
and with derived values filled in), and the servers started as children through
``server_environment()``.
"""

from __future__ import annotations

import logging
import os
import shlex
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import load_dotenv

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENV_FILE = PROJECT_ROOT / ".env"

logger = logging.getLogger(__name__)

# Every variable and its default, as .env.example writes it.
VARIABLES: dict[str, str] = {
    "STORE_DIR": "stores",
    "DEFAULT_DEPARTMENT": "",
    "RASA_HOST": "127.0.0.1",
    "RASA_PORT": "5005",
    "ACTION_SERVER_HOST": "127.0.0.1",
    "ACTION_SERVER_PORT": "5055",
    "ACTION_TIMEOUT": "5",
    "PRACTICE_QUESTIONS": "5",
    "SOCKETIO_ENABLED": "true",
    "RASA_ENABLE_API": "false",
    "RASA_AUTH_TOKEN": "",
    "RASA_JWT_SECRET": "",
    "RASA_JWT_METHOD": "HS256",
    "CONVERSATIONS_DB": "var/conversations.db",
    "CONVERSATION_RETENTION_DAYS": "30",
    "CONVERSATION_PRUNE_MINUTES": "15",
    "CLUSTER_RASA_PORTS": "5006,5007",
    "CLUSTER_LOCAL_SERVICES": "true",
    "CLUSTER_DATA_DIR": "var/cluster",
    "POSTGRES_HOST": "127.0.0.1",
    "POSTGRES_PORT": "5432",
    "POSTGRES_DB": "statementbot",
    "POSTGRES_USER": "statementbot",
    "POSTGRES_PASSWORD": "statementbot",
    "REDIS_HOST": "127.0.0.1",
    "REDIS_PORT": "6379",
    "REDIS_DB": "1",
    "REDIS_PASSWORD": "",
    "WEB_PORT": "8080",
    "CORS_ORIGINS": "",
    "SLACK_TOKEN": "",
    "SLACK_SIGNING_SECRET": "",
    "SLACK_CHANNEL": "",
    "SLACK_API_URL": "",
    "LOG_LEVEL": "INFO",
    "RASA_TELEMETRY_ENABLED": "false",
}

# What every server process gets on top of the settings: no telemetry, quiet
# TensorFlow, SQLAlchemy and deprecation warnings.
QUIET_ENVIRONMENT: dict[str, str] = {
    "RASA_TELEMETRY_ENABLED": "false",
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    "PYTHONWARNINGS": "ignore::DeprecationWarning",
}

DEFAULT_STORE_DIR = PROJECT_ROOT / VARIABLES["STORE_DIR"]
ACTION_TIMEOUT_RANGE = (0.5, 60.0)
PRACTICE_QUESTIONS_RANGE = (1, 50)
_TRUE = frozenset({"true", "1", "yes", "on"})
_FALSE = frozenset({"false", "0", "no", "off", ""})


class SettingsError(ValueError):
    """A variable has a value that cannot be used; the message names it."""


def resolve_path(value: str | os.PathLike[str]) -> Path:
    """Resolve a configured path against the project root, never the working dir."""
    path = Path(value).expanduser()
    return path if path.is_absolute() else (PROJECT_ROOT / path).resolve()


@dataclass(frozen=True)
class Settings:
    """The checked settings (``from_environment``; ``defaults()`` for none set)."""

    store_dir: Path
    default_department: str | None
    rasa_host: str
    rasa_port: int
    action_host: str
    action_port: int
    action_timeout: float
    practice_questions: int
    socketio_enabled: bool
    enable_api: bool
    auth_token: str
    jwt_secret: str
    jwt_method: str
    conversations_db: Path
    retention_days: float
    prune_minutes: float
    cluster_rasa_ports: tuple[int, ...]
    cluster_local_services: bool
    cluster_data_dir: Path
    postgres_host: str
    postgres_port: int
    postgres_db: str
    postgres_user: str
    postgres_password: str
    redis_host: str
    redis_port: int
    redis_db: int
    redis_password: str
    web_port: int
    cors_origins: tuple[str, ...]  # as configured; see allowed_origins
    slack_token: str
    slack_signing_secret: str
    slack_channel: str
    slack_api_url: str
    log_level: str
    raw: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def allowed_origins(self) -> tuple[str, ...]:
        """Pages whose browsers may call Rasa: ``CORS_ORIGINS``, else the demo page."""
        return self.cors_origins or (
            f"http://localhost:{self.web_port}",
            f"http://127.0.0.1:{self.web_port}",
        )

    @property
    def slack_enabled(self) -> bool:
        """Slack runs only with both its token and its signing secret."""
        return bool(self.slack_token and self.slack_signing_secret)

    def environment(self) -> dict[str, str]:
        """Every variable as the processes of the bot should see it (checked and
        derived: absolute paths, the default CORS origins)."""
        env = dict(self.raw)
        env.update(
            STORE_DIR=str(self.store_dir),
            CONVERSATIONS_DB=str(self.conversations_db),
            CLUSTER_DATA_DIR=str(self.cluster_data_dir),
            CORS_ORIGINS=" ".join(self.allowed_origins),
            ACTION_TIMEOUT=f"{self.action_timeout:g}",
            RASA_ENABLE_API=str(self.enable_api).lower(),
            CLUSTER_LOCAL_SERVICES=str(self.cluster_local_services).lower(),
            SOCKETIO_ENABLED=str(self.socketio_enabled).lower(),
            LOG_LEVEL=self.log_level,
        )
        return env


def _port(env: Mapping[str, str], name: str) -> int:
    raw = env[name]
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise SettingsError(f"{name} must be a port number (1-65535), not {raw!r}")
    return int(raw)


def _number(env: Mapping[str, str], name: str, minimum: float = 0) -> float:
    raw = env[name]
    try:
        value = float(raw)
    except ValueError:
        value = minimum - 1
    if value < minimum:
        raise SettingsError(
            f"{name} must be a number of at least {minimum:g}, not {raw!r}"
        )
    return value


def _flag(env: Mapping[str, str], name: str) -> bool:
    raw = env[name].lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise SettingsError(f"{name} must be true or false, not {env[name]!r}")


def _practice_questions(raw: str) -> int:
    """``PRACTICE_QUESTIONS``: questions in a practice round, 1-50."""
    low, high = PRACTICE_QUESTIONS_RANGE
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise SettingsError(
            f"PRACTICE_QUESTIONS must be a whole number from {low} to {high}, not {raw!r}"
        )
    return int(raw)


def _action_timeout(raw: str) -> float:
    """``ACTION_TIMEOUT`` in seconds, kept within 0.5-60; not a number: the default."""
    default = float(VARIABLES["ACTION_TIMEOUT"])
    try:
        value = float(raw) if raw else default
    except ValueError:
        logger.warning("ACTION_TIMEOUT=%r is not a number; using %s s", raw, default)
        return default
    low, high = ACTION_TIMEOUT_RANGE
    return min(max(value, low), high)


def from_environment(environ: Mapping[str, str]) -> Settings:
    """Check ``environ`` (missing or blank variables take their defaults)."""
    env = {
        name: (str(environ.get(name) or "").strip() or default)
        for name, default in VARIABLES.items()
    }
    for secret in ("POSTGRES_PASSWORD", "REDIS_PASSWORD"):
        if secret in environ:  # an empty password is a choice, not "unset"
            env[secret] = str(environ[secret])
    cors = tuple(env["CORS_ORIGINS"].split())
    if "*" in cors:
        raise SettingsError("CORS_ORIGINS must list web pages, not '*'")
    web_port = _port(env, "WEB_PORT")
    token = env["RASA_AUTH_TOKEN"]
    enable_api = _flag(env, "RASA_ENABLE_API")
    if enable_api and not token and not env["RASA_JWT_SECRET"]:
        raise SettingsError(
            "RASA_ENABLE_API=true needs RASA_AUTH_TOKEN or RASA_JWT_SECRET in .env"
        )
    if enable_api and token and len(token) < 16:
        raise SettingsError("RASA_AUTH_TOKEN must be at least 16 characters")
    ports = env["CLUSTER_RASA_PORTS"].replace(",", " ").split()
    cluster_ports = tuple(
        _port({"CLUSTER_RASA_PORTS": p}, "CLUSTER_RASA_PORTS") for p in ports
    )
    return Settings(
        store_dir=resolve_path(env["STORE_DIR"]),
        default_department=env["DEFAULT_DEPARTMENT"] or None,
        rasa_host=env["RASA_HOST"],
        rasa_port=_port(env, "RASA_PORT"),
        action_host=env["ACTION_SERVER_HOST"],
        action_port=_port(env, "ACTION_SERVER_PORT"),
        action_timeout=_action_timeout(env["ACTION_TIMEOUT"]),
        practice_questions=_practice_questions(env["PRACTICE_QUESTIONS"]),
        socketio_enabled=_flag(env, "SOCKETIO_ENABLED"),
        enable_api=enable_api,
        auth_token=token,
        jwt_secret=env["RASA_JWT_SECRET"],
        jwt_method=env["RASA_JWT_METHOD"],
        conversations_db=resolve_path(env["CONVERSATIONS_DB"]),
        retention_days=_number(env, "CONVERSATION_RETENTION_DAYS"),
        prune_minutes=_number(env, "CONVERSATION_PRUNE_MINUTES"),
        cluster_rasa_ports=cluster_ports,
        cluster_local_services=_flag(env, "CLUSTER_LOCAL_SERVICES"),
        cluster_data_dir=resolve_path(env["CLUSTER_DATA_DIR"]),
        postgres_host=env["POSTGRES_HOST"],
        postgres_port=_port(env, "POSTGRES_PORT"),
        postgres_db=env["POSTGRES_DB"],
        postgres_user=env["POSTGRES_USER"],
        postgres_password=env["POSTGRES_PASSWORD"],
        redis_host=env["REDIS_HOST"],
        redis_port=_port(env, "REDIS_PORT"),
        redis_db=int(_number(env, "REDIS_DB")),
        redis_password=env["REDIS_PASSWORD"],
        web_port=web_port,
        cors_origins=cors,
        slack_token=env["SLACK_TOKEN"],
        slack_signing_secret=env["SLACK_SIGNING_SECRET"],
        slack_channel=env["SLACK_CHANNEL"],
        slack_api_url=env["SLACK_API_URL"],
        log_level=env["LOG_LEVEL"].upper(),
        raw=env,
    )


def defaults() -> Settings:
    """The settings when no variable is set."""
    return from_environment({})


def load_settings(env_file: Path | None = None) -> Settings:
    """Read ``.env`` into the environment (values already set win), then check."""
    load_dotenv(env_file or ENV_FILE, override=False)
    return from_environment(os.environ)


def server_environment(
    settings: Settings | None = None, **overrides: str
) -> dict[str, str]:
    """The environment of a server process: this one, every setting, quiet
    libraries, then ``overrides``."""
    env = dict(os.environ)
    env.update((settings or load_settings()).environment())
    env.update(QUIET_ENVIRONMENT)
    env.update(overrides)
    return env


def export_lines(settings: Settings) -> list[str]:
    """``export K=V`` lines for the shell scripts (values shell-quoted)."""
    env = {**settings.environment(), **QUIET_ENVIRONMENT}
    return [f"export {name}={shlex.quote(value)}" for name, value in env.items()]


def main(argv: list[str] | None = None) -> int:
    """``python -m statement_bot.settings --export``: the settings for a shell."""
    args = sys.argv[1:] if argv is None else argv
    if args != ["--export"]:
        print("usage: python -m statement_bot.settings --export", file=sys.stderr)
        return 2
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"error: .env: {exc}", file=sys.stderr)
        return 1
    print("\n".join(export_lines(settings)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
