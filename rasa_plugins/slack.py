"""Slack for department staff: Rasa's Slack connector, made safe to leave off.

Used from ``credentials.yml`` as ``rasa_plugins.slack.SlackInput`` (webhook at
``/webhooks/slack/webhook``). On top of Rasa's ``SlackInput`` (which checks the
signature and the timestamp of every request):

- without ``slack_token`` or ``slack_signing_secret`` the channel is off: Rasa
  starts with the other channels and says "Slack is off";
- replies are Slack mrkdwn with at most 5 buttons (``rasa_plugins.mrkdwn``);
- an answer is one Slack message: the replies to one user message are collected
  and posted together when the bot is done, the "Helpful?" buttons inside it;
  a click on them replaces the buttons with thanks (``chat.update``);
- a message in a thread, or in a channel (answered in a thread), is one
  conversation per thread; a direct message conversation is one per user;
- an event Slack sends again (a retry, or the same message as both ``message``
  and ``app_mention``) is answered once;
- ``slack_api_url`` points the Web API client elsewhere (tests use a local fake).
"""

from __future__ import annotations

import json
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from http import HTTPStatus
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.slack import SlackBot
from rasa.core.channels.slack import SlackInput as RasaSlackInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from slack_sdk.web.async_client import AsyncWebClient

from rasa_plugins import mrkdwn
from statement_bot.formatting import payload
from statement_bot.names import CUSTOM_FEEDBACK, INTENT_FEEDBACK

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://slack.com/api/"
SEEN_EVENTS_KEPT = 5000
UNTHREADED_CHANNEL_TYPES = {"im", "mpim"}


def _setting(credentials: dict[str, Any], key: str) -> str:
    """A credential as a stripped string ('' when unset)."""
    value = credentials.get(key)
    return value.strip() if isinstance(value, str) else ""


def _flag(credentials: dict[str, Any], key: str, default: bool) -> bool:
    value = credentials.get(key, default)
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)


class SlackOutput(SlackBot):
    """Collects the replies to one user message; ``flush`` posts them to Slack's
    Web API as one message of mrkdwn blocks."""

    def __init__(
        self,
        token: str,
        slack_channel: str | None = None,
        thread_id: str | None = None,
        proxy: str | None = None,
        api_url: str = DEFAULT_API_URL,
    ) -> None:
        super().__init__(token, slack_channel, thread_id, proxy)
        self.client = AsyncWebClient(token, base_url=api_url, proxy=proxy)
        self.parts: list[mrkdwn.Part] = []
        self.feedback: list[str] | None = None
        self.recipient: str | None = None

    async def flush(self) -> None:
        """Post what was collected as one message (the whole answer)."""
        if not self.parts or self.recipient is None:
            return
        parts, feedback = self.parts, self.feedback
        self.parts, self.feedback = [], None
        for arguments in mrkdwn.answer(parts, feedback):
            await self._post_message(
                channel=self.slack_channel or self.recipient, **arguments
            )

    async def send_text_message(
        self, recipient_id: str, text: str, **kwargs: Any
    ) -> None:
        """A part of the answer."""
        self.recipient = recipient_id
        self.parts.append((text, []))

    async def send_text_with_buttons(
        self,
        recipient_id: str,
        text: str,
        buttons: list[dict[str, Any]],
        **kwargs: Any,
    ) -> None:
        """A part of the answer with up to 5 buttons (any others named under)."""
        self.recipient = recipient_id
        self.parts.append((text, list(buttons)))

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        """The actions' marker of an answer people may rate becomes the
        "Helpful?" pair of buttons at the end of the answer's message; other
        custom JSON is posted as Slack's own chat.postMessage arguments, as Rasa
        does, after what was collected so far."""
        if isinstance(json_message, dict) and set(json_message) == {CUSTOM_FEEDBACK}:
            about = json_message[CUSTOM_FEEDBACK]
            about = about if isinstance(about, dict) else {}
            self.recipient = recipient_id
            self.feedback = [
                payload(INTENT_FEEDBACK, rating=rating, **about)
                for rating, _ in mrkdwn.FEEDBACK_CHOICES
            ]
            return
        self.recipient = recipient_id
        await self.flush()
        await super().send_custom_json(recipient_id, json_message, **kwargs)

    async def send_image_url(
        self, recipient_id: str, image: str, **kwargs: Any
    ) -> None:
        self.recipient = recipient_id
        await self.flush()
        await super().send_image_url(recipient_id, image, **kwargs)

    async def send_attachment(  # type: ignore[override]
        self, recipient_id: str, attachment: Any, **kwargs: Any
    ) -> None:
        self.recipient = recipient_id
        await self.flush()
        await super().send_attachment(recipient_id, attachment, **kwargs)


class SlackInput(RasaSlackInput):
    """Rasa's Slack input with threads, retries and mrkdwn handled for this bot."""

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        """The channel, or a switched-off one when the token or secret is unset."""
        credentials = credentials or {}
        token = _setting(credentials, "slack_token")
        secret = _setting(credentials, "slack_signing_secret")
        missing = [
            name
            for name, value in (
                ("SLACK_TOKEN", token),
                ("SLACK_SIGNING_SECRET", secret),
            )
            if not value
        ]
        if missing:
            return SlackOff(f"{' and '.join(missing)} not set")
        return cls(
            slack_token=token,
            slack_channel=_setting(credentials, "slack_channel") or None,
            proxy=_setting(credentials, "proxy") or None,
            slack_retry_reason_header="x-slack-retry-reason",
            slack_retry_number_header="x-slack-retry-num",
            errors_ignore_retry=credentials.get("errors_ignore_retry"),
            use_threads=_flag(credentials, "use_threads", True),
            slack_signing_secret=secret,
            conversation_granularity="thread",
            api_url=_setting(credentials, "slack_api_url") or DEFAULT_API_URL,
        )

    def __init__(self, *args: Any, api_url: str = DEFAULT_API_URL, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.api_url = api_url
        self._seen: OrderedDict[str, None] = OrderedDict()
        logger.info("Slack is on: events at /webhooks/slack/webhook")

    # --- one answer per message ------------------------------------------------

    @staticmethod
    def event_key(request: Request) -> str | None:
        """What identifies the user's message across Slack's deliveries of it."""
        content_type = request.headers.get("content-type")
        if content_type == "application/json":
            body = request.json or {}
            event = body.get("event") or {}
            if event.get("channel") and event.get("ts"):
                return f"message:{event['channel']}:{event['ts']}"
            return f"event:{body['event_id']}" if body.get("event_id") else None
        if content_type == "application/x-www-form-urlencoded":
            payload = json.loads(request.form["payload"][0])
            action = (payload.get("actions") or [{}])[0]
            user = (payload.get("user") or {}).get("id")
            if action.get("action_ts") and user:
                return f"action:{user}:{action['action_ts']}"
        return None

    def first_delivery(self, key: str | None) -> bool:
        """True the first time a key is seen (remembers the latest few thousand)."""
        if key is None:
            return True
        if key in self._seen:
            return False
        self._seen[key] = None
        while len(self._seen) > SEEN_EVENTS_KEPT:
            self._seen.popitem(last=False)
        return True

    async def process_message(
        self,
        request: Request,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        text: str,
        sender_id: str | None,
        metadata: dict | None,
    ) -> Any:
        """Answer a message once, however often Slack delivers it, as one Slack
        message; a click on "Helpful?" first turns its buttons into thanks."""
        if not self.first_delivery(self.event_key(request)):
            logger.info("Slack sent an event again (retry): already answered")
            return response.text("", headers={"X-Slack-No-Retry": "1"})
        await self.acknowledge_rating(request)

        async def answer(message: UserMessage) -> Any:
            try:
                return await on_new_message(message)
            finally:
                if isinstance(message.output_channel, SlackOutput):
                    await message.output_channel.flush()

        return await super().process_message(request, answer, text, sender_id, metadata)

    async def acknowledge_rating(self, request: Request) -> None:
        """After a click on "Helpful?", the same message without the buttons and
        with thanks (chat.update); never fails the request."""
        if request.headers.get("content-type") != "application/x-www-form-urlencoded":
            return
        try:
            clicked = json.loads(request.form["payload"][0])
            action = (clicked.get("actions") or [{}])[0]
            if action.get("block_id") != mrkdwn.FEEDBACK_BLOCK:
                return
            message = clicked.get("message") or {}
            ts = (clicked.get("container") or {}).get("message_ts") or message["ts"]
            choice = (action.get("text") or {}).get("text") or ""
            client = AsyncWebClient(self.slack_token, base_url=self.api_url)
            await client.chat_update(
                channel=clicked["channel"]["id"],
                ts=ts,
                text=message.get("text") or mrkdwn.FEEDBACK_QUESTION,
                blocks=mrkdwn.rated(message.get("blocks") or [], choice),
            )
        except Exception as exc:  # noqa: BLE001 - the rating still counts
            logger.warning("Could not update the rated message: %s", exc)

    # --- threads -----------------------------------------------------------------

    def get_metadata(self, request: Request) -> dict[str, Any]:
        """Rasa's metadata, with the thread the conversation lives in (or None)."""
        metadata = super().get_metadata(request)
        if not metadata:
            return metadata
        content_type = request.headers.get("content-type")
        thread = None
        if content_type == "application/json":
            event = (request.json or {}).get("event") or {}
            thread = event.get("thread_ts")
            if not thread and event.get("channel_type") not in UNTHREADED_CHANNEL_TYPES:
                thread = event.get("ts")  # in a channel: answer in a new thread
        elif content_type == "application/x-www-form-urlencoded":
            payload = json.loads(request.form["payload"][0])
            thread = (payload.get("message") or {}).get("thread_ts")
        metadata["thread_id"] = thread
        return metadata

    def _get_conversation_id(
        self,
        sender_id: str | None,
        channel_id: str | None,
        thread_id: str | None,
    ) -> str | None:
        """One conversation per user and thread, or per user and direct chat."""
        if not sender_id:
            return None
        return "_".join(part for part in (sender_id, channel_id, thread_id) if part)

    def get_output_channel(
        self, channel: str | None = None, thread_id: str | None = None
    ) -> OutputChannel:
        return SlackOutput(
            self.slack_token,
            channel or self.slack_channel,
            thread_id,
            self.proxy,
            self.api_url,
        )

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        """Rasa's Slack webhook; Slack's URL check answered as Slack documents it."""
        webhook = super().blueprint(on_new_message)

        @webhook.middleware("request")
        async def url_verification(request: Request) -> HTTPResponse | None:
            if (
                request.method == "POST"
                and request.headers.get("content-type") == "application/json"
                and (request.json or {}).get("type") == "url_verification"
                and self.is_request_from_slack_authentic(request)
            ):
                return response.json({"challenge": request.json.get("challenge")})
            return None

        return webhook


class SlackOff(InputChannel):
    """Stands in for Slack when it is not configured: says so, answers nothing."""

    @classmethod
    def name(cls) -> str:
        return "slack"

    def __init__(self, reason: str) -> None:
        self.reason = reason
        logger.warning(f"Slack is off ({reason})")

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        off = Blueprint("slack_off", __name__)

        @off.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "off", "reason": self.reason})

        @off.route("/webhook", methods=["GET", "POST"])
        async def webhook(_: Request) -> HTTPResponse:
            return response.text(
                f"Slack is off ({self.reason})", status=HTTPStatus.SERVICE_UNAVAILABLE
            )

        return off
