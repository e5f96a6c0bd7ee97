"""Every change this project makes to Rasa's own code, installed explicitly.

Each module replaces or wraps one Rasa internal and says what, why (with the
measured gain) and how to remove it:

- ``action_guard``: ``RemoteAction.run``, a timeout and a polite reply when the
  action server fails (no silent turns);
- ``log_redaction``: a structlog processor, no user text in logs below DEBUG;
- ``response_validation``: ``RemoteAction._validate_action_result``, the same
  schema check built once;
- ``pooled_sessions``: ``EndpointConfig.session``, connections to the action
  server reused;
- ``event_types``: ``Event.resolve_by_type``, a table instead of a class walk;
- ``known_warnings``: Rasa's ``EXPECTED_WARNINGS``, the project's known, harmless
  warnings silenced as Rasa silences its own;
- ``warm_up``: ``rasa.core.run.load_agent_on_start``, a few messages handled in
  memory before the server reports ready (no slow first requests);
- ``edge``: ``add_root_route``, ``configure_app`` and Sanic's
  ``HttpProtocol.check_timeouts``: ``GET /`` without the version, a small
  request-size limit, a deadline for a request's headers and body;

Removed: a replacement of ``RasaModel.load`` that skipped tracing DIET's training
step at start-up. Measured on our 2 cores, Rasa answered 7.3-7.5 s after start
with it and 20.4-22.3 s without; the bar for keeping a patch for start-up alone
was 30 s, so Rasa's own loading is used.

Nothing is patched on import. ``install()`` is called by the launcher,
``python -m rasa_plugins <rasa command>`` (``rasa_plugins/__main__.py``), which
is how ``make run``, ``make shell``, ``make run-cluster``, the training, the
tests and the benchmark start Rasa. It refuses, with a message, a Rasa other than
``RASA_VERSION`` or a replaced function whose parameters have changed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Protocol

import rasa

from rasa_plugins.patches.base import PatchError
from statement_bot.settings import Settings, load_settings

RASA_VERSION = "3.6.21"


class Patch(Protocol):
    """What every patch offers (a ``base.Replacement`` or a class of its own)."""

    name: str

    def check(self) -> None:
        ...

    def install(self) -> None:
        ...

    def uninstall(self) -> None:
        ...


def patches() -> list[Patch]:
    """Every patch, in the order they are installed."""
    from rasa_plugins.patches import (
        action_guard,
        edge,
        event_types,
        known_warnings,
        log_redaction,
        pooled_sessions,
        response_validation,
        warm_up,
    )

    return [
        action_guard.RUN,
        log_redaction.REDACTION,
        known_warnings.KNOWN,
        response_validation.VALIDATE,
        pooled_sessions.SESSION,
        event_types.RESOLVE,
        warm_up.LOAD,
        edge.ROOT,
        edge.CONFIGURE,
        edge.CHECK,
    ]


def check(version: str | None = None) -> None:
    """Raise ``PatchError`` unless every patch fits the installed Rasa."""
    version = rasa.__version__ if version is None else version
    if version != RASA_VERSION:
        raise PatchError(
            f"Statement Bot's patches are written for Rasa {RASA_VERSION}, and Rasa "
            f"{version} is installed: pin rasa=={RASA_VERSION} (requirements.txt) "
            "or review rasa_plugins/patches/ for the new version."
        )
    for patch in patches():
        patch.check()


def install(settings: Settings | None = None) -> None:
    """Check, then install every patch (a second call changes nothing)."""
    from rasa_plugins.patches import action_guard, response_validation

    check()
    action_guard.configure(settings or load_settings())
    response_validation.response_validator()  # a broken schema fails now
    for patch in patches():
        patch.install()


def uninstall() -> None:
    """Put every original back."""
    for patch in reversed(patches()):
        patch.uninstall()


@contextlib.contextmanager
def installed(settings: Settings | None = None) -> Iterator[None]:
    """Every patch installed for the block, the originals restored after (tests)."""
    install(settings)
    try:
        yield
    finally:
        uninstall()


__all__ = ["PatchError", "RASA_VERSION", "check", "install", "installed", "uninstall"]
