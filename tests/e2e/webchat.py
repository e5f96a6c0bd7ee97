"""Clients that talk like rasa-webchat, for the Socket.IO tests: python-socketio's
client (``Widget``), and the real widget in Chromium (``open_widget``, ``ask``)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any

REPLY_TIMEOUT = 30
QUIET_S = 1.5  # rasa-webchat shows a multi-part answer with short delays


def run(coroutine: Coroutine[Any, Any, Any]) -> Any:
    """``asyncio.run`` in a thread of its own: Playwright's sync API keeps an
    event loop running in the test's thread while a browser is open."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


class Widget:
    """A Socket.IO client that talks like rasa-webchat."""

    def __init__(self, url: str) -> None:
        import socketio

        self.url = url
        self.client = socketio.AsyncClient(reconnection=False)
        self.replies: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.errors: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.session: asyncio.Future[str] | None = None

        @self.client.on("bot_uttered")
        async def bot_uttered(data: dict[str, Any]) -> None:
            await self.replies.put(data)

        @self.client.on("error")
        async def error(data: dict[str, Any]) -> None:
            await self.errors.put(data)

        @self.client.on("session_confirm")
        async def session_confirm(session_id: str) -> None:
            if self.session and not self.session.done():
                self.session.set_result(session_id)

    async def open(
        self, session_id: str | None = None, origin: str | None = None
    ) -> str:
        self.session = asyncio.get_running_loop().create_future()
        await self.client.connect(
            self.url,
            socketio_path="/socket.io",
            transports=["polling"],
            headers={"Origin": origin} if origin else {},
        )
        await self.client.emit("session_request", {"session_id": session_id})
        return await asyncio.wait_for(self.session, REPLY_TIMEOUT)

    async def say(self, session_id: str, text: str, **custom: str) -> str:
        await self.client.emit(
            "user_uttered",
            {"message": text, "session_id": session_id, "customData": custom},
        )
        first = await asyncio.wait_for(self.replies.get(), REPLY_TIMEOUT)
        await asyncio.sleep(0.3)  # the rest of the same answer
        parts = [first]
        while not self.replies.empty():
            parts.append(self.replies.get_nowait())
        return "\n".join(str(p.get("text") or "") for p in parts)

    async def close(self) -> None:
        """Hang up without waiting for the pending long poll to time out (30 s)."""
        await self.client.eio.disconnect(abort=True)


def open_widget(page: Any, url: str) -> None:
    """Load the page, open rasa-webchat and wait for its greeting."""
    page.goto(url)
    page.locator(".rw-launcher").click()
    wait_for_answer(page, 0)


def responses(page: Any) -> Any:
    """The bot's messages shown (not the typing dots, also a ``.rw-response``)."""
    return page.locator(
        ".rw-messages-container .rw-message:not(.rw-typing-indication) .rw-response"
    )


def typing(page: Any) -> bool:
    return page.locator(".rw-typing-indication").count() > 0


def wait_for_answer(page: Any, before: int) -> str:
    """The text of the bot's messages after the first ``before`` ones, once they
    have stopped arriving."""
    deadline = time.monotonic() + REPLY_TIMEOUT
    while responses(page).count() <= before:
        assert time.monotonic() < deadline, "rasa-webchat showed no answer"
        page.wait_for_timeout(100)
    count = responses(page).count()
    while True:
        page.wait_for_timeout(QUIET_S * 1000)
        if responses(page).count() == count and not typing(page):
            break
        count = responses(page).count()
    return "\n".join(responses(page).all_inner_texts()[before:])


def ask(page: Any, text: str) -> str:
    """Type a message in rasa-webchat; the answer's text."""
    before = responses(page).count()
    page.locator(".rw-new-message").fill(text)
    page.keyboard.press("Enter")
    return wait_for_answer(page, before)
