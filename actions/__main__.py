"""Start the action server: ``python -m actions``.

Loads and validates the statement store first, so a broken store file stops the
server at start with a message naming the file and the field.
"""

from __future__ import annotations

import logging
import os
import sys

from actions import runtime
from actions.config import load_settings
from actions.store import StoreError


def main() -> int:
    """Validate the store, then serve the actions until stopped."""
    logging.basicConfig(
        level=os.environ.get("LOG_LEVEL", "INFO"),
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        settings = load_settings()
        store = runtime.configure(settings)
    except (StoreError, ValueError) as exc:
        print(f"Statement Bot action server not started:\n{exc}", file=sys.stderr)
        return 1
    names = ", ".join(d.name for d in store)
    logging.getLogger("actions").info(
        "Loaded %d departments from %s: %s", len(store), store.directory, names
    )
    os.environ.setdefault("SANIC_HOST", settings.host)
    os.environ["SANIC_HOST"] = settings.host
    from rasa_sdk.endpoint import run

    run("actions.actions", port=settings.port, cors_origins=[])
    return 0


if __name__ == "__main__":
    sys.exit(main())
