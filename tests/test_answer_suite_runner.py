"""The answer-suite runner itself (devtools.answer_suite), without servers."""

from __future__ import annotations

from devtools import answer_suite

CONVERSATIONS = [
    {
        "id": "one",
        "persona": "staff",
        "turns": [
            {"user": "cpd mission", "contains": ["partner with the community"]},
            {"user": "and?", "not_contains": ["call 911 right away"]},
        ],
    }
]


def test_fragments_are_compared_without_bold_and_with_plain_quotes() -> None:
    replies = iter(["**Mission**: we partner  with the community", "ok"])
    result = answer_suite.run(lambda sender, text: next(replies), CONVERSATIONS)
    assert result.pass_rate == 1.0
    assert result.summary()["by_persona"] == {"staff": {"passed": 2, "turns": 2}}


def test_a_missing_or_unwanted_fragment_fails_the_turn() -> None:
    replies = iter(["nothing here", "call 911 right away"])
    result = answer_suite.run(lambda sender, text: next(replies), CONVERSATIONS)
    assert result.pass_rate == 0.0
    missing, unwanted = result.failures()
    assert missing.missing == ("partner with the community",)
    assert unwanted.unwanted == ("call 911 right away",)


def test_check_scores_one_turn() -> None:
    turn = CONVERSATIONS[0]["turns"][0]
    assert answer_suite.check(
        CONVERSATIONS[0], turn, "we partner with the community"
    ).passed


def test_the_suite_has_enough_turns() -> None:
    turns = sum(len(c["turns"]) for c in answer_suite.load())
    assert turns >= 150
