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


def test_webhook_deliveries_queue_and_send_on_a_server(db_url: str, tmp_path: Path) -> None:
    """A subscription's deliveries are queued in the command's transaction and sent signed."""
    import hashlib
    import hmac
    import http.server
    import json
    import threading
    from datetime import datetime

    from sqmy_core.workspace.contacts import new_key_text
    from sqmy_core.workspace.workspace import Workspace

    got: list[tuple[dict[str, str], bytes]] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            got.append(({k.lower(): v for k, v in self.headers.items()}, body))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    key = tmp_path / "webhook.key"
    key.write_text(new_key_text(), encoding="ascii")
    settings = {"webhooks_out": {"key_file": str(key)}, "outbound": {"allow": ["127.0.0.1"]}}
    try:
        prepare(db_url, RULESET)
        token = issue_credential(db_url)
        with TestClient(create_app(db_url, organization=ORG, settings=settings),
                        headers=bearer(token)) as client:
            register(client)
            url = f"http://127.0.0.1:{server.server_address[1]}/hook"
            secret = ok(client.put(f"/orgs/{ORG}/webhooks/oa", json={
                "actor": "s1", "url": url, "events": ["adopted", "instructed"]})).json()["secret"]
            drive_piece(client)
            keyed = {"Idempotency-Key": "oa-hook-1"}
            body = {"actor": "s1", "body": "cppcc-province", "now": "2024-07-01T15:00:00+08:00"}
            for _ in range(2):
                ok(client.post(f"/orgs/{ORG}/pieces/2024-001/adoptions", headers=keyed, json=body))
            items = ok(client.get(f"/orgs/{ORG}/webhooks/oa/deliveries")).json()["items"]
            assert [(i["event"], i["version"]) for i in items] == [
                ("adopted", 7), ("instructed", 8), ("adopted", 9)]
            assert "secret" not in ok(client.get(f"/orgs/{ORG}/webhooks/oa")).json()
        with Workspace.open(db_url, organization=ORG, settings=settings) as ws:
            report = ws.deliver(datetime.fromisoformat("2024-07-02T00:00:00+08:00"))
        assert (report.delivered, report.failed) == (3, 0)
        for headers, raw in got:
            stamp = headers["sqmy-webhook-timestamp"]
            mac = hmac.new(secret.encode(), stamp.encode() + b"." + raw, hashlib.sha256)
            assert headers["sqmy-webhook-signature"] == "v1=" + mac.hexdigest()
        assert [json.loads(raw)["version"] for _, raw in got] == [7, 8, 9]
    finally:
        server.shutdown()
        server.server_close()
