"""The action server's store, search index and settings: loaded once, shared."""

from __future__ import annotations

from statement_bot.settings import Settings, load_settings
from statement_bot.store import Store, StoreError, load_store
from statement_bot.understand.departments import find_departments
from statement_bot.understand.search import StatementIndex
from statement_bot.understand.values import value_names_written

# Any question: the warm-up needs the code paths, not an answer.
WARM_UP_QUESTION = "what does integrity mean to the department?"

_state: dict[str, object] = {}


def configure(settings: Settings | None = None, store: Store | None = None) -> Store:
    """Load (or install) the store and settings; raise StoreError if invalid."""
    settings = settings or load_settings()
    store = store or load_store(settings.core.store_dir)
    default = settings.core.default_department
    if default and store.get(default) is None:
        known = ", ".join(d.id for d in store)
        raise StoreError(
            f".env: field 'DEFAULT_DEPARTMENT': {default!r} is not a department id "
            f"in {store.directory} (known: {known})"
        )
    _state["settings"] = settings
    _state["store"] = store
    _state["index"] = StatementIndex(store)
    warm_up(store, _state["index"])  # type: ignore[arg-type]
    return store


def warm_up(store: Store, index: StatementIndex) -> None:
    """Build now what the first requests would otherwise build: the store's name
    and value tables (``understand.store_index``) and the search's word tables,
    so the first answers after start are as fast as later ones."""
    find_departments(store, WARM_UP_QUESTION)
    value_names_written(store, WARM_UP_QUESTION)
    index.search(WARM_UP_QUESTION)


def get_store() -> Store:
    """The store, loading it from the configured folder on first use."""
    if "store" not in _state:
        configure()
    return _state["store"]  # type: ignore[return-value]


def get_index() -> StatementIndex:
    """The statement search index of the store (built with it)."""
    if "index" not in _state:
        configure()
    return _state["index"]  # type: ignore[return-value]


def get_settings() -> Settings:
    """The settings the store was loaded with."""
    if "settings" not in _state:
        configure()
    return _state["settings"]  # type: ignore[return-value]


def default_department() -> str | None:
    """The department a single-department deployment answers about."""
    return get_settings().core.default_department
