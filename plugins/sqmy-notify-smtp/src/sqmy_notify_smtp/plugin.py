"""The sqmy plugin (entry point ``smtp`` of the ``sqmy`` group): the ``smtp`` channel."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqmy_core.kit import Notifier, hookimpl, outbound_policy
from sqmy_notify_smtp.notifier import SmtpNotifier
from sqmy_notify_smtp.settings import TABLE


@hookimpl
def sqmy_notifiers(settings: Mapping[str, Any]) -> list[Notifier]:
    """One ``smtp`` notifier when ``settings`` has an ``smtp`` table, else none.

    Raises :class:`~sqmy_core.PluginError` (every problem, with its key path)
    when the table is there but wrong, or its host is not on the ``[outbound]
    allow`` list.
    """
    if TABLE not in settings:
        return []
    return [SmtpNotifier.from_settings(settings[TABLE], outbound_policy(settings))]
