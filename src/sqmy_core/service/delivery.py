"""``sqmy serve --deliver-every SECONDS``: the outbox delivered in the background, round by round.

One daemon thread; each round opens every served organization's workspace
on its own connection (as a request does), delivers what is due
(:meth:`~sqmy_core.workspace.workspace.Workspace.deliver`: robot channels,
mail, webhook subscriptions) and closes it.  A failure of one organization's
round (its database away for a moment) is logged by its class name only and
does not stop the others or the next round; failed deliveries are the
outbox's to retry with its backoff.  Off by default: ``sqmy notify`` from a
timer does the same job, and several server processes delivering at once is
safe only because an item is marked in the store (a receiver may then get a
delivery twice -- it deduplicates on ``Sqmy-Webhook-Id`` anyway).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, Final

from sqmy_core.plugins import open_store
from sqmy_core.workspace.outbox import DeliveryReport
from sqmy_core.workspace.workspace import Workspace

__all__ = ["DeliveryLoop"]

LISTING: Final = "*"
"""The organization a store is opened for when only :meth:`organizations` is asked."""

_log = logging.getLogger("sqmy.service.delivery")


def _utc_now() -> datetime:
    return datetime.now(UTC)


class DeliveryLoop:
    """Deliver every ``every`` seconds until stopped; :meth:`round` is one pass (tests call it)."""

    def __init__(
        self,
        url: str,
        organization: str | None,
        settings: Mapping[str, Any] | None,
        every: float,
        *,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self.url = url
        self.organization = organization
        self.settings = dict(settings or {})
        self.every = every
        self._clock = clock
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.rounds = 0
        """Rounds finished (read by tests and nothing else)."""

    def organizations(self) -> list[str]:
        if self.organization is not None:
            return [self.organization]
        store = open_store(self.url, LISTING)
        try:
            return store.organizations()
        finally:
            store.close()

    def round(self) -> DeliveryReport:
        """One pass over every organization, at the clock's time now."""
        delivered = failed = 0
        for org in self.organizations():
            try:
                with Workspace.open(self.url, organization=org, settings=self.settings) as ws:
                    report = ws.deliver(self._clock())
            except Exception as exc:  # one organization's trouble is not the next one's
                _log.warning("delivery round failed for %s: %s", org, type(exc).__name__)
                continue
            delivered += report.delivered
            failed += report.failed
        self.rounds += 1
        return DeliveryReport(delivered=delivered, failed=failed)

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            try:
                self.round()
            except Exception as exc:  # the listing itself failed: try again next round
                _log.warning("delivery round failed: %s", type(exc).__name__)

    def start(self) -> DeliveryLoop:
        self._thread = threading.Thread(target=self._run, name="sqmy-delivery", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def __enter__(self) -> DeliveryLoop:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
