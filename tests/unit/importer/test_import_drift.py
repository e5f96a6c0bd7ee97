"""`make import-check` and `make import`: the command line and the drift check."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ops.importer.__main__ import main
from tests.paths import ROOT

SEEDS = ROOT / "tests" / "fixtures" / "seeds"
SEED_OF = {
    "alhambra": "000_76a206758816f3c4.txt",
    "west_sacramento": "001_0e845b0eb1d35fc6.txt",
    "cambridge": "002_d2f8d197802c5c70.txt",
}


@pytest.mark.parametrize("department", SEED_OF)
def test_a_store_file_and_its_own_page_do_not_drift(
    department: str, capsys: pytest.CaptureFixture[str]
) -> None:
    page = str(SEEDS / SEED_OF[department])
    status = main(["--check", page, "--id", department, "--store-dir", "stores"])
    assert status == 0, capsys.readouterr().out
    assert "No drift" in capsys.readouterr().out


def test_a_changed_page_is_listed_per_part_with_a_failing_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (SEEDS / SEED_OF["cambridge"]).read_text(encoding="utf-8")
    text = text.replace("Our mission is to partner with", "Our mission is to work with")
    text = text.replace("Efficiency\n", "Speed\n")
    text = text.replace(
        "We have compassion for victims of crime. ",
        "We have compassion for victims of crime. We answer every call. ",
    )
    text = text.replace(
        "We exercise discretion in a manner that is beyond reproach. ", ""
    )
    page = tmp_path / "cambridge.txt"
    page.write_text(text, encoding="utf-8")
    status = main(["--check", str(page), "--id", "cambridge", "--store-dir", "stores"])
    out = capsys.readouterr().out
    assert status == 1
    assert "[section:mission]\n  ~ changed: 'Our mission is to partner" in out
    assert "to: 'Our mission is to work with" in out
    assert "[value names]\n  + added:   'Speed'\n  - removed: 'Efficiency'" in out
    assert "[value:advocacy and empathy]\n  + added:   'We answer every call.'" in out
    assert "[value:integrity]\n  - removed: 'We exercise discretion" in out


def test_the_live_store_comes_from_store_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(ROOT / "stores" / "alhambra.yml", tmp_path / "alhambra.yml")
    with (tmp_path / "alhambra.yml").open("a", encoding="utf-8") as store:
        store.write("    - name: Courage\n      description: We act when it is hard.\n")
    monkeypatch.setenv("STORE_DIR", str(tmp_path))
    assert main(["--check", str(SEEDS / SEED_OF["alhambra"]), "--id", "alhambra"]) == 1
    assert "- removed: 'We act when it is hard.'" in capsys.readouterr().out


def test_import_writes_the_draft_and_its_review(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pages = ROOT / "tests" / "fixtures" / "pages"
    sources = [str(pages / "st_bernard_values.txt"), str(pages / "st_bernard_home.txt")]
    status = main([*sources, "--id", "st_bernard", "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert status == 0
    assert (
        (tmp_path / "st_bernard.yml").read_text(encoding="utf-8").startswith("# DRAFT")
    )
    review = (tmp_path / "st_bernard.review.txt").read_text(encoding="utf-8")
    assert review in out
    assert "stops mid-sentence; left out: 'We serve the commu'" in review


@pytest.mark.parametrize(
    "arguments",
    [
        ["http://127.0.0.1:9/mission", "--id", "lakeview"],
        ["no/such/page.html", "--id", "lakeview"],
        ["--check", str(SEEDS / SEED_OF["alhambra"]), "--id", "nobody"],
    ],
    ids=["offline-url", "missing-file", "no-store-file"],
)
def test_what_cannot_be_read_is_a_clear_error(
    tmp_path: Path, arguments: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*arguments, "--out", str(tmp_path)]) == 2
    error = capsys.readouterr().err
    assert error.startswith("error: ")
    assert "cannot be" in error or "nobody.yml" in error
