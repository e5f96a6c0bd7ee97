"""Run ``rasa data validate`` and fail on any warning we do not expect.

Rasa warns that responses sent only by custom actions ("utter_section", ...) are
"not used in any story or rule". Those responses are the ones named in
``statement_bot.names``; every other warning (and every error) fails the check.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from statement_bot import names  # noqa: E402

UNUSED = re.compile(r"The utterance '(\w+)' is not used in any story or rule")
NO_EXAMPLES = re.compile(
    r"The intent '(\w+)' is listed in the domain file, but is not found"
)
# Rasa's note that TF_DETERMINISTIC_OPS (set by the Makefile for reproducible
# training) makes some GPU ops fail: there is no GPU here.
DETERMINISM_NOTE = "You have set 'TF_DETERMINISTIC_OPS' to 1"
# Set by the FollowUps component from patterns, or sent only by buttons
# (feedback), not learnt from examples.
PATTERN_INTENTS = {
    names.INTENT_CHOOSE_ITEM,
    names.INTENT_ASK_ALSO,
    names.INTENT_PRACTICE_COMMAND,
    names.INTENT_FEEDBACK,
}


def main() -> int:
    """Validate the data; print unexpected warnings and return non-zero on any."""
    action_responses = {v for k, v in vars(names).items() if k.startswith("UTTER_")}
    python = ROOT / ".venv" / "bin" / "python"
    result = subprocess.run(
        [str(python), "-m", "rasa_plugins", "data", "validate", "--quiet"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    output = result.stdout + result.stderr
    problems = []
    for line in output.splitlines():
        if "UserWarning" not in line and "ERROR" not in line:
            continue
        if DETERMINISM_NOTE in line:
            continue
        match = UNUSED.search(line)
        if match and match.group(1) in action_responses:
            continue
        match = NO_EXAMPLES.search(line)
        if match and match.group(1) in PATTERN_INTENTS:
            continue
        problems.append(line.strip())
    if result.returncode != 0 or problems:
        print(output if not problems else "\n".join(problems), file=sys.stderr)
        print("rasa data validate: FAILED", file=sys.stderr)
        return 1
    print("rasa data validate: ok (responses sent by custom actions are expected)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
