"""Webhooks out without a service: matching and payloads (pure), the settings, the notifier's
refusals (DNS rebinding, timeouts) and the docs' verification snippet."""

from __future__ import annotations

import ast
import hashlib
import hmac
import ipaddress
import re
import shutil
import socket
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from sqmy_core.errors import ConfigurationError, SettingsError
from sqmy_core.storage import StoredEvent
from sqmy_core.workflow import webhooks
from sqmy_core.workflow.webhooks import Subscription, deliveries, payload, signature
from sqmy_core.workspace.contacts import ContactKeys, new_key_text
from sqmy_core.workspace.files import load_settings
from sqmy_core.workspace.outbound import OutboundPolicy
from sqmy_core.workspace.webhook_setup import WebhookSetup, target_problems, webhook_setup
from sqmy_core.workspace.webhooks_out import DeliveryFailed, SubscriptionNotifier, body_of

REPO = Path(__file__).resolve().parents[2]
AT = datetime(2024, 3, 4, 2, 0, tzinfo=UTC)


def _event(type_: str, version: int = 2, **data: Any) -> StoredEvent:
    return StoredEvent("2024-001", version, 10 + version, type_, AT, "r-chair", data)


def _sub(ident: str = "oa", events: tuple[str, ...] = ("*",), **kw: Any) -> Subscription:
    return Subscription(ident, "https://oa.example.gov.cn/h", events, secret_sealed="v1.x.y", **kw)


def test_every_event_a_workflow_command_appends_is_a_kind() -> None:
    source = (REPO / "src" / "sqmy_core" / "workflow" / "commands.py").read_text(encoding="utf-8")
    made = {
        node.args[0].value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "NewEvent"
        and node.args and isinstance(node.args[0], ast.Constant)
    }
    assert made and made <= set(webhooks.EVENT_KINDS)


def test_only_active_subscriptions_asking_for_the_kind_get_a_delivery() -> None:
    subs = [
        _sub("all"),
        _sub("adopted", ("adopted",)),
        _sub("paused", ("*",), active=False),
        Subscription("deleted", "https://x.example/h", ("*",), False, None, None),
    ]
    got = deliveries("district", subs, [_event("approved"), _event("adopted", 3)])
    assert [(c, n.data["event"]) for c, n in got] == [
        ("webhook-out:all", "approved"),
        ("webhook-out:all", "adopted"),
        ("webhook-out:adopted", "adopted"),
    ]
    keys = [n.key for _, n in got]
    assert len(set(keys)) == 3 and all(len(k) < 64 for k in keys)
    again = deliveries("district", subs, [_event("approved"), _event("adopted", 3)])
    assert [n.key for _, n in again] == keys  # stable: a second enqueue is a no-op


def test_a_payload_carries_ids_and_workflow_words_only() -> None:
    event = _event("reviewed", stage="chair", decision="pass", note="张三说的话",
                   checks=["political"], title="关于……的建议", body="全文")
    doc = payload("district", "oa", event)
    assert doc["details"] == {"stage": "chair", "decision": "pass"}
    assert doc["at"] == "2024-03-04T02:00:00+00:00" and doc["actor"] == "r-chair"
    text = body_of(deliveries("district", [_sub()], [event])[0][1]).decode()
    for private in ("张三", "建议", "全文"):
        assert private not in text
    other = payload("district", "oa2", event)
    assert other["id"] != doc["id"]  # one id per subscription and event


def test_the_signature_is_hmac_sha256_of_timestamp_dot_body() -> None:
    body = b'{"a":1}'
    expected = hmac.new(b"whsec_k", b"1700000000." + body, hashlib.sha256).hexdigest()
    assert signature("whsec_k", 1700000000, body) == "v1=" + expected


def test_targets_must_be_allowed_and_https_by_name() -> None:
    policy = OutboundPolicy(frozenset({"oa.example.gov.cn"}), networks=(
        ipaddress.ip_network("10.20.0.0/16"),))
    assert target_problems("https://oa.example.gov.cn/h?x=1", policy) == []
    assert target_problems("http://10.20.1.2:8080/h", policy) == []
    codes = {u: [p.code for p in target_problems(u, policy)] for u in (
        "http://oa.example.gov.cn/h", "https://evil.example/h", "https://10.30.0.1/h",
        "https://oa.example.gov.cn/h#frag", "https://oa.example.gov.cn:99999/h", "not a url", 7)}
    assert codes == {
        "http://oa.example.gov.cn/h": ["service_webhooks.https_required"],
        "https://evil.example/h": ["outbound_not_allowed"],
        "https://10.30.0.1/h": ["outbound_not_allowed"],
        "https://oa.example.gov.cn/h#frag": ["service_webhooks.url_userinfo"],
        "https://oa.example.gov.cn:99999/h": ["service_webhooks.bad_url"],
        "not a url": ["service_webhooks.bad_url"],
        7: ["service_webhooks.bad_url"],
    }
    shown = target_problems("ftp://x.example/h?token=SECRET", policy)[0].params["found"]
    assert "SECRET" not in shown


def test_settings_name_every_problem_by_its_key_path(tmp_path: Path) -> None:
    assert webhook_setup({}) is None
    with pytest.raises(SettingsError) as caught:
        webhook_setup({"webhooks_out": {"key_env": "SQMY_TEST_NO_SUCH_VAR", "timeout": 0,
                                        "colour": 1}})
    paths = sorted(p.path for p in caught.value.problems)
    assert paths == ["webhooks_out.colour", "webhooks_out.key_env", "webhooks_out.timeout"]
    with pytest.raises(SettingsError) as caught:
        webhook_setup({"webhooks_out": {}})
    assert [p.path for p in caught.value.problems] == ["webhooks_out"]
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "hook.key").write_text(new_key_text(), encoding="ascii")
    (tmp_path / "conf" / "sqmy.toml").write_text(
        '[webhooks_out]\nkey_file = "hook.key"\ntimeout = 3\n', encoding="utf-8")
    setup = webhook_setup(load_settings(tmp_path / "conf" / "sqmy.toml"))  # relative to the file
    assert setup is not None and setup.timeout == 3.0
    sealed = setup.seal("whsec_abc", "district", "oa")
    assert "whsec_abc" not in sealed and setup.open(sealed, "district", "oa") == "whsec_abc"
    with pytest.raises(ConfigurationError) as wrong:
        setup.open(sealed, "district", "other")  # bound to its subscription
    assert wrong.value.problems[0].code == "service_webhooks.secret_unreadable"
    assert "whsec_abc" not in repr(setup)


def _setup(policy: OutboundPolicy, timeout: float = 5.0) -> WebhookSetup:
    return WebhookSetup(ContactKeys(b"k" * 32), policy, timeout)


def _note() -> Any:
    return deliveries("district", [_sub()], [_event("approved")])[0][1]


def test_a_name_that_resolves_to_a_metadata_address_is_refused_when_connecting() -> None:
    def rebinding(host: str, port: int, **kw: Any) -> list[tuple[Any, ...]]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("169.254.169.254", port))]

    policy = OutboundPolicy(frozenset({"oa.example.gov.cn"}), resolve=rebinding)
    sub = Subscription("oa", "https://oa.example.gov.cn/h", ("*",), secret_sealed="s")
    notifier = SubscriptionNotifier(sub, "whsec_k", _setup(policy))
    with pytest.raises(DeliveryFailed) as failed:
        notifier.send(_note(), [])
    assert failed.value.status == "target_refused"


def test_a_receiver_that_never_answers_is_a_timeout() -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    try:
        policy = OutboundPolicy(networks=(ipaddress.ip_network("127.0.0.1/32"),))
        sub = Subscription("oa", f"http://127.0.0.1:{port}/h", ("*",), secret_sealed="s")
        notifier = SubscriptionNotifier(sub, "whsec_k", _setup(policy, timeout=0.2))
        with pytest.raises(DeliveryFailed) as failed:
            notifier.send(_note(), [])
        assert failed.value.status == "timeout"
    finally:
        listener.close()


def test_the_signature_uses_the_sending_moment_and_names_no_secret() -> None:
    sub = Subscription("oa", "https://oa.example.gov.cn/h", ("*",), secret_sealed="s")
    notifier = SubscriptionNotifier(sub, "whsec_k", _setup(OutboundPolicy()), clock=lambda: 1700000000.9)
    body, headers = notifier.request(_note())
    assert headers["Sqmy-Webhook-Timestamp"] == "1700000000"
    assert headers["Sqmy-Webhook-Signature"] == signature("whsec_k", 1700000000, body)
    assert "whsec_k" not in repr(notifier) and "example" not in repr(notifier)


def _snippet(language: str) -> str:
    doc = (REPO / "docs" / "service.md").read_text(encoding="utf-8")
    section = doc.split("## 事件推送（Webhook）", 1)[1]
    found = re.search(rf"```{language}\n(.*?)```", section, re.S)
    assert found, f"no {language} snippet in the webhook section"
    return found.group(1)


def test_the_python_verification_snippet_in_the_docs_verifies_a_real_delivery() -> None:
    scope: dict[str, Any] = {}
    exec(compile(_snippet("python"), "docs/service.md", "exec"), scope)
    sub = Subscription("oa", "https://oa.example.gov.cn/h", ("*",), secret_sealed="s")
    now = 1700000000
    body, headers = SubscriptionNotifier(
        sub, "whsec_k", _setup(OutboundPolicy()), clock=lambda: now).request(_note())
    check = scope["verify"]
    assert check("whsec_k", headers, body, now=now + 10)
    assert not check("whsec_other", headers, body, now=now)
    assert not check("whsec_k", headers, body + b" ", now=now)
    assert not check("whsec_k", headers, body, now=now + 3600)  # too old: a replay


JAVA_MAIN = """
import java.nio.charset.StandardCharsets;

public final class Main {
    public static void main(String[] a) throws Exception {
        byte[] body = a[3].getBytes(StandardCharsets.UTF_8);
        long now = Long.parseLong(a[4]);
        System.out.println(SqmyWebhook.verify(a[0], a[1], a[2], body, now));
    }
}
"""


@pytest.mark.skipif(shutil.which("javac") is None, reason="no JDK on this machine")
def test_the_java_verification_snippet_in_the_docs_verifies_a_real_delivery(tmp_path: Path) -> None:
    (tmp_path / "SqmyWebhook.java").write_text(_snippet("java"), encoding="utf-8")
    (tmp_path / "Main.java").write_text(JAVA_MAIN, encoding="utf-8")
    subprocess.run(["javac", "--release", "8", "-nowarn", "SqmyWebhook.java", "Main.java"],
                   cwd=tmp_path, check=True, capture_output=True)
    sub = Subscription("oa", "https://oa.example.gov.cn/h", ("*",), secret_sealed="s")
    now = 1700000000
    body, headers = SubscriptionNotifier(
        sub, "whsec_k", _setup(OutboundPolicy()), clock=lambda: now).request(_note())
    stamp, sig = headers["Sqmy-Webhook-Timestamp"], headers["Sqmy-Webhook-Signature"]

    def java(secret: str, text: str, at: int) -> str:
        run = subprocess.run(["java", "-cp", ".", "Main", secret, stamp, sig, text, str(at)],
                             cwd=tmp_path, check=True, capture_output=True, text=True)
        return run.stdout.strip()

    text = body.decode("utf-8")
    assert java("whsec_k", text, now + 5) == "true"
    assert java("whsec_x", text, now) == "false"
    assert java("whsec_k", text + " ", now) == "false"
    assert java("whsec_k", text, now + 301) == "false"
