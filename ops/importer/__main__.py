"""``python -m ops.importer SOURCE... --id ID`` (``make import``) and
``python -m ops.importer --check SOURCE... --id ID`` (``make import-check``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ops.importer import drift
from ops.importer.build import import_pages, write_draft
from ops.importer.source import SourceError, read_page
from statement_bot.settings import load_settings
from statement_bot.store import ID_PATTERN, StoreError, parse_department

DRAFTS = Path("drafts")


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m ops.importer",
        description="Import a department's published statement page as a draft "
        "store file (drafts/<id>.yml), or check a store file against it.",
    )
    parser.add_argument("sources", nargs="+", help="page files (HTML or text) or URLs")
    parser.add_argument("--id", required=True, help="the department id (file name)")
    parser.add_argument("--out", type=Path, default=DRAFTS, help="draft folder")
    parser.add_argument(
        "--check",
        action="store_true",
        help="compare STORE_DIR/<id>.yml with the page; exit 1 when they differ",
    )
    parser.add_argument(
        "--store-dir",
        type=Path,
        default=None,
        help="the live store folder (default: the STORE_DIR setting, stores)",
    )
    args = parser.parse_args(argv)
    if not ID_PATTERN.match(args.id):
        parser.error(f"--id {args.id!r}: lower-case letters, digits and '_'")
    return args


def run_import(args: argparse.Namespace) -> int:
    draft = import_pages([read_page(source) for source in args.sources], args.id)
    path, review_path, review = write_draft(draft, args.out)
    print(review)
    print(f"wrote {path} and {review_path}")
    return 0


def run_check(args: argparse.Namespace) -> int:
    store_dir = args.store_dir or load_settings().core.store_dir
    store_file = Path(store_dir) / f"{args.id}.yml"
    department = parse_department(store_file)
    pages = [read_page(source) for source in args.sources]
    draft = import_pages(pages, args.id)
    text = "\n".join(page.text() for page in pages)
    changes = drift.compare(department, draft, text)
    print(drift.report(changes, str(store_file), args.sources))
    return 1 if changes else 0


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    try:
        return run_check(args) if args.check else run_import(args)
    except (SourceError, StoreError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
