"""Start the action server: ``python -m actions``.

Loads and validates the statement store first, so a broken store file stops the
server at start with a message naming the file and the field.
"""

from __future__ import annotations

import logging
import os
import sys
import warnings

from actions import runtime
from statement_bot.settings import load_settings
from statement_bot.store import StoreError

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
    # rasa_sdk's run() binds to SANIC_HOST (it has no host argument).
    os.environ["SANIC_HOST"] = settings.rasa.action_host
    quiet_libraries()
    from rasa_sdk.endpoint import run

    run("actions.actions", port=settings.rasa.action_port, cors_origins=[])
    return 0


if __name__ == "__main__":
    sys.exit(main())
