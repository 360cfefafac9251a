"""End to end: a Workspace's outbox delivering through a webhook whose server goes away.

The server is stopped in the middle of a run and started again on the same
port; every notification must arrive exactly once after it returns.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from sqmy_core.model import Person, Unit
from sqmy_core.workspace.workspace import Workspace

RULESET = Path(__file__).resolve().parents[3] / "rulesets" / "district.toml"
BJ = timezone(timedelta(hours=8))
T0 = datetime(2024, 3, 1, 9, 0, tzinfo=BJ)
FIVE = ["political", "policy", "factual", "format", "wording"]


class _Handler(BaseHTTPRequestHandler):
    server: _Recording

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.server.received.append(json.loads(body.decode("utf-8")))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Recording(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int, received: list[dict[str, Any]]) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.received = received


class Restartable:
    """A JSON webhook receiver that can be stopped and started again on the same port."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self._server: _Recording | None = None
        self.port = 0
        self.start()

    def start(self) -> None:
        self._server = _Recording(self.port, self.received)
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.01},
                         daemon=True).start()

    def stop(self) -> None:
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()
        self._server = None


@pytest.fixture
def receiver() -> Iterator[Restartable]:
    r = Restartable()
    yield r
    if r._server is not None:
        r.stop()


def test_every_notification_arrives_once_after_the_server_returns(
    tmp_path: Path, receiver: Restartable
) -> None:
    settings = {"webhooks": [{"name": "office", "format": "json",
                              "url": f"http://127.0.0.1:{receiver.port}/hook"}],
                "outbound": {"allow": ["127.0.0.1"]}}
    ws = Workspace.open(str(tmp_path / "w.db"), ruleset=RULESET, settings=settings)
    assert list(ws.notifiers) == ["webhook:office"]
    ws.register_unit(Unit("sec", "经济界", "sector"))
    for pid, roles in [("a", ["member"]), ("r1", ["reviewer_initial"]),
                       ("r2", ["reviewer_deputy"]), ("r3", ["reviewer_chair"]),
                       ("s", ["staff"])]:
        ws.register_person(Person(pid, pid, roles, ["sec"] if pid == "a" else []))

    ws.submit("x1", authors=["a"], actor="a", now=T0, title="关于一的建议")
    ws.submit("x2", authors=["a"], actor="a", now=T0, title="关于二的建议")
    assert ws.deliver(T0).delivered == 2  # both reached 初审

    receiver.stop()  # the robot's server goes away in the middle of the run
    for piece in ("x1", "x2"):
        ws.review(piece, actor="r1", decision="pass", checks=FIVE, now=T0 + timedelta(hours=1))
        ws.review(piece, actor="r2", decision="pass", checks=FIVE, now=T0 + timedelta(hours=2))
        ws.review(piece, actor="r3", decision="return", checks=[], now=T0 + timedelta(hours=3))
    down = ws.deliver(T0 + timedelta(hours=4))
    assert down.delivered == 0 and down.failed == 6  # 复审、审定待审 + 退回 × 2
    assert {i.last_error for i in ws.store.outbox() if not i.delivered_at} == {"network"}

    receiver.start()  # back on the same port
    assert ws.deliver(T0 + timedelta(hours=4)).delivered == 0  # still waiting to retry
    back = ws.deliver(T0 + timedelta(hours=5))
    assert back.delivered == 6
    assert ws.deliver(T0 + timedelta(days=1)).delivered == 0

    keys = [r["key"] for r in receiver.received]
    assert len(keys) == 8 and len(set(keys)) == 8
    assert sorted(r["kind"] for r in receiver.received) == ["returned"] * 2 + ["stage_reached"] * 6
    assert all(item.delivered_at is not None for item in ws.store.outbox())
