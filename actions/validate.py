"""Check the statement store: ``python -m actions.validate`` (``make validate``)."""

from __future__ import annotations

import sys

from actions import runtime
from statement_bot.settings import load_settings
from statement_bot.store import StoreError


def main() -> int:
    """Load the configured store; print a summary or every error found."""
    try:
        store = runtime.configure(load_settings())
    except (StoreError, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 1
    for department in store:
        counts = (
            f"{len(department.sections)} sections, {len(department.values)} values, "
            f"{len(department.contact)} contact entries"
        )
        print(f"ok  {department.source}: {department.name} ({counts})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
