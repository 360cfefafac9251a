"""Webhooks out, the pure half: which subscriptions an event concerns, its payload, its signature.

An OA system subscribes per organization and event kind
(:class:`Subscription`, kept in the registry as kind ``webhook``).  When a
command appends events, :func:`deliveries` turns each event and each active
subscription whose kinds match it into one
:class:`~sqmy_core.storage.Notification` for the channel
:func:`channel_of` names; the Workspace queues them in the outbox in the
same transaction as the events, and the delivery channel
(:mod:`sqmy_core.workspace.webhooks_out`) posts the notification's
``data`` -- the payload -- as JSON, signed with :func:`signature`.

The payload carries ids and words of the workflow only (the piece, its
version, the event kind, the acting person's id, the review stage ...),
never a title, a note, an adoption's text or a name: what a receiver needs
to know is that something happened and where to read it (``GET
/orgs/{org}/pieces/{piece}``, with its own credential).

The notification's ``key`` is the payload's ``id``, a digest of the
organization, the subscription, the stream and the event's version: a
repeated command -- which appends nothing -- queues nothing, and the same
``id`` on every retry lets a receiver drop a delivery it already took.  Nothing here does I/O or reads a clock.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping, Sequence
from typing import Any, Final

from attrs import field, frozen

from sqmy_core.model._convert import as_tuple
from sqmy_core.storage import Notification, StoredEvent

__all__ = [
    "ALL_EVENTS",
    "CHANNEL_PREFIX",
    "EVENT_KINDS",
    "PAYLOAD_FORMAT",
    "SIGNATURE_VERSION",
    "Subscription",
    "channel_of",
    "deliveries",
    "delivery_id",
    "matches",
    "payload",
    "signature",
    "signed_content",
    "subscription_doc",
    "subscription_of",
]

EVENT_KINDS: Final = (
    "submitted",
    "reviewed",
    "approved",
    "returned",
    "rejected",
    "expert_reviewed",
    "resubmitted",
    "withdrawn",
    "dispatched",
    "adopted",
    "instructed",
    "handled",
    "penalized",
)
"""Every event type a Workspace command appends to a piece's stream (``reviewed`` is each
level's decision; ``approved`` / ``returned`` / ``rejected`` follow it when it decides)."""

ALL_EVENTS: Final = "*"
"""A subscription's ``events`` entry that matches every kind, those added later included."""

CHANNEL_PREFIX: Final = "webhook-out:"
"""Outbox channels of subscriptions: ``webhook-out:<id>``.  Not ``webhook:``, the prefix of the
robot channels configured in ``[[webhooks]]``: a subscription named like a robot channel would
otherwise share its queue, and each would send the other's messages."""

PAYLOAD_FORMAT: Final = "sqmy-webhook/1"
SIGNATURE_VERSION: Final = "v1"

_SAFE_DATA: Final = ("stage", "decision", "route", "level", "rank", "outcome", "kind")
"""Keys of an event's data a payload carries: workflow words of the ruleset, never free text
(a note, an expert's opinion, an adoption's text) or names."""


@frozen
class Subscription:
    """One endpoint an OA registered: where to post, which event kinds, whether it is on.

    ``secret_sealed`` is the signing secret as the registry keeps it -- sealed
    with the deployment's key (:mod:`sqmy_core.workspace.webhook_setup`),
    never in clear; None once the subscription was deleted.
    """

    id: str
    url: str
    events: tuple[str, ...] = field(converter=as_tuple)
    active: bool = True
    description: str | None = None
    secret_sealed: str | None = field(default=None, repr=False)

    @property
    def channel(self) -> str:
        return channel_of(self.id)


def channel_of(subscription_id: str) -> str:
    """The outbox channel of a subscription's deliveries."""
    return CHANNEL_PREFIX + subscription_id


def subscription_doc(sub: Subscription) -> dict[str, Any]:
    """The registry record (JSON-ready) of a subscription."""
    doc: dict[str, Any] = {
        "id": sub.id,
        "url": sub.url,
        "events": list(sub.events),
        "active": sub.active,
    }
    if sub.description is not None:
        doc["description"] = sub.description
    if sub.secret_sealed is not None:
        doc["secret_sealed"] = sub.secret_sealed
    return doc


def subscription_of(doc: Mapping[str, Any]) -> Subscription:
    """A subscription back from its registry record."""
    return Subscription(
        id=str(doc["id"]),
        url=str(doc["url"]),
        events=tuple(str(e) for e in doc.get("events", ())),
        active=bool(doc.get("active", True)),
        description=doc.get("description"),
        secret_sealed=doc.get("secret_sealed"),
    )


def matches(sub: Subscription, event_type: str) -> bool:
    """Whether the subscription is on and asks for this kind of event."""
    return sub.active and sub.secret_sealed is not None and (
        ALL_EVENTS in sub.events or event_type in sub.events
    )


def delivery_id(organization: str, subscription_id: str, stream: str, version: int) -> str:
    """A delivery's id, the same on every retry: ``evt_`` and 32 hex digits of a digest of
    where it comes from (ids of any length or alphabet give one short header value)."""
    raw = f"{organization}\x00{subscription_id}\x00{stream}\x00{version}".encode()
    return "evt_" + hashlib.sha256(raw).hexdigest()[:32]


def payload(organization: str, subscription_id: str, event: StoredEvent) -> dict[str, Any]:
    """What is posted for one event: ids, the kind, times and workflow words -- no free text."""
    details = {
        k: event.data[k]
        for k in _SAFE_DATA
        if k in event.data and _word(event.data[k])
    }
    return {
        "format": PAYLOAD_FORMAT,
        "id": delivery_id(organization, subscription_id, event.stream, event.version),
        "subscription": subscription_id,
        "org": organization,
        "event": event.type,
        "piece": event.stream,
        "version": event.version,
        "at": event.at.isoformat(),
        "actor": event.actor,
        "details": details,
    }


def _word(value: Any) -> bool:
    """A workflow word: short, one token (anything else under those keys is left out)."""
    return isinstance(value, str) and 0 < len(value) <= 64 and not any(c.isspace() for c in value)


def deliveries(
    organization: str, subscriptions: Sequence[Subscription], events: Sequence[StoredEvent]
) -> list[tuple[str, Notification]]:
    """``(channel, notification)`` for each appended event and each subscription it concerns.

    The notification's ``created_at`` is the event's time (the outbox makes it
    due then), its ``data`` the payload, its key stable (see the module).
    """
    out: list[tuple[str, Notification]] = []
    for event in events:
        for sub in subscriptions:
            if not matches(sub, event.type):
                continue
            body = payload(organization, sub.id, event)
            note = Notification(
                key=body["id"],  # short whatever the ids (a store's key column is 255)
                kind=f"webhook.{event.type}",
                recipients=(),
                subject=event.type,
                body="",
                created_at=event.at,
                piece=event.stream,
                data=body,
            )
            out.append((sub.channel, note))
    return out


def signed_content(timestamp: int, body: bytes) -> bytes:
    """What is signed: the timestamp (unix seconds), a dot, the exact body bytes."""
    return str(timestamp).encode("ascii") + b"." + body


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The ``Sqmy-Webhook-Signature`` value: ``v1=`` and the hex HMAC-SHA256 of
    :func:`signed_content` keyed with the secret's UTF-8 bytes."""
    mac = hmac.new(secret.encode("utf-8"), signed_content(timestamp, body), hashlib.sha256)
    return f"{SIGNATURE_VERSION}={mac.hexdigest()}"
