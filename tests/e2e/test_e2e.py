"""End to end: both servers running, chatting over Rasa's REST channel."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from devtools.servers import VENV_BIN, base_env
from statement_bot.store import Store, load_store
from tests.conftest import LAKEVIEW, Bot
from tests.e2e.conversation_script import failures, follow_up_script
from tests.paths import ROOT

pytestmark = pytest.mark.e2e


def sender() -> str:
    return f"e2e-{uuid.uuid4().hex[:12]}"


def test_mission(bot: Bot) -> None:
    reply = bot.rasa.texts(sender(), "What is Alhambra's mission?")
    assert "Alhambra Police Department" in reply
    assert "prevent crime, protect lives and property" in reply


def test_a_value_by_synonym_and_by_subject(bot: Bot) -> None:
    user = sender()
    assert "Fostering comradery" in bot.rasa.texts(
        user, "what does esprit de corps mean to west sac?"
    )
    reply = bot.rasa.texts(user, "which Cambridge value is about unconscious bias?")
    assert "Fairness and Impartiality" in reply and "unconscious biases" in reply


def test_department_and_topic_carry_over(bot: Bot) -> None:
    user = sender()
    assert "prevent crime" in bot.rasa.texts(user, "What is Alhambra's mission?")
    assert "ethical, sophisticated, progressive" in bot.rasa.texts(
        user, "and their vision?"
    )
    reply = bot.rasa.texts(user, "what about Cambridge?")
    assert "Cambridge can rely on a police department" in reply
    other = sender()
    bot.rasa.texts(other, "Tell me about West Sac's values")
    assert "Taking pride in our profession" in bot.rasa.texts(
        other, "what does pride mean to them?"
    )


def test_asks_which_department_and_completes_the_question(bot: Bot) -> None:
    user = sender()
    messages = bot.rasa.chat(user, "what is the mission?")
    assert messages[0]["text"] == "Which department do you mean?"
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert titles == [
        "Alhambra Police Department",
        "Cambridge Police Department",
        "West Sacramento Police Department",
    ]
    assert "partner with the community" in bot.rasa.texts(user, "Cambridge")
    again = sender()
    button = bot.rasa.chat(again, "what's the vision?")[0]["buttons"][0]
    assert "ethical, sophisticated" in bot.rasa.texts(again, button["payload"])


@pytest.mark.parametrize("text", ["zxqv blorp wug", "zib zab zoobity", "wut"])
def test_fallback_offers_choices_instead_of_guessing(bot: Bot, text: str) -> None:
    # "zib zab zoobity" went to the model's guess, a contact question, until the
    # UnknownWords step: none of its words is known
    messages = bot.rasa.chat(sender(), text)
    assert messages and messages[0]["text"]
    assert "Alhambra" not in messages[0]["text"]
    texts = " ".join(m["text"] for m in messages)
    assert "Sorry" in texts


def test_starting_over_is_never_silent(bot: Bot, responses: dict) -> None:
    user = sender()
    bot.rasa.texts(user, "What is Alhambra's mission?")
    said = bot.rasa.texts(user, "/restart")
    assert said == responses["utter_restart"][0]["text"]
    # the department is forgotten: the bot asks again
    assert "Which department" in bot.rasa.texts(user, "and the vision?")


def test_search_then_the_same_search_elsewhere(bot: Bot) -> None:
    user = sender()
    first = bot.rasa.texts(user, "does cambridge say anything about youth?")
    assert "From the Cambridge Police Department's" in first
    assert "role models for our youth" in bot.rasa.texts(user, "what about west sac?")


def test_small_talk(bot: Bot) -> None:
    assert "automated assistant" in bot.rasa.texts(sender(), "are you a bot?")
    assert "outside what I can help with" in bot.rasa.texts(
        sender(), "what's the weather like in Boston tomorrow?"
    )


def talk(bot: Bot, steps: list) -> list[str]:
    """Send each step's message in one conversation; the reply texts."""
    user = sender()
    return [bot.rasa.texts(user, step.user) for step in steps]


@pytest.mark.parametrize(
    ("home", "other", "section"),
    [
        ("cambridge", "west_sacramento", "a slogan"),
        ("west_sacramento", "alhambra", "goals"),
    ],
)
def test_follow_ups_over_rest(
    bot: Bot, store: Store, home: str, other: str, section: str
) -> None:
    steps = follow_up_script(store, home, other, section)
    assert failures(steps, talk(bot, steps)) == []


def test_a_department_added_as_a_file_is_answered_after_a_restart(
    bot: Bot, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    shutil.copytree(ROOT / "stores", store)
    (store / "lakeview.yml").write_text(LAKEVIEW)
    bot.restart_actions(store_dir=store)
    bot.restart_rasa(store_dir=store)
    try:
        user = sender()
        assert "Lakeview officers keep the lakeshore safe" in bot.rasa.texts(
            user, "What is Lakeview's mission?"
        )
        assert "We look after the shoreline" in bot.rasa.texts(
            user, "what does stewardship mean to them?"
        )
        assert "Steady as the lake." in bot.rasa.texts(user, "what is LVPD's motto?")
        # its bare name, which the model never saw (it read "Lakeview" as goodbye)
        for text in ("Lakeview", "lakeview pd", "Lakeview police"):
            said = bot.rasa.texts(sender(), text)
            # the overview: its name and the first sentence of its mission
            assert (
                "**Lakeview Police Department**: Lakeview officers keep" in said
            ), text
        # every follow-up works for it, with no training example naming it
        steps = follow_up_script(load_store(store), "lakeview", "cambridge", "a motto")
        assert failures(steps, talk(bot, steps)) == []
    finally:
        bot.restart_actions()
        bot.restart_rasa()
    assert "I don't have a statement from Lakeview" in bot.rasa.texts(
        sender(), "what is the Lakeview police department's mission?"
    )


def test_a_broken_store_stops_the_action_server_with_a_clear_message(
    tmp_path: Path,
) -> None:
    store = tmp_path / "store"
    shutil.copytree(ROOT / "stores", store)
    (store / "lakeview.yml").write_text(
        LAKEVIEW.replace("name: Lakeview", "nam: Lakeview")
    )
    result = subprocess.run(
        [str(VENV_BIN / "python"), "-m", "actions"],
        cwd=ROOT,
        env=base_env(STORE_DIR=str(store), ACTION_SERVER_PORT="1"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "lakeview.yml: field 'name': is required" in result.stderr
    assert "lakeview.yml: field 'nam': unknown field" in result.stderr
