"""Shared fixtures: the real store, small stores in tmp_path, Rasa SDK objects, servers."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import runtime
from devtools.servers import ActionServer, RasaServer
from statement_bot.names import SLOT_DEPARTMENT, SLOT_TOPIC, SLOT_VALUE
from statement_bot.settings import DEFAULT_STORE_DIR, defaults
from statement_bot.store import Store, load_store
from tests.paths import ROOT

# Debian's Chromium (``make browser``), as the guide asks: headless, offline.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

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
        base = defaults()
        core = replace(
            base.core, store_dir=chosen.directory, default_department=default
        )
        settings = replace(base, core=core)
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

    def _start_rasa(
        self, port: int | None = None, store_dir: Path | None = None
    ) -> RasaServer:
        store = {"STORE_DIR": str(store_dir)} if store_dir else {}
        return RasaServer(
            self.log_dir,
            action_port=self.actions.port,
            port=port,
            CONVERSATIONS_DB=str(self.conversations_db),
            **store,
        ).start_and_wait()

    def restart_rasa(self, store_dir: Path | None = None) -> None:
        """Restart only Rasa (same port, same tracker store file), e.g. with another
        store (Rasa reads the department names from it)."""
        self.rasa.stop()
        self.rasa = self._start_rasa(self.rasa.port, store_dir)

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


SLACK_VARIABLES = (
    "SLACK_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_CHANNEL",
    "SLACK_API_URL",
)


@pytest.fixture(scope="session", autouse=True)
def slack_off() -> Iterator[None]:
    """Every Rasa a test starts has Slack off (credentials.yml reads these ${VAR}s).

    tests/e2e/test_slack_webhook.py starts its own Rasa with a test secret and a
    local fake of Slack's Web API; no test ever reaches the real Slack.
    """
    with pytest.MonkeyPatch.context() as patch:
        for name in SLACK_VARIABLES:
            patch.setenv(name, "")
        yield


class FakeSlackApi:
    """A local stand-in for Slack's Web API: records every call; chat.postMessage
    answers a new ``ts``, chat.update changes that message (or answers
    ``message_not_found``, as Slack does)."""

    def __init__(self) -> None:
        import http.server
        import json
        import threading

        self.calls: list[dict[str, Any]] = []
        self.shown: dict[tuple[str, str], dict[str, Any]] = {}  # (channel, ts)
        self.lock = threading.Lock()
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8")
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = {"raw": raw}
                method = self.path.rsplit("/", 1)[-1]
                channel = body.get("channel")
                with fake.lock:
                    ts = f"1700000000.{len(fake.calls) + 1:06d}"
                    answer: dict[str, Any] = {"ok": True, "channel": channel, "ts": ts}
                    if method == "chat.postMessage":
                        fake.shown[(channel, ts)] = dict(body)
                    elif method == "chat.update":
                        key = (channel, body.get("ts"))
                        if key in fake.shown:
                            fake.shown[key] = {**fake.shown[key], **body}
                            answer["ts"] = body.get("ts")
                        else:
                            answer = {"ok": False, "error": "message_not_found"}
                    fake.calls.append(
                        {
                            "method": method,
                            "authorization": self.headers.get("Authorization"),
                            "body": body,
                            "ts": answer.get("ts"),
                        }
                    )
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(json.dumps(answer).encode())

            def log_message(self, *args: Any) -> None:
                """Quiet."""

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def posts(self, channel: str) -> list[dict[str, Any]]:
        """The chat.postMessage bodies sent to ``channel`` so far, each with the
        ``ts`` the fake gave it."""
        with self.lock:
            return [
                {**c["body"], "ts": c["ts"]}
                for c in self.calls
                if c["method"] == "chat.postMessage"
                and c["body"].get("channel") == channel
            ]

    def updates(self, channel: str) -> list[dict[str, Any]]:
        """The chat.update bodies sent for messages in ``channel``."""
        with self.lock:
            return [
                c["body"]
                for c in self.calls
                if c["method"] == "chat.update" and c["body"].get("channel") == channel
            ]

    def message(self, channel: str, ts: str) -> dict[str, Any]:
        """A posted message as it looks now (after any chat.update)."""
        with self.lock:
            return dict(self.shown[(channel, ts)])

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class ChannelsBot:
    """Servers for the widget, rasa-webchat and Slack tests: Rasa with CORS for the
    demo pages, Slack on (a test secret, replies to FakeSlackApi), and the demo
    page server (its own widget at ``/``, rasa-webchat at ``/webchat.html``)."""

    def __init__(self, log_dir: Path) -> None:
        import secrets

        from devtools.servers import _Process, base_env, free_port

        self.slack_secret = secrets.token_hex(16)
        self.slack = FakeSlackApi()
        web_port = free_port()
        self.web_url = f"http://127.0.0.1:{web_port}"
        self.conversations_db = log_dir / "conversations.db"  # the tracker store
        self.log_dir = log_dir
        self.actions = ActionServer(log_dir).start_and_wait()
        self.rasa = self._start_rasa()
        self.web = _Process(
            "web",
            [str(ROOT / ".venv" / "bin" / "python"), "-m", "web.serve"],
            base_env(
                WEB_PORT=str(web_port),
                RASA_PORT=str(self.rasa.port),
                CONVERSATION_RETENTION_DAYS="30",
            ),
            log_dir,
        )
        self.web.start()
        self.web.wait_until(f"{self.web_url}/health", 30)

    def _start_rasa(self, port: int | None = None) -> RasaServer:
        return RasaServer(
            self.log_dir,
            action_port=self.actions.port,
            port=port,
            extra_args=["--cors", self.web_url],
            CORS_ORIGINS=self.web_url,  # the Socket.IO channel's origin check
            CONVERSATIONS_DB=str(self.conversations_db),
            SLACK_TOKEN="xoxb-test-token",
            SLACK_SIGNING_SECRET=self.slack_secret,
            SLACK_CHANNEL="",
            SLACK_API_URL=self.slack.url,
        ).start_and_wait()

    def stop_bot(self) -> None:
        """Stop Rasa and the action server (the demo page stays up)."""
        self.rasa.stop()
        self.actions.stop()

    def start_bot(self) -> None:
        """Start them again on the same ports, with the same tracker store."""
        self.actions = ActionServer(self.log_dir, port=self.actions.port)
        self.actions.start_and_wait()
        self.rasa = self._start_rasa(self.rasa.port)

    def stop(self) -> None:
        self.web.stop()
        self.rasa.stop()
        self.actions.stop()
        self.slack.stop()


@pytest.fixture(scope="session")
def channels_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChannelsBot]:
    """The widget's and Slack's servers, started once (tests/e2e/: widget, socketio, Slack)."""
    running = ChannelsBot(tmp_path_factory.mktemp("channels"))
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def staff_report(tmp_path: Path) -> Callable[..., str]:
    """staff_report(tracker_store_file, *options) -> the HTML of `make report` on
    it (``--out`` is a file in tmp_path)."""
    import os
    import subprocess

    def run(db: Path, *options: str) -> str:
        out = tmp_path / "report.html"
        env = {**os.environ, "CONVERSATIONS_DB": str(db)}
        result = subprocess.run(
            [str(ROOT / ".venv" / "bin" / "python"), "-m", "ops.report"]
            + ["--out", str(out), *options],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return out.read_text(encoding="utf-8")

    return run


def only_conversation(db: Path, sender: str, into: Path) -> Path:
    """A copy of a tracker store file with one conversation only: a test's own,
    whatever the other tests of the session said."""
    import sqlite3

    # SQLite's backup, not a file copy: recent events may be in the WAL file
    with sqlite3.connect(db) as source, sqlite3.connect(into) as copy:
        source.backup(copy)
        copy.execute("DELETE FROM events WHERE sender_id != ?", (sender,))
    return into


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright, started once per test module (a
    module's asyncio tests must not run inside Playwright's event loop)."""
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), "Debian's chromium is missing: run `make browser`"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()
