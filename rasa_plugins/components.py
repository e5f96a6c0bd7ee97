"""Custom NLU graph components (Rasa 3.6) for safety; listed in ``config.yml``.

- ``TextCap`` (first in the pipeline) cuts the text that reaches the NLU model to
  ``max_chars`` characters (default ``statement_bot.text.MAX_NLU_CHARS``), so a very
  long message costs no more NLU time than a normal one on Rasa's event loop.
- ``DepartmentNames`` (after ``FallbackClassifier``): a message that is nothing but
  a department's name from the statement store ("Lakeview", "Lakeview PD") is
  ``inform_department`` with that department, whatever the model guessed. A
  department added as a store file has no training examples, and the model
  read its bare name as small talk; the store is read once, when Rasa loads.
- ``UnknownWords`` (after ``FallbackClassifier``): a message none of whose words
  the bot knows (the training examples' words, kept with the model, and the
  store's, read when Rasa loads; typos count as known) is ``nlu_fallback``,
  whatever the model guessed: "zib zab zoobity" was answered as a contact
  question (``statement_bot.understand.vocabulary``).
- ``FollowUps`` (after ``DepartmentNames``): "the second one", "number 4", "does
  West Sac have that too?" get the intents ``choose_item`` and ``ask_also``
  (patterns of ``statement_bot.understand.references``), resolved by the action.
- ``SafetyGuard`` (last, after ``FallbackClassifier``) runs the pure detector of
  ``statement_bot.safety`` and, for an emergency, a crisis or a message not in English,
  sets the intent to ``emergency``, ``crisis`` or ``non_english`` with
  confidence 1.0, whatever the model predicted and however sure it was. The
  detector knows the store's department names (read once, when Rasa loads, as
  ``DepartmentNames`` reads them): "how does Lakeview prevent suicide?" is a
  statement question.

Importing this module changes nothing in Rasa: the patches of Rasa internals
are installed by the launcher (``python -m rasa_plugins``, see
``rasa_plugins.patches``).
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    EXTRACTOR,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from statement_bot.names import (
    ENTITY_DEPARTMENT,
    INTENT_ABOUT_LAST_ANSWER,
    INTENT_ASK_ALSO,
    INTENT_ASK_HUMAN,
    INTENT_CHOOSE_ITEM,
    INTENT_INFORM_DEPARTMENT,
    INTENT_NLU_FALLBACK,
    INTENT_PRACTICE_COMMAND,
    INTENT_RESTART,
)
from statement_bot.practice import questions as quiz
from statement_bot.safety import SafetyDetector
from statement_bot.settings import SettingsError, load_settings
from statement_bot.store import Department, StoreError, load_store
from statement_bot.text import MAX_NLU_CHARS, cap_text
from statement_bot.understand import references
from statement_bot.understand.departments import name_span, named_alone, names_index
from statement_bot.understand.topics import find_topic
from statement_bot.understand.vocabulary import Vocabulary, store_words, words

logger = logging.getLogger(__name__)


class _FromConfig(GraphComponent):
    """A component made from its config alone: nothing is trained or stored."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> _FromConfig:
        return cls(config)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False
)
class TextCap(_FromConfig):
    """Cut the text the NLU model sees to ``max_chars`` characters."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"max_chars": MAX_NLU_CHARS}

    def __init__(self, config: dict[str, Any]) -> None:
        super().__init__(config)
        self.max_chars = int(config.get("max_chars") or MAX_NLU_CHARS)

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


def override_intent(message: Message, name: str) -> None:
    """Set the message's intent to ``name`` (confidence 1.0), first in the ranking."""
    intent = {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: 1.0}
    ranking = [
        entry
        for entry in message.get(INTENT_RANKING_KEY) or []
        if entry.get(INTENT_NAME_KEY) != name
    ]
    message.set(INTENT, intent, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [dict(intent), *ranking], add_to_output=True)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class DepartmentNames(_FromConfig):
    """A message that is only a store department's name asks about that department."""

    def __init__(
        self, config: dict[str, Any], names: dict[str, Department] | None = None
    ) -> None:
        super().__init__(config)
        self.names = load_names() if names is None else names

    def process(self, messages: list[Message]) -> list[Message]:
        """Mark bare department names as ``inform_department`` with the department."""
        for message in messages:
            text = message.get(TEXT)
            department = named_alone(self.names, text)
            if department is None:
                continue
            override_intent(message, INTENT_INFORM_DEPARTMENT)
            entities = list(message.get(ENTITIES) or [])
            if any(e.get(ENTITY_ATTRIBUTE_TYPE) == ENTITY_DEPARTMENT for e in entities):
                continue  # the model marked the name (the action checks it)
            start, end = name_span(text, department) or (0, len(text))
            entities.append(
                {
                    ENTITY_ATTRIBUTE_TYPE: ENTITY_DEPARTMENT,
                    ENTITY_ATTRIBUTE_VALUE: text[start:end],
                    ENTITY_ATTRIBUTE_START: start,
                    ENTITY_ATTRIBUTE_END: end,
                    EXTRACTOR: type(self).__name__,
                }
            )
            message.set(ENTITIES, entities, add_to_output=True)
        return messages


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True
)
class UnknownWords(GraphComponent):
    """A message of words the bot does not know is ``nlu_fallback``."""

    FILE = "words.json"

    def __init__(
        self,
        model_storage: ModelStorage,
        resource: Resource,
        trained: frozenset[str] | None = None,
    ) -> None:
        self.model_storage = model_storage
        self.resource = resource
        # a model being trained checks no message: it reads no store
        self.vocabulary = (
            Vocabulary(trained | load_store_words()) if trained is not None else None
        )

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> UnknownWords:
        return cls(model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> UnknownWords:
        import json

        try:
            with model_storage.read_from(resource) as folder:
                known = json.loads((folder / cls.FILE).read_text(encoding="utf-8"))
        except (ValueError, OSError) as error:
            logger.warning("Unknown-words check without training words: %s", error)
            known = []
        return cls(model_storage, resource, frozenset(map(str, known)))

    def train(self, training_data: TrainingData) -> Resource:
        """Keep the words of the training examples with the model."""
        import json

        known: set[str] = set()
        for example in training_data.training_examples:
            text = example.get(TEXT)
            if isinstance(text, str):
                known.update(words(text))
        with self.model_storage.write_to(self.resource) as folder:
            (folder / self.FILE).write_text(json.dumps(sorted(known)), encoding="utf-8")
        return self.resource

    def process(self, messages: list[Message]) -> list[Message]:
        """Mark messages with no known word as ``nlu_fallback``."""
        for message in messages:
            text = message.get(TEXT)
            if self.vocabulary is None or not isinstance(text, str):
                continue
            if self.vocabulary.nothing_known(text):
                override_intent(message, INTENT_NLU_FALLBACK)
                logger.debug("No known word: the intent is nlu_fallback")
        return messages


def load_store_words() -> set[str]:
    """The store's words (``STORE_DIR``), or none if it cannot load."""
    try:
        return store_words(load_store(load_settings().core.store_dir))
    except (StoreError, SettingsError, OSError) as error:
        logger.warning("Store words not loaded: %s", error)
        return set()


def load_names() -> dict[str, Department]:
    """The store's department names (``STORE_DIR``), or none if it cannot load.

    The action server refuses to start on a broken store and says why; Rasa
    only loses this shortcut, with a warning.
    """
    try:
        folder = load_settings().core.store_dir
        return names_index(load_store(folder))
    except (StoreError, SettingsError, OSError) as error:
        logger.warning("Department names not loaded: %s", error)
        return {}


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class FollowUps(_FromConfig):
    """Short messages that point back at what was shown: "the second one" and
    "the other one" are ``choose_item``, "does West Sac have that too?" is
    ``ask_also``, "summarise that" and "word for word" ``about_last_answer``,
    "is there a human?" ``ask_human``, "start over" and "reset"
    are Rasa's ``restart``, the words
    that steer a practice round ("hint", "skip", "stop") ``practice_command``.

    The words are patterns in ``statement_bot.understand.references``, not training
    examples, so they work for every department and every list; the action
    resolves them against the conversation.
    """

    def process(self, messages: list[Message]) -> list[Message]:
        """Mark follow-ups with their intent (confidence 1.0)."""
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str):
                continue
            if references.asks_restart(text):
                override_intent(message, INTENT_RESTART)  # "start over", "reset"
            elif references.asks_person(text):
                override_intent(message, INTENT_ASK_HUMAN)  # "is there a human?"
            elif quiz.command(text) is not None:
                override_intent(message, INTENT_PRACTICE_COMMAND)  # "hint", "stop"
            elif references.positions(text):
                override_intent(message, INTENT_CHOOSE_ITEM)
            elif references.asks_also(text):
                override_intent(message, INTENT_ASK_ALSO)
            elif references.other(text) and find_topic(text) is None:
                override_intent(message, INTENT_CHOOSE_ITEM)  # "the other one"
            elif references.about_last_answer(text) and (
                find_topic(text) is None or references.refers_back(text)
            ):
                # "summarise that", "word for word": not "summarise the vision"
                override_intent(message, INTENT_ABOUT_LAST_ANSWER)
        return messages


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class SafetyGuard(_FromConfig):
    """Override the intent for emergencies, crises and other languages."""

    def __init__(
        self, config: dict[str, Any], names: dict[str, Department] | None = None
    ) -> None:
        super().__init__(config)
        # The store's department names: a statement question about one of them
        # ("how does Lakeview prevent suicide?") is no crisis.
        self.detector = SafetyDetector(load_names() if names is None else names)

    def process(self, messages: list[Message]) -> list[Message]:
        """Set the intent of every message the detector flags (confidence 1.0)."""
        for message in messages:
            alert = self.detector.detect(message.get(TEXT))
            if alert is None:
                continue
            override_intent(message, alert.value)
            logger.debug("Safety guard set the intent to %s", alert.value)
        return messages
