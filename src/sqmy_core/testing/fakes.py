"""Fakes for tests of embedders: a notifier that records, and one that can be switched off."""

from __future__ import annotations

from collections.abc import Sequence

from sqmy_core.model import Person
from sqmy_core.storage import Notification


class ChannelDown(ConnectionError):
    """Raised by a :class:`RecordingNotifier` while it is ``down``."""


class RecordingNotifier:
    """A channel that keeps what it was sent; set ``down = True`` to make it fail."""

    def __init__(self, name: str = "fake") -> None:
        self.name = name
        self.down = False
        self.sent: list[tuple[Notification, tuple[str, ...]]] = []

    def send(self, notification: Notification, recipients: Sequence[Person]) -> None:
        if self.down:
            raise ChannelDown(f"channel {self.name} is down")
        self.sent.append((notification, tuple(p.id for p in recipients)))

    @property
    def keys(self) -> list[str]:
        return [n.key for n, _ in self.sent]
