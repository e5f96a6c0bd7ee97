"""Child processes for the scale-out launcher: start, wait for, stop.

Each ``Process`` runs in its own process group (so stopping it stops its
children too) with its output in ``log_dir/<name>.log``. Used by
``cluster.stack`` (``make run-cluster``); the development harness
(``devtools.servers``) builds on it too. Their environment comes from
``statement_bot.settings.server_environment``.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def rasa_run_command(
    model: Path, endpoints: Path, credentials: Path, port: int
) -> list[str]:
    """``rasa run`` on loopback through the launcher that installs the patches
    (``python -m rasa_plugins``), for the scale-out launcher and the tests."""
    return [
        str(ROOT / ".venv" / "bin" / "python"),
        "-m",
        "rasa_plugins",
        "run",
        "--model",
        str(model),
        "--endpoints",
        str(endpoints),
        "--credentials",
        str(credentials),
        "--interface",
        "127.0.0.1",
        "--port",
        str(port),
    ]


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(host: str, port: int, timeout: float, process: Process) -> None:
    """Wait until ``host:port`` accepts connections (or the process dies)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not process.alive():
            raise RuntimeError(f"{process.name} exited:\n{process.log()}")
        try:
            with socket.create_connection((host, port), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{process.name} not listening on {port}:\n{process.log()}")


def wait_for_http(url: str, timeout: float, process: Process) -> None:
    """Wait until ``url`` answers (or the process dies)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not process.alive():
            raise RuntimeError(f"{process.name} exited:\n{process.log()}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"{process.name} did not answer {url}:\n{process.log()}")


class Process:
    """A child in its own process group, its output in ``log_dir/<name>.log``."""

    def __init__(
        self,
        name: str,
        command: Sequence[str],
        log_dir: Path,
        env: dict[str, str] | None = None,
        stop_signal: int = signal.SIGTERM,
    ) -> None:
        self.name = name
        self.command = list(command)
        self.env = env
        self.log_path = log_dir / f"{name}.log"
        self.stop_signal = stop_signal
        self.popen: subprocess.Popen[bytes] | None = None

    def start(self) -> Process:
        with open(self.log_path, "ab") as log:
            self.popen = subprocess.Popen(
                self.command,
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    @property
    def pid(self) -> int:
        """The process id (of the group leader); the process must be started."""
        assert self.popen is not None, f"{self.name} was not started"
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def stop(self, timeout: float = 20) -> None:
        if not self.alive():
            return
        assert self.popen is not None
        os.killpg(self.popen.pid, self.stop_signal)
        try:
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait()

    def log(self) -> str:
        if not self.log_path.exists():
            return ""
        return self.log_path.read_text(errors="replace")[-4000:]
