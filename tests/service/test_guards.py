"""If-Match, Idempotency-Key and the guard an additive command needs, over HTTP.

Each refusal is checked for its status and for writing nothing: the piece's
version and history are what they were.
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from sqmy_core.testing.service_flow import CHECKS, STAGES, T0, ok

BASE = "/orgs/district/pieces"


def submitted(client: TestClient, piece: str = "2024-001") -> Any:
    return ok(client.post(BASE, json={"id": piece, "actor": "p001", "title": "关于加装电梯的建议",
                                      "authors": ["p001"], "now": T0}))


def approved(client: TestClient, piece: str = "2024-001") -> str:
    submitted(client, piece)
    for day, stage in zip((2, 3, 4), STAGES, strict=True):
        answer = ok(client.post(f"{BASE}/{piece}/review", json={
            "actor": f"r-{stage}", "decision": "pass", "checks": CHECKS,
            "now": f"2024-03-0{day}T10:00:00+08:00"}))
    etag: str = answer.headers["ETag"]
    return etag


ADOPTION = {"actor": "s1", "body": "cppcc-city", "now": "2024-04-02T15:00:00+08:00"}


def test_two_clerks_on_the_same_version_one_wins_the_other_gets_412(client: TestClient) -> None:
    tag = approved(client)
    first = client.post(f"{BASE}/2024-001/adoptions", json=ADOPTION, headers={"If-Match": tag})
    second = client.post(f"{BASE}/2024-001/adoptions", json=ADOPTION, headers={"If-Match": tag})
    assert first.status_code == 200 and second.status_code == 412
    assert second.headers["content-type"].startswith("application/problem+json")
    problem = second.json()["problems"][0]
    assert problem["code"] == "expected_version_stale"
    assert problem["expected"] == tag.strip('"') and problem["found"] == first.headers["ETag"].strip('"')
    after = ok(client.get(f"{BASE}/2024-001")).json()
    assert len(after["adoptions"]) == 1 and after["version"] == first.json()["version"]


def test_the_same_idempotency_key_twice_has_one_effect(client: TestClient) -> None:
    approved(client)
    headers = {"Idempotency-Key": "oa-7f3a"}
    first = ok(client.post(f"{BASE}/2024-001/adoptions", json=ADOPTION, headers=headers))
    again = ok(client.post(f"{BASE}/2024-001/adoptions", json=ADOPTION, headers=headers))
    assert again.json()["version"] == first.json()["version"]
    assert len(again.json()["adoptions"]) == 1 and again.headers["ETag"] == first.headers["ETag"]


def test_the_same_key_with_another_body_is_refused_409(client: TestClient) -> None:
    approved(client)
    headers = {"Idempotency-Key": "oa-7f3a"}
    first = ok(client.post(f"{BASE}/2024-001/adoptions", json=ADOPTION, headers=headers))
    other = client.post(f"{BASE}/2024-001/adoptions", json={**ADOPTION, "body": "cppcc-province"},
                        headers=headers)
    assert other.status_code == 409
    assert other.json()["problems"][0]["code"] == "idempotency_key_reused"
    after = ok(client.get(f"{BASE}/2024-001")).json()
    assert after["version"] == first.json()["version"] and len(after["adoptions"]) == 1


def test_an_additive_command_without_a_guard_is_428_and_writes_nothing(client: TestClient) -> None:
    approved(client)
    before = ok(client.get(f"{BASE}/2024-001")).json()
    answer = client.post(f"{BASE}/2024-001/adoptions", json=ADOPTION)
    assert answer.status_code == 428
    assert ok(client.get(f"{BASE}/2024-001")).json() == before


def test_a_request_id_repeated_has_one_effect(client: TestClient) -> None:
    approved(client)
    headers = {"X-Request-Id": "req-1"}
    first = ok(client.post(f"{BASE}/2024-001/adoptions", json=ADOPTION, headers=headers))
    again = ok(client.post(f"{BASE}/2024-001/adoptions", json=ADOPTION, headers=headers))
    assert again.json()["version"] == first.json()["version"]


def test_registry_if_match_is_the_registration_count(client: TestClient) -> None:
    person = {"actor": "s1", "name": "张三", "roles": ["member"], "units": ["sec-econ"], "now": T0}
    stale = client.put("/orgs/district/people/p001", json=person, headers={"If-Match": '"0"'})
    assert stale.status_code == 412
    assert stale.json()["problems"][0]["code"] == "record_version_stale"
    moved = ok(client.put("/orgs/district/people/p001", json={**person, "until": "2024-06-30T00:00:00+08:00"},
                          headers={"If-Match": '"1"'}))
    assert moved.headers["ETag"] == '"2"' and moved.json()["record"]["until"].startswith("2024-06-30")
    assert ok(client.get("/orgs/district/people/p001")).headers["ETag"] == '"2"'
