"""Wraps Rasa's log set-up: no user text in the Rasa server's logs below DEBUG.

Why: at the default level (``LOG_LEVEL=INFO``) Rasa 3.6 still writes some user
text: structlog warnings such as ``message.parsing.failed`` carry it in fields
like ``user_text``, and Python warnings about typed ``/intent{...}`` payloads
quote the line. This patch blanks those structlog fields and silences those
warnings unless the log level is DEBUG, which is documented to log message text.

Rasa's command line sets up structlog (``rasa.utils.log_utils.configure_structlog``)
and the warning filters (``rasa.utils.common._filter_warnings``) after the
launcher has installed the patches, and each set-up replaces what was there; so
both functions are wrapped to add the redaction after Rasa's own set-up, and it
is also added at once for a Rasa used in-process (the tests).

To remove it: delete this module and its entry in ``patches()``
(``rasa_plugins/patches/__init__.py``); user text then appears in the logs
(tests/unit/safety/test_safety_logs.py fails).
"""

from __future__ import annotations

import logging
import warnings
from typing import Any

import rasa.utils.common
import rasa.utils.log_utils
import structlog

from rasa_plugins.patches.base import PatchError, Replacement

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


def add_processor() -> None:
    """Put the redaction first in structlog's processors (in place, so cached
    loggers get it too)."""
    processors = structlog.get_config()["processors"]
    if redact_user_text not in processors:
        processors.insert(0, redact_user_text)


def filter_user_warnings() -> None:
    """Silence the Python warnings that quote what the user typed."""
    for pattern in USER_TEXT_WARNINGS:
        warnings.filterwarnings("ignore", message=pattern)


def configure_structlog(log_level: int | None = None) -> None:
    """Rasa's structlog set-up, then the redaction."""
    STRUCTLOG.original()(log_level)
    add_processor()


def filter_warnings(log_level: int | None, warn_only_once: bool = True) -> None:
    """Rasa's warning filters, then ours in front of them (below DEBUG)."""
    FILTERS.original()(log_level, warn_only_once)
    if log_level and log_level > logging.DEBUG:
        filter_user_warnings()


STRUCTLOG = Replacement(
    rasa.utils.log_utils, "configure_structlog", configure_structlog, ("log_level",)
)
FILTERS = Replacement(
    rasa.utils.common,
    "_filter_warnings",
    filter_warnings,
    ("log_level", "warn_only_once"),
)


class LogRedaction:
    """The processor and warning filters, installed and removed as one patch."""

    name = "rasa log set-up: redact_user_text"

    def check(self) -> None:
        """Rasa's set-up functions are the ones wrapped; structlog has processors."""
        STRUCTLOG.check()
        FILTERS.check()
        if not isinstance(structlog.get_config().get("processors"), list):
            raise PatchError("structlog has no list of processors to add to")

    @property
    def installed(self) -> bool:
        return STRUCTLOG.installed

    def install(self) -> None:
        """Wrap Rasa's set-up, and redact now (a second call changes nothing)."""
        STRUCTLOG.install()
        FILTERS.install()
        add_processor()
        if not debugging():
            filter_user_warnings()

    def uninstall(self) -> None:
        """Rasa's own set-up back; the processor removed (the warning filters
        stay: they hide nothing else)."""
        STRUCTLOG.uninstall()
        FILTERS.uninstall()
        processors = structlog.get_config()["processors"]
        while redact_user_text in processors:
            processors.remove(redact_user_text)


REDACTION = LogRedaction()


def install() -> None:
    """Install the redaction (as ``patches.install`` does)."""
    REDACTION.install()
