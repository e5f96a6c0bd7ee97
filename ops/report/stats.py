"""Counts over the turn records: per day, channel, topic and department;
outcomes, misses, response times, ratings and safety answers."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone

from ops.report.records import TurnRecord
from statement_bot.names import INTENT_FEEDBACK

ANSWERED = ("answered", "answered by search")


@dataclass
class Summary:
    """The counts of a report."""

    turns: list[TurnRecord]
    conversations: int
    per_day: dict[str, tuple[int, int]] = field(
        default_factory=dict
    )  # day: convs, msgs
    per_channel: Counter[str] = field(default_factory=Counter)
    per_topic: Counter[str] = field(default_factory=Counter)
    per_department: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)
    missed: int = 0  # misses, as the hand-off counts them
    low_confidence: int = 0  # answered, with the model unsure of the intent
    safety: Counter[str] = field(default_factory=Counter)
    median_s: float | None = None
    p95_s: float | None = None
    ratings: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    rated_down: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def messages(self) -> int:
        return len(self.turns)

    def share(self, count: int) -> str:
        return f"{100 * count / self.messages:.0f}%" if self.messages else "0%"


def _day(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, tz=timezone.utc).strftime("%Y-%m-%d")


def _count_days(summary: Summary, records: Sequence[TurnRecord]) -> None:
    conversations: dict[str, set[int]] = {}
    messages: Counter[str] = Counter()
    for turn in records:
        day = _day(turn.timestamp)
        conversations.setdefault(day, set()).add(turn.conversation)
        messages[day] += 1
    for day in sorted(messages):
        summary.per_day[day] = (len(conversations[day]), messages[day])


def _count_times(summary: Summary, records: Sequence[TurnRecord]) -> None:
    times = sorted(t.seconds for t in records if t.seconds is not None)
    if times:
        summary.median_s = statistics.median(times)
        summary.p95_s = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]


def summarise(records: Sequence[TurnRecord]) -> Summary:
    """Counts over ``records``."""
    summary = Summary(list(records), len({t.conversation for t in records}))
    _count_days(summary, records)
    answered: dict[int, TurnRecord] = {}  # each conversation's last answer
    asked_why: dict[int, int] = {}  # a thumbs down awaiting its reason
    for turn in records:
        outcome = turn.outcome
        summary.per_channel[turn.channel] += 1
        summary.outcomes[outcome] += 1
        summary.missed += turn.missed
        summary.low_confidence += turn.low_confidence
        if turn.safety:
            summary.safety[turn.safety] += 1
        if turn.intent == INTENT_FEEDBACK:
            said = dict(turn.entities)
            rating = said.get("rating", "?")
            about = answered.get(turn.conversation)
            # the rated answer's own department and topic (sent by the
            # buttons), else those of the conversation's last answer
            topic = said.get("rated_topic") or (about.topic if about else None) or "-"
            department = (
                said.get("department") or (about.department if about else None) or "-"
            )
            reason = said.get("reason", "")
            pending = asked_why.pop(turn.conversation, None)
            if rating == "down" and reason and pending is not None:
                # the reason for the thumbs down just given: one rating, with it
                text, _, where = summary.rated_down[pending]
                summary.rated_down[pending] = (text, reason, where)
                continue
            summary.ratings[(rating, topic, department)] += 1
            if rating == "down":
                text = about.answer if about else "-"
                summary.rated_down.append((text, reason, department))
                if not reason:
                    asked_why[turn.conversation] = len(summary.rated_down) - 1
            continue
        if turn.topic:
            summary.per_topic[str(turn.topic)] += 1
        if turn.department:
            summary.per_department[str(turn.department)] += 1
        if outcome in ANSWERED:
            answered[turn.conversation] = turn
    _count_times(summary, records)
    return summary
