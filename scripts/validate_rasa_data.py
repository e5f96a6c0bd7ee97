"""Run ``rasa data validate`` and fail on any UserWarning or error.

Rasa's notes on what this project does on purpose (responses sent only by custom
actions are "not used in any story or rule", intents set from patterns have no
examples, ...) are silenced by the launcher, ``python -m rasa_plugins``, with
the list in ``rasa_plugins/patches/known_warnings.py``: any warning still shown
here (and every error) fails the check.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    """Validate the data; print the UserWarnings and errors, non-zero on any."""
    python = ROOT / ".venv" / "bin" / "python"
    result = subprocess.run(
        [str(python), "-m", "rasa_plugins", "data", "validate", "--quiet"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    output = result.stdout + result.stderr
    problems = [
        line.strip()
        for line in output.splitlines()
        if "UserWarning" in line or "ERROR" in line
    ]
    if result.returncode != 0 or problems:
        print(output if not problems else "\n".join(problems), file=sys.stderr)
        print("rasa data validate: FAILED", file=sys.stderr)
        return 1
    print("rasa data validate: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
