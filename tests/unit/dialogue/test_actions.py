"""Every action, run with tracker fixtures against the real store and small stores."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import actions as rasa_actions
from statement_bot import names as c
from statement_bot.dialogue.context import resolve
from statement_bot.dialogue.plan import statements
from statement_bot.dialogue.state import read_turn
from statement_bot.store import Store
from tests.paths import ROOT

Run = Callable[..., Any]


@pytest.fixture
def run(
    use_store: Callable[..., Store],
    dispatcher: CollectingDispatcher,
    tracker: Callable[..., Tracker],
    domain: dict[str, Any],
    render: Callable[[dict[str, Any]], str],
) -> Run:
    """run(action, text, intent, entities, **slots) -> (texts, buttons, slots)."""

    async def go(
        action: Any,
        text: str,
        intent: str | None = None,
        entities: list[dict[str, Any]] | None = None,
        **slots: Any,
    ):
        dispatcher.messages.clear()
        events = await action().run(
            dispatcher, tracker(text, intent, entities, **slots), domain
        )
        # the rating marker after an answer is for the channels, not a reply
        shown = [m for m in dispatcher.messages if not m.get("custom")]
        texts = [render(m) for m in shown]
        buttons = [b for m in shown for b in m.get("buttons", [])]
        set_slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
        return "\n".join(texts), buttons, set_slots

    return go


def entity(name: str, value: str) -> dict[str, Any]:
    return {"entity": name, "value": value}


MISSION_WORDS = {
    "alhambra": "prevent crime, protect lives and property",
    "west_sacramento": "STRIVE for PROFESSIONAL EXCELLENCE",
    "cambridge": "partner with the community to solve problems",
}


@pytest.mark.parametrize("department", sorted(MISSION_WORDS))
async def test_mission_quotes_the_store_and_names_the_department(
    run: Run, store: Store, department: str
) -> None:
    name = store.get(department).name
    text, _, slots = await run(
        rasa_actions.ActionAnswer, f"what is the {name} mission?", c.INTENT_ASK_MISSION
    )
    assert MISSION_WORDS[department] in text
    assert name in text
    for other, words in MISSION_WORDS.items():
        if other != department:
            assert words not in text
    assert slots == {
        c.SLOT_DEPARTMENT: department,
        c.SLOT_TOPIC: "mission",
        # what the answer quoted, for "summarise that" / "word for word"
        c.SLOT_LAST_ANSWER: [{"department": department, "part": "mission"}],
    }


async def test_follow_ups_carry_department_and_topic(run: Run) -> None:
    text, _, slots = await run(
        rasa_actions.ActionAnswer,
        "and their vision?",
        c.INTENT_ASK_VISION,
        department="alhambra",
        topic="mission",
    )
    assert "ethical, sophisticated, progressive" in text
    text, _, slots = await run(
        rasa_actions.ActionAnswer,
        "what about Cambridge?",
        c.INTENT_INFORM_DEPARTMENT,
        **slots,
    )
    assert "Cambridge can rely on a police department" in text
    assert "- Delivering quality services to the community." in text
    assert slots[c.SLOT_DEPARTMENT] == "cambridge"


async def test_value_follow_up_uses_the_context_department(run: Run) -> None:
    _, buttons, slots = await run(
        rasa_actions.ActionAnswer,
        "Tell me about West Sac's values",
        c.INTENT_ASK_VALUES,
    )
    assert [b["title"] for b in buttons][:2] == ["Protection", "Compassion"]
    text, _, _ = await run(
        rasa_actions.ActionAnswer,
        "what does pride mean to them?",
        c.INTENT_ASK_VALUE,
        **slots,
    )
    assert "Taking pride in our profession" in text
    assert "West Sacramento Police Department" in text


async def test_no_department_asks_which_then_answers_the_original_question(
    run: Run, store: Store
) -> None:
    text, buttons, slots = await run(
        rasa_actions.ActionAnswer, "what is the mission?", c.INTENT_ASK_MISSION
    )
    assert text == "Which department do you mean?"
    assert len(buttons) == len(store)
    payload = next(b["payload"] for b in buttons if "cambridge" in b["payload"])
    assert payload.startswith("/" + c.INTENT_INFORM_DEPARTMENT)
    entities = [
        entity(k, v) for k, v in json.loads("{" + payload.split("{", 1)[1]).items()
    ]
    text, _, _ = await run(
        rasa_actions.ActionAnswer,
        payload,
        c.INTENT_INFORM_DEPARTMENT,
        entities,
        **slots,
    )
    assert "Our mission is to partner with the community" in text


async def test_a_pending_value_question_is_completed(run: Run) -> None:
    _, _, slots = await run(
        rasa_actions.ActionAnswer, "what does esprit de corps mean?", c.INTENT_ASK_VALUE
    )
    text, _, _ = await run(
        rasa_actions.ActionAnswer, "West Sac", c.INTENT_INFORM_DEPARTMENT, **slots
    )
    assert "Fostering comradery, enthusiasm" in text


async def test_default_department_answers_without_asking(
    run: Run, use_store: Callable[..., Store]
) -> None:
    use_store(default="cambridge")
    text, _, _ = await run(
        rasa_actions.ActionAnswer, "what is the vision?", c.INTENT_ASK_VISION
    )
    assert "Cambridge can rely on a police department" in text


@pytest.mark.parametrize(
    ("text", "intent", "department", "expected"),
    [
        (
            "what is west sac's phone number",
            c.INTENT_ASK_CONTACT,
            None,
            "has no contact details",
        ),
        ("what is Alhambra's motto?", c.INTENT_ASK_SECTION, None, "has no motto"),
        ("what are Cambridge's goals", c.INTENT_ASK_GOALS, None, "has no goals"),
        ("what are Alhambra's goals", c.INTENT_ASK_GOALS, None, "has no goals"),
    ],
)
async def test_missing_sections_are_said_plainly(
    run: Run, text: str, intent: str, department: str | None, expected: str
) -> None:
    said, buttons, _ = await run(
        rasa_actions.ActionAnswer, text, intent, department=department
    )
    assert expected in said
    assert "617-349-3300" not in said  # never another department's details
    assert buttons  # offers what the department does have


async def test_contact_gives_the_detail_asked_for(run: Run) -> None:
    text, _, _ = await run(
        rasa_actions.ActionAnswer,
        "what is cambridge's phone number",
        c.INTENT_ASK_CONTACT,
    )
    assert "617-349-3300" in text and "911" in text
    assert "twitter.com" not in text
    text, _, _ = await run(
        rasa_actions.ActionAnswer,
        "how do I contact them",
        c.INTENT_ASK_CONTACT,
        department="cambridge",
    )
    for words in (
        "617-349-3300",
        "125 Sixth Street",
        "www.CambridgePolice.org",
        "instagram.com/CambridgePolice",
    ):
        assert words in text


async def test_motto_is_another_section(run: Run) -> None:
    text, _, slots = await run(
        rasa_actions.ActionAnswer,
        "what is CPD's motto",
        c.INTENT_ASK_SECTION,
        [entity("section", "motto")],
    )
    assert "We Are CPD" in text
    assert slots[c.SLOT_TOPIC] == "slogan"


async def test_unknown_value_lists_the_real_ones(run: Run) -> None:
    text, buttons, _ = await run(
        rasa_actions.ActionAnswer,
        "what does pride mean to Cambridge",
        c.INTENT_ASK_VALUE,
        [entity("value", "pride")],
    )
    assert "couldn't find that value" in text
    assert "Teamwork" in text and "Pride" not in text.split("They are:")[1]
    assert len(buttons) == 6


async def test_unknown_department(run: Run, store: Store) -> None:
    text, buttons, _ = await run(
        rasa_actions.ActionAnswer, "what is the LAPD mission", c.INTENT_ASK_MISSION
    )
    assert "I don't have a statement from LAPD" in text
    assert all(d.name in text for d in store)
    assert len(buttons) == len(store)


@pytest.mark.parametrize(
    "junk", ["../../etc/passwd", "x" * 5000, "{}", "drop table departments;--"]
)
async def test_injected_entities_never_reach_a_lookup_unchecked(
    run: Run, junk: str
) -> None:
    text, _, slots = await run(
        rasa_actions.ActionAnswer,
        f'/ask_mission{{"department": "{junk}"}}',
        c.INTENT_ASK_MISSION,
        [entity("department", junk)],
    )
    assert slots.get(c.SLOT_DEPARTMENT) in (
        None,
        "alhambra",
        "cambridge",
        "west_sacramento",
    )
    assert "Which department" in text or "I don't have a statement" in text


async def test_an_overview_when_only_a_department_is_named(run: Run) -> None:
    text, buttons, _ = await run(
        rasa_actions.ActionAnswer, "tell me about Cambridge", c.INTENT_INFORM_DEPARTMENT
    )
    # Its full name, its (short) mission in full, its values' names, a button
    # per part.
    assert text == (
        "**Cambridge Police Department**: The Cambridge Police Department is a "
        "dedicated and diverse group of professionals who are committed to working "
        "with the community to make the City of Cambridge a safe and desirable "
        "place to live.\nOur mission is to partner with the community to solve "
        "problems and improve public safety in a manner that is fair, impartial, "
        "transparent, and consistent.\nIts core values: Integrity, Professionalism, "
        "Fairness and Impartiality, Teamwork, Efficiency, Advocacy and Empathy.\n"
        "What would you like to know about it?"
    )
    assert [b["title"] for b in buttons] == [
        "We Are CPD",
        "Our Mission",
        "Our Vision",
        "Learn More",
        "Core values",
        "Contact details",
    ]


async def test_list_departments(run: Run, store: Store) -> None:
    text, buttons, _ = await run(
        rasa_actions.ActionListDepartments,
        "which departments do you know",
        c.INTENT_LIST_DEPARTMENTS,
    )
    assert "these 3 departments" in text
    assert (
        "**West Sacramento Police Department** (West Sacramento, West Sac, WSPD" in text
    )
    assert len(buttons) == 3


async def test_compare_missions(run: Run) -> None:
    text, buttons, slots = await run(
        rasa_actions.ActionCompare,
        "compare the missions of Alhambra and Cambridge",
        c.INTENT_COMPARE,
    )
    assert text.index("prevent crime") < text.index("partner with the community")
    assert "STRIVE" not in text
    assert buttons == []


async def test_compare_values_names_shared_ones(run: Run) -> None:
    text, _, _ = await run(
        rasa_actions.ActionCompare,
        "compare the values of alhambra and west sac",
        c.INTENT_COMPARE,
    )
    assert "- Trustworthiness" in text and "- Esprit De Corp" in text
    assert (
        "**Respect**: Alhambra Police Department: Respect; West Sacramento Police Department: Respect"
        in text
    )


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        (
            "which departments value respect?",
            ["Alhambra Police Department", "West Sacramento Police Department"],
            ["Cambridge"],
        ),
        (
            "which departments share a value?",
            ["**Respect**", "**Integrity**", "**Fairness**"],
            [],
        ),
        (
            "who else has integrity",
            ["Cambridge Police Department", "West Sacramento Police Department"],
            ["Alhambra"],
        ),
    ],
)
async def test_shared_values(
    run: Run, text: str, expected: list[str], absent: list[str]
) -> None:
    said, _, _ = await run(
        rasa_actions.ActionSharedValues, text, c.INTENT_SHARED_VALUES
    )
    assert all(e in said for e in expected), said
    assert not any(a in said for a in absent), said


async def test_fallback_completes_a_pending_question(run: Run) -> None:
    text, _, _ = await run(
        rasa_actions.ActionFallback,
        "cambridge pls",
        c.INTENT_NLU_FALLBACK,
        topic="vision",
    )
    assert "Cambridge can rely on a police department" in text


async def test_fallback_offers_choices(run: Run) -> None:
    text, _, _ = await run(
        rasa_actions.ActionFallback, "glorp zibble", c.INTENT_NLU_FALLBACK
    )
    assert text.startswith("Sorry, I'm not sure what you mean")


async def test_report_crime_gives_the_non_emergency_line(run: Run) -> None:
    text, _, _ = await run(
        rasa_actions.ActionReportCrime,
        "I want to report a theft in Cambridge",
        c.INTENT_REPORT_CRIME,
    )
    assert (
        "can't take crime reports" in text and "911" in text and "617-349-3300" in text
    )
    text, _, _ = await run(
        rasa_actions.ActionReportCrime,
        "I want to report a crime",
        c.INTENT_REPORT_CRIME,
        department="west_sacramento",
    )
    assert "617-349-3300" not in text and "911" in text


# A department that no training example mentions, added as one file.


async def test_unseen_department_is_answered_from_its_file(
    run: Run, use_store: Callable[..., Store], lakeview_store: Store
) -> None:
    use_store(lakeview_store)
    text, _, slots = await run(
        rasa_actions.ActionAnswer, "What is Lakeview's mission?", c.INTENT_ASK_MISSION
    )
    assert "Lakeview officers keep the lakeshore safe" in text
    text, _, _ = await run(
        rasa_actions.ActionAnswer, "what is LVPD's motto", c.INTENT_ASK_SECTION
    )
    assert "Steady as the lake." in text
    text, _, _ = await run(
        rasa_actions.ActionAnswer,
        "what does stewardship mean to them?",
        c.INTENT_ASK_VALUE,
        **slots,
    )
    assert "We look after the shoreline" in text
    text, _, _ = await run(
        rasa_actions.ActionAnswer, "how do I call them", c.INTENT_ASK_CONTACT, **slots
    )
    assert "555-0100" in text
    text, buttons, _ = await run(
        rasa_actions.ActionAnswer, "what is the vision?", c.INTENT_ASK_VISION
    )
    assert [b["title"] for b in buttons] == ["Lakeview Police Department"]


def test_every_action_name_is_in_the_domain(responses: dict[str, Any]) -> None:
    import yaml

    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    names = {
        a().name()
        for a in (
            rasa_actions.ActionAnswer,
            rasa_actions.ActionCompare,
            rasa_actions.ActionFallback,
            rasa_actions.ActionListDepartments,
            rasa_actions.ActionReportCrime,
            rasa_actions.ActionSharedValues,
        )
    }
    assert names <= set(domain["actions"])
    utters = {v for k, v in vars(c).items() if k.startswith("UTTER_")}
    assert utters <= set(responses)
    assert {v for k, v in vars(c).items() if k.startswith("SLOT_")} <= set(
        domain["slots"]
    )
    assert {v for k, v in vars(c).items() if k.startswith("ENTITY_")} <= set(
        domain["entities"]
    )
    intents = {
        v for k, v in vars(c).items() if k.startswith("INTENT_") and isinstance(v, str)
    }
    # nlu_fallback and restart are Rasa's own intents
    assert intents - {c.INTENT_NLU_FALLBACK, c.INTENT_RESTART} <= set(domain["intents"])


async def test_a_value_no_department_has_is_not_guessed(run: Run) -> None:
    text, buttons, _ = await run(
        rasa_actions.ActionAnswer, "zxqv blorp wug", c.INTENT_ASK_VALUE
    )
    assert text.startswith("Sorry, I'm not sure what you mean")
    text, buttons, _ = await run(
        rasa_actions.ActionAnswer, "what does courage mean?", c.INTENT_ASK_VALUE
    )
    assert text == "Which department do you mean?"


# The slot that remembers what Cambridge's mission answer quoted.
QUOTED = {c.SLOT_LAST_ANSWER: [{"department": "cambridge", "part": "mission"}]}


@pytest.mark.parametrize(
    ("held", "events"),
    [
        ({}, {c.SLOT_DEPARTMENT: "cambridge", c.SLOT_TOPIC: "mission", **QUOTED}),
        ({c.SLOT_DEPARTMENT: "cambridge"}, {c.SLOT_TOPIC: "mission", **QUOTED}),
        ({c.SLOT_DEPARTMENT: "cambridge", c.SLOT_TOPIC: "mission"}, QUOTED),
        ({c.SLOT_DEPARTMENT: "cambridge", c.SLOT_TOPIC: "mission", **QUOTED}, {}),
        (
            {c.SLOT_DEPARTMENT: "alhambra", c.SLOT_TOPIC: "mission", **QUOTED},
            {c.SLOT_DEPARTMENT: "cambridge"},
        ),
    ],
)
async def test_only_slots_that_change_get_an_event(
    run: Run, held: dict[str, str], events: dict[str, str]
) -> None:
    text, _, slots = await run(
        rasa_actions.ActionAnswer,
        "What is Cambridge's mission?",
        c.INTENT_ASK_MISSION,
        [entity(c.ENTITY_DEPARTMENT, "Cambridge")],
        **held,
    )
    assert "partner with the community to solve problems" in text
    assert slots == events


def test_a_wrong_section_entity_does_not_hide_the_section_asked(
    lakeview_store: Store,
) -> None:
    """The model may take the department's name for the section ("LVPD")."""
    turn = read_turn(
        intent=c.INTENT_ASK_SECTION,
        text="what is LVPD's motto?",
        entities=({"entity": "section", "value": "LVPD"},),
    )
    outcome = statements.answer(resolve(lakeview_store, turn))
    assert outcome.replies[0].variables["body"] == "Steady as the lake."


def test_earlier_departments_are_latest_first_since_the_last_restart() -> None:
    from actions.actions import earlier_departments

    def slot(value: object) -> dict[str, object]:
        return {"event": "slot", "name": "department", "value": value}

    events = [slot("west_sacramento"), {"event": "restart"}, slot("alhambra")]
    events += [slot("cambridge"), slot(None), slot(["junk"]), slot("alhambra")]
    assert earlier_departments(events) == ("alhambra", "cambridge")
