"""A quiet start: ``scripts/run.sh`` (what ``make run`` runs) prints only the set-up
steps, the servers' start lines and the ready line, and a broken store still stops
it loudly."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest

from devtools.servers import MODEL
from ops.processes import Process, free_port
from statement_bot.settings import server_environment
from tests.paths import ROOT

pytestmark = pytest.mark.e2e

START_LINES = ROOT / "tests" / "fixtures" / "start_lines.txt"
READY = "Statement Bot is ready"


def allowed_lines() -> list[re.Pattern[str]]:
    """The allow-list: one pattern a line, ``#`` lines are comments."""
    lines = START_LINES.read_text(encoding="utf-8").splitlines()
    return [re.compile(line) for line in lines if line and not line.startswith("#")]


def make_exports() -> dict[str, str]:
    """The variables the Makefile exports to ``make run`` (``export NAME := value``)."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return dict(re.findall(r"^export (\w+) := (.*)$", text, re.MULTILINE))


def start(log_dir: Path, **overrides: str) -> Process:
    """``scripts/run.sh`` with make's environment, the default settings that
    change what it prints, and free ports."""
    env = server_environment(
        **make_exports(),
        LOG_LEVEL="INFO",
        SOCKETIO_ENABLED="true",
        RASA_ENABLE_API="false",
        RASA_HOST="127.0.0.1",
        ACTION_SERVER_HOST="127.0.0.1",
        RASA_PORT=str(free_port()),
        ACTION_SERVER_PORT=str(free_port()),
        WEB_PORT=str(free_port()),
        **overrides,
    )
    return Process(
        "start", [str(ROOT / "scripts" / "run.sh"), str(MODEL)], log_dir, env
    )


def wait_for_line(process: Process, text: str, timeout: float) -> str:
    """The log once it has a line with ``text`` (fails if the start ends first)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        log = process.log_path.read_text(errors="replace")
        if text in log:
            return log
        assert process.alive(), f"the start ended before {text!r}:\n{log[-4000:]}"
        time.sleep(1)
    raise TimeoutError(f"no {text!r} in {timeout:g} s:\n{process.log()}")


def test_a_start_prints_only_the_allowed_lines(tmp_path: Path) -> None:
    process = start(tmp_path).start()
    try:
        wait_for_line(process, READY, timeout=300)
        time.sleep(2)  # what the servers print just after the ready line
    finally:
        process.stop()
    log = process.log_path.read_text(errors="replace")
    patterns = allowed_lines()
    others = [
        line
        for line in log.splitlines()
        if not any(pattern.fullmatch(line) for pattern in patterns)
    ]
    assert others == [], log
    assert sum(READY in line for line in log.splitlines()) == 1


def test_a_start_with_a_broken_store_names_the_file_and_fails(tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(ROOT / "stores", store)
    broken = store / "lakeview.yml"
    broken.write_text("name: Lakeview Police Department\nmission: [unclosed\n")
    process = start(tmp_path, STORE_DIR=str(store)).start()
    try:
        assert process.popen is not None
        returncode = process.popen.wait(timeout=180)
    finally:
        process.stop()
    log = process.log_path.read_text(errors="replace")
    assert returncode != 0, log
    assert f"{broken}: is not valid YAML" in log
    assert "error: the action server stopped" in log
    assert READY not in log
