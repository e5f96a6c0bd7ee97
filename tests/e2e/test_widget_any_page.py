"""The website widget on any page and any phone, in Debian's headless Chromium.

Two kinds of tests: with the real servers (``channels_bot``: the demo pages of
``python -m web.serve``, Rasa, the action server), and with a bare page whose
script, stylesheet and bot replies the test serves itself (``fake_site``), for
what the real bot cannot be made to do on cue (a handover, a link of every kind,
a reply that never comes).
"""

from __future__ import annotations

import html
import json
import re
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from statement_bot.store import Store
from tests.e2e.conversation_script import Recruit
from tests.e2e.test_widget_browser import CONTRAST_JS, ask, last_reply, wait_for_reply
from tests.paths import ROOT

pytestmark = pytest.mark.e2e

WEB = ROOT / "web"
AXE = WEB / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 3,
}
DESKTOP = {"viewport": {"width": 1100, "height": 820}}

# Every element of the widget's shadow root: its full computed style and its box.
STYLES_JS = """() => {
  const root = document.querySelector('[data-statement-bot]').shadowRoot;
  return [...root.querySelectorAll('*')].filter((e) => e.tagName !== 'LINK')
    .map((e) => {
      const cs = getComputedStyle(e);
      const style = {};
      for (const name of cs) style[name] = cs.getPropertyValue(name);
      const r = e.getBoundingClientRect();
      return {tag: e.tagName, cls: e.className, style,
              box: [r.x, r.y, r.width, r.height].map(Math.round)};
    });
}"""

# Every string the widget shows or gives assistive technology.
SHOWN_JS = """() => {
  const root = document.querySelector('[data-statement-bot]').shadowRoot;
  const out = [];
  const walk = (node) => {
    if (node.nodeType === 3 && node.textContent.trim()) out.push(node.textContent);
    if (node.nodeType === 1) {
      for (const name of ['aria-label', 'placeholder', 'title']) {
        if (node.getAttribute(name)) out.push(node.getAttribute(name));
      }
    }
    node.childNodes.forEach(walk);
  };
  walk(root);
  return out;
}"""


@pytest.fixture
def open_page(browser: Any) -> Iterator[Callable[..., Any]]:
    """open_page(url, **context options) -> a new page at url; each page's
    script errors are checked at the end."""
    contexts: list[Any] = []
    pages: list[Any] = []

    def open_(url: str | None = None, **options: Any) -> Any:
        context = browser.new_context(**{**DESKTOP, **options})
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        pages.append(page)
        if url:
            page.goto(url)
        return page

    try:
        yield open_
        for page in pages:
            assert page.errors == []
    finally:
        for context in contexts:
            context.close()


def open_widget(page: Any) -> None:
    page.get_by_role("button", name=re.compile("^Ask the")).click()
    wait_for_reply(page)


# ---------- any page's styles stay out ----------


def test_the_hostile_page_changes_nothing_in_the_widget(
    open_page: Any, channels_bot: Any, store: Store
) -> None:
    """The same conversation on the plain demo page and on /hostile.html (global
    rules for *, button, input, ul, p, div, [hidden], with !important, and the
    widget's old ids and class names taken by the page): every element of the
    widget has the same computed style and the same box, and it works."""
    from playwright.sync_api import expect

    seen = {}
    for path in ("/", "/hostile.html"):
        page = open_page(f"{channels_bot.web_url}{path}?department=west_sacramento")
        open_widget(page)
        ask(page, "What are your core values?")
        names = [v.name for v in store.get("west_sacramento").values]
        replies = page.get_by_role("group", name="Suggested replies")
        expect(replies.get_by_role("button")).to_have_text(names)
        replies.get_by_role("button", name=names[0]).click()
        wait_for_reply(page)
        assert store.get("west_sacramento").values[0].description[:40] in (
            last_reply(page)
        )
        page.get_by_label("Your message").focus()
        seen[path] = page.evaluate(STYLES_JS)
    plain, hostile = seen["/"], seen["/hostile.html"]
    assert [e["cls"] for e in plain] == [e["cls"] for e in hostile]
    assert len(plain) > 40
    for mine, theirs in zip(plain, hostile, strict=True):
        different = {
            name: (value, theirs["style"].get(name))
            for name, value in mine["style"].items()
            if theirs["style"].get(name) != value
        }
        assert different == {}, (mine["cls"], different)
        assert mine["box"] == theirs["box"], mine["cls"]


def test_the_hostile_page_really_is_hostile(open_page: Any, channels_bot: Any) -> None:
    """Its rules do reach the page's own elements (else the test above proves
    nothing)."""
    page = open_page(f"{channels_bot.web_url}/hostile.html")
    style = page.locator("main p").first.evaluate(
        "(e) => [getComputedStyle(e).fontSize, getComputedStyle(e).textTransform]"
    )
    assert style == ["22px", "uppercase"]
    assert page.locator("header button").evaluate(
        "(e) => getComputedStyle(e).display"
    ) == ("none")


def test_the_contrast_check_sees_inside_the_shadow_root(
    open_page: Any, channels_bot: Any
) -> None:
    """The contrast check reaches the widget's elements and their backgrounds,
    and fails a colour that is too light."""
    page = open_page(f"{channels_bot.web_url}/?department=cambridge")
    open_widget(page)
    privacy = page.locator(".sb-privacy")
    assert privacy.evaluate(CONTRAST_JS) >= 4.5
    privacy.evaluate("(e) => { e.style.color = '#aaaaaa'; }")
    assert privacy.evaluate(CONTRAST_JS) < 4.5
    title = page.locator(".sb-title")  # white on the accent, found up the tree
    assert title.evaluate(CONTRAST_JS) >= 4.5
    page.locator(".sb-root").evaluate(
        "(e) => e.style.setProperty('--sb-on-accent', '#6d7fa0')"
    )
    assert title.evaluate(CONTRAST_JS) < 4.5


# ---------- phones ----------


def test_on_a_phone_the_open_panel_fills_the_visible_screen(
    open_page: Any, channels_bot: Any, store: Store
) -> None:
    from playwright.sync_api import expect

    page = open_page(f"{channels_bot.web_url}/?department=cambridge", **PHONE)
    assert page.evaluate("() => navigator.maxTouchPoints") > 0
    page.get_by_role("button", name=re.compile("^Ask the")).tap()
    wait_for_reply(page)
    panel = page.locator(".sb-panel")
    assert panel.bounding_box() == {"x": 0, "y": 0, "width": 390, "height": 844}
    box = page.get_by_label("Your message")
    box.tap()
    expect(box).to_be_focused()
    box.fill("What is your mission?")
    page.get_by_role("button", name="Send").tap()
    wait_for_reply(page)
    mission = store.get("cambridge").sections["mission"].paragraphs[0]
    expect(page.locator(".sb-log")).to_contain_text(mission)
    # The on-screen keyboard takes the lower part: the panel shrinks with the
    # visible viewport and the message box stays in view.
    for height in (500, 380):
        page.set_viewport_size({"width": 390, "height": height})
        expect(panel).to_have_js_property("offsetHeight", height)
        bottom = box.bounding_box()
        assert bottom["y"] + bottom["height"] <= height
        assert bottom["y"] >= 0
    # sized with dynamic viewport units (the browser's bars come and go)
    rules = page.evaluate(
        """() => [...document.querySelector('[data-statement-bot]').shadowRoot
                  .styleSheets].flatMap((s) => [...s.cssRules])
                  .map((r) => r.cssText).join('\\n')"""
    )
    assert "100dvh" in rules
    # closing gives the launcher back, in the corner
    page.get_by_role("button", name="Close chat").tap()
    launcher = page.get_by_role("button", name=re.compile("^Ask the")).bounding_box()
    assert launcher["x"] + launcher["width"] <= 390
    assert launcher["y"] + launcher["height"] <= 380


# ---------- failures recover ----------


def test_a_message_sent_while_the_servers_are_down_is_sent_again(
    open_page: Any, channels_bot: Any, store: Store
) -> None:
    """Rasa and the action server stop mid-conversation: the message is marked
    "Not sent" with "Try again", the error is announced and stays; once the
    servers are back, "Try again" delivers it and the error goes."""
    from playwright.sync_api import expect

    page = open_page(f"{channels_bot.web_url}/?department=cambridge")
    open_widget(page)
    ask(page, "What is your mission?")
    log = page.locator(".sb-log")
    alert = page.get_by_role("alert")
    channels_bot.stop_bot()
    try:
        box = page.get_by_label("Your message")
        box.fill("and your vision?")
        box.press("Enter")
        expect(alert).to_contain_text("can\u2019t be reached", timeout=30_000)
        expect(log.locator(".sb-user").last).to_contain_text("Not sent.")
        again = log.get_by_role("button", name="Try sending this message again")
        expect(again).to_have_count(1)
        page.wait_for_timeout(3000)
        expect(alert).to_contain_text("can\u2019t be reached")  # it stays
    finally:
        channels_bot.start_bot()
    again.click()
    wait_for_reply(page)
    vision = store.get("cambridge").sections["vision"].paragraphs[0]
    expect(log).to_contain_text(vision)
    expect(alert).to_have_count(0)  # emptied, and hidden
    expect(page.locator(".sb-alert")).to_have_text("")
    expect(log.locator(".sb-user", has_text="and your vision?")).to_have_count(1)
    expect(log.get_by_text("Not sent.")).to_have_count(0)


def test_offline_and_back_online(open_page: Any, channels_bot: Any) -> None:
    from playwright.sync_api import expect

    page = open_page(f"{channels_bot.web_url}/?department=alhambra")
    open_widget(page)
    page.context.set_offline(True)
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("offline")
    box = page.get_by_label("Your message")
    box.fill("What is your vision?")
    box.press("Enter")
    expect(page.locator(".sb-user").last).to_contain_text("Not sent.")
    page.context.set_offline(False)
    expect(alert).to_contain_text("back online")
    page.get_by_role("button", name="Try sending this message again").click()
    wait_for_reply(page)
    expect(alert).to_have_count(0)  # emptied, and hidden
    expect(page.locator(".sb-alert")).to_have_text("")
    assert "vision" in last_reply(page).lower()


def user_events(db: Path, sender: str, message_id: str) -> int:
    """How many times the tracker store logged the user message with that id."""
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user'",
            (sender,),
        ).fetchall()
    return sum(
        json.loads(data).get("metadata", {}).get("message_id") == message_id
        for (data,) in rows
    )


def test_a_practice_answer_whose_reply_was_lost_is_marked_once(
    open_page: Any, channels_bot: Any, store: Store
) -> None:
    """The server handles the answer but its reply never reaches the page; "Try
    again" sends it with the same message id and gets the same verdict: the
    answer is marked once, the score counts it once."""
    from playwright.sync_api import expect

    page = open_page(f"{channels_bot.web_url}/?department=cambridge")
    open_widget(page)
    ask(page, "quiz me")
    # the server-issued (signed) sender id the conversation is stored under
    sender = page.evaluate(
        "() => JSON.parse(sessionStorage.getItem('statement-bot:conversation')).sender"
    )
    recruit = Recruit(store, "cambridge", sender)
    while not recruit.question().choices:
        ask(page, "skip")
        recruit.position += 1
    lost: list[str] = []

    def lose_the_reply(route: Any) -> None:
        if not lost:
            body = json.loads(route.request.post_data)
            lost.append(body["metadata"]["message_id"])
            route.fetch()  # the server handles the message...
            route.abort("connectionreset")  # ...and the reply is lost
        else:
            route.continue_()

    page.route(f"{channels_bot.rasa.url}/webhooks/rest/webhook", lose_the_reply)
    replies = page.get_by_role("group", name="Suggested replies").get_by_role("button")
    replies.filter(has_text=re.compile(f"^{re.escape(recruit.answer())}$")).click()
    log = page.locator(".sb-log")
    expect(log.locator(".sb-user").last).to_contain_text("Not sent.")
    assert user_events(channels_bot.conversations_db, sender, lost[0]) == 1
    page.get_by_role("button", name="Try sending this message again").click()
    wait_for_reply(page)
    reply = last_reply(page)
    assert "Right!" in reply and "Score: 1 of" in reply
    assert user_events(channels_bot.conversations_db, sender, lost[0]) == 1


# ---------- a bare page served by the test ----------

FAKE_SITE = "http://widget.test"
FAKE_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Fake site</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>A department</h1></main>
<script>
window.seen = [];
for (const name of ["open", "close", "sent", "answered", "feedback", "handoff"]) {
  document.addEventListener("statementbot:" + name,
    (event) => window.seen.push({type: event.type, detail: event.detail}));
}
%s
</script>
<script src="/statement-bot.js" defer %s></script>
</body></html>"""


class FakeBot:
    """The bot's replies on the fake site: a queue of answers, each a list of
    messages, a status code, or "abort"; and the requests received."""

    def __init__(self) -> None:
        self.answers: list[Any] = []
        self.requests: list[dict[str, Any]] = []
        self.held: list[Any] = []
        self.hold = False


@pytest.fixture
def fake_site(open_page: Any) -> Callable[..., tuple[Any, FakeBot]]:
    def open_(
        attributes: dict[str, str] | None = None,
        script: str = "",
        options: dict[str, Any] | None = None,
    ) -> tuple[Any, FakeBot]:
        bot = FakeBot()
        attrs = {"data-server": FAKE_SITE, "data-department": "cambridge"}
        attrs.update(attributes or {})
        tag = " ".join(
            f'{name}="{html.escape(value)}"'
            for name, value in attrs.items()
            if value is not None
        )
        page_html = FAKE_PAGE % (script, tag)
        page = open_page(**(options or {}))

        def answer(route: Any) -> None:
            bot.requests.append(json.loads(route.request.post_data))
            if bot.hold:
                bot.held.append(route)
                return
            reply = bot.answers.pop(0) if bot.answers else []
            if reply == "abort":
                route.abort("connectionrefused")
            elif isinstance(reply, int):
                route.fulfill(status=reply, body="{}")
            else:
                route.fulfill(body=json.dumps(reply), content_type="application/json")

        def serve(route: Any) -> None:
            path = urlsplit(route.request.url).path
            if path == "/":
                route.fulfill(body=page_html, content_type="text/html; charset=utf-8")
            elif path in ("/statement-bot.js", "/statement-bot.css"):
                route.fulfill(path=str(WEB / path.lstrip("/")))
            elif path == "/webhooks/rest/webhook":
                answer(route)
            elif path == "/webhooks/rest/session":  # a sender id, as the server signs
                body = json.dumps({"sender": "sb.w." + "0" * 32 + "." + "1" * 32})
                route.fulfill(body=body, content_type="application/json")
            else:
                route.fulfill(status=404, body="")

        page.context.route(f"{FAKE_SITE}/**", serve)
        page.goto(f"{FAKE_SITE}/")
        return page, bot

    return open_


GREETING = [{"recipient_id": "x", "text": "Hi! I'm an automated assistant."}]


def test_events_for_the_host_page_carry_no_message_text(fake_site: Any) -> None:
    from playwright.sync_api import expect

    page, bot = fake_site()
    bot.answers = [
        GREETING,
        [
            {
                "text": "**Our Mission**: to keep Cambridge safe.",
                "feedback": {"department": "cambridge", "rated_topic": "mission"},
            }
        ],
        [{"text": "Thanks, noted."}],
        [{"text": "Call 617-349-3300 to talk to a person.", "handoff": True}],
    ]
    page.get_by_role("button", name="Statement Bot").click()
    expect(page.locator(".sb-bot")).to_have_count(1)
    ask(page, "What is your secret mission, Alice Example?")
    page.get_by_role("button", name="Yes, helpful").click()
    expect(page.locator(".sb-bot")).to_have_count(3)
    ask(page, "can I talk to a person")
    page.get_by_role("button", name="Close chat").click()
    seen = page.evaluate("() => window.seen")
    assert [e["type"] for e in seen] == [
        "statementbot:open",
        "statementbot:sent",
        "statementbot:answered",
        "statementbot:sent",
        "statementbot:answered",
        "statementbot:feedback",
        "statementbot:sent",
        "statementbot:answered",
        "statementbot:sent",
        "statementbot:answered",
        "statementbot:handoff",
        "statementbot:close",
    ]
    assert seen[2]["detail"] == {
        "department": "cambridge",
        "messages": 1,
        "rateable": False,
    }
    assert seen[4]["detail"]["rateable"] is True
    assert seen[5]["detail"] == {
        "department": "cambridge",
        "rating": "up",
        "topic": "mission",
    }
    assert [e["detail"].get("kind") for e in seen if e["type"].endswith(":sent")] == [
        "greeting",
        "typed",
        "feedback",
        "typed",
    ]
    everything = json.dumps(seen)
    sender = bot.requests[0]["sender"]
    for private in ("secret", "Alice", "person", "Cambridge safe", sender, "m-"):
        assert private not in everything
    # every message carried its own client message id
    ids = [r["metadata"]["message_id"] for r in bot.requests]
    assert len(set(ids)) == len(ids) == 4
    assert all(re.fullmatch(r"m-[0-9a-f]{32}", i) for i in ids)


def test_contacts_are_tappable_and_only_safe_links_are_links(fake_site: Any) -> None:
    page, bot = fake_site()
    bot.answers = [
        [
            {
                "text": (
                    "Call 617-349-3300 or (626) 570-5151, write to info@city.gov,"
                    " read [our values page](https://city.gov/values), not"
                    " [this](javascript:void0) or [that](data:text/html,x),"
                    " see www.CambridgePolice.org."
                )
            }
        ]
    ]
    page.get_by_role("button", name="Statement Bot").click()
    wait_for_reply(page)
    links = page.locator(".sb-bot a").evaluate_all(
        "(all) => all.map((a) => [a.firstChild.textContent, a.getAttribute('href')])"
    )
    assert links == [
        ["617-349-3300", "tel:6173493300"],
        ["(626) 570-5151", "tel:6265705151"],
        ["info@city.gov", "mailto:info@city.gov"],
        ["our values page", "https://city.gov/values"],
        ["www.CambridgePolice.org", "https://www.cambridgepolice.org/"],
    ]
    text = page.locator(".sb-bot").inner_text()
    assert "this" in text and "that" in text and "javascript" not in text
    assert page.evaluate("() => window.__xss") is None
    web = page.locator(".sb-bot a", has_text="our values page")
    assert web.get_attribute("target") == "_blank"
    assert "noopener" in web.get_attribute("rel")
    assert page.locator(".sb-bot a[href^='tel:']").first.get_attribute("target") is None


@pytest.mark.parametrize(("position", "side"), [("left", "left"), ("right", "right")])
def test_the_widget_sits_in_the_corner_the_page_asks_for(
    fake_site: Any, position: str, side: str
) -> None:
    page, bot = fake_site({"data-position": position})
    bot.answers = [GREETING]
    launcher = page.get_by_role("button", name="Statement Bot")
    launcher.wait_for()
    box = launcher.bounding_box()
    left, right = round(box["x"]), round(1100 - box["x"] - box["width"])
    assert (left == 20) is (side == "left") and (right == 20) is (side == "right")
    launcher.click()
    panel = page.locator(".sb-panel").bounding_box()
    assert (round(panel["x"]) == 20) is (side == "left")


def test_a_second_language_table_switches_every_string(fake_site: Any) -> None:
    """A table with every key of the English one, chosen by data-lang: every
    fixed string of the widget comes from it, in every state, and none of the
    English ones is left."""
    from playwright.sync_api import expect

    page, _ = fake_site()
    english = page.evaluate("() => window.StatementBotWidget.strings()")
    assert len(english) >= 30
    assert page.locator(".sb-root").get_attribute("lang") == "en"
    table = {
        key: f"<{key}>" + (" {days}" if "{days}" in value else "")
        for key, value in english.items()
    }
    script = f"window.StatementBotStrings = {{xx: {json.dumps(table)}}};"
    shown: list[str] = []

    def collect(page: Any) -> None:
        shown.extend(page.evaluate(SHOWN_JS))

    for retention in ("30", "1", "0", None):
        page, bot = fake_site(
            {"data-lang": "xx", "data-retention-days": retention}, script
        )
        assert page.locator(".sb-root").get_attribute("lang") == "xx"
        bot.answers = [
            GREETING,
            [{"text": "Our mission, see city.gov.", "feedback": {"department": "x"}}],
            500,
        ]
        page.get_by_role("button", name="<defaultTitle>").click()
        wait_for_reply(page)
        bot.hold = True  # the reply is slow: the "answering" status shows
        page.get_by_label("<inputLabel>").fill("mission?")
        page.get_by_label("<inputLabel>").press("Enter")
        expect(page.locator(".sb-status")).to_have_text("<answering>")
        collect(page)
        bot.hold = False
        bot.held.pop().fulfill(
            body=json.dumps(bot.answers.pop(0)), content_type="application/json"
        )
        wait_for_reply(page)
        collect(page)
        page.get_by_label("<inputLabel>").fill("vision?")
        page.get_by_label("<inputLabel>").press("Enter")  # answered 500
        expect(page.get_by_role("alert")).to_have_text("<unreachable>")
        collect(page)
        page.context.set_offline(True)
        expect(page.get_by_role("alert")).to_have_text("<offline>")
        collect(page)
        page.context.set_offline(False)
        expect(page.get_by_role("alert")).to_have_text("<online>")
        collect(page)
        page.get_by_role("button", name="<restartLabel>").click()
        expect(page.locator(".sb-status")).to_have_text("<restarted>")
        collect(page)
    page, _ = fake_site({"data-lang": "xx", "data-server": ""}, script)
    page.get_by_role("button", name="<defaultTitle>").click()
    collect(page)

    everything = "\n".join(shown)
    missing = [key for key in english if f"<{key}>" not in everything]
    assert missing == []
    left = [
        value
        for value in english.values()
        if len(value.strip()) > 3 and value.strip() in everything
    ]
    assert left == []


def test_a_language_table_missing_keys_is_not_used(fake_site: Any) -> None:
    page, _ = fake_site(
        {"data-lang": "xx"}, 'window.StatementBotStrings = {xx: {send: "Enviar"}};'
    )
    page.get_by_role("button", name="Statement Bot").click()
    assert page.locator(".sb-root").get_attribute("lang") == "en"
    assert page.get_by_role("button", name="Send").count() == 1


# ---------- axe-core: WCAG 2.0 and 2.1, A and AA ----------


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.0/2.1 A and AA violations on the page, widget included."""
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async (tags) => {
          const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
          return result.violations.map((v) => ({id: v.id, help: v.help,
            nodes: v.nodes.map((n) => n.target)}));
        }""",
        WCAG_TAGS,
    )


@pytest.mark.parametrize("layout", ["desktop", "phone"])
def test_axe_finds_no_violations(
    open_page: Any, channels_bot: Any, layout: str
) -> None:
    """The open widget with a conversation, quick-reply and "Helpful?" buttons,
    then with an undelivered message and its error, on a desktop and a phone.
    (The page's policy allows only its own scripts: the test context lets the
    test add axe-core from web/node_modules, served from disk.)"""
    from playwright.sync_api import expect

    assert AXE.exists(), "axe-core is missing: cd web && npm ci"
    options = {**(PHONE if layout == "phone" else DESKTOP), "bypass_csp": True}
    page = open_page(f"{channels_bot.web_url}/?department=cambridge", **options)
    open_widget(page)
    ask(page, "What is your mission?")
    ask(page, "What are your core values?")
    expect(page.get_by_role("group", name="Suggested replies")).to_be_visible()
    expect(
        page.get_by_role("group", name="Was this answer helpful?").first
    ).to_be_visible()
    assert page.locator(".sb-root").count() == 1
    assert axe_violations(page) == []

    page.route(
        f"{channels_bot.rasa.url}/webhooks/rest/webhook",
        lambda route: route.fulfill(status=503, body="{}"),
    )
    page.get_by_label("Your message").fill("and the vision?")
    page.get_by_label("Your message").press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("can\u2019t be reached")
    expect(
        page.get_by_role("button", name="Try sending this message again")
    ).to_be_visible()
    assert axe_violations(page) == []


def test_axe_would_see_a_violation_in_the_widget(
    open_page: Any, channels_bot: Any
) -> None:
    """axe-core looks inside the shadow root: an unlabelled button there fails."""
    page = open_page(f"{channels_bot.web_url}/?department=cambridge", bypass_csp=True)
    open_widget(page)
    page.locator(".sb-form").evaluate(
        "(form) => form.appendChild(document.createElement('button'))"
    )
    assert "button-name" in [v["id"] for v in axe_violations(page)]
