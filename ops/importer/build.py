"""Pages -> a draft, and the draft written to drafts/ with its review."""

from __future__ import annotations

import tempfile
from pathlib import Path

from ops.importer import parts, values
from ops.importer.blocks import TEXT, Block
from ops.importer.draft import Draft, review_text, to_yaml
from ops.importer.sentences import ends_sentence, split_sentences
from ops.importer.source import Page
from statement_bot.store import StoreError, load_store


def trim_cut_end(blocks: list[Block], draft: Draft) -> None:
    """A page copied only in part can stop mid-sentence: drop that fragment."""
    if not blocks or blocks[-1].kind != TEXT:
        return
    sentences = split_sentences(blocks[-1].text)
    if len(sentences) > 1 and not ends_sentence(sentences[-1]):
        draft.unsure.append(
            f"the page text stops mid-sentence; left out: {sentences[-1]!r}"
        )
        blocks[-1].text = " ".join(sentences[:-1])


def _drop_empty_sections(draft: Draft) -> None:
    for key, section in list(draft.sections.items()):
        if not section.paragraphs and not section.items:
            draft.unsure.append(
                f"heading {section.title!r} has no text under it (a motto or a "
                "title? add it as a section by hand if it is part of the statement)"
            )
            del draft.sections[key]


def _name(draft: Draft, texts: list[str]) -> None:
    name = parts.find_name(texts)
    if not name:
        name = draft.id.replace("_", " ").title() + " Police Department"
        draft.unsure.append(
            f"the page never names the department: the name {name!r} comes from "
            "the id"
        )
    draft.name = name
    short = name.removesuffix(" Police Department")
    draft.short_names = [short, f"{short} PD", f"{short} Police"]


def import_pages(pages: list[Page], department_id: str) -> Draft:
    """Read every page (in order) into one draft."""
    draft = Draft(id=department_id, sources=[page.name for page in pages])
    texts: list[str] = []
    for page in pages:
        blocks, dropped, title = page.blocks()
        trim_cut_end(blocks, draft)
        draft.dropped += dropped
        texts += [title, *(block.text for block in blocks)]
        parts.Builder(draft).walk(blocks)
    values.values_named_in_text(draft)
    values.report_empty_values(draft)
    _drop_empty_sections(draft)
    _name(draft, texts)
    return draft


def validate(draft: Draft) -> str | None:
    """The store validator's message for the draft, or None when it passes
    (``load_store`` on a folder holding only the draft)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{draft.id}.yml"
        path.write_text(to_yaml(draft), encoding="utf-8")
        try:
            load_store(Path(folder))
        except StoreError as exc:
            return str(exc).replace(str(path), f"{draft.id}.yml")
    return None


def write_draft(draft: Draft, out_dir: Path) -> tuple[Path, Path, str]:
    """Write drafts/<id>.yml and drafts/<id>.review.txt; return both and the
    review text."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{draft.id}.yml"
    path.write_text(to_yaml(draft), encoding="utf-8")
    review = review_text(draft, validate(draft), path)
    review_path = out_dir / f"{draft.id}.review.txt"
    review_path.write_text(review, encoding="utf-8")
    return path, review_path, review
