"""A piece's way through the HTTP service, and the assessment it earns."""

from __future__ import annotations

from fastapi.testclient import TestClient

from sqmy_core.testing.service_flow import drive_piece, ok


def test_a_piece_goes_from_submit_to_instruction_and_is_assessed(client: TestClient) -> None:
    doc = drive_piece(client)
    assert doc["adoptions"] == [{"body": "cppcc-city", "at": "2024-04-02T15:00:00+08:00"}]
    shown = ok(client.get("/orgs/district/pieces/2024-001", params={"for": "s1"}))
    assert shown.headers["ETag"] == f'"{doc["version"]}"'
    assert "record_handling" in shown.json()["allowed_actions"]
    assessed = ok(client.get("/orgs/district/assessment", params={"year": 2024})).json()
    assert assessed["format"].startswith("sqmy-assessment/1")
    assert (assessed["stats"]["adopted"], assessed["stats"]["instructed"]) == (1, 1)
    p001 = next(p for p in assessed["people"] if p["id"] == "p001")
    assert p001["adopted_pieces"] == 1 and p001["points"] > 0


def test_health(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok"}
