"""Run a held-out answer suite (tests/heldout/*.yml) against a bot.

Each conversation is sent turn by turn to a fresh sender. A turn passes when
its reply holds every ``contains`` fragment (in the order given, with
``in_order``) and none of the ``not_contains`` ones, compared with bold marks
removed and white space, quotes and dashes normalised. Turns may also say:

- ``answerable: false``: the statement cannot answer it, so the reply must quote
  no store passage (any sentence of any department's sections or values);
- ``safety: emergency | crisis | none``: the reply is (or is not) that answer;
- ``class`` and ``department``: reported per class, not judged.

The ``Judge`` knows the domain's responses and the store's passages, so it can
tell which response a reply came from (a refusal, the emergency answer) from
its text alone, as a person reading the REST reply would. Used by the
end-to-end tests and by ``make bench``.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from statement_bot.dialogue.misses import MISSED_RESPONSES
from statement_bot.store import Store

ROOT = Path(__file__).resolve().parent.parent
HELDOUT = ROOT / "tests" / "heldout"
SUITE = HELDOUT / "answer_suite.yml"
MESSY = HELDOUT / "messy_turns.yml"
REAL_DEPARTMENTS = HELDOUT / "real_departments.yml"
DOMAIN = ROOT / "domain.yml"

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_DASHES = re.compile(r"[\u2010-\u2015]")
_VARIABLE = re.compile(r"\\\{\w+\\\}")
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+")
# A quoted passage is a store sentence at least this long found in the reply;
# shorter ones ("Integrity.") are names and labels, not quotes.
MIN_QUOTE_CHARS = 30
EMERGENCY = "utter_emergency"
CRISIS = "utter_crisis"
# Replies that refuse: the statement does not say, or it is out of scope (the
# answerability rule's "no"). Misses (not understood, no match) are counted apart.
REFUSALS = frozenset(
    {
        "utter_out_of_scope",
        "utter_out_of_scope_contact",
        "utter_out_of_scope_no_contact",
        "utter_not_in_statement",
        "utter_not_in_statement_no_contact",
    }
)


def comparable(text: str) -> str:
    """``text`` as the suite compares it: no bold marks, one kind of quote and
    dash, single spaces, case kept."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).replace("**", "")
    return " ".join(_DASHES.sub("-", text).split())


def in_order(fragments: Iterable[str], seen: str) -> bool:
    """True when every fragment is in ``seen``, each after the one before."""
    start = 0
    for fragment in fragments:
        found = seen.find(comparable(fragment), start)
        if found < 0:
            return False
        start = found + 1
    return True


def _template(text: str) -> re.Pattern[str]:
    """A response text as a pattern: its fixed words, any text for a variable."""
    return re.compile(_VARIABLE.sub(".*?", re.escape(comparable(text))), re.DOTALL)


def store_sentences(store: Store) -> list[str]:
    """Every sentence of every department's sections and values, long enough to
    count as a quote; a contact detail that a section repeats (a web address
    under "Learn More") is a contact, not a quote."""
    passages: list[str] = []
    contacts: set[str] = set()
    for department in store:
        for section in department.sections.values():
            passages += [*section.paragraphs, *section.items]
        passages += [v.description for v in department.values if v.description]
        contacts |= {comparable(line) for e in department.contact for line in e.lines}
    sentences = {
        comparable(s) for p in passages for s in _SENTENCE_END.split(p) if s.strip()
    }
    return sorted(
        s for s in sentences if len(s) >= MIN_QUOTE_CHARS and s not in contacts
    )


@dataclass(frozen=True)
class Judge:
    """Reads a reply as a person would: which responses, which quoted passages."""

    patterns: dict[str, tuple[re.Pattern[str], ...]]
    sentences: tuple[str, ...] = ()

    @classmethod
    def load(cls, store: Store | None = None, domain: Path = DOMAIN) -> Judge:
        responses = yaml.safe_load(domain.read_text(encoding="utf-8"))["responses"]
        patterns = {
            name: tuple(_template(v["text"]) for v in variants if v.get("text"))
            for name, variants in responses.items()
        }
        return cls(patterns, tuple(store_sentences(store)) if store else ())

    def responses_in(self, reply: str) -> set[str]:
        """The domain responses whose fixed text the reply holds."""
        seen = comparable(reply)
        return {
            name
            for name, patterns in self.patterns.items()
            if any(p.search(seen) for p in patterns)
        }

    def quoted(self, reply: str) -> tuple[str, ...]:
        """The store sentences the reply quotes."""
        seen = comparable(reply)
        return tuple(s for s in self.sentences if s in seen)


@dataclass(frozen=True)
class TurnResult:
    """One turn: what was said, the reply, and what was missing or unwanted."""

    conversation: str
    persona: str
    user: str
    reply: str
    missing: tuple[str, ...]
    unwanted: tuple[str, ...]
    klass: int | None = None
    answerable: bool = True
    refused: bool = False
    missed: bool = False  # a reply that means "not understood" or "not found"

    @property
    def passed(self) -> bool:
        return not self.missing and not self.unwanted


def _counts(turns: Iterable[TurnResult], key: Callable[[TurnResult], Any]) -> dict:
    counts: dict[Any, list[int]] = {}
    for turn in turns:
        pair = counts.setdefault(key(turn), [0, 0])
        pair[0] += turn.passed
        pair[1] += 1
    return {str(k): {"passed": p, "turns": n} for k, (p, n) in sorted(counts.items())}


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

    @property
    def wrong_passages(self) -> int:
        """Unanswerable turns that were given a store passage anyway."""
        return sum(
            1
            for t in self.turns
            if not t.answerable and any(u.startswith("quoted:") for u in t.unwanted)
        )

    def rate_on_answerable(self, which: Callable[[TurnResult], bool]) -> float:
        """The share of answerable turns for which ``which`` holds."""
        answerable = [t for t in self.turns if t.answerable]
        return sum(map(which, answerable)) / len(answerable) if answerable else 0.0

    @property
    def refusal_rate(self) -> float:
        """The share of answerable turns the bot refused (said the statement
        does not say, or that it is out of scope)."""
        return self.rate_on_answerable(lambda t: t.refused)

    def summary(self) -> dict[str, Any]:
        """Counts per persona and class, and the failures, for a report."""
        summary: dict[str, Any] = {
            "turns": len(self.turns),
            "passed": sum(t.passed for t in self.turns),
            "pass_rate": round(self.pass_rate, 4),
            "by_persona": _counts(self.turns, lambda t: t.persona),
        }
        if any(t.klass is not None for t in self.turns):
            summary["by_class"] = _counts(self.turns, lambda t: t.klass or 0)
        summary["unanswerable_turns"] = sum(not t.answerable for t in self.turns)
        summary["unanswerable_given_a_passage"] = self.wrong_passages
        summary["refusal_rate_on_answerable"] = round(self.refusal_rate, 4)
        summary["missed_rate_on_answerable"] = round(
            self.rate_on_answerable(lambda t: t.missed), 4
        )
        summary["failures"] = [
            {
                "conversation": t.conversation,
                "class": t.klass,
                "user": t.user,
                "missing": list(t.missing),
                "unwanted": list(t.unwanted),
                "reply": t.reply[:400],
            }
            for t in self.failures()
        ]
        return summary


def load(path: Path = SUITE) -> list[dict[str, Any]]:
    """A suite's conversations."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))["conversations"]


def _safety_problems(expected: str | None, responses: set[str]) -> list[str]:
    if expected == "emergency" and EMERGENCY not in responses:
        return ["safety: not the emergency answer"]
    if expected == "crisis" and CRISIS not in responses:
        return ["safety: not the crisis answer"]
    if expected == "none" and responses & {EMERGENCY, CRISIS}:
        return ["safety: an emergency or crisis answer"]
    return []


def check(
    conversation: dict[str, Any],
    turn: dict[str, Any],
    reply: str,
    judge: Judge | None = None,
) -> TurnResult:
    """How ``reply`` does against one turn of a suite."""
    seen = comparable(reply)
    contains = turn.get("contains") or []
    missing = [f for f in contains if comparable(f) not in seen]
    if not missing and turn.get("in_order") and not in_order(contains, seen):
        missing = ["(in the order asked)"]
    unwanted = [f for f in turn.get("not_contains") or [] if comparable(f) in seen]
    answerable = turn.get("answerable", True) is not False
    responses = judge.responses_in(reply) if judge else set()
    if judge and not answerable:
        unwanted += [f"quoted: {s}" for s in judge.quoted(reply)]
    unwanted += _safety_problems(turn.get("safety"), responses)
    return TurnResult(
        conversation=conversation["id"],
        persona=conversation.get("persona", ""),
        user=turn["user"],
        reply=reply,
        missing=tuple(missing),
        unwanted=tuple(unwanted),
        klass=turn.get("class"),
        answerable=answerable,
        refused=bool(responses & REFUSALS) and not judge.quoted(reply),
        missed=bool(responses & (MISSED_RESPONSES - REFUSALS)),
    )


def run(
    chat: Callable[[str, str], str],
    conversations: list[dict[str, Any]] | None = None,
    judge: Judge | None = None,
) -> SuiteResult:
    """Send every conversation through ``chat(sender, text) -> reply text``."""
    result = SuiteResult()
    for conversation in conversations if conversations is not None else load():
        sender = f"suite-{conversation['id']}-{uuid.uuid4().hex[:8]}"
        for turn in conversation["turns"]:
            reply = chat(sender, turn["user"])
            result.turns.append(check(conversation, turn, reply, judge))
    return result
