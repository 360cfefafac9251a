"""Webhooks out over HTTP: register, queue in the command's transaction, deliver signed, retry.

A real receiver on 127.0.0.1 (allow-listed) takes the POSTs and verifies
them as ``docs/service.md`` tells an OA to; the outbox's times are passed in
(``deliver(now)``), so the backoff is walked through without waiting.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sqmy_core.errors import ConcurrencyConflict
from sqmy_core.interchange import dataset_to_doc
from sqmy_core.testing.service_flow import ORG, T0, drive_piece, ok
from sqmy_core.workspace.backup import backup_text
from sqmy_core.workspace.workspace import Workspace
from tests.service.webhook_receiver import Receiver, receiver, verified

RULESET = Path(__file__).resolve().parents[2] / "rulesets" / "district.toml"
BASE = f"/orgs/{ORG}/webhooks"
AFTER = datetime.fromisoformat("2024-05-01T09:00:00+08:00")
"""A moment after every event drive_piece records: everything queued is due."""


def subscribe(client: TestClient, url: str, events: list[str], ident: str = "oa") -> Any:
    return client.put(f"{BASE}/{ident}", json={"actor": "s1", "url": url, "events": events,
                                               "description": "OA 待办同步"})


def deliver(db: Path, settings: dict[str, Any], now: datetime) -> tuple[int, int]:
    with Workspace.open(str(db), organization=ORG, settings=settings) as ws:
        report = ws.deliver(now)
    return report.delivered, report.failed


@pytest.fixture
def hook() -> Any:
    with receiver() as r:
        yield r


def test_the_secret_is_shown_once_and_every_delivery_is_signed_with_it(
    webhook_client: TestClient, db: Path, webhook_settings: dict[str, Any], hook: Receiver
) -> None:
    made = ok(subscribe(webhook_client, hook.url, ["approved", "adopted"])).json()
    secret = made["secret"]
    assert secret.startswith("whsec_") and len(secret) > 40 and made["has_secret"] is True
    assert made["version"] == 1
    shown = ok(webhook_client.get(f"{BASE}/oa")).json()
    assert "secret" not in shown and shown["has_secret"] and shown["events"] == ["approved", "adopted"]
    listed = ok(webhook_client.get(BASE)).json()["items"]
    assert [w["id"] for w in listed] == ["oa"] and "secret" not in listed[0]
    again = ok(subscribe(webhook_client, hook.url, ["approved", "adopted"])).json()
    assert again["secret"] is None and again["version"] == 2  # kept, never shown again

    drive_piece(webhook_client)
    assert deliver(db, webhook_settings, AFTER) == (2, 0)
    assert [json.loads(r.body)["event"] for r in hook.received] == ["approved", "adopted"]
    for got in hook.received:
        assert verified(secret, got), got.headers
        assert not verified(secret + "x", got)
        assert got.path == "/hooks/sqmy?tenant=t1"
        assert got.headers["content-type"] == "application/json"
        body = json.loads(got.body)
        assert got.headers["sqmy-webhook-id"] == body["id"] and body["id"].startswith("evt_")
        assert (body["org"], body["piece"], body["subscription"]) == (ORG, "2024-001", "oa")
        text = got.body.decode("utf-8")
        assert "老旧小区" not in text and "张三" not in text  # ids and workflow words only
    approved = json.loads(hook.received[0].body)
    assert approved["version"] == 5 and approved["details"] == {"stage": "chair"}
    assert approved["at"] == "2024-03-04T10:00:00+08:00" and approved["actor"] == "r-chair"
    assert deliver(db, webhook_settings, AFTER + timedelta(days=1)) == (0, 0)  # delivered once

    rotated = ok(webhook_client.put(f"{BASE}/oa", json={
        "actor": "s1", "url": hook.url, "events": ["*"], "rotate_secret": True})).json()
    assert rotated["secret"] not in (None, secret)
    ok(webhook_client.post(f"/orgs/{ORG}/pieces/2024-001/handling", headers={"If-Match": '"8"'},
                           json={"actor": "s1", "outcome": "implemented",
                                 "now": "2024-06-01T15:00:00+08:00"}))
    assert deliver(db, webhook_settings, datetime.fromisoformat("2024-06-02T00:00:00+08:00")) == (1, 0)
    assert verified(rotated["secret"], hook.received[-1])
    assert not verified(secret, hook.received[-1])


def test_a_failing_receiver_is_retried_with_the_outbox_backoff(
    webhook_client: TestClient, db: Path, webhook_settings: dict[str, Any], hook: Receiver
) -> None:
    ok(subscribe(webhook_client, hook.url, ["submitted"]))
    ok(webhook_client.post(f"/orgs/{ORG}/pieces", json={
        "id": "2024-009", "actor": "p001", "title": "标题", "authors": ["p001"], "now": T0}))
    hook.status = 503
    t0 = datetime.fromisoformat(T0) + timedelta(hours=1)
    assert deliver(db, webhook_settings, t0) == (0, 1)
    items = ok(webhook_client.get(f"{BASE}/oa/deliveries")).json()["items"]
    assert len(items) == 1 and items[0]["attempts"] == 1 and items[0]["last_error"] == "http_503"
    assert datetime.fromisoformat(items[0]["next_attempt_at"]) == t0 + timedelta(minutes=1)
    assert deliver(db, webhook_settings, t0 + timedelta(seconds=59)) == (0, 0)  # not due yet
    assert deliver(db, webhook_settings, t0 + timedelta(minutes=1)) == (0, 1)
    item = ok(webhook_client.get(f"{BASE}/oa/deliveries")).json()["items"][0]
    assert datetime.fromisoformat(item["next_attempt_at"]) == t0 + timedelta(minutes=3)  # +2
    hook.status = 204
    assert deliver(db, webhook_settings, t0 + timedelta(minutes=3)) == (1, 0)
    item = ok(webhook_client.get(f"{BASE}/oa/deliveries")).json()["items"][0]
    assert item["attempts"] == 3 and item["delivered_at"] is not None
    assert len(hook.received) == 3
    assert len({r.headers["sqmy-webhook-id"] for r in hook.received}) == 1  # one id, each retry


def test_a_redirect_is_a_failure_not_followed(
    webhook_client: TestClient, db: Path, webhook_settings: dict[str, Any], hook: Receiver
) -> None:
    ok(subscribe(webhook_client, hook.url, ["submitted"]))
    ok(webhook_client.post(f"/orgs/{ORG}/pieces", json={
        "id": "2024-009", "actor": "p001", "title": "标题", "authors": ["p001"], "now": T0}))
    hook.status = 307
    assert deliver(db, webhook_settings, AFTER) == (0, 1)
    assert ok(webhook_client.get(f"{BASE}/oa/deliveries")).json()["items"][0]["last_error"] == "http_307"


def test_a_target_off_the_allow_list_is_refused_at_registration(
    webhook_client: TestClient,
) -> None:
    for url, code in [
        ("https://example.com/hook", "outbound_not_allowed"),
        ("http://oa.example.gov.cn/hook", "service_webhooks.https_required"),
        ("https://user:pw@127.0.0.1/hook", "service_webhooks.url_userinfo"),
        ("ftp://127.0.0.1/hook", "service_webhooks.bad_url"),
        ("http://169.254.169.254/latest", "outbound_not_allowed"),
    ]:
        answer = subscribe(webhook_client, url, ["*"])
        assert answer.status_code == 422, (url, answer.text)
        problem = answer.json()["problems"][0]
        assert (problem["path"], problem["code"]) == ("url", code), url
    assert ok(webhook_client.get(BASE)).json()["items"] == []  # nothing registered
    chinese = subscribe(webhook_client, "https://example.com/hook", ["*"])
    english = webhook_client.put(f"{BASE}/oa", headers={"Accept-Language": "en"},
                                 json={"actor": "s1", "url": "https://example.com/x", "events": ["*"]})
    assert "不在出站白名单中" in chinese.json()["problems"][0]["message"]
    assert "outbound allow-list" in english.json()["problems"][0]["message"]


def test_a_target_off_the_allow_list_is_refused_at_delivery(
    webhook_client: TestClient, db: Path, webhook_settings: dict[str, Any], hook: Receiver
) -> None:
    ok(subscribe(webhook_client, hook.url, ["submitted"]))
    ok(webhook_client.post(f"/orgs/{ORG}/pieces", json={
        "id": "2024-009", "actor": "p001", "title": "标题", "authors": ["p001"], "now": T0}))
    narrowed = {**webhook_settings, "outbound": {"allow": ["10.0.0.0/8"]}}
    assert deliver(db, narrowed, AFTER) == (0, 1)
    assert hook.received == []
    item = ok(webhook_client.get(f"{BASE}/oa/deliveries")).json()["items"][0]
    assert item["last_error"] == "target_refused"


def test_bad_fields_are_named(webhook_client: TestClient, hook: Receiver) -> None:
    answer = webhook_client.put(f"{BASE}/oa", json={
        "actor": "s1", "url": hook.url, "events": ["approved", "approvd"], "description": "x" * 501})
    assert answer.status_code == 422
    assert answer.json()["problems"][0]["path"] in ("description", "body.description")
    answer = subscribe(webhook_client, hook.url, ["approved", "approvd"])
    problem = answer.json()["problems"][0]
    assert (answer.status_code, problem["path"], problem["code"]) == (
        422, "events[1]", "service_webhooks.unknown_event")
    assert "'approvd'" in problem["message"] and "adopted" in problem["message"]
    answer = subscribe(webhook_client, hook.url, ["*"], ident="带 空格")
    assert answer.json()["problems"][0]["path"] == "id"
    answer = webhook_client.put(f"{BASE}/oa", json={"actor": "nobody", "url": hook.url,
                                                     "events": ["*"]})
    assert answer.status_code == 403
    assert webhook_client.get(f"{BASE}/nope").status_code == 404


def test_without_a_key_no_webhook_is_registered(client: TestClient, hook: Receiver) -> None:
    answer = subscribe(client, hook.url, ["*"])
    assert answer.status_code == 422
    problem = answer.json()["problems"][0]
    assert (problem["path"], problem["code"]) == ("webhooks_out", "service_webhooks.no_key")
    assert "[webhooks_out] key_file" in problem["message"] and "签名密钥" in problem["message"]
    english = client.put(f"{BASE}/oa", headers={"Accept-Language": "en"},
                         json={"actor": "s1", "url": hook.url, "events": ["*"]})
    assert "the settings give no webhook key" in english.json()["problems"][0]["message"]
    assert ok(client.get(BASE)).json()["items"] == []


def test_a_repeated_command_queues_nothing_twice(
    webhook_client: TestClient, db: Path, webhook_settings: dict[str, Any], hook: Receiver
) -> None:
    ok(subscribe(webhook_client, hook.url, ["adopted"]))
    drive_piece(webhook_client)
    keyed = {"Idempotency-Key": "oa-adopt-2"}
    body = {"actor": "s1", "body": "cppcc-province", "now": "2024-07-01T15:00:00+08:00"}
    for _ in range(3):
        ok(webhook_client.post(f"/orgs/{ORG}/pieces/2024-001/adoptions", headers=keyed, json=body))
    items = ok(webhook_client.get(f"{BASE}/oa/deliveries")).json()["items"]
    assert [(i["event"], i["version"]) for i in items] == [("adopted", 7), ("adopted", 9)]
    assert deliver(db, webhook_settings, datetime.fromisoformat("2024-07-02T00:00:00+08:00")) == (2, 0)


def test_a_refused_command_queues_nothing(
    webhook_client: TestClient, hook: Receiver
) -> None:
    ok(subscribe(webhook_client, hook.url, ["*"]))
    answer = webhook_client.post(f"/orgs/{ORG}/pieces", json={
        "id": "2024-009", "actor": "p001", "title": "标题", "authors": ["p001"], "now": T0})
    tag = answer.headers["ETag"]
    stale = webhook_client.post(f"/orgs/{ORG}/pieces/2024-009/review", headers={"If-Match": '"9"'},
                                json={"actor": "r-initial", "decision": "pass", "now": T0})
    assert stale.status_code == 412 and tag == '"1"'
    items = ok(webhook_client.get(f"{BASE}/oa/deliveries")).json()["items"]
    assert [i["event"] for i in items] == ["submitted"]


def _submit(client: TestClient, piece: str) -> None:
    ok(client.post(f"/orgs/{ORG}/pieces", json={
        "id": piece, "actor": "p001", "title": "标题", "authors": ["p001"], "now": T0}))


def test_paused_and_deleted_subscriptions_queue_nothing(
    webhook_client: TestClient, db: Path, webhook_settings: dict[str, Any], hook: Receiver
) -> None:
    first = ok(subscribe(webhook_client, hook.url, ["*"])).json()
    _submit(webhook_client, "2024-009")  # queued while active
    paused = ok(webhook_client.put(f"{BASE}/oa", json={
        "actor": "s1", "url": hook.url, "events": ["*"], "active": False})).json()
    assert paused["active"] is False and paused["has_secret"] and paused["secret"] is None
    _submit(webhook_client, "2024-010")  # paused: not queued
    assert deliver(db, webhook_settings, AFTER) == (1, 0)  # what was queued still goes
    assert [json.loads(r.body)["piece"] for r in hook.received] == ["2024-009"]
    resumed = ok(webhook_client.put(f"{BASE}/oa", json={
        "actor": "s1", "url": hook.url, "events": ["*"]})).json()
    assert resumed["secret"] is None  # the kept secret signs again
    _submit(webhook_client, "2024-011")
    gone = webhook_client.delete(f"{BASE}/oa", params={"actor": "s1"}, headers={"If-Match": '"3"'})
    assert ok(gone).json()["has_secret"] is False and gone.json()["active"] is False
    items = ok(webhook_client.get(f"{BASE}/oa/deliveries")).json()["items"]
    assert [(i["piece"], i["last_error"]) for i in items] == [
        ("2024-009", None), ("2024-011", "webhook_deleted")]
    assert items[1]["next_attempt_at"].startswith("9999-")  # shelved: never due, holds no one up
    _submit(webhook_client, "2024-012")
    assert len(ok(webhook_client.get(f"{BASE}/oa/deliveries")).json()["items"]) == 2
    assert deliver(db, webhook_settings, AFTER) == (0, 0)
    again = ok(subscribe(webhook_client, hook.url, ["*"])).json()
    assert again["secret"] not in (None, first["secret"])  # a deleted secret never returns
    assert len(hook.received) == 1


def test_reading_never_writes(
    webhook_client: TestClient, db: Path, hook: Receiver
) -> None:
    ok(subscribe(webhook_client, hook.url, ["*"]))
    drive_piece(webhook_client)
    with Workspace.open(str(db), organization=ORG) as ws:
        before = backup_text(ws.store)
    for path in (BASE, f"{BASE}/oa", f"{BASE}/oa/deliveries", f"{BASE}/nope"):
        webhook_client.get(path)
    with Workspace.open(str(db), organization=ORG) as ws:
        assert backup_text(ws.store) == before


def test_the_secret_is_in_no_answer_log_export_or_backup_in_clear(
    webhook_client: TestClient, db: Path, webhook_settings: dict[str, Any], hook: Receiver,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    secret = ok(subscribe(webhook_client, hook.url, ["*"])).json()["secret"]
    drive_piece(webhook_client)
    deliver(db, webhook_settings, AFTER)
    answers = [webhook_client.get(p).text for p in (BASE, f"{BASE}/oa", f"{BASE}/oa/deliveries")]
    with Workspace.open(str(db), organization=ORG, settings=webhook_settings) as ws:
        kept = ws.store.get("webhook", "oa")
        assert kept is not None and str(kept["secret_sealed"]).startswith("v1.")
        backup = backup_text(ws.store)
        exported = json.dumps(dataset_to_doc(ws.export()), ensure_ascii=False)
        history = repr(ws.store.registry_history()) + repr(ws.store.audit_records())
        notifier_repr = repr(ws.webhook_setup)
    on_disk = db.read_bytes().decode("latin-1")
    for text in (*answers, backup, exported, history, caplog.text, notifier_repr, on_disk):
        assert secret not in text
    assert '"webhook": [' in backup and "webhook" not in exported  # kept sealed; never exported


def test_a_backup_with_webhooks_restores_and_verifies(
    webhook_client: TestClient, db: Path, webhook_settings: dict[str, Any], tmp_path: Path,
    hook: Receiver,
) -> None:
    from sqmy_core.workspace.audit_verify import verify
    from sqmy_core.workspace.backup import restore

    ok(subscribe(webhook_client, hook.url, ["adopted"]))
    drive_piece(webhook_client)
    with Workspace.open(str(db), organization=ORG) as ws:
        text = backup_text(ws.store)
        assert "webhook" not in json.dumps(dataset_to_doc(ws.export()))
    copy = tmp_path / "copy.db"
    with Workspace.open(str(copy), ruleset=RULESET) as fresh:
        restore(fresh.store, json.loads(text), "backup.json")
        assert backup_text(fresh.store) == text
        assert verify(fresh.store).ok
    with Workspace.open(str(db), organization=ORG) as ws:
        assert verify(ws.store).ok
    assert deliver(copy, webhook_settings, AFTER) == (1, 0)  # the sealed secret opens there too


def test_if_match_guards_a_subscription_and_a_racing_creation_is_refused(
    webhook_client: TestClient, db: Path, webhook_settings: dict[str, Any], hook: Receiver
) -> None:
    ok(subscribe(webhook_client, hook.url, ["*"]))
    stale = webhook_client.put(f"{BASE}/oa", headers={"If-Match": '"0"'},
                               json={"actor": "s1", "url": hook.url, "events": ["*"]})
    assert stale.status_code == 412
    with Workspace.open(str(db), organization=ORG, settings=webhook_settings) as ws:
        # another process made it between this one's read and write: the read version was 0
        ws.store.registry_version = lambda kind, ident: 0  # type: ignore[method-assign]
        with pytest.raises(ConcurrencyConflict):
            ws.put_webhook("oa", url=hook.url, events=["*"], actor="s1", rotate_secret=True)
    assert ok(webhook_client.get(f"{BASE}/oa")).json()["version"] == 1  # nothing written
