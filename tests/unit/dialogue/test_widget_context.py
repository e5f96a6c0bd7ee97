"""The widget's page department (message metadata) as the conversation's context."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import actions as rasa_actions
from actions.metadata import message_metadata, page_department
from statement_bot.names import (
    INTENT_ASK_MISSION,
    METADATA_DEPARTMENT,
    SLOT_DEPARTMENT,
    SLOT_TOPIC,
    SLOT_VALUE,
    UTTER_ASK_DEPARTMENT,
    UTTER_SECTION,
)
from statement_bot.store import Store


def tracker_with(
    text: str, metadata: Any, intent: str | None = None, **slots: Any
) -> Tracker:
    """A tracker whose latest user event carries ``metadata``."""
    all_slots = {SLOT_DEPARTMENT: None, SLOT_TOPIC: None, SLOT_VALUE: None, **slots}
    message = {
        "text": text,
        "intent": {"name": intent, "confidence": 1.0} if intent else {},
        "entities": [],
    }
    events = [
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": text, "parse_data": message, "metadata": metadata},
    ]
    return Tracker(
        "widget-user", all_slots, message, events, False, None, {}, "action_listen"
    )


@pytest.mark.parametrize(
    ("metadata", "expected"),
    [
        ({METADATA_DEPARTMENT: "cambridge"}, "cambridge"),
        ({METADATA_DEPARTMENT: "alhambra", "other": 1}, "alhambra"),
        ({METADATA_DEPARTMENT: "atlantis"}, None),
        ({METADATA_DEPARTMENT: "Cambridge"}, None),
        ({METADATA_DEPARTMENT: "../cambridge"}, None),
        ({METADATA_DEPARTMENT: ["cambridge"]}, None),
        ({METADATA_DEPARTMENT: {"id": "cambridge"}}, None),
        ({METADATA_DEPARTMENT: None}, None),
        ({}, None),
        (None, None),
        ("cambridge", None),
    ],
)
def test_page_department_is_checked_against_the_store(
    store: Store, metadata: Any, expected: str | None
) -> None:
    assert page_department(tracker_with("hi", metadata), store) == expected


def test_metadata_comes_from_the_latest_user_message() -> None:
    tracker = tracker_with("hi", {METADATA_DEPARTMENT: "alhambra"})
    tracker.events.insert(
        0, {"event": "user", "text": "x", "metadata": {METADATA_DEPARTMENT: "x"}}
    )
    assert message_metadata(tracker) == {METADATA_DEPARTMENT: "alhambra"}
    assert message_metadata(tracker_with("hi", None)) == {}


async def run_answer(tracker: Tracker) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    events = await rasa_actions.ActionAnswer().run(dispatcher, tracker, {})
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    return dispatcher.messages, slots


@pytest.mark.parametrize("department", ["alhambra", "west_sacramento", "cambridge"])
async def test_a_page_department_answers_without_asking(
    use_store: Callable[..., Store], store: Store, department: str
) -> None:
    tracker = tracker_with(
        "what is your mission?", {METADATA_DEPARTMENT: department}, INTENT_ASK_MISSION
    )
    messages, slots = await run_answer(tracker)
    assert [m.get("response") for m in messages] == [UTTER_SECTION, None]
    # after an answer from the store: the marker the channels make "Helpful?" of
    assert messages[1]["custom"] == {
        "feedback": {"department": department, "rated_topic": "mission"}
    }
    mission = store.get(department).sections["mission"]
    assert mission.paragraphs[0] in messages[0]["body"]
    assert slots[SLOT_DEPARTMENT] == department  # from now on it is the context


async def test_the_conversation_department_wins_over_the_page(
    use_store: Callable[..., Store], store: Store
) -> None:
    tracker = tracker_with(
        "and the mission?",
        {METADATA_DEPARTMENT: "cambridge"},
        INTENT_ASK_MISSION,
        **{SLOT_DEPARTMENT: "alhambra"},
    )
    messages, slots = await run_answer(tracker)
    assert store.get("alhambra").name in messages[0]["department_name"]
    assert SLOT_DEPARTMENT not in slots  # unchanged: still Alhambra, not the page's


@pytest.mark.parametrize("metadata", [{METADATA_DEPARTMENT: "atlantis"}, {}, None])
async def test_without_a_known_page_department_the_bot_asks(
    use_store: Callable[..., Store], metadata: Any
) -> None:
    tracker = tracker_with("what is your mission?", metadata, INTENT_ASK_MISSION)
    messages, slots = await run_answer(tracker)
    assert [m["response"] for m in messages] == [UTTER_ASK_DEPARTMENT]
    assert SLOT_DEPARTMENT not in slots
