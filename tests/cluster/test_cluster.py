"""The scale-out profile for real: PostgreSQL tracker store, Redis lock store,
two Rasa servers, one action server and nginx in front (``make test-cluster``),
and the demo pages talking to nginx (rasa-webchat over Socket.IO in Chromium).

The set-up installs PostgreSQL, Redis and nginx from Debian's packages when they
are missing (cluster/install-services.sh) and starts them on free loopback ports
in a temporary folder. Figures (timings) go to results/cluster/figures.json.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg2
import pytest

from cluster.stack import Settings, Stack
from devtools.servers import cors_preflight, http_json
from ops.processes import free_port
from statement_bot.settings import DEFAULT_STORE_DIR
from statement_bot.store import Store, load_store
from tests.e2e.conversation_script import Recruit
from tests.e2e.webchat import Widget, ask, open_widget, run
from tests.paths import ROOT

# e2e too, so that a plain `pytest -m "not e2e"` never starts the whole stack
pytestmark = [pytest.mark.e2e, pytest.mark.cluster]

FIGURES = ROOT / "results" / "cluster" / "figures.json"
figures: dict[str, object] = {}


def excerpt(text: str, length: int = 40) -> str:
    return " ".join(text.split())[:length]


def section_text(store: Store, department: str, section: str) -> str:
    found = store.get(department)
    assert found is not None
    return excerpt(found.sections[section].paragraphs[0])


@pytest.fixture(scope="module")
def stack() -> Iterator[Stack]:
    started = time.monotonic()
    subprocess.run([str(ROOT / "cluster" / "install-services.sh")], check=True)
    figures["install_check_s"] = round(time.monotonic() - started, 1)
    # /tmp, not pytest's tmp_path: PostgreSQL runs as the postgres user when root
    data_dir = Path(tempfile.mkdtemp(prefix="statementbot-cluster-"))
    data_dir.chmod(0o755)
    settings = Settings(
        data_dir=data_dir,
        log_dir=data_dir / "logs",
        public_port=free_port(),
        rasa_ports=[free_port(), free_port()],
        action_port=free_port(),
        postgres_port=free_port(),
        postgres_password=uuid.uuid4().hex,
        redis_port=free_port(),
        durable=False,
        log_level="DEBUG",  # the lock store says when a message waits its turn
        cors_origins=[WIDGET_PAGE],
        web_port=WEB_PORT,
        # every client here is 127.0.0.1: no address limit; a sender limit high
        # enough for every test but the one that proves the buckets are shared
        environment={
            "SENDER_RATE_LIMIT": str(SHARED_LIMIT),
            "ADDRESS_RATE_LIMIT": "0",
            "RATE_LIMIT_SECONDS": "3600",
        },
    )
    started = time.monotonic()
    running = Stack(settings).start()
    figures["start_s"] = round(time.monotonic() - started, 1)
    try:
        yield running
    finally:
        running.stop()
        logs = FIGURES.parent / "logs"
        shutil.rmtree(logs, ignore_errors=True)
        shutil.copytree(settings.log_dir, logs)  # kept for a failure's post-mortem
        shutil.copy(data_dir / "nginx" / "access.log", logs / "nginx-access.log")
        shutil.rmtree(data_dir, ignore_errors=True)
        FIGURES.parent.mkdir(parents=True, exist_ok=True)
        FIGURES.write_text(json.dumps(figures, indent=2) + "\n")
        print(f"\ncluster figures: {json.dumps(figures)}")


SHARED_LIMIT = 40


def test_one_senders_rate_limit_is_shared_by_both_servers(stack: Stack) -> None:
    """The buckets live in Redis: messages to the two Rasa servers in turn count
    together (each server alone would let all of them in)."""
    from rasa_plugins import access
    from statement_bot import names

    slow_down = access.response(names.UTTER_SLOW_DOWN)["text"]
    sender = f"shared-{uuid.uuid4().hex}"
    said = []
    for i in range(SHARED_LIMIT + 1):
        port = stack.settings.rasa_ports[i % 2]
        said.append(chat(f"http://127.0.0.1:{port}", sender, f"hello {i}")[1])
    assert all(slow_down not in s for s in said[:SHARED_LIMIT])
    assert said[SHARED_LIMIT] == slow_down


def chat(url: str, sender: str, message: str) -> tuple[int, str, float]:
    """Send one message; return (status, reply texts, seconds)."""
    started = time.monotonic()
    status, replies = http_json(
        f"{url}/webhooks/rest/webhook", {"sender": sender, "message": message}, 60
    )
    texts = (
        "\n".join(m.get("text") or "" for m in replies)
        if isinstance(replies, list)
        else str(replies)
    )
    return status, texts, time.monotonic() - started


WEB_PORT = free_port()
WIDGET_PAGE = f"http://127.0.0.1:{WEB_PORT}"  # the demo pages, talking to nginx


def rasa_urls(stack: Stack) -> list[str]:
    return [f"http://127.0.0.1:{port}" for port in stack.settings.rasa_ports]


def public_url(stack: Stack) -> str:
    return f"http://127.0.0.1:{stack.settings.public_port}"


def user_messages(stack: Stack, sender: str) -> list[str]:
    """The user messages PostgreSQL holds for ``sender``, in stored order."""
    s = stack.settings
    with psycopg2.connect(
        host=s.postgres_host,
        port=s.postgres_port,
        user=s.postgres_user,
        password=s.postgres_password,
        dbname=s.postgres_db,
    ) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT data FROM events WHERE sender_id = %s AND type_name = 'user' "
            "ORDER BY id",
            [sender],
        )
        return [json.loads(data)["text"] for (data,) in cursor.fetchall()]


def rasa_logs(stack: Stack) -> str:
    return "\n".join(p.log_path.read_text(errors="replace") for p in stack.rasa)


def test_the_widget_s_page_may_call_the_bot_through_the_load_balancer(
    stack: Stack,
) -> None:
    webhook = f"{public_url(stack)}/webhooks/rest/webhook"
    assert cors_preflight(webhook, WIDGET_PAGE) == WIDGET_PAGE
    assert cors_preflight(webhook, "http://evil.example") is None


def test_a_conversation_continues_on_the_other_server(stack: Stack) -> None:
    store = load_store(DEFAULT_STORE_DIR)
    first, second = rasa_urls(stack)
    me = f"across-{uuid.uuid4().hex[:8]}"
    steps = [
        (
            first,
            "What is Alhambra's mission?",
            section_text(store, "alhambra", "mission"),
        ),
        (second, "and their vision?", section_text(store, "alhambra", "vision")),
        (first, "what about Cambridge?", section_text(store, "cambridge", "vision")),
    ]
    for url, message, expected in steps:
        status, reply, _ = chat(url, me, message)
        assert status == 200
        assert expected in " ".join(reply.split()), (url, message, reply)
    assert user_messages(stack, me) == [message for _, message, _ in steps]


def test_a_practice_round_goes_on_across_the_two_servers(stack: Stack) -> None:
    """The round lives in the conversation (PostgreSQL), not in a server."""
    store = load_store(DEFAULT_STORE_DIR)
    urls = rasa_urls(stack)
    me = f"practice-{uuid.uuid4().hex[:8]}"
    recruit = Recruit(store, "alhambra", me)
    status, reply, _ = chat(urls[0], me, "quiz me on alhambra's values")
    assert status == 200 and "Question 1 of 5" in reply
    for number in range(1, 5):
        status, reply, _ = chat(urls[number % 2], me, recruit.answer())
        recruit.position += 1
        assert status == 200 and f"Score: {number} of {number}." in reply, reply
    status, reply, _ = chat(urls[1], me, recruit.answer())
    assert "you scored 5 of 5" in reply


def send_apart(
    sender: str, messages: list[tuple[str, str]], gap: float
) -> list[tuple[int, str, float]]:
    """Send (url, text) messages from ``sender``, each ``gap`` s after the one
    before, without waiting for replies; return the replies in sending order."""
    results: dict[int, tuple[int, str, float]] = {}

    def send(index: int) -> None:
        url, message = messages[index]
        results[index] = chat(url, sender, message)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(messages))]
    for thread in threads:
        thread.start()
        time.sleep(gap)
    for thread in threads:
        thread.join(timeout=120)
    return [results[index] for index in range(len(messages))]


def test_one_senders_concurrent_messages_are_processed_in_order(
    stack: Stack,
) -> None:
    """Four messages of one sender, alternately to both servers, overlapping.

    Overlap is what is tested, so a round whose messages were each answered
    before the next arrived (the bot got faster) is run again, closer together.
    """
    store = load_store(DEFAULT_STORE_DIR)
    cambridge = store.get("cambridge")
    assert cambridge is not None
    first, second = rasa_urls(stack)
    steps = [
        (
            first,
            "What is Alhambra's mission?",
            section_text(store, "alhambra", "mission"),
        ),
        (second, "and their vision?", section_text(store, "alhambra", "vision")),
        (first, "what about Cambridge?", section_text(store, "cambridge", "vision")),
        (second, "and their values?", cambridge.values[0].name),
    ]
    for gap in (0.05, 0.03, 0.02, 0.01):  # seconds between two messages
        me = f"queue-{uuid.uuid4().hex[:8]}"
        started = time.monotonic()
        results = send_apart(me, [(url, message) for url, message, _ in steps], gap)
        figures["same_sender_4_messages_s"] = round(time.monotonic() - started, 2)
        for index, (_, message, expected) in enumerate(steps):
            status, reply, _ = results[index]
            assert status == 200, (message, reply)
            assert expected in " ".join(reply.split()), (message, reply)
        assert user_messages(stack, me) == [message for _, message, _ in steps]
        logs = rasa_logs(stack)
        assert "LockError" not in logs and "Could not acquire lock" not in logs
        waited = re.findall(rf"Failed to acquire lock for conversation ID '{me}'", logs)
        if waited:
            figures["same_sender_lock_waits"] = len(waited)
            figures["same_sender_gap_s"] = gap
            return
    pytest.fail("no message ever had to wait: the messages did not overlap")


def test_twenty_concurrent_users_through_the_load_balancer(stack: Stack) -> None:
    store = load_store(DEFAULT_STORE_DIR)
    departments = [("alhambra", "Alhambra"), ("cambridge", "Cambridge")]
    departments.append(("west_sacramento", "West Sacramento"))
    url = public_url(stack)
    access_log = stack.settings.data_dir / "nginx" / "access.log"
    log_start = access_log.stat().st_size if access_log.exists() else 0
    users = 20
    barrier = threading.Barrier(users)
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()

    def converse(index: int) -> None:
        department, name = departments[index % len(departments)]
        sender = f"crowd-{index}-{uuid.uuid4().hex[:6]}"
        barrier.wait()
        for message, section in (
            (f"What is {name}'s mission?", "mission"),
            ("and their vision?", "vision"),
        ):
            status, reply, seconds = chat(url, sender, message)
            expected = section_text(store, department, section)
            with lock:
                latencies.append(seconds)
                if status != 200 or expected not in " ".join(reply.split()):
                    failures.append(f"{sender} {message!r}: {status} {reply[:200]!r}")

    threads = [threading.Thread(target=converse, args=(i,)) for i in range(users)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    elapsed = time.monotonic() - started
    assert not failures, failures
    assert len(latencies) == 2 * users
    ordered = sorted(latencies)
    figures.update(
        users=users,
        messages=len(latencies),
        wall_s=round(elapsed, 2),
        throughput_msg_per_s=round(len(latencies) / elapsed, 1),
        latency_p50_s=round(ordered[len(ordered) // 2], 2),
        latency_p95_s=round(ordered[int(len(ordered) * 0.95) - 1], 2),
        latency_max_s=round(ordered[-1], 2),
    )
    with open(access_log, "rb") as log:
        log.seek(log_start)
        lines = log.read().decode(errors="replace").splitlines()
    served = {f"127.0.0.1:{port}": 0 for port in stack.settings.rasa_ports}
    for line in lines:
        match = re.search(r"upstream=(\S+)", line)
        if match and match.group(1) in served:
            served[match.group(1)] += 1
    assert all(count > 0 for count in served.values()), served
    figures["requests_per_server"] = list(served.values())
    assert "LockError" not in rasa_logs(stack)


def access_log_from(stack: Stack) -> Callable[[], list[str]]:
    """The nginx access log lines written from now on (call to read them)."""
    access_log = stack.settings.data_dir / "nginx" / "access.log"
    start = access_log.stat().st_size if access_log.exists() else 0

    def read() -> list[str]:
        with open(access_log, "rb") as log:
            log.seek(start)
            return log.read().decode(errors="replace").splitlines()

    return read


def socketio_requests(lines: list[str]) -> list[tuple[str, str, str]]:
    """(request, status, upstream) of the Socket.IO lines of the access log."""
    found = re.findall(
        r'"(GET|POST) (/socket\.io/\S*) [^"]*" (\d+) upstream=(\S+)', "\n".join(lines)
    )
    return [(path, status, upstream) for _, path, status, upstream in found]


def test_rasa_webchat_talks_through_nginx_over_websocket(
    stack: Stack, browser: Any
) -> None:
    store = load_store(DEFAULT_STORE_DIR)
    log = access_log_from(stack)
    context = browser.new_context()
    try:
        page = context.new_page()
        open_widget(page, f"{WIDGET_PAGE}/webchat.html?department=cambridge")
        said = ask(page, "what is your vision?")
        assert section_text(store, "cambridge", "vision") in " ".join(said.split())
        assert "Cambridge Police Department" in said
        assert "911" in ask(page, "someone is breaking into my house right now")
    finally:
        context.close()  # nginx logs a WebSocket when it closes
    deadline = time.monotonic() + 10
    while not any("transport=websocket" in r for r, _, _ in socketio_requests(log())):
        assert time.monotonic() < deadline, log()
        time.sleep(0.2)
    requests = socketio_requests(log())
    assert any(
        "transport=websocket" in path and status == "101"
        for path, status, _ in requests
    ), requests
    # the session's polling handshake and its WebSocket reached one server
    assert len({upstream for _, _, upstream in requests}) == 1, requests


def test_socketio_polling_keeps_one_server(stack: Stack) -> None:
    """Polling only: every request of a Socket.IO session must reach the server
    that holds it (round robin fails with "session id unknown")."""
    log = access_log_from(stack)

    async def talk() -> None:
        widget = Widget(public_url(stack))
        session = await widget.open(origin=WIDGET_PAGE)
        for message, expected in (
            ("What is Alhambra's mission?", "Alhambra Police Department"),
            ("and their vision?", "Alhambra Police Department"),
            ("what are west sac's core values?", "West Sacramento"),
        ):
            assert expected in await widget.say(session, message)
        await widget.close()

    run(talk())
    requests = socketio_requests(log())
    # the last long poll is cut short by the hang-up (nginx logs 499)
    assert len(requests) >= 6, requests
    assert all(status == "200" for _, status, _ in requests[:-1]), requests
    assert len({upstream for _, _, upstream in requests}) == 1, requests


def test_the_staff_report_reads_postgresql(stack: Stack, tmp_path: Path) -> None:
    """`make report --endpoints cluster/endpoints.cluster.yml`: the same report
    from the scale-out profile's PostgreSQL."""
    me = f"report-{uuid.uuid4().hex[:8]}"
    url = rasa_urls(stack)[0]
    assert chat(url, me, "what is the vision of the cambridge police?")[0] == 200
    missed = "does cambridge's vision mention drones? I live at 4417 Elm Street"
    assert chat(url, me, missed)[0] == 200
    out = tmp_path / "report.html"
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "-m", "ops.report"]
        + ["--endpoints", str(stack.settings.endpoints), "--out", str(out)],
        env=stack.settings.server_env(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    page = out.read_text()
    assert "Missed questions" in page and "#### Elm Street" in page
    assert "4417" not in page and me not in page


def test_delete_my_conversation_empties_postgresql(stack: Stack) -> None:
    """ "Delete my conversation" removes every stored event at once, PostgreSQL
    too (``ops.conversations list`` no longer shows the sender)."""
    me = f"forget-{uuid.uuid4().hex[:8]}"
    url = rasa_urls(stack)[0]

    def senders() -> str:
        return subprocess.run(
            [str(ROOT / ".venv" / "bin" / "python"), "-m", "ops.conversations"]
            + ["--endpoints", str(stack.settings.endpoints), "list"],
            env=stack.settings.server_env(),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout

    assert chat(url, me, "what is the vision of the cambridge police?")[0] == 200
    assert me in senders()
    status, said, _ = chat(rasa_urls(stack)[1], me, "delete my conversation")
    assert status == 200 and "Deleted" in said
    assert me not in senders()
