"""Fuzz the running bot over REST: every input gets a reply or a 4xx, never a 5xx.

Hypothesis generates a few hundred messages (any Unicode, control characters,
emoji, markup, SQL, typed ``/intent{...}`` payloads, very long text) and request
bodies (any JSON, broken JSON); derandomised, so every run sends the same inputs.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devtools.servers import http_json
from rasa_plugins.rest import MAX_MESSAGE_CHARS

pytestmark = pytest.mark.e2e

FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)

NASTY = [
    "<script>alert(1)</script>",
    "' OR '1'='1",
    "; DROP TABLE events; --",
    "${jndi:ldap://x.invalid/a}",
    "{{7*7}}",
    "%n%n%n",
    "\u202eevil",
    "\x00",
    "../../etc/passwd",
    "/ask_mission{",
    '/ask_value{"value": "x", "department": "../../x"}',
    "/nonexistent_intent{}",
    "/ask_mission@0.1",
    "emergency",
    "mission",
    "Cambridge",
    "🙂",
    "ﷺ",
    "Z̴̡͖̈́a̷l̶g̵o̶",
]

messages = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60),
    st.lists(st.sampled_from(NASTY), min_size=1, max_size=5).map(" ".join),
    st.builds(
        lambda word, nasty: f"What is {word}'s {nasty}?",
        st.text(min_size=1, max_size=20),
        st.sampled_from(NASTY),
    ),
    st.integers(min_value=1000, max_value=60_000).map(lambda n: ("help " * n)[:n]),
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=10), children, max_size=3),
    max_leaves=8,
)

bodies = st.one_of(
    json_values.map(lambda v: json.dumps(v).encode()),
    st.fixed_dictionaries(
        {"sender": json_values, "message": json_values},
        optional={"metadata": json_values},
    ).map(lambda v: json.dumps(v).encode()),
    st.binary(max_size=200),
)


def check_reply(sender: str, status: int, replies: Any) -> None:
    assert status == 200, (status, replies)
    assert isinstance(replies, list) and replies, replies
    for reply in replies:
        assert reply.get("recipient_id") == sender
        assert reply.get("text") or reply.get("buttons") or reply.get("image")


def test_fuzz_messages(bot: Any) -> None:
    sent: list[int] = []

    @settings(FUZZ, max_examples=250)
    @given(message=messages)
    def run(message: str) -> None:
        sender = f"fuzz-{len(sent) % 7}"
        sent.append(1)
        status, replies = http_json(
            f"{bot.rasa.url}/webhooks/rest/webhook",
            {"sender": sender, "message": message},
        )
        if message.lstrip().startswith("/"):
            assert status == 200, (status, replies)  # may be a typed command
        else:
            check_reply(sender, status, replies)

    run()
    assert len(sent) >= 200


def test_fuzz_request_bodies(bot: Any) -> None:
    sent: list[int] = []

    @settings(FUZZ, max_examples=120)
    @given(raw=bodies)
    def run(raw: bytes) -> None:
        sent.append(1)
        status, reply = http_json(f"{bot.rasa.url}/webhooks/rest/webhook", raw=raw)
        assert status < 500, (status, reply, raw[:200])
        if status == 200:
            assert isinstance(reply, list)
        else:
            assert status in (400, 413), (status, reply)

    run()
    assert len(sent) >= 100


def test_the_message_limit_is_above_the_fuzzed_lengths() -> None:
    assert MAX_MESSAGE_CHARS > 60_000
