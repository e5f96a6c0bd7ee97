"""The demo pages' server (web/serve.py), without Rasa: routes, headers, and the
rasa-webchat page when its npm bundle is or is not installed."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

import web.serve
from statement_bot.settings import defaults
from statement_bot.store import Store
from web.serve import DemoSite, make_handler


@pytest.fixture
def site_url(store: Store) -> Iterator[str]:
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), make_handler(DemoSite(store, defaults()))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def get(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as reply:
            return reply.status, dict(reply.headers), reply.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@pytest.mark.parametrize(
    ("query", "department"),
    [
        ("?department=west_sacramento", "West Sacramento Police Department"),
        ("?department=nowhere", "Alhambra Police Department"),  # the default
        ("", "Alhambra Police Department"),
    ],
)
def test_the_webchat_page_sends_its_department(
    site_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    query: str,
    department: str,
) -> None:
    bundle = tmp_path / "rasa-webchat.js"
    bundle.write_text("/* bundle */")
    monkeypatch.setattr(web.serve, "WEBCHAT_BUNDLE", bundle)
    status, headers, page = get(f"{site_url}/webchat.html{query}")
    assert status == 200 and f"<h1>{department}</h1>" in page
    assert 'data-department="' in page and 'data-server="http://' in page
    policy = headers["Content-Security-Policy"]
    assert "connect-src http://" in policy and " ws://" in policy
    assert "fonts.googleapis.com" not in policy and "*" not in policy


def test_without_the_npm_bundle_the_page_says_how_to_install_it(
    site_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(web.serve, "WEBCHAT_BUNDLE", tmp_path / "missing.js")
    status, _, text = get(f"{site_url}/webchat.html")
    assert status == 503 and "make webchat" in text


@pytest.mark.parametrize(
    "path",
    [
        "/webchat.js",
        "/statement-bot.js",
        "/statement-bot.css",
        "/demo.css",
        "/hostile.css",
        "/health",
    ],
)
def test_the_pages_files_are_served(site_url: str, path: str) -> None:
    assert get(f"{site_url}{path}")[0] == 200


@pytest.mark.parametrize("path", ["/", "/hostile.html"])
def test_both_widget_pages_have_the_strict_policy(site_url: str, path: str) -> None:
    """The plain and the hostile demo page: the widget's script and stylesheet
    from the page's own origin only (the widget needs no inline style)."""
    status, headers, page = get(f"{site_url}{path}?department=cambridge")
    assert status == 200 and 'src="/statement-bot.js"' in page
    assert 'data-department="cambridge"' in page
    assert ("/hostile.css" in page) is (path == "/hostile.html")
    policy = headers["Content-Security-Policy"]
    assert "style-src 'self';" in policy and "unsafe-inline" not in policy


@pytest.mark.parametrize(
    "path",
    ["/vendor/../serve.py", "/package.json", "/x", "/node_modules/axe-core/axe.js"],
)
def test_nothing_else_is_served(site_url: str, path: str) -> None:
    assert get(f"{site_url}{path}")[0] == 404
