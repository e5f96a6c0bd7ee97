"""The Socket.IO channel for the chat widgets Rasa sites already use (rasa-webchat).

Rasa's own ``SocketIOInput`` with the guarantees of the REST channel
(``rasa_plugins/rest.py``):

- events as rasa-webchat sends them by default: ``session_request`` →
  ``session_confirm``, ``user_uttered`` → ``bot_uttered``; the conversation is
  the widget's ``session_id`` (``session_persistence``), so a reload goes on;
- the page's department arrives as ``customData`` (``metadata_key``) and is
  checked against the store by the actions, like the widget's metadata;
- a malformed event (no session id, a message that is not text) or an
  oversized message gets an ``error`` event with a reason, and a log line
  without the text; nothing crashes, and other clients go on;
- the browsers allowed are ``CORS_ORIGINS`` (never ``*``): a connection from
  another page's origin is refused, WebSocket included (browsers apply no CORS
  to WebSockets). The CORS headers of the polling transport come from Rasa's
  ``--cors``, as for every route: python-socketio adding its own as well gives
  two ``Access-Control-Allow-Origin`` headers, which browsers refuse;
- the actions' rating marker (``{"feedback": ...}``) is not sent: rasa-webchat
  has no rating buttons, and would show it as an empty message.

Off, with a note in the log, when ``SOCKETIO_ENABLED`` is false.
"""

from __future__ import annotations

import inspect
import logging
import re
from collections.abc import Awaitable, Callable
from http import HTTPStatus
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOOutput
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from rasa_plugins import access
from rasa_plugins.patches.action_guard import LAST_RESORT_TEXT
from rasa_plugins.rest import MAX_MESSAGE_CHARS, Edge, clean_text
from statement_bot import names
from statement_bot.names import CUSTOM_FEEDBACK
from statement_bot.settings import load_settings

logger = logging.getLogger(__name__)

ERROR_EVENT = "error"
_SESSION_ID = re.compile(r"^[\w.:-]{1,128}$")


class CheckedSocketIOOutput(SocketIOOutput):
    """Rasa's Socket.IO output without the rating marker; counts what it sends."""

    sent = 0

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        self.sent += 1
        await super().send_response(recipient_id, message)

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        if isinstance(json_message, dict) and set(json_message) == {CUSTOM_FEEDBACK}:
            return
        await super().send_custom_json(recipient_id, json_message, **kwargs)


def check_event(data: Any, metadata_key: str) -> tuple[str, str, dict[str, Any]] | str:
    """(session id, message, metadata) of a ``user_uttered`` event, or why it
    is refused."""
    if not isinstance(data, dict):
        return "the event must be an object"
    session_id = data.get("session_id")
    if not isinstance(session_id, str) or not _SESSION_ID.match(session_id):
        return "'session_id' must be the id from session_confirm"
    message = data.get("message")
    if not isinstance(message, str):
        return "'message' must be text"
    if len(message) > MAX_MESSAGE_CHARS:
        return f"'message' must be at most {MAX_MESSAGE_CHARS} characters"
    # rasa-webchat sends {} or the page's customData: only the keys we use
    metadata = access.allowed_metadata(data.get(metadata_key))
    return session_id, clean_text(message), metadata


def origin_allowed(request: dict[str, Any], origins: list[str]) -> bool:
    """Whether a connection's page may talk to the bot: no ``Origin`` (not a
    browser) or one of ``origins``. ``request`` is python-socketio's WSGI-style
    request dictionary."""
    origin = request.get("HTTP_ORIGIN")
    return origin is None or origin in origins


async def _enter_room(
    sio: AsyncServer, sid: str, room: str, namespace: str | None
) -> None:
    """Put a connection in a session's room. python-socketio 5.x (as installed
    beside Rasa 3.6) made ``enter_room`` a coroutine; Rasa's own channel calls
    it without awaiting it, so its replies never reach the room."""
    entered = sio.enter_room(sid, room, namespace=namespace)
    if inspect.isawaitable(entered):
        await entered


async def _leave_room(
    sio: AsyncServer, sid: str, room: str, namespace: str | None
) -> None:
    left = sio.leave_room(sid, room, namespace=namespace)
    if inspect.isawaitable(left):
        await left


def client_address(request: dict[str, Any], edge: Edge) -> str:
    """The client's address of a connection (python-socketio's request
    dictionary holds Sanic's request; its own ``REMOTE_ADDR`` is a stand-in)."""
    sanic_request = request.get("sanic.request")
    peer = sanic_request.ip if sanic_request is not None else ""
    return access.client_address(peer, request.get("HTTP_X_REAL_IP"), edge.proxies)


class CheckedSocketIOInput(RasaSocketIOInput):
    """Rasa's Socket.IO channel with checked events and the allowed origins."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        """The channel, or a switched-off one when ``SOCKETIO_ENABLED`` is false."""
        settings = load_settings()
        if not settings.rasa.socketio_enabled:
            return SocketIOOff()
        credentials = credentials or {}
        channel = cls(
            credentials.get("user_message_evt", "user_uttered"),
            credentials.get("bot_message_evt", "bot_uttered"),
            credentials.get("namespace"),
            True,  # session_persistence: the widget's session id is the conversation
            credentials.get("socketio_path", "/socket.io"),
            None,
            "HS256",
            credentials.get("metadata_key", "customData"),
        )
        channel.origins = list(settings.rasa.cors_origins)
        return channel

    origins: list[str] = []

    def get_output_channel(self) -> CheckedSocketIOOutput | None:
        if self.sio is None:
            return None
        return CheckedSocketIOOutput(self.sio, self.bot_message_evt)

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        # no CORS handling of its own (see the module's docstring): ``connect``
        # checks the origin, and Rasa's --cors adds the headers
        settings = load_settings()
        sio = AsyncServer(
            async_mode="sanic",
            cors_allowed_origins=[],
            max_http_buffer_size=settings.rasa.max_request_bytes,
        )
        webhook = SocketBlueprint(sio, self.socketio_path, "socketio_webhook", __name__)
        self.sio = sio
        handlers = SocketHandlers(self, sio, Edge(settings), on_new_message)

        @webhook.listener("before_server_start")
        async def keep_app(app: Any, _: Any) -> None:
            handlers.app = app

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        for event, handler in (
            ("connect", handlers.connect),
            ("disconnect", handlers.disconnect),
            ("session_request", handlers.session_request),
            (self.user_message_evt, handlers.handle_message),
        ):
            sio.on(event, namespace=self.namespace)(handler)
        return webhook


class SocketHandlers:
    """The Socket.IO events of one channel, with what they remember: each
    connection's confirmed session id and client address."""

    def __init__(
        self,
        channel: CheckedSocketIOInput,
        sio: AsyncServer,
        edge: Edge,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> None:
        self.channel = channel
        self.sio = sio
        self.edge = edge
        self.on_new_message = on_new_message
        self.namespace = channel.namespace
        self.sessions: dict[str, str] = {}
        self.addresses: dict[str, str] = {}
        self.app: Any = None  # the Sanic app (its ctx.agent), once started

    async def connect(self, sid: str, request: dict, auth: Any = None) -> bool:
        if origin_allowed(request, self.channel.origins):
            self.addresses[sid] = client_address(request, self.edge)
            return True
        logger.warning(
            "Socket.IO connection refused: origin %r is not in CORS_ORIGINS",
            request.get("HTTP_ORIGIN"),
        )
        return False

    async def disconnect(self, sid: str) -> None:
        self.sessions.pop(sid, None)
        self.addresses.pop(sid, None)

    async def session_request(self, sid: str, data: Any = None) -> None:
        """Confirm the session id presented if this server issued it (a
        reload), else a new one."""
        wanted = data.get("session_id") if isinstance(data, dict) else None
        secret = self.edge.secret
        session_id = (
            wanted
            if access.verify_id(secret, wanted, access.SOCKET)
            else access.issue_id(secret, access.SOCKET)
        )
        previous = self.sessions.get(sid)
        if previous and previous != session_id:
            await _leave_room(self.sio, sid, previous, self.namespace)
        self.sessions[sid] = session_id
        await _enter_room(self.sio, sid, session_id, self.namespace)
        await self.sio.emit(
            "session_confirm", session_id, room=sid, namespace=self.namespace
        )

    async def refuse(self, sid: str, reason: str) -> None:
        logger.warning("Socket.IO event refused: %s", reason)
        await self.sio.emit(
            ERROR_EVENT, {"error": reason}, room=sid, namespace=self.namespace
        )

    async def handle_message(self, sid: str, data: Any = None) -> None:
        checked = check_event(data, self.channel.metadata_key)
        if isinstance(checked, str):
            await self.refuse(sid, checked)
            return
        session_id, text, metadata = checked
        if self.sessions.get(sid) != session_id:
            await self.refuse(sid, "'session_id' must be the id from session_confirm")
            return
        output = CheckedSocketIOOutput(self.sio, self.channel.bot_message_evt)
        if not await self.edge.limits.allow(session_id, self.addresses.get(sid, "")):
            reply = access.response(names.UTTER_SLOW_DOWN)
        elif access.wants_deletion(text):
            reply = await self.delete(session_id)
        else:
            reply = await self.answer(output, session_id, text, metadata)
        if reply is not None:
            await output.send_response(session_id, reply)

    async def answer(
        self,
        output: CheckedSocketIOOutput,
        session_id: str,
        text: str,
        metadata: dict[str, Any],
    ) -> dict[str, Any] | None:
        """Hand the message to Rasa; a reply of the channel's own if Rasa sent
        none."""
        try:
            await self.on_new_message(
                UserMessage(
                    text,
                    output,
                    session_id,
                    input_channel=self.channel.name(),
                    metadata=metadata,
                )
            )
        except Exception as exc:  # noqa: BLE001 - answer politely, log no text
            logger.error("Handling a Socket.IO message failed: %s", type(exc).__name__)
            return {"text": LAST_RESORT_TEXT}
        if output.sent:
            return None
        return access.response(access.empty_reply_response(text))

    async def delete(self, session_id: str) -> dict[str, Any]:
        """Delete the stored conversation; the reply saying so."""
        try:
            await access.delete_conversation(self.app.ctx.agent, session_id)
        except Exception as exc:  # noqa: BLE001 - say so, log no text
            logger.error("Deleting a conversation failed: %s", type(exc).__name__)
            return {"text": LAST_RESORT_TEXT}
        return access.response(names.UTTER_CONVERSATION_DELETED)


class SocketIOOff(InputChannel):
    """Stands in for Socket.IO when ``SOCKETIO_ENABLED`` is false."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    def __init__(self) -> None:
        logger.warning("Socket.IO is off (SOCKETIO_ENABLED=false)")

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        off = Blueprint("socketio_off", __name__)

        @off.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json(
                {"status": "off", "reason": "SOCKETIO_ENABLED=false"},
                status=HTTPStatus.SERVICE_UNAVAILABLE,
            )

        return off
