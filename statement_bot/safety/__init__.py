"""Spot emergencies, crises and non-English text (no Rasa).

The logic is ``detector``; the phrases and word lists it reads are reviewed data
in ``patterns.yml``. Department names come from the store, given by the caller
(``detect(text, departments=...)`` or a ``SafetyDetector`` built once).
"""

from statement_bot.safety.detector import (
    Alert,
    SafetyDetector,
    correct,
    detect,
    is_crisis,
    is_emergency,
    is_non_english,
    mask_topics,
    normalize,
    prepare,
)

__all__ = [
    "Alert",
    "SafetyDetector",
    "correct",
    "detect",
    "is_crisis",
    "is_emergency",
    "is_non_english",
    "mask_topics",
    "normalize",
    "prepare",
]
