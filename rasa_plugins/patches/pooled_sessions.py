"""Replaces ``EndpointConfig.session``: one pooled HTTP session per event loop.

Why: Rasa 3.6.21's ``EndpointConfig.request`` opens a new
``aiohttp.ClientSession`` (and so a new TCP connection) for every call to the
action server. Reusing one session keeps the connection open between turns.

What stays the same: the headers, basic auth and timeout of Rasa's session.
Idle connections are dropped after ``KEEPALIVE_SECONDS``, before the action
server's own keep-alive timeout (Sanic: 5 s) closes them, so a request never
goes out on a connection the server is closing; a restarted action server is
reached on a fresh connection.

To remove it: delete this module and its entry in ``patches()``
(``rasa_plugins/patches/__init__.py``).
"""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
from rasa.utils.endpoints import EndpointConfig

from rasa_plugins.patches.base import Replacement

KEEPALIVE_SECONDS = 2.0
_SESSION_ATTRIBUTE = "_statement_bot_sessions"


class SharedSession:
    """A long-lived ``ClientSession`` that ``async with`` does not close.

    Rasa writes ``async with endpoint.session() as session: ...``; entering
    gives the shared session and leaving keeps it open. Anything else (``post``,
    ``close``, ``closed``...) goes to the session itself.
    """

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self.session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self.session

    async def __aexit__(self, *exc_info: object) -> None:
        return None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.session, name)


def new_session(endpoint: EndpointConfig) -> aiohttp.ClientSession:
    """A session configured like Rasa's ``EndpointConfig.session``, pooled."""
    auth = None
    if endpoint.basic_auth:
        auth = aiohttp.BasicAuth(
            endpoint.basic_auth["username"], endpoint.basic_auth["password"]
        )
    return aiohttp.ClientSession(
        headers=endpoint.headers,
        auth=auth,
        timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
        connector=aiohttp.TCPConnector(keepalive_timeout=KEEPALIVE_SECONDS),
    )


def shared_session(self: EndpointConfig) -> SharedSession:
    """``EndpointConfig.session`` that reuses one session per event loop."""
    loop = asyncio.get_running_loop()
    sessions: dict[int, tuple[asyncio.AbstractEventLoop, aiohttp.ClientSession]]
    sessions = self.__dict__.setdefault(_SESSION_ATTRIBUTE, {})
    known = sessions.get(id(loop))
    if known is None or known[0] is not loop or known[1].closed:
        sessions[id(loop)] = (loop, new_session(self))
        # Forget sessions of loops that have been closed (tests, restarts).
        for key, (other, _) in list(sessions.items()):
            if other.is_closed():
                del sessions[key]
    return SharedSession(sessions[id(loop)][1])


SESSION = Replacement(EndpointConfig, "session", shared_session, ("self",))
