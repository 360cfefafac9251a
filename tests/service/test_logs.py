"""The request log: one JSON line per request, with its keys, and no trace of what was sent."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient

from sqmy_core.service.logs import LOGGER, configure
from sqmy_core.testing.service_flow import ORG, T0, ok
from sqmy_core.workspace.credentials import token_id

KEYS = {"time", "level", "event", "method", "path", "status", "duration_ms", "request_id",
        "organization", "credential", "auth"}
CANARY = "金丝雀7f3a9c"


@contextmanager
def captured(level: str) -> Iterator[io.StringIO]:
    """What ``sqmy serve --log-level level`` would write to stderr; the logger restored after."""
    stream = io.StringIO()
    logger = configure(level, stream)
    try:
        yield stream
    finally:
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        logger.setLevel(logging.NOTSET)
        logger.propagate = True


@pytest.fixture
def log() -> Iterator[io.StringIO]:
    with captured("info") as stream:
        yield stream


def lines(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_a_request_with_a_contact_and_a_canary_leaves_no_trace_of_them(
    client: TestClient, log: io.StringIO, token: str
) -> None:
    log.truncate(0)  # the registry's requests of the fixture came before the handler
    log.seek(0)
    contact = "canary.reporter@example.org"
    answer = ok(client.post(f"/orgs/{ORG}/pieces", headers={"X-Request-Id": "req-42"}, json={
        "id": "2024-101", "actor": "p001", "title": f"关于{CANARY}的建议",
        "authors": ["p001"], "unit": "sec-econ", "now": T0}))
    named = ok(client.put(f"/orgs/{ORG}/people/p009", headers={"If-Match": '"0"'}, json={
        "actor": "s1", "name": f"线索人{CANARY}", "roles": ["member"], "now": T0}))
    refused = client.post(f"/orgs/{ORG}/pieces", json={
        "id": "2024-102", "actor": "p001", "title": "t", "authors": ["p001"], "now": T0,
        "contact": contact})
    missing = client.get(f"/orgs/{ORG}/pieces/{CANARY}", params={"q": CANARY})
    assert (refused.status_code, missing.status_code) == (422, 404)
    assert contact in refused.text  # the answer names what it refused; the log must not
    text = log.getvalue()
    for secret in (CANARY, contact, "线索人", "canary.reporter", "example.org"):
        assert secret not in text
    first, second, third, fourth = lines(log)
    assert all(set(line) == KEYS for line in (first, second, third, fourth))
    assert first["method"] == "POST" and first["path"] == "/orgs/{org}/pieces"
    assert (first["status"], first["organization"]) == (answer.status_code, ORG)
    assert first["request_id"] == "req-42" == answer.headers["X-Request-Id"]
    assert isinstance(first["duration_ms"], float) and first["duration_ms"] >= 0
    assert (second["path"], second["status"]) == ("/orgs/{org}/people/{person}", named.status_code)
    assert third["status"] == 422
    assert fourth["path"] == "/orgs/{org}/pieces/{piece}" and fourth["status"] == 404
    assert fourth["request_id"] == missing.headers["X-Request-Id"] != "req-42"
    credential = token_id(token)
    assert {line["credential"] for line in (first, second, third, fourth)} == {credential}
    assert [line["auth"] for line in (first, second, third, fourth)] == ["ok"] * 4
    assert token not in text and token.split("_", 2)[2] not in text


def test_a_path_no_route_serves_is_not_logged_raw(client: TestClient, log: io.StringIO) -> None:
    assert client.get(f"/nowhere/{CANARY}").status_code == 404
    (line,) = lines(log)
    assert (line["path"], line["status"], line["organization"]) == (None, 404, None)
    assert (line["credential"], line["auth"]) == (None, None)  # no route: no decision
    assert CANARY not in log.getvalue()


def test_the_level_silences_the_request_lines(client: TestClient) -> None:
    with captured("warning") as quiet:
        ok(client.get("/health"))
    with captured("debug") as loud:
        ok(client.get("/health"))
    assert quiet.getvalue() == "" and lines(loud)[0]["path"] == "/health"
    assert logging.getLogger(LOGGER).handlers == []
