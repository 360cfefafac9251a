"""履职活动 over HTTP, under a ruleset that scores them (rulesets/duty.toml)."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sqmy_core.service import create_app
from sqmy_core.testing.service_flow import T0, bearer, issue_credential, ok, prepare

RULESET = Path(__file__).resolve().parents[2] / "rulesets" / "duty.toml"
BASE = "/orgs/duty"
SURVEY = {"id": "act-1", "person": "m1", "kind": "survey", "at": "2024-04-01T09:00:00+08:00",
          "actor": "s1", "note": "农村养老调研"}


@pytest.fixture
def duty(tmp_path: Path) -> Iterator[TestClient]:
    db = tmp_path / "duty.db"
    prepare(str(db), RULESET)
    with TestClient(create_app(str(db)), headers=bearer(issue_credential(str(db), org="duty"))) as c:
        ok(c.put(f"{BASE}/units/sec-a", json={"actor": "s1", "name": "经济界", "kind": "sector",
                                               "now": T0}))
        ok(c.put(f"{BASE}/people/m1", json={"actor": "s1", "name": "张三", "roles": ["member"],
                                             "units": ["sec-a"], "now": T0}))
        yield c


def points(client: TestClient) -> Fraction:
    doc = ok(client.get(f"{BASE}/standings/person/m1", params={"year": 2024})).json()
    return Fraction(doc["points_exact"])


def test_an_activity_is_kept_once_under_its_id_and_scores(duty: TestClient) -> None:
    before = points(duty)
    made = duty.post(f"{BASE}/activities", json=SURVEY)
    assert made.status_code == 201, made.text
    assert made.headers["Location"] == f"{BASE}/activities/act-1" and made.headers["ETag"] == '"1"'
    assert points(duty) > before
    again = duty.post(f"{BASE}/activities", json=SURVEY)
    assert again.status_code == 200 and again.json()["version"] == 1
    other = duty.post(f"{BASE}/activities", json={**SURVEY, "kind": "proposal"})
    assert other.status_code == 422 and other.json()["problems"][0]["code"] == "record_exists"
    lead = {**SURVEY, "id": "act-2", "kind": "proposal", "attributes": {"proposal_role": "lead"}}
    ok(duty.post(f"{BASE}/activities", json=lead))
    listed = ok(duty.get(f"{BASE}/activities", params={"person": "m1", "limit": 1})).json()
    assert [d["id"] for d in listed["items"]] == ["act-1"] and listed["next_cursor"]
    rest = ok(duty.get(f"{BASE}/activities", params={"person": "m1",
                                                     "cursor": listed["next_cursor"]})).json()
    assert [d["id"] for d in rest["items"]] == ["act-2"] and rest["next_cursor"] is None
    kinds = ok(duty.get(f"{BASE}/activities", params={"kind": "proposal"})).json()["items"]
    assert [d["id"] for d in kinds] == ["act-2"]
    assert ok(duty.get(f"{BASE}/activities/act-2")).json()["record"]["attributes"] == {
        "proposal_role": "lead"}


def test_an_undeclared_kind_an_unknown_person_or_a_member_recording_is_refused(
    duty: TestClient,
) -> None:
    en = {"Accept-Language": "en"}
    kind = duty.post(f"{BASE}/activities", json={**SURVEY, "kind": "banquet"}, headers=en)
    assert kind.status_code == 422 and "banquet" in kind.json()["detail"]
    ghost = duty.post(f"{BASE}/activities", json={**SURVEY, "person": "ghost"}, headers=en)
    assert ghost.status_code == 422 and "ghost" in ghost.json()["detail"]
    naive = duty.post(f"{BASE}/activities", json={**SURVEY, "at": "2024-04-01T09:00:00"})
    assert naive.status_code == 422
    unnamed = duty.post(f"{BASE}/activities", json={k: v for k, v in SURVEY.items()
                                                    if k != "actor"})
    assert unnamed.status_code == 422
    assert duty.get(f"{BASE}/activities/act-1").status_code == 404
    assert ok(duty.get(f"{BASE}/activities")).json()["items"] == []
