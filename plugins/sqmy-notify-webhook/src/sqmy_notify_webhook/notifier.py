"""The ``webhook:<name>`` channels: one HTTP POST per notification, with :mod:`urllib.request`.

The URL comes only from the channel's settings; nothing in the notification
(subject, body, data) can change where the request goes.  Redirects are not
followed for the same reason (a 3xx reply is a failure).  Proxies named in
the environment (``https_proxy``, ``no_proxy`` ...) are honoured, as by any
urllib client.

Every connection -- to the target or to a proxy from the environment --
goes through the settings' ``[outbound]`` policy: the host is resolved and
every address checked, and only checked addresses are connected to
(:meth:`sqmy_core.kit.OutboundPolicy.create_connection`), so DNS rebinding
cannot lead the request to a link-local or metadata address.

A failure raises :class:`WebhookError` so that the outbox retries: a network
error or timeout, a reply outside 2xx, a refused target, or a robot's
refusal in a 2xx reply (DingTalk/WeCom ``errcode != 0``, Feishu ``code !=
0``).  Its ``status`` is a short code (``http_502``, ``robot_310000``,
``network``, ``target_refused``) -- what the outbox keeps as ``last_error``;
neither it nor the message carries the reply's body (which may echo the
message or internal detail) or the URL (robot URLs carry access tokens).
"""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from typing import Any, Final

from sqmy_core.kit import Notification, OutboundPolicy, OutboundRefused, Person
from sqmy_notify_webhook import formats
from sqmy_notify_webhook.settings import WebhookSettings

USER_AGENT: Final = "sqmy-notify-webhook/0.1.0"
MAX_REPLY: Final = 64 * 1024
"""Bytes of a reply read at most (robots answer with a few dozen)."""


class WebhookError(Exception):
    """The message was not (or not surely) delivered; the outbox should retry it.

    ``status`` is the short code the outbox keeps (no reply body, no URL).
    """

    def __init__(self, message: str, status: str) -> None:
        super().__init__(message)
        self.status = status


class _Checked:
    """Connections of an urllib handler made through an :class:`OutboundPolicy`."""

    policy: OutboundPolicy

    def do_open(self, http_class: Any, req: urllib.request.Request, **kw: Any) -> Any:
        policy = self.policy

        def connection(*args: Any, **kwargs: Any) -> http.client.HTTPConnection:
            conn = http_class(*args, **kwargs)
            setattr(conn, "_create_connection", policy.create_connection)  # noqa: B010
            return conn  # type: ignore[no-any-return]

        return super().do_open(connection, req, **kw)  # type: ignore[misc]


class _CheckedHTTP(_Checked, urllib.request.HTTPHandler):
    pass


class _CheckedHTTPS(_Checked, urllib.request.HTTPSHandler):
    pass


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
        plain, tls = _CheckedHTTP(), _CheckedHTTPS()
        plain.policy = tls.policy = self.settings.policy
        handlers = [plain, tls]
        opener = urllib.request.build_opener(_NoRedirect(), *handlers)
        try:
            with opener.open(request, timeout=self.settings.timeout) as response:
                reply: bytes = response.read(MAX_REPLY)
        except urllib.error.HTTPError as exc:  # outside 2xx (3xx included: not followed)
            exc.close()  # the body is not read: it is nobody's business here
            raise WebhookError(f"{self.name}: HTTP {exc.code}", f"http_{exc.code}") from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, OutboundRefused):
                raise WebhookError(f"{self.name}: {exc.reason}", exc.reason.status) from None
            raise WebhookError(f"{self.name}: network error", "network") from exc
        except OutboundRefused as exc:
            raise WebhookError(f"{self.name}: {exc}", exc.status) from None
        except (OSError, http.client.HTTPException) as exc:  # timeouts, resets, bad replies
            code = "timeout" if isinstance(exc, TimeoutError) else "network"
            raise WebhookError(f"{self.name}: {code}: {type(exc).__name__}", code) from exc
        refusal = formats.robot_error(self.settings, reply)
        if refusal is not None:
            raise WebhookError(f"{self.name}: {refusal}", refusal)
