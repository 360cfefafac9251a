"""``sqmy serve`` over PostgreSQL and MariaDB: a piece's whole way, its guards, its assessment.

The same flow as ``tests/service`` on SQLite (:mod:`sqmy_core.testing.service_flow`);
under CI the servers are required (see ``conftest``).
"""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from sqmy_core.plugins import open_store
from sqmy_core.service import create_app
from sqmy_core.testing.service_flow import (
    ORG,
    bearer,
    drive_piece,
    issue_credential,
    ok,
    prepare,
    register,
)
from sqmy_core.workspace.audit_verify import verify
from sqmy_core.workspace.credentials import token_id

REPO = Path(__file__).resolve().parents[3]
RULESET = REPO / "rulesets" / "district.toml"


def test_a_piece_through_the_service_on_a_server(db_url: str) -> None:
    prepare(db_url, RULESET)
    token = issue_credential(db_url)
    with TestClient(create_app(db_url, organization=ORG), headers=bearer(token)) as client:
        register(client)
        doc = drive_piece(client)
        base = f"/orgs/{ORG}/pieces/2024-001"
        tag = f'"{doc["version"]}"'
        handling = {"actor": "s1", "outcome": "implemented", "now": "2024-06-01T15:00:00+08:00"}
        first = client.post(f"{base}/handling", json=handling, headers={"If-Match": tag})
        second = client.post(f"{base}/handling", json=handling, headers={"If-Match": tag})
        assert (first.status_code, second.status_code) == (200, 412)
        keyed = {"Idempotency-Key": "oa-1"}
        again = [ok(client.post(f"{base}/adoptions", headers=keyed, json={
            "actor": "s1", "body": "cppcc-province", "now": "2024-07-01T15:00:00+08:00"}))
            for _ in range(2)]
        assert again[0].json()["version"] == again[1].json()["version"]
        shown = ok(client.get(base)).json()
        assert [a["body"] for a in shown["adoptions"]] == ["cppcc-city", "cppcc-province"]
        assert len(shown["handlings"]) == 1
        assessed = ok(client.get(f"/orgs/{ORG}/assessment", params={"year": 2024})).json()
        assert (assessed["stats"]["adopted"], assessed["stats"]["implemented"]) == (1, 1)
        assert client.get(f"/orgs/{ORG}/pieces/nope", headers={"Accept-Language": "en"}).json()[
            "problems"][0]["message"] == "piece 'nope' does not exist"
        refused = client.get(f"/orgs/{ORG}/pieces", headers={"Authorization": "Bearer x"})
        assert refused.status_code == 401
    store = open_store(db_url, ORG)  # the audit names the credential every write came through
    try:
        served = [r.entry for r in store.audit_records() if "via" in r.entry.detail]
        assert served and {e.detail["via"]["credential"] for e in served} == {token_id(token)}
        assert verify(store).ok
    finally:
        store.close()
