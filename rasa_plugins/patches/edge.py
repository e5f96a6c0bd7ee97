"""Replaces ``rasa.server.add_root_route``, wraps ``rasa.core.run.configure_app``
and ``HttpProtocol.check_timeouts``: the web server's own limits.

Why: Rasa's ``GET /`` answers "Hello from Rasa: 3.6.21", announcing the exact
version to anyone; Rasa leaves Sanic's request-size limit at 100 MB; and Sanic
21.12's request timeout restarts on every byte received, so a client trickling
a byte at a time holds a connection indefinitely, and a body read after the
headers is bounded only by the response timeout (one hour in Rasa).

What stays the same: ``GET /`` still answers 200 (the tests and the scale-out
profile wait on it), with "Hello from Statement Bot" and no version. The app
Rasa configures gets ``REQUEST_MAX_SIZE = MAX_REQUEST_BYTES`` (413 above it)
and ``REQUEST_TIMEOUT = REQUEST_DEADLINE_SECONDS``; ``check_timeouts`` counts a
request's headers and body from its first byte, not its latest one, and closes
the connection (408) once the deadline has passed. Everything else is Sanic's.

To remove it: delete this module and its entries in ``patches()``
(``rasa_plugins/patches/__init__.py``).
"""

from __future__ import annotations

import warnings
from typing import Any

# Installed before Rasa's command line sets its warning filters: the libraries
# rasa.server imports (sanic_cors, apscheduler, matplotlib) would print their
# import-time deprecation notes, which a normal start does not show.
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import rasa.core.run
    import rasa.server
    from sanic import Sanic, response
    from sanic.exceptions import RequestTimeout
    from sanic.http import Stage
    from sanic.request import Request
    from sanic.response import HTTPResponse
    from sanic.server.protocols.base_protocol import current_time
    from sanic.server.protocols.http_protocol import HttpProtocol

from rasa_plugins.patches.base import Replacement
from statement_bot.settings import load_settings

ROOT_TEXT = "Hello from Statement Bot"


def add_root_route(app: Sanic) -> None:
    """``GET /``: the server is up (no version)."""

    @app.get("/")
    async def hello(request: Request) -> HTTPResponse:
        return response.text(ROOT_TEXT)


def configure_app(*args: Any, **kwargs: Any) -> Sanic:
    """Rasa's app with the request-size limit and the request deadline."""
    app = CONFIGURE.original()(*args, **kwargs)
    settings = load_settings()
    app.config.REQUEST_MAX_SIZE = settings.rasa.max_request_bytes
    app.config.REQUEST_TIMEOUT = settings.rasa.request_deadline
    return app


def _receiving(protocol: HttpProtocol) -> bool:
    """Whether the request's headers or body are still arriving."""
    http = protocol._http
    if http is None:
        return False
    if http.stage is Stage.REQUEST:
        return True
    return (
        http.stage is Stage.HANDLER
        and not http.upgrade_websocket
        and bool(http.request_body)
    )


# When each connection's current request began (Sanic's protocol has
# ``__slots__``, so the time is kept here, by the protocol's id); entries of
# connections lost mid-request are dropped once far past any deadline.
_started: dict[int, float] = {}
_FORGET_AFTER_S = 600.0


def _forget_stale(now: float) -> None:
    for key, started in list(_started.items()):
        if now - started > _FORGET_AFTER_S:
            del _started[key]


def check_timeouts(self: HttpProtocol) -> None:
    """Sanic's check, with a deadline from a request's first byte."""
    try:
        key, now = id(self), current_time()
        if self._task and _receiving(self):
            started = _started.setdefault(key, now)
            if now - started > self.request_timeout:
                del _started[key]
                self._http.exception = RequestTimeout("Request Timeout")
                self._task.cancel()
                return
        else:
            _started.pop(key, None)
        if len(_started) > 10_000:
            _forget_stale(now)
    except Exception:  # noqa: BLE001 - never break Sanic's own check
        pass
    CHECK.original()(self)


ROOT = Replacement(rasa.server, "add_root_route", add_root_route, ("app",))
CONFIGURE = Replacement(
    rasa.core.run,
    "configure_app",
    configure_app,
    (
        "input_channels",
        "cors",
        "auth_token",
        "enable_api",
        "response_timeout",
        "jwt_secret",
        "jwt_private_key",
        "jwt_method",
        "route",
        "port",
        "endpoints",
        "log_file",
        "conversation_id",
        "use_syslog",
        "syslog_address",
        "syslog_port",
        "syslog_protocol",
        "request_timeout",
        "server_listeners",
        "use_uvloop",
        "keep_alive_timeout",
    ),
)
CHECK = Replacement(HttpProtocol, "check_timeouts", check_timeouts, ("self",))
