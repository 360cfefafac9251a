"""The webhook half of :class:`~sqmy_core.workspace.workspace.Workspace`: subscriptions, queueing.

A subscription is a registry record of kind ``webhook`` (its history and
audit like any record's; never in a ``sqmy-dataset`` export).  Registering
one makes its signing secret, returned to the caller once and kept only
sealed with the ``[webhooks_out]`` key (:mod:`sqmy_core.workspace.webhook_setup`);
without that key nothing is registered.  Its URL must be an allowed target
when registered, and is checked again at each connection.

:meth:`WebhookCommands._queue_webhooks` runs inside every command's append
transaction (the Workspace calls it there): each appended event and each
active subscription it concerns give one outbox item
(:func:`sqmy_core.workflow.webhooks.deliveries`), committed or rolled back
with the events.  Queueing needs no key: the sealed secret is opened only
by the process that delivers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Final

from sqmy_core.errors import ConfigurationError, NotFound, Problem
from sqmy_core.storage import EventStore, OutboxItem, StoredEvent
from sqmy_core.workflow.webhooks import (
    ALL_EVENTS,
    EVENT_KINDS,
    Subscription,
    channel_of,
    deliveries,
    subscription_doc,
    subscription_of,
)
from sqmy_core.workspace.audit import Audited, command
from sqmy_core.workspace.audit_claims import put_claim
from sqmy_core.workspace.webhook_setup import TABLE, WebhookSetup, new_secret, target_problems

if TYPE_CHECKING:
    from sqmy_core.model import Person

__all__ = ["MAX_DESCRIPTION", "SHELVED", "WebhookCommands"]

MAX_DESCRIPTION: Final = 500
SHELVED: Final = datetime(9999, 1, 1, tzinfo=UTC)
"""When the undelivered items of a deleted subscription are put off to: never."""
_ID: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


class WebhookCommands(Audited):
    """Registering, reading and stopping subscriptions; queueing their deliveries."""

    store: EventStore
    webhook_setup: WebhookSetup | None

    if TYPE_CHECKING:

        def person(self, ident: str) -> Person: ...  # RegistryCommands'

    @command("put_webhook", "webhook:{ident}")
    def put_webhook(
        self,
        ident: str,
        *,
        url: str,
        events: Sequence[str],
        actor: str,
        now: datetime | None = None,
        description: str | None = None,
        active: bool = True,
        rotate_secret: bool = False,
        request_id: str | None = None,
        expected_version: int | None = None,
    ) -> tuple[Subscription, str | None]:
        """Register or replace a subscription; the secret when one was made now, else None.

        A secret is made when the subscription is new, when it has none
        (it was deleted) and is put active again, or on ``rotate_secret``
        -- then the old one stops signing at once.  Otherwise the kept one
        stays and is never shown again.  A ``PUT`` that makes a secret is
        checked against the version it read even without ``expected_version``:
        of two racing ones, one keeps its secret and the other is refused
        (:class:`~sqmy_core.errors.ConcurrencyConflict`), so no caller holds a
        secret that was never kept.
        """
        setup = self._webhook_setup_needed()
        self.person(actor)
        problems = _checked(ident, url, events, description, setup)
        if problems:
            raise ConfigurationError(problems)
        seen = self.store.registry_version("webhook", ident)
        before = self.store.get("webhook", ident)
        sealed = None if before is None else before.get("secret_sealed")
        secret = None
        if (sealed is None and active) or rotate_secret:
            secret = new_secret()
            sealed = setup.seal(secret, self.store.organization, ident)
            if expected_version is None:  # the secret answered must be the one kept: of two
                expected_version = seen   # racing PUTs that make one, the second is refused
        sub = Subscription(
            ident, url, tuple(dict.fromkeys(events)), active, description, sealed
        )
        self._put_webhook(sub, expected_version)
        return sub, secret

    @command("delete_webhook", "webhook:{ident}")
    def delete_webhook(
        self,
        ident: str,
        *,
        actor: str,
        now: datetime,
        request_id: str | None = None,
        expected_version: int | None = None,
    ) -> Subscription:
        """Stop a subscription and forget its secret (the record stays, inactive, for the
        history and the audit).

        Its undelivered items can never be signed again: in the same
        transaction each is marked failed (``webhook_deleted``) and put off
        to :data:`SHELVED`, so they stay on record but never come due -- due
        items that no channel takes would stay at the head of the queue and
        hold back every other channel's.
        """
        self.person(actor)
        sub = self.webhook(ident)
        stopped = Subscription(sub.id, sub.url, sub.events, False, sub.description, None)
        with self.store.transaction():
            self._put_webhook(stopped, expected_version)
            for item in self.store.outbox():
                if item.channel == sub.channel and item.delivered_at is None:
                    self.store.mark_failed(item.id, now, "webhook_deleted", SHELVED)
        return stopped

    def _put_webhook(self, sub: Subscription, expected_version: int | None) -> None:
        doc = subscription_doc(sub)
        with self.store.transaction():
            number = self.store.put("webhook", sub.id, doc, expected_version=expected_version)
            self._audit_commit(put_claim(number, "webhook", sub.id, doc))

    def _webhook_setup_needed(self) -> WebhookSetup:
        if self.webhook_setup is None:
            raise ConfigurationError([Problem(TABLE, "service_webhooks.no_key", {"table": TABLE})])
        return self.webhook_setup

    # -- reading -----------------------------------------------------------------

    def webhook(self, ident: str) -> Subscription:
        doc = self.store.get("webhook", ident)
        if doc is None:
            raise NotFound([Problem("", "service_webhooks.unknown", {"found": repr(ident)})])
        return subscription_of(doc)

    def webhooks(self) -> list[Subscription]:
        """Every subscription, stopped ones included, in the order they were registered."""
        return [subscription_of(d) for d in self.store.list("webhook")]

    def webhook_deliveries(self, ident: str) -> list[OutboxItem]:
        """The subscription's outbox items, delivered or not, oldest first."""
        self.webhook(ident)
        channel = channel_of(ident)
        return [i for i in self.store.outbox() if i.channel == channel]

    # -- queueing (inside a command's append transaction) --------------------------

    def _queue_webhooks(self, events: Sequence[StoredEvent]) -> int:
        """Queue the deliveries the appended events cause; how many were new."""
        subs = [s for s in self.webhooks() if s.active and s.secret_sealed is not None]
        if not subs or not events:
            return 0
        by_channel: dict[str, list[Any]] = {}
        for channel, note in deliveries(self.store.organization, subs, events):
            by_channel.setdefault(channel, []).append(note)
        return sum(self.store.enqueue(c, notes) for c, notes in by_channel.items())


def _checked(
    ident: str,
    url: str,
    events: Sequence[str],
    description: str | None,
    setup: WebhookSetup,
) -> list[Problem]:
    """Every problem of a subscription's fields, each naming its field."""
    problems: list[Problem] = []
    if not _ID.match(ident):
        problems.append(Problem("id", "service_webhooks.bad_id", {"found": repr(ident[:80])}))
    problems += target_problems(url, setup.policy)
    if isinstance(events, str) or not events:
        problems.append(Problem("events", "service_webhooks.no_events", {}))
    else:
        known = ", ".join((ALL_EVENTS, *EVENT_KINDS))
        for i, kind in enumerate(events):
            if kind != ALL_EVENTS and kind not in EVENT_KINDS:
                problems.append(
                    Problem(
                        f"events[{i}]",
                        "service_webhooks.unknown_event",
                        {"found": repr(str(kind)[:80]), "known": known},
                    )
                )
    if description is not None and len(description) > MAX_DESCRIPTION:
        problems.append(
            Problem("description", "service_webhooks.description_long", {"limit": MAX_DESCRIPTION})
        )
    return problems
