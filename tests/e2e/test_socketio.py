"""The Socket.IO channel (rasa_plugins/socketio.py): real conversations with
python-socketio's client against the running servers."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.e2e.webchat import REPLY_TIMEOUT, Widget, run


@pytest.mark.e2e
def test_a_conversation_over_socketio(bot: Any) -> None:
    async def talk() -> None:
        widget = Widget(bot.rasa.url)
        session = await widget.open()  # the server issues the id
        said = await widget.say(
            session, "what is your mission?", department="cambridge"
        )
        assert "Cambridge Police Department" in said  # the page's department
        assert "call 911" in await widget.say(
            session, "someone is breaking into my house right now"
        )
        assert "988" in await widget.say(
            session, "i'm in a really dark place and i can't go on"
        )
        await widget.close()
        # the same session id on a new connection (a reload) goes on
        again = Widget(bot.rasa.url)
        assert await again.open(session) == session
        said = await again.say(session, "and their vision?")
        assert "Cambridge Police Department" in said and "vision" in said.lower()
        await again.close()

    run(talk())


@pytest.mark.e2e
def test_bad_events_get_an_error_and_others_are_still_answered(bot: Any) -> None:
    async def talk() -> None:
        bad, good = Widget(bot.rasa.url), Widget(bot.rasa.url)
        await bad.open()
        session = await good.open()
        await bad.client.emit("user_uttered", {"message": "hi"})  # no session_id
        assert (
            "session_id"
            in (await asyncio.wait_for(bad.errors.get(), REPLY_TIMEOUT))["error"]
        )
        await bad.client.emit("user_uttered", {"message": ["hi"], "session_id": "abc"})
        assert (
            "text" in (await asyncio.wait_for(bad.errors.get(), REPLY_TIMEOUT))["error"]
        )
        await bad.client.emit(
            "user_uttered", {"message": "x" * 300_000, "session_id": "abc"}
        )
        assert (
            "at most"
            in (await asyncio.wait_for(bad.errors.get(), REPLY_TIMEOUT))["error"]
        )
        assert "prevent crime" in await good.say(session, "What is Alhambra's mission?")
        await bad.close()
        await good.close()

    run(talk())


@pytest.mark.e2e
def test_a_page_not_in_cors_origins_cannot_connect(channels_bot: Any) -> None:
    import socketio

    async def talk() -> None:
        with pytest.raises(socketio.exceptions.ConnectionError):
            await Widget(channels_bot.rasa.url).open(origin="http://evil.example")
        allowed = Widget(channels_bot.rasa.url)
        session = await allowed.open(origin=channels_bot.web_url)
        assert "Alhambra" in await allowed.say(session, "What is Alhambra's mission?")
        await allowed.close()

    run(talk())


@pytest.mark.e2e
def test_the_polling_transport_has_one_cors_header(channels_bot: Any) -> None:
    """Rasa's --cors and python-socketio both adding the header gives two, which
    browsers refuse (rasa-webchat then never connects)."""
    import urllib.request

    request = urllib.request.Request(
        f"{channels_bot.rasa.url}/socket.io/?EIO=4&transport=polling",
        headers={"Origin": channels_bot.web_url},
    )
    with urllib.request.urlopen(request, timeout=10) as reply:
        granted = reply.headers.get_all("Access-Control-Allow-Origin")
    assert granted == [channels_bot.web_url]
