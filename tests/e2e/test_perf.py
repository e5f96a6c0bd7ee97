"""rasa_plugins/patches/ with the trained model: Rasa's own model loading still
works with every patch installed (the patches' unit tests are in
tests/unit/rasa_plugins/test_perf.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rasa.core.agent import load_agent

from devtools.servers import MODEL
from rasa_plugins import patches

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module", autouse=True)
def installed() -> Iterator[None]:
    with patches.installed():
        yield


async def test_the_trained_model_loads_and_parses_with_the_patches() -> None:
    """Rasa's own model loading, with every patch installed, gives the intents."""
    agent = await load_agent(model_path=str(MODEL))
    for text, intent in [
        ("What is Cambridge's mission?", "ask_mission"),
        ("what does integrity mean to alhambra", "ask_value"),
        ("hello", "greet"),
    ]:
        parsed = await agent.parse_message(text)
        assert parsed["intent"]["name"] == intent
