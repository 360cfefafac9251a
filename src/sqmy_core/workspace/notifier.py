"""Notification channels: the :class:`Notifier` protocol and the built-in log channel.

A notifier delivers one :class:`~sqmy_core.storage.Notification` to its
recipients on one channel (email, a DingTalk/WeCom/Feishu group robot, an
SMS gateway ...).  It raises any exception to say "not delivered, try
again later"; the outbox then retries it with backoff.  Notifiers are
provided by plugins through the ``sqmy_notifiers`` hook.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from sqmy_core.model import Person
from sqmy_core.storage import Notification


@runtime_checkable
class Notifier(Protocol):
    """One delivery channel."""

    name: str
    """Unique among a workspace's channels; outbox items are kept per channel name."""

    def send(self, notification: Notification, recipients: Sequence[Person]) -> None:
        """Deliver or raise.  ``recipients`` are the registered people the notification names
        (unknown ids are left out); addresses come from the notifier's own settings."""
        ...
