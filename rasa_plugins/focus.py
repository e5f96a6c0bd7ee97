"""NLU components that let the model read a long message's question only.

``FocusOnQuestion`` (before the tokenizer) gives the model the sentence that
asks (``statement_bot.clauses.focus``): background and pleasantries ("I moved
to West Sacramento last year ... what are their core values? thanks!") no
longer decide the intent. ``RestoreText`` (right after the classifiers) puts
the whole text back, moving the entities found in the question to where they
are in it, so every later step (department names, follow-ups, safety) and the
actions read everything that was written. Training examples are not changed.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from rasa_plugins.components import _FromConfig
from statement_bot.understand.clauses import focus

# Where FocusOnQuestion keeps the whole text for RestoreText (not output).
WHOLE_TEXT = "statement_bot_whole_text"
FOCUS_START = "statement_bot_focus_start"


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False
)
class FocusOnQuestion(_FromConfig):
    """Let the model read only the sentence of a long message that asks."""

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Training examples are read whole (their entities are marked in them)."""
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str):
                continue
            question, start = focus(text)
            if question != text:
                message.set(WHOLE_TEXT, text)
                message.set(FOCUS_START, start)
                message.set(TEXT, question)
        return messages


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class RestoreText(_FromConfig):
    """Put the whole text back after the model has read the question."""

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            whole = message.get(WHOLE_TEXT)
            if not isinstance(whole, str):
                continue
            start = int(message.get(FOCUS_START) or 0)
            message.set(TEXT, whole)
            entities: list[dict[str, Any]] = []
            for entity in message.get(ENTITIES) or []:
                moved = dict(entity)
                for key in (ENTITY_ATTRIBUTE_START, ENTITY_ATTRIBUTE_END):
                    if isinstance(moved.get(key), int):
                        moved[key] += start
                entities.append(moved)
            message.set(ENTITIES, entities, add_to_output=True)
        return messages
