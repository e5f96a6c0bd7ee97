"""Per-store lookup tables for the finders that read every department.

A store is loaded once and never changed, so what the finders would otherwise
rebuild for every message (each department's name forms, every value phrase)
is built once per store and kept as long as the store lives. With 2,000
departments this makes a message's department and value lookups cost the words
of the message, not the size of the store (``make bench``, "many departments").
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any, TypeVar

from statement_bot.store import Store

T = TypeVar("T")

_tables: dict[tuple[int, str], tuple[weakref.ref[Store], Any]] = {}


def per_store(store: Store, name: str, build: Callable[[Store], T]) -> T:
    """``build(store)``, computed once per live store and ``name``."""
    key = (id(store), name)
    found = _tables.get(key)
    if found is not None and found[0]() is store:
        return found[1]  # type: ignore[no-any-return]
    table = build(store)
    _tables[key] = (weakref.ref(store, lambda _: _tables.pop(key, None)), table)
    return table


def word_runs(words: list[str], longest: int) -> list[tuple[int, int, str]]:
    """Every run of 1 to ``longest`` consecutive ``words``: (start, size, text),
    by start, then size."""
    return [
        (start, size, " ".join(words[start : start + size]))
        for start in range(len(words))
        for size in range(1, min(longest, len(words) - start) + 1)
    ]
