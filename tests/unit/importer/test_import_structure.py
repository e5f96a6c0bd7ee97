"""The importer on small pages: every way of writing a part, furniture, review."""

from __future__ import annotations

from pathlib import Path

import pytest

from ops.importer.build import import_pages, validate, write_draft
from ops.importer.draft import Draft
from ops.importer.sentences import missing_from, split_sentences
from ops.importer.source import read_page
from statement_bot.store import load_store

MISSION = "The mission of the Lakeview Police Department is to keep the lakeshore safe."


def draft_of(tmp_path: Path, text: str, name: str = "page.txt") -> Draft:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return import_pages([read_page(str(path))], "lakeview")


def values_of(draft: Draft) -> dict[str, str]:
    return {value.name: value.description for value in draft.values if value.lines}


VALUE_PAGES = {
    "name-colon": "Our Values\nIntegrity: We are honest.\nCourage: We act when it is hard.\n",
    "heading-paragraph": (
        "Core Values\n\nIntegrity\n\nWe are honest.\n\nCourage\n\nWe act when it is hard.\n"
    ),
    "bold-list": (
        "Core Values\n- **Integrity**\n - We are honest.\n"
        "- **Courage**\n - We act when it is hard.\n"
    ),
    "html-dl": (
        "<html><body><main><h2>Our Values</h2><dl><dt>Integrity</dt><dd>We are honest."
        "</dd><dt>Courage</dt><dd>We act when it is hard.</dd></dl></main></body></html>"
    ),
    "html-strong": (
        "<html><body><h2>Values</h2><p><strong>Integrity:</strong> We are honest.</p>"
        "<p><strong>Courage:</strong> We act when it is hard.</p></body></html>"
    ),
    "html-list": (
        "<html><body><h2>Core Values</h2><ul><li><b>Integrity</b><ul><li>We are honest."
        "</li></ul></li><li><b>Courage</b><ul><li>We act when it is hard.</li></ul>"
        "</li></ul></body></html>"
    ),
}


@pytest.mark.parametrize("page", VALUE_PAGES.values(), ids=VALUE_PAGES.keys())
def test_values_are_read_however_the_page_writes_them(
    tmp_path: Path, page: str
) -> None:
    name = "page.html" if page.startswith("<html") else "page.txt"
    draft = draft_of(
        tmp_path, MISSION + "\n\n" + page if name == "page.txt" else page, name
    )
    assert values_of(draft) == {
        "Integrity": "We are honest.",
        "Courage": "We act when it is hard.",
    }


def test_an_acronym_gives_one_value_per_letter(tmp_path: Path) -> None:
    draft = draft_of(
        tmp_path,
        "LPD CARE\nCourage\nWe act when it is hard.\nAccountability\nWe own our acts.\n"
        "Respect\nWe listen.\nExcellence\nWe train every week.\n",
    )
    assert draft.values_title == "LPD CARE"
    assert list(values_of(draft)) == [
        "Courage",
        "Accountability",
        "Respect",
        "Excellence",
    ]


def test_values_named_in_a_sentence_take_the_paragraphs_after_it(
    tmp_path: Path,
) -> None:
    draft = draft_of(
        tmp_path,
        "Mission Statement\n\nWe protect life.\n\nWe pursue our core values of Integrity "
        "and Courage.\n\nWe are honest.\n\nWe act when it is hard.\n",
    )
    assert values_of(draft) == {
        "Integrity": "We are honest.",
        "Courage": "We act when it is hard.",
    }
    assert draft.sections["mission"].paragraphs[-1].startswith("We pursue")
    assert any("check the order" in note for note in draft.unsure)


def test_every_part_goes_where_its_heading_says(tmp_path: Path) -> None:
    draft = draft_of(
        tmp_path,
        "Our Mission\n\nWe keep the lakeshore safe.\n\nOur Vision\n\nA safe lake.\n\n"
        "Goals\n\n- Answer every call.\n- Train every week.\n\nMotto\n\nSteady as the lake.\n\n"
        "Our Pledge\n\nWe will listen.\n\nCommunity Programs\n\nWe run a youth league.\n",
    )
    sections = {
        key: (s.title, s.paragraphs, s.items) for key, s in draft.sections.items()
    }
    assert sections == {
        "mission": ("Our Mission", ["We keep the lakeshore safe."], []),
        "vision": ("Our Vision", ["A safe lake."], []),
        "goals": ("Goals", [], ["Answer every call.", "Train every week."]),
        "motto": ("Motto", ["Steady as the lake."], []),
        "pledge": ("Our Pledge", ["We will listen."], []),
        "community_programs": ("Community Programs", ["We run a youth league."], []),
    }


def test_contact_details_become_contact_entries(tmp_path: Path) -> None:
    draft = draft_of(
        tmp_path,
        MISSION + "\n\nContact Us\n\nLakeview Police Department\n100 Shore Road\n"
        "Lakeview, WA 98000\n\nNon-Emergency Phone:\n\n555-010-0100\n\n"
        "Email\n\ninfo@lakeview.example.gov\n\nWebsite\n\nwww.lakeview.example.gov\n",
    )
    entries = {(e.kind, tuple(e.lines)) for e in draft.contact}
    assert entries == {
        (
            "address",
            ("Lakeview Police Department", "100 Shore Road", "Lakeview, WA 98000"),
        ),
        ("phone", ("555-010-0100",)),
        ("email", ("info@lakeview.example.gov",)),
        ("website", ("www.lakeview.example.gov",)),
    }
    assert validate(draft) is None


FURNITURE_PAGE = """<html><head><title>Values | Lakeview Police Department</title></head>
<body><a class="skip-link" href="#main">Skip to main content</a>
<div class="cookie-banner"><p>We use cookies to give you the best experience on our
website and to count how many people visit which pages.</p><button>OK</button></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/police">Police</a></li></ul></nav></header>
<main id="main"><h1>Our Mission</h1><p>We keep the lakeshore safe.</p>
<div class="social-share"><a href="https://facebook.com/x">Share on Facebook</a></div></main>
<footer><p>Copyright 2026 City of Lakeview. All rights reserved. 1 City Hall Plaza.</p></footer>
</body></html>"""


def test_page_furniture_is_dropped_and_long_furniture_listed(tmp_path: Path) -> None:
    draft = draft_of(tmp_path, FURNITURE_PAGE, "page.html")
    assert draft.texts() == ["We keep the lakeshore safe."]
    assert draft.name == "Lakeview Police Department"
    assert any("cookies" in text for text in draft.dropped)
    assert not any(text.startswith("Home") for text in draft.dropped)  # a menu


def test_the_review_lists_what_cannot_be_stored(tmp_path: Path) -> None:
    draft = draft_of(
        tmp_path,
        MISSION + "\n\nWe Are Lakeview\n\nCore Values\n\nIntegrity\n\nWe are honest."
        "\n\nCourage\n\nIntegrity\n\nWe are honest again.\n\nOur Vision\n\nA safe lake.\n",
    )
    _, review_path, review = write_draft(draft, tmp_path / "drafts")
    assert review_path.read_text(encoding="utf-8") == review
    assert "value 'Courage' has no description" in review
    assert "duplicate value 'Integrity'" in review
    assert "heading 'We Are Lakeview' has no text under it" in review
    assert "passes the store validator" in review
    assert [v.name for v in load_store(tmp_path / "drafts").get("lakeview").values] == [
        "Integrity"
    ]


def test_a_draft_that_cannot_be_stored_says_why(tmp_path: Path) -> None:
    draft = draft_of(tmp_path, "Core Values\n\n- Integrity\n- Courage\n")
    _, _, review = write_draft(draft, tmp_path / "drafts")
    assert "does NOT pass the store validator" in review
    assert "a department needs sections, values or contact" in review
    assert "value 'Integrity' has no description" in review


def test_a_page_cut_mid_sentence_loses_only_the_fragment(tmp_path: Path) -> None:
    draft = draft_of(tmp_path, "Our Mission\nWe keep the lake safe. We serve the commu")
    assert draft.sections["mission"].paragraphs == ["We keep the lake safe."]
    assert any("We serve the commu" in note for note in draft.unsure)


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("St. Bernard is safe. We serve.", ["St. Bernard is safe.", "We serve."]),
        ('We act "fairly." Then we go.', ['We act "fairly."', "Then we go."]),
        ("No full stop here", ["No full stop here"]),
    ],
)
def test_sentences_are_split_after_their_full_stop(
    text: str, sentences: list[str]
) -> None:
    assert split_sentences(text) == sentences


def test_the_verbatim_check_finds_an_invented_sentence() -> None:
    page = "We keep the lakeshore   safe.\nWe serve."
    assert missing_from(["We keep the lakeshore safe.", "We invent."], page) == [
        "We invent."
    ]
