"""The ``webhook:<name>`` channels: one HTTP POST per notification, with :mod:`urllib.request`.

The URL comes only from the channel's settings; nothing in the notification
(subject, body, data) can change where the request goes.  Redirects are not
followed for the same reason (a 3xx reply is a failure).  Proxies named in
the environment (``https_proxy``, ``no_proxy`` ...) are honoured, as by any
urllib client.

A failure raises :class:`WebhookError` so that the outbox retries: a network
error or timeout, a reply outside 2xx, or a robot's refusal in a 2xx reply
(DingTalk/WeCom ``errcode != 0``, Feishu ``code != 0``).  Error messages
name the channel, never the URL (robot URLs carry access tokens).
"""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from typing import Final

from sqmy_core.kit import Notification, Person
from sqmy_notify_webhook import formats
from sqmy_notify_webhook.settings import WebhookSettings

USER_AGENT: Final = "sqmy-notify-webhook/0.1.0"
MAX_REPLY: Final = 64 * 1024
"""Bytes of a reply read at most (robots answer with a few dozen)."""


class WebhookError(Exception):
    """The message was not (or not surely) delivered; the outbox should retry it."""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Refuse redirects: the request goes to the configured URL or nowhere."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: object,
        code: int,
        msg: str,
        headers: object,
        newurl: str,
    ) -> None:
        return None


class WebhookNotifier:
    """A :class:`sqmy_core.kit.Notifier` posting to one robot or JSON webhook."""

    name: str

    def __init__(
        self, settings: WebhookSettings, *, clock: Callable[[], float] = time.time
    ) -> None:
        self.settings = settings
        self.name = settings.channel
        self._clock = clock

    def __repr__(self) -> str:
        return f"WebhookNotifier(name={self.name!r}, format={self.settings.format!r})"

    def build_request(
        self, notification: Notification, recipients: Sequence[Person]
    ) -> urllib.request.Request:
        """The signed POST request for ``notification`` (not sent)."""
        url, body = formats.build(self.settings, notification, recipients, self._clock())
        return urllib.request.Request(
            url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Accept": "application/json",
                "User-Agent": USER_AGENT,
            },
        )

    def send(self, notification: Notification, recipients: Sequence[Person]) -> None:
        """Post the message, or raise :class:`WebhookError` to have it retried."""
        request = self.build_request(notification, recipients)
        opener = urllib.request.build_opener(_NoRedirect())
        try:
            with opener.open(request, timeout=self.settings.timeout) as response:
                reply: bytes = response.read(MAX_REPLY)
        except urllib.error.HTTPError as exc:  # outside 2xx (3xx included: not followed)
            detail = formats.excerpt(_read_error_body(exc))
            raise WebhookError(f"{self.name}: HTTP {exc.code} {exc.reason}: {detail}") from exc
        except urllib.error.URLError as exc:
            raise WebhookError(f"{self.name}: network error: {exc.reason}") from exc
        except (OSError, http.client.HTTPException) as exc:  # timeouts, resets, bad replies
            raise WebhookError(f"{self.name}: network error: {type(exc).__name__}: {exc}") from exc
        refusal = formats.robot_error(self.settings, reply)
        if refusal is not None:
            raise WebhookError(f"{self.name}: {refusal}")


def _read_error_body(error: urllib.error.HTTPError) -> bytes:
    try:
        return error.read(MAX_REPLY) if error.fp is not None else b""
    except (OSError, http.client.HTTPException):
        return b""
    finally:
        error.close()
