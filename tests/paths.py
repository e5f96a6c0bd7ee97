"""The repository's root, one place for every test folder (tests/unit/<area>/, tests/e2e/, ...)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
