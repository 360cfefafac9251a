"""The transactional outbox's two jobs: the daily reminder run and delivery.

Notifications caused by events are queued by the Workspace in the same
transaction as the events.  Reminders (quotas behind, commissions coming
due) and overdue-dispatch notices have no event to ride on: :func:`remind`
computes them for a day and queues them with stable keys, so a second run
queues nothing new.  :func:`deliver` sends what is due and puts failed
items off with a growing delay; nothing is lost while a channel is down.

One channel never holds back another, which takes three things:

* **Only the channels this process can send are asked for**
  (``pending(channels=...)``).  Items of a channel configured elsewhere --
  a robot set up on another host, ``webhook-out:<id>`` subscriptions in a
  process without the ``[webhooks_out]`` key -- stay queued for a process
  that has it, and take no place in this one's run however many pile up.
* **Channels take turns** (:class:`_Turns`): one item of each channel in
  turn, each channel's oldest first, at most ``limit`` attempts in a run.
  A backlog of one channel -- a thousand items of a mail server that is
  down -- gets its share of a run, never the whole of it.  Ordering every
  channel's items by ``next_attempt_at`` instead would not do: a backlog
  of items never tried is as due as anyone's and would still fill a run.
* **A channel that fails** :data:`BACK_AFTER` **times in a row goes to the
  back** for the rest of the run: it is probably down, and its attempts
  (each perhaps a timeout) would only make the others wait.  It is not
  dropped: when the others have nothing left, its turns come again, so an
  item that fails on its own (one refused address) is put off with its
  delay and does not hold back its channel's next ones, run after run.

A failed attempt keeps a status in ``last_error`` (:func:`failure_status`:
``http_502``, ``smtp_550``, ``target_refused``, ``TimeoutError`` ...),
never an exception's text: a reply body or a server's message can echo the
notification, internal hosts or personal data, and the outbox is read by
anyone who runs ``sqmy backup``.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Collection, Mapping
from datetime import datetime, timedelta
from typing import Final

from attrs import frozen

from sqmy_core import workflow
from sqmy_core.rules import Ruleset
from sqmy_core.storage import EventStore, OutboxItem, records
from sqmy_core.storage.checks import check_limit
from sqmy_core.workflow import notices
from sqmy_core.workspace.notifier import Notifier
from sqmy_core.workspace.transfer import export_dataset

__all__ = ["BACK_AFTER", "MAX_RETRY_DELAY", "DeliveryReport", "deliver", "failure_status", "remind"]

MAX_RETRY_DELAY = timedelta(hours=6)
BACK_AFTER: Final = 3
"""Failures in a row after which a channel waits behind the others for the rest of a run."""
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
    """Send what is due in the outbox, the channels taking turns, isolating failures.

    ``notifiers`` are the channels this process can send, by channel name;
    only their items are read (see the module's docstring for the turns).
    A channel that raises leaves its item queued with a growing delay
    (1, 2, 4 ... minutes, at most 6 hours); the others go on.  At most
    ``limit`` attempts are made, so a run's length stays bounded.
    """
    limit = check_limit(limit)
    if not notifiers or limit == 0 or not store.pending(now, 1, channels=list(notifiers)):
        return DeliveryReport(delivered=0, failed=0)  # one query when nothing is due, not one a channel
    delivered = failed = 0
    people = {d["id"]: records.person_of(d) for d in store.list("person")}
    turns = _Turns(store, now, notifiers, limit)
    while (item := turns.next()) is not None:
        recipients = [people[r] for r in item.notification.recipients if r in people]
        try:
            notifiers[item.channel].send(item.notification, recipients)
        except Exception as exc:  # any failure of a channel means "try again later"
            delay = min(timedelta(minutes=2**item.attempts), MAX_RETRY_DELAY)
            store.mark_failed(item.id, now, failure_status(exc), now + delay)
            turns.failed(item.channel)
            failed += 1
        else:
            store.mark_delivered(item.id, now)
            turns.delivered(item.channel)
            delivered += 1
    return DeliveryReport(delivered=delivered, failed=failed)


class _Turns:
    """Whose item is next in one :func:`deliver` run: the channels in turn, failing ones last.

    Each channel's due items are read a page at a time, a fair share of the
    run (``limit`` over the number of channels, rounded up), so a run reads
    about what it can send and not ``limit`` items of every channel.  The
    next page is read when the last one has been handed out: by then each
    of its items was delivered or put off (by a minute at least), so it is
    no longer due and the page holds the next ones.  A channel whose page
    comes back short has no more due items and leaves the rotation when it
    is empty.
    """

    def __init__(
        self, store: EventStore, now: datetime, channels: Collection[str], budget: int
    ) -> None:
        names = sorted(channels)
        self._store, self._now, self._budget = store, now, budget
        self._page = -(-budget // max(len(names), 1))  # a fair share, rounded up
        self._front: deque[str] = deque(names)
        self._back: deque[str] = deque()
        self._queued: dict[str, deque[OutboxItem]] = {n: deque() for n in names}
        self._more = dict.fromkeys(names, True)
        self._streak = dict.fromkeys(names, 0)

    def next(self) -> OutboxItem | None:
        """The next item to try, or ``None`` when the run is over (budget spent or nothing due)."""
        while self._budget > 0 and (ring := self._front or self._back):
            name = ring.popleft()
            item = self._take(name)
            if item is not None:
                ring.append(name)
                self._budget -= 1
                return item
        return None

    def delivered(self, channel: str) -> None:
        self._streak[channel] = 0

    def failed(self, channel: str) -> None:
        """One more failure in a row; the :data:`BACK_AFTER`-th sends the channel to the back."""
        self._streak[channel] += 1
        if self._streak[channel] >= BACK_AFTER and channel in self._front:
            self._front.remove(channel)
            self._back.append(channel)

    def _take(self, channel: str) -> OutboxItem | None:
        queued = self._queued[channel]
        if not queued and self._more[channel]:
            page = self._store.pending(self._now, self._page, channels=(channel,))
            self._more[channel] = len(page) == self._page
            queued.extend(page)
        return queued.popleft() if queued else None
