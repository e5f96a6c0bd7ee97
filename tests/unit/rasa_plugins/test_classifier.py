"""The fast profile's intent classifier (rasa_plugins/classifier.py), and the two
pipeline files kept alike where they must be (safety, text cap, policies)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import skops.io as sio
import yaml
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
    CountVectorsFeaturizer,
)
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer

from rasa_plugins.classifier import (
    TfidfLogisticRegressionClassifier,
    UntrustedModelError,
)
from statement_bot.names import (
    INTENT_ASK_MISSION,
    INTENT_ASK_VISION,
    INTENT_BOT_CHALLENGE,
    INTENT_GREET,
)
from tests.paths import ROOT

TRAINING = {
    INTENT_ASK_MISSION: [
        "what is the mission",
        "mission statement please",
        "tell me the mission of the department",
        "what's your mission",
    ],
    INTENT_ASK_VISION: [
        "what is the vision",
        "vision statement please",
        "tell me the vision of the department",
        "what's your vision",
    ],
    INTENT_GREET: ["hello", "hi there", "good morning", "hey"],
    INTENT_BOT_CHALLENGE: ["are you a bot", "am I talking to a robot", "are you human"],
}


class Pipe:
    """Tokenizer, word and character counts, and the classifier, in tmp_path."""

    def __init__(self, path: Path, **config: Any) -> None:
        self.storage = LocalModelStorage(path)
        self.context = ExecutionContext(GraphSchema({}), "test")
        self.resource = Resource("classifier")
        self.config = {**TfidfLogisticRegressionClassifier.get_default_config()}
        self.config.update(config)
        self.tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
        self.words = self._counts("words", {})
        self.chars = self._counts(
            "chars", {"analyzer": "char_wb", "min_ngram": 2, "max_ngram": 4}
        )

    def _counts(self, name: str, config: dict[str, Any]) -> CountVectorsFeaturizer:
        return CountVectorsFeaturizer.create(
            {**CountVectorsFeaturizer.get_default_config(), **config},
            self.storage,
            Resource(name),
            self.context,
        )

    def featurize(self, messages: list[Message]) -> list[Message]:
        self.tokenizer.process(messages)
        self.words.process(messages)
        self.chars.process(messages)
        return messages

    def train(self) -> TfidfLogisticRegressionClassifier:
        data = TrainingData(
            [
                Message.build(text=text, intent=intent)
                for intent, texts in TRAINING.items()
                for text in texts
            ]
        )
        self.tokenizer.process_training_data(data)
        for counts in (self.words, self.chars):
            counts.train(data)
            counts.process_training_data(data)
        classifier = TfidfLogisticRegressionClassifier.create(
            self.config, self.storage, self.resource, self.context
        )
        classifier.train(data)
        return classifier

    def load(self) -> TfidfLogisticRegressionClassifier:
        return TfidfLogisticRegressionClassifier.load(
            self.config, self.storage, self.resource, self.context
        )

    def classify(
        self, classifier: TfidfLogisticRegressionClassifier, text: str
    ) -> dict[str, Any]:
        (message,) = classifier.process(self.featurize([Message.build(text=text)]))
        return message.get("intent")


@pytest.fixture
def pipe(tmp_path: Path) -> Pipe:
    return Pipe(tmp_path)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("could you tell me your mission", INTENT_ASK_MISSION),
        ("the vision of the department?", INTENT_ASK_VISION),
        ("hi", INTENT_GREET),
        ("is this a robot", INTENT_BOT_CHALLENGE),
    ],
)
def test_stored_classifier_answers_like_the_trained_one(
    pipe: Pipe, text: str, intent: str
) -> None:
    trained = pipe.classify(pipe.train(), text)
    loaded = pipe.classify(pipe.load(), text)
    assert trained["name"] == loaded["name"] == intent
    assert loaded["confidence"] == pytest.approx(trained["confidence"])


def test_tfidf_weighting_and_settings_reach_the_regression(tmp_path: Path) -> None:
    classifier = Pipe(tmp_path, C=3.5, class_weight="balanced").train()
    assert isinstance(classifier.clf, Pipeline)
    tfidf, regression = (step for _, step in classifier.clf.steps)
    assert isinstance(tfidf, TfidfTransformer) and tfidf.sublinear_tf
    assert (regression.C, regression.class_weight) == (3.5, "balanced")


def test_a_stored_file_with_other_types_is_refused(pipe: Pipe) -> None:
    pipe.train()
    hostile = Pipeline([("run", FunctionTransformer(os.system))])
    with pipe.storage.write_to(pipe.resource) as folder:
        sio.dump(hostile, folder / f"{pipe.resource.name}.skops")
    with pytest.raises(UntrustedModelError, match="system"):
        pipe.load()


def pipeline_of(config: str) -> list[dict[str, Any]]:
    return yaml.safe_load((ROOT / config).read_text())["pipeline"]


@pytest.mark.parametrize("position", [0, -1, -2])
def test_both_profiles_cap_text_and_end_with_names_and_safety(position: int) -> None:
    assert (
        pipeline_of("config-fast.yml")[position] == pipeline_of("config.yml")[position]
    )


@pytest.mark.parametrize("key", ["recipe", "assistant_id", "language", "policies"])
def test_both_profiles_share_everything_but_the_nlu_pipeline(key: str) -> None:
    fast, default = (
        yaml.safe_load((ROOT / name).read_text())
        for name in ("config-fast.yml", "config.yml")
    )
    assert fast[key] == default[key]
