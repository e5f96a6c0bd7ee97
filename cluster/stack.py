"""Run the scale-out profile on one machine: ``python -m cluster.stack``.

Starts, in order: PostgreSQL and Redis (when ``CLUSTER_LOCAL_SERVICES`` is true;
otherwise the ``POSTGRES_*`` / ``REDIS_*`` servers are used as they are), the
conversation pruner, one action server, one Rasa server per port in
``CLUSTER_RASA_PORTS`` (all with ``cluster/endpoints.cluster.yml``), and nginx on
``RASA_HOST:RASA_PORT`` in front of them (REST and Slack round robin; Socket.IO
sticky, with WebSocket upgrade), and the demo pages on ``WEB_PORT``, talking to
nginx. Ctrl-C stops everything it started.

The integration test (``tests/cluster/``) starts the same stack on free loopback
ports in temporary folders.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from ops.processes import Process, rasa_run_command, wait_for_http, wait_for_port
from statement_bot.settings import Settings as BotSettings
from statement_bot.settings import defaults, load_settings, server_environment

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
ENDPOINTS = ROOT / "cluster" / "endpoints.cluster.yml"
NGINX_TEMPLATE = ROOT / "cluster" / "nginx.conf.template"
MODEL = ROOT / "models" / "statement-bot.tar.gz"
_DEFAULTS = defaults()


def postgres_bin() -> Path:
    """The newest installed PostgreSQL's bin folder (Debian's layout)."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/postgres"),
        key=lambda p: int(Path(p).parent.parent.name),
    )
    if not found:
        raise RuntimeError("PostgreSQL is not installed: cluster/install-services.sh")
    return Path(found[-1]).parent


def _as_postgres_user(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run it as the ``postgres`` user then."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


def _give_to_postgres(path: Path) -> None:
    if os.geteuid() == 0:
        shutil.chown(path, "postgres", "postgres")


@dataclass
class Settings:
    """Everything the stack needs; ``from_settings`` takes it from the settings."""

    data_dir: Path
    log_dir: Path
    public_host: str = _DEFAULTS.rasa.host
    public_port: int = _DEFAULTS.rasa.port
    rasa_ports: list[int] = field(
        default_factory=lambda: [*_DEFAULTS.cluster.rasa_ports]
    )
    action_host: str = _DEFAULTS.rasa.action_host
    action_port: int = _DEFAULTS.rasa.action_port
    postgres_host: str = _DEFAULTS.cluster.postgres_host
    postgres_port: int = _DEFAULTS.cluster.postgres_port
    postgres_db: str = _DEFAULTS.cluster.postgres_db
    postgres_user: str = _DEFAULTS.cluster.postgres_user
    postgres_password: str = _DEFAULTS.cluster.postgres_password
    redis_host: str = _DEFAULTS.cluster.redis_host
    redis_port: int = _DEFAULTS.cluster.redis_port
    redis_db: int = _DEFAULTS.cluster.redis_db
    redis_password: str = _DEFAULTS.cluster.redis_password
    local_services: bool = _DEFAULTS.cluster.local_services
    durable: bool = True  # False: PostgreSQL without fsync (tests only)
    log_level: str = _DEFAULTS.core.log_level
    model: Path = MODEL
    endpoints: Path = ENDPOINTS
    # Web pages whose browsers may call the bot (the widget); never "*".
    cors_origins: list[str] = field(default_factory=list)
    # The demo pages (web/serve.py) pointed at nginx, or None for none.
    web_port: int | None = None
    # More settings for the servers (the tests: the rate limits).
    environment: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: BotSettings) -> Settings:
        """The stack of the checked settings (``statement_bot.settings``)."""
        data_dir = settings.cluster.data_dir
        return cls(
            data_dir=data_dir,
            log_dir=data_dir / "logs",
            public_host=settings.rasa.host,
            public_port=settings.rasa.port,
            rasa_ports=list(settings.cluster.rasa_ports),
            action_host=settings.rasa.action_host,
            action_port=settings.rasa.action_port,
            postgres_host=settings.cluster.postgres_host,
            postgres_port=settings.cluster.postgres_port,
            postgres_db=settings.cluster.postgres_db,
            postgres_user=settings.cluster.postgres_user,
            postgres_password=settings.cluster.postgres_password,
            redis_host=settings.cluster.redis_host,
            redis_port=settings.cluster.redis_port,
            redis_db=settings.cluster.redis_db,
            redis_password=settings.cluster.redis_password,
            local_services=settings.cluster.local_services,
            log_level=settings.core.log_level,
            cors_origins=list(settings.rasa.cors_origins),
            web_port=settings.rasa.web_port,
        )

    def rasa_command(self, port: int) -> list[str]:
        """``rasa run`` for one server: REST (and Slack) channels, CORS, no API."""
        if "*" in self.cors_origins:
            raise ValueError("CORS_ORIGINS must list web pages, not '*'")
        command = rasa_run_command(
            self.model, self.endpoints, ROOT / "credentials.yml", port
        )
        return command + (["--cors", *self.cors_origins] if self.cors_origins else [])

    def server_env(self) -> dict[str, str]:
        """The environment of the action server, the Rasa servers and the pruner."""
        return server_environment(
            LOG_LEVEL=self.log_level,
            # the Socket.IO channel's origin check (Rasa's --cors is the rest)
            CORS_ORIGINS=" ".join(self.cors_origins),
            ACTION_SERVER_HOST=self.action_host,
            ACTION_SERVER_PORT=str(self.action_port),
            POSTGRES_HOST=self.postgres_host,
            POSTGRES_PORT=str(self.postgres_port),
            POSTGRES_DB=self.postgres_db,
            POSTGRES_USER=self.postgres_user,
            POSTGRES_PASSWORD=self.postgres_password,
            REDIS_HOST=self.redis_host,
            REDIS_PORT=str(self.redis_port),
            REDIS_DB=str(self.redis_db),
            REDIS_PASSWORD=self.redis_password,
            # the rate limits' buckets are shared by the Rasa servers, and the
            # client's address is the one nginx (on this machine) names
            RATE_LIMIT_REDIS="true",
            TRUSTED_PROXIES="127.0.0.1 ::1",
            **self.environment,
        )


class Stack:
    """The running scale-out profile."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.processes: list[Process] = []
        self.rasa: list[Process] = []
        self.nginx: Process | None = None
        settings.log_dir.mkdir(parents=True, exist_ok=True)

    # -- the pieces ---------------------------------------------------------

    def start_postgres(self) -> None:
        s = self.settings
        bin_dir = postgres_bin()
        data = s.data_dir / "postgres"
        s.data_dir.mkdir(parents=True, exist_ok=True)
        if not (data / "PG_VERSION").exists():
            data.mkdir(parents=True, exist_ok=True)
            _give_to_postgres(data)
            data.chmod(0o700)
            pwfile = s.data_dir / "postgres.pwfile"  # initdb wants an empty -D
            pwfile.write_text(s.postgres_password + "\n")
            _give_to_postgres(pwfile)
            command = [
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-U",
                s.postgres_user,
                f"--pwfile={pwfile}",
                "--auth=scram-sha-256",
                "-E",
                "UTF8",
                "--locale=C",
            ]
            if not s.durable:
                command.append("--no-sync")
            done = subprocess.run(
                _as_postgres_user(command), capture_output=True, text=True, cwd="/"
            )
            pwfile.unlink()
            if done.returncode != 0:
                raise RuntimeError(f"initdb failed:\n{done.stdout}{done.stderr}")
        options = [
            "-c",
            f"listen_addresses={s.postgres_host}",
            "-c",
            f"port={s.postgres_port}",
            "-c",
            f"unix_socket_directories={data}",
        ]
        if not s.durable:
            options += ["-c", "fsync=off", "-c", "synchronous_commit=off"]
        process = Process(
            "postgres",
            _as_postgres_user([str(bin_dir / "postgres"), "-D", str(data), *options]),
            s.log_dir,
            stop_signal=signal.SIGINT,  # fast shutdown
        ).start()
        self.processes.append(process)
        wait_for_port(s.postgres_host, s.postgres_port, 60, process)
        self._create_database(process)

    def _create_database(self, process: Process) -> None:
        import psycopg2

        s = self.settings
        deadline = time.monotonic() + 30
        while True:
            try:
                connection = psycopg2.connect(
                    host=s.postgres_host,
                    port=s.postgres_port,
                    user=s.postgres_user,
                    password=s.postgres_password,
                    dbname="postgres",
                )
                break
            except psycopg2.OperationalError:
                if time.monotonic() > deadline or not process.alive():
                    raise
                time.sleep(0.5)
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [s.postgres_db]
            )
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{s.postgres_db}"')
        connection.close()

    def start_redis(self) -> None:
        s = self.settings
        command = [
            shutil.which("redis-server") or "/usr/bin/redis-server",
            "--bind",
            s.redis_host,
            "--port",
            str(s.redis_port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "no",
            "--dir",
            str(s.data_dir),
        ]
        if s.redis_password:
            command += ["--requirepass", s.redis_password]
        process = Process("redis", command, s.log_dir).start()
        self.processes.append(process)
        wait_for_port(s.redis_host, s.redis_port, 30, process)

    def prune_once(self) -> None:
        """Apply the retention limit once, before the servers start."""
        subprocess.run(
            [str(VENV_BIN / "python"), "-m", "ops.conversations"]
            + ["--endpoints", str(self.settings.endpoints), "prune"],
            env=self.settings.server_env(),
            cwd=ROOT,
            check=True,
        )

    def start_pruner(self, every_minutes: float) -> None:
        command = [str(VENV_BIN / "python"), "-m", "ops.conversations"]
        command += ["--endpoints", str(self.settings.endpoints), "prune"]
        command += ["--every", str(every_minutes)]
        env = self.settings.server_env()
        self.processes.append(
            Process("pruner", command, self.settings.log_dir, env).start()
        )

    def start_actions(self) -> None:
        s = self.settings
        process = Process(
            "actions",
            [str(VENV_BIN / "python"), "-m", "actions"],
            s.log_dir,
            s.server_env(),
        ).start()
        self.processes.append(process)
        wait_for_http(f"http://{s.action_host}:{s.action_port}/health", 120, process)

    def start_rasa_servers(self, timeout: float = 300) -> None:
        """Start every Rasa server at once and wait until all answer."""
        s = self.settings
        started = []
        for index, port in enumerate(s.rasa_ports):
            command = s.rasa_command(port)
            env = s.server_env()
            env["RASA_PORT"] = str(port)
            process = Process(f"rasa-{index + 1}", command, s.log_dir, env).start()
            self.processes.append(process)
            self.rasa.append(process)
            started.append((process, port))
        for process, port in started:
            wait_for_http(f"http://127.0.0.1:{port}/", timeout, process)

    def start_nginx(self) -> None:
        s = self.settings
        prefix = s.data_dir / "nginx"
        for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (prefix / "tmp" / sub).mkdir(parents=True, exist_ok=True)
        servers = "\n".join(
            f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;"
            for port in s.rasa_ports
        )
        config = (
            NGINX_TEMPLATE.read_text()
            .replace("@PREFIX@", str(prefix))
            .replace("@SERVERS@", servers)
            .replace("@LISTEN@", f"{s.public_host}:{s.public_port}")
        )
        conf = prefix / "nginx.conf"
        conf.write_text(config)
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        command = [nginx, "-e", str(prefix / "error.log"), "-p", str(prefix)]
        command += ["-c", str(conf), "-g", "daemon off;"]
        self.nginx = Process("nginx", command, s.log_dir, stop_signal=signal.SIGQUIT)
        self.nginx.start()
        self.processes.append(self.nginx)
        wait_for_http(f"http://{s.public_host}:{s.public_port}/", 30, self.nginx)

    def start_web(self) -> None:
        """The demo pages, their widgets talking to nginx."""
        s = self.settings
        if s.web_port is None:
            return
        env = s.server_env()
        env.update(
            RASA_HOST=s.public_host,
            RASA_PORT=str(s.public_port),
            WEB_PORT=str(s.web_port),
        )
        process = Process(
            "web", [str(VENV_BIN / "python"), "-m", "web.serve"], s.log_dir, env
        ).start()
        self.processes.append(process)
        wait_for_http(f"http://{s.public_host}:{s.web_port}/health", 30, process)

    # -- all together -------------------------------------------------------

    def start(self, prune_every_minutes: float = 0) -> Stack:
        """Start everything; on any failure stop what was started and raise."""
        try:
            if self.settings.local_services:
                self.start_postgres()
                self.start_redis()
            if prune_every_minutes > 0:
                self.prune_once()
                self.start_pruner(prune_every_minutes)
            self.start_actions()
            self.start_rasa_servers()
            self.start_nginx()
            self.start_web()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop in reverse order of start."""
        for process in reversed(self.processes):
            process.stop()
        self.processes.clear()

    def wait(self) -> int:
        """Block until a process exits (an error) or Ctrl-C; then stop all."""
        try:
            while all(p.alive() for p in self.processes):
                time.sleep(1)
            dead = [p for p in self.processes if not p.alive()]
            for process in dead:
                print(f"{process.name} stopped:\n{process.log()}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            return 0
        finally:
            self.stop()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> int:
    """``make run-cluster``: run the scale-out profile until Ctrl-C."""
    bot_settings = load_settings()
    settings = Settings.from_settings(bot_settings)
    if not settings.model.exists():
        print(f"error: no trained model at {settings.model}", file=sys.stderr)
        return 1
    stack = Stack(settings)
    signal.signal(signal.SIGTERM, _interrupt)
    every = bot_settings.core.prune_minutes
    print(f"Starting the scale-out profile; logs in {settings.log_dir}")
    stack.start(prune_every_minutes=every)
    print(
        "Statement Bot (scale-out): REST channel at "
        f"http://{settings.public_host}:{settings.public_port}/webhooks/rest/webhook "
        f"(nginx -> Rasa on ports {', '.join(map(str, settings.rasa_ports))}); "
        f"Socket.IO at /socket.io/"
    )
    if settings.web_port is not None:
        print(
            f"Demo pages: http://localhost:{settings.web_port}/ (own widget), "
            f"/webchat.html (rasa-webchat)"
        )
    return stack.wait()


if __name__ == "__main__":  # pragma: no cover - the command line
    sys.exit(main())
