"""What people ask and what the bot missed, from the tracker store's events.

Pure functions over Rasa's stored events (plain dicts, as ``Event.as_dict``
writes them): each user message becomes a ``TurnRecord`` (when, channel,
intent and confidence, the department and topic after it, the responses the bot
sent, how long it took); ``summarise`` counts them; ``group_missed`` groups the
messages the bot could not answer by similar wording (TF-IDF and agglomerative
clustering from scikit-learn); ``render_html`` writes one self-contained page
(inline CSS and SVG, nothing fetched) and ``draft_nlu`` a draft NLU file for a
person to review.

Privacy: sender ids are never kept; message text is masked (digits, e-mail
addresses, phone numbers) unless an operator asks otherwise; the text of a
message answered with an emergency, crisis or crime-report answer is dropped
here, so no later step can show it.
"""

from __future__ import annotations

import html
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from statement_bot.names import (
    INTENT_FEEDBACK,
    SLOT_DEPARTMENT,
    SLOT_TOPIC,
    UTTER_CRISIS,
    UTTER_DEFAULT,
    UTTER_EMERGENCY,
    UTTER_FALLBACK,
    UTTER_HANDOFF,
    UTTER_HANDOFF_NO_CONTACT,
    UTTER_NO_CONTACT,
    UTTER_NO_SECTION,
    UTTER_NO_VALUE,
    UTTER_OUT_OF_SCOPE,
    UTTER_OUT_OF_SCOPE_CONTACT,
    UTTER_OUT_OF_SCOPE_NO_CONTACT,
    UTTER_REPORT_CRIME,
    UTTER_REPORT_CRIME_CONTACT,
    UTTER_SEARCH_HIT,
    UTTER_SEARCH_NO_MATCH,
    UTTER_SEARCH_NOT_IN,
    UTTER_SERVICE_UNAVAILABLE,
    UTTER_UNKNOWN_DEPARTMENT,
    UTTER_VALUE_NOT_LISTED,
)

# Below this confidence a message counts as missed even when it was answered.
LOW_CONFIDENCE = 0.6
WIDGET_SENDER_PREFIX = "web-"  # the website widget's conversation ids

SAFETY = {
    UTTER_EMERGENCY: "emergency",
    UTTER_CRISIS: "crisis",
    UTTER_REPORT_CRIME: "crime report",
    UTTER_REPORT_CRIME_CONTACT: "crime report",
}
# The outcome of a turn, by the first response of these that the bot sent.
OUTCOMES: list[tuple[str, frozenset[str]]] = [
    ("safety", frozenset(SAFETY)),
    ("hand-off", frozenset({UTTER_HANDOFF, UTTER_HANDOFF_NO_CONTACT})),
    ("fallback", frozenset({UTTER_FALLBACK, UTTER_DEFAULT, UTTER_SERVICE_UNAVAILABLE})),
    ("search, no good match", frozenset({UTTER_SEARCH_NO_MATCH, UTTER_SEARCH_NOT_IN})),
    ("answered by search", frozenset({UTTER_SEARCH_HIT})),
    (
        "out of scope",
        frozenset(
            {
                UTTER_OUT_OF_SCOPE,
                UTTER_OUT_OF_SCOPE_CONTACT,
                UTTER_OUT_OF_SCOPE_NO_CONTACT,
            }
        ),
    ),
    (
        "not in the statement",
        frozenset(
            {
                UTTER_NO_VALUE,
                UTTER_NO_SECTION,
                UTTER_VALUE_NOT_LISTED,
                UTTER_NO_CONTACT,
                UTTER_UNKNOWN_DEPARTMENT,
            }
        ),
    ),
]
MISSED_OUTCOMES = {"fallback", "search, no good match", "not in the statement"}

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?:\+?\d[\s().-]*){7,}\d")
_DIGITS = re.compile(r"\d")


def mask(text: str) -> str:
    """``text`` with e-mail addresses, phone numbers and every other digit
    (street numbers, dates, plates) masked."""
    text = _EMAIL.sub("[email]", text)
    text = _PHONE.sub("[phone]", text)
    return _DIGITS.sub("#", text)


@dataclass(frozen=True)
class TurnRecord:
    """One user message and what the bot did with it (no sender id)."""

    timestamp: float
    channel: str
    text: str | None  # None for messages answered with a safety answer
    intent: str | None
    confidence: float
    department: str | None
    topic: str | None
    responses: tuple[str, ...]
    seconds: float | None  # to the first reply, when there was one
    entities: tuple[tuple[str, str], ...] = ()
    answer: str = ""  # the first line of the bot's first reply (store text)
    conversation: int = 0  # an opaque number per sender, never shown

    @property
    def outcome(self) -> str:
        """What the turn came to (see ``OUTCOMES``); "answered" otherwise."""
        for name, responses in OUTCOMES:
            if responses & set(self.responses):
                return name
        if self.intent == INTENT_FEEDBACK:
            return "feedback"
        return "answered" if self.responses else "no reply"

    @property
    def safety(self) -> str | None:
        """Which safety answer the turn got, if any."""
        for response in self.responses:
            if response in SAFETY:
                return SAFETY[response]
        return None

    @property
    def missed(self) -> bool:
        """A message the bot could not answer well."""
        if self.outcome in MISSED_OUTCOMES:
            return True
        return self.outcome == "answered" and self.confidence < LOW_CONFIDENCE


def _channel(sender_id: str, data: dict[str, Any]) -> str:
    channel = str(data.get("input_channel") or "rest")
    if channel == "rest" and sender_id.startswith(WIDGET_SENDER_PREFIX):
        return "widget"
    return channel


def turns(rows: Iterable[tuple[str, dict[str, Any]]]) -> list[TurnRecord]:
    """The user turns of stored events, given as (sender_id, event data) in the
    order stored. Slots are followed per sender so each turn has the department
    and topic the conversation was on after it."""
    open_turns: dict[str, dict[str, Any]] = {}
    slots: dict[str, dict[str, Any]] = {}
    numbers: dict[str, int] = {}
    done: list[TurnRecord] = []

    def close(sender: str) -> None:
        turn = open_turns.pop(sender, None)
        if turn is None:
            return
        current = slots.get(sender, {})
        responses = tuple(turn["responses"])
        safe = not any(r in SAFETY for r in responses)
        done.append(
            TurnRecord(
                timestamp=turn["timestamp"],
                channel=turn["channel"],
                text=turn["text"] if safe else None,
                intent=turn["intent"],
                confidence=turn["confidence"],
                department=current.get(SLOT_DEPARTMENT),
                topic=current.get(SLOT_TOPIC),
                responses=responses,
                seconds=turn["seconds"],
                entities=turn["entities"],
                answer=turn["answer"] if safe else "",
                conversation=numbers.setdefault(sender, len(numbers)),
            )
        )

    for sender, data in rows:
        kind = data.get("event")
        if kind == "user":
            close(sender)
            parse = data.get("parse_data") or {}
            intent = parse.get("intent") or {}
            entities = tuple(
                (str(e.get("entity")), str(e.get("value")))
                for e in parse.get("entities") or []
                if isinstance(e, dict)
            )
            open_turns[sender] = {
                "timestamp": float(data.get("timestamp") or 0),
                "channel": _channel(sender, data),
                "text": str(data.get("text") or ""),
                "intent": intent.get("name"),
                "confidence": float(intent.get("confidence") or 0),
                "responses": [],
                "seconds": None,
                "entities": entities,
                "answer": "",
            }
        elif kind == "bot" and sender in open_turns:
            turn = open_turns[sender]
            response = (data.get("metadata") or {}).get("utter_action")
            if response:
                turn["responses"].append(str(response))
            if turn["seconds"] is None:
                turn["seconds"] = max(
                    0.0, float(data.get("timestamp") or 0) - turn["timestamp"]
                )
                turn["answer"] = str(data.get("text") or "").split("\n")[0][:200]
        elif kind == "slot":
            slots.setdefault(sender, {})[str(data.get("name"))] = data.get("value")
        elif kind == "restart":
            slots.pop(sender, None)
    for sender in list(open_turns):
        close(sender)
    done.sort(key=lambda t: t.timestamp)
    return done


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


def summarise(records: Sequence[TurnRecord]) -> Summary:
    """Counts over ``records``."""
    conversations: dict[str, set[int]] = {}
    for turn in records:
        conversations.setdefault(_day(turn.timestamp), set()).add(turn.conversation)
    summary = Summary(list(records), len({t.conversation for t in records}))
    messages = Counter(_day(t.timestamp) for t in records)
    for day in sorted(set(messages) | set(conversations)):
        summary.per_day[day] = (len(conversations.get(day, ())), messages[day])
    answered: dict[int, TurnRecord] = {}  # each conversation's last answer
    asked_why: dict[int, int] = {}  # a thumbs down awaiting its reason
    for turn in records:
        summary.per_channel[turn.channel] += 1
        summary.outcomes[turn.outcome] += 1
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
        if turn.outcome in ("answered", "answered by search"):
            answered[turn.conversation] = turn
    times = sorted(t.seconds for t in records if t.seconds is not None)
    if times:
        summary.median_s = statistics.median(times)
        summary.p95_s = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    return summary


@dataclass(frozen=True)
class Group:
    """Missed messages of similar wording."""

    count: int
    examples: tuple[str, ...]
    guessed: str  # the intent the model gave most often
    nearest: str  # the nearest store passage, if any ("" for none)


def group_missed(
    records: Sequence[TurnRecord],
    nearest: Any = None,
    show_text: bool = False,
    threshold: float = 0.8,
) -> list[Group]:
    """The missed messages grouped by similar wording (TF-IDF over words and
    character n-grams, agglomerative clustering by cosine distance), largest
    first. ``nearest(text)`` gives the nearest store passage, if any."""
    missed = [t for t in records if t.missed and t.text]
    if not missed:
        return []
    texts = [t.text or "" for t in missed]
    labels = [0] * len(texts)
    if len(texts) > 1:
        from sklearn.cluster import AgglomerativeClustering
        from sklearn.feature_extraction.text import TfidfVectorizer

        vectors = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), lowercase=True
        )
        matrix = vectors.fit_transform(texts).toarray()
        clustering = AgglomerativeClustering(
            n_clusters=None,
            distance_threshold=threshold,
            affinity="cosine",
            linkage="average",
        )
        labels = [int(label) for label in clustering.fit_predict(matrix)]
    groups = []
    for label in sorted(set(labels)):
        members = [t for t, lab in zip(missed, labels, strict=True) if lab == label]
        shown = [t.text if show_text else mask(t.text or "") for t in members]
        examples = tuple(dict.fromkeys(shown))[:4]
        guessed = Counter(t.intent or "-" for t in members).most_common(1)[0][0]
        passage = nearest(members[0].text) if nearest else ""
        groups.append(Group(len(members), examples, guessed, passage or ""))
    groups.sort(key=lambda g: (-g.count, g.examples))
    return groups


def draft_nlu(groups: Sequence[Group]) -> str:
    """A draft NLU file of the missed messages, by the intent the model
    guessed: for a person to review and correct, never trained as it is."""
    by_intent: dict[str, list[str]] = {}
    for group in groups:
        by_intent.setdefault(group.guessed, []).extend(group.examples)
    lines = [
        "# DRAFT written by `make report --export-nlu`: the messages the bot missed,",
        "# under the intent the model GUESSED. Review every line, move it to the",
        "# right intent, annotate entities, then copy what is right into data/nlu/.",
        "# Nothing here is trained until a person does that.",
        'version: "3.1"',
        "nlu:",
    ]
    for intent in sorted(by_intent):
        lines.append(f"  - intent: {intent}  # guessed by the model")
        lines.append("    examples: |")
        lines.extend(f"      - {' '.join(text.split())}" for text in by_intent[intent])
    return "\n".join(lines) + "\n"


# ---- the page ----------------------------------------------------------------

_STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5rem 0}td,th{padding:.25rem .6rem;border-bottom:1px solid #ddd;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}.note{color:#555}
svg text{font:12px system-ui,sans-serif;fill:#1b1b1b}
"""


def _bars(title: str, items: Sequence[tuple[str, float]], unit: str = "") -> str:
    """A horizontal bar chart as inline SVG, with a text equivalent."""
    if not items:
        return f"<p class='note'>{html.escape(title)}: none.</p>"
    top = max(v for _, v in items) or 1
    row, width, label_w = 22, 480, 250
    parts = [
        f"<svg role='img' aria-label='{html.escape(title)}' width='{label_w + width + 60}' "
        f"height='{row * len(items) + 8}' xmlns='http://www.w3.org/2000/svg'>"
    ]
    for i, (label, value) in enumerate(items):
        y = i * row + 4
        w = max(1, int(width * value / top))
        parts.append(f"<text x='0' y='{y + 14}'>{html.escape(label[:36])}</text>")
        parts.append(
            f"<rect x='{label_w}' y='{y}' width='{w}' height='16' fill='#1d4f91'/>"
        )
        parts.append(f"<text x='{label_w + w + 6}' y='{y + 14}'>{value:g}{unit}</text>")
    parts.append("</svg>")
    return "".join(parts)


def _table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = []
    for row in rows:
        cells = "".join(
            f"<td class='n'>{c}</td>"
            if isinstance(c, int | float)
            else f"<td>{html.escape(str(c))}</td>"
            for c in row
        )
        body.append(f"<tr>{cells}</tr>")
    return f"<table><tr>{head}</tr>{''.join(body)}</table>"


def render_html(
    summary: Summary,
    groups: Sequence[Group],
    period: str,
    department_names: dict[str, str],
    show_text: bool = False,
) -> str:
    """The report as one self-contained HTML page."""

    def name(key: str) -> str:
        return department_names.get(key, key)

    s = summary
    sections = [
        "<h1>Statement Bot: what people ask</h1>",
        f"<p>{html.escape(period)}. {s.conversations} conversations, {s.messages} messages. "
        "Sender ids are never shown; "
        + (
            "message text is shown <strong>unmasked</strong> (operator request)."
            if show_text
            else "digits, e-mail addresses and phone numbers in messages are masked."
        )
        + " Messages answered with an emergency, crisis or crime-report answer are only counted.</p>",
        "<h2 id='per-day'>Conversations and messages per day</h2>",
        _table(
            ["day", "conversations", "messages"],
            [(d, c, m) for d, (c, m) in s.per_day.items()],
        ),
        _bars("Messages per day", [(d, m) for d, (_, m) in s.per_day.items()]),
        "<h2 id='per-channel'>Messages per channel</h2>",
        _bars("Messages per channel", s.per_channel.most_common()),
        "<h2 id='outcomes'>How questions were answered</h2>",
        _table(
            ["outcome", "messages", "share"],
            [(o, c, s.share(c)) for o, c in s.outcomes.most_common()],
        ),
        "<h2 id='per-topic'>Questions per topic</h2>",
        _bars("Questions per topic", s.per_topic.most_common()),
        "<h2 id='per-department'>Questions per department</h2>",
        _bars(
            "Questions per department",
            [(name(k), v) for k, v in s.per_department.most_common()],
        ),
        "<h2 id='response-time'>Response time</h2>",
        (
            f"<p>Median {s.median_s:.2f} s, 95th percentile {s.p95_s:.2f} s (from the message "
            "being received to the first reply).</p>"
            if s.median_s is not None
            else "<p class='note'>No response times recorded.</p>"
        ),
        "<h2 id='safety'>Safety answers</h2>",
        _table(
            ["answer", "messages", "share"],
            [(k, c, s.share(c)) for k, c in sorted(s.safety.items())]
            or [("none", 0, "0%")],
        ),
        "<h2 id='feedback'>Feedback on answers</h2>",
        _table(
            ["rating", "topic", "department", "count"],
            [(r, t, name(d), c) for (r, t, d), c in sorted(s.ratings.items())]
            or [("none", "-", "-", 0)],
        ),
    ]
    if s.rated_down:
        sections.append("<h3>Answers rated down</h3>")
        sections.append(
            _table(
                ["answer (first line)", "reason", "department"],
                [(a, r or "-", name(d)) for a, r, d in s.rated_down],
            )
        )
    sections.append("<h2 id='missed'>Missed questions</h2>")
    if not groups:
        sections.append("<p class='note'>None.</p>")
    else:
        sections.append(
            "<p class='note'>Messages the bot could not answer (fallbacks, low confidence, "
            "no good search match, departments, values or sections it does not have), "
            "grouped by similar wording. Add an alias, a synonym or training examples "
            "(`--export-nlu` writes a draft).</p>"
        )
        rows = [
            (g.count, " | ".join(g.examples), g.guessed, g.nearest or "-")
            for g in groups
        ]
        sections.append(
            _table(
                ["count", "examples", "model guessed", "nearest store passage"], rows
            )
        )
    body = "\n".join(sections)
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width,initial-scale=1'>"
        f"<title>Statement Bot report</title><style>{_STYLE}</style></head>"
        f"<body><main>{body}</main></body></html>\n"
    )
