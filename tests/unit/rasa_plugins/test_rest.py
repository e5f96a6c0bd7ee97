"""Bad input, the REST channel's checks (rasa_plugins/rest.py, no servers); the
running servers are tested in tests/e2e/test_bad_input.py."""

from __future__ import annotations

from typing import Any

import pytest

from rasa_plugins.rest import MAX_MESSAGE_CHARS, BadRequest, clean_text, parse_body


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
