"""The sqmy plugin (entry point ``webhook`` of the ``sqmy`` group): one channel per ``[[webhooks]]``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqmy_core.kit import Notifier, hookimpl, outbound_policy
from sqmy_notify_webhook.notifier import WebhookNotifier
from sqmy_notify_webhook.settings import TABLE, parse_settings


@hookimpl
def sqmy_notifiers(settings: Mapping[str, Any]) -> list[Notifier]:
    """A ``webhook:<name>`` notifier per ``[[webhooks]]`` table, none when there is no such key.

    Raises :class:`~sqmy_core.PluginError` (every problem, with its key path)
    when the tables are there but wrong, or a URL's host is not on the
    ``[outbound] allow`` list.
    """
    if TABLE not in settings:
        return []
    policy = outbound_policy(settings)
    return [WebhookNotifier(one) for one in parse_settings(settings[TABLE], policy)]
