"""The channels' edge: who may talk, how much, and what of it is kept.

Shared by the REST and Socket.IO channels (``rest.py``, ``socketio.py``):

- **server-issued ids**: ``issue_id`` signs a random conversation id with the
  server secret (``SESSION_SECRET``, else ``var/session-secret``); ids in the
  reserved namespace (``sb.``) that ``verify_id`` does not accept are refused.
  The widget gets its id from ``POST /webhooks/rest/session``, a Socket.IO
  client from ``session_confirm``;
- **metadata**: only the keys of ``access.yml`` (short text), the rest dropped;
- **rate limits**: token buckets per sender and per client address
  (``SENDER_RATE_LIMIT``, ``ADDRESS_RATE_LIMIT`` per ``RATE_LIMIT_SECONDS``), in
  the process or, with ``RATE_LIMIT_REDIS``, shared through Redis; the client
  address is the connection's, or ``X-Real-IP`` from a ``TRUSTED_PROXIES`` peer;
- **replies of the channel's own** (wording in ``domain.yml``): "please slow
  down", "deleted", and a reply for a payload Rasa answered with nothing;
- **delete my conversation**: every stored event of the sender removed at once,
  under the sender's lock, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import os
import re
import secrets
import time
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Protocol

import yaml

from statement_bot import names
from statement_bot.settings import PROJECT_ROOT, Settings

logger = logging.getLogger(__name__)

DATA = Path(__file__).with_suffix(".yml")
DOMAIN = PROJECT_ROOT / "domain.yml"
SIGNING_KEY_PATH = PROJECT_ROOT / "var" / "session-secret"
RESERVED_PREFIX = "sb."
WIDGET = "w"  # ids the widget gets from POST /webhooks/rest/session
SOCKET = "s"  # ids Socket.IO clients get in session_confirm
DELETE_PAYLOAD = "/delete_conversation"
SESSION_START_PAYLOAD = "/session_start"
REAL_IP_HEADER = "x-real-ip"
_ID = re.compile(r"^sb\.([ws])\.([0-9a-f]{32})\.([0-9a-f]{32})$")
_SPACES = re.compile(r"\s+")


# ---------- server-issued, signed ids ----------


def load_secret(settings: Settings, path: Path = SIGNING_KEY_PATH) -> bytes:
    """``SESSION_SECRET``, else the secret kept in ``path`` (made on first use,
    readable by the owner only; every process on the machine shares it)."""
    if settings.rasa.session_secret:
        return settings.rasa.session_secret.encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):  # another process is writing it
            text = path.read_text(encoding="ascii").strip()
            if text:
                return text.encode()
            time.sleep(0.05)
        raise RuntimeError(
            f"{path} is empty: delete it or set SESSION_SECRET"
        ) from None
    with os.fdopen(fd, "w", encoding="ascii") as file:
        file.write(secrets.token_hex(32))
    return path.read_text(encoding="ascii").strip().encode()


def _signature(secret: bytes, kind: str, token: str) -> str:
    return hmac.new(secret, f"{kind}.{token}".encode(), hashlib.sha256).hexdigest()[:32]


def issue_id(secret: bytes, kind: str) -> str:
    """A new conversation id of ``kind`` (``WIDGET`` or ``SOCKET``), signed."""
    token = secrets.token_hex(16)
    return f"{RESERVED_PREFIX}{kind}.{token}.{_signature(secret, kind, token)}"


def verify_id(secret: bytes, value: Any, kind: str) -> bool:
    """Whether ``value`` is an id of ``kind`` this server (its secret) issued."""
    match = _ID.match(value) if isinstance(value, str) else None
    if match is None or match.group(1) != kind:
        return False
    return hmac.compare_digest(match.group(3), _signature(secret, kind, match.group(2)))


def is_reserved(sender: str) -> bool:
    """Whether ``sender`` is in the namespace of server-issued ids."""
    return sender.startswith(RESERVED_PREFIX)


# ---------- metadata ----------


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def allowed_metadata(metadata: Any) -> dict[str, str]:
    """Only the keys a browser channel may send, each short text."""
    if not isinstance(metadata, dict):
        return {}
    limits: dict[str, int] = _data()["metadata"]
    return {
        key: value
        for key, value in metadata.items()
        if key in limits and isinstance(value, str) and len(value) <= limits[key]
    }


def wants_deletion(text: str) -> bool:
    """Whether the message asks to delete the conversation (payload or phrase)."""
    said = _SPACES.sub(" ", text.strip().lower()).rstrip(".!? ")
    return said == DELETE_PAYLOAD or said in _data()["delete_phrases"]


# ---------- replies of the channels' own ----------


@cache
def response(name: str, domain: Path = DOMAIN) -> dict[str, Any]:
    """The first variant of a response of ``domain.yml`` (text, buttons)."""
    responses = yaml.safe_load(domain.read_text(encoding="utf-8"))["responses"]
    return dict(responses[name][0])


def empty_reply_response(text: str) -> str:
    """The response for a message Rasa answered with nothing."""
    if text.strip() == SESSION_START_PAYLOAD:
        return names.UTTER_GREET
    return names.UTTER_FALLBACK


# ---------- rate limits ----------


class Buckets(Protocol):
    """Token buckets: ``take`` one token from ``key`` if it has one."""

    async def take(self, key: str, capacity: int, seconds: float) -> bool:
        ...


@dataclass
class LocalBuckets:
    """Buckets in this process (the default profile: one Rasa server)."""

    most: int = 100_000  # keys kept; full buckets are dropped first
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)

    async def take(self, key: str, capacity: int, seconds: float) -> bool:
        now = time.monotonic()
        rate = capacity / seconds
        tokens, then = self._buckets.get(key, (float(capacity), now))
        tokens = min(float(capacity), tokens + (now - then) * rate)
        allowed = tokens >= 1
        self._buckets[key] = (tokens - 1 if allowed else tokens, now)
        if len(self._buckets) > self.most:
            self._forget_full(now, rate, capacity)
        return allowed

    def _forget_full(self, now: float, rate: float, capacity: int) -> None:
        for key, (tokens, then) in list(self._buckets.items()):
            if tokens + (now - then) * rate >= capacity:
                del self._buckets[key]


# KEYS[1]: the bucket; ARGV: capacity, seconds, now. One atomic step in Redis.
_TAKE_SCRIPT = """
local capacity = tonumber(ARGV[1])
local seconds = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - at) * capacity / seconds)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('EXPIRE', KEYS[1], math.ceil(seconds) * 2)
return allowed
"""


class RedisBuckets:
    """Buckets shared by every Rasa server through Redis (the scale-out profile)."""

    def __init__(self, settings: Settings, prefix: str = "statementbot:rate:") -> None:
        import redis.asyncio

        cluster = settings.cluster
        self.prefix = prefix
        self.client = redis.asyncio.Redis(
            host=cluster.redis_host,
            port=cluster.redis_port,
            db=cluster.redis_db,
            password=cluster.redis_password or None,
        )
        self.script = self.client.register_script(_TAKE_SCRIPT)

    async def take(self, key: str, capacity: int, seconds: float) -> bool:
        try:
            allowed = await self.script(
                keys=[self.prefix + key], args=[capacity, seconds, time.time()]
            )
        except Exception as exc:  # noqa: BLE001 - Redis down: let the message in
            logger.error("Rate limit not checked (Redis): %s", type(exc).__name__)
            return True
        return bool(allowed)


@dataclass
class RateLimits:
    """The per-sender and per-address limits; a limit of 0 is off."""

    per_sender: int
    per_address: int
    seconds: float
    buckets: Buckets

    @classmethod
    def from_settings(cls, settings: Settings) -> RateLimits:
        rasa = settings.rasa
        buckets: Buckets = (
            RedisBuckets(settings) if rasa.rate_limit_redis else LocalBuckets()
        )
        return cls(
            rasa.sender_rate_limit,
            rasa.address_rate_limit,
            rasa.rate_limit_seconds,
            buckets,
        )

    async def allow(self, sender: str, address: str) -> bool:
        """Whether one more message from ``sender`` at ``address`` may go in."""
        if self.per_sender and not await self.buckets.take(
            f"sender:{sender}", self.per_sender, self.seconds
        ):
            return False
        return not self.per_address or await self.buckets.take(
            f"address:{address}", self.per_address, self.seconds
        )


def trusted_proxies(settings: Settings) -> frozenset[str]:
    """The ``TRUSTED_PROXIES`` addresses."""
    return frozenset(settings.rasa.trusted_proxies.split())


def client_address(peer: str, real_ip: str | None, proxies: frozenset[str]) -> str:
    """The client's address: ``X-Real-IP`` only when the peer is a trusted proxy."""
    if peer in proxies and real_ip and real_ip.strip():
        return real_ip.strip()
    return peer


# ---------- delete my conversation ----------


def _sql_engine(tracker_store: Any) -> Any:
    """The SQLAlchemy engine under Rasa's (wrapped) tracker store, or None."""
    for _ in range(3):
        engine = getattr(tracker_store, "engine", None)
        if engine is not None:
            return engine
        tracker_store = getattr(tracker_store, "_tracker_store", None)
    return None


async def delete_conversation(agent: Any, sender: str) -> int:
    """Remove every stored event of ``sender`` now (under its lock, so no turn
    writes it back); the number of events removed."""
    from ops.conversations import delete_sender

    engine = _sql_engine(agent.tracker_store)
    if engine is None:
        raise RuntimeError("the tracker store is not an SQL store")
    async with agent.lock_store.lock(sender):
        return await asyncio.to_thread(delete_sender, engine, sender)
