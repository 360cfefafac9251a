"""A webhook receiver on 127.0.0.1 for the tests: records each POST, answers a chosen status,
and verifies signatures the way docs/service.md tells an OA to."""

from __future__ import annotations

import hashlib
import hmac
import http.server
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

TOLERANCE = 300
"""Seconds a timestamp may differ from the receiver's clock (the advice docs/service.md gives)."""


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    port: int = 0
    status: int = 200
    received: list[Received] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/sqmy?tenant=t1"


def verified(secret: str, got: Received, now: float | None = None) -> bool:
    """The receiver's check: the signature over "<timestamp>.<body>", and a fresh timestamp."""
    stamp = got.headers.get("sqmy-webhook-timestamp", "")
    if not stamp.isdigit() or abs((now or time.time()) - int(stamp)) > TOLERANCE:
        return False
    expected = hmac.new(secret.encode(), stamp.encode() + b"." + got.body, hashlib.sha256)
    given = got.headers.get("sqmy-webhook-signature", "")
    return any(
        hmac.compare_digest("v1=" + expected.hexdigest(), part.strip())
        for part in given.split(" ")
    )


@contextmanager
def receiver() -> Iterator[Receiver]:
    state = Receiver()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            headers = {k.lower(): v for k, v in self.headers.items()}
            state.received.append(Received(self.path, headers, body))
            self.send_response(state.status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
