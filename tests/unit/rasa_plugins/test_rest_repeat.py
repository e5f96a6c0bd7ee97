"""The REST channel answers a repeated client message id once (rasa_plugins/rest.py)."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from typing import Any

import pytest

from rasa_plugins import rest


def run_handler(calls: list[str], delay: float = 0.0) -> Any:
    async def handle() -> list[dict[str, Any]]:
        calls.append("handled")
        await asyncio.sleep(delay)
        return [{"text": f"reply {len(calls)}"}]

    return handle


@pytest.mark.parametrize(
    ("first", "second", "handled"),
    [
        ({"message_id": "m-1"}, {"message_id": "m-1"}, 1),  # a repeat
        ({"message_id": "m-1"}, {"message_id": "m-2"}, 2),  # another message
        (None, None, 2),  # no id: every request is a message
        ({"message_id": "bad id!"}, {"message_id": "bad id!"}, 2),
        ({"message_id": 7}, {"message_id": 7}, 2),
    ],
)
def test_a_repeat_is_handled_once(
    first: dict[str, Any] | None, second: dict[str, Any] | None, handled: int
) -> None:
    async def scenario() -> list[list[dict[str, Any]]]:
        kept: OrderedDict = OrderedDict()
        calls: list[str] = []
        one = await rest.answer_once(kept, "web-1", first, run_handler(calls))
        two = await rest.answer_once(kept, "web-1", second, run_handler(calls))
        assert len(calls) == handled
        return [one, two]

    one, two = asyncio.run(scenario())
    assert (one == two) is (handled == 1)


def test_the_same_id_from_another_sender_is_another_message() -> None:
    async def scenario() -> int:
        kept: OrderedDict = OrderedDict()
        calls: list[str] = []
        for sender in ("web-1", "web-2"):
            await rest.answer_once(
                kept, sender, {"message_id": "m-1"}, run_handler(calls)
            )
        return len(calls)

    assert asyncio.run(scenario()) == 2


def test_a_repeat_while_the_first_is_handled_waits_for_it() -> None:
    """The client gave up (a timeout) and sent it again: one handling, one reply."""

    async def scenario() -> tuple[int, list[Any]]:
        kept: OrderedDict = OrderedDict()
        calls: list[str] = []
        meta = {"message_id": "m-1"}
        first = asyncio.ensure_future(
            rest.answer_once(kept, "web-1", meta, run_handler(calls, 0.2))
        )
        await asyncio.sleep(0.05)
        first.cancel()  # the client went away: the handling goes on
        second = await rest.answer_once(kept, "web-1", meta, run_handler(calls))
        return len(calls), second

    handled, reply = asyncio.run(scenario())
    assert handled == 1
    assert reply == [{"text": "reply 1"}]


def test_only_the_latest_replies_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rest, "REPLIES_KEPT", 3)

    async def scenario() -> int:
        kept: OrderedDict = OrderedDict()
        calls: list[str] = []
        for n in range(5):
            await rest.answer_once(
                kept, "web-1", {"message_id": f"m-{n}"}, run_handler(calls)
            )
        assert len(kept) == 3
        await rest.answer_once(kept, "web-1", {"message_id": "m-0"}, run_handler(calls))
        return len(calls)

    assert asyncio.run(scenario()) == 6


@pytest.mark.parametrize(
    ("utter_action", "marked"),
    [
        ("utter_handoff", True),
        ("utter_handoff_no_contact", True),
        ("utter_handoff_general", True),
        ("utter_greet", False),
        (None, False),
    ],
)
def test_a_handover_to_people_is_marked(utter_action: str | None, marked: bool) -> None:
    collector = rest.AnswerCollector()
    message: dict[str, Any] = {"text": "Call us."}
    if utter_action:
        message["utter_action"] = utter_action
    asyncio.run(collector.send_response("web-1", message))
    assert collector.messages[-1].get("handoff", False) is marked
