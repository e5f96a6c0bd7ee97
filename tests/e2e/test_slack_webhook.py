"""The Slack webhook of a running Rasa, with replies caught by a local fake Slack API.

``channels_bot`` (conftest.py) runs Rasa with Slack on: a test signing secret and
``SLACK_API_URL`` pointing at ``FakeSlackApi``, so nothing reaches the internet.
The requests are built as Slack builds them (Events API JSON, interactivity
form posts) and signed as Slack signs them.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
import urllib.parse
from typing import Any

import pytest

from devtools.servers import http_json
from rasa_plugins import mrkdwn
from statement_bot.store import Store
from tests.e2e.conversation_script import Recruit, failures, follow_up_script

pytestmark = pytest.mark.e2e

REPLY_TIMEOUT = 30.0
_ids = itertools.count(1)


def sign(secret: str, body: bytes, timestamp: int) -> str:
    digest = hmac.new(
        secret.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256
    ).hexdigest()
    return f"v0={digest}"


def post(
    bot: Any,
    body: bytes,
    content_type: str = "application/json",
    signed: bool = True,
    timestamp: int | None = None,
    secret: str | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, Any]:
    """POST to the Slack webhook, signed with the bot's secret unless told not to."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    sent = {"Content-Type": content_type, **(headers or {})}
    if signed:
        sent["X-Slack-Request-Timestamp"] = str(timestamp)
        sent["X-Slack-Signature"] = sign(secret or bot.slack_secret, body, timestamp)
    return http_json(f"{bot.rasa.url}/webhooks/slack/webhook", raw=body, headers=sent)


def event(
    text: str,
    channel: str,
    ts: str,
    kind: str = "message",
    thread_ts: str | None = None,
    user: str = "U0STAFF",
) -> dict[str, Any]:
    """An Events API callback as Slack sends it."""
    inner: dict[str, Any] = {
        "type": kind,
        "user": user,
        "text": text,
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
    }
    if kind == "message":
        inner["channel_type"] = "im" if channel.startswith("D") else "channel"
    if thread_ts:
        inner["thread_ts"] = thread_ts
    return {
        "token": "unused",
        "team_id": "T0TEST",
        "api_app_id": "A0TEST",
        "type": "event_callback",
        "event_id": f"Ev{next(_ids):08d}",
        "event_time": int(time.time()),
        "authorizations": [{"user_id": "U0BOT", "is_bot": True}],
        "event": inner,
    }


def new_channel(prefix: str) -> str:
    return f"{prefix}{next(_ids):08d}"


def wait_for_posts(bot: Any, channel: str, count: int) -> list[dict[str, Any]]:
    deadline = time.monotonic() + REPLY_TIMEOUT
    while time.monotonic() < deadline:
        posts = bot.slack.posts(channel)
        if len(posts) >= count:
            time.sleep(0.5)  # let any later message of the same reply arrive
            return bot.slack.posts(channel)
        time.sleep(0.2)
    raise AssertionError(f"no reply in {channel}: {bot.slack.calls[-3:]}")


def send_and_wait(bot: Any, payload: dict[str, Any], channel: str) -> list[dict]:
    before = len(bot.slack.posts(channel))
    status, _ = post(bot, json.dumps(payload).encode())
    assert status == 200
    return wait_for_posts(bot, channel, before + 1)[before:]


def reply_text(posts: list[dict[str, Any]]) -> str:
    """Everything the posts show: section texts, button titles, context lines."""
    parts = []
    for post_body in posts:
        for block in post_body.get("blocks") or []:
            if block["type"] == "section":
                parts.append(block["text"]["text"])
            for element in block.get("elements") or []:
                text = element.get("text")
                parts.append(text["text"] if isinstance(text, dict) else text or "")
    return "\n".join(parts)


@pytest.mark.parametrize(
    ("signed", "age", "secret"),
    [
        (False, 0, None),  # no signature at all
        (True, 0, "not-the-secret"),  # a wrong signature
        (True, 6 * 60, None),  # a replayed, stale request
        (True, -6 * 60, None),  # a timestamp from the future
    ],
)
def test_unsigned_or_stale_requests_are_rejected(
    channels_bot: Any, signed: bool, age: int, secret: str | None
) -> None:
    channel = new_channel("D")
    payload = event("What is Cambridge's mission?", channel, "1700000001.000100")
    status, _ = post(
        channels_bot,
        json.dumps(payload).encode(),
        signed=signed,
        timestamp=int(time.time()) - age,
        secret=secret,
    )
    assert status == 400
    time.sleep(2)
    assert channels_bot.slack.posts(channel) == []


def test_a_tampered_body_is_rejected(channels_bot: Any) -> None:
    channel = new_channel("D")
    body = json.dumps(event("hello", channel, "1700000001.000200")).encode()
    timestamp = int(time.time())
    status, _ = http_json(
        f"{channels_bot.rasa.url}/webhooks/slack/webhook",
        raw=body.replace(b"hello", b"What is Cambridge's mission?"),
        headers={
            "Content-Type": "application/json",
            "X-Slack-Request-Timestamp": str(timestamp),
            "X-Slack-Signature": sign(channels_bot.slack_secret, body, timestamp),
        },
    )
    assert status == 400


def test_slack_url_verification_is_answered(channels_bot: Any) -> None:
    body = {"type": "url_verification", "token": "x", "challenge": "3eZbrw1aBm2r"}
    status, answer = post(channels_bot, json.dumps(body).encode())
    assert (status, answer) == (200, {"challenge": "3eZbrw1aBm2r"})
    status, _ = post(channels_bot, json.dumps(body).encode(), signed=False)
    assert status == 400


def test_a_direct_message_is_answered_in_mrkdwn(
    channels_bot: Any, store: Store
) -> None:
    channel = new_channel("D")
    posts = send_and_wait(
        channels_bot,
        event("What is Cambridge's mission?", channel, "1700000002.000100"),
        channel,
    )
    assert len(posts) == 1  # one message per answer
    call = next(c for c in channels_bot.slack.calls if c["ts"] == posts[0]["ts"])
    assert call["authorization"] == "Bearer xoxb-test-token"
    assert all("thread_ts" not in p for p in posts)  # a DM stays a plain chat
    text = reply_text(posts)
    mission = store.get("cambridge").sections["mission"]
    assert f"*{mission.title}*" in text and "**" not in text
    for paragraph in mission.paragraphs:
        assert mrkdwn.to_mrkdwn(paragraph) in text


def test_values_come_with_at_most_five_buttons(channels_bot: Any, store: Store) -> None:
    channel = new_channel("D")
    department = store.get("west_sacramento")
    assert len(department.values) > mrkdwn.MAX_BUTTONS  # the case worth testing
    posts = send_and_wait(
        channels_bot,
        event("What are West Sacramento's core values?", channel, "1700000003.000100"),
        channel,
    )
    assert len(posts) == 1  # the list, its buttons and "Helpful?": one message
    actions = [
        b
        for b in posts[0]["blocks"]
        if b["type"] == "actions" and b.get("block_id") != mrkdwn.FEEDBACK_BLOCK
    ]
    assert len(actions) == 1
    titles = [e["text"]["text"] for e in actions[0]["elements"]]
    names = [v.name for v in department.values]
    assert titles == names[: mrkdwn.MAX_BUTTONS]
    text = reply_text(posts)
    for name in names[mrkdwn.MAX_BUTTONS :]:
        assert mrkdwn.escape(name) in text  # named under the buttons

    # Clicking a button (Slack's interactivity form post) answers that value.
    clicked = click(channels_bot, channel, posts[0], actions[0]["elements"][1])
    value = next(v for v in department.values if v.name == titles[1])
    assert mrkdwn.to_mrkdwn(value.description) in reply_text(clicked)


def test_follow_ups_in_slack_past_the_five_buttons(
    channels_bot: Any, store: Store
) -> None:
    """Staff pick a value by its place, beyond the five buttons Slack shows,
    then ask whether another department has it too."""
    channel = new_channel("D")
    department = store.get("west_sacramento")
    send_and_wait(
        channels_bot, event("wspd values", channel, "1700000009.000100"), channel
    )
    seventh = department.values[6]
    posts = send_and_wait(
        channels_bot, event("the 7th one?", channel, "1700000009.000200"), channel
    )
    assert mrkdwn.to_mrkdwn(seventh.description) in reply_text(posts)
    posts = send_and_wait(
        channels_bot,
        event("does cpd have that too?", channel, "1700000009.000300"),
        channel,
    )
    assert "does not list" in reply_text(posts)


def test_the_follow_up_conversation_in_slack(channels_bot: Any, store: Store) -> None:
    """The follow-ups people type (tests/e2e/conversation_script.py), in a direct
    message to the bot."""
    channel = new_channel("D")
    steps = follow_up_script(store, "west_sacramento", "cambridge", "goals")
    replies = []
    for number, step in enumerate(steps):
        payload = event(step.user, channel, f"1700000010.{number:06d}")
        posts = send_and_wait(channels_bot, payload, channel)
        replies.append(reply_text(posts))
    assert failures(steps, [mrkdwn_plain(r) for r in replies]) == []


def test_practice_in_slack(channels_bot: Any, store: Store) -> None:
    """Staff practise in a thread: at most five buttons, numbered choices that
    can be typed, a verdict, and "stop"."""
    channel = new_channel("D")
    posts = send_and_wait(
        channels_bot, event("quiz me on cpd", channel, "1700000011.000100"), channel
    )
    assert "Question 1 of 5" in reply_text(posts)
    for post_body in posts:
        for block in post_body.get("blocks") or []:
            if block["type"] == "actions":
                assert len(block["elements"]) <= 5
    recruit = Recruit(store, "cambridge", f"U0STAFF_{channel}")  # user_channel
    number = 2
    while not recruit.question().choices:
        posts = send_and_wait(
            channels_bot,
            event("skip", channel, f"1700000011.0002{number:02d}"),
            channel,
        )
        recruit.position += 1
        number += 1
    choice = recruit.question().choices.index(recruit.answer()) + 1
    assert f"{choice}. {recruit.answer()}" in mrkdwn_plain(reply_text(posts))
    posts = send_and_wait(
        channels_bot, event(str(choice), channel, "1700000011.000300"), channel
    )
    assert "Right!" in reply_text(posts)
    posts = send_and_wait(
        channels_bot, event("stop", channel, "1700000011.000400"), channel
    )
    assert "Practice stopped. You scored 1 of" in reply_text(posts)


def mrkdwn_plain(text: str) -> str:
    """Slack's escapes undone, so store text can be looked for in a reply."""
    return text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


def click(
    bot: Any, channel: str, message: dict[str, Any], button: dict[str, Any]
) -> list[dict[str, Any]]:
    """Click a button of a posted message (Slack's interactivity form post, with
    the message as Slack sends it); the posts that answer it."""
    block = next(
        b
        for b in message["blocks"]
        if b["type"] == "actions" and button in b["elements"]
    )
    payload = {
        "type": "block_actions",
        "user": {"id": "U0STAFF"},
        "channel": {"id": channel},
        "container": {"type": "message", "message_ts": message["ts"]},
        "message": {
            "ts": message["ts"],
            "text": message["text"],
            "blocks": message["blocks"],
        },
        "trigger_id": "1.2.3",
        "actions": [
            {
                "type": "button",
                "block_id": block.get("block_id", "b1"),
                "action_id": button["action_id"],
                "text": button["text"],
                "value": button["value"],
                "action_ts": f"{time.time():.6f}",
            }
        ],
    }
    form = urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()
    before = len(bot.slack.posts(channel))
    status, _ = post(bot, form, "application/x-www-form-urlencoded")
    assert status == 200
    return wait_for_posts(bot, channel, before + 1)[before:]


def feedback_buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    """The "Helpful?" buttons of a message ([] when it has none)."""
    for block in message.get("blocks") or []:
        if block.get("block_id") == mrkdwn.FEEDBACK_BLOCK:
            return block["elements"]
    return []


def test_feedback_in_slack(channels_bot: Any, staff_report: Any) -> None:
    """An answer from the store carries a "Helpful?" pair in its own message; a
    click turns the pair into thanks in that same message; a thumbs down asks
    why; a safety answer gets none."""
    channel = new_channel("D")
    posts = send_and_wait(
        channels_bot, event("wspd mission?", channel, "1700000012.000100"), channel
    )
    assert len(posts) == 1
    (answer,) = posts
    assert "West Sacramento" in reply_text(posts)
    buttons = feedback_buttons(answer)
    assert [b["text"]["text"] for b in buttons] == [
        "\U0001f44d Helpful",
        "\U0001f44e Not helpful",
    ]
    assert answer["blocks"][-1]["block_id"] == mrkdwn.FEEDBACK_BLOCK  # at the end
    assert '"rating":"down"' in buttons[1]["value"]
    replies = click(channels_bot, channel, answer, buttons[1])
    assert len(replies) == 1
    assert "What was wrong with it?" in reply_text(replies)
    # the answer's own message, updated: no buttons, thanks instead
    (update,) = channels_bot.slack.updates(channel)
    assert update["ts"] == answer["ts"]
    shown = channels_bot.slack.message(channel, answer["ts"])
    assert feedback_buttons(shown) == []
    assert mrkdwn.FEEDBACK_QUESTION not in reply_text([shown])
    assert "Thanks for rating this answer" in reply_text([shown])
    assert "Not helpful" in reply_text([shown])
    sections = [b for b in shown["blocks"] if b["type"] == "section"]
    assert sections == [b for b in answer["blocks"] if b["type"] == "section"]
    assert len(channels_bot.slack.posts(channel)) == 2  # answer, then "why?"

    posts = send_and_wait(
        channels_bot,
        event(
            "someone is breaking into my house right now", channel, "1700000012.000300"
        ),
        channel,
    )
    assert "911" in reply_text(posts)
    assert all(feedback_buttons(p) == [] for p in posts)
    report = staff_report(channels_bot.conversations_db)
    assert (
        "<td>down</td><td>mission</td><td>West Sacramento Police Department</td>"
        in report
    )
    assert "slack" in report


@pytest.mark.parametrize(
    "text",
    [
        "apd vs cpd vision?",  # a comparison: the same part of two statements
        "cambridge mission and vision, then the values please",  # several asked
        "What are West Sacramento's core values?",  # a list, its buttons, Helpful?
    ],
)
def test_an_answer_of_several_parts_is_one_message(
    channels_bot: Any, text: str
) -> None:
    """Everything the bot says to one message (as the REST channel lists it,
    part by part) is one Slack message: each part's sections, within Slack's
    3,000 characters, in the same order."""
    parts = channels_bot.rasa.chat(f"rest-{next(_ids)}", text)
    assert len(parts) >= 2 or parts[0].get("buttons")  # worth testing
    channel = new_channel("D")
    posts = send_and_wait(
        channels_bot, event(text, channel, f"1700000013.{next(_ids):06d}"), channel
    )
    assert len(posts) == 1, [p["text"][:80] for p in posts]
    blocks = posts[0]["blocks"]
    assert len(blocks) <= mrkdwn.MAX_BLOCKS
    sections = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    assert all(len(s) <= mrkdwn.MAX_SECTION_TEXT for s in sections)
    assert "\n".join(sections) == "\n".join(
        piece
        for part in parts
        for piece in mrkdwn.split_text(mrkdwn.to_mrkdwn(part["text"]))
    )
    rateable = any("feedback" in part for part in parts)
    assert bool(feedback_buttons(posts[0])) is rateable


def test_a_retried_event_is_answered_once(channels_bot: Any) -> None:
    channel = new_channel("D")
    payload = event("What is Alhambra's vision?", channel, "1700000004.000100")
    first = send_and_wait(channels_bot, payload, channel)
    for number, reason in [(1, "http_timeout"), (2, "http_error"), (3, "unknown")]:
        status, _ = post(
            channels_bot,
            json.dumps(payload).encode(),
            headers={"X-Slack-Retry-Num": str(number), "X-Slack-Retry-Reason": reason},
        )
        assert status in (200, 201)
    # The same message again as an app_mention (a second subscription).
    mention = {**payload, "event_id": "EvOTHER", "event": {**payload["event"]}}
    mention["event"]["type"] = "app_mention"
    status, _ = post(channels_bot, json.dumps(mention).encode())
    assert status == 200
    # A new message afterwards is answered: by then any duplicate would be too.
    send_and_wait(channels_bot, event("thanks", channel, "1700000004.000200"), channel)
    time.sleep(1)
    texts = [p["text"] for p in channels_bot.slack.posts(channel)]
    for answer in first:
        assert texts.count(answer["text"]) == 1, texts


def test_one_conversation_per_thread(channels_bot: Any, store: Store) -> None:
    channel = new_channel("C")
    root = "1700000005.000100"
    # A mention in a channel is answered in a thread on that message.
    posts = send_and_wait(
        channels_bot,
        event("<@U0BOT> What is Cambridge's mission?", channel, root, "app_mention"),
        channel,
    )
    assert {p.get("thread_ts") for p in posts} == {root}
    assert "<@U0BOT>" not in reply_text(posts)

    # A follow-up in the thread keeps the department...
    posts = send_and_wait(
        channels_bot,
        event(
            "<@U0BOT> and their vision?",
            channel,
            "1700000005.000200",
            "app_mention",
            root,
        ),
        channel,
    )
    assert {p.get("thread_ts") for p in posts} == {root}
    vision = store.get("cambridge").sections["vision"]
    assert mrkdwn.to_mrkdwn(vision.paragraphs[0]) in reply_text(posts)

    # ...while another thread is another conversation: it has to ask.
    other = "1700000005.000300"
    posts = send_and_wait(
        channels_bot,
        event("<@U0BOT> and their vision?", channel, other, "app_mention"),
        channel,
    )
    assert {p.get("thread_ts") for p in posts} == {other}
    assert mrkdwn.to_mrkdwn(vision.paragraphs[0]) not in reply_text(posts)


def test_the_bots_own_messages_are_ignored(channels_bot: Any) -> None:
    channel = new_channel("D")
    payload = event("What is Cambridge's mission?", channel, "1700000006.000100")
    payload["event"]["bot_id"] = "B0BOT"
    status, _ = post(channels_bot, json.dumps(payload).encode())
    assert status == 200
    time.sleep(2)
    assert channels_bot.slack.posts(channel) == []


def test_with_slack_off_the_webhook_says_so_and_rest_still_works(bot: Any) -> None:
    """The shared bot runs with the .env defaults: no Slack token or secret."""
    status, text = http_json(f"{bot.rasa.url}/webhooks/slack/webhook", {})
    assert status == 503 and "Slack is off" in text
    assert "Slack is off" in bot.rasa.log_path.read_text(errors="replace")
    assert bot.rasa.chat("slack-off-check", "hello")
