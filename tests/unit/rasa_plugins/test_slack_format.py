"""Slack replies (mrkdwn, buttons) and the Slack channel's settings, without Slack."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from types import SimpleNamespace
from typing import Any

import pytest

from rasa_plugins import mrkdwn
from rasa_plugins.slack import SlackInput, SlackOff, SlackOutput
from tests.paths import ROOT


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("**Our Mission**: Cambridge", "*Our Mission*: Cambridge"),
        ("- one\n- **two**", "\u2022 one\n\u2022 *two*"),
        ("a < b & c > d", "a &lt; b &amp; c &gt; d"),
        ("<@U123> <!channel>", "&lt;@U123&gt; &lt;!channel&gt;"),
        (
            "See www.CambridgePolice.org.",
            "See <https://www.CambridgePolice.org|www.CambridgePolice.org>.",
        ),
        (
            "twitter.com/CambridgePolice",
            "<https://twitter.com/CambridgePolice|twitter.com/CambridgePolice>",
        ),
        ("https://x.org/a", "<https://x.org/a|https://x.org/a>"),
        ("mail info@city.gov now", "mail <mailto:info@city.gov|info@city.gov> now"),
        ("Call 911.", "Call 911."),
        ("line one\nline two", "line one\nline two"),
    ],
)
def test_light_markdown_becomes_mrkdwn(text: str, expected: str) -> None:
    assert mrkdwn.to_mrkdwn(text) == expected


@pytest.mark.parametrize("count", [0, 1, 5, 6, 9])
def test_at_most_five_buttons_and_the_rest_named(count: int) -> None:
    buttons = [
        {"title": f"Value {i}", "payload": f"/ask_value{{{i}}}"} for i in range(count)
    ]
    blocks = mrkdwn.button_blocks(buttons)
    if count == 0:
        assert blocks == []
        return
    elements = blocks[0]["elements"]
    assert len(elements) == min(count, mrkdwn.MAX_BUTTONS)
    assert [e["value"] for e in elements] == [b["payload"] for b in buttons[:5]]
    assert len({e["action_id"] for e in elements}) == len(elements)
    if count > mrkdwn.MAX_BUTTONS:
        line = blocks[1]["elements"][0]["text"]
        assert all(b["title"] in line for b in buttons[5:])
    else:
        assert len(blocks) == 1


@pytest.mark.parametrize(
    "button",
    [{"title": "x"}, {"payload": "/x"}, {"title": 3, "payload": "/x"}, "x", None],
)
def test_malformed_buttons_are_left_out(button: Any) -> None:
    assert mrkdwn.button_blocks([button]) == []


def test_button_titles_fit_slack() -> None:
    long = {"title": "word " * 40, "payload": "/x"}
    (element,) = mrkdwn.button_blocks([long])[0]["elements"]
    assert len(element["text"]["text"]) <= mrkdwn.MAX_BUTTON_TITLE


@pytest.mark.parametrize("size", [10, 2999, 3001, 9000])
def test_long_replies_are_split_into_sections_that_fit(size: int) -> None:
    text = "\n".join(f"- item {i:05d} " + "x" * 40 for i in range(size // 50 + 1))
    message = mrkdwn.message(text)
    sections = [b["text"]["text"] for b in message["blocks"]]
    assert all(len(s) <= mrkdwn.MAX_SECTION_TEXT for s in sections)
    assert "\n".join(sections) == mrkdwn.to_mrkdwn(text)
    assert len(message["text"]) <= mrkdwn.MAX_FALLBACK_TEXT


@pytest.mark.parametrize(
    ("credentials", "reason"),
    [
        ({}, "SLACK_TOKEN and SLACK_SIGNING_SECRET not set"),
        (None, "SLACK_TOKEN and SLACK_SIGNING_SECRET not set"),
        ({"slack_token": "", "slack_signing_secret": ""}, "SLACK_TOKEN and"),
        ({"slack_token": "xoxb-test", "slack_signing_secret": " "}, "SLACK_SIGNING"),
        ({"slack_token": "", "slack_signing_secret": "s3cret"}, "SLACK_TOKEN not"),
    ],
)
def test_slack_is_off_without_token_or_secret(
    credentials: Any, reason: str, caplog: pytest.LogCaptureFixture
) -> None:
    channel = SlackInput.from_credentials(credentials)
    assert isinstance(channel, SlackOff)
    assert channel.name() == "slack"
    assert reason in channel.reason
    assert "Slack is off" in caplog.text


def test_slack_is_on_with_token_and_secret() -> None:
    channel = SlackInput.from_credentials(
        {
            "slack_token": "xoxb-test",
            "slack_signing_secret": "test-secret",
            "slack_channel": "",
            "slack_api_url": "http://127.0.0.1:9/api/",
        }
    )
    assert isinstance(channel, SlackInput)
    assert channel.slack_channel is None
    output = channel.get_output_channel("D1", "123.4")
    assert isinstance(output, SlackOutput)
    assert output.client.base_url == "http://127.0.0.1:9/api/"
    assert output.thread_id == "123.4"


def test_the_real_credentials_start_rasa_with_slack_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """credentials.yml with the .env defaults: REST on, Slack off, no crash."""
    from rasa.core.run import create_http_input_channels

    for name in (
        "SLACK_TOKEN",
        "SLACK_SIGNING_SECRET",
        "SLACK_CHANNEL",
        "SLACK_API_URL",
    ):
        monkeypatch.setenv(name, "")
    channels = create_http_input_channels(None, str(ROOT / "credentials.yml"))
    names = sorted(c.name() for c in channels)
    assert "slack" in names and "rest" in names
    assert any(isinstance(c, SlackOff) for c in channels)


@pytest.mark.parametrize(
    ("sender", "channel", "thread", "expected"),
    [
        ("U1", "D1", None, "U1_D1"),
        ("U1", "C1", "111.2", "U1_C1_111.2"),
        ("U2", "C1", "111.2", "U2_C1_111.2"),
        (None, "C1", "111.2", None),
    ],
)
def test_one_conversation_per_user_and_thread(
    sender: str | None, channel: str, thread: str | None, expected: str | None
) -> None:
    slack = SlackInput("xoxb-test", slack_signing_secret="test-secret")
    assert slack._get_conversation_id(sender, channel, thread) == expected


def fake_request(body: Any, form: bool = False) -> SimpleNamespace:
    """Enough of a Sanic request for the channel's parsing helpers."""
    if form:
        return SimpleNamespace(
            headers={"content-type": "application/x-www-form-urlencoded"},
            form={"payload": [json.dumps(body)]},
            json=None,
        )
    return SimpleNamespace(headers={"content-type": "application/json"}, json=body)


@pytest.mark.parametrize(
    ("body", "form", "key"),
    [
        (
            {"event_id": "Ev1", "event": {"channel": "C1", "ts": "1.2"}},
            False,
            "message:C1:1.2",
        ),
        (
            {"event_id": "Ev2", "event": {"channel": "C1", "ts": "1.2"}},
            False,
            "message:C1:1.2",
        ),
        ({"event_id": "Ev3", "event": {}}, False, "event:Ev3"),
        ({"event": {}}, False, None),
        (
            {"user": {"id": "U1"}, "actions": [{"action_ts": "5.6"}]},
            True,
            "action:U1:5.6",
        ),
        ({"user": {"id": "U1"}, "actions": []}, True, None),
    ],
)
def test_the_same_message_has_the_same_key(
    body: Any, form: bool, key: str | None
) -> None:
    assert SlackInput.event_key(fake_request(body, form)) == key


def test_a_message_is_answered_once() -> None:
    slack = SlackInput("xoxb-test", slack_signing_secret="test-secret")
    assert slack.first_delivery("message:C1:1.2")
    assert not slack.first_delivery("message:C1:1.2")
    assert slack.first_delivery("message:C1:1.3")
    assert slack.first_delivery(None) and slack.first_delivery(None)


def test_signatures_are_checked() -> None:
    """Rasa's check, which the channel keeps: HMAC-SHA256 over v0:timestamp:body."""
    secret = "test-secret"
    slack = SlackInput("xoxb-test", slack_signing_secret=secret)
    body = b'{"type":"event_callback"}'

    def request(ts: int, signature: str | None) -> SimpleNamespace:
        headers = {"X-Slack-Request-Timestamp": str(ts)}
        if signature is not None:
            headers["X-Slack-Signature"] = signature
        return SimpleNamespace(headers=headers, body=body)

    now = int(time.time())

    def sign(ts: int, key: str = secret) -> str:
        digest = hmac.new(key.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256)
        return "v0=" + digest.hexdigest()

    assert slack.is_request_from_slack_authentic(request(now, sign(now)))
    assert not slack.is_request_from_slack_authentic(request(now, None))
    assert not slack.is_request_from_slack_authentic(request(now, sign(now, "other")))
    assert not slack.is_request_from_slack_authentic(
        request(now - 600, sign(now - 600))
    )


def feedback_payloads() -> list[str]:
    return ['/feedback{"rating":"up"}', '/feedback{"rating":"down"}']


@pytest.mark.parametrize("parts", [1, 2, 5])
@pytest.mark.parametrize("rateable", [True, False])
def test_an_answer_is_one_message_with_its_parts_in_order(
    parts: int, rateable: bool
) -> None:
    said = [
        (f"**Part {n}**\n- item", [{"title": f"B{n}", "payload": f"/b{n}"}])
        for n in range(parts)
    ]
    (message,) = mrkdwn.answer(said, feedback_payloads() if rateable else None)
    sections = [b["text"]["text"] for b in message["blocks"] if b["type"] == "section"]
    assert sections == [f"*Part {n}*\n\u2022 item" for n in range(parts)]
    ids = [
        e["action_id"]
        for b in message["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    ]
    assert len(ids) == len(set(ids)) == parts + (2 if rateable else 0)
    last = message["blocks"][-1]
    assert (last.get("block_id") == mrkdwn.FEEDBACK_BLOCK) is rateable
    assert message["text"].startswith("*Part 0*")


def test_a_long_answer_is_sections_within_slacks_limits() -> None:
    said = [("- " + "word " * 30 + f"{n}", []) for n in range(400)]
    said = [
        ("\n".join(t for t, _ in said[i : i + 100]), []) for i in range(0, 400, 100)
    ]
    messages = mrkdwn.answer(said, feedback_payloads())
    assert len(messages) == 1
    blocks = messages[0]["blocks"]
    assert len(blocks) <= mrkdwn.MAX_BLOCKS
    sections = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    assert all(len(s) <= mrkdwn.MAX_SECTION_TEXT for s in sections)
    assert "\n".join(sections) == "\n".join(mrkdwn.to_mrkdwn(t) for t, _ in said)
    assert len(messages[0]["text"]) <= mrkdwn.MAX_FALLBACK_TEXT


@pytest.mark.parametrize("parts", [49, 50, 51, 120])
def test_past_fifty_blocks_the_feedback_pair_stays_together(parts: int) -> None:
    said = [(f"part {n}", []) for n in range(parts)]
    messages = mrkdwn.answer(said, feedback_payloads())
    assert all(len(m["blocks"]) <= mrkdwn.MAX_BLOCKS for m in messages)
    blocks = [b for m in messages for b in m["blocks"]]
    assert len(blocks) == parts + 2
    assert [b.get("block_id") for b in messages[-1]["blocks"][-2:]] == [
        f"{mrkdwn.FEEDBACK_BLOCK}_question",
        mrkdwn.FEEDBACK_BLOCK,
    ]


def test_a_rated_message_keeps_its_text_and_says_thanks() -> None:
    (message,) = mrkdwn.answer([("**Mission**: keep <safe>", [])], feedback_payloads())
    blocks = mrkdwn.rated(message["blocks"], "\U0001f44e Not helpful")
    assert blocks[:-1] == [b for b in message["blocks"] if b["type"] == "section"]
    thanks = blocks[-1]["elements"][0]["text"]
    assert thanks == "Thanks for rating this answer: \U0001f44e Not helpful"
    assert not any(b["type"] == "actions" for b in blocks)
    assert mrkdwn.rated(blocks, "<b>")[-1]["elements"][0]["text"].endswith("&lt;b&gt;")


class FakeClient:
    """Stands in for slack_sdk's client: keeps what would be posted."""

    def __init__(self) -> None:
        self.posted: list[dict[str, Any]] = []

    async def chat_postMessage(self, **kwargs: Any) -> None:  # noqa: N802
        self.posted.append(kwargs)


@pytest.mark.parametrize("thread", [None, "111.2"])
def test_the_output_collects_an_answer_and_posts_it_once(thread: str | None) -> None:
    import asyncio

    output = SlackOutput("xoxb-test", None, thread, None, "http://127.0.0.1:9/api/")
    output.client = FakeClient()

    async def say() -> None:
        await output.send_text_message("D1", "**Vision** one")
        await output.send_text_with_buttons(
            "D1", "Values:\n- A\n- B", [{"title": "A", "payload": "/a"}]
        )
        await output.send_custom_json("D1", {"feedback": {"department": "x"}})
        assert output.client.posted == []  # nothing until the bot is done
        await output.flush()
        await output.flush()  # nothing more to post

    asyncio.run(say())
    (posted,) = output.client.posted
    assert posted["channel"] == "D1"
    assert posted.get("thread_ts") == thread
    kinds = [(b["type"], b.get("block_id")) for b in posted["blocks"]]
    assert kinds == [
        ("section", None),
        ("section", None),
        ("actions", None),
        ("context", f"{mrkdwn.FEEDBACK_BLOCK}_question"),
        ("actions", mrkdwn.FEEDBACK_BLOCK),
    ]
    assert '"department":"x"' in posted["blocks"][-1]["elements"][0]["value"]
