"""Calls and clues over HTTP: registered whole, a clue's contact only to its readers (audited),
a clue converted into one piece, and reads that write nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sqmy_core.plugins import open_store
from sqmy_core.service import create_app
from sqmy_core.testing.service_flow import T0, bearer, issue_credential, ok, prepare, register
from sqmy_core.workspace.contacts import new_key_text

RULESETS = Path(__file__).resolve().parents[2] / "rulesets"
BASE = "/orgs/district"
CANARY = "王金丝雀 13912345678"
CLUE = {"actor": "s1", "now": T0, "channel": "qr_code", "received_at": T0,
        "summary": "小区加装电梯难"}


@pytest.fixture
def clue_db(tmp_path: Path) -> Path:
    """The district ruleset opened to staff for contacts (kept a hundred years: a contact read
    is judged at the server's clock, so only a clue of 1901 is past it)."""
    ruleset = tmp_path / "district-clues.toml"
    text = (RULESETS / "district.toml").read_text(encoding="utf-8")
    ruleset.write_text(text + '\n[clues]\ncontact_readers = ["staff"]\n'
                       "contact_retention_days = 36500\n", encoding="utf-8")
    db = tmp_path / "clues.db"
    prepare(str(db), ruleset)
    return db


@pytest.fixture
def http(clue_db: Path, tmp_path: Path) -> Iterator[TestClient]:
    key = tmp_path / "contact.key"
    key.write_text(new_key_text() + "\n", encoding="ascii")
    app = create_app(str(clue_db), settings={"contacts": {"key_file": str(key)}})
    with TestClient(app, headers=bearer(issue_credential(str(clue_db)))) as c:
        register(c)
        yield c


def digest(db: Path) -> dict[str, str]:
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest()
            for f in sorted(db.parent.iterdir()) if f.name.startswith(db.name)}


def audit(db: Path) -> list[Any]:
    store = open_store(f"sqlite:///{db}", "district")
    try:
        return [r.entry for r in store.audit_records()]
    finally:
        store.close()


def test_a_call_is_put_read_and_guarded_by_its_registry_version(http: TestClient) -> None:
    call = {"actor": "s1", "now": T0, "title": "关于养老服务的定向约稿", "kind": "commission",
            "assignees": ["p001"], "due": "2024-06-30T00:00:00+08:00"}
    new = http.put(f"{BASE}/calls/c1", json=call, headers={"If-Match": '"0"'})
    assert new.status_code == 200 and new.headers["ETag"] == '"1"'
    assert new.json()["record"]["assignees"] == ["p001"]
    shown = ok(http.get(f"{BASE}/calls/c1"))
    assert shown.json() == new.json() and shown.headers["ETag"] == '"1"'
    stale = http.put(f"{BASE}/calls/c1", json=call, headers={"If-Match": '"0"'})
    assert stale.status_code == 412
    again = ok(http.put(f"{BASE}/calls/c1", json={**call, "title": "改题"},
                        headers={"If-Match": '"1"'}))
    assert again.json()["version"] == 2 and again.json()["record"]["title"] == "改题"


def test_a_call_of_an_unknown_kind_or_person_is_refused_by_name(http: TestClient) -> None:
    bad_kind = http.put(f"{BASE}/calls/c2", headers={"Accept-Language": "en"},
                        json={"actor": "s1", "title": "t", "kind": "survey"})
    assert bad_kind.status_code == 422
    assert "survey" in bad_kind.json()["detail"]
    nobody = http.put(f"{BASE}/calls/c3",
                      json={"actor": "s1", "title": "t", "kind": "commission",
                            "assignees": ["ghost"]})
    assert nobody.status_code == 422 and "ghost" in nobody.json()["detail"]
    assert http.get(f"{BASE}/calls/c2").status_code == 404
    attributes = http.put(f"{BASE}/calls/c4", json={"actor": "s1", "title": "t", "kind": "call",
                                                    "attributes": {"weight": 1e300}})
    assert attributes.status_code == 422


def test_a_clue_is_kept_without_its_contact_and_only_a_reader_gets_it_each_read_audited(
    http: TestClient, clue_db: Path
) -> None:
    put = http.put(f"{BASE}/clues/q1", json={**CLUE, "contact": CANARY},
                   headers={"If-Match": '"0"'})
    assert put.status_code == 200, put.text
    assert CANARY not in put.text and put.json()["contact_status"] == "sealed"
    shown = ok(http.get(f"{BASE}/clues/q1"))
    assert CANARY not in shown.text and "contact" not in shown.json()["record"]
    assert shown.json()["converted_into"] is None
    before = len(audit(clue_db))
    granted = ok(http.get(f"{BASE}/clues/q1/contact", params={"reader": "s1"}))
    assert granted.json() == {"clue": "q1", "contact": CANARY}
    assert granted.headers["Cache-Control"] == "no-store"
    denied = http.get(f"{BASE}/clues/q1/contact", params={"reader": "p001"},
                      headers={"Accept-Language": "en"})
    assert denied.status_code == 403 and CANARY not in denied.text
    assert denied.json()["problems"][0]["code"] == "contact_reader_denied"
    ok(http.put(f"{BASE}/clues/old", json={**CLUE, "received_at": "1901-01-01T00:00:00+08:00",
                                           "contact": CANARY}))
    assert ok(http.get(f"{BASE}/clues/old")).json()["contact_status"] == "expired"
    late = http.get(f"{BASE}/clues/old/contact",
                    params={"reader": "s1", "now": "1901-01-02T00:00:00+08:00"})
    assert late.status_code == 404 and late.json()["problems"][0]["code"] == "contact_expired"
    reads = [e for e in audit(clue_db)[before:] if e.action == "read_contact"]
    assert [(e.object, e.actor, e.outcome) for e in reads] == [
        ("clue:q1", "s1", "ok"),
        ("clue:q1", "p001", "contact_reader_denied"),
        ("clue:old", "s1", "contact_expired"),  # a time the caller names does not count
    ]
    assert all(CANARY not in repr(e) for e in audit(clue_db))
    assert http.get(f"{BASE}/clues/q1/contact").status_code == 422  # who reads: required


def test_a_clue_converts_into_one_piece_only(http: TestClient) -> None:
    ok(http.put(f"{BASE}/clues/q2", json=CLUE))
    conversion = {"actor": "s1", "now": T0, "piece": "2024-050", "title": "关于加装电梯的建议",
                  "authors": ["p001"], "unit": "sec-econ"}
    made = http.post(f"{BASE}/clues/q2/convert", json=conversion,
                     headers={"Idempotency-Key": "conv-1"})
    assert made.status_code == 201, made.text
    assert made.json()["piece"] == "2024-050" and made.headers["ETag"] == '"1"'
    assert made.headers["Location"] == f"{BASE}/pieces/2024-050"
    repeat = http.post(f"{BASE}/clues/q2/convert", json=conversion,
                       headers={"Idempotency-Key": "conv-1"})
    assert repeat.status_code == 201 and repeat.json()["version"] == 1
    other = http.post(f"{BASE}/clues/q2/convert", json={**conversion, "piece": "2024-051"})
    assert other.status_code == 409 and other.json()["problems"][0]["code"] == "clue_converted"
    assert ok(http.get(f"{BASE}/clues/q2")).json()["converted_into"] == "2024-050"
    assert http.get(f"{BASE}/pieces/2024-051").status_code == 404
    unknown = http.post(f"{BASE}/clues/nope/convert", json=conversion)
    assert unknown.status_code == 404


def test_a_contact_without_a_configured_key_is_refused_and_nothing_kept(
    client: TestClient, db: Path
) -> None:
    before = len(audit(db))
    refused = client.put(f"{BASE}/clues/q3", json={**CLUE, "contact": CANARY})
    assert refused.status_code == 422 and CANARY not in refused.text
    assert refused.json()["problems"][0]["code"] == "contact_no_key"
    assert client.get(f"{BASE}/clues/q3").status_code == 404
    # what a refused command leaves is its audit record, as every workspace refusal does
    assert [(e.action, e.outcome) for e in audit(db)[before:]] == [
        ("register_clue", "contact_no_key")]


def test_reading_calls_and_clues_changes_no_byte_and_adds_no_audit_record(
    http: TestClient, clue_db: Path
) -> None:
    ok(http.put(f"{BASE}/calls/c1", json={"actor": "s1", "title": "t", "kind": "call"}))
    ok(http.put(f"{BASE}/clues/q1", json={**CLUE, "contact": CANARY}))
    records = len(audit(clue_db))
    before = digest(clue_db)
    for url in (f"{BASE}/calls/c1", f"{BASE}/clues/q1", f"{BASE}/calls/nope",
                f"{BASE}/clues/nope"):
        assert http.get(url).status_code in (200, 404)
    assert digest(clue_db) == before and len(audit(clue_db)) == records


def test_a_clue_received_beyond_the_contract_years_is_refused_not_a_server_error(
    http: TestClient,
) -> None:
    """Year 9999 plus the retention overflowed the expiry sum (a 500 before the service checked)."""
    for moment in ("9999-12-31T23:00:00+00:00", "0001-01-01T00:00:00+00:00"):
        refused = http.put(f"{BASE}/clues/q9", json={**CLUE, "received_at": moment,
                                                      "contact": CANARY})
        assert refused.status_code == 422
        assert refused.json()["problems"][0]["path"] == "received_at"
    assert http.get(f"{BASE}/clues/q9").status_code == 404


def test_a_contact_is_erased_for_good_by_a_reader_and_the_erasure_audited(
    http: TestClient, clue_db: Path
) -> None:
    ok(http.put(f"{BASE}/clues/q3", json={**CLUE, "contact": CANARY}))
    member = http.delete(f"{BASE}/clues/q3/contact", params={"actor": "p001"})
    assert member.status_code == 403  # neither a contact reader nor staff
    assert ok(http.get(f"{BASE}/clues/q3")).json()["contact_status"] == "sealed"
    erased = ok(http.delete(f"{BASE}/clues/q3/contact",
                            params={"actor": "s1", "reason": "本人要求删除"}))
    assert erased.json()["contact_status"] == "erased" and CANARY not in erased.text
    gone = http.get(f"{BASE}/clues/q3/contact", params={"reader": "s1"})
    assert gone.status_code in (404, 409) and CANARY not in gone.text
    records = [e for e in audit(clue_db) if e.action == "erase_contact"]
    assert [(e.object, e.actor, e.outcome) for e in records] == [
        ("clue:q3", "p001", records[0].outcome), ("clue:q3", "s1", "ok")]
    assert records[0].outcome != "ok"
    assert all(CANARY not in repr(e) for e in audit(clue_db))
    nobody = http.delete(f"{BASE}/clues/q3/contact", params={"actor": "ghost"})
    assert nobody.status_code == 403 and nobody.json()["problems"][0]["path"] == "actor"
    assert http.delete(f"{BASE}/clues/q3/contact").status_code == 422  # who erases: required
