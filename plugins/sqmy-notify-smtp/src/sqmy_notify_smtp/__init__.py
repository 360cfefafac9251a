"""sqmy-notify-smtp: the ``smtp`` notification channel for sqmy (email through :mod:`smtplib`).

Installed, it is found through the ``sqmy`` entry-point group; it reads only
the ``[smtp]`` settings table (see :mod:`sqmy_notify_smtp.settings`).
"""

from __future__ import annotations

from sqmy_notify_smtp.messages import MESSAGES
from sqmy_notify_smtp.notifier import CHANNEL, SmtpNotifier
from sqmy_notify_smtp.settings import SmtpSettings, parse_settings

__version__ = "0.1.0"

__all__ = [
    "CHANNEL",
    "MESSAGES",
    "SmtpNotifier",
    "SmtpSettings",
    "__version__",
    "parse_settings",
]
