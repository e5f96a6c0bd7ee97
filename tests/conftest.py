"""Shared fixtures: the real store, small stores in tmp_path, Rasa SDK objects, servers."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from actions.config import DEFAULT_STORE_DIR, Settings
from actions.constants import SLOT_DEPARTMENT, SLOT_TOPIC, SLOT_VALUE
from actions.store import Store, load_store
from tests.servers import ActionServer, RasaServer

ROOT = Path(__file__).resolve().parent.parent

LAKEVIEW = """
id: lakeview
name: Lakeview Police Department
short_names: [Lakeview, LVPD]
sections:
  mission:
    title: Our Mission
    paragraphs:
      - Lakeview officers keep the lakeshore safe for every resident and visitor.
  motto:
    title: Motto
    aliases: [motto, slogan]
    paragraphs:
      - Steady as the lake.
values:
  title: Our Values
  items:
    - name: Stewardship
      aliases: [caretaking]
      description: We look after the shoreline, the parks and the people who use them.
    - name: Candor
      description: We say plainly what we know and what we do not.
contact:
  title: Reach Us
  entries:
    - kind: phone
      label: Non-Emergency Line
      value: 555-0100
"""


@pytest.fixture(scope="session")
def store() -> Store:
    """The real statement store shipped in stores/."""
    return load_store(DEFAULT_STORE_DIR)


@pytest.fixture
def write_store(tmp_path: Path) -> Callable[..., Path]:
    """Write department files into a fresh folder: write_store(name=yaml_text, ...)."""

    def write(**files: str) -> Path:
        folder = tmp_path / "store"
        folder.mkdir(exist_ok=True)
        for name, text in files.items():
            (folder / f"{name}.yml").write_text(textwrap.dedent(text), encoding="utf-8")
        return folder

    return write


@pytest.fixture
def lakeview_store(write_store: Callable[..., Path]) -> Store:
    """A store with one department that no training example mentions."""
    return load_store(write_store(lakeview=LAKEVIEW))


@pytest.fixture
def use_store(store: Store) -> Iterator[Callable[..., Store]]:
    """Install a store (and default department) for the actions; restore after."""

    def install(new_store: Store | None = None, default: str | None = None) -> Store:
        chosen = new_store or store
        settings = Settings(chosen.directory, default, "127.0.0.1", 5055)
        return runtime.configure(settings, chosen)

    install()
    yield install
    install()


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


@pytest.fixture
def domain() -> dict[str, Any]:
    return {}


@pytest.fixture
def tracker() -> Callable[..., Tracker]:
    """Build a tracker for the latest message: tracker(text, intent, entities, slots)."""

    def build(
        text: str,
        intent: str | None = None,
        entities: list[dict[str, Any]] | None = None,
        **slots: Any,
    ) -> Tracker:
        all_slots = {SLOT_DEPARTMENT: None, SLOT_TOPIC: None, SLOT_VALUE: None, **slots}
        message = {
            "text": text,
            "intent": {"name": intent, "confidence": 1.0} if intent else {},
            "entities": entities or [],
        }
        return Tracker(
            "test-user", all_slots, message, [], False, None, {}, "action_listen"
        )

    return build


class Bot:
    """The running servers shared by the end-to-end tests."""

    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        self.conversations_db = log_dir / "conversations.db"  # the tracker store
        self.actions = ActionServer(log_dir).start_and_wait()
        self.rasa = self._start_rasa()

    def _start_rasa(self, port: int | None = None) -> RasaServer:
        return RasaServer(
            self.log_dir,
            action_port=self.actions.port,
            port=port,
            CONVERSATIONS_DB=str(self.conversations_db),
        ).start_and_wait()

    def restart_rasa(self) -> None:
        """Restart only Rasa (same port, same tracker store file)."""
        self.rasa.stop()
        self.rasa = self._start_rasa(self.rasa.port)

    def restart_actions(self, store_dir: Path | None = None, **env: str) -> None:
        """Restart only the action server (same port), e.g. with another store."""
        self.actions.stop()
        self.actions = ActionServer(
            self.log_dir, store_dir=store_dir, port=self.actions.port, **env
        ).start_and_wait()

    def stop(self) -> None:
        self.rasa.stop()
        self.actions.stop()


@pytest.fixture(scope="session", autouse=True)
def conversations_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A scratch tracker store file for every Rasa a test starts (endpoints.yml)."""
    path = tmp_path_factory.mktemp("tracker") / "conversations.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CONVERSATIONS_DB", str(path))
        yield path


@pytest.fixture(scope="session")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bot]:
    """Both servers, started once for all end-to-end tests."""
    running = Bot(tmp_path_factory.mktemp("servers"))
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="session")
def responses() -> dict[str, Any]:
    """The domain's responses, for rendering what an action sent."""
    import yaml

    return yaml.safe_load((ROOT / "domain.yml").read_text())["responses"]


@pytest.fixture
def render(responses: dict[str, Any]) -> Callable[[dict[str, Any]], str]:
    """The text a dispatched message shows, as Rasa fills the domain response."""
    import re

    def fill(message: dict[str, Any]) -> str:
        if not message.get("response"):
            return message.get("text") or ""
        template = responses[message["response"]][0]["text"]
        return re.sub(r"{(\w+)}", lambda m: str(message[m.group(1)]), template)

    return fill
