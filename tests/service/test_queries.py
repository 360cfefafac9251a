"""Reads: work lists with cursor pagination, what a person may do, and that no read writes."""

from __future__ import annotations

import hashlib
from pathlib import Path

from fastapi.testclient import TestClient

from sqmy_core.testing.service_flow import CHECKS, T0, ok

BASE = "/orgs/district/pieces"


def submit(client: TestClient, piece: str) -> None:
    ok(client.post(BASE, json={"id": piece, "actor": "p001", "title": f"建议 {piece}",
                               "authors": ["p001"], "now": T0}))


def test_awaiting_review_pages_through_with_the_cursor(client: TestClient) -> None:
    pieces = [f"2024-{n:03d}" for n in range(1, 8)]
    for piece in pieces:
        submit(client, piece)
    ok(client.post(f"{BASE}/2024-004/review", json={"actor": "r-initial", "decision": "pass",
                                                   "checks": CHECKS, "now": T0}))
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        params: dict[str, str | int] = {"awaiting_review": "r-initial", "limit": 2}
        if cursor is not None:
            params["cursor"] = cursor
        doc = ok(client.get(BASE, params=params)).json()
        pages += 1
        assert len(doc["items"]) <= 2
        seen += [i["piece"] for i in doc["items"]]
        cursor = doc["next_cursor"]
        if cursor is None:
            break
    expected = [p for p in pieces if p != "2024-004"]  # passed on to the deputy's level
    assert seen == expected and pages == 3
    deputy = ok(client.get(BASE, params={"awaiting_review": "r-deputy"})).json()
    assert [i["piece"] for i in deputy["items"]] == ["2024-004"]
    everything = ok(client.get(BASE, params={"limit": 500})).json()
    assert [i["piece"] for i in everything["items"]] == pieces and everything["next_cursor"] is None


def test_overdue_lists_approved_pieces_not_dispatched_in_time(client: TestClient) -> None:
    submit(client, "2024-001")
    submit(client, "2024-002")
    for day, stage in ((2, "initial"), (3, "deputy"), (4, "chair")):
        ok(client.post(f"{BASE}/2024-001/review", json={
            "actor": f"r-{stage}", "decision": "pass", "checks": CHECKS,
            "now": f"2024-03-0{day}T10:00:00+08:00"}))
    soon = ok(client.get(BASE, params={"overdue": "2024-03-04T11:00:00+08:00"})).json()
    late = ok(client.get(BASE, params={"overdue": "2024-12-31T00:00:00+08:00"})).json()
    assert soon["items"] == []
    assert [i["piece"] for i in late["items"]] == ["2024-001"] and late["items"][0]["due"]


def test_two_lists_at_once_are_refused(client: TestClient) -> None:
    answer = client.get(BASE, params={"awaiting_review": "r-initial",
                                      "overdue": "2024-12-31T00:00:00+08:00"})
    assert answer.status_code == 400


def test_what_each_person_may_do_to_a_piece(client: TestClient) -> None:
    submit(client, "2024-001")

    def allowed(person: str) -> list[str]:
        doc = ok(client.get(f"{BASE}/2024-001", params={"for": person})).json()
        actions: list[str] = doc["allowed_actions"]
        return actions
    assert "withdraw" in allowed("p001") and not any(a.startswith("review") for a in allowed("p001"))
    assert "review.pass" in allowed("r-initial") and allowed("r-chair") == []
    assert ok(client.get(f"{BASE}/2024-001")).json()["allowed_actions"] is None


def _digest(db: Path) -> dict[str, str]:
    return {
        f.name: hashlib.sha256(f.read_bytes()).hexdigest()
        for f in sorted(db.parent.iterdir()) if f.name.startswith(db.name)
    }


def test_reading_endpoints_change_no_byte_of_the_database(client: TestClient, db: Path) -> None:
    submit(client, "2024-001")
    before = _digest(db)
    reads = [
        "/health", f"{BASE}/2024-001", f"{BASE}/2024-001?for=r-initial", BASE,
        f"{BASE}?awaiting_review=r-initial&limit=1", f"{BASE}?overdue=2024-12-31T00:00:00%2B08:00",
        "/orgs/district/assessment?year=2024", "/orgs/district/people/p001",
        "/orgs/district/units/sec-econ", f"{BASE}/nope", "/orgs/district/assessment?year=x",
    ]
    for url in reads:
        assert client.get(url).status_code < 500
    assert _digest(db) == before
