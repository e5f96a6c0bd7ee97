"""A Redis lock store whose ticket updates are atomic across Rasa servers.

Rasa 3.6's ``RedisLockStore`` keeps each conversation's ticket lock as one JSON
value and changes it by read, modify, write: ``issue_ticket``, ``update_lock``
(every second while a message waits) and ``cleanup`` run from several servers at
once overwrite each other's changes. With two servers and one sender's messages
arriving together, tickets get lost, two messages are processed at once, or a
waiting message finds its lock deleted and fails with ``LockError`` (the
integration test in tests/cluster/test_cluster.py showed all three).

This store does the same changes inside Redis transactions (``WATCH`` /
``MULTI`` / ``EXEC``, retried when another server changed the lock meanwhile),
so tickets are issued and served strictly in arrival order. Same settings as
Rasa's ``type: redis``; used in ``cluster/endpoints.cluster.yml`` as
``type: rasa_plugins.lock_store.AtomicRedisLockStore``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

T = TypeVar("T")
# What a change does: (the lock to save, or None to delete it; what to return).
Change = Callable[[TicketLock | None], tuple[TicketLock | None, T]]


class AtomicRedisLockStore(RedisLockStore):
    """``RedisLockStore`` with every read-modify-write in a Redis transaction."""

    def __init__(
        self, endpoint_config: EndpointConfig | None = None, **kwargs: Any
    ) -> None:
        settings: dict[str, Any] = (
            dict(endpoint_config.kwargs) if endpoint_config else {}
        )
        settings.update(kwargs)
        if endpoint_config is not None and endpoint_config.url:
            settings.setdefault("host", endpoint_config.url)
        super().__init__(**settings)

    def _change(self, conversation_id: str, change: Change[T]) -> T:
        """Apply ``change`` to the stored lock atomically; return its result."""
        key = self.key_prefix + conversation_id
        with self.red.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(key)
                    raw = pipe.get(key)
                    lock = TicketLock.from_dict(json.loads(raw)) if raw else None
                    new_lock, result = change(lock)
                    pipe.multi()
                    if new_lock is None:
                        pipe.delete(key)
                    else:
                        pipe.set(key, new_lock.dumps())
                    pipe.execute()
                    return result
                except redis.WatchError:
                    continue  # another server changed the lock: read it again

    def issue_ticket(
        self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME
    ) -> int:
        """Issue the next ticket for ``conversation_id`` (creating its lock)."""

        def issue(lock: TicketLock | None) -> tuple[TicketLock, int]:
            lock = lock or TicketLock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        try:
            return self._change(conversation_id, issue)
        except Exception as exc:  # as Rasa's own issue_ticket reports it
            raise LockError(f"Error while acquiring lock. Error:\n{exc}") from exc

    def update_lock(self, conversation_id: str) -> None:
        """Remove expired tickets."""

        def drop_expired(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock is not None:
                lock.remove_expired_tickets()
            return lock, None

        self._change(conversation_id, drop_expired)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        """Remove ticket ``ticket_number``."""

        def finish(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock is not None:
                lock.remove_ticket_for(ticket_number)
            return lock, None

        self._change(conversation_id, finish)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Remove the ticket; delete the lock only if nobody else is waiting."""

        def finish(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock is None:
                return None, None
            lock.remove_ticket_for(ticket_number)
            return (lock if lock.is_someone_waiting() else None), None

        self._change(conversation_id, finish)
