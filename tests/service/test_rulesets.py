"""Ruleset versions over HTTP: the first ruleset of a new organization, repeats, and refusals."""

from __future__ import annotations

import hashlib
from pathlib import Path

from fastapi.testclient import TestClient

from sqmy_core.service import create_app
from sqmy_core.testing.service_flow import (
    T0,
    bearer,
    drive_piece,
    issue_credential,
    ok,
    prepare,
    register,
    register_staff,
)

RULESETS = Path(__file__).resolve().parents[2] / "rulesets"
DISTRICT = (RULESETS / "district.toml").read_text(encoding="utf-8")
APPLY = "/orgs/district/rulesets/2024-01-01"


def body(toml: str = DISTRICT) -> dict[str, str]:
    return {"actor": "s1", "now": "2024-01-31T09:00:00+08:00", "toml": toml}


def digest(db: Path) -> dict[str, str]:
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest()
            for f in sorted(db.parent.iterdir()) if f.name.startswith(db.name)}


def test_a_new_organization_is_set_up_wholly_over_http_and_assessed_as_prepare_would(
    tmp_path: Path, client: TestClient
) -> None:
    """The database holds another organization only; district is started by the PUT."""
    db = tmp_path / "shared.db"
    prepare(str(db), RULESETS / "party.toml")
    token = issue_credential(str(db))  # district's: the administrator issues it first
    party_token = issue_credential(str(db), org="party")
    with TestClient(create_app(str(db)), headers=bearer(token)) as http:
        assert http.get("/orgs/district/pieces").status_code == 404  # not served before
        applied = http.put(APPLY, json=body())
        assert applied.status_code == 201, applied.text
        version = applied.json()
        assert (version["number"], version["current"], version["actor"]) == (1, True, "s1")
        assert version["effective_from"] == "2024-01-01"
        assert version["title"] == "XX区政协反映社情民意信息工作考核办法"
        register_staff(http)
        register(http)
        drive_piece(http)
        over_http = ok(http.get("/orgs/district/assessment", params={"year": 2024})).json()
        listed = ok(http.get("/orgs/district/rulesets")).json()["items"]
        assert [v["number"] for v in listed] == [1]
        party = ok(http.get("/orgs/party/rulesets", headers=bearer(party_token))).json()["items"]
        assert len(party) == 1 and party[0]["title"].startswith("民建")
    drive_piece(client)  # the conftest service: district put in force by ``prepare``
    prepared = ok(client.get("/orgs/district/assessment", params={"year": 2024})).json()
    assert over_http == prepared and over_http["stats"]["adopted"] == 1


def test_the_same_version_again_writes_nothing_and_another_is_kept_beside(
    client: TestClient, db: Path
) -> None:
    first = ok(client.get("/orgs/district/rulesets")).json()["items"]
    assert len(first) == 1
    again = client.put(APPLY, json=body())  # ``prepare`` applied this text from this day
    assert again.status_code == 200 and again.json()["number"] == 1
    later = client.put("/orgs/district/rulesets/2025-01-01", json=body())
    assert later.status_code == 201 and later.json()["number"] == 2
    items = ok(client.get("/orgs/district/rulesets")).json()["items"]
    assert [(v["number"], v["current"]) for v in items] == [(1, False), (2, True)]
    assert items[0]["sha256"] == items[1]["sha256"]
    before = digest(db)
    assert client.put("/orgs/district/rulesets/2025-01-01", json=body()).status_code == 200
    assert digest(db) == before


def test_extends_another_organization_and_bad_toml_are_refused_and_nothing_is_written(
    client: TestClient, db: Path
) -> None:
    before = digest(db)
    extends = client.put(APPLY, json=body('extends = "/etc/passwd"\n' + DISTRICT),
                         headers={"Accept-Language": "en"})
    assert extends.status_code == 422
    problem = extends.json()["problems"][0]
    assert (problem["path"], problem["code"]) == ("extends", "service.ruleset_extends")
    assert "reads no file of the server" in problem["message"]
    party = client.put(APPLY, json=body((RULESETS / "party.toml").read_text(encoding="utf-8")))
    assert party.status_code == 422
    assert party.json()["problems"][0]["code"] == "service.ruleset_org"
    assert "'party'" in party.json()["problems"][0]["message"]
    broken = client.put(APPLY, json=body("title = [unclosed"))
    assert broken.status_code == 422 and broken.json()["problems"][0]["code"] == "toml_syntax"
    bad_day = client.put("/orgs/district/rulesets/2024-13-01", json=body())
    assert bad_day.status_code == 422 and bad_day.json()["problems"][0]["path"] == "effective_from"
    missing = client.put(APPLY, json={"actor": "s1"})
    assert missing.status_code == 422
    assert digest(db) == before


def test_a_service_limited_to_one_organization_applies_no_other(tmp_path: Path) -> None:
    db = tmp_path / "one.db"
    prepare(str(db), RULESETS / "party.toml")
    token = issue_credential(str(db), org="party")
    with TestClient(create_app(str(db), organization="party"), headers=bearer(token)) as http:
        refused = http.put(APPLY, json=body())
        assert refused.status_code == 404
        assert refused.json()["problems"][0]["code"] == "service.unknown_org"
        assert http.get("/orgs/district/rulesets").status_code == 404


def test_the_time_of_applying_defaults_to_the_server_clock(client: TestClient) -> None:
    answer = client.put("/orgs/district/rulesets/2026-01-01",
                        json={"actor": "s1", "toml": DISTRICT, "source": "district.toml"})
    assert answer.status_code == 201
    doc = answer.json()
    assert doc["source"] == "district.toml" and doc["applied_at"] > T0[:4]


def test_a_first_day_or_a_time_beyond_the_contract_years_is_refused(client: TestClient) -> None:
    for day in ("9999-12-31", "0001-01-01"):
        refused = client.put(f"/orgs/district/rulesets/{day}", json=body())
        assert refused.status_code == 422
        assert refused.json()["problems"][0]["path"] == "effective_from"
    ancient = client.put(APPLY, json={**body(), "now": "0001-01-01T00:00:00+00:00"})
    assert ancient.status_code == 422 and ancient.json()["problems"][0]["path"] == "now"
    assert len(ok(client.get("/orgs/district/rulesets")).json()["items"]) == 1
