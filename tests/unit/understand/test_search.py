"""Statement search: the index, the synonyms as data, and the search planner."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from statement_bot.dialogue.context import resolve
from statement_bot.dialogue.plan import compare as compare_plan
from statement_bot.dialogue.plan import fallback as fallback_plan
from statement_bot.dialogue.plan import search as search_plan
from statement_bot.dialogue.plan import statements
from statement_bot.dialogue.state import read_turn
from statement_bot.names import (
    INTENT_ASK_CONTENT,
    INTENT_ASK_GOALS,
    SLOT_DEPARTMENT,
    SLOT_SEARCHED,
    SLOT_TOPIC,
    SLOT_VALUE,
    TOPIC_INTENTS,
    UTTER_FALLBACK,
    UTTER_NO_SECTION,
    UTTER_SEARCH_HIT,
    UTTER_SEARCH_NO_MATCH,
    UTTER_SEARCH_NOT_IN,
    UTTER_SECTION,
    Topic,
)
from statement_bot.store import Store, StoreError, load_store
from statement_bot.understand.search import (
    StatementIndex,
    passages,
    wants_all_departments,
)
from tests.conftest import LAKEVIEW

SYNONYMS = """
synonyms:
  lakefront: [shoreline]
  honest: [candor]
"""


@pytest.fixture
def lakeview(write_store: Callable[..., Path]) -> Store:
    """The test-only department, with a synonyms file beside it."""
    folder = write_store(lakeview=LAKEVIEW)
    (folder / "_synonyms.yml").write_text(SYNONYMS, encoding="utf-8")
    return load_store(folder)


@pytest.fixture(scope="module")
def index(store: Store) -> StatementIndex:
    return StatementIndex(store)


def ask(text: str, department: str | None = None) -> read_turn:
    return read_turn(intent=INTENT_ASK_CONTENT, text=text, department=department)


def test_every_passage_is_verbatim_store_text(store: Store) -> None:
    for department in store:
        texts = [p.text for p in passages(department)]
        for section in department.sections.values():
            assert set(section.paragraphs) | set(section.items) <= set(texts)
        for value in department.values:
            assert f"{value.name}: {value.description}" in texts


def test_a_file_starting_with_underscore_is_not_a_department(lakeview: Store) -> None:
    assert [d.id for d in lakeview] == ["lakeview"]
    assert lakeview.synonyms["lakefront"] == ("shoreline",)


def test_a_department_adds_its_own_synonyms(write_store: Callable[..., Path]) -> None:
    text = LAKEVIEW + "synonyms:\n  beach: [shoreline, parks]\n"
    store = load_store(write_store(lakeview=text))
    assert store.synonyms["beach"] == ("shoreline", "parks")
    hit = StatementIndex(store).best("anything about the beach?")
    assert hit is not None and hit.passage.value == "Stewardship"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("synonyms: [a, b]\n", "must be a mapping"),
        ("synonyms:\n  hidden: []\n", "needs at least one word"),
        ("words:\n  hidden: [unconscious]\n", "unknown field"),
    ],
)
def test_a_bad_synonyms_file_names_the_file_and_field(
    write_store: Callable[..., Path], text: str, problem: str
) -> None:
    folder = write_store(lakeview=LAKEVIEW)
    (folder / "_synonyms.yml").write_text(text, encoding="utf-8")
    with pytest.raises(StoreError, match=problem) as error:
        load_store(folder)
    assert "_synonyms.yml" in str(error.value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("is there anything about the lakefront", "Stewardship"),  # a synonym
        ("do they want officers to be honest?", "Candor"),  # a synonym
        ("anything about the shorline?", "Stewardship"),  # a misspelling
    ],
)
def test_a_new_department_is_searchable_without_training(
    lakeview: Store, text: str, value: str
) -> None:
    hit = StatementIndex(lakeview).best(text)
    assert hit is not None
    assert hit.passage.value == value


@pytest.mark.parametrize(
    "text",
    [
        "does lakeview say anything about drones?",
        "body cameras",
        "what about overtime pay",
        "mention",
        "",
    ],
)
def test_nothing_weak_is_trusted(lakeview: Store, text: str) -> None:
    assert StatementIndex(lakeview).best(text) is None


@pytest.mark.parametrize(
    ("text", "department", "fragment", "topic"),
    [
        (
            "does west sac have a goal about training?",
            "west_sacramento",
            "Provide training and mentoring",
            "goals",
        ),
        (
            "is there anything about hidden bias",
            "cambridge",
            "unconscious biases",
            Topic.VALUE,
        ),
        (
            "does the alhambra mission talk about keeping the peace",
            "alhambra",
            "preserve the peace",
            "mission",
        ),
    ],
)
def test_the_planner_quotes_the_passage_and_names_its_part(
    store: Store,
    index: StatementIndex,
    text: str,
    department: str,
    fragment: str,
    topic: str,
) -> None:
    outcome = search_plan.search(resolve(store, ask(text, department), index))
    assert [r.response for r in outcome.replies] == [UTTER_SEARCH_HIT]
    reply = outcome.replies[0]
    found = store.get(department)
    assert found is not None
    assert reply.variables["department_name"] == found.name
    assert fragment in reply.variables["body"]
    assert reply.buttons and reply.buttons[0]["title"].startswith("The whole ")
    assert outcome.slots[SLOT_DEPARTMENT] == department
    assert outcome.slots[SLOT_TOPIC] == Topic.CONTENT  # "what about X?" searches X
    # the button asks for the whole part the passage comes from
    whole = Topic.VALUES if topic == Topic.VALUE else topic
    assert reply.buttons[0]["payload"].startswith(f"/{TOPIC_INTENTS[whole]}")


def test_a_quoted_value_is_remembered(store: Store, index: StatementIndex) -> None:
    outcome = search_plan.search(
        resolve(store, ask("anything about hidden bias", "cambridge"), index)
    )
    assert outcome.slots[SLOT_VALUE] == "Fairness and Impartiality"
    assert "(Fairness and Impartiality)" in outcome.replies[0].variables["part_label"]


def test_a_named_section_limits_the_search(store: Store, index: StatementIndex) -> None:
    # "technology" is in West Sacramento's goals, not in its vision.
    text = "does west sac's vision mention technology?"
    outcome = search_plan.search(resolve(store, ask(text), index))
    # No, and here is the vision to read.
    assert [r.response for r in outcome.replies] == [
        UTTER_SEARCH_NO_MATCH,
        UTTER_SECTION,
    ]
    assert outcome.replies[0].variables["where"] == "vision"
    goals = search_plan.search(
        resolve(store, ask("do west sac's goals mention technology?"), index)
    )
    assert "technology" in goals.replies[0].variables["body"]


def test_across_departments_each_is_answered(
    store: Store, index: StatementIndex
) -> None:
    outcome = search_plan.search(
        resolve(
            store, ask("which department talks about diversity?", "alhambra"), index
        )
    )
    quoted = [
        r.variables["department_name"]
        for r in outcome.replies
        if r.response == UTTER_SEARCH_HIT
    ]
    assert "West Sacramento Police Department" in quoted
    assert "Cambridge Police Department" in quoted
    assert outcome.replies[-1].response == UTTER_SEARCH_NOT_IN
    assert "Alhambra" in outcome.replies[-1].variables["department_names"]


def test_no_match_says_so_and_offers_the_sections(
    store: Store, index: StatementIndex
) -> None:
    outcome = search_plan.search(
        resolve(store, ask("do they have a K9 unit?", "cambridge"), index)
    )
    assert [r.response for r in outcome.replies] == [UTTER_SEARCH_NO_MATCH]
    assert outcome.replies[0].buttons  # what it can answer instead
    # Remembered for "what about West Sac?", not as a part of the statement.
    assert outcome.slots[SLOT_TOPIC] == Topic.CONTENT
    assert outcome.slots[SLOT_SEARCHED] == "do they have a K9 unit?"


def test_what_about_another_department_repeats_the_search(
    store: Store, index: StatementIndex
) -> None:
    first = search_plan.search(
        resolve(
            store, ask("does cambridge say anything about youth in its values?"), index
        )
    )
    turn = read_turn(
        intent="inform_department",
        text="what about west sac?",
        department="cambridge",
        topic=first.slots[SLOT_TOPIC],
        searched=first.slots[SLOT_SEARCHED],
    )
    outcome = statements.answer(resolve(store, turn, index))
    assert outcome.replies[0].response == UTTER_SEARCH_HIT
    assert "role models for our youth" in outcome.replies[0].variables["body"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("which department talks about diversity?", True),
        ("do any of them mention youth", True),
        ("does cambridge mention youth", False),
    ],
)
def test_questions_about_every_department(text: str, expected: bool) -> None:
    assert wants_all_departments(text) is expected


def test_the_fallback_quotes_a_trusted_passage(
    store: Store, index: StatementIndex
) -> None:
    turn = read_turn(intent="nlu_fallback", text="hidden bias?", department="cambridge")
    outcome = fallback_plan.fallback(resolve(store, turn, index))
    assert [r.response for r in outcome.replies] == [UTTER_SEARCH_HIT]
    nothing = read_turn(intent="nlu_fallback", text="asdf qwerty zxcv")
    assert fallback_plan.fallback(resolve(store, nothing, index)).replies[
        0
    ].response == (UTTER_FALLBACK)


@pytest.mark.parametrize(
    ("text", "department", "value"),
    [
        ("which value is about owning your mistakes?", "alhambra", "Responsibility"),
        ("which value is about not accepting gifts", "cambridge", "Integrity"),
    ],
)
def test_a_described_value_is_found_by_the_search(
    store: Store, index: StatementIndex, text: str, department: str, value: str
) -> None:
    turn = read_turn(intent="ask_value", text=text, department=department)
    outcome = statements.answer(resolve(store, turn, index))
    assert outcome.replies[0].variables["value_name"] == value


def test_which_of_those_two_searches_the_departments_compared(
    store: Store, index: StatementIndex
) -> None:
    compared = compare_plan.compare(
        resolve(
            store,
            read_turn(intent="compare_departments", text="apd vs wspd mission"),
        )
    )
    turn = read_turn(
        intent=INTENT_ASK_CONTENT,
        text="which of those two mentions diversity?",
        department=compared.slots[SLOT_DEPARTMENT],
        shown=compared.slots["shown"],
    )
    outcome = search_plan.search(resolve(store, turn, index))
    named = [
        r.variables.get("department_name") or r.variables.get("department_names")
        for r in outcome.replies
    ]
    assert named == ["West Sacramento Police Department", "Alhambra Police Department"]
    assert "Cambridge" not in " ".join(named)


def test_context_survives_a_misunderstood_turn(
    store: Store, index: StatementIndex
) -> None:
    """A fallback sets no slot, so the department and topic stay for the next turn."""
    turn = read_turn(
        intent="nlu_fallback",
        text="asdf qwerty zxcv",
        department="cambridge",
        topic="mission",
    )
    assert fallback_plan.fallback(resolve(store, turn, index)).slots == {}


def test_a_remembered_search_with_nothing_left_to_search_does_not_loop(
    store: Store, index: StatementIndex
) -> None:
    """A remembered question that (with other synonyms) has no content words."""
    turn = read_turn(
        intent=INTENT_ASK_CONTENT,
        text="what does cambridge say?",
        topic=Topic.CONTENT,
        searched="what does cambridge say about it?",
    )
    outcome = search_plan.search(resolve(store, turn, index))
    assert outcome.replies  # an answer (the overview), not a recursion error


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the model read a longer question as a part Lakeview does not have
        (
            "what role do lakeview officers want to play in keeping the lakeshore "
            "safe?",
            [UTTER_SEARCH_HIT],
        ),
        # the part named: not there, then what the statement does say
        (
            "what are lakeview's goals for the lakeshore?",
            [UTTER_NO_SECTION, UTTER_SEARCH_HIT],
        ),
        # nothing but the part: not there
        ("does lakeview have goals?", [UTTER_NO_SECTION]),
        ("what are lakeview's goals about parking tickets?", [UTTER_NO_SECTION]),
    ],
)
def test_a_part_the_department_lacks_is_searched_before_saying_so(
    lakeview: Store, text: str, expected: list[str]
) -> None:
    turn = read_turn(intent=INTENT_ASK_GOALS, text=text)
    outcome = statements.answer(resolve(lakeview, turn, StatementIndex(lakeview)))
    assert [reply.response for reply in outcome.replies] == expected
    if UTTER_SEARCH_HIT in expected:
        quoted = outcome.replies[-1].variables["body"]
        assert quoted == lakeview.get("lakeview").sections["mission"].paragraphs[0]
    # without the index (no search): not there
    plain = statements.answer(resolve(lakeview, turn))
    assert [reply.response for reply in plain.replies] == [UTTER_NO_SECTION]


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        # the value in the conversation
        (
            "what else is in that value?",
            {"department": "lakeview", "topic": "value", "value": "Candor"},
            "We say plainly what we know",
        ),
        # the list last shown
        (
            "what else is on that list?",
            {
                "department": "lakeview",
                "topic": "content",
                "shown": [
                    {"department": "lakeview", "section": "motto", "item": 0},
                ],
            },
            "Steady as the lake.",
        ),
    ],
)
def test_a_misunderstood_pointer_is_about_what_the_conversation_is_on(
    lakeview: Store, text: str, context: dict, expected: str
) -> None:
    turn = read_turn(intent="nlu_fallback", text=text, **context)
    outcome = fallback_plan.fallback(resolve(lakeview, turn, StatementIndex(lakeview)))
    shown = " ".join(str(v) for r in outcome.replies for v in r.variables.values())
    assert expected in shown
    # with nothing in the conversation it stays a plain "not sure"
    bare = read_turn(intent="nlu_fallback", text=text)
    replies = fallback_plan.fallback(
        resolve(lakeview, bare, StatementIndex(lakeview))
    ).replies
    assert [r.response for r in replies] == [UTTER_FALLBACK]


@pytest.mark.parametrize(
    ("follow_up", "expected"),
    [
        # the same search in the part named: not there, and the part to see
        ("and does west sac's vision say anything like that?", "The men and women"),
        # the same search anywhere in the department's statement
        ("does alhambra say anything like that?", "Alhambra Police Department"),
    ],
)
def test_anything_like_that_searches_again_for_the_department_named(
    store: Store, index: StatementIndex, follow_up: str, expected: str
) -> None:
    first = search_plan.search(
        resolve(
            store, ask("what does cambridge say about safety and wellbeing?"), index
        )
    )
    assert [r.response for r in first.replies] == [UTTER_SEARCH_HIT]
    turn = replace(
        ask(follow_up),
        department=first.slots[SLOT_DEPARTMENT],
        topic=first.slots[SLOT_TOPIC],
        searched=first.slots[SLOT_SEARCHED],
    )
    outcome = search_plan.search(resolve(store, turn, index))
    shown = " ".join(str(v) for r in outcome.replies for v in r.variables.values())
    assert expected in shown
    assert "Cambridge" not in shown  # never the other department's words
    # a search answer, not the department's overview
    assert outcome.replies[0].response in (UTTER_SEARCH_HIT, UTTER_SEARCH_NO_MATCH)


# A department whose texts all have "of" and "the", for the stopword tests.
HARBOR = """
id: harbor
name: Harbor Police Department
short_names: [Harbor]
sections:
  mission:
    title: Mission
    paragraphs:
      - The officers of the harbor keep the piers safe.
      - The spirit of the force is pride in the work of the day.
values:
  title: Values
  items:
    - name: Esprit
      aliases: [morale, team spirit]
      description: The bond and spirit of the crew, a model for our youth.
"""
HARBOR_SYNONYMS = """
synonyms:
  good service: [quality of service]
  police force: [police]
  talk about: [thing]
  kids: [youth, children]
  spirit: [esprit]
"""


@pytest.fixture
def harbor(write_store: Callable[..., Path]) -> StatementIndex:
    folder = write_store(harbor=HARBOR)
    (folder / "_synonyms.yml").write_text(HARBOR_SYNONYMS, encoding="utf-8")
    return StatementIndex(load_store(folder))


def test_a_value_is_found_by_its_aliases_which_are_not_quoted(
    harbor: StatementIndex,
) -> None:
    hit = harbor.best("how is morale over there?")
    assert hit is not None and hit.passage.value == "Esprit"
    assert "morale" not in hit.passage.text


@pytest.mark.parametrize(
    "text",
    [
        "any good service?",  # "quality of service": not every "of"
        "how many officers keep the piers safe?",  # a number, and no digits
    ],
)
def test_stopwords_of_synonyms_and_count_questions_trust_nothing(
    harbor: StatementIndex, text: str
) -> None:
    assert harbor.best(text) is None


def test_the_same_words_without_a_count_are_found(harbor: StatementIndex) -> None:
    hit = harbor.best("do officers keep the piers safe?")
    assert hit is not None and "piers" in hit.passage.text


@pytest.mark.parametrize(
    ("text", "same_as"),
    [
        ("is the police force proud?", "is it proud?"),  # means only "police"
        ("do they talk about pride?", "do they mention pride?"),  # a frame
    ],
)
def test_a_phrase_meaning_nothing_searched_for_is_left_out(
    harbor: StatementIndex, text: str, same_as: str
) -> None:
    assert harbor.query(text) == harbor.query(same_as)


def test_a_store_word_weighs_as_rare_as_it_is_not_as_its_rarest_synonym(
    harbor: StatementIndex,
) -> None:
    # "kids" is not a store word: it weighs as "youth", not as "children", a
    # synonym the store never uses.
    (kids,) = harbor.query("kids")
    assert "children" in kids and "children" not in harbor.idf
    assert harbor.weigh(kids, unseen=99.0) == harbor.idf["youth"]
    # "spirit" is a store word, more common than its synonym "esprit".
    (spirit,) = harbor.query("spirit")
    assert harbor.idf["spirit"] < harbor.idf["esprit"]
    assert harbor.weigh(spirit, unseen=99.0) == harbor.idf["spirit"]


@pytest.mark.parametrize(
    ("text", "department", "fragment"),
    [
        ("anything on favouritism or picking favourites?", "alhambra", "favoritism"),
        ("wspd keeping officers from leaving", "west_sacramento", "retention"),
        ("cpd on staying current with new laws", "cambridge", "keep abreast"),
        ("does alhambra care about the earth", "alhambra", "the environment"),
        ("apd on swearing at people", "alhambra", "profanity"),
        ("does west sac use computers", "west_sacramento", "technology"),
        ("west sac morale", "west_sacramento", "comradery"),
        ("cambridge on how officers dress", "cambridge", "our appearance"),
        ("do cambridge's divisions work as one", "cambridge", "silos"),
        ("does west sac mentor rookies", "west_sacramento", "mentoring"),
        ("does apd want officers who own up to mistakes", "alhambra", "accountable"),
        ("is cambridge's police force diverse", "cambridge", "diverse group"),
        ("do alhambra cops vote", "alhambra", "voting"),
    ],
)
def test_everyday_words_find_the_formal_passage(
    store: Store, index: StatementIndex, text: str, department: str, fragment: str
) -> None:
    hit = index.best(text, [store.get(department)])
    assert hit is not None and fragment in hit.passage.text


@pytest.mark.parametrize(
    ("text", "department"),
    [
        ("how many officers does cambridge have", "cambridge"),
        ("does west sac have a dog unit", "west_sacramento"),
        ("does alhambra pay for college", "alhambra"),
        ("what are cambridge's opening hours", "cambridge"),
        ("how much do west sac officers earn", "west_sacramento"),
        ("what kind of cars does wspd drive", "west_sacramento"),
    ],
)
def test_everyday_questions_the_statement_cannot_answer_get_no_passage(
    store: Store, index: StatementIndex, text: str, department: str
) -> None:
    assert index.best(text, [store.get(department)]) is None
