"""botfront's rasa-webchat (the npm package's own bundle) in headless Chromium,
talking to the real bot over the Socket.IO channel (rasa_plugins/socketio.py).

The page is ``/webchat.html`` from ``python -m web.serve``; the bundle is the one
``make webchat`` installed from npm into ``web/vendor/``. The servers are
``channels_bot`` (conftest.py).
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from statement_bot.store import Store
from tests.e2e.webchat import ask, open_widget, responses, wait_for_answer
from web.serve import WEB_DIR

pytestmark = pytest.mark.e2e


def webchat_version() -> str:
    package = WEB_DIR / "node_modules" / "rasa-webchat" / "package.json"
    return json.loads(package.read_text())["version"]


@pytest.fixture
def page(browser: Any, channels_bot: Any) -> Iterator[Any]:
    """A fresh browser tab; what it fetched is kept in ``page.fetched``."""
    context = browser.new_context(viewport={"width": 1100, "height": 820})
    page = context.new_page()
    page.errors = []
    page.fetched = []  # URLs whose response arrived
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("requestfinished", lambda request: page.fetched.append(request.url))
    try:
        yield page
    finally:
        context.close()


def test_the_page_serves_the_npm_bundle(channels_bot: Any) -> None:
    assert webchat_version() == "1.0.1"
    with urllib.request.urlopen(f"{channels_bot.web_url}/webchat.html") as reply:
        page = reply.read().decode()
        policy = reply.headers["Content-Security-Policy"]
    assert '<script src="/vendor/rasa-webchat.js"' in page
    assert "rasa-webchat 1.0.1" in page
    assert "connect-src" in policy and "*" not in policy
    with urllib.request.urlopen(f"{channels_bot.web_url}/vendor/rasa-webchat.js") as r:
        served = r.read()
    npm = WEB_DIR / "node_modules" / "rasa-webchat" / "lib" / "index.js"
    assert served == npm.read_bytes()  # the package's own lib/index.js


def test_a_visitor_asks_clicks_a_quick_reply_and_is_sent_to_911(
    page: Any, channels_bot: Any, store: Store
) -> None:
    open_widget(page, f"{channels_bot.web_url}/webchat.html?department=cambridge")
    greeting = responses(page).first
    assert "automated assistant" in greeting.inner_text()

    # The greeting's quick replies, as rasa-webchat renders Rasa's buttons.
    before = responses(page).count()
    page.locator(".rw-replies .rw-reply", has_text="Which departments").click()
    listed = wait_for_answer(page, before)
    for department in store:
        assert department.name in listed

    # "your mission" on Cambridge's page: customData carries the department.
    cambridge = store.get("cambridge")
    mission = " ".join(cambridge.sections["mission"].paragraphs[0].split())[:60]
    said = ask(page, "what is your mission?")
    assert cambridge.name in said and mission in " ".join(said.split())

    assert "911" in ask(page, "someone is breaking into my house right now")
    assert page.errors == []
    # Nothing came from anywhere but the page's server and Rasa: the bundle's
    # web font import is refused by the page's Content-Security-Policy.
    hosts = {urlsplit(url).netloc for url in page.fetched if "://" in url}
    assert hosts <= {
        urlsplit(channels_bot.web_url).netloc,
        urlsplit(channels_bot.rasa.url).netloc,
    }, hosts


def test_a_reload_goes_on_with_the_same_conversation(
    page: Any, channels_bot: Any, store: Store
) -> None:
    west_sac = store.get("west_sacramento")
    values = [value.name for value in west_sac.values]
    open_widget(page, f"{channels_bot.web_url}/webchat.html?department=west_sacramento")
    listed = ask(page, "what are the core values?")
    assert west_sac.name in listed and all(name in listed for name in values)

    page.reload()
    # the conversation is still shown, and the bot still knows it
    shown = page.locator(".rw-messages-container")
    shown.wait_for()
    assert "what are the core values?" in shown.inner_text()
    second = ask(page, "and the second one?")
    assert values[1] in second and west_sac.name in second
