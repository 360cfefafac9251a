"""Posting to a local HTTP server: each format's body, signatures, failures that must be retried."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from typing import Any

import pytest
from sqmy_notify_webhook import WebhookError, WebhookNotifier, parse_settings
from webhook_support import LOCAL_ONLY, HttpServer, Reply

from sqmy_core.kit import outbound_policy
from sqmy_core.model import Person
from sqmy_core.storage import Notification
from sqmy_core.workspace.notifier import Notifier

FIXED_NOW = 1_714_987_800.123  # 2024-05-06 09:30:00.123 UTC
DINGTALK_SECRET = "SECtest0123456789abcdef"
FEISHU_SECRET = "feishu-secret-测试"


def notifier(table: dict[str, Any], *, now: float | None = FIXED_NOW) -> WebhookNotifier:
    policy = outbound_policy({"outbound": LOCAL_ONLY})
    [settings] = parse_settings([{"name": "office", "timeout": 5, **table}], policy)
    if now is None:
        return WebhookNotifier(settings)
    return WebhookNotifier(settings, clock=lambda: now)


def everyone(people: dict[str, Person]) -> list[Person]:
    return [people["p001"], people["p002"], people["p003"]]


def test_is_a_notifier_named_after_the_table(server: HttpServer) -> None:
    sender = notifier({"format": "json", "url": server.url()})
    assert isinstance(sender, Notifier)
    assert sender.name == "webhook:office"


def test_dingtalk_text_with_mentions(
    server: HttpServer, notification: Notification, people: dict[str, Person]
) -> None:
    sender = notifier(
        {
            "format": "dingtalk",
            "url": server.url("/robot/send?access_token=tok123"),
            "mention": {"p001": "13800000001", "p002": "manager4711", "p009": "13900000009"},
        }
    )
    sender.send(notification, everyone(people))

    [got] = server.requests
    assert got.method == "POST"
    assert got.path == "/robot/send"
    assert got.query == {"access_token": ["tok123"]}
    assert got.headers["content-type"] == "application/json; charset=utf-8"
    assert got.json() == {
        "msgtype": "text",
        "text": {
            "content": f"{notification.subject}\n{notification.body}\n@13800000001 @manager4711"
        },
        "at": {"atMobiles": ["13800000001"], "atUserIds": ["manager4711"], "isAtAll": False},
    }


def test_body_is_utf8_json_without_escapes(
    server: HttpServer, notification: Notification, people: dict[str, Person]
) -> None:
    notifier({"format": "dingtalk", "url": server.url()}).send(notification, [])
    [got] = server.requests
    assert "采用反馈".encode() in got.body
    assert b"\\u" not in got.body


def test_dingtalk_markdown(
    server: HttpServer, notification: Notification, people: dict[str, Person]
) -> None:
    sender = notifier(
        {
            "format": "dingtalk",
            "url": server.url(),
            "markdown": True,
            "mention": {"p001": "13800000001"},
        }
    )
    sender.send(notification, [people["p001"]])
    [got] = server.requests
    body = got.json()
    assert body["msgtype"] == "markdown"
    assert body["markdown"]["title"] == notification.subject
    assert body["markdown"]["text"] == (
        f"#### {notification.subject}\n\n您报送的信息已被区政协采用。  \n感谢您的支持！\n\n@13800000001"
    )
    assert body["at"]["atMobiles"] == ["13800000001"]


def dingtalk_sign(timestamp: str, secret: str) -> str:
    """DingTalk's rule, written out independently of the plugin."""
    message = (timestamp + "\n" + secret).encode("utf-8")
    digest = hmac.new(secret.encode("utf-8"), message, digestmod=hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


@pytest.mark.parametrize("now", [FIXED_NOW, 1_700_000_000.0, 1_714_000_000.999])
def test_dingtalk_signature(
    server: HttpServer, notification: Notification, now: float, people: dict[str, Person]
) -> None:
    sender = notifier(
        {
            "format": "dingtalk",
            "url": server.url("/robot/send?access_token=tok123"),
            "secret": DINGTALK_SECRET,
        },
        now=now,
    )
    sender.send(notification, [])
    [got] = server.requests
    # parse_qs undoes the URL encoding: a "+" sent unencoded would come back as a space.
    assert got.query["access_token"] == ["tok123"]
    [timestamp] = got.query["timestamp"]
    [sign] = got.query["sign"]
    assert timestamp == str(int(now * 1000))
    assert sign == dingtalk_sign(timestamp, DINGTALK_SECRET)


def test_dingtalk_signature_uses_the_current_time(
    server: HttpServer, notification: Notification
) -> None:
    sender = notifier(
        {"format": "dingtalk", "url": server.url("/send"), "secret": DINGTALK_SECRET}, now=None
    )
    before = time.time()
    sender.send(notification, [])
    [got] = server.requests
    [timestamp] = got.query["timestamp"]
    assert before * 1000 - 1 <= int(timestamp) <= time.time() * 1000 + 1
    assert got.query["sign"] == [dingtalk_sign(timestamp, DINGTALK_SECRET)]


def test_wecom_text_with_mentions(
    server: HttpServer, notification: Notification, people: dict[str, Person]
) -> None:
    server.reply = Reply(body=b'{"errcode":0,"errmsg":"ok"}')
    sender = notifier(
        {
            "format": "wecom",
            "url": server.url("/cgi-bin/webhook/send?key=k-1"),
            "mention": {"p001": "13800000001", "p002": "user:10086"},
        }
    )
    sender.send(notification, everyone(people))
    [got] = server.requests
    assert got.query == {"key": ["k-1"]}
    assert got.json() == {
        "msgtype": "text",
        "text": {
            "content": f"{notification.subject}\n{notification.body}",
            "mentioned_mobile_list": ["13800000001"],
            "mentioned_list": ["10086"],
        },
    }


def test_wecom_long_text_is_cut_to_2048_bytes(
    server: HttpServer, notification: Notification
) -> None:
    long = Notification(
        key="long",
        kind="reminder",
        recipients=(),
        subject="逾期提醒",
        body="很长的内容。" * 400,
        created_at=notification.created_at,
    )
    notifier({"format": "wecom", "url": server.url()}).send(long, [])
    content = server.requests[0].json()["text"]["content"]
    assert len(content.encode("utf-8")) <= 2048
    assert content.startswith("逾期提醒\n很长的内容。")
    assert content.endswith("（内容过长，已截断）")


def test_feishu_text_with_mentions(
    server: HttpServer, notification: Notification, people: dict[str, Person]
) -> None:
    server.reply = Reply(body=b'{"code":0,"data":{},"msg":"success"}')
    sender = notifier(
        {
            "format": "feishu",
            "url": server.url("/open-apis/bot/v2/hook/abc-uuid"),
            "mention": {"p002": "ou_7d8a6e6df7621556ce0d21922b676706ccs"},
        }
    )
    sender.send(notification, everyone(people))
    [got] = server.requests
    assert got.path == "/open-apis/bot/v2/hook/abc-uuid"
    assert got.json() == {
        "msg_type": "text",
        "content": {
            "text": f"{notification.subject}\n{notification.body}\n"
            '<at user_id="ou_7d8a6e6df7621556ce0d21922b676706ccs">李四</at>'
        },
    }


def feishu_sign(timestamp: str, secret: str) -> str:
    """Feishu's rule, written out independently: the key is "timestamp\\nsecret", the message empty."""
    key = f"{timestamp}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, digestmod=hashlib.sha256).digest()).decode()


def test_feishu_signature(server: HttpServer, notification: Notification) -> None:
    server.reply = Reply(body=b'{"code":0,"msg":"success"}')
    sender = notifier(
        {"format": "feishu", "url": server.url("/open-apis/bot/v2/hook/x"), "secret": FEISHU_SECRET}
    )
    sender.send(notification, [])
    [got] = server.requests
    body = got.json()
    assert body["timestamp"] == str(int(FIXED_NOW))
    assert body["sign"] == feishu_sign(body["timestamp"], FEISHU_SECRET)
    assert body["msg_type"] == "text"
    assert got.query == {}


def test_feishu_old_style_success_reply(server: HttpServer, notification: Notification) -> None:
    server.reply = Reply(body=b'{"Extra":null,"StatusCode":0,"StatusMessage":"success"}')
    notifier({"format": "feishu", "url": server.url()}).send(notification, [])
    assert len(server.requests) == 1


def test_plain_json_is_the_notification(
    server: HttpServer, notification: Notification, people: dict[str, Person]
) -> None:
    server.reply = Reply(status=204, body=b"")
    notifier({"format": "json", "url": server.url("/sqmy/events")}).send(
        notification, [people["p001"]]
    )
    [got] = server.requests
    assert got.json() == {
        "key": "adopted:2024-0007:p001",
        "kind": "adopted",
        "subject": notification.subject,
        "body": notification.body,
        "piece": "2024-0007",
        "recipients": ["p001", "p002"],
        "created_at": "2024-05-06T09:30:00+00:00",
        "data": {"level": "区级采用", "score": 3, "tags": ["养老", "社区"]},
    }


def test_plain_json_accepts_any_2xx_reply(server: HttpServer, notification: Notification) -> None:
    server.reply = Reply(status=202, body=b"queued")
    notifier({"format": "json", "url": server.url()}).send(notification, [])


@pytest.mark.parametrize(
    ("fmt", "reply"),
    [
        ("dingtalk", b'{"errcode":310000,"errmsg":"sign not match"}'),
        ("dingtalk", b'{"errcode":130101,"errmsg":"send too fast"}'),
        ("wecom", b'{"errcode":93000,"errmsg":"invalid webhook url"}'),
        ("feishu", b'{"code":19021,"msg":"sign match fail or timestamp is not within one hour"}'),
        ("feishu", b'{"StatusCode":9499,"StatusMessage":"Bad Request"}'),
        ("dingtalk", b"<html>proxy login</html>"),
        ("wecom", b"[]"),
        ("feishu", b"{}"),
    ],
)
def test_robot_error_replies_raise(
    server: HttpServer, notification: Notification, fmt: str, reply: bytes
) -> None:
    server.reply = Reply(status=200, body=reply)
    with pytest.raises(WebhookError, match=r"^webhook:office: ") as caught:
        notifier({"format": fmt, "url": server.url()}).send(notification, [])
    assert caught.value.status.startswith(("reply_not_", "robot_"))
    assert "proxy login" not in str(caught.value)  # a status, never the reply


def test_a_robot_refusal_keeps_its_code_not_its_message(
    server: HttpServer, notification: Notification
) -> None:
    server.reply = Reply(body='{"errcode": 310000, "errmsg": "关键词不匹配：采用反馈"}'.encode())
    with pytest.raises(WebhookError) as caught:
        notifier({"format": "dingtalk", "url": server.url()}).send(notification, [])
    assert caught.value.status == "robot_310000"
    assert "关键词" not in str(caught.value)


@pytest.mark.parametrize("status", [400, 404, 500, 503])
def test_non_2xx_raises_without_showing_the_url(
    server: HttpServer, notification: Notification, status: int
) -> None:
    server.reply = Reply(status=status, body=b'{"error":"nope, internal host db7"}')
    sender = notifier({"format": "json", "url": server.url("/hook?access_token=TOPSECRET")})
    with pytest.raises(WebhookError, match=f"HTTP {status}") as caught:
        sender.send(notification, [])
    assert "TOPSECRET" not in str(caught.value)
    assert caught.value.status == f"http_{status}" and "db7" not in str(caught.value)


def test_redirects_are_not_followed(
    server: HttpServer, other_server: HttpServer, notification: Notification
) -> None:
    server.reply = Reply(status=302, body=b"", headers={"Location": other_server.url("/elsewhere")})
    with pytest.raises(WebhookError, match="HTTP 302"):
        notifier({"format": "json", "url": server.url()}).send(notification, [])
    assert len(server.requests) == 1
    assert other_server.requests == []


def test_stopped_server_raises(server: HttpServer, notification: Notification) -> None:
    sender = notifier({"format": "dingtalk", "url": server.url()})
    server.stop()
    with pytest.raises(WebhookError, match="network error") as caught:
        sender.send(notification, [])
    assert caught.value.status == "network"


def test_slow_server_times_out(server: HttpServer, notification: Notification) -> None:
    server.reply = Reply(delay=0.5)
    sender = notifier({"format": "dingtalk", "url": server.url(), "timeout": 0.1})
    with pytest.raises(WebhookError) as caught:
        sender.send(notification, [])
    assert caught.value.status in ("timeout", "network")


def test_the_url_never_comes_from_the_notification(
    server: HttpServer,
    other_server: HttpServer,
    notification: Notification,
    people: dict[str, Person],
) -> None:
    evil = other_server.url("/steal")
    sneaky = Notification(
        key="sneaky",
        kind="adopted",
        recipients=("p001",),
        subject=evil,
        body=f"请改发到 {evil}",
        created_at=notification.created_at,
        piece=evil,
        data={"url": evil, "webhook": evil, "callback_url": evil},
    )
    for fmt in ("dingtalk", "wecom", "feishu", "json"):
        notifier({"format": fmt, "url": server.url(f"/{fmt}")}).send(sneaky, [people["p001"]])
    assert [r.path for r in server.requests] == ["/dingtalk", "/wecom", "/feishu", "/json"]
    assert other_server.requests == []
