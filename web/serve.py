"""Serve the website widget and a demo department page: ``python -m web.serve``.

``/`` is a demo department page with the widget on it (``?department=<id>`` picks
another department of the store); ``/statement-bot.js`` and ``/statement-bot.css``
are the widget itself, for any site to embed. ``/hostile.html`` is the demo page
with aggressive global styles (``hostile.css``), to see that the widget keeps its
look on any site. ``/webchat.html`` is the same page
with botfront's rasa-webchat instead, over Socket.IO: its bundle comes from npm
(``make webchat`` copies it to ``web/vendor/``) and is served from here, never a
CDN. Nothing else is served.

Slow clients: a client has ``REQUEST_DEADLINE_SECONDS`` to send its whole
request (however slowly it trickles bytes; then the connection is closed), and
at most ``WEB_MAX_CLIENTS`` connections are served at once (more get 503 at
once), so trickling clients cannot take every thread.

Settings (``statement_bot.settings``): ``WEB_PORT``, the host ``RASA_HOST`` (the
widget's server is ``http://<RASA_HOST>:<RASA_PORT>``, or the page's own host name
when Rasa listens on every interface), ``STORE_DIR`` and the retention shown in
the widget's privacy notice.
"""

from __future__ import annotations

import contextlib
import html
import json
import socket
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from string import Template
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from statement_bot.settings import Settings, load_settings
from statement_bot.store import Store, StoreError, load_store

WEB_DIR = Path(__file__).resolve().parent
STATIC = {
    "/statement-bot.js": ("statement-bot.js", "text/javascript; charset=utf-8"),
    "/statement-bot.css": ("statement-bot.css", "text/css; charset=utf-8"),
    "/demo.css": ("demo.css", "text/css; charset=utf-8"),
    "/hostile.css": ("hostile.css", "text/css; charset=utf-8"),
    "/webchat.js": ("webchat.js", "text/javascript; charset=utf-8"),
    "/vendor/rasa-webchat.js": (
        "vendor/rasa-webchat.js",
        "text/javascript; charset=utf-8",
    ),
}
WEBCHAT_BUNDLE = WEB_DIR / "vendor" / "rasa-webchat.js"
WILDCARD_HOSTS = {"", "0.0.0.0", "::", "[::]"}
DEMO_COLOR = "#1d4f91"


class DemoSite:
    """What the handler needs: the store, the default department, Rasa's address."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        ids = sorted(d.id for d in store)
        default = settings.core.default_department
        self.default = default if store.get(default) else ids[0]
        self.rasa_host = settings.rasa.host
        self.rasa_port = settings.rasa.port
        self.retention_days = f"{settings.core.retention_days:g}"
        self.template = Template((WEB_DIR / "index.html").read_text(encoding="utf-8"))
        self.hostile_template = Template(
            (WEB_DIR / "hostile.html").read_text(encoding="utf-8")
        )
        self.webchat_template = Template(
            (WEB_DIR / "webchat.html").read_text(encoding="utf-8")
        )
        package = json.loads((WEB_DIR / "package.json").read_text(encoding="utf-8"))
        self.webchat_version = package["dependencies"]["rasa-webchat"]

    def server_url(self, page_host: str) -> str:
        """Where the widget sends messages, as the browser must reach Rasa."""
        host = self.rasa_host
        if host in WILDCARD_HOSTS:
            host = urlsplit(f"//{page_host}").hostname or "localhost"
        if ":" in host and not host.startswith("["):
            host = f"[{host}]"
        return f"http://{host}:{self.rasa_port}"

    def socket_url(self, page_host: str) -> str:
        """Rasa's Socket.IO address as the browser reaches it (WebSocket)."""
        return "ws" + self.server_url(page_host).removeprefix("http")

    def _fill(
        self, template: Template, department_id: str | None, page_host: str
    ) -> str:
        """A demo page for a department of the store (the default if unknown),
        with links to the others."""
        department = self.store.get(department_id) or self.store.get(self.default)
        assert department is not None
        others = [
            d for d in sorted(self.store, key=lambda d: d.name) if d != department
        ]
        links = ", ".join(
            f'<a href="?department={quote(d.id)}">{html.escape(d.name)}</a>'
            for d in others
        )
        return template.substitute(
            department_name=html.escape(department.name),
            department_id=html.escape(department.id),
            department_links=links or "none",
            server_url=html.escape(self.server_url(page_host)),
            retention_days=self.retention_days,
            color=DEMO_COLOR,
            webchat_version=html.escape(self.webchat_version),
        )

    def page(self, department_id: str | None, page_host: str) -> str:
        """The demo page with the project's widget."""
        return self._fill(self.template, department_id, page_host)

    def hostile_page(self, department_id: str | None, page_host: str) -> str:
        """The demo page with the project's widget and hostile global styles."""
        return self._fill(self.hostile_template, department_id, page_host)

    def webchat_page(self, department_id: str | None, page_host: str) -> str:
        """The demo page with rasa-webchat."""
        return self._fill(self.webchat_template, department_id, page_host)


WEBCHAT_MISSING = (
    "The rasa-webchat demo page needs the rasa-webchat package from npm: run "
    "`make webchat` (or `make run`, which does it), then reload.\n"
)


def page_policy(rasa: str) -> str:
    """The Content-Security-Policy of the page with the project's widget: its own
    files, and calls to Rasa only."""
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; "
        f"img-src 'self'; connect-src {rasa}; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'"
    )


def webchat_policy(rasa: str, socket: str) -> str:
    """The Content-Security-Policy of the rasa-webchat page. The bundle injects
    its styles inline and imports a web font from Google: the font is refused,
    so nothing leaves this server and Rasa."""
    return (
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        f"img-src 'self' data:; font-src 'self' data:; connect-src {rasa} {socket}; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )


BUSY = b"HTTP/1.0 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n"


def make_handler(
    site: DemoSite, deadline: float = 10.0
) -> type[BaseHTTPRequestHandler]:
    """A request handler bound to ``site``; a request must arrive whole within
    ``deadline`` seconds."""

    class Handler(BaseHTTPRequestHandler):
        server_version = "StatementBotWeb"
        sys_version = ""
        timeout = deadline  # no single read waits longer than the deadline

        def handle_one_request(self) -> None:
            # a trickling client is cut at the deadline, however it sends
            timer = threading.Timer(deadline, self.cut)
            timer.daemon = True
            self._deadline = timer
            timer.start()
            try:
                super().handle_one_request()
            finally:
                timer.cancel()

        def parse_request(self) -> bool:
            parsed = super().parse_request()
            self._deadline.cancel()  # the request has arrived whole (GET/HEAD)
            return parsed

        def cut(self) -> None:
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            self.respond(head=False)

        def do_HEAD(self) -> None:  # noqa: N802
            self.respond(head=True)

        def respond(self, head: bool) -> None:
            url = urlsplit(self.path)
            if url.path in ("/", "/hostile.html"):
                department = parse_qs(url.query).get("department", [None])[0]
                page_host = self.headers.get("Host", "localhost")
                fill = site.page if url.path == "/" else site.hostile_page
                body = fill(department, page_host).encode("utf-8")
                csp = page_policy(site.server_url(page_host))
                self.send(body, "text/html; charset=utf-8", head, csp)
            elif url.path == "/webchat.html" and not WEBCHAT_BUNDLE.exists():
                self.send(
                    WEBCHAT_MISSING.encode("utf-8"),
                    "text/plain; charset=utf-8",
                    head,
                    status=HTTPStatus.SERVICE_UNAVAILABLE,
                )
            elif url.path == "/webchat.html":
                department = parse_qs(url.query).get("department", [None])[0]
                page_host = self.headers.get("Host", "localhost")
                body = site.webchat_page(department, page_host).encode("utf-8")
                csp = webchat_policy(
                    site.server_url(page_host), site.socket_url(page_host)
                )
                self.send(body, "text/html; charset=utf-8", head, csp)
            elif url.path in STATIC and (WEB_DIR / STATIC[url.path][0]).exists():
                name, content_type = STATIC[url.path]
                self.send((WEB_DIR / name).read_bytes(), content_type, head)
            elif url.path == "/favicon.ico":
                self.send(b"", "image/x-icon", head, status=HTTPStatus.NO_CONTENT)
            elif url.path == "/health":
                self.send(b"ok", "text/plain; charset=utf-8", head)
            else:
                self.send(b"Not found", "text/plain; charset=utf-8", head, status=404)

        def send(
            self,
            body: bytes,
            content_type: str,
            head: bool,
            policy: str | None = None,
            status: int = HTTPStatus.OK,
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-cache")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
            if policy is not None:
                self.send_header("Content-Security-Policy", policy)
            self.end_headers()
            if not head:
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            """Quiet: no access log (it would hold nothing of use)."""

    return Handler


class LimitedServer(ThreadingHTTPServer):
    """A thread per connection, at most ``most`` at once (more get 503)."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: type, most: int) -> None:
        self.slots = threading.BoundedSemaphore(most)
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self.slots.acquire(blocking=False):
            with contextlib.suppress(OSError):
                request.sendall(BUSY)
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()


def main() -> int:
    """Serve until stopped."""
    try:
        settings = load_settings()
        store = load_store(settings.core.store_dir)
    except (StoreError, ValueError) as exc:
        print(f"Statement Bot web page not started:\n{exc}", file=sys.stderr)
        return 1
    site = DemoSite(store, settings)
    host, port_text = settings.rasa.host, str(settings.rasa.web_port)
    bind = "" if host in WILDCARD_HOSTS else host.strip("[]")
    server = LimitedServer(
        (bind, settings.rasa.web_port),
        make_handler(site, settings.rasa.request_deadline),
        settings.rasa.web_max_clients,
    )
    shown = "localhost" if host in WILDCARD_HOSTS | {"127.0.0.1"} else host
    print(
        f"Statement Bot: demo page with the chat widget at http://{shown}:{port_text}/"
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
