"""Messages of unknown words: statement_bot.understand.vocabulary and the UnknownWords NLU
component (trained, stored with the model, loaded with the store's words)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from rasa_plugins.components import UnknownWords
from statement_bot.names import INTENT_NLU_FALLBACK
from statement_bot.store import Store
from statement_bot.understand.vocabulary import Vocabulary, store_words, words
from tests.conftest import LAKEVIEW


@pytest.fixture
def vocabulary(lakeview_store: Store) -> Vocabulary:
    return Vocabulary(
        {"what", "is", "the", "mission", "hello"} | store_words(lakeview_store)
    )


def test_only_words_of_three_letters_or_more_tell() -> None:
    assert words("Hi! It's LVPD's 2nd K9 unit, ok?") == ["lvpd", "unit"]


def test_the_store_s_words_and_names_are_known(lakeview_store: Store) -> None:
    known = store_words(lakeview_store)
    assert {"lakeview", "lvpd", "stewardship", "caretaking", "shoreline"} <= known
    assert {"candor", "steady", "lake", "reach", "emergency"} <= known


@pytest.mark.parametrize(
    ("text", "unknown"),
    [
        ("zib zab zoobity", True),
        ("wut", True),
        ("what is the missoin?", False),  # a typo of a known word
        ("stewardship?", False),  # a word of the store only
        ("hello zorp", False),  # one known word is enough
        ("ok", False),  # too short to tell
        ("12345", False),
        ("", False),
        ("??? !!!", False),
    ],
)
def test_a_message_with_no_known_word(
    vocabulary: Vocabulary, text: str, unknown: bool
) -> None:
    assert vocabulary.nothing_known(text) is unknown


def test_the_component_keeps_the_training_words_and_reads_the_store(
    tmp_path: Path,
    write_store: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("STORE_DIR", str(write_store(lakeview=LAKEVIEW)))
    storage = LocalModelStorage(tmp_path)
    resource = Resource("unknown_words")
    context = ExecutionContext(GraphSchema({}), "test")
    trained = UnknownWords.create({}, storage, resource, context)
    examples = [Message({TEXT: "quizzle me please", INTENT: "practice"})]
    trained.train(TrainingData(examples))

    loaded = UnknownWords.load({}, storage, resource, context)
    messages = [
        Message({TEXT: text, INTENT: {INTENT_NAME_KEY: "ask_contact"}})
        for text in ("zib zab zoobity", "quizzle", "lakeview", "LVPD stewardship")
    ]
    loaded.process(messages)
    intents = [m.get(INTENT)[INTENT_NAME_KEY] for m in messages]
    assert intents == [INTENT_NLU_FALLBACK, "ask_contact", "ask_contact", "ask_contact"]
