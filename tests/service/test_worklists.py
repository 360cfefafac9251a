"""The work list "awaiting handling feedback" (待办理反馈): instructed or transferred, not yet
reported back; reopened by a later instruction; paged like the others."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from sqmy_core.testing.service_flow import CHECKS, STAGES, T0, drive_piece, ok

BASE = "/orgs/district/pieces"
WAITING = {"awaiting_handling": "true"}


def approved(client: TestClient, piece: str) -> None:
    ok(client.post(BASE, json={"id": piece, "actor": "p001", "title": f"建议 {piece}",
                               "authors": ["p001"], "now": T0}))
    for day, stage in zip((2, 3, 4), STAGES, strict=True):
        ok(client.post(f"{BASE}/{piece}/review", json={
            "actor": f"r-{stage}", "decision": "pass", "checks": CHECKS,
            "now": f"2024-03-0{day}T10:00:00+08:00"}))


def act(client: TestClient, piece: str, action: str, key: str, **body: Any) -> None:
    ok(client.post(f"{BASE}/{piece}/{action}", json={"actor": "s1", **body},
                   headers={"Idempotency-Key": key}))


def waiting(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = ok(client.get(BASE, params={**WAITING, **params})).json()["items"]
    return items


def test_an_instructed_piece_waits_until_its_handling_is_reported_and_again_after_a_new_one(
    client: TestClient,
) -> None:
    drive_piece(client)  # instructed on 2024-04-10, no handling yet
    [item] = waiting(client)
    assert (item["piece"], item["since"], item["route"]) == (
        "2024-001", "2024-04-10T15:00:00+08:00", None)
    assert item["version"] == ok(client.get(f"{BASE}/2024-001")).json()["version"]
    act(client, "2024-001", "handling", "h-1", outcome="under_study", department="区住建局",
        now="2024-05-10T10:00:00+08:00")
    assert waiting(client) == []  # 列入研究 is the department's answer too
    act(client, "2024-001", "instructions", "i-2", level="province", rank="deputy",
        now="2024-06-01T10:00:00+08:00")
    [again] = waiting(client)
    assert again["since"] == "2024-06-01T10:00:00+08:00"


def test_a_transfer_waits_and_a_direct_dispatch_does_not(client: TestClient) -> None:
    for piece in ("2024-010", "2024-011", "2024-012"):
        approved(client, piece)
    act(client, "2024-010", "dispatch", "d-10", route="transfer", to="区民政局",
        now="2024-03-05T10:00:00+08:00")
    act(client, "2024-011", "dispatch", "d-11", route="direct", to="cppcc-city",
        now="2024-03-05T10:00:00+08:00")
    items = waiting(client)
    assert [(i["piece"], i["route"], i["status"]) for i in items] == [
        ("2024-010", "transfer", "approved")]
    act(client, "2024-010", "handling", "h-10", outcome="implemented",
        now="2024-04-05T10:00:00+08:00")
    assert waiting(client) == []


def test_the_list_pages_with_the_cursor(client: TestClient) -> None:
    pieces = [f"2024-02{n}" for n in range(5)]
    for n, piece in enumerate(pieces):
        approved(client, piece)
        act(client, piece, "instructions", f"i-{n}", level="city", rank="principal",
            now="2024-04-01T10:00:00+08:00")
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {**WAITING, "limit": 2}
        if cursor is not None:
            params["cursor"] = cursor
        doc = ok(client.get(BASE, params=params)).json()
        seen += [i["piece"] for i in doc["items"]]
        cursor = doc["next_cursor"]
        if cursor is None:
            break
    assert seen == pieces


def test_one_list_at_a_time_and_a_readable_flag(client: TestClient) -> None:
    drive_piece(client)
    two = client.get(BASE, params={**WAITING, "awaiting_review": "r-initial"},
                     headers={"Accept-Language": "en"})
    assert two.status_code == 400
    assert two.json()["problems"][0]["code"] == "service.one_list_of"
    assert "awaiting_handling" in two.json()["detail"]
    unreadable = client.get(BASE, params={"awaiting_handling": "maybe"})
    assert unreadable.status_code == 422
    assert unreadable.json()["problems"][0]["path"] == "awaiting_handling"
    off = ok(client.get(BASE, params={"awaiting_handling": "false"})).json()["items"]
    assert [i["piece"] for i in off] == ["2024-001"]
