"""The question in a long message (statement_bot.clauses) and the NLU steps
that let the model read only it (rasa_plugins.focus)."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from rasa_plugins.focus import FocusOnQuestion, RestoreText
from statement_bot.understand.clauses import asks, focus, is_pleasantry, split_sentences


@pytest.mark.parametrize(
    ("text", "question"),
    [
        # background, then the question after a dash
        (
            "We just bought a house in Lakeview and my kids keep asking about the "
            "local police - what is their mission?",
            "what is their mission?",
        ),
        # thanks and a sign-off after the question
        (
            "Hello there, I have a quick one for a school project. Which values does "
            "Lakeview list? Thanks so much in advance!",
            "Which values does Lakeview list?",
        ),
        # a question that only points back is read with the sentence before it
        (
            "I keep reading about the stewardship value in the Lakeview statement for "
            "my panel. what does that mean?",
            "I keep reading about the stewardship value in the Lakeview statement "
            "for my panel. what does that mean?",
        ),
        # no sentence asks: the last one that is not a pleasantry
        (
            "Sorry to bother you. I am writing a report on the Lakeview police and "
            "need the exact wording of their motto. Thank you!",
            "I am writing a report on the Lakeview police and need the exact wording "
            "of their motto.",
        ),
    ],
)
def test_the_question_of_a_long_message(text: str, question: str) -> None:
    found, start = focus(text)
    assert found == question
    assert text[start : start + len(found)] == found


@pytest.mark.parametrize(
    "text",
    [
        "what is lakeview's mission?",
        "lakeview mission and vision, then the values please",
        "one long sentence with no breaks at all that asks about the lakeview "
        "police department mission and its vision and values",
        "",
    ],
)
def test_a_short_or_single_sentence_message_is_read_whole(text: str) -> None:
    assert focus(text) == (text, 0)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [("Thanks so much!", True), ("sorry, ok", True), ("what is it?", False)],
)
def test_pleasantries(sentence: str, expected: bool) -> None:
    assert is_pleasantry(sentence) is expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [("tell me their motto", True), ("their motto?", True), ("I like it.", False)],
)
def test_what_asks(sentence: str, expected: bool) -> None:
    assert asks(sentence) is expected


def test_sentences_keep_where_they_start() -> None:
    text = "One. Two? Three; four \u2014 five\nsix"
    assert [text[s : s + len(p)] for s, p in split_sentences(text)] == [
        "One.",
        "Two?",
        "Three;",
        "four",
        "five",
        "six",
    ]


def test_the_model_reads_the_question_and_the_rest_read_everything() -> None:
    text = (
        "I moved to Lakeview last spring and my neighbours all have opinions about "
        "the police. What are their values?"
    )
    message = Message(data={TEXT: text})
    FocusOnQuestion({}).process([message])
    assert message.get(TEXT) == "What are their values?"
    start = text.index("What")
    message.set(
        ENTITIES, [{"entity": "section", "value": "values", "start": 15, "end": 21}]
    )
    RestoreText({}).process([message])
    assert message.get(TEXT) == text
    entity = message.get(ENTITIES)[0]
    assert text[entity["start"] : entity["end"]] == "values"
    assert entity["start"] == start + 15


def test_a_message_read_whole_is_left_as_it_is() -> None:
    message = Message(data={TEXT: "lakeview values?"})
    FocusOnQuestion({}).process([message])
    RestoreText({}).process([message])
    assert message.get(TEXT) == "lakeview values?" and not message.get(ENTITIES)


@pytest.mark.parametrize(
    ("text", "question"),
    [
        # "remind me what it says" points back; "really appreciate it" is thanks
        (
            "Hey! I have my panel with Lakeview next week and they always ask about "
            "the motto. Could you remind me what it says? Really appreciate it",
            "I have my panel with Lakeview next week and they always ask about the "
            "motto. Could you remind me what it says?",
        ),
        # "what does their statement say about it?" points back past a dash
        (
            "I worked retail for years and now I am applying to Lakeview. I want to "
            "bring up candor in my interview - what does their statement say about it?",
            "I want to bring up candor in my interview - what does their statement "
            "say about it?",
        ),
        # a sign-off of thanks for the help
        (
            "We argued about it at dinner. Is stewardship one of their values? "
            "Thanks, appreciate the help.",
            "Is stewardship one of their values?",
        ),
        # wishes before and after
        (
            "hey, hope your day is going well. I am writing about Lakeview for "
            "class. what is the mission? have a nice weekend",
            "what is the mission?",
        ),
    ],
)
def test_pleasantries_and_pointers_of_everyday_messages(
    text: str, question: str
) -> None:
    assert focus(text)[0] == question


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        ("I live at 12 Lake Road", True),
        ("my dad asked me about it", True),
        ("I need their motto", False),
        ("their phone number", False),
    ],
)
def test_a_part_that_tells_about_the_writer_asks_nothing(
    part: str, expected: bool
) -> None:
    from statement_bot.understand.clauses import tells

    assert tells(part) is expected
