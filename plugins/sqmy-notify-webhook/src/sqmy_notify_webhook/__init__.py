"""sqmy-notify-webhook: DingTalk, WeCom and Feishu group robots and plain JSON webhooks for sqmy.

Installed, it is found through the ``sqmy`` entry-point group; it reads only
the ``[[webhooks]]`` settings (see :mod:`sqmy_notify_webhook.settings`) and
uses nothing but the standard library for HTTP.
"""

from __future__ import annotations

from sqmy_notify_webhook.messages import MESSAGES
from sqmy_notify_webhook.notifier import WebhookError, WebhookNotifier
from sqmy_notify_webhook.settings import FORMATS, WebhookSettings, parse_settings

__version__ = "0.1.0"

__all__ = [
    "FORMATS",
    "MESSAGES",
    "WebhookError",
    "WebhookNotifier",
    "WebhookSettings",
    "__version__",
    "parse_settings",
]
