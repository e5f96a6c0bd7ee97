"""Settings of the action server, read from the environment and ``.env``."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from dotenv import load_dotenv

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_STORE_DIR = PROJECT_ROOT / "stores"


def resolve_path(value: str | os.PathLike[str]) -> Path:
    """Resolve a configured path against the project root, never the working dir."""
    path = Path(value).expanduser()
    return path if path.is_absolute() else (PROJECT_ROOT / path).resolve()


@dataclass(frozen=True)
class Settings:
    """What the action server needs to know at start."""

    store_dir: Path
    default_department: str | None
    host: str
    port: int


def load_settings(env_file: Path | None = None) -> Settings:
    """Read settings; values already in the environment win over ``.env``."""
    load_dotenv(env_file or PROJECT_ROOT / ".env", override=False)
    default = os.environ.get("DEFAULT_DEPARTMENT", "").strip() or None
    port = os.environ.get("ACTION_SERVER_PORT", "5055").strip() or "5055"
    if not port.isdigit():
        raise ValueError(f"ACTION_SERVER_PORT must be a port number, not {port!r}")
    return Settings(
        store_dir=resolve_path(os.environ.get("STORE_DIR", "").strip() or "stores"),
        default_department=default,
        host=os.environ.get("ACTION_SERVER_HOST", "").strip() or "127.0.0.1",
        port=int(port),
    )
