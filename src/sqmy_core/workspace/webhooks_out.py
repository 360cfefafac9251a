"""Webhooks out, the delivery: one signed HTTP POST per queued event, through the outbox.

Each subscription is an outbox channel (``webhook-out:<id>``); its notifier
(:class:`SubscriptionNotifier`) posts the notification's ``data`` -- the
payload :mod:`sqmy_core.workflow.webhooks` built -- as the exact JSON
bytes it signs, with::

    Content-Type: application/json
    Sqmy-Webhook-Id: evt_...            (the payload's id: the same on every retry)
    Sqmy-Webhook-Timestamp: 1717171717  (unix seconds, when this attempt was signed)
    Sqmy-Webhook-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>

A 2xx reply is delivered; anything else -- another status (a redirect is
not followed: the request goes to the registered URL or nowhere), a
timeout, a refused or unresolvable target -- raises :class:`DeliveryFailed`
with a short ``status`` (``http_503``, ``timeout``, ``network``,
``target_refused``), and the outbox tries again later (1, 2, 4 ... minutes,
at most 6 hours).  The reply's body is never read beyond a little, never kept.

Every connection goes through the ``[outbound]`` policy
(:meth:`~sqmy_core.workspace.outbound.OutboundPolicy.create_connection`): the
host is resolved and each address checked when connecting, so a name that
now resolves to a metadata or link-local address is refused (DNS
rebinding).  No proxy is used.  The timestamp is the sending moment's
(``clock``, the system's by default): a receiver checks it against its own
clock, so it must be the real time of the attempt, not the command's.
"""

from __future__ import annotations

import http.client
import json
import ssl
import time
from collections.abc import Callable, Sequence
from typing import Any, Final
from urllib.parse import urlsplit

from sqmy_core.errors import ConfigurationError, OutboundRefused
from sqmy_core.model import Person
from sqmy_core.storage import EventStore, Notification
from sqmy_core.workflow.webhooks import Subscription, signature, subscription_of
from sqmy_core.workspace.notifier import Notifier
from sqmy_core.workspace.webhook_setup import WebhookSetup

__all__ = ["USER_AGENT", "DeliveryFailed", "SubscriptionNotifier", "subscription_notifiers"]

USER_AGENT: Final = "sqmy-webhooks/1"
MAX_REPLY: Final = 4096
"""Bytes of a reply read at most (and thrown away: only the status counts)."""


class DeliveryFailed(Exception):
    """Not delivered (or not surely): the outbox tries again.  ``status`` is what it keeps."""

    def __init__(self, status: str) -> None:
        super().__init__(status)
        self.status = status


def body_of(notification: Notification) -> bytes:
    """The payload as the bytes posted and signed (compact JSON, Chinese as UTF-8)."""
    return json.dumps(
        dict(notification.data), ensure_ascii=False, separators=(",", ":"), sort_keys=True
    ).encode("utf-8")


class SubscriptionNotifier:
    """The :class:`~sqmy_core.workspace.notifier.Notifier` of one subscription's channel."""

    def __init__(
        self,
        subscription: Subscription,
        secret: str,
        setup: WebhookSetup,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.name = subscription.channel
        self.subscription = subscription
        self._secret = secret
        self._setup = setup
        self._clock = clock

    def __repr__(self) -> str:  # never the secret, nor the URL (it may carry a token)
        return f"SubscriptionNotifier(name={self.name!r})"

    def request(self, notification: Notification) -> tuple[bytes, dict[str, str]]:
        """The body and headers of one attempt, signed now (not sent)."""
        body = body_of(notification)
        stamp = int(self._clock())
        headers = {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "Sqmy-Webhook-Id": str(notification.data.get("id", notification.key)),
            "Sqmy-Webhook-Timestamp": str(stamp),
            "Sqmy-Webhook-Signature": signature(self._secret, stamp, body),
        }
        return body, headers

    def send(self, notification: Notification, recipients: Sequence[Person]) -> None:
        """Post it, or raise :class:`DeliveryFailed` to have it retried."""
        body, headers = self.request(notification)
        parts = urlsplit(self.subscription.url)
        host = parts.hostname or ""
        policy = self._setup.policy
        conn: http.client.HTTPConnection
        if parts.scheme == "https":
            conn = http.client.HTTPSConnection(
                policy.ascii_host(host), parts.port, timeout=self._setup.timeout,
                context=ssl.create_default_context(),
            )
        else:
            conn = http.client.HTTPConnection(host, parts.port, timeout=self._setup.timeout)
        # connect to the policy's checked addresses only (TLS still checks the name)
        setattr(conn, "_create_connection", policy.create_connection)  # noqa: B010
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        try:
            conn.request("POST", target, body=body, headers=headers)
            reply = conn.getresponse()
            reply.read(MAX_REPLY)
            status = reply.status
        except OutboundRefused as exc:
            raise DeliveryFailed(exc.status) from None
        except TimeoutError:
            raise DeliveryFailed("timeout") from None
        except (OSError, http.client.HTTPException) as exc:  # resets, TLS, bad replies
            raise DeliveryFailed(_network(exc)) from None
        finally:
            conn.close()
        if not 200 <= status < 300:
            raise DeliveryFailed(f"http_{status}")


def _network(exc: BaseException) -> str:
    return "tls" if isinstance(exc, ssl.SSLError) else "network"


def subscription_notifiers(
    store: EventStore, setup: WebhookSetup | None, **kw: Any
) -> list[Notifier]:
    """A notifier for every subscription of the store that has a secret that opens.

    A paused subscription (``active`` false) queues nothing new but still
    sends what was queued before.  Without ``[webhooks_out]`` there are
    none: their items stay queued (and are delivered by a process that has
    the key).  A subscription whose secret does not open with the keys given
    (a rotated key not listed as previous) is left out the same way, its
    items kept.
    """
    if setup is None:
        return []
    found: list[Notifier] = []
    for doc in store.list("webhook"):
        sub = subscription_of(doc)
        if sub.secret_sealed is None:  # deleted: its items were shelved
            continue
        try:
            secret = setup.open(sub.secret_sealed, store.organization, sub.id)
        except ConfigurationError:
            continue
        found.append(SubscriptionNotifier(sub, secret, setup, **kw))
    return found
