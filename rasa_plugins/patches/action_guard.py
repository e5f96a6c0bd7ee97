"""Replaces ``RemoteAction.run``: a polite answer when the action server fails.

Why: Rasa 3.6 calls the action server with a fixed 300-second timeout, and when
the call fails it logs an error and sends the user nothing. The wrapper around
``rasa.core.actions.action.RemoteAction.run`` (the only place Rasa calls the
action server) makes sure that:

- a call that takes longer than ``ACTION_TIMEOUT`` seconds (default 5) is
  cancelled;
- a call that fails (server down, connection refused, HTTP 5xx, a malformed
  answer) or times out sends the domain response ``utter_service_unavailable``
  instead of nothing, and the conversation goes on; the next message tries the
  action server again, so answers resume as soon as it is back.

A 400 answer that rejects the action (``ActionExecutionRejection``, used by
forms) is passed on unchanged.

To remove it: delete this module, its entry in ``patches()`` and the
``action_guard.configure`` call in ``install()`` (``rasa_plugins/patches/__init__.py``);
the bot then goes silent when the action server is down
(tests/unit/rasa_plugins/test_resilience.py fails).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from rasa.core.actions.action import (
    ActionExecutionRejection,
    RemoteAction,
    create_bot_utterance,
)
from rasa.shared.core.events import Event

from rasa_plugins.patches.base import Replacement
from statement_bot.names import UTTER_SERVICE_UNAVAILABLE
from statement_bot.settings import Settings, defaults

logger = logging.getLogger(__name__)

# Seconds to wait for the action server (``ACTION_TIMEOUT``); set by ``configure``.
timeout_seconds = defaults().rasa.action_timeout
# Only if the domain has no utter_service_unavailable (it always should).
LAST_RESORT_TEXT = (
    "Sorry, I can't answer that right now. Please try again in a few minutes. "
    "If this is an emergency, call 911."
)


def configure(settings: Settings) -> None:
    """Take the timeout from the settings (``ACTION_TIMEOUT``)."""
    global timeout_seconds
    timeout_seconds = settings.rasa.action_timeout


async def unavailable_events(
    nlg: Any, tracker: Any, output_channel: Any
) -> list[Event]:
    """The bot message that says the service is unavailable."""
    message = await nlg.generate(
        UTTER_SERVICE_UNAVAILABLE, tracker, output_channel.name()
    )
    return [create_bot_utterance(dict(message or {"text": LAST_RESORT_TEXT}))]


async def guarded_run(
    self: RemoteAction, output_channel: Any, nlg: Any, tracker: Any, domain: Any
) -> list[Event]:
    """``RemoteAction.run`` with a timeout and a polite reply on any failure."""
    timeout = timeout_seconds
    try:
        return await asyncio.wait_for(
            RUN.original()(self, output_channel, nlg, tracker, domain), timeout
        )
    except ActionExecutionRejection:
        raise
    except asyncio.TimeoutError:
        logger.error(
            "The action server did not answer %s within %s s", self.name(), timeout
        )
    except Exception as exc:  # noqa: BLE001 - any failure gets the polite reply
        logger.error(
            "The action server failed to run %s: %s", self.name(), type(exc).__name__
        )
    return await unavailable_events(nlg, tracker, output_channel)


RUN = Replacement(
    RemoteAction,
    "run",
    guarded_run,
    ("self", "output_channel", "nlg", "tracker", "domain"),
)
