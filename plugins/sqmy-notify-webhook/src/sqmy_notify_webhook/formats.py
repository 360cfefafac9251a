"""What each format sends: the request URL and JSON body, signing, and reading the robot's reply.

Pure functions of the settings, the notification, the recipients and the
time, so that everything here is tested without a network.

* DingTalk custom robot: ``{"msgtype": "text", "text": {"content": ...},
  "at": {"atMobiles": [...], "atUserIds": [...]}}`` (or ``markdown``); a
  signing secret adds ``&timestamp=<ms>&sign=<urlencoded base64
  HMAC-SHA256(key=secret, "<ms>\\n<secret>")>`` to the URL.
* WeCom group robot: ``{"msgtype": "text", "text": {"content": ...,
  "mentioned_mobile_list": [...], "mentioned_list": [...]}}``.
* Feishu custom bot: ``{"msg_type": "text", "content": {"text": ...}}``,
  mentions as ``<at user_id="...">name</at>`` in the text; a signing secret
  adds ``"timestamp": "<s>"`` and ``"sign": base64 HMAC-SHA256(key="<s>\\n<secret>",
  message=b"")`` to the body.
* ``json``: the notification itself as a JSON object.

A mention value of digits (``+`` and ``-`` allowed) is sent as a mobile
number, anything else (or ``user:<id>``) as a user id; see
:func:`~sqmy_notify_webhook.settings.mention_target`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal
from urllib.parse import quote_plus

from sqmy_core.kit import Notification, Person
from sqmy_notify_webhook.settings import WebhookSettings, mention_target

WECOM_TEXT_LIMIT: Final = 2048
"""WeCom: a text message's content is at most 2048 bytes of UTF-8."""
FEISHU_TEXT_LIMIT: Final = 18 * 1024
"""Feishu: a request body is at most 20 KB; the text is kept well under it."""
TRUNCATED: Final = "…（内容过长，已截断）"


@dataclass(frozen=True)
class Mention:
    """One person to @: by mobile number or by user id."""

    person: Person
    kind: Literal["mobile", "user"]
    target: str


def mentions_for(settings: WebhookSettings, recipients: Sequence[Person]) -> list[Mention]:
    """The recipients that have a mention entry, each target once, in the given order."""
    found: list[Mention] = []
    seen: set[tuple[str, str]] = set()
    for person in recipients:
        value = settings.mention.get(person.id)
        if value is None:
            continue
        kind, target = mention_target(value)
        if (kind, target) not in seen:
            seen.add((kind, target))
            found.append(Mention(person, kind, target))
    return found


def build(
    settings: WebhookSettings,
    notification: Notification,
    recipients: Sequence[Person],
    now: float,
) -> tuple[str, bytes]:
    """The URL to POST to and the UTF-8 JSON body, signed for time ``now`` (seconds since the epoch)."""
    url = settings.url
    mentions = mentions_for(settings, recipients)
    payload: dict[str, Any]
    if settings.format == "dingtalk":
        payload = dingtalk_payload(notification, mentions, markdown=settings.markdown)
        if settings.secret is not None:
            url = dingtalk_signed_url(url, settings.secret, now)
    elif settings.format == "wecom":
        payload = wecom_payload(notification, mentions)
    elif settings.format == "feishu":
        payload = feishu_payload(notification, mentions)
        if settings.secret is not None:
            payload = {**feishu_signature(settings.secret, now), **payload}
    else:
        payload = json_payload(notification)
    return url, json.dumps(payload, ensure_ascii=False).encode("utf-8")


def text_of(notification: Notification) -> str:
    """Subject, then body, as one plain text."""
    return (
        f"{notification.subject}\n{notification.body}"
        if notification.body
        else notification.subject
    )


def dingtalk_payload(
    notification: Notification, mentions: Sequence[Mention], *, markdown: bool = False
) -> dict[str, Any]:
    mobiles = [m.target for m in mentions if m.kind == "mobile"]
    user_ids = [m.target for m in mentions if m.kind == "user"]
    at: dict[str, Any] = {"atMobiles": mobiles, "atUserIds": user_ids, "isAtAll": False}
    # DingTalk highlights an @ only where "@<mobile or user id>" appears in the text.
    tags = " ".join(f"@{m.target}" for m in mentions)
    if markdown:
        lines = [f"#### {notification.subject}", "", "  \n".join(notification.body.splitlines())]
        if tags:
            lines += ["", tags]
        return {
            "msgtype": "markdown",
            "markdown": {"title": notification.subject, "text": "\n".join(lines)},
            "at": at,
        }
    content = text_of(notification) + (f"\n{tags}" if tags else "")
    return {"msgtype": "text", "text": {"content": content}, "at": at}


def dingtalk_signed_url(url: str, secret: str, now: float) -> str:
    """``url`` with ``timestamp`` (milliseconds) and ``sign`` appended, per DingTalk's signing rule."""
    timestamp = str(int(now * 1000))
    to_sign = f"{timestamp}\n{secret}".encode()
    digest = hmac.new(secret.encode("utf-8"), to_sign, hashlib.sha256).digest()
    sign = quote_plus(base64.b64encode(digest).decode("ascii"))
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}timestamp={timestamp}&sign={sign}"


def wecom_payload(notification: Notification, mentions: Sequence[Mention]) -> dict[str, Any]:
    text: dict[str, Any] = {"content": truncate_utf8(text_of(notification), WECOM_TEXT_LIMIT)}
    mobiles = [m.target for m in mentions if m.kind == "mobile"]
    user_ids = [m.target for m in mentions if m.kind == "user"]
    if mobiles:
        text["mentioned_mobile_list"] = mobiles
    if user_ids:
        text["mentioned_list"] = user_ids
    return {"msgtype": "text", "text": text}


def feishu_payload(notification: Notification, mentions: Sequence[Mention]) -> dict[str, Any]:
    tags = "".join(
        f'<at user_id="{html.escape(m.target)}">{html.escape(m.person.name)}</at>' for m in mentions
    )
    room = FEISHU_TEXT_LIMIT - len(tags.encode("utf-8")) - 1
    text = truncate_utf8(text_of(notification), room) + (f"\n{tags}" if tags else "")
    return {"msg_type": "text", "content": {"text": text}}


def feishu_signature(secret: str, now: float) -> dict[str, str]:
    """``timestamp`` (seconds) and ``sign`` fields per Feishu's custom-bot signing rule."""
    timestamp = str(int(now))
    key = f"{timestamp}\n{secret}".encode()
    sign = base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode("ascii")
    return {"timestamp": timestamp, "sign": sign}


def json_payload(notification: Notification) -> dict[str, Any]:
    """The notification as a JSON object (``created_at`` in ISO 8601)."""
    return {
        "key": notification.key,
        "kind": notification.kind,
        "subject": notification.subject,
        "body": notification.body,
        "piece": notification.piece,
        "recipients": list(notification.recipients),
        "created_at": notification.created_at.isoformat(),
        "data": _plain(notification.data),
    }


def robot_error(settings: WebhookSettings, reply: bytes) -> str | None:
    """Why a robot's 2xx reply is a refusal (a short code), or None if it accepted the message.

    The code is ``reply_not_json``, ``reply_not_object`` or ``robot_<code>``:
    never the reply's text (``errmsg`` may echo what was sent).

    DingTalk and WeCom answer ``{"errcode": 0, "errmsg": "ok"}``; Feishu
    ``{"code": 0, "msg": "success"}`` (older: ``{"StatusCode": 0, ...}``).
    The ``json`` format accepts any 2xx reply.
    """
    if settings.format == "json":
        return None
    try:
        parsed = json.loads(reply.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return "reply_not_json"
    if not isinstance(parsed, Mapping):
        return "reply_not_object"
    if settings.format == "feishu":
        code = parsed.get("code", parsed.get("StatusCode"))
    else:
        code = parsed.get("errcode")
    if code == 0 and not isinstance(code, bool):
        return None
    if isinstance(code, int) and not isinstance(code, bool):
        return f"robot_{code}"
    return "robot_refused"


def truncate_utf8(text: str, limit: int) -> str:
    """``text`` if it fits in ``limit`` UTF-8 bytes, else cut on a character boundary and marked."""
    if len(text.encode("utf-8")) <= limit:
        return text
    room = max(limit - len(TRUNCATED.encode("utf-8")), 0)
    cut = text.encode("utf-8")[:room].decode("utf-8", errors="ignore")
    return cut + TRUNCATED


def _plain(value: Any) -> Any:
    """Mappings and sequences of ``data`` as plain dicts and lists (for :func:`json.dumps`)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
