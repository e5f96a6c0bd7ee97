"""Run the held-out answer suite (tests/heldout/answer_suite.yml) against a bot.

Each conversation is sent turn by turn to a fresh sender; a turn passes when
its reply contains every ``contains`` fragment and none of the ``not_contains``
ones (compared with bold marks removed and white space, quotes and dashes
normalised). Used by the end-to-end test and by ``make bench``.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

SUITE = (
    Path(__file__).resolve().parent.parent / "tests" / "heldout" / "answer_suite.yml"
)
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_DASHES = re.compile(r"[\u2010-\u2015]")


def comparable(text: str) -> str:
    """``text`` as the suite compares it: no bold marks, one kind of quote and
    dash, single spaces, case kept."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).replace("**", "")
    return " ".join(_DASHES.sub("-", text).split())


@dataclass(frozen=True)
class TurnResult:
    """One turn: what was said, the reply, and what was missing or unwanted."""

    conversation: str
    persona: str
    user: str
    reply: str
    missing: tuple[str, ...]
    unwanted: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.missing and not self.unwanted


@dataclass
class SuiteResult:
    """Every turn's result, and the pass rate."""

    turns: list[TurnResult] = field(default_factory=list)

    @property
    def pass_rate(self) -> float:
        return (
            sum(t.passed for t in self.turns) / len(self.turns) if self.turns else 0.0
        )

    def failures(self) -> list[TurnResult]:
        return [t for t in self.turns if not t.passed]

    def summary(self) -> dict[str, Any]:
        """Counts per persona and the failures, for a report."""
        personas: dict[str, list[int]] = {}
        for turn in self.turns:
            counts = personas.setdefault(turn.persona, [0, 0])
            counts[0] += turn.passed
            counts[1] += 1
        return {
            "turns": len(self.turns),
            "passed": sum(t.passed for t in self.turns),
            "pass_rate": round(self.pass_rate, 4),
            "by_persona": {
                p: {"passed": c[0], "turns": c[1]} for p, c in personas.items()
            },
            "failures": [
                {
                    "conversation": t.conversation,
                    "user": t.user,
                    "missing": list(t.missing),
                    "unwanted": list(t.unwanted),
                    "reply": t.reply[:400],
                }
                for t in self.failures()
            ],
        }


def load(path: Path = SUITE) -> list[dict[str, Any]]:
    """The suite's conversations."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))["conversations"]


def check(conversation: dict[str, Any], turn: dict[str, Any], reply: str) -> TurnResult:
    """How ``reply`` does against one turn of the suite."""
    seen = comparable(reply)
    return TurnResult(
        conversation=conversation["id"],
        persona=conversation.get("persona", ""),
        user=turn["user"],
        reply=reply,
        missing=tuple(
            f for f in turn.get("contains") or [] if comparable(f) not in seen
        ),
        unwanted=tuple(
            f for f in turn.get("not_contains") or [] if comparable(f) in seen
        ),
    )


def run(
    chat: Callable[[str, str], str], conversations: list[dict[str, Any]] | None = None
) -> SuiteResult:
    """Send every conversation through ``chat(sender, text) -> reply text``."""
    result = SuiteResult()
    for conversation in conversations if conversations is not None else load():
        sender = f"suite-{conversation['id']}-{uuid.uuid4().hex[:8]}"
        for turn in conversation["turns"]:
            result.turns.append(check(conversation, turn, chat(sender, turn["user"])))
    return result
