"""The REST channel, checked: bad requests get a clear 4xx, never a 5xx.

Rasa's own ``RestInput`` answers 500 to a JSON body that is not an object, puts
every request without a ``sender`` into one shared conversation, and answers
``[]`` (nothing) when handling a message fails, logging the user's text. This
channel keeps the same URL (``POST /webhooks/rest/webhook``) and reply format and
adds:

- 400 for a body that is not a JSON object, a missing or empty ``sender``, a
  missing or non-text ``message``, non-object ``metadata`` (JSON errors name the
  field, never echo the text);
- 413 for a message over ``MAX_MESSAGE_CHARS`` characters (the NLU model reads
  only the first 800 of any message anyway: ``statement_bot.text.MAX_NLU_CHARS``);
- control characters removed from the text (line breaks and tabs are kept);
- a failure inside Rasa answers with a polite message, and logs no user text;
- the reply is always one JSON list (``?stream=true`` is not offered) and the
  input channel is always ``rest`` (a request cannot claim another channel);
- ``metadata`` keeps only the keys of ``access.yml`` (the page's department, a
  short message id), the rest is dropped; the body is capped by Sanic's
  ``REQUEST_MAX_SIZE`` (``MAX_REQUEST_BYTES``, ``patches/edge.py``);
- a browser ``Origin`` not in ``CORS_ORIGINS`` is refused (403), whatever the
  content type (a ``text/plain`` post needs no preflight);
- ``POST /webhooks/rest/session`` issues the widget a signed sender id
  (``access.py``); senders in the reserved namespace (``sb.``) must be one of
  those. Any other sender is a plain REST client: refused when
  ``REST_ENABLED`` is false, and without ``Authorization: Bearer <REST_TOKEN>``
  when a token is set;
- over the rate limit (``SENDER_RATE_LIMIT``, ``ADDRESS_RATE_LIMIT``): the
  polite ``utter_slow_down`` reply, status 200 with ``Retry-After``, nothing
  stored;
- "delete my conversation" (``/delete_conversation``) removes the stored
  conversation at once; a payload Rasa answers with nothing (``/session_start``,
  ``/back``, an unknown intent) gets the greeting or the fallback.
- a message carrying a client message id (``metadata.message_id``, the website
  widget's "Try again" after a lost reply) is handled once: a repeat gets the
  first reply again (``answer_once``);
- a reply handing over to people (``utter_handoff*``) is marked ``"handoff": true``
  for the widget's ``statementbot:handoff`` event.

Registered in ``credentials.yml`` as ``rasa_plugins.rest.CheckedRestInput``.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from rasa_plugins import access
from rasa_plugins.patches.action_guard import LAST_RESORT_TEXT
from statement_bot import names
from statement_bot.names import CUSTOM_FEEDBACK, UTTER_HANDOFF
from statement_bot.settings import Settings, load_settings

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 200_000
MAX_SENDER_CHARS = 128
MESSAGE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
REPLIES_KEPT = 5000  # the latest replies kept for repeats of a message id
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\ufeff]")


class BadRequest(ValueError):
    """A request the channel refuses, with the HTTP status to answer."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def clean_text(text: str) -> str:
    """``text`` without control and bidi-override characters."""
    return _CONTROL.sub("", text)


def parse_body(body: Any) -> tuple[str, str, dict[str, Any] | None]:
    """Check a decoded request body; return (sender, message, metadata)."""
    if not isinstance(body, dict):
        raise BadRequest("the body must be a JSON object")
    sender = body.get("sender")
    if isinstance(sender, (int, float)) and not isinstance(sender, bool):
        sender = str(sender)
    if not isinstance(sender, str) or not clean_text(sender).strip():
        raise BadRequest("'sender' must be a non-empty string")
    sender = clean_text(sender).strip()
    if len(sender) > MAX_SENDER_CHARS:
        raise BadRequest(f"'sender' must be at most {MAX_SENDER_CHARS} characters")
    message = body.get("message")
    if not isinstance(message, str):
        raise BadRequest("'message' must be a string")
    if len(message) > MAX_MESSAGE_CHARS:
        raise BadRequest(
            f"'message' must be at most {MAX_MESSAGE_CHARS} characters", status=413
        )
    metadata = body.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise BadRequest("'metadata' must be a JSON object")
    return sender, clean_text(message), access.allowed_metadata(metadata)


Replies = list[dict[str, Any]]


async def answer_once(
    kept: OrderedDict[tuple[str, str], asyncio.Future[Replies]],
    sender: str,
    metadata: dict[str, Any] | None,
    handle: Callable[[], Awaitable[Replies]],
) -> Replies:
    """The replies to a message, handled once per client message id: a repeat
    (sent again after a lost reply, or while the first is still being handled)
    gets the first one's replies; the handling goes on when the client gives up."""
    message_id = (metadata or {}).get("message_id")
    if not isinstance(message_id, str) or not MESSAGE_ID.fullmatch(message_id):
        return await handle()
    key = (sender, message_id)
    task = kept.get(key)
    if task is None:
        task = kept[key] = asyncio.ensure_future(handle())
        while len(kept) > REPLIES_KEPT:
            kept.popitem(last=False)
    return [dict(reply) for reply in await asyncio.shield(task)]


def _error(exc: BadRequest) -> HTTPResponse:
    return response.json({"error": str(exc)}, status=exc.status)


def reply(sender: str, name: str) -> dict[str, Any]:
    """A response of ``domain.yml`` as one REST reply."""
    return {"recipient_id": sender, **access.response(name)}


class Edge:
    """The checks before a message reaches Rasa (``access.py``), from the settings."""

    def __init__(self, settings: Settings) -> None:
        rasa = settings.rasa
        self.secret = access.load_secret(settings)
        self.origins = frozenset(rasa.cors_origins)
        self.proxies = access.trusted_proxies(settings)
        self.limits = access.RateLimits.from_settings(settings)
        self.rest_enabled = rasa.rest_enabled
        self.rest_token = rasa.rest_token
        self.retry_after = str(int(rasa.rate_limit_seconds))

    def check_origin(self, request: Request) -> None:
        """Refuse a browser on a page that is not allowed (any content type)."""
        origin = request.headers.get("origin")
        if origin is not None and origin not in self.origins:
            raise BadRequest("this page's origin may not call the bot", status=403)

    def check_sender(self, request: Request, sender: str) -> None:
        """A reserved id must be a widget id this server issued; any other
        sender is a plain REST client (off, or a token, if so configured)."""
        if access.is_reserved(sender):
            if not access.verify_id(self.secret, sender, access.WIDGET):
                raise BadRequest("unknown or forged conversation id", status=403)
            return
        if not self.rest_enabled:
            raise BadRequest("the plain REST channel is off (REST_ENABLED)", 403)
        if self.rest_token:
            given = request.headers.get("authorization", "")
            if not hmac.compare_digest(given, f"Bearer {self.rest_token}"):
                raise BadRequest("a valid REST token is required", status=401)

    def address(self, request: Request) -> str:
        return access.client_address(
            request.ip, request.headers.get(access.REAL_IP_HEADER), self.proxies
        )


class AnswerCollector(CollectingOutputChannel):
    """Collects the replies for the JSON answer. The actions' marker of an
    answer people may rate (a custom message ``{"feedback": {...}}``) is put on
    the answer before it as its ``feedback`` field, for the widget's
    "Helpful?" buttons, instead of being a reply of its own; a handover to
    people is marked ``"handoff": true``."""

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        handoff = str(message.get("utter_action") or "").startswith(UTTER_HANDOFF)
        count = len(self.messages)
        await super().send_response(recipient_id, message)
        if handoff and len(self.messages) > count:
            self.messages[-1]["handoff"] = True

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        if (
            isinstance(json_message, dict)
            and set(json_message) == {CUSTOM_FEEDBACK}
            and self.messages
        ):
            self.messages[-1][CUSTOM_FEEDBACK] = json_message[CUSTOM_FEEDBACK]
            return
        await super().send_custom_json(recipient_id, json_message, **kwargs)


async def answer(
    on_new_message: Callable[[UserMessage], Awaitable[Any]],
    sender: str,
    text: str,
    metadata: dict[str, Any],
) -> list[dict[str, Any]]:
    """Rasa's replies to one message: never none (a polite one if it fails,
    the greeting or the fallback if Rasa says nothing)."""
    collector = AnswerCollector()
    try:
        await on_new_message(
            UserMessage(
                text,
                collector,
                sender,
                input_channel=CheckedRestInput.name(),
                metadata=metadata,
            )
        )
    except asyncio.CancelledError:
        logger.error("Handling a message was cancelled")
        raise
    except Exception as exc:  # noqa: BLE001 - answer politely, log no text
        logger.error("Handling a message failed: %s", type(exc).__name__)
        if not collector.messages:
            collector.messages.append(
                {"recipient_id": sender, "text": LAST_RESORT_TEXT}
            )
    if not collector.messages:  # every payload gets a reply
        collector.messages.append(reply(sender, access.empty_reply_response(text)))
    return collector.messages


async def delete(agent: Any, sender: str) -> HTTPResponse:
    """ "Delete my conversation": every stored event of ``sender``, now."""
    try:
        await access.delete_conversation(agent, sender)
    except Exception as exc:  # noqa: BLE001 - say so, log no text
        logger.error("Deleting a conversation failed: %s", type(exc).__name__)
        return response.json(
            [{"recipient_id": sender, "text": LAST_RESORT_TEXT}], status=500
        )
    return response.json([reply(sender, names.UTTER_CONVERSATION_DELETED)])


class CheckedRestInput(RestInput):
    """``RestInput`` with checked requests; same URL and reply format."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def __init__(self) -> None:
        super().__init__()
        self.replies: OrderedDict[tuple[str, str], asyncio.Future[Replies]]
        self.replies = OrderedDict()

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)
        edge = Edge(load_settings())

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/session", methods=["POST"])
        async def session(request: Request) -> HTTPResponse:
            """A new signed sender id for the widget."""
            try:
                edge.check_origin(request)
            except BadRequest as exc:
                return _error(exc)
            return response.json({"sender": access.issue_id(edge.secret, "w")})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                edge.check_origin(request)
                try:
                    body = request.json
                except Exception:  # noqa: BLE001 - sanic raises its own types
                    raise BadRequest("the body must be valid JSON") from None
                sender, text, metadata = parse_body(body)
                edge.check_sender(request, sender)
            except BadRequest as exc:
                return _error(exc)
            if not await edge.limits.allow(sender, edge.address(request)):
                return response.json(
                    [reply(sender, names.UTTER_SLOW_DOWN)],
                    headers={"Retry-After": edge.retry_after},
                )
            if access.wants_deletion(text):
                return await delete(request.app.ctx.agent, sender)

            async def handle() -> Replies:
                return await answer(on_new_message, sender, text, metadata)

            return response.json(
                await answer_once(self.replies, sender, metadata, handle)
            )

        return webhook
