"""The built-in ``log`` channel: notifications written to Python logging.

Useful while an office sets up email or robots, and in tests.  Enabled by a
``[log]`` table in the workspace settings (``logger`` names the logger,
default ``sqmy.notify``).  Only the subject, kind, piece and recipient ids
are logged, never the body, so personal data in a template cannot leak into
log files.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from sqmy_core.model import Person
from sqmy_core.plugins import hookimpl
from sqmy_core.storage import Notification
from sqmy_core.workspace.notifier import Notifier


class LogNotifier:
    """Writes one INFO line per notification."""

    def __init__(self, logger: str = "sqmy.notify") -> None:
        self.name = "log"
        self._log = logging.getLogger(logger)

    def send(self, notification: Notification, recipients: Sequence[Person]) -> None:
        self._log.info(
            "%s [%s] piece=%s to=%s",
            notification.subject,
            notification.kind,
            notification.piece or "-",
            ",".join(p.id for p in recipients),
        )


@hookimpl(trylast=True)
def sqmy_notifiers(settings: Mapping[str, Any]) -> list[Notifier] | None:
    table = settings.get("log")
    if not isinstance(table, Mapping):
        return None
    return [LogNotifier(str(table.get("logger", "sqmy.notify")))]
