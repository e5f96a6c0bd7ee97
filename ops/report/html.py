"""The report as one self-contained HTML page (inline CSS and SVG, nothing
fetched)."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from ops.report.groups import Group
from ops.report.records import LOW_CONFIDENCE
from ops.report.stats import Summary

_STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5rem 0}td,th{padding:.25rem .6rem;border-bottom:1px solid #ddd;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}.note{color:#555}
svg text{font:12px system-ui,sans-serif;fill:#1b1b1b}
"""
MISSED_NOTE = (
    "Messages the bot could not answer, as the hand-off counts them: fallbacks, "
    "no good search match, out of scope without the department's contacts, "
    "departments, values, sections or contacts the store does not have; grouped "
    "by similar wording. Add an alias, a synonym or training examples "
    "(`--export-nlu` writes a draft)."
)
LOW_CONFIDENCE_NOTE = (
    "Messages answered from the store although the model's confidence in the "
    f"intent was under {LOW_CONFIDENCE:g} (not misses: the answer may be right); "
    "grouped by similar wording. Worth checking, and training examples if wrong."
)


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


def _groups(
    title: str, anchor: str, note: str, count: str, groups: Sequence[Group]
) -> list[str]:
    """A section of grouped messages."""
    parts = [f"<h2 id='{anchor}'>{html.escape(title)}</h2>"]
    if not groups:
        return parts + ["<p class='note'>None.</p>"]
    parts.append(f"<p class='note'>{count}. {html.escape(note)}</p>")
    rows = [
        (g.count, " | ".join(g.examples), g.guessed, g.nearest or "-") for g in groups
    ]
    headers = ["count", "examples", "model guessed", "nearest store passage"]
    return parts + [_table(headers, rows)]


def render_html(
    summary: Summary,
    groups: Sequence[Group],
    period: str,
    department_names: dict[str, str],
    show_text: bool = False,
    low_confidence: Sequence[Group] = (),
) -> str:
    """The report as one self-contained HTML page: ``groups`` are the missed
    questions, ``low_confidence`` the answers given with low confidence."""

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
    missed = f"{s.missed} messages missed ({s.share(s.missed)})"
    sections += _groups("Missed questions", "missed", MISSED_NOTE, missed, groups)
    unsure = f"{s.low_confidence} messages ({s.share(s.low_confidence)})"
    sections += _groups(
        "Answered with low confidence",
        "low-confidence",
        LOW_CONFIDENCE_NOTE,
        unsure,
        low_confidence,
    )
    body = "\n".join(sections)
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width,initial-scale=1'>"
        f"<title>Statement Bot report</title><style>{_STYLE}</style></head>"
        f"<body><main>{body}</main></body></html>\n"
    )
