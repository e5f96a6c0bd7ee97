"""Matching questions to the store: departments, values, topics, contact kinds."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from statement_bot import safety, text
from statement_bot.store import Store, load_store
from statement_bot.text import normalize
from statement_bot.understand.departments import (
    find_departments,
    find_unknown_department,
    name_span,
    named_alone,
    names_index,
)
from statement_bot.understand.topics import (
    contact_kinds,
    find_section,
    find_topic,
    select_contact,
)
from statement_bot.understand.values import shared_values, value_asked
from tests.conftest import LAKEVIEW


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("What is Alhambra's mission?", ["alhambra"]),
        ("alhambra police department vision", ["alhambra"]),
        ("APD values", ["alhambra"]),
        ("west sac goals", ["west_sacramento"]),
        ("Tell me about West Sacramento", ["west_sacramento"]),
        ("WSPD", ["west_sacramento"]),
        ("what does the CPD value", ["cambridge"]),
        ("cambrige vision", ["cambridge"]),  # misspelt
        ("alhambar mission", ["alhambra"]),  # misspelt
        ("west sacremento values", ["west_sacramento"]),  # misspelt
        ("compare Cambridge and Alhambra", ["cambridge", "alhambra"]),
        ("what is the mission?", []),
        ("what does apdx mean", []),
        ("the police in my town", []),
    ],
)
def test_find_departments(store: Store, text: str, expected: list[str]) -> None:
    assert [d.id for d in find_departments(store, text)] == expected


@pytest.mark.parametrize(
    ("text", "unknown"),
    [
        ("what's the LAPD mission", "LAPD"),
        ("Oakland police department mission", "Oakland police department"),
        ("what does the Springfield PD value", "Springfield PD"),
        ("what is Alhambra's mission", None),
        ("what is the mission of the police department", None),
        ("call the police", None),
    ],
)
def test_find_unknown_department(store: Store, text: str, unknown: str | None) -> None:
    assert find_unknown_department(store, text) == unknown


@pytest.mark.parametrize(
    ("department", "question", "value"),
    [
        ("west_sacramento", "what does pride mean to them?", "Pride"),
        ("west_sacramento", "esprit de corps", "Esprit De Corp"),
        ("west_sacramento", "what is esprit de corp", "Esprit De Corp"),
        ("west_sacramento", "courage", "Selflessness & Courage"),
        ("west_sacramento", "selflessness and courage", "Selflessness & Courage"),
        ("west_sacramento", "what does protection mean to West Sac?", "Protection"),
        ("west_sacramento", "which value is about role models for youth", "Inspiring"),
        ("alhambra", "what does Alhambra say about honesty?", "Trustworthiness"),
        ("alhambra", "trustworthyness", "Trustworthiness"),  # misspelt
        ("alhambra", "which value mentions voting", "Citizenship"),
        ("alhambra", "what do they say about profanity", "Respect"),
        ("alhambra", "fairnes", "Fairness"),
        (
            "cambridge",
            "which Cambridge value is about unconscious bias?",
            "Fairness and Impartiality",
        ),
        ("cambridge", "integrety", "Integrity"),
        ("cambridge", "impartiality", "Fairness and Impartiality"),
        ("cambridge", "which value is about victims of crime", "Advocacy and Empathy"),
        ("cambridge", "what do they say about silos", "Teamwork"),
        ("cambridge", "which value is about gifts", "Integrity"),
    ],
)
def test_find_value(store: Store, department: str, question: str, value: str) -> None:
    found = value_asked(store.get(department), question)
    assert found is not None and found.name == value


@pytest.mark.parametrize(
    ("department", "question"),
    [
        ("cambridge", "what does pride mean"),
        ("alhambra", "tell me about the weather"),
        ("west_sacramento", ""),
    ],
)
def test_find_value_none(store: Store, department: str, question: str) -> None:
    assert value_asked(store.get(department), question) is None


def test_entity_hint_wins_over_text(store: Store) -> None:
    west_sac = store.get("west_sacramento")
    assert value_asked(west_sac, "Respect", "what about pride").name == "Respect"


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("what is the mission statement", "mission"),
        ("and their vision?", "vision"),
        ("core values", "values"),
        ("what are the goals", "goals"),
        ("phone number", "contact"),
        ("hello there", None),
    ],
)
def test_find_topic(text: str, topic: str | None) -> None:
    assert find_topic(text) == topic


def test_find_section_uses_the_department_s_own_words(store: Store) -> None:
    cambridge = store.get("cambridge")
    assert find_section(cambridge, "what is their motto").key == "slogan"
    assert find_section(cambridge, "how can I learn more").key == "learn_more"
    assert find_section(store.get("alhambra"), "what is their motto") is None


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("what is the phone number", ["phone"]),
        ("where are they located", ["address"]),
        ("website and twitter", ["website", "social_media"]),
        ("contact details", []),
    ],
)
def test_contact_kinds(text: str, kinds: list[str]) -> None:
    assert contact_kinds(text) == kinds


def test_shared_values(store: Store) -> None:
    shared = shared_values(store)
    assert sorted(shared) == ["fairness", "integrity", "respect"]
    assert {d.id for d, _ in shared["respect"]} == {"alhambra", "west_sacramento"}
    assert {v.name for _, v in shared["fairness"]} == {
        "Fairness",
        "Fairness and Impartiality",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cambridge", "cambridge"),
        ("cambridge!", "cambridge"),
        ("the Cambridge Police Department", "cambridge"),
        ("West Sacramento PD", "west_sacramento"),
        ("what about Alhambra?", "alhambra"),
        ("APD", "alhambra"),
        ("goodbye Alhambra", None),
        ("Alhambra mission", None),
        ("police", None),
        ("Cambrige", None),  # only exact names: a typo goes to the model
        ("", None),
    ],
)
def test_named_alone(store: Store, text: str, expected: str | None) -> None:
    found = named_alone(names_index(store), text)
    assert (found.id if found else None) == expected


def test_a_name_two_departments_share_names_neither(
    write_store: Callable[..., Path],
) -> None:
    twin = LAKEVIEW.replace("id: lakeview", "id: lakeview_ny").replace(
        "name: Lakeview Police Department", "name: Lakeview NY Police Department"
    )
    store = load_store(write_store(lakeview=LAKEVIEW, lakeview_ny=twin))
    index = names_index(store)
    assert named_alone(index, "Lakeview") is None  # which one?
    assert named_alone(index, "Lakeview NY PD").id == "lakeview_ny"


@pytest.mark.parametrize(
    ("text", "department", "span"),
    [
        ("West Sacramento PD", "west_sacramento", "West Sacramento PD"),
        ("West Sacramento cops", "west_sacramento", "West Sacramento"),
        ("the Cambridge Police Department", "cambridge", "Cambridge Police Department"),
        ("cambridge, MA", "cambridge", "cambridge, MA"),
        ("what about APD?", "alhambra", "APD"),
        ("nothing here", "alhambra", None),
    ],
)
def test_name_span(store: Store, text: str, department: str, span: str | None) -> None:
    found = name_span(text, store.get(department))
    assert (text[found[0] : found[1]] if found else None) == span


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Alhámbra", "alhambra"),  # accents stripped
        ("WEST Sac", "west sac"),  # lower case
        ("Straße", "strasse"),  # casefold, not just lower
        ("Fairness & Impartiality", "fairness and impartiality"),
        ("R&D", "r and d"),
        ("What is Alhambra's mission?", "what is alhambra mission"),
        ("Alhambra\u2019s", "alhambra"),  # a curly apostrophe too
        ("west-sac PD!!", "west sac pd"),  # punctuation becomes spaces
        ("  a\t\nb  ", "a b"),
        ("Полиция", ""),  # other scripts are not words here
        ("", ""),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert text.normalize(raw) == expected
    assert normalize(raw) == expected  # matching reads text the same way


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Fairness & Impartiality", "fairness and impartiality"),
        ("Alhámbra", "alhambra"),
        ("I'M", "im"),  # safety drops apostrophes: "dont", "im"
        ("u r", "you are"),
    ],
)
def test_safety_normalize_builds_on_the_shared_rules(raw: str, expected: str) -> None:
    assert safety.normalize(raw) == expected


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("Selflessness & Courage", ["Selflessness", "Courage"]),
        ("Fairness and Impartiality", ["Fairness", "Impartiality"]),
        ("Integrity", []),
        ("Sandy Andrews", []),  # "and" inside a word is no join
        ("R&D", []),  # nor is '&' without spaces
    ],
)
def test_and_parts(name: str, parts: list[str]) -> None:
    assert text.and_parts(name) == parts


@pytest.mark.parametrize(
    ("word", "same_as"),
    [
        ("biases", "bias"),
        ("values", "value"),
        ("voting", "votes"),
        ("responsibility", "responsible"),
        ("communities", "community"),
    ],
)
def test_stem_joins_forms_of_a_word(word: str, same_as: str) -> None:
    assert text.stem(word) == text.stem(same_as)


@pytest.mark.parametrize(
    ("department", "question", "kinds"),
    [
        ("cambridge", "what is the phone number", ["phone"]),
        ("cambridge", "website and twitter", ["website", "social_media"]),
        (
            "cambridge",
            "contact details",
            ["phone", "address", "website", "social_media", "learn_more"],
        ),
        ("alhambra", "what is the phone number", []),  # no contact section
    ],
)
def test_select_contact(
    store: Store, department: str, question: str, kinds: list[str]
) -> None:
    entries = select_contact(store.get(department), question)
    assert [entry.kind for entry in entries] == kinds
