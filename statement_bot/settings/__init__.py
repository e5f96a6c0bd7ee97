"""Every setting of Statement Bot: the one package that knows names and defaults.

Values come from the process environment, then ``.env`` (python-dotenv; the
environment wins), then the defaults. Every variable is one entry of the table
in ``table.py`` (the one place to add one); ``schema.py`` derives the rest from
it: the groups (``settings.core``, ``.rasa``, ``.slack``, ``.cluster``), the
checks, the ``K=V`` environment and the check of ``.env.example``, which
documents exactly these variables. Everything else asks this package: the
Python code through ``load_settings()``, the shell scripts through
``python -m statement_bot.settings --export`` (``export K=V`` lines, checked and
with derived values filled in), and the servers started as children through
``server_environment()``.
"""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Mapping
from pathlib import Path

from dotenv import load_dotenv

from .kinds import PROJECT_ROOT, resolve_path
from .schema import Schema, Settings, SettingsError, Variable
from .table import RULES, TABLE

__all__ = [
    "DEFAULT_STORE_DIR",
    "ENV_FILE",
    "PROJECT_ROOT",
    "QUIET_ENVIRONMENT",
    "SCHEMA",
    "VARIABLES",
    "Schema",
    "Settings",
    "SettingsError",
    "Variable",
    "defaults",
    "export_lines",
    "from_environment",
    "load_settings",
    "resolve_path",
    "server_environment",
]

ENV_FILE = PROJECT_ROOT / ".env"
SCHEMA = Schema(TABLE, RULES)

# Every variable and its default, as .env.example writes it.
VARIABLES: dict[str, str] = SCHEMA.defaults

# What every server process gets on top of the settings: no telemetry, quiet
# TensorFlow, SQLAlchemy and deprecation warnings.
QUIET_ENVIRONMENT: dict[str, str] = {
    "RASA_TELEMETRY_ENABLED": "false",
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    "PYTHONWARNINGS": "ignore::DeprecationWarning",
}

DEFAULT_STORE_DIR = PROJECT_ROOT / VARIABLES["STORE_DIR"]


def from_environment(environ: Mapping[str, str], schema: Schema = SCHEMA) -> Settings:
    """Check ``environ`` (missing or blank variables take their defaults)."""
    return schema.read(environ)


def defaults(schema: Schema = SCHEMA) -> Settings:
    """The settings when no variable is set."""
    return schema.read({})


def load_settings(env_file: Path | None = None, schema: Schema = SCHEMA) -> Settings:
    """Read ``.env`` into the environment (values already set win), then check."""
    load_dotenv(env_file or ENV_FILE, override=False)
    return schema.read(os.environ)


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
