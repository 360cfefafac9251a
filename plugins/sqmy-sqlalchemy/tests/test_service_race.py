"""Two ``sqmy serve`` processes on one database, racing: the store's guards hold across them.

Each round sends the same adoption with the same ``If-Match`` to both
servers at once: exactly one may succeed, the other is refused (412, or 409
when the store saw the two appends collide), and exactly one adoption is
stored.  The same ``Idempotency-Key`` sent to both has one effect.  Every
request carries one credential, issued before the servers start: a
credential issued in the database is good for every process serving it.  The
servers are real processes (uvicorn, each its own port and connections);
under CI the database servers are required (see ``conftest``).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2 as httpx  # the dev extra's client (Starlette's TestClient uses it too)
import pytest

from sqmy_core.testing.service_flow import (
    ORG,
    bearer,
    drive_piece,
    issue_credential,
    ok,
    prepare,
    register,
)

REPO = Path(__file__).resolve().parents[3]
RULESET = REPO / "rulesets" / "district.toml"
BASE = f"/orgs/{ORG}/pieces/2024-001"
BODIES = ["cppcc-province", "cppcc-national", "cppcc-county"]
STARTUP_SECONDS = 60.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _serve(url: str, port: int) -> subprocess.Popen[bytes]:
    """``sqmy serve`` in a process of its own, on this test's code (its ``sys.path``)."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    return subprocess.Popen(
        [sys.executable, "-m", "sqmy_core", "serve", "--db", url, "--org", ORG,
         "--port", str(port), "--log-level", "warning"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )


def _wait_healthy(server: subprocess.Popen[bytes], base: str) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            assert server.stderr is not None
            pytest.fail(f"sqmy serve exited {server.returncode}: {server.stderr.read().decode()}")
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"sqmy serve at {base} did not answer /health in {STARTUP_SECONDS}s")


@pytest.fixture
def auth(db_url: str) -> dict[str, str]:
    """The ``Authorization`` header of a credential with every scope, in the fresh database."""
    prepare(db_url, RULESET)
    return bearer(issue_credential(db_url))


@pytest.fixture
def servers(db_url: str, auth: dict[str, str]) -> Iterator[list[str]]:
    """Two servers on the test's fresh schema/database, stopped (killed if need be) afterwards."""
    procs: list[subprocess.Popen[bytes]] = []
    try:
        bases = []
        for _ in range(2):
            port = _free_port()
            procs.append(_serve(db_url, port))
            bases.append(f"http://127.0.0.1:{port}")
        for proc, base in zip(procs, bases, strict=True):
            _wait_healthy(proc, base)
        yield bases
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            if proc.stderr is not None:
                proc.stderr.close()


def _race(bases: list[str], path: str, body: dict[str, Any],
          headers: dict[str, str], auth: dict[str, str]) -> list[httpx.Response]:
    """The same request to every server, released together."""
    gate = threading.Barrier(len(bases))
    answers: list[httpx.Response | BaseException] = [RuntimeError("no answer")] * len(bases)

    def send(i: int, base: str) -> None:
        with httpx.Client(base_url=base, timeout=30, headers=auth) as client:
            gate.wait()
            try:
                answers[i] = client.post(path, json=body, headers=headers)
            except BaseException as exc:  # re-raised below, in the test's thread
                answers[i] = exc

    threads = [threading.Thread(target=send, args=(i, b)) for i, b in enumerate(bases)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for answer in answers:
        if isinstance(answer, BaseException):
            raise answer
    return [a for a in answers if isinstance(a, httpx.Response)]


def test_two_servers_racing_one_version_let_exactly_one_through(
    servers: list[str], auth: dict[str, str]
) -> None:
    first, second = servers
    with httpx.Client(base_url=first, timeout=30, headers=auth) as client:
        register(client)
        doc = drive_piece(client)
    version = doc["version"]
    for round_, body in enumerate(BODIES):
        act = {"actor": "s1", "body": body, "now": f"2024-0{5 + round_}-01T15:00:00+08:00"}
        answers = _race(servers, f"{BASE}/adoptions", act, {"If-Match": f'"{version}"'}, auth)
        codes = sorted(a.status_code for a in answers)
        assert codes[0] == 200 and codes[1] in (409, 412), [a.text for a in answers]
        (won,) = [a for a in answers if a.status_code == 200]
        assert won.json()["version"] == version + 1
        version += 1
    with httpx.Client(base_url=second, timeout=30, headers=auth) as client:
        shown = ok(client.get(BASE)).json()
    assert [a["body"] for a in shown["adoptions"]] == ["cppcc-city", *BODIES]
    assert shown["version"] == version


def test_one_idempotency_key_sent_to_two_servers_has_one_effect(
    servers: list[str], auth: dict[str, str]
) -> None:
    with httpx.Client(base_url=servers[0], timeout=30, headers=auth) as client:
        register(client)
        drive_piece(client)
    act = {"actor": "s1", "body": "cppcc-province", "now": "2024-07-01T15:00:00+08:00"}
    answers = _race(servers, f"{BASE}/adoptions", act, {"Idempotency-Key": "oa-race-1"}, auth)
    codes = sorted(a.status_code for a in answers)
    assert codes[0] == 200 and codes[1] in (200, 409), [a.text for a in answers]
    with httpx.Client(base_url=servers[1], timeout=30, headers=auth) as client:
        shown = ok(client.get(BASE)).json()
        again = ok(client.post(f"{BASE}/adoptions", json=act,
                               headers={"Idempotency-Key": "oa-race-1"})).json()
    assert [a["body"] for a in shown["adoptions"]] == ["cppcc-city", "cppcc-province"]
    assert {a.json()["version"] for a in answers if a.status_code == 200} == {shown["version"]}
    assert again["version"] == shown["version"]
