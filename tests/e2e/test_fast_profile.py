"""End to end with the fast profile (config-fast.yml): trained here from the real
data, served by the real servers, asked over the REST channel."""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from devtools.servers import VENV_BIN, ActionServer, RasaServer, base_env
from tests.paths import ROOT

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def fast_rasa(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RasaServer]:
    work = tmp_path_factory.mktemp("fast-profile")
    trained = subprocess.run(
        [
            str(VENV_BIN / "python"),
            "-m",
            "rasa_plugins",
            "train",
            "--config",
            "config-fast.yml",
            "--fixed-model-name",
            "fast",
            "--out",
            str(work),
            "--quiet",
        ],
        cwd=ROOT,
        env=base_env(),
        capture_output=True,
        text=True,
    )
    log = (trained.stdout + trained.stderr)[-3000:]
    assert trained.returncode == 0, f"training config-fast.yml failed:\n{log}"
    actions = ActionServer(work).start_and_wait()
    rasa = RasaServer(
        work,
        action_port=actions.port,
        model=work / "fast.tar.gz",
        CONVERSATIONS_DB=str(work / "conversations.db"),
    )
    try:
        yield rasa.start_and_wait()
    finally:
        rasa.stop()
        actions.stop()


@pytest.mark.parametrize(
    ("messages", "expected"),
    [
        (
            ["What is Alhambra's mission?"],
            ["prevent crime, protect lives and property"],
        ),
        (
            ["What is Alhambra's mission?", "and their vision?"],
            ["ethical, sophisticated, progressive"],
        ),
        (["what does esprit de corps mean to west sac?"], ["Fostering comradery"]),
        (["how can I reach the Cambridge police?"], ["Cambridge Police Department"]),
        (["what is the mission?", "Cambridge"], ["partner with the community"]),
        (["are you a bot?"], ["automated assistant"]),
        (["what's the weather like in Boston tomorrow?"], ["outside what I can help"]),
        (["someone is breaking into my house right now"], ["911"]),
        (["I want to end my life"], ["988", "911"]),
    ],
)
def test_the_fast_profile_answers_from_the_store(
    fast_rasa: RasaServer, messages: list[str], expected: list[str]
) -> None:
    sender = f"fast-{uuid.uuid4().hex[:12]}"
    for message in messages:
        reply = fast_rasa.texts(sender, message)
    for text in expected:
        assert text in reply


def test_the_model_holds_the_fast_classifier(fast_rasa: RasaServer) -> None:
    model = Path(fast_rasa.command[fast_rasa.command.index("--model") + 1])
    listing = subprocess.run(
        ["tar", "tzf", str(model)], check=True, capture_output=True, text=True
    ).stdout
    assert "TfidfLogisticRegressionClassifier" in listing
    assert "DIETClassifier" not in listing
