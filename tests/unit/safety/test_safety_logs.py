"""No user text in the Rasa server's logs below DEBUG (rasa_plugins.patches.log_redaction)."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator

import pytest
import structlog
from rasa.utils.log_utils import configure_structlog

from rasa_plugins.patches import log_redaction as logs


@pytest.fixture(autouse=True)
def removed_after() -> Iterator[None]:
    """Each test installs the redaction; structlog gets its own config back."""
    yield
    logs.REDACTION.uninstall()


@pytest.fixture
def root_level() -> Iterator[logging.Logger]:
    root = logging.getLogger()
    level = root.level
    yield root
    root.setLevel(level)


@pytest.mark.parametrize(
    ("level", "redacted"),
    [(logging.INFO, True), (logging.WARNING, True), (logging.DEBUG, False)],
)
def test_structlog_fields_are_redacted_below_debug(
    root_level: logging.Logger,
    caplog: pytest.LogCaptureFixture,
    level: int,
    redacted: bool,
) -> None:
    configure_structlog(logging.DEBUG)
    logger = structlog.get_logger()
    logs.install()
    logs.install()  # idempotent
    root_level.setLevel(level)
    logger.warning("message.parsing.failed", user_text="secret words", other="kept")
    out = caplog.text
    assert ("secret words" in out) is not redacted
    assert "kept" in out
    assert structlog.get_config()["processors"].count(logs.redact_user_text) == 1


@pytest.mark.parametrize(
    "message",
    [
        "Failed to parse arguments in line '/zz'. Expected the intent to be one of",
        "Parsed an intent 'zz' which is not defined in the domain.",
        "Parsed an entity 'zz' which is not defined in the domain.",
    ],
)
def test_warnings_that_quote_users_are_silenced(
    root_level: logging.Logger, message: str
) -> None:
    root_level.setLevel(logging.INFO)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        logs.install()
        warnings.warn(message, UserWarning, stacklevel=1)
        warnings.warn("an ordinary warning", UserWarning, stacklevel=1)
    assert [str(w.message) for w in caught] == ["an ordinary warning"]
