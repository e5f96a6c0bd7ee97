"""addons/perf.py: same validation of action-server answers, one pooled session.

No timings are asserted (``make bench`` measures them); these tests check that
the faster paths accept and reject exactly what Rasa's own code does, and that
HTTP connections to an endpoint are really reused.
"""

from __future__ import annotations

import copy
from typing import Any

import jsonschema
import pytest
from aiohttp import web
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

from addons import perf

GOOD = {
    "events": [{"event": "slot", "name": "department", "value": "cambridge"}],
    "responses": [{"response": "utter_section", "body": "text", "buttons": []}],
}
BAD_ANSWERS = [
    {"events": [{"event": "slot"}]},  # a slot event without a name
    {"events": "not a list"},
    {"responses": [42]},
    {"events": [{"event": "no_such_event"}]},
    [],
]


@pytest.fixture(scope="module", autouse=True)
def installed() -> None:
    perf.install()


def rasa_validate(answer: Any) -> jsonschema.ValidationError | None:
    """What jsonschema.validate (Rasa's way) says about ``answer``."""
    try:
        jsonschema.validate(answer, RemoteAction.action_response_format_spec())
    except jsonschema.ValidationError as error:
        return error
    return None


def test_install_is_idempotent_and_patches_both() -> None:
    perf.install()
    assert RemoteAction._validate_action_result is perf.validate_action_result
    assert EndpointConfig.session is perf.shared_session


@pytest.mark.parametrize("answer", [GOOD, {}, {"events": [], "responses": []}])
def test_valid_answers_pass(answer: dict[str, Any]) -> None:
    assert rasa_validate(answer) is None
    assert RemoteAction("action_answer", None)._validate_action_result(answer)


@pytest.mark.parametrize("answer", BAD_ANSWERS)
def test_invalid_answers_fail_like_rasa(answer: Any) -> None:
    expected = rasa_validate(copy.deepcopy(answer))
    assert expected is not None
    with pytest.raises(jsonschema.ValidationError) as raised:
        RemoteAction("action_answer", None)._validate_action_result(answer)
    assert raised.value.message.startswith(expected.message)
    assert "Failed to validate Action server response" in raised.value.message
    assert list(raised.value.absolute_path) == list(expected.absolute_path)


@pytest.fixture
async def echo_server() -> Any:
    """A local HTTP server that answers with the client's port (connection id)."""

    async def handle(request: web.Request) -> web.Response:
        peer = request.transport.get_extra_info("peername")  # type: ignore[union-attr]
        body = await request.json()
        return web.json_response({"peer_port": peer[1], "echo": body})

    app = web.Application()
    app.router.add_post("/webhook", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}/webhook"
    await runner.cleanup()


async def test_requests_reuse_one_connection(echo_server: str) -> None:
    endpoint = EndpointConfig(echo_server)
    answers = [await endpoint.request(json={"n": n}, method="post") for n in range(3)]
    assert [a["echo"] for a in answers] == [{"n": 0}, {"n": 1}, {"n": 2}]
    assert len({a["peer_port"] for a in answers}) == 1
    other_endpoint = EndpointConfig(echo_server)
    other = await other_endpoint.request(json={}, method="post")
    assert other["peer_port"] != answers[0]["peer_port"]
    session = endpoint.session()
    await session.close()  # someone closes it: the next call opens a new one
    again = await endpoint.request(json={"n": 3}, method="post")
    assert again["echo"] == {"n": 3}
    assert not endpoint.session().closed
    await endpoint.session().close()
    await other_endpoint.session().close()


async def test_async_with_leaves_the_session_open(echo_server: str) -> None:
    endpoint = EndpointConfig(echo_server, headers={"X-Test": "1"})
    async with endpoint.session() as session:
        first = session
    assert not first.closed
    assert first.headers["X-Test"] == "1"
    async with endpoint.session() as session:
        assert session is first
    await first.close()
