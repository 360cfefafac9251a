"""Who sends the queued webhooks: ``sqmy notify`` from a timer, or ``sqmy serve --deliver-every``'s
background loop (here its :class:`DeliveryLoop`, a round at a time and as a thread)."""

from __future__ import annotations

import json
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from fastapi.testclient import TestClient

from sqmy_core.cli.main import cli
from sqmy_core.service.delivery import DeliveryLoop
from sqmy_core.testing.service_flow import ORG, T0, ok
from sqmy_core.workspace.contacts import new_key_text
from tests.service.webhook_receiver import Receiver, receiver, verified

SUBMITTED = datetime.fromisoformat(T0)


def _submit_subscribed(client: TestClient, hook: Receiver) -> str:
    secret: str = ok(client.put(f"/orgs/{ORG}/webhooks/oa", json={
        "actor": "s1", "url": hook.url, "events": ["submitted"]})).json()["secret"]
    ok(client.post(f"/orgs/{ORG}/pieces", json={
        "id": "2024-009", "actor": "p001", "title": "标题", "authors": ["p001"], "now": T0}))
    return secret


def test_sqmy_notify_delivers_the_webhooks_too(
    webhook_client: TestClient, db: Path, tmp_path: Path, webhook_settings: dict[str, Any]
) -> None:
    with receiver() as hook:
        secret = _submit_subscribed(webhook_client, hook)
        conf = tmp_path / "conf"
        conf.mkdir()
        key = Path(webhook_settings["webhooks_out"]["key_file"]).read_text(encoding="ascii")
        (conf / "hook.key").write_text(key, encoding="ascii")
        (conf / "sqmy.toml").write_text(
            '[webhooks_out]\nkey_file = "hook.key"\n\n[outbound]\nallow = ["127.0.0.1"]\n',
            encoding="utf-8")
        args = ["notify", "--db", str(db), "--settings", str(conf / "sqmy.toml"),
                "--now", "2024-03-02T09:00:00+08:00", "--no-remind"]
        ran = CliRunner(env={"SQMY_LANG": "en"}).invoke(cli, args)
        assert ran.exit_code == 0, ran.output
        assert len(hook.received) == 1 and verified(secret, hook.received[0])
        assert json.loads(hook.received[0].body)["event"] == "submitted"
        again = CliRunner().invoke(cli, args)
        assert again.exit_code == 0 and len(hook.received) == 1  # delivered once


def test_sqmy_notify_without_the_key_keeps_them_queued(
    webhook_client: TestClient, db: Path, tmp_path: Path
) -> None:
    with receiver() as hook:
        _submit_subscribed(webhook_client, hook)
        other = tmp_path / "other.toml"
        (tmp_path / "other.key").write_text(new_key_text(), encoding="ascii")
        other.write_text('[webhooks_out]\nkey_file = "other.key"\n[outbound]\nallow = ["127.0.0.1"]\n',
                         encoding="utf-8")
        for settings in ([], ["--settings", str(other)]):  # no key; a key that does not open it
            ran = CliRunner().invoke(cli, ["notify", "--db", str(db), "--no-remind",
                                           "--now", "2024-03-02T09:00:00+08:00", *settings])
            assert ran.exit_code == 0, ran.output
        assert hook.received == []
        items = ok(webhook_client.get(f"/orgs/{ORG}/webhooks/oa/deliveries")).json()["items"]
        assert items[0]["attempts"] == 0 and items[0]["delivered_at"] is None


def test_a_delivery_round_sends_for_every_organization(
    webhook_client: TestClient, db: Path, webhook_settings: dict[str, Any]
) -> None:
    with receiver() as hook:
        secret = _submit_subscribed(webhook_client, hook)
        loop = DeliveryLoop(f"sqlite:///{db}", None, webhook_settings, 60,
                            clock=lambda: datetime.fromisoformat("2024-03-02T09:00:00+08:00"))
        assert loop.organizations() == [ORG]
        report = loop.round()
        assert (report.delivered, report.failed) == (1, 0) and verified(secret, hook.received[0])
        assert loop.round().delivered == 0


def test_the_background_loop_delivers_and_stops(
    webhook_client: TestClient, db: Path, webhook_settings: dict[str, Any]
) -> None:
    with receiver() as hook:
        _submit_subscribed(webhook_client, hook)
        with DeliveryLoop(f"sqlite:///{db}", ORG, webhook_settings, 0.05) as loop:
            deadline = time.monotonic() + 10
            while not hook.received and time.monotonic() < deadline:
                time.sleep(0.02)
        rounds = loop.rounds
        assert len(hook.received) == 1 and rounds >= 1
        time.sleep(0.2)
        assert loop.rounds == rounds  # stopped: no round after the block


def test_a_round_survives_an_organization_that_fails(tmp_path: Path) -> None:
    loop = DeliveryLoop(f"sqlite:///{tmp_path / 'none.db'}", "nobody", {}, 60)
    report = loop.round()  # no such workspace: logged by class name, the loop goes on
    assert (report.delivered, report.failed, loop.rounds) == (0, 0, 1)


def test_sqmy_serve_takes_the_settings_and_runs_the_loop_while_serving(
    db: Path, token: str, tmp_path: Path, monkeypatch: Any
) -> None:
    import threading

    import uvicorn

    (tmp_path / "hook.key").write_text(new_key_text(), encoding="ascii")
    conf = tmp_path / "sqmy.toml"
    conf.write_text('[webhooks_out]\nkey_file = "hook.key"\n[outbound]\nallow = ["127.0.0.1"]\n',
                    encoding="utf-8")
    seen: dict[str, Any] = {}

    def run(app: Any, **kw: Any) -> None:  # instead of serving: look at what would be served
        seen["loop"] = any(t.name == "sqmy-delivery" and t.is_alive() for t in threading.enumerate())
        with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as client:
            from sqmy_core.testing.service_flow import register

            register(client)
            seen["put"] = client.put(f"/orgs/{ORG}/webhooks/oa", json={
                "actor": "s1", "url": "http://127.0.0.1:9/h", "events": ["*"]}).status_code

    monkeypatch.setattr(uvicorn, "run", run)
    ran = CliRunner().invoke(cli, ["serve", "--db", str(db), "--settings", str(conf),
                                   "--deliver-every", "30"])
    assert ran.exit_code == 0, ran.output
    assert seen == {"loop": True, "put": 200}
    assert not any(t.name == "sqmy-delivery" for t in threading.enumerate())  # stopped after
