"""explain, bulletins and standings over HTTP: what the command line computes, as JSON."""

from __future__ import annotations

import hashlib
import json
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from sqmy_core.cli.main import cli
from sqmy_core.testing.service_flow import ORG, drive_piece, ok

BASE = f"/orgs/{ORG}"


@pytest.fixture
def year(client: TestClient) -> TestClient:
    """Two pieces: one adopted and instructed (2024-001), one only submitted (2024-002)."""
    drive_piece(client)
    ok(client.post(f"{BASE}/pieces", json={"id": "2024-002", "actor": "p002", "title": "建议二",
                                           "authors": ["p002"], "unit": "sec-econ",
                                           "now": "2024-05-06T09:00:00+08:00"}))
    return client


def cli_json(*args: str) -> object:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_explain_lines_add_up_to_the_assessed_points(year: TestClient) -> None:
    assessed = ok(year.get(f"{BASE}/assessment", params={"year": 2024})).json()
    for entity, ident in (("person", "p001"), ("person", "p002"), ("unit", "sec-econ")):
        doc = ok(year.get(f"{BASE}/explain", params={"year": 2024, entity: ident})).json()
        row = next(r for r in assessed["people" if entity == "person" else "units"]
                   if r["id"] == ident)
        assert (doc["entity"], doc["id"], doc["rank"]) == (entity, ident, row["rank"])
        assert doc["points"] == row["points"]
        total = Fraction(doc["base_points_exact"]) + sum(
            (Fraction(ln["points_exact"]) for ln in doc["lines"] if ln["tally"] is None),
            Fraction(0))
        assert total == Fraction(doc["points_exact"])
    p001 = ok(year.get(f"{BASE}/explain", params={"year": 2024, "person": "p001"})).json()
    assert {ln["event"] for ln in p001["lines"]} >= {"adopted", "instructed"}
    assert all(ln["piece"] == "2024-001" and ln["clause"] for ln in p001["lines"])
    assert p001["quotas"][0]["met"] is True and p001["name"] == "张三"


def test_explain_says_what_is_missing_in_the_callers_language(year: TestClient) -> None:
    def missing(lang: str) -> list[str]:
        doc = ok(year.get(f"{BASE}/explain", params={"year": 2024, "unit": "sec-econ"},
                          headers={"Accept-Language": lang})).json()
        lines: list[str] = doc["missing"]
        return lines

    zh, en = missing("zh"), missing("en")
    assert len(zh) == len(en) and zh != en


def test_explain_refuses_two_entities_none_or_an_unknown_one(year: TestClient) -> None:
    both = year.get(f"{BASE}/explain", params={"year": 2024, "person": "p001", "unit": "sec-econ"})
    assert both.status_code == 400
    assert year.get(f"{BASE}/explain", params={"year": 2024}).status_code == 400
    ghost = year.get(f"{BASE}/explain", params={"year": 2024, "person": "ghost"},
                     headers={"Accept-Language": "en"})
    assert ghost.status_code == 404 and "ghost" in ghost.json()["detail"]
    assert year.get(f"{BASE}/explain", params={"year": "x", "person": "p001"}).status_code == 422


def test_a_bulletin_is_the_one_sqmy_bulletin_writes(year: TestClient, db: Path) -> None:
    for params, args in (({"period": "2024Q2"}, ["--period", "2024Q2"]),
                         ({"period": "2024"}, ["--period", "2024"]),
                         ({"on": "2024-04-01"}, ["--on", "2024-04-01"])):
        served = ok(year.get(f"{BASE}/bulletins", params=params)).json()
        assert served == cli_json("bulletin", "--db", str(db), "--format", "json", *args)
    q2 = ok(year.get(f"{BASE}/bulletins", params={"period": "2024Q2"})).json()
    assert q2["period"]["id"] == "2024Q2"
    p001 = next(p for p in q2["people"] if p["id"] == "p001")
    assert p001["counts"]["adopted"] == 1 and p001["counts"]["submitted"] == 0


def test_a_bulletin_refuses_a_short_or_unreadable_period_and_an_unknown_bulletin(
    year: TestClient,
) -> None:
    month = year.get(f"{BASE}/bulletins", params={"period": "2024-03"})
    assert month.status_code == 422 and month.json()["problems"][0]["path"] == "period"
    nonsense = year.get(f"{BASE}/bulletins", params={"period": "soon"})
    assert nonsense.status_code == 422 and nonsense.json()["problems"][0]["path"] == "period"
    far = year.get(f"{BASE}/bulletins", params={"period": "9999"})
    assert far.status_code == 422
    unknown = year.get(f"{BASE}/bulletins", params={"period": "2024Q1", "bulletin": "weekly"})
    assert unknown.status_code == 422 and "quarterly" in unknown.json()["detail"]
    both = year.get(f"{BASE}/bulletins", params={"period": "2024Q1", "on": "2024-04-01"})
    assert both.status_code == 400
    assert year.get(f"{BASE}/bulletins").status_code == 400


def test_standings_are_the_assessments_ranks_paged_and_one_by_one(year: TestClient) -> None:
    assessed = ok(year.get(f"{BASE}/assessment", params={"year": 2024})).json()
    expected = sorted((p["rank"], p["id"], p["points"]) for p in assessed["people"])
    seen, cursor = [], None
    while True:
        params: dict[str, str | int] = {"year": 2024, "limit": 1}
        if cursor:
            params["cursor"] = cursor
        doc = ok(year.get(f"{BASE}/standings", params=params)).json()
        assert len(doc["items"]) <= 1 and doc["year"] == 2024
        seen += [(s["rank"], s["id"], s["points"]) for s in doc["items"]]
        cursor = doc["next_cursor"]
        if cursor is None:
            break
    assert seen == expected and len(seen) == len(assessed["people"]) >= 2
    units = ok(year.get(f"{BASE}/standings", params={"year": 2024, "entity": "unit"})).json()
    assert [(s["id"], s["points"]) for s in units["items"]] == [
        (u["id"], u["points"]) for u in assessed["units"]]
    one = ok(year.get(f"{BASE}/standings/person/p001", params={"year": 2024})).json()
    p001 = next(p for p in assessed["people"] if p["id"] == "p001")
    assert (one["rank"], one["points"]) == (p001["rank"], p001["points"])
    assert Fraction(one["points_exact"]) > 0


def test_standings_refuse_an_unknown_entity_kind_or_id(year: TestClient) -> None:
    kind = year.get(f"{BASE}/standings", params={"year": 2024, "entity": "party"},
                    headers={"Accept-Language": "en"})
    assert kind.status_code == 422 and "person, unit" in kind.json()["detail"]
    assert year.get(f"{BASE}/standings/person/ghost", params={"year": 2024}).status_code == 404
    assert year.get(f"{BASE}/standings/club/p001", params={"year": 2024}).status_code == 422
    forged = year.get(f"{BASE}/standings", params={"year": 2024, "cursor": "WzEsMl0"})
    assert forged.status_code == 400


def test_reports_change_no_byte_of_the_database(year: TestClient, db: Path) -> None:
    before = {f.name: hashlib.sha256(f.read_bytes()).hexdigest()
              for f in sorted(db.parent.iterdir()) if f.name.startswith(db.name)}
    for url in (f"{BASE}/explain?year=2024&person=p001", f"{BASE}/bulletins?period=2024",
                f"{BASE}/standings?year=2024", f"{BASE}/standings/unit/sec-econ?year=2024",
                f"{BASE}/explain?year=2024&person=ghost", f"{BASE}/rulesets"):
        assert year.get(url).status_code < 500
    after = {f.name: hashlib.sha256(f.read_bytes()).hexdigest()
             for f in sorted(db.parent.iterdir()) if f.name.startswith(db.name)}
    assert after == before
