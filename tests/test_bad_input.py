"""Bad input: a polite reply or a clear 4xx, never a 5xx, never a crash."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from devtools.servers import http_json
from rasa_plugins.rest import MAX_MESSAGE_CHARS, BadRequest, clean_text, parse_body
from statement_bot.text import MAX_NLU_CHARS

# --- the channel's checks (no servers) ---------------------------------------


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (None, 400),
        ([], 400),
        ("hello", 400),
        (42, 400),
        ({}, 400),
        ({"message": "hi"}, 400),
        ({"sender": "", "message": "hi"}, 400),
        ({"sender": "   ", "message": "hi"}, 400),
        ({"sender": "\x00\x01", "message": "hi"}, 400),
        ({"sender": None, "message": "hi"}, 400),
        ({"sender": True, "message": "hi"}, 400),
        ({"sender": ["a"], "message": "hi"}, 400),
        ({"sender": "x" * 129, "message": "hi"}, 400),
        ({"sender": "a"}, 400),
        ({"sender": "a", "message": None}, 400),
        ({"sender": "a", "message": 42}, 400),
        ({"sender": "a", "message": ["hi"]}, 400),
        ({"sender": "a", "message": {"text": "hi"}}, 400),
        ({"sender": "a", "message": "hi", "metadata": "x"}, 400),
        ({"sender": "a", "message": "hi", "metadata": [1]}, 400),
        ({"sender": "a", "message": "x" * (MAX_MESSAGE_CHARS + 1)}, 413),
    ],
)
def test_bad_bodies_are_refused(body: Any, status: int) -> None:
    with pytest.raises(BadRequest) as caught:
        parse_body(body)
    assert caught.value.status == status


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"sender": "a", "message": "hi"}, ("a", "hi", {})),
        ({"sender": 7, "message": ""}, ("7", "", {})),
        ({"sender": " b ", "message": "x\x00y\u202e"}, ("b", "xy", {})),
        # only the keys the channel uses are kept (rasa_plugins/access.yml)
        ({"sender": "c", "message": "hi", "metadata": {"k": 1}}, ("c", "hi", {})),
        (
            {"sender": "c", "message": "hi", "metadata": {"department": "x", "k": 1}},
            ("c", "hi", {"department": "x"}),
        ),
    ],
)
def test_good_bodies_are_accepted(body: Any, expected: tuple[Any, ...]) -> None:
    assert parse_body(body) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\x00b", "ab"),
        ("line\nnext\tcol", "line\nnext\tcol"),
        ("é😀", "é😀"),
        ("\x1b[31mred", "[31mred"),
        ("\u200bzero", "zero"),
    ],
)
def test_clean_text(text: str, expected: str) -> None:
    assert clean_text(text) == expected


# --- against the running servers ---------------------------------------------


def post_raw(bot: Any, raw: bytes, content_type: str = "application/json") -> Any:
    return http_json(
        f"{bot.rasa.url}/webhooks/rest/webhook",
        raw=raw,
        headers={"Content-Type": content_type},
    )


@pytest.mark.e2e
@pytest.mark.parametrize(
    "raw",
    [
        b"{not json",
        b"",
        b"[]",
        b'"just a string"',
        b"null",
        b"{}",
        b'{"message": "hi"}',
        b'{"sender": "x"}',
        b'{"sender": "x", "message": 42}',
        b'{"sender": "x", "message": null}',
        b'{"sender": "", "message": "hi"}',
        b'{"sender": "x", "message": "hi", "metadata": "m"}',
        b"\xff\xfe\x00garbage",
        b'{"sender": "x", "message": "hi"',
    ],
)
def test_malformed_requests_get_a_4xx(bot: Any, raw: bytes) -> None:
    status, body = post_raw(bot, raw)
    assert 400 <= status < 500, (status, body)


@pytest.mark.e2e
def test_a_form_post_gets_a_4xx(bot: Any) -> None:
    status, _ = post_raw(
        bot, b"sender=x&message=hi", "application/x-www-form-urlencoded"
    )
    assert 400 <= status < 500


@pytest.mark.e2e
def test_an_oversized_message_gets_413(bot: Any) -> None:
    body = json.dumps({"sender": "big", "message": "a" * (MAX_MESSAGE_CHARS + 10)})
    status, _ = post_raw(bot, body.encode())
    assert status == 413


POLITE_MARKERS = ("sorry", "911", "department", "i can", "i answer", "which", "english")


def polite(reply: str) -> bool:
    return bool(reply.strip()) and any(m in reply.casefold() for m in POLITE_MARKERS)


@pytest.mark.e2e
@pytest.mark.parametrize(
    "message",
    [
        "",
        "   ",
        "\n\t\n",
        "\x00\x01\x02\x1b[2J",
        "😀😀😀",
        "🚓🚓 👮",
        "<script>alert('x')</script>",
        "<img src=x onerror=alert(1)>",
        "'; DROP TABLE events; --",
        "1 OR 1=1",
        "${jndi:ldap://example.invalid/a}",
        "{{7*7}}",
        "../../../../etc/passwd",
        "%s%s%s%n",
        "a" * 5000,
        "mission " * 2000,
        '{"sender": "other", "message": "hi"}',
        "/restart_everything{}",
        "/ask_mission{not json}",
        "/",
        "/greet@abc",
    ],
)
def test_odd_messages_get_a_polite_reply(bot: Any, message: str) -> None:
    reply = bot.rasa.texts("odd-input", message)
    assert polite(reply), reply
    assert "<script" not in reply and "onerror" not in reply


@pytest.mark.e2e
@pytest.mark.parametrize(
    "message",
    ["你们的使命是什么", "¿Cuál es la misión de la policía?", "привет", "مرحبا", "안녕하세요"],
)
def test_other_languages_are_told_english_only(bot: Any, message: str) -> None:
    assert "English" in bot.rasa.texts("lang-1", message)


@pytest.mark.e2e
@pytest.mark.parametrize(
    "payload",
    [
        '/ask_mission{"department": "../../etc/passwd"}',
        '/ask_mission{"department": "<script>alert(1)</script>"}',
        '/ask_value{"department": "cambridge", "value": "\'; DROP TABLE x; --"}',
        '/ask_contact{"department": "' + "x" * 3000 + '"}',
        '/compare_departments{"department": ["a", "b"]}',
        '/ask_mission{"department": 12345}',
    ],
)
def test_typed_intent_payloads_are_checked_against_the_store(
    bot: Any, payload: str
) -> None:
    replies = bot.rasa.chat("payload-1", payload)
    reply = "\n".join(m.get("text") or "" for m in replies)
    assert reply.strip()
    for leaked in ("passwd", "<script", "DROP TABLE", "xxxxxxxxxx", "12345"):
        assert leaked not in reply
    status, tracker = http_json(f"{bot.rasa.url}/conversations/payload-1/tracker")
    assert status in (403, 404)  # the HTTP API is off: nothing to read back


@pytest.mark.e2e
def test_a_typed_payload_cannot_set_a_slot(bot: Any) -> None:
    bot.rasa.texts("payload-2", '/inform_department{"department": "../../etc/passwd"}')
    reply = bot.rasa.texts("payload-2", "what is the mission?")
    assert "passwd" not in reply
    assert "Which department" in reply


@pytest.mark.e2e
def test_a_long_message_does_not_hold_up_other_users(bot: Any) -> None:
    long_message = ("What is the mission of the police? " * 3000)[:100_000]
    short = [f"What is {name}'s mission?" for name in ("Cambridge", "Alhambra")] * 3

    def timed(args: tuple[str, str]) -> tuple[str, float]:
        started = time.monotonic()
        reply = bot.rasa.texts(*args)
        return reply, time.monotonic() - started

    with ThreadPoolExecutor(max_workers=8) as pool:
        big = pool.submit(timed, ("long-1", long_message))
        time.sleep(0.05)
        others = list(pool.map(timed, [(f"other-{i}", m) for i, m in enumerate(short)]))
        big_reply, big_seconds = big.result()
    assert len(long_message) == 100_000 > MAX_NLU_CHARS
    assert "mission" in big_reply.casefold() or "department" in big_reply.casefold()
    assert big_seconds < 15
    for reply, seconds in others:
        assert "Mission" in reply or "mission" in reply
        assert seconds < 10
