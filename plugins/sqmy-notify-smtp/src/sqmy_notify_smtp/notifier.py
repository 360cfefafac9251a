"""The ``smtp`` channel: one UTF-8 email per notification, sent with :mod:`smtplib`.

Addresses come only from the ``[smtp.addresses]`` settings table, looked up
by person id; nothing in the notification (subject, body, data) can add a
recipient.  A recipient without an address is skipped; a notification none
of whose recipients has an address sends nothing.

Any failure to hand the message to the server (connection refused, timeout,
a refused STARTTLS or login, every recipient refused) propagates, so the
outbox retries later (the outbox keeps ``smtp_<code>`` or the exception's
class, never the server's reply).  Every connection goes through the
settings' ``[outbound]`` policy: the host is resolved and every address
checked, and only checked addresses are connected to, so DNS rebinding
cannot lead the client to a link-local or metadata address.  When the server accepts some recipients and refuses
others the message is not resent -- that would repeat it to those who got
it -- and the refused addresses are logged as a warning.
"""

from __future__ import annotations

import hashlib
import logging
import smtplib
import ssl
from collections.abc import Sequence
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from typing import Any, Final

from sqmy_core.kit import Notification, OutboundPolicy, Person
from sqmy_notify_smtp.settings import SmtpSettings, parse_settings

CHANNEL: Final = "smtp"
"""The channel name (one SMTP channel per workspace)."""

log = logging.getLogger(__name__)


class SmtpNotifier:
    """A :class:`sqmy_core.kit.Notifier` sending email through one SMTP server."""

    name: str

    def __init__(self, settings: SmtpSettings) -> None:
        self.name = CHANNEL
        self.settings = settings

    @classmethod
    def from_settings(cls, table: object, policy: OutboundPolicy | None = None) -> SmtpNotifier:
        """Build from the ``[smtp]`` table; raises :class:`~sqmy_core.PluginError` if it is wrong
        (or its host is not allowed by ``policy``, the settings' ``[outbound]``)."""
        return cls(parse_settings(table, policy))

    def __repr__(self) -> str:
        s = self.settings
        return f"SmtpNotifier(host={s.host!r}, port={s.port}, sender={s.sender.addr_spec!r})"

    def addresses_for(self, recipients: Sequence[Person]) -> list[tuple[Person, Address]]:
        """The recipients that have an address, each once per address, in the given order."""
        found: list[tuple[Person, Address]] = []
        seen: set[str] = set()
        for person in recipients:
            address = self.settings.addresses.get(person.id)
            if address is None or address.addr_spec.lower() in seen:
                continue
            seen.add(address.addr_spec.lower())
            found.append((person, address))
        return found

    def build_message(
        self, notification: Notification, recipients: Sequence[Person]
    ) -> EmailMessage | None:
        """The email for ``notification``, or None when no recipient has an address."""
        targets = self.addresses_for(recipients)
        if not targets:
            return None
        sender = self.settings.sender
        message = EmailMessage(policy=SMTP)
        message["Subject"] = _one_line(notification.subject)
        message["From"] = sender
        message["To"] = tuple(
            Address(
                display_name=_one_line(person.name),
                username=address.username,
                domain=address.domain,
            )
            for person, address in targets
        )
        message["Date"] = format_datetime(notification.created_at)
        # The same notification always gets the same Message-ID, so a copy
        # resent after a lost server reply can be recognized as a duplicate.
        digest = hashlib.sha256(notification.key.encode("utf-8")).hexdigest()[:32]
        message["Message-ID"] = f"<sqmy.{digest}@{sender.domain}>"
        message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies
        message["X-Sqmy-Kind"] = _one_line(notification.kind)
        if notification.piece:
            message["X-Sqmy-Piece"] = _one_line(notification.piece)
        message.set_content(notification.body, charset="utf-8", cte="base64")
        return message

    def send(self, notification: Notification, recipients: Sequence[Person]) -> None:
        """Send the email, or raise (:class:`OSError`, :class:`smtplib.SMTPException`) to be retried."""
        message = self.build_message(notification, recipients)
        if message is None:
            log.info("smtp: no address for any recipient of %s, nothing sent", notification.key)
            return
        to_addrs = [address.addr_spec for _, address in self.addresses_for(recipients)]
        with self._connect() as client:
            refused: dict[str, Any] = client.send_message(
                message, from_addr=self.settings.sender.addr_spec, to_addrs=to_addrs
            )
        if refused:
            log.warning(
                "smtp: %s delivered, but the server refused %s",
                notification.key,
                ", ".join(f"{addr} ({code} {reply!r})" for addr, (code, reply) in refused.items()),
            )

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        client: smtplib.SMTP
        if s.ssl:
            client = _CheckedSMTPSSL(
                s.policy, s.host, s.port, timeout=s.timeout, context=ssl.create_default_context()
            )
        else:
            client = _CheckedSMTP(s.policy, s.host, s.port, timeout=s.timeout)
        try:
            if s.starttls:
                client.starttls(context=ssl.create_default_context())
            if s.username is not None and s.password is not None:
                client.login(s.username, s.password)
        except BaseException:
            client.close()
            raise
        return client


class _CheckedSMTP(smtplib.SMTP):
    """An SMTP client whose socket goes to an address the policy checked."""

    def __init__(self, policy: OutboundPolicy, *args: Any, **kwargs: Any) -> None:
        self.policy = policy  # before super(): it connects
        super().__init__(*args, **kwargs)

    def _get_socket(self, host: str, port: int, timeout: float) -> Any:
        return self.policy.create_connection((host, port), timeout, _source(self))


class _CheckedSMTPSSL(smtplib.SMTP_SSL):
    """Implicit TLS over a socket to an address the policy checked (the name is verified)."""

    def __init__(self, policy: OutboundPolicy, *args: Any, **kwargs: Any) -> None:
        self.policy = policy
        super().__init__(*args, **kwargs)

    def _get_socket(self, host: str, port: int, timeout: float) -> Any:
        sock = self.policy.create_connection((host, port), timeout, _source(self))
        return self.context.wrap_socket(sock, server_hostname=getattr(self, "_host", host))


def _source(client: smtplib.SMTP) -> tuple[str, int] | None:
    """The client's ``source_address`` as the policy takes it (smtplib types it loosely)."""
    found: Any = client.source_address
    return (str(found[0]), int(found[1])) if found else None


def _one_line(text: str) -> str:
    """Header text on one line: CR/LF would be refused by :mod:`email` (or inject headers)."""
    return " ".join(part.strip() for part in text.splitlines() if part.strip())
