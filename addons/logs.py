"""Keep what users type out of the Rasa server's logs below DEBUG.

At the default level (``LOG_LEVEL=INFO``) Rasa 3.6 still writes some user text:
structlog warnings such as ``message.parsing.failed`` carry it in fields like
``user_text``, and Python warnings about typed ``/intent{...}`` payloads quote
the line. ``install()`` (called when Rasa loads the model, from
``addons.components``) blanks those structlog fields and silences those
warnings unless the log level is DEBUG, which is documented to log message text.
"""

from __future__ import annotations

import logging
import warnings
from typing import Any

import structlog

REDACTED = "[redacted]"
# Rasa's own list of structlog fields that may hold user data (rasa.utils.log_utils).
USER_TEXT_FIELDS = frozenset(
    """text response_text user_text slot_values parse_data_text
    parse_data_entities prediction_events tracker_latest_message prefilled_slots
    message response slot_candidates rasa_event rasa_events entity token_text
    user_message json_message""".split()
)
# Python warnings whose message quotes what the user typed.
USER_TEXT_WARNINGS = (
    r"Failed to parse arguments in line",
    r"Parsed an (?:intent|entity) ",
    r"Expected confidence to be",
)


def debugging() -> bool:
    """True when the root logger lets DEBUG through."""
    return logging.getLogger().isEnabledFor(logging.DEBUG)


def redact_user_text(
    logger: Any, method_name: str, event_dict: dict[str, Any]
) -> dict[str, Any]:
    """A structlog processor: blank the user-text fields unless debugging."""
    if not debugging():
        for key in USER_TEXT_FIELDS.intersection(event_dict):
            event_dict[key] = REDACTED
    return event_dict


def install() -> None:
    """Add the redaction to structlog (in place, so cached loggers get it too)."""
    processors = structlog.get_config()["processors"]
    if redact_user_text not in processors:
        processors.insert(0, redact_user_text)
    if not debugging():
        for pattern in USER_TEXT_WARNINGS:
            warnings.filterwarnings("ignore", message=pattern)
