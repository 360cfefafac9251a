"""The work list "awaiting handling feedback" (待办理反馈): instructed or transferred, not yet
reported back; reopened by a later instruction; paged like the others."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from sqmy_core import workflow
from sqmy_core.cli.main import cli
from sqmy_core.service import create_app
from sqmy_core.storage import records
from sqmy_core.testing.service_flow import (
    CHECKS,
    STAFF,
    STAGES,
    T0,
    bearer,
    drive_piece,
    issue_credential,
    ok,
)
from sqmy_core.workflow.permissions import REVIEW_ACTIONS
from sqmy_core.workspace.workspace import Workspace

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


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated year written by the workflow (every status, returns, escalations, outcomes)."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    result = CliRunner().invoke(cli, ["demo", "--seed", "13", "--year", "2024", "--db", str(path),
                                      "--pieces", "160", "--years", "1"])
    assert result.exit_code == 0, result.stderr
    at = datetime.fromisoformat("2024-12-20T09:00:00+08:00")
    with Workspace.open(str(path), organization="district") as ws:  # some left in review
        people = [records.person_of(d) for d in ws.store.list("person")]
        author = next(p.id for p in people if "member" in p.roles)
        first = next(p.id for p in people if "reviewer_initial" in p.roles and p.id != author)
        for piece in ("x-1", "x-2", "x-3"):
            ws.submit(piece, authors=[author], actor=author, now=at, title=f"建议 {piece}")
        ws.review("x-2", actor=first, decision="pass", checks=CHECKS, now=at)
        ws.review("x-3", actor=first, decision="return", now=at)
        ws.resubmit("x-3", actor=author, now=at)
        ws.register_person(STAFF, now=at)  # who issues the service's credential
    return path


def every_page(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        query = {**params, "limit": 7, **({"cursor": cursor} if cursor else {})}
        doc = ok(client.get("/orgs/district/pieces", params=query)).json()
        items += doc["items"]
        cursor = doc["next_cursor"]
        if cursor is None:
            return items


def test_lists_from_the_index_equal_folding_every_stream(demo_db: Path) -> None:
    """What the lists find without folding every piece is what folding every piece finds."""
    with Workspace.open(str(demo_db), organization="district") as ws:
        states = [workflow.fold(ws.ruleset, ws.store.read(s)) for s in sorted(ws.store.streams())]
        people = [records.person_of(d) for d in ws.store.list("person")]
        reviewers = [p for p in people if any(r.startswith("reviewer") for r in p.roles)]
        expected_review = {
            p.id: [s.id for s in states
                   if any(a in REVIEW_ACTIONS
                          for a in workflow.allowed_actions(ws.ruleset, s, p))]
            for p in reviewers
        }

        def waits(s: workflow.PieceState) -> bool:
            sent = [i.at for i in s.instructions] + [
                d.at for d in s.dispatches if d.route == "transfer"]
            answered = max((h.at for h in s.handlings), default=None)
            return s.status != "withdrawn" and any(answered is None or t > answered for t in sent)

        expected_handling = [s.id for s in states if waits(s)]
    assert {s.status for s in states} >= {"approved", "rejected", "in_review", "returned"}
    assert any(expected_review.values()) and expected_handling
    token = issue_credential(str(demo_db))
    with TestClient(create_app(str(demo_db)), headers=bearer(token)) as client:
        everything = every_page(client)
        assert [(i["piece"], i["status"], i["version"]) for i in everything] == [
            (s.id, s.status, s.version) for s in states]
        for person, pieces in expected_review.items():
            assert [i["piece"] for i in every_page(client, awaiting_review=person)] == pieces
        assert [i["piece"] for i in every_page(client, awaiting_handling="true")] == (
            expected_handling)


def test_the_overdue_queue_from_the_index_equals_folding_every_stream(demo_db: Path) -> None:
    """Only approved pieces are folded for the queue; it is the queue of every piece folded,
    at every first of the month of the year and after."""
    found = 0
    with Workspace.open(str(demo_db), organization="district") as ws:
        streams = {s: ws.store.read(s) for s in ws.store.streams()}
        for month in range(1, 15):
            now = datetime(2024 + (month - 1) // 12, (month - 1) % 12 + 1, 1,
                           tzinfo=datetime.fromisoformat(T0).tzinfo)
            every = [workflow.fold(ws.ruleset, [e for e in events if e.at <= now])
                     for events in streams.values() if any(e.at <= now for e in events)]
            expected = workflow.overdue_queue(ws.ruleset, every, now)
            assert ws.overdue(now) == expected, now
            found += len(expected)
    assert found  # the generated year has late dispatches to find
