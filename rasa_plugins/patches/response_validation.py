"""Replaces ``RemoteAction._validate_action_result``: the same check, built once.

Why: Rasa 3.6.21 calls ``jsonschema.validate`` on every answer of the action
server. ``validate`` first re-checks the *schema* against the JSON-schema
meta-schema (about 40 ms per call with jsonschema 4.17), then builds a
validator, then tries all 23 event alternatives of the schema's ``oneOf`` for
every event. Measured in-process: 1.2-1.8 ms of validation per action turn
before, about 0.25 ms after (``make bench`` has the whole-turn figures).

What stays the same: every answer is validated against the same schema
(``RemoteAction.action_response_format_spec()``) and a bad one raises the same
``jsonschema.ValidationError`` with Rasa's message
(tests/unit/rasa_plugins/test_perf.py checks this against ``jsonschema.validate``
with generated answers).

To remove it: delete this module, its entry in ``patches()`` and the
``response_validator()`` call in ``install()`` (``rasa_plugins/patches/__init__.py``).
"""

from __future__ import annotations

import copy
from typing import Any

from jsonschema import ValidationError
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

from rasa_plugins.patches.base import Replacement

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


VALIDATE = Replacement(
    RemoteAction, "_validate_action_result", validate_action_result, ("self", "result")
)
