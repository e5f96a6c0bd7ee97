"""Start the action server: ``python -m actions``.

Loads and validates the statement store first, so a broken store file stops the
server at start with a message naming the file and the field. rasa_sdk's own
error handler answers any failure with a 500 that echoes the whole request
body (a conversation's text); ours answers with the error's kind only and logs
no request content.
"""

from __future__ import annotations

import logging
import sys
import warnings
from typing import TYPE_CHECKING, Any

from actions import runtime
from statement_bot.settings import load_settings
from statement_bot.store import StoreError

if TYPE_CHECKING:
    from sanic.response import HTTPResponse

# Loggers whose INFO lines repeat what rasa_sdk.endpoint says ("Action endpoint
# is up and running"): sanic's banner, one line per registered action, and
# access lines (empty in our log format). Below DEBUG they show WARNING and up.
CHATTY_LOGGERS = ("sanic.root", "sanic.access", "rasa_sdk.executor")


def quiet_libraries() -> None:
    """Silence the action server's known, harmless start-up output below DEBUG."""
    log_level = logging.getLogger().getEffectiveLevel()
    if log_level <= logging.DEBUG:
        return
    for name in CHATTY_LOGGERS:
        logging.getLogger(name).setLevel(max(log_level, logging.WARNING))
    # Importing sanic puts a "once" filter for every DeprecationWarning in front
    # of PYTHONWARNINGS (sanic/app.py), so the filter below goes in after it.
    import sanic  # noqa: F401

    # Harmless: sanic_cors (pinned by rasa_sdk) compares versions with distutils'
    # LooseVersion, which still works on Python 3.10.
    warnings.filterwarnings(
        "ignore",
        message="distutils Version classes are deprecated",
        category=DeprecationWarning,
        module="sanic_cors",
    )


def main() -> int:
    """Validate the store, then serve the actions until stopped."""
    try:
        settings = load_settings()
        logging.basicConfig(
            level=settings.core.log_level, format="%(levelname)s %(name)s: %(message)s"
        )
        store = runtime.configure(settings)
    except (StoreError, ValueError) as exc:
        print(f"Statement Bot action server not started:\n{exc}", file=sys.stderr)
        return 1
    names = ", ".join(d.name for d in store)
    logging.getLogger("actions").info(
        "Loaded %d departments from %s: %s", len(store), store.directory, names
    )
    quiet_libraries()
    serve(settings.rasa.action_host, settings.rasa.action_port)
    return 0


async def answer_error(request: Any, exception: Exception) -> HTTPResponse:
    """A failed request: its kind and a 4xx/5xx, never the request's body."""
    from sanic import response
    from sanic.exceptions import SanicException

    status = getattr(exception, "status_code", 500)
    if isinstance(exception, SanicException) and status < 500:
        return response.json({"error": type(exception).__name__}, status=status)
    logging.getLogger("actions").error(
        "The action server failed: %s", type(exception).__name__
    )
    return response.json({"error": "the action server failed"}, status=500)


def serve(host: str, port: int) -> None:
    """rasa_sdk's server (``rasa_sdk.endpoint.run``) with our error handler."""
    from rasa_sdk import utils
    from rasa_sdk.endpoint import create_app

    app = create_app("actions.actions", cors_origins=[])
    app.error_handler.add(Exception, answer_error)
    app.run(host, port, workers=utils.number_of_sanic_workers())


if __name__ == "__main__":
    sys.exit(main())
