"""The website widget in a real headless Chromium (Debian's), against the real bot.

Playwright drives /usr/bin/chromium (``make browser`` installs it; nothing
downloads a browser). The demo page comes from ``python -m web.serve`` and the
answers from a real Rasa and action server (``channels_bot`` in conftest.py),
whose CORS allows the demo page's origin only.
"""

from __future__ import annotations

import html
import json
import re
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from devtools.servers import cors_preflight, http_json
from statement_bot.store import Store
from tests.e2e.conversation_script import Recruit, failures, follow_up_script
from tests.paths import ROOT

pytestmark = pytest.mark.e2e

REPLY_TIMEOUT_MS = 30_000
XSS = '<img src=x onerror="window.__xss = 1"><script>window.__xss = 2</script>'

# WCAG 2.1 contrast of an element's text against its background (in the page):
# the nearest ancestor with a background, up through the widget's shadow root.
CONTRAST_JS = """
(element) => {
  const rgb = (value) => value.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = (c) => {
    const [r, g, b] = c.map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  let node = element;
  let background = "rgba(0, 0, 0, 0)";
  while (node && node.nodeType === 1) {
    const bg = getComputedStyle(node).backgroundColor;
    if (!/rgba\\(.*,\\s*0\\)$/.test(bg) && bg !== "transparent") {
      background = bg;
      break;
    }
    node = node.parentElement || (node.getRootNode().host || null);
  }
  if (background === "rgba(0, 0, 0, 0)") background = "rgb(255, 255, 255)";
  const a = lum(rgb(getComputedStyle(element).color));
  const b = lum(rgb(background));
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}
"""


@pytest.fixture
def page(browser, channels_bot) -> Iterator[object]:  # noqa: ANN001 - playwright
    context = browser.new_context(viewport={"width": 1100, "height": 820})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors
    try:
        yield page
    finally:
        context.close()


def wait_for_reply(page) -> None:  # noqa: ANN001
    """Until the widget has the bot's answer to the last message."""
    from playwright.sync_api import expect

    expect(page.locator(".sb-log")).not_to_have_attribute(
        "aria-busy", "true", timeout=REPLY_TIMEOUT_MS
    )
    expect(page.locator(".sb-alert")).not_to_have_text(
        re.compile("can.t be reached"), timeout=1000
    )


def ask(page, text: str) -> None:  # noqa: ANN001
    """Type a message and press Enter, as a person would."""
    box = page.get_by_label("Your message")
    box.fill(text)
    box.press("Enter")
    wait_for_reply(page)


def session_id(page) -> str:  # noqa: ANN001
    """The conversation's sender id, as the server issued it."""
    return page.evaluate(
        "() => JSON.parse(sessionStorage.getItem('statement-bot:conversation')).sender"
    )


def test_the_demo_page_serves_the_widget_with_a_strict_policy(channels_bot) -> None:
    with urllib.request.urlopen(f"{channels_bot.web_url}/?department=cambridge") as r:
        page = r.read().decode()
        policy = r.headers["Content-Security-Policy"]
    assert 'src="/statement-bot.js"' in page
    assert 'data-department="cambridge"' in page
    assert f'data-server="http://127.0.0.1:{channels_bot.rasa.port}"' in page
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert f"connect-src http://127.0.0.1:{channels_bot.rasa.port}" in policy
    status, _ = http_json(f"{channels_bot.web_url}/web/serve.py")
    assert status == 404


@pytest.mark.parametrize(
    ("department", "shown"),
    [("alhambra", "alhambra"), ("<script>", None), ("atlantis", None)],
)
def test_the_demo_page_only_takes_departments_of_the_store(
    channels_bot, store: Store, department: str, shown: str | None
) -> None:
    url = f"{channels_bot.web_url}/?department={urllib.request.quote(department)}"
    with urllib.request.urlopen(url) as response:
        page = response.read().decode()
    chosen = re.search(r'data-department="([^"]*)"', page).group(1)
    assert store.get(chosen) is not None
    if shown:
        assert chosen == shown
    assert "<script>" not in page.split("<body>")[1].split("<script src")[0]


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [("web", True), ("http://evil.example", False), ("http://localhost:1", False)],
)
def test_rasa_allows_only_the_configured_origins(
    channels_bot, origin: str, allowed: bool
) -> None:
    origin = channels_bot.web_url if origin == "web" else origin
    granted = cors_preflight(f"{channels_bot.rasa.url}/webhooks/rest/webhook", origin)
    assert (granted == origin) is allowed
    assert granted != "*"


def test_a_visitor_chats_in_the_widget(
    page, channels_bot, store: Store, tmp_path: Path  # noqa: ANN001
) -> None:
    from playwright.sync_api import expect

    cambridge = store.get("cambridge")
    page.goto(f"{channels_bot.web_url}/?department=cambridge")

    # The launcher, reached and opened with the keyboard.
    launcher = page.get_by_role("button", name=f"Ask the {cambridge.name}")
    expect(launcher).to_have_attribute("aria-expanded", "false")
    launcher.focus()
    page.keyboard.press("Enter")
    panel = page.get_by_role("region", name=f"Ask the {cambridge.name}")
    expect(panel).to_be_visible()
    expect(page.get_by_label("Your message")).to_be_focused()

    # Says what it is; emergencies go to 911, always in view.
    # (Pinned to the notices: the greeting also says "automated assistant".)
    expect(panel.locator(".sb-notice")).to_be_visible()
    expect(panel.locator(".sb-notice")).to_contain_text("Automated assistant")
    expect(panel.locator(".sb-emergency")).to_be_visible()
    expect(panel.locator(".sb-emergency")).to_contain_text("Emergency? Call 911.")
    expect(panel.locator(".sb-privacy")).to_contain_text("kept for up to 30 days")
    expect(panel.locator(".sb-privacy")).to_contain_text("personal details")

    # New messages land in a polite live region; the greeting is already there.
    log = page.locator(".sb-log")
    expect(log).to_have_attribute("aria-live", "polite")
    expect(log).to_have_attribute("role", "log")
    wait_for_reply(page)
    expect(log.locator(".sb-bot")).to_have_count(1)
    expect(log).to_contain_text("automated assistant")

    # A question about "your" mission: the page's department answers it.
    ask(page, "What is your mission?")
    expect(log.locator(".sb-user").last).to_contain_text("What is your mission?")
    for paragraph in cambridge.sections["mission"].paragraphs:
        expect(log).to_contain_text(paragraph)
    expect(log).not_to_contain_text("Which department")

    # The values come as a list and as quick replies, one per value.
    ask(page, "What are your core values?")
    names = [value.name for value in cambridge.values]
    replies = page.get_by_role("group", name="Suggested replies").get_by_role("button")
    expect(replies).to_have_text(names)
    expect(log.locator(".sb-bot li")).to_contain_text(names)

    # A quick reply by keyboard: Tab from the message box back to it, Enter.
    chosen = cambridge.values[1]
    replies.nth(1).focus()
    page.keyboard.press("Enter")
    wait_for_reply(page)
    expect(log.locator(".sb-user").last).to_have_text(
        re.compile(re.escape(chosen.name))
    )
    expect(log).to_contain_text(chosen.description)
    expect(page.get_by_label("Your message")).to_be_focused()

    # A quick reply by mouse: ask the values again and click the last one.
    ask(page, "What are your core values?")
    last = cambridge.values[-1]
    replies.filter(has_text=last.name).click()
    wait_for_reply(page)
    expect(log).to_contain_text(last.description)

    # Bold stays bold, links are links that open safely.
    ask(page, "How do I contact you?")
    expect(log.locator(".sb-bot strong").first).to_be_visible()
    website = log.locator("a.sb-link", has_text="www.CambridgePolice.org").first
    expect(website).to_have_attribute("href", re.compile(r"^https://www\."))
    expect(website).to_have_attribute("rel", re.compile("noopener"))
    # the store's phone numbers can be tapped
    phone = next(e.lines[0] for e in cambridge.contact if e.kind == "phone")
    tel = log.locator("a.sb-link", has_text=phone).first
    expect(tel).to_have_attribute("href", "tel:" + re.sub(r"\D", "", phone))

    # Visible focus on the keyboard path, and enough contrast on the controls.
    page.get_by_label("Your message").focus()
    page.keyboard.press("Tab")
    send = page.get_by_role("button", name="Send")
    expect(send).to_be_focused()
    outline = send.evaluate("(e) => getComputedStyle(e).outlineStyle")
    width = send.evaluate("(e) => parseFloat(getComputedStyle(e).outlineWidth)")
    assert outline != "none" and width >= 2
    for element in [
        send,
        log.locator(".sb-user p").first,
        log.locator(".sb-bot p").first,
        website,
        panel.locator(".sb-title"),
        panel.locator(".sb-notice"),
        panel.locator(".sb-emergency strong"),
        page.get_by_label("Your message"),
    ]:
        ratio = element.evaluate(CONTRAST_JS)
        assert ratio >= 4.5, (element, ratio)

    shot = tmp_path / "widget.png"
    page.screenshot(path=str(shot))
    print(f"\nscreenshot: {shot}")

    # A reload keeps the conversation (same session id, same messages).
    before = log.locator(".sb-msg").all_inner_texts()
    sender = session_id(page)
    assert re.fullmatch(r"sb\.w\.[0-9a-f]{32}\.[0-9a-f]{32}", sender)
    page.reload()
    expect(page.get_by_role("region", name=f"Ask the {cambridge.name}")).to_be_visible()
    expect(log.locator(".sb-msg")).to_have_count(len(before))
    assert log.locator(".sb-msg").all_inner_texts() == before
    assert session_id(page) == sender
    ask(page, "and their vision?")  # the server remembers the department too
    for paragraph in cambridge.sections["vision"].paragraphs:
        expect(log).to_contain_text(paragraph)

    # Markup typed by the user is shown as text and never runs.
    ask(page, XSS)
    expect(log.locator(".sb-user").last).to_have_text(re.compile(re.escape(XSS)))
    assert page.locator(".sb-root img, .sb-root script").count() == 0
    assert page.evaluate("() => window.__xss") is None

    # Escape closes the panel and gives focus back to the launcher.
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(launcher).to_be_focused()
    launcher.click()

    # Restart: a new conversation with a new session id.
    page.get_by_role("button", name="Restart conversation").click()
    wait_for_reply(page)
    expect(log.locator(".sb-msg")).to_have_count(1)
    assert session_id(page) != sender
    assert page.errors == []


def test_a_new_visitor_gets_another_session(
    browser, channels_bot  # noqa: ANN001
) -> None:
    ids = []
    for _ in range(2):
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{channels_bot.web_url}/?department=alhambra")
        page.get_by_role("button", name=re.compile("^Ask the")).click()
        wait_for_reply(page)
        ids.append(session_id(page))
        context.close()
    assert ids[0] != ids[1]


def test_follow_ups_in_the_widget(page, channels_bot, store) -> None:  # noqa: ANN001
    """On Cambridge's page: its overview, a place in the values list, the same
    value elsewhere, and a search, by keyboard."""
    from playwright.sync_api import expect

    page.goto(f"{channels_bot.web_url}/?department=cambridge")
    page.get_by_role("button", name=re.compile("^Ask the")).click()
    wait_for_reply(page)
    log = page.locator(".sb-log")
    cambridge = store.get("cambridge")
    ask(page, "what are your values?")
    ask(page, "the second one")
    second = cambridge.values[1]
    expect(log).to_contain_text(second.description[:60])
    ask(page, "does west sac have that too?")
    expect(log).to_contain_text("West Sacramento Police Department")
    ask(page, "does your vision mention technology?")
    expect(log).to_contain_text("I couldn't find that in the vision")
    assert page.errors == []


def last_reply(page) -> str:  # noqa: ANN001
    """The text of the bot's messages after the person's last one."""
    return page.evaluate(
        """() => {
          const root = document.querySelector('[data-statement-bot]').shadowRoot;
          const all = [...root.querySelectorAll('.sb-log .sb-msg')];
          const out = [];
          for (let i = all.length - 1; i >= 0; i--) {
            if (all[i].classList.contains('sb-user')) break;
            out.unshift(all[i].innerText.replace(/^Assistant: /, ''));
          }
          return out.join('\\n');
        }"""
    )


def test_the_follow_up_conversation_in_the_widget(
    page, channels_bot, store
) -> None:  # noqa: ANN001
    """The follow-ups people type (tests/e2e/conversation_script.py), typed into
    the widget on Cambridge's page."""
    page.goto(f"{channels_bot.web_url}/?department=cambridge")
    page.get_by_role("button", name=re.compile("^Ask the")).click()
    wait_for_reply(page)
    steps = follow_up_script(store, "cambridge", "west_sacramento", "a slogan")
    replies = []
    for step in steps:
        ask(page, step.user)
        replies.append(last_reply(page))
    assert failures(steps, replies) == []
    assert page.errors == []


def test_practice_in_the_widget_by_click_and_by_keyboard(
    page, channels_bot, store  # noqa: ANN001
) -> None:
    """A recruit on Cambridge's page practises: answers one question by clicking
    its choice and another by keyboard; verdicts land in the live region."""
    from playwright.sync_api import expect

    page.goto(f"{channels_bot.web_url}/?department=cambridge")
    page.get_by_role("button", name=re.compile("^Ask the")).click()
    wait_for_reply(page)
    log = page.locator(".sb-log")
    ask(page, "quiz me")
    expect(log).to_contain_text("Question 1 of 5")
    recruit = Recruit(store, "cambridge", session_id(page))
    replies = page.get_by_role("group", name="Suggested replies").get_by_role("button")

    def to_a_choice_question() -> None:
        while not recruit.question().choices:
            ask(page, "skip")
            recruit.position += 1

    to_a_choice_question()
    replies.filter(has_text=re.compile(f"^{re.escape(recruit.answer())}$")).click()
    wait_for_reply(page)
    expect(log).to_contain_text("Right!")
    assert "Right!" in last_reply(page) and "Score: 1 of" in last_reply(page)
    recruit.position += 1

    # a reload goes on with the same round
    number = recruit.position + 1
    page.reload()
    expect(page.get_by_role("region", name=re.compile("^Ask the"))).to_be_visible()
    ask(page, "repeat")
    assert f"Question {number} of 5" in last_reply(page)

    to_a_choice_question()
    answer = replies.filter(has_text=re.compile(f"^{re.escape(recruit.answer())}$"))
    answer.focus()
    page.keyboard.press("Enter")
    wait_for_reply(page)
    assert "Right!" in last_reply(page) and "Score: 2 of" in last_reply(page)
    expect(log).to_have_attribute("aria-live", "polite")
    assert page.errors == []


def test_feedback_in_the_widget(
    page, channels_bot, staff_report
) -> None:  # noqa: ANN001
    """ "Helpful?" under an answer from the store, by keyboard; a thumbs down
    asks why; a safety answer gets none."""
    from playwright.sync_api import expect

    page.goto(f"{channels_bot.web_url}/?department=cambridge")
    page.get_by_role("button", name=re.compile("^Ask the")).click()
    wait_for_reply(page)
    rate = page.get_by_role("group", name="Was this answer helpful?")
    expect(rate).to_have_count(0)  # not on the greeting
    ask(page, "what is your vision?")
    expect(rate).to_have_count(1)
    rate.get_by_role("button", name="No, not helpful").focus()
    page.keyboard.press("Enter")
    wait_for_reply(page)
    expect(rate).to_have_count(0)  # rated: the pair goes
    assert "What was wrong with it?" in last_reply(page)
    replies = page.get_by_role("group", name="Suggested replies").get_by_role("button")
    replies.filter(has_text="Hard to read").click()
    wait_for_reply(page)
    assert "Thanks, noted" in last_reply(page)
    ask(page, "someone is breaking into my house right now")
    assert "911" in last_reply(page)
    expect(rate).to_have_count(0)
    assert page.errors == []
    # counted in the staff report: one rating, with its reason
    report = staff_report(channels_bot.conversations_db)
    assert "<td>down</td><td>vision</td><td>Cambridge Police Department</td>" in report
    assert "<td>hard_to_read</td><td>Cambridge Police Department</td>" in report


# Accent colours (data-color) for the contrast test: the README's examples, pure
# primaries and secondaries, the mid-greys where black and white text come
# closest, and #cf0dcc, #766cb5 and #6562f2, the sRGB colours where the better of
# black and white is lowest of all (4.58:1).
ACCENTS = [
    "#7260ff",
    "#1d4f91",
    "#a31f34",
    "#ff0000",
    "#00ff00",
    "#0000ff",
    "#ffff00",
    "#00ffff",
    "#ff00ff",
    "#000000",
    "#ffffff",
    "#777777",
    "#767676",
    "#757575",
    "#808080",
    "#595959",
    "#999999",
    "#cf0dcc",
    "#766cb5",
    "#6562f2",
    "#e60000",
    "#008000",
    "#0078d4",
    "#ff8800",
    "#f0f",
    "#abc",
]
WIDGET_SITE = "http://widget.test"  # answered by the test itself (page.route)
WIDGET_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Accent</title></head>
<body><script src="/statement-bot.js" defer data-server="{site}"
  data-department="cambridge" data-title="Ask us" data-color="{color}"></script>
</body></html>"""
WEB = ROOT / "web"


def srgb_contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast of two colours, #rrggbb or rgb(r, g, b), in Python."""

    def luminance(color: str) -> float:
        if color.startswith("#"):
            channels = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
        else:
            channels = [int(float(v)) for v in re.findall(r"[\d.]+", color)[:3]]
        r, g, b = (
            v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
            for v in (c / 255 for c in channels)
        )
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def full_hex(color: str) -> str:
    digits = color[1:]
    return "#" + ("".join(c * 2 for c in digits) if len(digits) == 3 else digits)


@pytest.fixture
def widget_with_accent(browser) -> Iterator[Callable[[str], object]]:  # noqa: ANN001
    """Open the real widget script on a bare page with data-color set; the page,
    the script and its stylesheet, and the bot's (empty) answer are served by the
    test, so this needs no server."""
    context = browser.new_context(viewport={"width": 1100, "height": 820})

    def serve(route) -> None:  # noqa: ANN001 - playwright's Route
        url = urlsplit(route.request.url)
        if url.path == "/":
            color = parse_qs(url.query)["color"][0]
            page = WIDGET_PAGE.format(site=WIDGET_SITE, color=html.escape(color))
            route.fulfill(body=page, content_type="text/html; charset=utf-8")
        elif url.path in ("/statement-bot.js", "/statement-bot.css"):
            route.fulfill(path=str(WEB / url.path.lstrip("/")))
        elif url.path == "/webhooks/rest/webhook":
            route.fulfill(body=json.dumps([]), content_type="application/json")
        elif url.path == "/webhooks/rest/session":  # a sender id, as the server signs
            body = json.dumps({"sender": "sb.w." + "0" * 32 + "." + "1" * 32})
            route.fulfill(body=body, content_type="application/json")
        else:
            route.fulfill(status=404, body="")

    context.route(f"{WIDGET_SITE}/**", serve)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    def open_with(color: str) -> object:
        page.goto(f"{WIDGET_SITE}/?color={quote(color)}")
        page.get_by_role("button", name="Ask us").wait_for()
        return page

    try:
        yield open_with
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize("accent", ACCENTS)
def test_text_on_any_accent_colour_reaches_4_5_to_1(
    widget_with_accent, accent: str  # noqa: ANN001
) -> None:
    from playwright.sync_api import expect

    page = widget_with_accent(accent)
    launcher = page.get_by_role("button", name="Ask us")
    # The widget's own choice, as the page computes it.
    background = launcher.evaluate("(e) => getComputedStyle(e).backgroundColor")
    text = launcher.evaluate("(e) => getComputedStyle(e).color")
    assert text in ("rgb(0, 0, 0)", "rgb(255, 255, 255)"), text
    # Black or white always reach 4.58:1, so the page's colour is kept as it is.
    assert srgb_contrast(background, full_hex(accent)) == 1.0
    ratio = srgb_contrast(background, text)
    assert ratio >= 4.5, (accent, text, ratio)
    assert launcher.evaluate(CONTRAST_JS) >= 4.5
    # The same pair wherever the accent is a background: header, its buttons, the
    # user's messages, the Send button.
    launcher.click()
    panel = page.get_by_role("region", name="Ask us")
    expect(panel).to_be_visible()
    page.get_by_label("Your message").fill("hello")
    page.get_by_label("Your message").press("Enter")
    expect(page.locator(".sb-user")).to_have_count(1)
    expect(page.locator(".sb-log")).not_to_have_attribute("aria-busy", "true")
    for element in [
        panel.locator(".sb-title"),
        panel.locator(".sb-notice"),
        panel.get_by_role("button", name="Restart conversation"),
        panel.get_by_role("button", name="Close chat"),
        page.locator(".sb-user p"),
        page.get_by_role("button", name="Send"),
    ]:
        assert element.evaluate(CONTRAST_JS) >= 4.5, (accent, element)


def test_7260ff_gets_black_text_at_4_83_to_1(
    widget_with_accent,
) -> None:  # noqa: ANN001
    page = widget_with_accent("#7260ff")
    launcher = page.get_by_role("button", name="Ask us")
    assert launcher.evaluate("(e) => getComputedStyle(e).color") == "rgb(0, 0, 0)"
    assert round(launcher.evaluate(CONTRAST_JS), 2) == 4.83
    # The old near-black #111111 (and white) gave only 4.35:1 on it.
    assert round(srgb_contrast("#7260ff", "#111111"), 2) == 4.35
    assert round(srgb_contrast("#7260ff", "#ffffff"), 2) == 4.35


def test_black_or_white_reaches_4_5_to_1_on_every_srgb_colour() -> None:
    """The bound the widget relies on, over all 16.7 million colours."""
    import numpy as np

    v = np.arange(256) / 255
    linear = np.where(v <= 0.04045, v / 12.92, ((v + 0.055) / 1.055) ** 2.4)
    green_blue = 0.7152 * linear[:, None] + 0.0722 * linear[None, :]
    worst = min(
        np.maximum((lum + 0.05) / 0.05, 1.05 / (lum + 0.05)).min()
        for lum in (0.2126 * red + green_blue for red in linear)
    )
    assert 4.58 < worst < 4.583  # at L = sqrt(1.05 * 0.05) - 0.05, e.g. #cf0dcc
