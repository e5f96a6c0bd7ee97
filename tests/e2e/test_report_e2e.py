"""The staff report from conversations held over REST (the tests' SQLite
tracker store), opened in headless Chromium; the hand-off after two misses and
on request; feedback sent as the widget sends it."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import only_conversation
from tests.paths import ROOT

pytestmark = pytest.mark.e2e

EMERGENCY_MARK = "zorblax"


def texts(replies: list[dict[str, Any]]) -> str:
    return "\n".join(r.get("text") or "" for r in replies).replace("**", "")


def test_a_person_after_two_misses_and_on_request(bot: Any) -> None:
    me = f"handoff-{uuid.uuid4().hex[:8]}"
    # two questions in a row it cannot answer (outside every statement)
    assert "automated assistant, not a person" not in texts(
        bot.rasa.chat(me, "what's the capital of mongolia?")
    )
    said = texts(bot.rasa.chat(me, "can you recommend a good pizza place nearby?"))
    assert "automated assistant, not a person" in said and "911" in said
    # on request, with the department in the conversation: its own contacts
    texts(bot.rasa.chat(me, "what is cambridge's mission?"))
    said = texts(
        bot.rasa.chat(me, "ok this is going nowhere, is there a human i could ask?")
    )
    assert "617-349-3300" in said and "call 911" in said
    # a department whose statement has no contact details
    said = texts(
        bot.rasa.chat(
            me, "who at the alhambra police could actually answer me? a staff member?"
        )
    )
    assert "Alhambra Police Department's statement gives no contact details" in said


def test_an_answer_carries_the_rating_marker_and_a_rating_is_acknowledged(
    bot: Any,
) -> None:
    me = f"rate-{uuid.uuid4().hex[:8]}"
    replies = bot.rasa.chat(me, "what is the vision of west sac?")
    assert replies[-1].get("feedback") == {
        "department": "west_sacramento",
        "rated_topic": "vision",
    }
    assert all(r.get("text") for r in replies)  # the marker is no reply of its own
    safety = bot.rasa.chat(me, "someone is breaking into my car right now")
    assert not any("feedback" in r for r in safety)
    said = bot.rasa.chat(
        me,
        '/feedback{"rating":"down","department":"west_sacramento","rated_topic":"vision"}',
    )
    assert "What was wrong with it?" in texts(said)
    reasons = [b["title"] for b in said[0]["buttons"]]
    assert reasons == ["Wrong department", "Not what I asked", "Hard to read"]
    noted = bot.rasa.chat(me, said[0]["buttons"][2]["payload"])
    assert "Thanks, noted" in texts(noted)


def test_the_report_from_real_conversations(
    bot: Any, browser: Any, staff_report: Any, tmp_path: Path
) -> None:
    me = f"report-{uuid.uuid4().hex[:8]}"
    bot.rasa.chat(me, "what are cambridge's core values?")
    bot.rasa.chat(
        me, '/feedback{"rating":"up","department":"cambridge","rated_topic":"values"}'
    )
    bot.rasa.chat(
        me,
        "does cambridge's vision mention drones? I live at 4417 Elm Street, "
        "call me at 555-867-5309",
    )
    bot.rasa.chat(me, f"there is a fire in my kitchen right now {EMERGENCY_MARK}")
    bot.rasa.chat(me, "what are the values of the lakeview police?")
    # this conversation only: the session's other tests miss questions too
    db = only_conversation(bot.conversations_db, me, tmp_path / "mine.db")
    draft = tmp_path / "draft.yml"
    page = staff_report(db, "--export-nlu", str(draft))
    out = tmp_path / "report.html"  # where staff_report wrote it
    assert "#### Elm Street" in page and "[phone]" in page
    assert "4417" not in page and "867-5309" not in page
    assert EMERGENCY_MARK not in page and EMERGENCY_MARK not in draft.read_text()
    assert me not in page
    assert draft.read_text().startswith("# DRAFT")

    context = browser.new_context()
    try:
        page_ = context.new_page()
        requests: list[str] = []
        page_.on("request", lambda request: requests.append(request.url))
        page_.goto(out.as_uri())
        for heading in (
            "Conversations and messages per day",
            "Messages per channel",
            "How questions were answered",
            "Questions per topic",
            "Questions per department",
            "Response time",
            "Safety answers",
            "Feedback on answers",
            "Missed questions",
        ):
            assert page_.get_by_role("heading", name=heading).is_visible(), heading
        assert page_.locator("svg").count() >= 3
        body = page_.locator("body").inner_text()
        assert "emergency" in body and EMERGENCY_MARK not in body
        (ROOT / "results").mkdir(exist_ok=True)
        page_.screenshot(path=str(ROOT / "results" / "report.png"), full_page=True)
    finally:
        context.close()
    assert requests == [out.as_uri()]  # nothing fetched: self-contained
