"""Plain text copied from a page -> blocks.

Two layouts are read: paragraphs separated by blank lines (a run of lines is one
paragraph unless every line is short, as in an address), and one line per
paragraph with lines broken for layout (a line that does not end a sentence and
is not a title goes on in the next).
"""

from __future__ import annotations

import re

from ops.importer import contact
from ops.importer.blocks import HEADING, ITEM, TEXT, Block, looks_like_heading
from ops.importer.sentences import ends_sentence

# A comment line a saved fixture starts with ("# source: https://...").
_HEADER_COMMENT = re.compile(r"^# [a-z(]")
_ITEM = re.compile(r"^(\s*)(?:[-*•·▪]|\d{1,2}[.)])\s+(.*)$")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+(.*)$")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_LONG_LINE_WORDS = 8


def _strip_header(lines: list[str]) -> list[str]:
    start = 0
    while start < len(lines) and (
        not lines[start].strip() or _HEADER_COMMENT.match(lines[start])
    ):
        start += 1
    return lines[start:]


def _runs(lines: list[str]) -> list[list[str]]:
    runs: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            runs[-1].append(line.rstrip())
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def _parse_line(line: str) -> Block:
    item = _ITEM.match(line)
    if item:
        text, strong = _unbold(item.group(2))
        return Block(ITEM, text, level=1 if item.group(1) else 0, strong=strong)
    heading = _MARKDOWN_HEADING.match(line.strip())
    if heading:
        return Block(HEADING, _unbold(heading.group(1))[0])
    text, strong = _unbold(line.strip())
    return Block(TEXT, text, strong=strong)


def _unbold(text: str) -> tuple[str, bool]:
    """The text without **bold** markers, and whether all of it was bold."""
    strong = bool(_BOLD.fullmatch(text.strip()))
    return _BOLD.sub(r"\1", text).strip(), strong


def _join_paragraph(run: list[Block]) -> list[Block]:
    """Blank-line layout: the lines of a run are one paragraph (items apart)."""
    out: list[Block] = []
    for block in run:
        if out and block.kind == TEXT and out[-1].kind == TEXT:
            out[-1].text += " " + block.text
        else:
            out.append(block)
    return out


def _join_wrapped(run: list[Block]) -> list[Block]:
    """Line layout: a line that does not end a sentence goes on in the next."""
    out: list[Block] = []
    for block in run:
        last = out[-1] if out else None
        if (
            last is not None
            and block.kind == TEXT
            and last.kind == TEXT
            and not ends_sentence(last.text)
            and not last.text.endswith(":")
            and not looks_like_heading(last.text)
        ):
            last.text += " " + block.text
        else:
            out.append(block)
    return out


def _is_long(block: Block) -> bool:
    return block.kind == TEXT and len(block.text.split()) > _LONG_LINE_WORDS


def _headings(blocks: list[Block]) -> list[Block]:
    for block in blocks:
        if contact.address_lines([block.text]):
            continue  # "Cambridge Police Department 125 Sixth Street ..."
        if block.kind == TEXT and looks_like_heading(block.text):
            block.kind = HEADING
    return blocks


def text_blocks(text: str) -> list[Block]:
    """The blocks of a plain-text page, in order."""
    runs = _runs(_strip_header(text.splitlines()))
    blank_line_layout = len(runs) > 2
    blocks: list[Block] = []
    for run in runs:
        parsed = [_parse_line(line) for line in run]
        if blank_line_layout and len(parsed) == 1:
            blocks.extend(_headings(parsed))
        elif blank_line_layout and any(_is_long(block) for block in parsed):
            blocks.extend(_join_paragraph(parsed))
        elif blank_line_layout:
            blocks.extend(parsed)
        else:
            blocks.extend(_headings(_join_wrapped(parsed)))
    return blocks
