"""Helpers of the hostile-traffic suite (tests/test_hostile_*.py): what a
conversation left in the tracker store, and raw HTTP as an attacker sends it."""

from __future__ import annotations

import json
import socket
import sqlite3
import time
from pathlib import Path
from typing import Any

SIGNED_SOCKET_ID = r"sb\.s\.[0-9a-f]{32}\.[0-9a-f]{32}"
SIGNED_WIDGET_ID = r"sb\.w\.[0-9a-f]{32}\.[0-9a-f]{32}"


def stored(db: Path, sender: str) -> list[dict[str, Any]]:
    """Every stored event of ``sender`` (all sessions), oldest first."""
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT data FROM events WHERE sender_id = ? ORDER BY id", (sender,)
        ).fetchall()
    return [json.loads(data) for (data,) in rows]


def stored_bytes(db: Path, sender: str) -> int:
    """The bytes of event data stored for ``sender``."""
    with sqlite3.connect(db) as connection:
        (size,) = connection.execute(
            "SELECT COALESCE(SUM(LENGTH(data)), 0) FROM events WHERE sender_id = ?",
            (sender,),
        ).fetchone()
    return int(size)


def user_texts(db: Path, sender: str) -> list[str]:
    return [e.get("text") or "" for e in stored(db, sender) if e["event"] == "user"]


def post_huge(url: str, body: bytes, timeout: float = 30) -> int | None:
    """POST ``body`` over a plain socket; the status, or None when the server
    closed the connection before answering (it refused to read it)."""
    host, port = url.removeprefix("http://").split("/")[0].split(":")
    path = "/" + url.removeprefix("http://").split("/", 1)[1]
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode()
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        try:
            sock.sendall(head)
            sock.sendall(body)
        except OSError:
            pass  # refused while we were still sending: read what it said
        try:
            answer = sock.recv(200)
        except OSError:
            return None
    if not answer.startswith(b"HTTP/1."):
        return None
    return int(answer.split()[1])


def trickle(
    host: str, port: int, head: bytes, drip: bytes, every: float, most: float
) -> float:
    """Send ``head``, then one byte of ``drip`` every ``every`` seconds until the
    server answers or closes the connection; the seconds it was held (``most``
    at most)."""
    start = time.monotonic()
    with socket.create_connection((host, port), timeout=most) as sock:
        sock.sendall(head)
        for byte in drip:
            if time.monotonic() - start > most:
                break
            time.sleep(every)
            try:
                sock.sendall(bytes([byte]))
            except OSError:
                break
            sock.settimeout(0.01)
            try:
                sock.recv(1024)  # an answer (408) or the end: no longer held
                break
            except TimeoutError:
                pass
            except OSError:
                break
    return time.monotonic() - start
