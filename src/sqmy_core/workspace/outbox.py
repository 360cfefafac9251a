"""The transactional outbox's two jobs: the daily reminder run and delivery.

Notifications caused by events are queued by the Workspace in the same
transaction as the events.  Reminders (quotas behind, commissions coming
due) and overdue-dispatch notices have no event to ride on: :func:`remind`
computes them for a day and queues them with stable keys, so a second run
queues nothing new.  :func:`deliver` sends what is due, one channel at a
time, so one channel being down never holds back another, and puts failed
items off with a growing delay; nothing is lost while a channel is down.

A failed attempt keeps a status in ``last_error`` (:func:`failure_status`:
``http_502``, ``smtp_550``, ``target_refused``, ``TimeoutError`` ...),
never an exception's text: a reply body or a server's message can echo the
notification, internal hosts or personal data, and the outbox is read by
anyone who runs ``sqmy backup``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from datetime import datetime, timedelta
from typing import Final

from attrs import frozen

from sqmy_core import workflow
from sqmy_core.rules import Ruleset
from sqmy_core.storage import EventStore, records
from sqmy_core.workflow import notices
from sqmy_core.workspace.notifier import Notifier
from sqmy_core.workspace.transfer import export_dataset

MAX_RETRY_DELAY = timedelta(hours=6)
_STATUS: Final = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


def failure_status(exc: BaseException) -> str:
    """The short status an attempt's failure is kept as: never the exception's text.

    A notifier's exception may say it with a ``status`` attribute (a code of
    letters, digits and ``_.:-``, at most 64); an SMTP reply is ``smtp_<code>``;
    anything else is the exception's class name.
    """
    status = getattr(exc, "status", None)
    if isinstance(status, str) and _STATUS.match(status):
        return status
    code = getattr(exc, "smtp_code", None)  # smtplib.SMTPResponseException, without importing it
    if isinstance(code, int) and not isinstance(code, bool):
        return f"smtp_{code}"
    return type(exc).__name__[:64]


@frozen
class DeliveryReport:
    """What one :func:`deliver` run did."""

    delivered: int
    failed: int


def remind(store: EventStore, ruleset: Ruleset, channels: Collection[str], now: datetime) -> int:
    """The daily run: queue the reminders due today and the overdue-dispatch notices.

    Safe to call several times a day: every notification has a stable
    key, so nothing is queued twice.  Returns how many items were new.
    It takes the store, the ruleset in force and the channel names, not a
    whole Workspace, so the outbox sits below the Workspace (no import cycle).
    """
    if not channels:
        return 0
    dataset = export_dataset(store)
    states = {s: workflow.fold(ruleset, store.read(s)) for s in store.streams()}
    notes = notices.daily_notifications(ruleset, dataset, states, now)
    with store.transaction():
        return sum(store.enqueue(name, notes) for name in channels)


def deliver(
    store: EventStore, notifiers: Mapping[str, Notifier], now: datetime, limit: int = 100
) -> DeliveryReport:
    """Send what is due in the outbox, one channel at a time, isolating failures.

    A channel that raises leaves its item queued with a growing delay
    (1, 2, 4 ... minutes, at most 6 hours); the others go on.  Items of a
    channel not configured in this process stay queued for one that is.
    """
    delivered = failed = 0
    people = {d["id"]: records.person_of(d) for d in store.list("person")}
    for item in store.pending(now, limit):
        channel = notifiers.get(item.channel)
        if channel is None:
            continue
        recipients = [people[r] for r in item.notification.recipients if r in people]
        try:
            channel.send(item.notification, recipients)
        except Exception as exc:  # any failure of a channel means "try again later"
            delay = min(timedelta(minutes=2**item.attempts), MAX_RETRY_DELAY)
            store.mark_failed(item.id, now, failure_status(exc), now + delay)
            failed += 1
        else:
            store.mark_delivered(item.id, now)
            delivered += 1
    return DeliveryReport(delivered=delivered, failed=failed)
