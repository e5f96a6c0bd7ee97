"""Custom NLU graph components (Rasa 3.6) for safety; listed in ``config.yml``.

- ``TextCap`` (first in the pipeline) cuts the text that reaches the NLU model to
  ``max_chars`` characters (default ``addons.safety.MAX_NLU_CHARS``), so a very
  long message costs no more NLU time than a normal one on Rasa's event loop.
- ``SafetyGuard`` (last, after ``FallbackClassifier``) runs the pure detector of
  ``addons.safety`` and, for an emergency, a crisis or a message not in English,
  sets the intent to ``emergency``, ``crisis`` or ``non_english`` with
  confidence 1.0, whatever the model predicted and however sure it was.

Importing this module (Rasa does when it loads the model) also installs the
action-server guard of ``addons.resilience``, the log redaction of
``addons.logs`` and the speed-ups of ``addons.perf`` (model load, action calls).
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from addons import logs, perf, resilience
from addons.safety import MAX_NLU_CHARS, cap_text, detect

logger = logging.getLogger(__name__)

resilience.install()
logs.install()
perf.install()


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False
)
class TextCap(GraphComponent):
    """Cut the text the NLU model sees to ``max_chars`` characters."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"max_chars": MAX_NLU_CHARS}

    def __init__(self, config: dict[str, Any]) -> None:
        self.max_chars = int(config.get("max_chars") or MAX_NLU_CHARS)

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> TextCap:
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Training examples are capped like messages (they are short anyway)."""
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Cap every message's text in place."""
        for message in messages:
            text = message.get(TEXT)
            if isinstance(text, str) and len(text) > self.max_chars:
                message.set(TEXT, cap_text(text, self.max_chars))
                logger.debug("Capped a message of %d characters", len(text))
        return messages


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class SafetyGuard(GraphComponent):
    """Override the intent for emergencies, crises and other languages."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SafetyGuard:
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        """Set the intent of every message the detector flags (confidence 1.0)."""
        for message in messages:
            alert = detect(message.get(TEXT))
            if alert is None:
                continue
            intent = {INTENT_NAME_KEY: alert.value, PREDICTED_CONFIDENCE_KEY: 1.0}
            ranking = [
                entry
                for entry in message.get(INTENT_RANKING_KEY) or []
                if entry.get(INTENT_NAME_KEY) != alert.value
            ]
            message.set(INTENT, intent, add_to_output=True)
            message.set(
                INTENT_RANKING_KEY, [dict(intent), *ranking], add_to_output=True
            )
            logger.debug("Safety guard set the intent to %s", alert.value)
        return messages
