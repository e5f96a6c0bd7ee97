"""Kinds of setting: how a variable's text is checked into a value and shown back.

A kind's ``parse`` raises ``Invalid`` with what the value must be (the reader
adds the variable's name); its ``show`` writes the value as the processes of the
bot should see it (``export K=V``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[2]

_TRUE = frozenset({"true", "1", "yes", "on"})
_FALSE = frozenset({"false", "0", "no", "off", ""})


class Invalid(ValueError):
    """A value a kind refuses; the message says what it must be."""


@dataclass(frozen=True)
class Kind:
    """A kind of value: its Python type, its check, and how it is shown."""

    type: Any
    parse: Callable[[str], Any]
    show: Callable[[Any], str] = str


def resolve_path(value: str | os.PathLike[str]) -> Path:
    """Resolve a configured path against the project root, never the working dir."""
    path = Path(value).expanduser()
    return path if path.is_absolute() else (PROJECT_ROOT / path).resolve()


def _text(raw: str) -> str:
    return raw


def _optional(raw: str) -> str | None:
    return raw or None


def _port(raw: str) -> int:
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise Invalid(f"must be a port number (1-65535), not {raw!r}")
    return int(raw)


def _ports(raw: str) -> tuple[int, ...]:
    return tuple(_port(part) for part in raw.replace(",", " ").split())


def _flag(raw: str) -> bool:
    if raw.lower() in _TRUE:
        return True
    if raw.lower() in _FALSE:
        return False
    raise Invalid(f"must be true or false, not {raw!r}")


def _origins(raw: str) -> tuple[str, ...]:
    origins = tuple(raw.split())
    if "*" in origins:
        raise Invalid("must list web pages, not '*'")
    return origins


def _float(raw: str) -> float | None:
    try:
        return float(raw)
    except ValueError:
        return None


def number(minimum: float = 0) -> Kind:
    """A number of at least ``minimum``."""

    def parse(raw: str) -> float:
        value = _float(raw)
        if value is None or value < minimum:
            raise Invalid(f"must be a number of at least {minimum:g}, not {raw!r}")
        return value

    return Kind(float, parse, show=lambda value: f"{value:g}")


def whole(low: int, high: int | None = None) -> Kind:
    """A whole number from ``low`` to ``high`` (no upper limit: None)."""
    span = f"of at least {low}" if high is None else f"from {low} to {high}"

    def parse(raw: str) -> int:
        if (
            not raw.isdigit()
            or int(raw) < low
            or (high is not None and int(raw) > high)
        ):
            raise Invalid(f"must be a whole number {span}, not {raw!r}")
        return int(raw)

    return Kind(int, parse)


def within(low: float, high: float) -> Kind:
    """A number, brought within ``low``-``high`` (not refused when outside)."""

    def parse(raw: str) -> float:
        value = _float(raw)
        if value is None:
            raise Invalid(f"must be a number, not {raw!r}")
        return min(max(value, low), high)

    return Kind(float, parse, show=lambda value: f"{value:g}")


TEXT = Kind(str, _text)
OPTIONAL_TEXT = Kind(str | None, _optional, show=lambda value: value or "")
PATH = Kind(Path, resolve_path)
PORT = Kind(int, _port)
PORTS = Kind(tuple[int, ...], _ports, show=lambda ports: ",".join(map(str, ports)))
FLAG = Kind(bool, _flag, show=lambda value: str(value).lower())
UPPER_TEXT = Kind(str, str.upper)
ORIGINS = Kind(tuple[str, ...], _origins, show=" ".join)
