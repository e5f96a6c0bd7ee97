"""rasa_plugins/patches/: same validation of action-server answers, pooled sessions,
event types from a table.

No timings are asserted (``make bench`` measures them); these tests check that
the faster paths accept and reject exactly what Rasa's own code does, and that
HTTP connections to an endpoint are really reused.
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
from aiohttp import web
from hypothesis import given, settings
from hypothesis import strategies as st
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActionReverted,
    ActiveLoop,
    AgentUttered,
    AllSlotsReset,
    BotUttered,
    ConversationPaused,
    ConversationResumed,
    DefinePrevUserUtteredFeaturization,
    EntitiesAdded,
    Event,
    FollowupAction,
    LegacyForm,
    LegacyFormValidation,
    LoopInterrupted,
    ReminderCancelled,
    ReminderScheduled,
    Restarted,
    SessionStarted,
    SlotSet,
    StoryExported,
    UserUtteranceReverted,
    UserUttered,
    deserialise_events,
)
from rasa.shared.utils.common import all_subclasses
from rasa.utils.endpoints import EndpointConfig

from rasa_plugins import patches
from rasa_plugins.patches import event_types, pooled_sessions
from rasa_plugins.patches import response_validation as validation

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
def installed() -> Iterator[None]:
    with patches.installed():
        yield


def rasa_validate(answer: Any) -> jsonschema.ValidationError | None:
    """What jsonschema.validate (Rasa's way) says about ``answer``."""
    try:
        jsonschema.validate(answer, RemoteAction.action_response_format_spec())
    except jsonschema.ValidationError as error:
        return error
    return None


def test_install_is_idempotent_and_patches_all() -> None:
    patches.install()
    assert RemoteAction._validate_action_result is validation.validate_action_result
    assert EndpointConfig.session is pooled_sessions.shared_session
    assert Event.resolve_by_type is event_types.resolve_by_type


@pytest.mark.parametrize(
    "cls", sorted(all_subclasses(Event), key=lambda c: (c.type_name, c.__name__))
)
def test_event_types_resolve_like_rasa(cls: type[Event]) -> None:
    expected = event_types.RESOLVE.original()(cls.type_name)
    assert Event.resolve_by_type(cls.type_name) is expected


def test_unknown_event_types_keep_rasa_behaviour() -> None:
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("nope", default=SlotSet) is SlotSet
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("nope")


def test_stored_events_read_back_the_same() -> None:
    events = [
        SlotSet("department", "cambridge"),
        UserUttered("hi", {"name": "greet", "confidence": 1.0}),
        ActionExecuted("action_listen"),
    ]
    dumped = [event.as_dict() for event in events]
    assert deserialise_events(dumped) == events


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


# One event of every kind an action may return, as the action server sends them.
REAL_EVENTS = [
    UserUttered("hi", {"name": "greet", "confidence": 1.0}, [], message_id="m1"),
    BotUttered("Hello", {"buttons": []}, {"utter_action": "utter_greet"}),
    SlotSet("department", "cambridge"),
    SlotSet("topic", None),
    ActionExecuted("action_answer", policy="RulePolicy", confidence=1.0),
    SessionStarted(),
    Restarted(),
    AllSlotsReset(),
    FollowupAction("action_listen"),
    ActiveLoop("a_form"),
    ActiveLoop(None),
    LoopInterrupted(True),
    LegacyForm("a_form"),
    LegacyFormValidation(False),
    ActionExecutionRejected("action_answer"),
    ReminderScheduled("EXTERNAL_x", datetime.datetime(2026, 1, 1), name="r"),
    ReminderCancelled(name="r"),
    ConversationPaused(),
    ConversationResumed(),
    StoryExported("story.yml"),
    UserUtteranceReverted(),
    ActionReverted(),
    AgentUttered("hi"),
    EntitiesAdded([{"entity": "department", "value": "cambridge"}]),
    DefinePrevUserUtteredFeaturization(False),
]
EVENT_NAMES = sorted({event.type_name for event in REAL_EVENTS})


def fast_and_full(answer: Any) -> tuple[jsonschema.ValidationError | None, bool]:
    """Rasa's verdict (its error or None) and whether the fast path passed."""
    return rasa_validate(
        copy.deepcopy(answer)
    ), validation.response_validator().passes_fast(answer)


def test_every_kind_of_event_passes_the_fast_path() -> None:
    answer = {"events": [event.as_dict() for event in REAL_EVENTS], "responses": []}
    assert fast_and_full(answer) == (None, True)


def test_the_fast_path_covers_every_event_of_the_schema() -> None:
    assert sorted(validation.response_validator().by_event) == EVENT_NAMES


JSON_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text()
)
JSON = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
FIELDS = (
    "event", "name", "value", "text", "timestamp", "metadata", "entities",
    "parse_data", "policy", "confidence", "data", "intent", "kwargs",
)  # fmt: skip
RANDOM_EVENTS = st.fixed_dictionaries(
    {"event": st.sampled_from([*EVENT_NAMES, "no_such_event"]) | JSON_SCALARS},
    optional={key: JSON for key in FIELDS[1:]},
)
# Real events, as they are or with one field changed to any JSON value.
NEAR_REAL_EVENTS = st.builds(
    lambda event, change: {**event, **change},
    st.sampled_from([event.as_dict() for event in REAL_EVENTS]),
    st.just({})
    | st.dictionaries(st.sampled_from(FIELDS), JSON, min_size=1, max_size=1),
)
EVENTS = NEAR_REAL_EVENTS | RANDOM_EVENTS
ANSWERS = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "events": st.lists(EVENTS, max_size=4)
            | st.lists(NEAR_REAL_EVENTS, min_size=1, max_size=4)
            | JSON,
            "responses": st.lists(JSON | st.dictionaries(st.text(), JSON), max_size=3),
        },
    ),
    JSON,
)


@settings(derandomize=True, max_examples=400, deadline=None)
@given(ANSWERS)
def test_the_fast_path_passes_only_what_rasa_accepts(answer: Any) -> None:
    expected, fast = fast_and_full(answer)
    if fast:
        assert expected is None
    error = validation.response_validator().best_error(answer)
    assert (error is None) == (expected is None)
    if error is not None:
        assert (error.message, list(error.absolute_path)) == (
            expected.message,
            list(expected.absolute_path),
        )


def test_a_schema_of_another_shape_is_checked_in_full() -> None:
    schema = copy.deepcopy(RemoteAction.action_response_format_spec())
    branches = schema["properties"]["events"]["items"]["oneOf"]
    branches[1]["properties"]["event"]["const"] = branches[0]["properties"]["event"][
        "const"
    ]  # two alternatives for one event name: the shortcut would not be exact
    validator = validation.ResponseValidator(schema)
    assert validator.shell is None and not validator.passes_fast(GOOD)
    assert validator.best_error(GOOD) is None
    assert validator.best_error({"events": [{"event": "slot"}]}) is not None


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
