"""Make a turn answered by a custom action cost little more than a plain reply.

Profiling ``rasa run`` (py-spy, see the README "Benchmarks") showed where Rasa
3.6.21 spends the time of an action turn, outside the action server itself:

- ``RemoteAction._validate_action_result`` calls ``jsonschema.validate`` on every
  answer of the action server. ``validate`` first re-checks the *schema* against
  the JSON-schema meta-schema, then builds a validator, then checks the answer;
  with jsonschema 4.17 the meta-schema check alone takes about 40 ms per call.
  Checking the answer itself then tries all 23 event alternatives of the
  schema's ``oneOf`` for every event: 1.2-1.8 ms of an action turn.
- ``EndpointConfig.request`` opens a new ``aiohttp.ClientSession`` (and so a new
  TCP connection) for every call to the action server.

- Every turn reads the conversation back from the tracker store and turns each
  stored event into an object with ``Event.resolve_by_type``, which walks all
  subclasses of ``Event`` (``all_subclasses``) for every single event.

- Loading the model (``rasa run``, start-up): ``RasaModel.load`` runs
  ``model.fit`` on one example only to create the layers' weights before
  reading them from the model file. ``fit`` traces TensorFlow's whole training
  step (gradients, optimizer): about 30 s of a 45 s start on 2 cores.

``install()`` (called by ``addons.components`` when Rasa loads the model) fixes
these without changing what is checked or computed:

- every action-server answer is still validated against the same schema
  (``RemoteAction.action_response_format_spec()``) and a bad answer raises the
  same ``jsonschema.ValidationError`` with Rasa's message; the schema check
  and the validator construction happen once instead of on every call, and
  each event is checked against the one ``oneOf`` alternative its ``event``
  names instead of all 23 (``ResponseValidator``: exact for this schema, and
  anything it does not pass is judged by the full validator);
- each ``EndpointConfig`` keeps one session per event loop (same headers, auth
  and timeout as Rasa's), so connections to the action server are reused. Idle
  connections are dropped after ``KEEPALIVE_SECONDS``, before the action
  server's own keep-alive timeout (Sanic: 5 s) closes them, so a request never
  goes out on a connection the server is closing; a restarted action server is
  reached on a fresh connection;
- event type names are looked up in a table built from the same subclass walk
  (first class in that order wins, as in Rasa); a name missing from the table
  rebuilds it once (classes defined later) and then falls back to Rasa's own
  method (its "topic", default and error cases);
- a model loaded for prediction (not for fine-tuning) creates its weights with
  one eager pass of the same loss function ``fit`` would run, without
  gradients or optimizer, then reads every weight from the model file; the
  load fails if any weight of the model is missing from the file
  (``assert_existing_objects_matched``). Only the optimizer's saved state,
  which prediction never uses, is left unread. Fine-tuning keeps Rasa's path.
"""

from __future__ import annotations

import asyncio
import copy
import logging
from typing import Any

import aiohttp
import tensorflow as tf
from jsonschema import ValidationError
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses
from rasa.utils.endpoints import EndpointConfig
from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY
from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator
from rasa.utils.tensorflow.models import RasaModel

logger = logging.getLogger(__name__)

KEEPALIVE_SECONDS = 2.0
_MARK = "_statement_bot_perf"
_SESSION_ATTRIBUTE = "_statement_bot_sessions"
_validators: dict[type, ResponseValidator] = {}


class ResponseValidator:
    """Rasa's action-response schema, checked once, with a by-event-type fast path.

    The schema's event items are ``oneOf`` 23 alternatives, each fixing
    ``event`` to its own constant, so jsonschema tries every alternative for
    every event (``oneOf`` must find exactly one): most of the validation time.
    Because ``event`` is required and the constants are distinct, every other
    alternative fails on its constant, so an event matches exactly one
    alternative if and only if it matches the one its ``event`` names. The fast
    path checks the rest of the answer (``shell``: the schema without the
    ``oneOf``) and each event against its own alternative only. An answer it
    does not pass goes to the full validator, so every error is Rasa's own. If
    the schema is not shaped like that (another Rasa version), only the full
    validator is used.
    """

    def __init__(self, schema: dict[str, Any]) -> None:
        cls = validator_for(schema)
        cls.check_schema(schema)  # what jsonschema.validate does on every call
        self.full = cls(schema)
        self.shell: Any = None
        self.by_event: dict[str, Any] = {}
        try:
            items = schema["properties"]["events"]["items"]
            branches = items["oneOf"]
            names = [branch["properties"]["event"]["const"] for branch in branches]
        except (KeyError, TypeError):
            return
        if "event" not in items.get("required", ()) or len(set(names)) != len(names):
            return
        shell = copy.deepcopy(schema)
        shell["properties"]["events"]["items"] = {
            key: value for key, value in items.items() if key != "oneOf"
        }
        self.shell = cls(shell)
        self.by_event = {name: cls(b) for name, b in zip(names, branches, strict=True)}

    def passes_fast(self, answer: Any) -> bool:
        """True only for answers the full schema accepts (False: ask it)."""
        if self.shell is None or not self.shell.is_valid(answer):
            return False
        for event in answer.get("events", ()):
            branch = self.by_event.get(event["event"])
            if branch is None or not branch.is_valid(event):
                return False
        return True

    def best_error(self, answer: Any) -> ValidationError | None:
        """The error ``jsonschema.validate`` would raise, or None if valid."""
        if self.passes_fast(answer):
            return None
        return best_match(self.full.iter_errors(answer))


def response_validator(
    action_class: type[RemoteAction] = RemoteAction,
) -> ResponseValidator:
    """The validator of ``action_class``'s response schema, checked and built once."""
    validator = _validators.get(action_class)
    if validator is None:
        schema = action_class.action_response_format_spec()
        validator = _validators[action_class] = ResponseValidator(schema)
    return validator


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """``RemoteAction._validate_action_result`` with a validator built once.

    Same checks and errors as Rasa's: ``jsonschema.validate`` raises the
    ``best_match`` of the validator's errors; Rasa adds a pointer to its docs.
    """
    error = response_validator(type(self)).best_error(result)
    if error is None:
        return True
    assert isinstance(error, ValidationError)
    error.message += (
        ". Failed to validate Action server response from API, "
        "make sure your response from the Action endpoint is valid. "
        "For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions"
    )
    raise error


class SharedSession:
    """A long-lived ``ClientSession`` that ``async with`` does not close.

    Rasa writes ``async with endpoint.session() as session: ...``; entering
    gives the shared session and leaving keeps it open. Anything else (``post``,
    ``close``, ``closed``...) goes to the session itself.
    """

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self.session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self.session

    async def __aexit__(self, *exc_info: object) -> None:
        return None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.session, name)


def new_session(endpoint: EndpointConfig) -> aiohttp.ClientSession:
    """A session configured like Rasa's ``EndpointConfig.session``, pooled."""
    auth = None
    if endpoint.basic_auth:
        auth = aiohttp.BasicAuth(
            endpoint.basic_auth["username"], endpoint.basic_auth["password"]
        )
    return aiohttp.ClientSession(
        headers=endpoint.headers,
        auth=auth,
        timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
        connector=aiohttp.TCPConnector(keepalive_timeout=KEEPALIVE_SECONDS),
    )


def shared_session(self: EndpointConfig) -> SharedSession:
    """``EndpointConfig.session`` that reuses one session per event loop."""
    loop = asyncio.get_running_loop()
    sessions: dict[int, tuple[asyncio.AbstractEventLoop, aiohttp.ClientSession]]
    sessions = self.__dict__.setdefault(_SESSION_ATTRIBUTE, {})
    known = sessions.get(id(loop))
    if known is None or known[0] is not loop or known[1].closed:
        sessions[id(loop)] = (loop, new_session(self))
        # Forget sessions of loops that have been closed (tests, restarts).
        for key, (other, _) in list(sessions.items()):
            if other.is_closed():
                del sessions[key]
    return SharedSession(sessions[id(loop)][1])


_event_types: dict[str, type[Event]] = {}
_original_resolve_by_type = Event.resolve_by_type


def _event_type_table() -> dict[str, type[Event]]:
    table: dict[str, type[Event]] = {}
    for cls in all_subclasses(Event):
        table.setdefault(cls.type_name, cls)
    return table


def resolve_by_type(
    type_name: str, default: type[Event] | None = None
) -> type[Event] | None:
    """``Event.resolve_by_type`` with a table instead of a walk per event."""
    cls = _event_types.get(type_name)
    if cls is None:
        _event_types.clear()
        _event_types.update(_event_type_table())
        cls = _event_types.get(type_name)
    return cls if cls is not None else _original_resolve_by_type(type_name, default)


_original_model_load = RasaModel.load.__func__  # type: ignore[attr-defined]


def load_model(
    cls: type[RasaModel],
    model_file_name: str,
    model_data_example: Any,
    predict_data_example: Any = None,
    finetune_mode: bool = False,
    *args: Any,
    **kwargs: Any,
) -> RasaModel:
    """``RasaModel.load`` that builds the weights without tracing a training step."""
    if finetune_mode:
        return _original_model_load(
            cls,
            model_file_name,
            model_data_example,
            predict_data_example,
            finetune_mode,
            *args,
            **kwargs,
        )
    model = cls(*args, **kwargs)
    config = kwargs.get("config", {})
    model.compile(
        optimizer=tf.keras.optimizers.Adam(config.get(LEARNING_RATE, 0.001)),
        run_eagerly=config.get(RUN_EAGERLY),
    )
    batch = RasaBatchDataGenerator(model_data_example, batch_size=1)[0]
    model._training = True  # as in train_step: every layer the loss uses is built
    try:
        model.batch_loss(batch)
    finally:
        model._training = None
    status = model.load_weights(model_file_name)
    status.assert_existing_objects_matched()
    status.expect_partial()  # the optimizer's state: not used for prediction
    if predict_data_example:
        model.run_inference(predict_data_example)  # trace prediction now, as Rasa
    return model


def install() -> None:
    """Install both changes once (idempotent)."""
    if getattr(RemoteAction, _MARK, False):
        return
    response_validator()  # a broken schema fails at start, not on a user's turn
    RemoteAction._validate_action_result = validate_action_result  # type: ignore
    EndpointConfig.session = shared_session  # type: ignore[method-assign]
    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore
    RasaModel.load = classmethod(load_model)  # type: ignore[assignment]
    setattr(RemoteAction, _MARK, True)
    logger.debug("perf: validator built once, pooled sessions, event type table")
