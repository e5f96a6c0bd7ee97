"""Context a channel sends with a message (Rasa's message metadata).

The website widget sends ``{"department": "<id>"}`` with every message: the
department whose page it sits on. It counts only after checking it against the
store, and only where the conversation has no department of its own yet.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

from statement_bot.names import METADATA_DEPARTMENT
from statement_bot.store import Store


def message_metadata(tracker: Tracker) -> dict[str, Any]:
    """The metadata of the latest user message (empty when there is none)."""
    event = tracker.get_last_event_for("user") or {}
    metadata = event.get("metadata")
    return metadata if isinstance(metadata, dict) else {}


def page_department(tracker: Tracker, store: Store) -> str | None:
    """The department id the channel says the user is on, if the store has it."""
    department = store.get(message_metadata(tracker).get(METADATA_DEPARTMENT))
    return department.id if department else None
