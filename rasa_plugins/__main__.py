"""Run Rasa with this project's patches: ``python -m rasa_plugins <rasa command>``.

The one place the patches of ``rasa_plugins.patches`` are installed: ``make run``,
``make shell``, ``make train``, the scale-out profile, the tests and the benchmark
all start Rasa through here (``python -m rasa_plugins run --model ...``), so a
guarantee such as "the action server down never means silence" does not depend
on which NLU components a config file lists.
"""

from __future__ import annotations

import sys

from rasa_plugins import patches
from statement_bot.settings import SettingsError


def main() -> int:
    """Install the patches, then hand the command line to Rasa."""
    try:
        patches.install()
    except (patches.PatchError, SettingsError) as exc:
        print(f"Statement Bot: Rasa not started: {exc}", file=sys.stderr)
        return 1
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *sys.argv[1:]]
    rasa_main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
