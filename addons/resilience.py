"""Answer politely when the action server is down, failing or hanging.

Rasa 3.6 calls the action server with a fixed 300-second timeout, and when the
call fails it logs an error and sends the user nothing. ``install()`` wraps
``rasa.core.actions.action.RemoteAction.run`` (the only place Rasa calls the
action server) so that:

- a call that takes longer than ``ACTION_TIMEOUT`` seconds (default 5) is
  cancelled;
- a call that fails (server down, connection refused, HTTP 5xx, a malformed
  answer) or times out sends the domain response ``utter_service_unavailable``
  instead of nothing, and the conversation goes on; the next message tries the
  action server again, so answers resume as soon as it is back.

A 400 answer that rejects the action (``ActionExecutionRejection``, used by
forms) is passed on unchanged. ``addons.components`` calls ``install()`` when
Rasa loads the model, so every ``rasa run`` with this project's model has it.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
from typing import Any

from rasa.core.actions.action import (
    ActionExecutionRejection,
    RemoteAction,
    create_bot_utterance,
)
from rasa.shared.core.events import Event

from actions.constants import UTTER_SERVICE_UNAVAILABLE

logger = logging.getLogger(__name__)

ACTION_TIMEOUT_ENV = "ACTION_TIMEOUT"
DEFAULT_ACTION_TIMEOUT = 5.0
# Only if the domain has no utter_service_unavailable (it always should).
LAST_RESORT_TEXT = (
    "Sorry, I can't answer that right now. Please try again in a few minutes. "
    "If this is an emergency, call 911."
)
_MARK = "_statement_bot_guarded"


def action_timeout() -> float:
    """Seconds to wait for the action server: ``ACTION_TIMEOUT``, 0.5 to 60."""
    raw = os.environ.get(ACTION_TIMEOUT_ENV, "").strip()
    try:
        value = float(raw) if raw else DEFAULT_ACTION_TIMEOUT
    except ValueError:
        logger.warning(
            "%s=%r is not a number; using %s s",
            ACTION_TIMEOUT_ENV,
            raw,
            DEFAULT_ACTION_TIMEOUT,
        )
        return DEFAULT_ACTION_TIMEOUT
    return min(max(value, 0.5), 60.0)


async def unavailable_events(
    nlg: Any, tracker: Any, output_channel: Any
) -> list[Event]:
    """The bot message that says the service is unavailable."""
    message = await nlg.generate(
        UTTER_SERVICE_UNAVAILABLE, tracker, output_channel.name()
    )
    return [create_bot_utterance(dict(message or {"text": LAST_RESORT_TEXT}))]


def install() -> None:
    """Wrap ``RemoteAction.run`` once (idempotent)."""
    original = RemoteAction.run
    if getattr(original, _MARK, False):
        return

    @functools.wraps(original)
    async def run(
        self: RemoteAction, output_channel: Any, nlg: Any, tracker: Any, domain: Any
    ) -> list[Event]:
        timeout = action_timeout()
        try:
            return await asyncio.wait_for(
                original(self, output_channel, nlg, tracker, domain), timeout
            )
        except ActionExecutionRejection:
            raise
        except asyncio.TimeoutError:
            logger.error(
                "The action server did not answer %s within %s s", self.name(), timeout
            )
        except Exception as exc:  # noqa: BLE001 - any failure gets the polite reply
            logger.error(
                "The action server failed to run %s: %s",
                self.name(),
                type(exc).__name__,
            )
        return await unavailable_events(nlg, tracker, output_channel)

    setattr(run, _MARK, True)
    RemoteAction.run = run  # type: ignore[method-assign]
