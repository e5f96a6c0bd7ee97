"""No silent failures: the action server down, failing or hanging (rasa_plugins.patches.action_guard)."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from aiohttp import web
from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from devtools.servers import free_port
from rasa_plugins import patches
from rasa_plugins.patches import action_guard
from statement_bot.names import ACTION_ANSWER, UTTER_SERVICE_UNAVAILABLE
from statement_bot.settings import defaults, from_environment
from tests.paths import ROOT


@pytest.fixture(autouse=True)
def guarded() -> Iterator[None]:
    """Rasa with the project's patches, restored to its own code afterwards."""
    with patches.installed(defaults()):
        yield


DOMAIN = Domain.load(str(ROOT / "domain.yml"))
UNAVAILABLE = DOMAIN.responses[UTTER_SERVICE_UNAVAILABLE][0]["text"]


async def run_remote(url: str) -> tuple[list[Any], float]:
    """Run action_answer against ``url``; return its events and the seconds taken."""
    action = RemoteAction(ACTION_ANSWER, EndpointConfig(url))
    tracker = DialogueStateTracker("u1", DOMAIN.slots)
    nlg = TemplatedNaturalLanguageGenerator(DOMAIN.responses)
    started = time.monotonic()
    events = await action.run(CollectingOutputChannel(), nlg, tracker, DOMAIN)
    return events, time.monotonic() - started


def texts(events: list[Any]) -> list[str]:
    return [e.text for e in events if isinstance(e, BotUttered)]


@pytest.fixture
async def fake_action_server() -> AsyncIterator[tuple[str, dict[str, Any]]]:
    """An HTTP server whose answer each test sets: (url, behaviour)."""
    behaviour: dict[str, Any] = {"status": 200, "body": {}, "delay": 0.0}
    release = asyncio.Event()

    async def webhook(request: web.Request) -> web.Response:
        if behaviour["delay"]:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(release.wait(), behaviour["delay"])
        if isinstance(behaviour["body"], str):
            return web.Response(status=behaviour["status"], text=behaviour["body"])
        return web.json_response(behaviour["body"], status=behaviour["status"])

    app = web.Application()
    app.router.add_post("/webhook", webhook)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield f"http://127.0.0.1:{port}/webhook", behaviour
    finally:
        release.set()
        await asyncio.sleep(0.05)
        await runner.cleanup()


async def test_a_down_server_gets_the_polite_reply_fast() -> None:
    events, seconds = await run_remote(f"http://127.0.0.1:{free_port()}/webhook")
    assert texts(events) == [UNAVAILABLE]
    assert seconds < 2


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (500, "Internal Server Error"),
        (502, "bad gateway"),
        (200, "not json"),
        (400, "not json"),
        (404, {"error": "no such action"}),
    ],
)
async def test_a_failing_server_gets_the_polite_reply(
    fake_action_server: tuple[str, dict[str, Any]], status: int, body: Any
) -> None:
    url, behaviour = fake_action_server
    behaviour.update(status=status, body=body)
    events, _ = await run_remote(url)
    assert texts(events) == [UNAVAILABLE]


async def test_a_hanging_server_is_cut_off(
    fake_action_server: tuple[str, dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, behaviour = fake_action_server
    behaviour.update(delay=30)
    monkeypatch.setattr(action_guard, "timeout_seconds", 1.0)
    events, seconds = await run_remote(url)
    assert texts(events) == [UNAVAILABLE]
    assert 0.9 < seconds < 5


async def test_a_working_server_is_unchanged(
    fake_action_server: tuple[str, dict[str, Any]]
) -> None:
    url, behaviour = fake_action_server
    behaviour.update(
        body={
            "events": [{"event": "slot", "name": "topic", "value": "mission"}],
            "responses": [{"text": "quoted store text"}],
        }
    )
    events, _ = await run_remote(url)
    assert texts(events) == ["quoted store text"]
    assert SlotSet("topic", "mission") in events


async def test_a_rejection_is_passed_on(
    fake_action_server: tuple[str, dict[str, Any]]
) -> None:
    url, behaviour = fake_action_server
    behaviour.update(status=400, body={"action_name": ACTION_ANSWER, "error": "no"})
    with pytest.raises(ActionExecutionRejection):
        await run_remote(url)


def test_install_is_idempotent() -> None:
    wrapped = RemoteAction.run
    patches.install()
    assert RemoteAction.run is wrapped


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("", 5.0), ("2", 2.0), ("0", 0.5), ("1000", 60.0), ("soon", 5.0), (" 7.5 ", 7.5)],
)
def test_action_timeout(raw: str, expected: float) -> None:
    assert from_environment({"ACTION_TIMEOUT": raw}).rasa.action_timeout == expected
    action_guard.configure(from_environment({"ACTION_TIMEOUT": raw}))
    assert action_guard.timeout_seconds == expected
