"""Webhooks out: ``PUT`` / ``GET`` / ``DELETE /orgs/{org}/webhooks/{id}``, the list, the deliveries.

An OA registers where it wants to be told of events, per organization and
event kind (``docs/service.md``, 事件推送).  The ``PUT`` that creates a
subscription (or rotates its secret) answers with the signing secret, once;
every other answer -- a later ``PUT``, a ``GET``, the list -- shows
``has_secret`` only.  ``If-Match`` is how often the subscription was
registered (its ``ETag``), as for the registry.  ``DELETE`` stops it and
forgets the secret; ``PUT`` with ``active: false`` pauses it and keeps the
secret.  Writes need the ``admin`` scope, reads ``read``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Response

from sqmy_core.service.app import (
    IfMatch,
    ItemId,
    RequestId,
    Service,
    clock,
    etag,
    expected_version,
)
from sqmy_core.service.bodies_webhooks import (
    Webhook,
    WebhookCreated,
    WebhookDeliveries,
    WebhookList,
    WebhookSubscription,
)
from sqmy_core.service.scopes import needs
from sqmy_core.storage import OutboxItem
from sqmy_core.workflow.webhooks import Subscription
from sqmy_core.workspace.workspace import Workspace


def _shown(ws: Workspace, sub: Subscription) -> dict[str, Any]:
    """A subscription as every answer shows it: never its secret."""
    return {
        "id": sub.id,
        "url": sub.url,
        "events": list(sub.events),
        "active": sub.active,
        "description": sub.description,
        "has_secret": sub.secret_sealed is not None,
        "version": ws.record_version("webhook", sub.id),
    }


def _delivery(item: OutboxItem) -> dict[str, Any]:
    data = item.notification.data
    version = data.get("version")
    return {
        "id": str(data.get("id", item.notification.key)),
        "event": str(data.get("event", item.notification.subject)),
        "piece": item.notification.piece,
        "version": version if isinstance(version, int) else None,
        "created_at": item.notification.created_at.isoformat(),
        "attempts": item.attempts,
        "next_attempt_at": item.next_attempt_at.isoformat(),
        "delivered_at": None if item.delivered_at is None else item.delivered_at.isoformat(),
        "last_error": item.last_error,
    }


def router(service: Service) -> APIRouter:
    api = APIRouter(tags=["webhooks"])

    WS = service.opened()

    @api.put("/orgs/{org}/webhooks/{webhook}", openapi_extra=needs("admin"), response_model=WebhookCreated, summary="订阅事件推送（新建时返回一次签名密钥）")
    def put_webhook(
        body: WebhookSubscription, response: Response, webhook: str = ItemId(),
        ws: Workspace = WS, if_match: str | None = IfMatch(), request_id: str | None = RequestId(),
    ) -> dict[str, Any]:
        sub, secret = ws.put_webhook(
            webhook, url=body.url, events=body.events, actor=body.actor, now=clock(body.now),
            description=body.description, active=body.active, rotate_secret=body.rotate_secret,
            request_id=request_id, expected_version=expected_version(if_match),
        )
        shown = _shown(ws, sub)
        etag(response, shown["version"])
        return {**shown, "secret": secret}

    @api.get("/orgs/{org}/webhooks/{webhook}", openapi_extra=needs("read"), response_model=Webhook, summary="查看事件推送订阅（不含密钥）")
    def get_webhook(response: Response, webhook: str = ItemId(), ws: Workspace = WS) -> dict[str, Any]:
        shown = _shown(ws, ws.webhook(webhook))
        etag(response, shown["version"])
        return shown

    @api.get("/orgs/{org}/webhooks", openapi_extra=needs("read"), response_model=WebhookList, summary="列出事件推送订阅（不含密钥）")
    def list_webhooks(ws: Workspace = WS) -> dict[str, Any]:
        return {"items": [_shown(ws, s) for s in ws.webhooks()]}

    @api.delete("/orgs/{org}/webhooks/{webhook}", openapi_extra=needs("admin"), response_model=Webhook, summary="停止事件推送并作废密钥")
    def delete_webhook(
        response: Response, webhook: str = ItemId(), ws: Workspace = WS,
        actor: str = Query(min_length=1, max_length=200, description="办理人员 id"),
        if_match: str | None = IfMatch(), request_id: str | None = RequestId(),
    ) -> dict[str, Any]:
        sub = ws.delete_webhook(webhook, actor=actor, now=clock(None), request_id=request_id,
                                expected_version=expected_version(if_match))
        shown = _shown(ws, sub)
        etag(response, shown["version"])
        return shown

    @api.get("/orgs/{org}/webhooks/{webhook}/deliveries", openapi_extra=needs("read"), response_model=WebhookDeliveries, summary="事件推送的投递状态")
    def list_deliveries(webhook: str = ItemId(), ws: Workspace = WS) -> dict[str, Any]:
        return {"items": [_delivery(i) for i in ws.webhook_deliveries(webhook)]}

    return api


__all__ = ["router"]
