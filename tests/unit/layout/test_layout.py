"""The package boundaries the architecture promises (docs/architecture.md)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.paths import ROOT

PRODUCT = ("statement_bot", "actions", "rasa_plugins", "web", "ops", "cluster")


def imported(path: Path) -> set[str]:
    """Top-level names of every module ``path`` imports."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def modules(*packages: str) -> list[Path]:
    return sorted(p for package in packages for p in (ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("path", modules("statement_bot"), ids=lambda p: p.name)
def test_the_core_imports_no_rasa_and_no_outer_package(path: Path) -> None:
    outer = {"rasa", "rasa_sdk", "actions", "rasa_plugins", "web", "ops", "cluster"}
    assert imported(path) & (outer | {"devtools", "bench", "tests"}) == set()


@pytest.mark.parametrize(
    "path", modules(*PRODUCT), ids=lambda p: str(p.relative_to(ROOT))
)
def test_product_code_never_imports_the_harness(path: Path) -> None:
    assert imported(path) & {"devtools", "bench", "tests"} == set()


RASA_CLASSES = {"RemoteAction", "EndpointConfig", "Event", "RasaModel"}


def test_only_the_patches_package_assigns_to_rasa_classes() -> None:
    """Replacing a Rasa internal happens in rasa_plugins/patches/ only."""
    found = []
    for path in modules(*PRODUCT):
        if "patches" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = node.targets if isinstance(node, ast.Assign) else []
            found += [
                f"{path}: {t.value.id}.{t.attr}"
                for t in targets
                if isinstance(t, ast.Attribute)
                and isinstance(t.value, ast.Name)
                and t.value.id in RASA_CLASSES
            ]
    assert found == []


def test_tests_mirror_the_code() -> None:
    """Unit tests under tests/unit/<area>/, server tests under tests/e2e/ and
    tests/cluster/; none left at the root, no server test among the unit tests."""
    tests = ROOT / "tests"
    assert sorted(p.name for p in tests.glob("test_*.py")) == []
    marked = [
        str(path.relative_to(tests))
        for path in (tests / "unit").rglob("test_*.py")
        if re.search(r"pytest\.mark\.(?:e2e|cluster)\b", path.read_text("utf-8"))
    ]
    assert marked == []
