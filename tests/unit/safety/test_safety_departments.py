"""Department names in the safety detector come from the store, never from code.

A department added as a store file is a statement question's subject like the
shipped ones ("how does Killeen PD prevent suicide?" is no crisis), even when
its name holds a danger word ("Killeen", "Gunnison"); a person in danger is
still read as one.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from rasa_plugins.components import SafetyGuard
from statement_bot.safety import Alert, detect
from statement_bot.store import Store, load_store
from statement_bot.understand import departments as matching
from tests.paths import ROOT

KILLEEN = """
id: killeen
name: Killeen Police Department
short_names: [Killeen, Killeen PD]
sections:
  mission:
    title: Mission
    paragraphs:
      - Killeen officers serve every resident with respect.
"""

GUNNISON = """
id: gunnison
name: Gunnison Police Department
sections:
  mission:
    title: Mission
    paragraphs:
      - Gunnison officers keep the valley safe.
"""

# (message, what it needs) with Killeen and Gunnison in the store.
VERDICTS = [
    # Statement questions about a department whose name holds a danger word.
    ("how does Killeen PD prevent suicide?", None),
    ("how does killeen prevent suicide", None),
    ("does Killeen offer suicide prevention?", None),
    ("how does Gunnison prevent suicide?", None),
    ("how does gunnison pd address suicides", None),
    ("what is Gunnison's mission?", None),
    ("what is killeen's mission", None),
    # A person in danger is still one, wherever they live.
    ("I want to kill myself", Alert.CRISIS),
    ("I live in Killeen and I want to kill myself", Alert.CRISIS),
    ("how does Gunnison prevent suicide? i want to die", Alert.CRISIS),
    ("someone has a gun outside my house", Alert.EMERGENCY),
    ("someone has a gun outside my house in Gunnison", Alert.EMERGENCY),
    ("there's a shooting in Killeen right now", Alert.EMERGENCY),
]


@pytest.fixture
def store_dir(write_store: Callable[..., Path]) -> Path:
    """A store of two departments whose names hold "kill" and "gun"."""
    return write_store(killeen=KILLEEN, gunnison=GUNNISON)


def message(text: str) -> Message:
    predicted = {"name": "ask_mission", "confidence": 0.9}
    return Message({TEXT: text, INTENT: predicted, INTENT_RANKING_KEY: [predicted]})


@pytest.mark.parametrize(("text", "expected"), VERDICTS)
def test_the_detector_knows_the_departments_it_is_given(
    store_dir: Path, text: str, expected: Alert | None
) -> None:
    names = matching.names_index(load_store(store_dir))
    assert detect(text, departments=names) is expected


@pytest.mark.parametrize(("text", "expected"), VERDICTS)
def test_the_guard_reads_the_department_names_from_the_store(
    store_dir: Path, monkeypatch: pytest.MonkeyPatch, text: str, expected: Alert | None
) -> None:
    monkeypatch.setenv("STORE_DIR", str(store_dir))
    [result] = SafetyGuard({}).process([message(text)])
    name = "ask_mission" if expected is None else expected.value
    assert result.get(INTENT)["name"] == name


@pytest.mark.parametrize(
    "text",
    ["how does Killeen PD prevent suicide?", "how does gunnison prevent suicide"],
)
def test_an_unknown_name_is_no_department(text: str) -> None:
    """Without the store's names the same words speak of suicide: a crisis."""
    assert detect(text) is Alert.CRISIS
    assert detect(text, departments=["Lakeview"]) is Alert.CRISIS


@pytest.mark.parametrize("names", [["(", ".*", "", "|"], ["a+b", "x|y", "[z]"]])
def test_names_are_read_as_words_not_patterns(names: list[str]) -> None:
    crisis = detect("how does killeen prevent suicide", departments=names)
    assert crisis is Alert.CRISIS
    assert detect("what is the mission", departments=names) is None


@pytest.mark.parametrize(
    "text",
    [
        "how does west sac prevent suicide?",
        "does cambridge offer suicide prevention",
        "how does WSPD handle suicides",
        "what does apd say about suicide prevention",
    ],
)
def test_the_shipped_departments_come_from_the_shipped_store(
    store: Store, text: str
) -> None:
    assert detect(text, departments=matching.names_index(store)) is None
    assert detect(text) is Alert.CRISIS  # no name is built in
    [result] = SafetyGuard({}).process([message(text)])  # STORE_DIR: stores/
    assert result.get(INTENT)["name"] == "ask_mission"


def store_terms() -> set[str]:
    """Every id, name and short name of the shipped store, normalized; generic
    words alone ("police", "pd") are no department's name."""
    generic = {"the", "of", "and", "police", "department", "pd", "dept"}
    terms: set[str] = set()
    for path in (ROOT / "stores").glob("[!_]*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for term in [data["id"], data["name"], *data.get("short_names", [])]:
            words = re.sub(r"[^a-z0-9]+", " ", str(term).casefold()).split()
            if set(words) - generic:
                terms.add(" ".join(words))
    return terms


def code_without_prose(source: str) -> str:
    """Python source without its comments and docstrings (examples in prose
    are allowed: "what about Cambridge?")."""
    docstrings = {
        node.body[0].value.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
        and isinstance(node.body[0].value.value, str)
    }
    kept = [
        token.string
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type != tokenize.COMMENT
        and not (token.type == tokenize.STRING and token.start[0] in docstrings)
    ]
    return " ".join(kept)


def core_files() -> list[Path]:
    """The core package's code and all of its data (safety patterns, word lists)."""
    core = ROOT / "statement_bot"
    return sorted([*core.rglob("*.py"), *core.rglob("*.yml")])


def test_the_shipped_store_is_scanned() -> None:
    terms = store_terms()
    assert {"cambridge", "west sac", "wspd", "alhambra police department"} <= terms
    assert "police" not in terms
    assert any(path.suffix == ".yml" for path in core_files())


@pytest.mark.parametrize(
    "path", core_files(), ids=lambda p: str(p.relative_to(ROOT / "statement_bot"))
)
def test_no_store_name_in_core_code_or_safety_data(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        text = code_without_prose(text)
    words = " " + " ".join(re.sub(r"[^a-z0-9]+", " ", text.casefold()).split()) + " "
    found = sorted(term for term in store_terms() if f" {term} " in words)
    assert not found, f"{path.name} names departments of the store: {found}"
