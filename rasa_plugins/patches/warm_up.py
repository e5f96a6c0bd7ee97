"""Wraps ``rasa.core.run.load_agent_on_start``: the server warms up before it
reports ready.

Why: Rasa loads the model before the server listens, but the first messages
still build what is built on first use: DIET traces its TensorFlow graph on the
first prediction, the featurizers, the policies and the response templates run
for the first time, and the pooled session to the action server (patch
``pooled_sessions``) opens its first connection; the action server builds its
search on its first request. The first burst of 10 users after start had a p95
of about 4 s against 0.2 s later (issue 23).

What it does: after Rasa's own loading, in the same ``before_server_start``
listener, it handles ``WARM_UP_MESSAGES`` through the real processor (NLU,
policies, actions, responses) with an in-memory tracker store put in for the
warm-up only, so nothing is written to the conversations and the staff report
sees nothing. A failure (say the action server is not up) is logged and the
server starts as Rasa would have started it.

What stays the same: the agent Rasa loaded, ``app.ctx.agent``, the log line,
the tracker store and lock store the server then uses.

To remove it: delete this module and its entry in ``patches()``
(``rasa_plugins/patches/__init__.py``).
"""

from __future__ import annotations

import logging
import time
from typing import Any

import rasa.core.run
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.tracker_store import InMemoryTrackerStore

from rasa_plugins.patches.base import Replacement

log = logging.getLogger(__name__)

# A plain turn (a response of the domain) and an action turn (the action
# server): between them they run every component a real message runs.
WARM_UP_MESSAGES = ("hello", "what is cambridge's mission?", "thanks")
WARM_UP_SENDER = "statement-bot-warm-up"


async def warm_up(agent: Any) -> float:
    """Handle ``WARM_UP_MESSAGES`` in memory; return the seconds it took."""
    started = time.perf_counter()
    processor = agent.processor
    if processor is None:
        return 0.0
    real_store = processor.tracker_store
    processor.tracker_store = InMemoryTrackerStore(agent.domain)
    try:
        for text in WARM_UP_MESSAGES:
            await processor.handle_message(
                UserMessage(text, CollectingOutputChannel(), sender_id=WARM_UP_SENDER)
            )
    except Exception as exc:  # noqa: BLE001 - a warm-up never stops the server
        log.warning("warm-up incomplete (%s): the first messages may be slower", exc)
    finally:
        processor.tracker_store = real_store
    return time.perf_counter() - started


async def load_agent_and_warm_up(
    model_path: Any, endpoints: Any, remote_storage: Any, app: Any, loop: Any
) -> Any:
    """Rasa's ``load_agent_on_start``, then ``warm_up`` before serving."""
    agent = await LOAD.original()(model_path, endpoints, remote_storage, app, loop)
    seconds = await warm_up(agent)
    log.debug("warmed up in %.1f s", seconds)  # a quiet start: DEBUG only
    return agent


LOAD = Replacement(
    rasa.core.run,
    "load_agent_on_start",
    load_agent_and_warm_up,
    ("model_path", "endpoints", "remote_storage", "app", "loop"),
)
