"""Understanding figures on the held-out set, and the scikit-learn baseline.

- ``load_examples``: Rasa NLU YAML (``tests/nlu/*.yml``, ``data/nlu/*.yml``) read
  with Rasa's own reader: text, intent and entity spans.
- ``score``: intent accuracy and macro-F1 (over the intents of the test set; a
  fallback counts as wrong), entity F1 (exact span and type, micro-averaged),
  out-of-scope recall and false-fallback rate.
- ``baseline``: TF-IDF (word 1-2-grams + character 2-5-grams) and logistic
  regression, trained on the same training data; it falls back like the bot
  (predicted ``out_of_scope``, or top probability below the bot's
  FallbackClassifier threshold).
- ``expected_answer``: the store text a correct reply must contain, for
  statement questions that name a department (end-to-end answer accuracy).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sklearn.metrics import accuracy_score, f1_score

from statement_bot.names import (
    INTENT_ASK_CONTACT,
    INTENT_ASK_GOALS,
    INTENT_ASK_MISSION,
    INTENT_ASK_SECTION,
    INTENT_ASK_VALUE,
    INTENT_ASK_VALUES,
    INTENT_ASK_VISION,
    INTENT_NLU_FALLBACK,
    INTENT_OUT_OF_SCOPE,
    INTENT_TOPICS,
)
from statement_bot.store import Store
from statement_bot.understand.departments import resolve_department
from statement_bot.understand.topics import find_section, select_contact
from statement_bot.understand.values import value_asked

FALLBACKS = frozenset({INTENT_OUT_OF_SCOPE, INTENT_NLU_FALLBACK})
# Questions answered by one section of the statement (topic = section key).
SECTION_INTENTS = {
    intent: INTENT_TOPICS[intent]
    for intent in (INTENT_ASK_MISSION, INTENT_ASK_VISION, INTENT_ASK_GOALS)
}


@dataclass(frozen=True)
class Example:
    """One annotated message."""

    text: str
    intent: str
    entities: tuple[tuple[int, int, str, str], ...]  # start, end, type, value

    def entity(self, name: str) -> str | None:
        return next((e[3] for e in self.entities if e[2] == name), None)


def load_examples(paths: Iterable[Path]) -> list[Example]:
    """The annotated examples of Rasa NLU YAML files (Rasa's reader)."""
    from rasa.shared.nlu.training_data.loading import load_data

    examples: list[Example] = []
    for path in sorted(paths):
        for message in load_data(str(path)).intent_examples:
            entities = tuple(
                (e["start"], e["end"], e["entity"], str(e.get("value", "")))
                for e in message.get("entities") or []
            )
            examples.append(
                Example(message.get("text"), message.get("intent"), entities)
            )
    return examples


def score(
    examples: list[Example],
    intents: list[str],
    entities: list[set[tuple[int, int, str]]] | None = None,
) -> dict[str, Any]:
    """Intent, entity and scope figures of predictions against ``examples``."""
    truth = [e.intent for e in examples]
    labels = sorted(set(truth))
    result: dict[str, Any] = {
        "examples": len(examples),
        "intent_accuracy": accuracy_score(truth, intents),
        "intent_macro_f1": f1_score(
            truth, intents, labels=labels, average="macro", zero_division=0
        ),
    }
    if entities is not None:
        expected = [{(s, e, t) for s, e, t, _ in ex.entities} for ex in examples]
        hits = sum(
            len(want & got) for want, got in zip(expected, entities, strict=True)
        )
        wanted = sum(len(want) for want in expected)
        given = sum(len(got) for got in entities)
        precision = hits / given if given else 0.0
        recall = hits / wanted if wanted else 0.0
        both = precision + recall
        result["entity_f1"] = 2 * precision * recall / both if both else 0.0
    scope = [
        (e.intent == INTENT_OUT_OF_SCOPE, p in FALLBACKS)
        for e, p in zip(examples, intents, strict=True)
    ]
    outside = [fell for oos, fell in scope if oos]
    inside = [fell for oos, fell in scope if not oos]
    result["oos_examples"] = len(outside)
    result["oos_recall"] = sum(outside) / len(outside) if outside else None
    result["false_fallback_rate"] = sum(inside) / len(inside) if inside else None
    return result


def baseline(
    train: list[Example], test: list[Example], threshold: float
) -> tuple[list[str], float]:
    """Predicted intents of the TF-IDF + logistic regression baseline, train secs."""
    import time

    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    model = make_pipeline(
        make_union(
            TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
        ),
        LogisticRegression(C=20, max_iter=3000),
    )
    started = time.perf_counter()
    model.fit([e.text for e in train], [e.intent for e in train])
    seconds = time.perf_counter() - started
    probabilities = model.predict_proba([e.text for e in test])
    classes = list(model.classes_)
    predicted = []
    for row in probabilities:
        best = int(row.argmax())
        predicted.append(classes[best] if row[best] >= threshold else "nlu_fallback")
    return predicted, seconds


def _first_text(paragraphs: tuple[str, ...], items: tuple[str, ...]) -> str | None:
    return (paragraphs or items or (None,))[0]


def expected_answer(store: Store, example: Example) -> str | None:
    """Store text the reply to ``example`` (a fresh conversation) must contain.

    None when the example is not a statement question naming a known department
    (those depend on context or ask back), or the department lacks the topic.
    """
    department = resolve_department(store, example.entity("department"))
    if department is None:
        return None
    intent = example.intent
    if intent in SECTION_INTENTS or intent == INTENT_ASK_SECTION:
        if intent == INTENT_ASK_SECTION:
            section = find_section(department, example.text, example.entity("section"))
        else:
            section = department.sections.get(SECTION_INTENTS[intent])
        return _first_text(section.paragraphs, section.items) if section else None
    if intent == INTENT_ASK_VALUES:
        return department.values[0].name if department.values else None
    if intent == INTENT_ASK_VALUE:
        value = value_asked(department, example.entity("value"), example.text)
        return value.description if value else None
    if intent == INTENT_ASK_CONTACT:
        entries = select_contact(department, example.text)
        return entries[0].lines[0] if entries else None
    return None
