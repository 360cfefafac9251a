"""The JSON bodies of webhook subscriptions (``/orgs/{org}/webhooks``), as pydantic models.

A subscription is shown without its secret, always: the secret appears
once, in the answer to the ``PUT`` that made it (``secret``), and in no
later answer, list or log.  The fields' own checks (a known event kind, an
allowed ``https`` URL) are the library's, so their refusals name the field.
"""

from __future__ import annotations

from pydantic import AwareDatetime, BaseModel, Field

from sqmy_core.service.bodies import Body


class WebhookSubscription(Body):
    actor: str = Field(min_length=1, description="登记此项的人员 id")
    now: AwareDatetime | None = Field(None, description="登记时间（带时区）；不给则用服务器时钟")
    url: str = Field(min_length=1, max_length=2000, description="接收推送的地址（须在 [outbound] 白名单中）")
    events: list[str] = Field(
        min_length=1, max_length=50, description='订阅的事件类型，如 ["approved", "adopted"]；["*"] 为全部'
    )
    description: str | None = Field(None, max_length=500)
    active: bool = Field(True, description="false：暂停推送（保留密钥）")
    rotate_secret: bool = Field(False, description="true：换发新的签名密钥（旧密钥立即失效）")


class Webhook(BaseModel):
    """A subscription as shown: never its secret."""

    id: str
    url: str
    events: list[str]
    active: bool
    description: str | None
    has_secret: bool = Field(description="是否持有签名密钥（删除后为 false）")
    version: int = Field(description="登记次数（ETag）")


class WebhookCreated(Webhook):
    secret: str | None = Field(
        description="签名密钥：仅在新建或换发时返回这一次，此后任何接口都不再返回"
    )


class WebhookList(BaseModel):
    items: list[Webhook]


class WebhookDelivery(BaseModel):
    """One queued delivery's state (the payload's ``id``, never its content beyond the event)."""

    id: str
    event: str
    piece: str | None
    version: int | None
    created_at: str
    attempts: int
    next_attempt_at: str
    delivered_at: str | None
    last_error: str | None


class WebhookDeliveries(BaseModel):
    items: list[WebhookDelivery]


__all__ = [
    "Webhook",
    "WebhookCreated",
    "WebhookDeliveries",
    "WebhookDelivery",
    "WebhookList",
    "WebhookSubscription",
]
