"""An HTML page -> blocks, with the page furniture taken out first.

Beautiful Soup with Python's html.parser. Navigation, headers and footers,
forms, cookie and consent banners, skip links and social or share links are
removed before the text is read; when the page marks its main content
(``<main>``, ``role="main"``, ``<article>``) only that is read.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

from ops.importer.blocks import (
    HEADING,
    ITEM,
    TEXT,
    Block,
    is_furniture,
    looks_like_heading,
    worth_listing,
)

_REMOVED_TAGS = (
    "script style noscript template svg iframe form button select input "
    "nav footer aside dialog"
).split()
_REMOVED_ROLES = {"navigation", "banner", "contentinfo", "search", "dialog"}
_FURNITURE_CLASS = re.compile(
    r"cookie|consent|gdpr|skip|social|share|breadcrumb|\bnav|menu|footer|"
    r"sidebar|newsletter|popup|modal|alert-bar",
    re.IGNORECASE,
)
_BLOCK_TAGS = frozenset(
    "address article blockquote dd div dl dt figcaption figure h1 h2 h3 h4 h5 h6 "
    "header li main ol p pre section table tbody td th tr ul".split()
)
_HEADING_TAGS = frozenset("h1 h2 h3 h4 h5 h6 dt".split())
_STRONG_TAGS = frozenset({"strong", "b"})


def _is_furniture_tag(tag: Tag) -> bool:
    if tag.name in _REMOVED_TAGS or tag.get("role") in _REMOVED_ROLES:
        return True
    if tag.get("aria-hidden") == "true" or tag.has_attr("hidden"):
        return True
    names = " ".join([*tag.get("class", []), str(tag.get("id", ""))])
    if tag.name == "header" and not tag.find_parent(["main", "article"]):
        return True
    return bool(_FURNITURE_CLASS.search(names))


def _remove_furniture(soup: BeautifulSoup, dropped: list[str]) -> None:
    for tag in soup.find_all(True):
        if tag.decomposed or not _is_furniture_tag(tag):
            continue
        text = " ".join(tag.get_text(" ").split())
        if worth_listing(text):
            dropped.append(text)
        tag.decompose()


def _content_root(soup: BeautifulSoup) -> Tag:
    body = soup.body or soup
    for finder in ({"name": "main"}, {"attrs": {"role": "main"}}, {"name": "article"}):
        found = body.find(**finder)
        if found:
            return found
    return body


def _kind(tag: Tag) -> str:
    if tag.name in _HEADING_TAGS:
        return HEADING
    return ITEM if tag.name == "li" else TEXT


def _level(tag: Tag) -> int:
    return max(0, len(tag.find_parents(["ul", "ol"])) - 1)


class _Reader:
    """Walks the content in order; the inline text between blocks is one block."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []

    def read(self, tag: Tag) -> None:
        parts: list[str] = []
        strong: list[bool] = []
        for child in tag.children:
            if isinstance(child, Tag) and child.name in _BLOCK_TAGS:
                self._emit(tag, parts, strong)
                parts, strong = [], []
                self.read(child)
            elif isinstance(child, Tag) and child.name == "br":
                parts.append("\n")
            elif isinstance(child, Tag):
                parts.append(child.get_text())
                strong.append(child.name in _STRONG_TAGS)
            elif isinstance(child, NavigableString) and type(child) is NavigableString:
                parts.append(str(child))
                strong.append(not child.strip())
        self._emit(tag, parts, strong)

    def _emit(self, tag: Tag, parts: list[str], strong: list[bool]) -> None:
        lines = [" ".join(line.split()) for line in "".join(parts).split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            return
        bold = bool(strong) and all(strong)
        if len(lines) > 1 and all(len(line.split()) <= 8 for line in lines):
            for line in lines:  # an address or a list of lines
                self.blocks.append(Block(TEXT, line, _level(tag), bold))
            return
        text = " ".join(lines)
        kind = _kind(tag)
        if kind == TEXT and bold and looks_like_heading(text):
            kind = HEADING
        self.blocks.append(Block(kind, text, _level(tag), bold))


def html_blocks(html: str) -> tuple[list[Block], list[str], str]:
    """The blocks of an HTML page, the furniture text dropped, and the title."""
    soup = BeautifulSoup(html, "html.parser")
    title = " ".join(soup.title.get_text().split()) if soup.title else ""
    dropped: list[str] = []
    _remove_furniture(soup, dropped)
    reader = _Reader()
    reader.read(_content_root(soup))
    kept = []
    for block in reader.blocks:
        if is_furniture(block.text):
            if worth_listing(block.text):
                dropped.append(block.text)
            continue
        kept.append(block)
    return kept, dropped, title


def visible_text(html: str) -> str:
    """All the text a reader of the page sees, for the verbatim checks."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "template"]):
        tag.decompose()
    return soup.get_text(" ")
