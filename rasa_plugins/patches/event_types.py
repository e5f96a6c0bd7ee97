"""Replaces ``Event.resolve_by_type``: a table instead of a class walk per event.

Why: every turn reads the conversation back from the tracker store and turns
each stored event into an object with ``Event.resolve_by_type``, which in Rasa
3.6.21 walks all subclasses of ``Event`` (``all_subclasses``) for every single
event.

What stays the same: names are looked up in a table built from the same walk
(first class in that order wins, as in Rasa); a name missing from the table
rebuilds it once (classes defined later) and then falls back to Rasa's own
method (its "topic", default and error cases).

To remove it: delete this module and its entry in ``patches()``
(``rasa_plugins/patches/__init__.py``).
"""

from __future__ import annotations

from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

from rasa_plugins.patches.base import Replacement

_event_types: dict[str, type[Event]] = {}


def _event_type_table() -> dict[str, type[Event]]:
    table: dict[str, type[Event]] = {}
    for cls in all_subclasses(Event):
        table.setdefault(cls.type_name, cls)
    return table


def resolve_by_type(
    type_name: str, default: type[Event] | None = None
) -> type[Event] | None:
    """``Event.resolve_by_type`` with a table instead of a walk per event."""
    cls = _event_types.get(type_name)
    if cls is None:
        _event_types.clear()
        _event_types.update(_event_type_table())
        cls = _event_types.get(type_name)
    return cls if cls is not None else RESOLVE.original()(type_name, default)


RESOLVE = Replacement(
    Event, "resolve_by_type", staticmethod(resolve_by_type), ("type_name", "default")
)
