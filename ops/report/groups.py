"""Messages grouped by similar wording: the missed questions (a miss as the
hand-off counts it, ``statement_bot.dialogue.misses``) and, apart from them,
the answers given with low confidence; and a draft NLU file of them.

Wording is compared with TF-IDF over character n-grams; groups come from
agglomerative clustering (average linkage) of the cosine distances, computed
from the sparse vectors (never a dense vector per message). Texts arrive cut to
``records.MAX_TEXT_CHARS``; only the examples shown are masked.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ops.report.records import TurnRecord, mask

EXAMPLES = 4  # shown per group
DISTANCE = 0.8  # cosine distance below which wordings may share a group


@dataclass(frozen=True)
class Group:
    """Messages of similar wording."""

    count: int
    examples: tuple[str, ...]
    guessed: str  # the intent the model gave most often
    nearest: str  # the nearest store passage, if any ("" for none)


def _labels(texts: Sequence[str], threshold: float) -> list[int]:
    """A group number per text."""
    if len(texts) < 2:
        return [0] * len(texts)
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectors = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=True)
    matrix = vectors.fit_transform(texts)  # rows of unit length
    distances = 1.0 - (matrix @ matrix.T).toarray()
    distances[distances < 0] = 0.0  # rounding
    clustering = AgglomerativeClustering(
        n_clusters=None,
        distance_threshold=threshold,
        affinity="precomputed",
        linkage="average",
    )
    return [int(label) for label in clustering.fit_predict(distances)]


def _examples(members: Sequence[TurnRecord], show_text: bool) -> tuple[str, ...]:
    """The first few different texts of a group, masked unless ``show_text``;
    only the texts shown are masked."""
    shown: dict[str, None] = {}
    for text in dict.fromkeys(t.text or "" for t in members):
        shown[text if show_text else mask(text)] = None
        if len(shown) == EXAMPLES:
            break
    return tuple(shown)


def group_turns(
    turns: Sequence[TurnRecord],
    nearest: Callable[[str | None], str] | None = None,
    show_text: bool = False,
    threshold: float = DISTANCE,
) -> list[Group]:
    """``turns`` with text grouped by similar wording, largest group first.
    ``nearest(text)`` gives the nearest store passage, if any."""
    kept = [t for t in turns if t.text]
    labels = _labels([t.text or "" for t in kept], threshold)
    members: dict[int, list[TurnRecord]] = {}
    for turn, label in zip(kept, labels, strict=True):
        members.setdefault(label, []).append(turn)
    groups = []
    for label in sorted(members):
        group = members[label]
        guessed = Counter(t.intent or "-" for t in group).most_common(1)[0][0]
        passage = nearest(group[0].text) if nearest else ""
        examples = _examples(group, show_text)
        groups.append(Group(len(group), examples, guessed, passage or ""))
    groups.sort(key=lambda g: (-g.count, g.examples))
    return groups


def group_missed(
    records: Sequence[TurnRecord],
    nearest: Callable[[str | None], str] | None = None,
    show_text: bool = False,
    threshold: float = DISTANCE,
) -> list[Group]:
    """The missed questions, grouped (see ``group_turns``)."""
    missed = [t for t in records if t.missed]
    return group_turns(missed, nearest, show_text, threshold)


def group_low_confidence(
    records: Sequence[TurnRecord],
    nearest: Callable[[str | None], str] | None = None,
    show_text: bool = False,
    threshold: float = DISTANCE,
) -> list[Group]:
    """The questions answered with low confidence, grouped (see ``group_turns``)."""
    unsure = [t for t in records if t.low_confidence]
    return group_turns(unsure, nearest, show_text, threshold)


def draft_nlu(groups: Sequence[Group]) -> str:
    """A draft NLU file of grouped messages, by the intent the model guessed:
    for a person to review and correct, never trained as it is."""
    by_intent: dict[str, list[str]] = {}
    for group in groups:
        by_intent.setdefault(group.guessed, []).extend(group.examples)
    lines = [
        "# DRAFT written by `make report --export-nlu`: the messages the bot missed",
        "# or answered with low confidence, under the intent the model GUESSED.",
        "# Review every line, move it to the right intent, annotate entities, then",
        "# copy what is right into data/nlu/. Nothing here is trained until a",
        "# person does that.",
        'version: "3.1"',
        "nlu:",
    ]
    for intent in sorted(by_intent):
        lines.append(f"  - intent: {intent}  # guessed by the model")
        lines.append("    examples: |")
        lines.extend(f"      - {' '.join(text.split())}" for text in by_intent[intent])
    return "\n".join(lines) + "\n"
