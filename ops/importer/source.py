"""Reading a page: a saved file (HTML or plain text) or a URL."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from ops.importer.blocks import Block
from ops.importer.html import html_blocks, visible_text
from ops.importer.plain import text_blocks

FETCH_TIMEOUT = 20  # seconds
_HTML_START = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype|html|head|body)", re.I | re.S
)


class SourceError(Exception):
    """A page cannot be read or fetched."""


@dataclass(frozen=True)
class Page:
    """A page's text as read, and whether it is HTML."""

    name: str
    raw: str
    is_html: bool

    def blocks(self) -> tuple[list[Block], list[str], str]:
        """Its blocks, the furniture dropped, and its title (HTML only)."""
        if self.is_html:
            return html_blocks(self.raw)
        return text_blocks(self.raw), [], ""

    def text(self) -> str:
        """What a reader sees: every sentence of a draft must be in it."""
        return visible_text(self.raw) if self.is_html else self.raw


def _looks_html(name: str, raw: str) -> bool:
    return name.lower().endswith((".html", ".htm")) or bool(_HTML_START.match(raw))


def fetch(url: str, timeout: float = FETCH_TIMEOUT) -> str:
    """The page at ``url`` (urllib); SourceError with the reason when it fails."""
    request = urllib.request.Request(url, headers={"User-Agent": "statement-bot"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            charset = response.headers.get_content_charset() or "utf-8"
            return response.read().decode(charset, errors="replace")
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise SourceError(
            f"{url}: cannot be fetched ({exc}); is this machine offline? "
            "Save the page as a file and give its path instead."
        ) from exc


def read_page(source: str) -> Page:
    """A file path or an http(s) URL, read."""
    if source.startswith(("http://", "https://")):
        raw = fetch(source)
    else:
        try:
            raw = Path(source).read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise SourceError(f"{source}: cannot be read: {exc}") from exc
    return Page(name=source, raw=raw, is_html=_looks_html(source, raw))
