"""The service's ruleset, registry, records, report and work-list endpoints on PostgreSQL and
MariaDB: an empty database started wholly over HTTP (the first ruleset applied by ``PUT``)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from fastapi.testclient import TestClient

from sqmy_core.service import create_app
from sqmy_core.testing.service_flow import (
    ORG,
    T0,
    bearer,
    drive_piece,
    issue_credential,
    ok,
    register,
    register_staff,
)

REPO = Path(__file__).resolve().parents[3]
TEXT = (REPO / "rulesets" / "district.toml").read_text(encoding="utf-8")


def test_an_empty_server_database_is_set_up_and_read_over_http(db_url: str) -> None:
    base = f"/orgs/{ORG}"
    with TestClient(create_app(db_url), headers=bearer(issue_credential(db_url))) as client:
        assert client.get(f"{base}/rulesets").status_code == 404
        applied = client.put(f"{base}/rulesets/2024-01-01",
                             json={"actor": "s1", "now": T0, "toml": TEXT})
        assert applied.status_code == 201, applied.text
        again = client.put(f"{base}/rulesets/2024-01-01",
                           json={"actor": "s1", "now": T0, "toml": TEXT})
        assert again.status_code == 200
        register_staff(client)
        register(client)
        drive_piece(client)
        waiting = ok(client.get(f"{base}/pieces", params={"awaiting_handling": "true"})).json()
        assert [i["piece"] for i in waiting["items"]] == ["2024-001"]
        review = ok(client.get(f"{base}/pieces", params={"awaiting_review": "r-initial"})).json()
        assert review["items"] == []
        ok(client.put(f"{base}/calls/c1", json={"actor": "s1", "title": "t", "kind": "call"}))
        ok(client.put(f"{base}/clues/q1", json={"actor": "s1", "channel": "qr_code",
                                                "received_at": T0, "summary": "s"}))
        assert client.get(f"{base}/clues/q1/contact", params={"reader": "s1"}).status_code == 403
        before = Fraction(ok(client.get(f"{base}/standings/person/p001",
                                        params={"year": 2024})).json()["points_exact"])
        made = client.post(f"{base}/adjustments", json={
            "id": "adj-1", "points": "-1.5", "at": "2024-06-01T09:00:00+08:00",
            "reason": "r", "approved_by": "s1", "person": "p001", "actor": "s1"})
        assert made.status_code == 201, made.text
        assert client.post(f"{base}/adjustments", json={
            "id": "adj-1", "points": "-1.5", "at": "2024-06-01T09:00:00+08:00",
            "reason": "r", "approved_by": "s1", "person": "p001", "actor": "s1"}).status_code == 200
        after = ok(client.get(f"{base}/standings/person/p001", params={"year": 2024})).json()
        explained = ok(client.get(f"{base}/explain",
                                  params={"year": 2024, "person": "p001"})).json()
        assert explained["points_exact"] == after["points_exact"]
        assert ok(client.get(f"{base}/bulletins", params={"period": "2024"})).json()[
            "totals"]["counts"]["adopted"] == 1
        assert [v["number"] for v in ok(client.get(f"{base}/rulesets")).json()["items"]] == [1]
    assert Fraction(after["points_exact"]) == before  # the district ruleset counts none
