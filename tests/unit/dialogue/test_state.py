"""The conversation's state parsed from the slots once (dialogue/state.py)."""

from __future__ import annotations

from typing import Any

import pytest

from statement_bot.dialogue.state import (
    MAX_SLOT_TEXT,
    Shown,
    ShownCompared,
    ShownDepartments,
    ShownItems,
    ShownValues,
    Turn,
    shown_from_slot,
)


@pytest.mark.parametrize(
    "shown",
    [
        ShownValues("alhambra", ("Respect", "Caring")),
        ShownItems("west_sacramento", "goals", 3),
        ShownDepartments(("alhambra", "cambridge")),
        ShownCompared(("alhambra", "cambridge")),
    ],
)
def test_each_kind_of_list_reads_back_as_written(shown: Shown) -> None:
    assert shown_from_slot(shown.to_slot()) == shown


@pytest.mark.parametrize(
    "slot",
    [
        None,
        "junk",
        [],
        [1, 2],
        [{"department": 3}],
        [{"department": "a", "value": "X"}, {"department": "b", "value": "Y"}],
        [{"department": "a", "section": "goals", "item": 1}],
        [{"department": "a", "value": "X"}, {"department": "a", "section": "goals"}],
    ],
)
def test_a_list_the_bot_would_not_write_is_none(slot: Any) -> None:
    assert shown_from_slot(slot) is None


def test_slots_are_parsed_once() -> None:
    turn = Turn.from_slots(
        {
            "department": 7,
            "topic": "x" * 500,
            "value": "  ",
            "searched": "",
            "practice": {"department": 1},
            "shown": [{"department": "alhambra"}],
        },
        intent="ask_mission",
        entities=({"entity": "department", "value": "cambridge"}, "junk"),  # type: ignore[arg-type]
    )
    assert turn.department is None and turn.value is None and turn.searched is None
    assert turn.topic == "x" * MAX_SLOT_TEXT
    assert turn.practice is None
    assert turn.shown == ShownDepartments(("alhambra",))
    assert turn.entity("department") == "cambridge"
