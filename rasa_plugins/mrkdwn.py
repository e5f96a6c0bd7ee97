"""The bot's light Markdown as Slack messages: mrkdwn text and Block Kit blocks.

Bot replies use ``**bold**``, lines starting ``- `` as list items, single line
breaks and bare links (``www.CambridgePolice.org``). Slack's mrkdwn has ``*bold*``,
no lists, and links as ``<url|label>``; ``&``, ``<`` and ``>`` must be escaped.
Slack shows at most 5 buttons in a row of our replies: the rest are named in a
line under them, so no choice is lost.

An answer is one Slack message (``answer``): every part the bot said for one
user message (several questions, a comparison, a list and its buttons) as
section blocks of at most 3,000 characters, each part's buttons under it, and the
"Helpful?" pair as the message's last actions block (``FEEDBACK_BLOCK``), which a
click replaces with a short acknowledgement (``rated``) in the same message.
"""

from __future__ import annotations

import re
from typing import Any

MAX_BUTTONS = 5
MAX_SECTION_TEXT = 3000  # Slack's limit for a section block's text
MAX_FALLBACK_TEXT = 3000
MAX_BUTTON_TITLE = 75  # Slack's limit for a button's text
MAX_BUTTON_VALUE = 2000  # Slack's limit for a button's value
MAX_BLOCKS = 50  # Slack's limit of blocks in one message

FEEDBACK_BLOCK = "feedback"  # the block_id of the "Helpful?" buttons
FEEDBACK_QUESTION = "Was this answer helpful?"
FEEDBACK_CHOICES = (("up", "\U0001f44d Helpful"), ("down", "\U0001f44e Not helpful"))
FEEDBACK_THANKS = "Thanks for rating this answer: {choice}"

_BOLD = re.compile(r"\*\*([^*\n]+?)\*\*")
_LINK = re.compile(
    r"(?P<email>\b[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b)"
    r"|(?P<url>(?:https?://)?(?:[A-Za-z0-9-]+\.)+(?:com|org|net|gov|edu|us|info|io)\b"
    r"(?:/[^\s<>\"|]*)?)",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?)]"
_LIST_ITEM = re.compile(r"^\s*[-*\u2022]\s+")


def escape(text: str) -> str:
    """Escape the three characters Slack treats as markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _link(match: re.Match[str]) -> str:
    if match.group("email"):
        address = match.group("email")
        return f"<mailto:{address}|{address}>"
    url = match.group("url")
    tail = ""
    while url and url[-1] in _TRAILING:
        url, tail = url[:-1], url[-1] + tail
    href = url if re.match(r"https?://", url, re.IGNORECASE) else f"https://{url}"
    return f"<{href}|{url}>{tail}"


def to_mrkdwn(text: str) -> str:
    """Light Markdown to Slack mrkdwn: bold, bullets, links; markup escaped."""
    lines = []
    for line in escape(text).splitlines():
        line = _LIST_ITEM.sub("\u2022 ", line)
        line = _BOLD.sub(r"*\1*", line)
        lines.append(_LINK.sub(_link, line))
    return "\n".join(lines).strip()


def split_text(text: str, limit: int = MAX_SECTION_TEXT) -> list[str]:
    """Cut text at line breaks into pieces no longer than ``limit``."""
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:  # one very long line: cut it
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            pieces.append(current)
            current = line
        else:
            current = candidate
    if current:
        pieces.append(current)
    return pieces or [""]


def text_blocks(text: str) -> list[dict[str, Any]]:
    """Section blocks holding the reply as mrkdwn."""
    return [
        {"type": "section", "text": {"type": "mrkdwn", "text": piece}}
        for piece in split_text(to_mrkdwn(text))
        if piece.strip()
    ]


def _title(title: str) -> str:
    title = " ".join(str(title).split())
    if len(title) > MAX_BUTTON_TITLE:
        title = title[: MAX_BUTTON_TITLE - 1] + "\u2026"
    return title or "\u2026"


def button_blocks(
    buttons: list[dict[str, Any]], prefix: str = "reply_"
) -> list[dict[str, Any]]:
    """An actions block with at most 5 buttons; a line naming any others.
    ``prefix`` starts the buttons' action ids (unique within a message)."""
    usable = [
        b
        for b in buttons
        if isinstance(b, dict)
        and isinstance(b.get("title"), str)
        and isinstance(b.get("payload"), str)
        and len(b["payload"]) <= MAX_BUTTON_VALUE
    ]
    if not usable:
        return []
    shown, rest = usable[:MAX_BUTTONS], usable[MAX_BUTTONS:]
    blocks: list[dict[str, Any]] = [
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "action_id": f"{prefix}{index}",
                    "text": {"type": "plain_text", "text": _title(b["title"])},
                    "value": b["payload"],
                }
                for index, b in enumerate(shown)
            ],
        }
    ]
    if rest:
        names = ", ".join(escape(_title(b["title"])) for b in rest)
        blocks.append(
            {
                "type": "context",
                "elements": [{"type": "mrkdwn", "text": f"Or type one of: {names}"}],
            }
        )
    return blocks


def _fallback(text: str) -> str:
    """The notification text of a message (Slack shows it where blocks can't be)."""
    fallback = to_mrkdwn(text)
    if len(fallback) > MAX_FALLBACK_TEXT:
        fallback = fallback[: MAX_FALLBACK_TEXT - 1] + "\u2026"
    return fallback


def message(text: str, buttons: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """chat.postMessage arguments for a reply: fallback text and blocks."""
    return {
        "text": _fallback(text),
        "blocks": text_blocks(text) + button_blocks(buttons or []),
    }


def feedback_blocks(payloads: list[str]) -> list[dict[str, Any]]:
    """The "Helpful?" question and its two buttons (payloads: up, then down)."""
    return [
        {
            "type": "context",
            "block_id": f"{FEEDBACK_BLOCK}_question",
            "elements": [{"type": "mrkdwn", "text": FEEDBACK_QUESTION}],
        },
        {
            "type": "actions",
            "block_id": FEEDBACK_BLOCK,
            "elements": [
                {
                    "type": "button",
                    "action_id": f"{FEEDBACK_BLOCK}_{rating}",
                    "text": {"type": "plain_text", "text": title},
                    "value": value,
                }
                for (rating, title), value in zip(
                    FEEDBACK_CHOICES, payloads, strict=True
                )
            ],
        },
    ]


Part = tuple[str, list[dict[str, Any]]]  # a reply's text and its buttons


def answer(
    parts: list[Part], feedback: list[str] | None = None
) -> list[dict[str, Any]]:
    """chat.postMessage arguments for everything said in answer to one message:
    one message (more only past Slack's 50 blocks), each part's sections and
    buttons in order, then the "Helpful?" pair when ``feedback`` has payloads."""
    blocks: list[dict[str, Any]] = []
    for number, (text, buttons) in enumerate(parts):
        blocks += text_blocks(text) + button_blocks(buttons, f"reply_{number}_")
    if feedback:
        blocks += feedback_blocks(feedback)
    text = "\n\n".join(text for text, _ in parts if text.strip())
    chunks = [blocks[i : i + MAX_BLOCKS] for i in range(0, len(blocks), MAX_BLOCKS)]
    if feedback and len(chunks) > 1 and len(chunks[-1]) == 1:
        chunks[-2:] = [chunks[-2][:-1], chunks[-2][-1:] + chunks[-1]]  # keep the pair
    return [{"text": _fallback(text), "blocks": chunk} for chunk in chunks or [[]]]


def rated(blocks: list[dict[str, Any]], choice: str) -> list[dict[str, Any]]:
    """A message's blocks once rated: the "Helpful?" pair replaced by thanks."""
    kept = [
        block
        for block in blocks
        if isinstance(block, dict)
        and block.get("block_id") not in (FEEDBACK_BLOCK, f"{FEEDBACK_BLOCK}_question")
    ]
    thanks = FEEDBACK_THANKS.format(choice=escape(_title(choice)))
    return kept + [
        {
            "type": "context",
            "block_id": f"{FEEDBACK_BLOCK}_done",
            "elements": [{"type": "mrkdwn", "text": thanks}],
        }
    ]
