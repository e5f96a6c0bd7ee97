"""``make bench`` writes each profile's figures to its own file and README table
(no timings are asserted: these check where the figures go)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bench import report
from bench.__main__ import PROFILES, RESULTS, results_path
from tests.servers import ROOT


@pytest.fixture(scope="module")
def results() -> dict[str, Any]:
    """The figures of the last bench run of the default profile (committed)."""
    return json.loads(RESULTS.read_text())


@pytest.mark.parametrize(
    ("config", "name"),
    [("config.yml", "results.json"), ("config-fast.yml", "results-fast.json")],
)
def test_each_profile_has_its_own_results_file(config: str, name: str) -> None:
    assert results_path(config) == ROOT / "bench" / name


def test_the_profiles_are_the_pipeline_files() -> None:
    assert all((ROOT / config).is_file() for config in PROFILES)


def test_a_profiles_table_replaces_only_its_own(
    tmp_path: Path, results: dict[str, Any]
) -> None:
    readme = tmp_path / "README.md"
    blocks = [
        "\n".join((*report.markers(config), "")) for config in PROFILES
    ]  # empty tables
    readme.write_text("# Title\n\n" + "\ntext between\n\n".join(blocks) + "tail\n")
    report.update_readme(readme, {**results, "config": "config-fast.yml"})
    text = readme.read_text()
    default_start, default_end = report.markers("config.yml")
    fast_start, fast_end = report.markers("config-fast.yml")
    assert f"{default_start}\n{default_end}" in text  # untouched
    fast_block = text[text.index(fast_start) : text.index(fast_end)]
    assert "(`config-fast.yml`)" in fast_block and "| intent macro-F1 |" in fast_block
    assert text.startswith("# Title") and text.endswith("tail\n")
    assert "text between" in text


def test_a_missing_block_is_added_at_the_end(
    tmp_path: Path, results: dict[str, Any]
) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# Title\n")
    report.update_readme(readme, {**results, "config": "config-fast.yml"})
    start, end = report.markers("config-fast.yml")
    text = readme.read_text()
    assert text.index("# Title") < text.index(start) < text.index(end)
