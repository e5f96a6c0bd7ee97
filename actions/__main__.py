"""Start the action server: ``python -m actions``.

Loads and validates the statement store first, so a broken store file stops the
server at start with a message naming the file and the field.
"""

from __future__ import annotations

import logging
import os
import sys

from actions import runtime
from statement_bot.settings import load_settings
from statement_bot.store import StoreError


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
    from rasa_sdk.endpoint import run

    run("actions.actions", port=settings.rasa.action_port, cors_origins=[])
    return 0


if __name__ == "__main__":
    sys.exit(main())
