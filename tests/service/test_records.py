"""Penalties and adjustments over HTTP: guards, repeats, refusals, lists, and their points."""

from __future__ import annotations

import hashlib
from fractions import Fraction
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sqmy_core.testing.service_flow import drive_piece, ok

RULESETS = Path(__file__).resolve().parents[2] / "rulesets"
BASE = "/orgs/district"
EXTRA = """
[vocabulary]
penalty_kinds = [{ id = "plagiarism", name = "抄袭" }]

[adjustments]
count = true
clause = "第九条"
"""
PENALTY = {"piece": "2024-001", "kind": "plagiarism", "actor": "s1",
           "now": "2024-05-01T09:00:00+08:00", "persons": ["p002"], "note": "与某文雷同"}
ADJUST = {"id": "adj-1", "points": "2.5", "at": "2024-06-01T09:00:00+08:00",
          "reason": "主席会议决定", "approved_by": "s1", "person": "p001", "actor": "s1"}


@pytest.fixture
def office(client: TestClient) -> TestClient:
    """District with penalty kinds and counted adjustments in force (a version applied over
    HTTP from the same first day), and one piece driven to its instruction."""
    text = (RULESETS / "district.toml").read_text(encoding="utf-8") + EXTRA
    ok(client.put(f"{BASE}/rulesets/2024-01-01",
                  json={"actor": "s1", "now": "2024-02-01T09:00:00+08:00", "toml": text}))
    drive_piece(client)
    return client


def digest(db: Path) -> dict[str, str]:
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest()
            for f in sorted(db.parent.iterdir()) if f.name.startswith(db.name)}


def test_a_penalty_needs_a_guard_and_is_recorded_once_per_key(office: TestClient) -> None:
    version = ok(office.get(f"{BASE}/pieces/2024-001")).json()["version"]
    unguarded = office.post(f"{BASE}/penalties", json=PENALTY)
    assert unguarded.status_code == 428
    first = office.post(f"{BASE}/penalties", json=PENALTY, headers={"Idempotency-Key": "pen-1"})
    assert first.status_code == 200, first.text
    assert first.json()["version"] == version + 1 and first.headers["ETag"] == f'"{version + 1}"'
    assert first.json()["history"][-1]["type"] == "penalized"
    again = office.post(f"{BASE}/penalties", json=PENALTY, headers={"Idempotency-Key": "pen-1"})
    assert again.status_code == 200 and again.json()["version"] == version + 1
    reused = office.post(f"{BASE}/penalties", json={**PENALTY, "persons": ["p001"]},
                         headers={"Idempotency-Key": "pen-1"})
    assert reused.status_code == 409
    stale = office.post(f"{BASE}/penalties", json=PENALTY, headers={"If-Match": f'"{version}"'})
    assert stale.status_code == 412
    listed = ok(office.get(f"{BASE}/penalties")).json()
    assert listed["items"] == [{"piece": "2024-001", "kind": "plagiarism", "persons": ["p002"],
                                "at": "2024-05-01T09:00:00+08:00", "actor": "s1",
                                "note": "与某文雷同", "version": version + 1}]
    assert ok(office.get(f"{BASE}/penalties", params={"piece": "other"})).json()["items"] == []


def test_a_penalty_of_an_unknown_kind_by_a_member_or_on_no_piece_is_refused(
    office: TestClient,
) -> None:
    key = {"Idempotency-Key": "pen-x", "Accept-Language": "en"}
    kind = office.post(f"{BASE}/penalties", json={**PENALTY, "kind": "slander"}, headers=key)
    assert kind.status_code == 422 and "slander" in kind.json()["detail"]
    member = office.post(f"{BASE}/penalties", json={**PENALTY, "actor": "p001"}, headers=key)
    assert member.status_code == 403
    nothing = office.post(f"{BASE}/penalties", json={**PENALTY, "piece": "ghost"}, headers=key)
    assert nothing.status_code == 404
    assert ok(office.get(f"{BASE}/penalties")).json()["items"] == []


def test_an_adjustment_is_kept_once_under_its_id_and_counts_exactly(office: TestClient) -> None:
    def points() -> Fraction:
        doc = ok(office.get(f"{BASE}/standings/person/p001", params={"year": 2024})).json()
        return Fraction(doc["points_exact"])

    before = points()
    made = office.post(f"{BASE}/adjustments", json=ADJUST, headers={"If-Match": '"0"'})
    assert made.status_code == 201, made.text
    assert made.headers["Location"] == f"{BASE}/adjustments/adj-1"
    record = {k: v for k, v in ADJUST.items() if k != "actor"}  # who recorded it: the audit's
    assert made.json() == {"record": {**record, "points": "2.5"}, "version": 1}
    assert points() - before == Fraction(5, 2)
    repeat = office.post(f"{BASE}/adjustments", json=ADJUST)
    assert repeat.status_code == 200 and repeat.json()["version"] == 1
    assert points() - before == Fraction(5, 2)
    other = office.post(f"{BASE}/adjustments", json={**ADJUST, "points": "3"})
    assert other.status_code == 422 and other.json()["problems"][0]["code"] == "record_exists"
    assert ok(office.get(f"{BASE}/adjustments/adj-1")).json()["record"]["points"] == "2.5"
    stale = office.post(f"{BASE}/adjustments", json={**ADJUST, "id": "adj-2"},
                        headers={"If-Match": '"1"'})
    assert stale.status_code == 412
    as_number = office.post(f"{BASE}/adjustments", json={**ADJUST, "id": "adj-3", "points": -0.1})
    assert as_number.status_code == 201 and as_number.json()["record"]["points"] == "-0.1"
    assert points() - before == Fraction(5, 2) - Fraction(1, 10)


def test_an_adjustment_with_bad_points_or_two_entities_is_refused_by_key(
    office: TestClient,
) -> None:
    bad = office.post(f"{BASE}/adjustments", json={**ADJUST, "points": "1e3"})
    assert bad.status_code == 422 and bad.json()["problems"][0]["path"] == "points"
    both = office.post(f"{BASE}/adjustments", json={**ADJUST, "unit": "sec-econ"})
    assert both.status_code == 422
    nobody = office.post(f"{BASE}/adjustments", json={**ADJUST, "approved_by": "ghost"})
    assert nobody.status_code == 422 and "ghost" in nobody.json()["detail"]
    naive = office.post(f"{BASE}/adjustments", json={**ADJUST, "at": "2024-06-01T09:00:00"})
    assert naive.status_code == 422 and naive.json()["problems"][0]["path"] == "at"
    assert office.get(f"{BASE}/adjustments/adj-1").status_code == 404


def test_adjustments_page_by_id_and_filter_by_person(office: TestClient) -> None:
    for n in (3, 1, 2):
        ok(office.post(f"{BASE}/adjustments", json={**ADJUST, "id": f"adj-{n}"}))
    ok(office.post(f"{BASE}/adjustments",
                   json={**ADJUST, "id": "adj-u", "person": None, "unit": "sec-econ"}))
    seen, cursor = [], None
    while True:
        params: dict[str, str | int] = {"limit": 2, "person": "p001"}
        if cursor:
            params["cursor"] = cursor
        doc = ok(office.get(f"{BASE}/adjustments", params=params)).json()
        seen += [d["id"] for d in doc["items"]]
        cursor = doc["next_cursor"]
        if cursor is None:
            break
    assert seen == ["adj-1", "adj-2", "adj-3"]
    units = ok(office.get(f"{BASE}/adjustments", params={"unit": "sec-econ"})).json()["items"]
    assert [d["id"] for d in units] == ["adj-u"]
    assert office.get(f"{BASE}/adjustments", params={"cursor": "bm90LWpzb24"}).status_code == 400


def test_reading_penalties_and_adjustments_changes_no_byte(office: TestClient, db: Path) -> None:
    ok(office.post(f"{BASE}/penalties", json=PENALTY, headers={"Idempotency-Key": "p"}))
    ok(office.post(f"{BASE}/adjustments", json=ADJUST))
    before = digest(db)
    for url in (f"{BASE}/penalties", f"{BASE}/adjustments", f"{BASE}/adjustments/adj-1",
                f"{BASE}/adjustments/none", f"{BASE}/penalties?limit=0"):
        assert office.get(url).status_code < 500
    assert digest(db) == before


def test_the_audit_names_who_recorded_an_adjustment_and_through_which_credential(
    office: TestClient, db: Path
) -> None:
    from sqmy_core.plugins import open_store

    ok(office.post(f"{BASE}/adjustments", json={**ADJUST, "approved_by": "p002"}))
    store = open_store(f"sqlite:///{db}", "district")
    try:
        entries = [r.entry for r in store.audit_records() if r.entry.action == "record_adjustment"]
    finally:
        store.close()
    assert [(e.object, e.actor) for e in entries] == [("adjustment:adj-1", "s1")]
    assert "credential" in entries[0].detail["via"]  # the recorder, not the approver p002
