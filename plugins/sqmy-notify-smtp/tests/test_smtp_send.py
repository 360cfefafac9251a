"""Sending through a local aiosmtpd server: headers and body in Chinese, recipients, failures."""

from __future__ import annotations

import smtplib
from email.headerregistry import Address

import pytest
from smtp_support import SmtpServer
from sqmy_notify_smtp import SmtpNotifier

from sqmy_core.kit import OutboundRefused, outbound_policy
from sqmy_core.model import Person
from sqmy_core.storage import Notification
from sqmy_core.workspace.notifier import Notifier
from sqmy_core.workspace.outbox import failure_status

LOCAL = outbound_policy({"outbound": {"allow": ["127.0.0.1"]}})
"""The tests' allow-list: the local server, nothing else."""


def test_is_a_notifier_named_smtp(smtp_server: SmtpServer) -> None:
    notifier = SmtpNotifier.from_settings(smtp_server.settings(), LOCAL)
    assert isinstance(notifier, Notifier)
    assert notifier.name == "smtp"


def test_chinese_subject_and_body_arrive_decoded(
    smtp_server: SmtpServer, notification: Notification, people: dict[str, Person]
) -> None:
    notifier = SmtpNotifier.from_settings(smtp_server.settings(), LOCAL)
    notifier.send(notification, [people["p001"]])

    [got] = smtp_server.received
    message = got.message
    assert message["Subject"] == notification.subject
    # text/plain in canonical form: CRLF line breaks inside the base64
    assert message.get_content().replace("\r\n", "\n") == notification.body + "\n"
    assert message.get_content_type() == "text/plain"
    assert message.get_content_charset() == "utf-8"
    assert message["From"].addresses == (Address("社情民意信息办公室", "sqmy", "example.org"),)
    assert message["To"].addresses == (Address("张三", "zhang", "example.org"),)
    assert message["Date"].datetime == notification.created_at
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["X-Sqmy-Kind"] == "adopted"
    assert message["X-Sqmy-Piece"] == "2024-0007"
    assert got.mail_from == "sqmy@example.org"
    assert got.rcpt_tos == ["zhang@example.org"]


def test_raw_headers_are_mime_encoded_ascii(
    smtp_server: SmtpServer, notification: Notification, people: dict[str, Person]
) -> None:
    notifier = SmtpNotifier.from_settings(smtp_server.settings(), LOCAL)
    message = notifier.build_message(notification, [people["p001"]])
    assert message is not None
    raw = message.as_bytes()
    head = raw.split(b"\r\n\r\n", 1)[0]
    head.decode("ascii")  # Chinese only as RFC 2047 encoded words
    assert b"=?utf-8?" in head
    assert b"Content-Transfer-Encoding: base64" in head


def test_only_recipients_with_an_address_receive_it(
    smtp_server: SmtpServer, notification: Notification, people: dict[str, Person]
) -> None:
    notifier = SmtpNotifier.from_settings(smtp_server.settings(), LOCAL)
    notifier.send(notification, [people["p001"], people["p003"], people["p002"]])

    [got] = smtp_server.received
    assert got.rcpt_tos == ["zhang@example.org", "li@example.org"]
    assert [a.display_name for a in got.message["To"].addresses] == ["张三", "李四"]


def test_nobody_with_an_address_sends_nothing(
    smtp_server: SmtpServer, notification: Notification, people: dict[str, Person]
) -> None:
    notifier = SmtpNotifier.from_settings(smtp_server.settings(), LOCAL)
    notifier.send(notification, [people["p003"]])
    notifier.send(notification, [])
    assert smtp_server.received == []


def test_two_people_sharing_an_address_get_one_copy(
    smtp_server: SmtpServer, notification: Notification, people: dict[str, Person]
) -> None:
    table = smtp_server.settings(
        addresses={"p001": "office@example.org", "p002": "Office@example.org"}
    )
    SmtpNotifier.from_settings(table, LOCAL).send(notification, [people["p001"], people["p002"]])
    [got] = smtp_server.received
    assert got.rcpt_tos == ["office@example.org"]


def test_addresses_never_come_from_the_notification(
    smtp_server: SmtpServer, notification: Notification, people: dict[str, Person]
) -> None:
    sneaky = Notification(
        key="k-sneaky",
        kind="adopted",
        recipients=("p001",),
        subject="注意\r\nBcc: evil@example.com",
        body="请回复至 evil@example.com",
        created_at=notification.created_at,
        data={"to": "evil@example.com", "email": "evil@example.com"},
    )
    SmtpNotifier.from_settings(smtp_server.settings(), LOCAL).send(sneaky, [people["p001"]])
    [got] = smtp_server.received
    assert got.rcpt_tos == ["zhang@example.org"]
    assert got.message["Bcc"] is None
    assert got.message["Subject"] == "注意 Bcc: evil@example.com"


def test_message_id_is_stable_per_notification_key(
    smtp_server: SmtpServer, notification: Notification, people: dict[str, Person]
) -> None:
    notifier = SmtpNotifier.from_settings(smtp_server.settings(), LOCAL)
    first = notifier.build_message(notification, [people["p001"]])
    again = notifier.build_message(notification, [people["p001"]])
    other = notifier.build_message(
        Notification(
            key="another",
            kind=notification.kind,
            recipients=notification.recipients,
            subject=notification.subject,
            body=notification.body,
            created_at=notification.created_at,
        ),
        [people["p001"]],
    )
    assert first is not None and again is not None and other is not None
    assert first["Message-ID"] == again["Message-ID"] != other["Message-ID"]
    assert first["Message-ID"].endswith("@example.org>")


def test_stopped_server_raises_so_the_outbox_retries(
    smtp_server: SmtpServer, notification: Notification, people: dict[str, Person]
) -> None:
    notifier = SmtpNotifier.from_settings(smtp_server.settings(timeout=2), LOCAL)
    smtp_server.stop()
    with pytest.raises(OSError):
        notifier.send(notification, [people["p001"]])


def test_starttls_not_offered_raises_instead_of_sending_in_clear(
    smtp_server: SmtpServer, notification: Notification, people: dict[str, Person]
) -> None:
    notifier = SmtpNotifier.from_settings(smtp_server.settings(starttls=True), LOCAL)
    with pytest.raises(smtplib.SMTPNotSupportedError):
        notifier.send(notification, [people["p001"]])
    assert smtp_server.received == []


def test_login_not_offered_raises(
    smtp_server: SmtpServer, notification: Notification, people: dict[str, Person]
) -> None:
    notifier = SmtpNotifier.from_settings(
        smtp_server.settings(username="sqmy", password="secret"), LOCAL
    )
    with pytest.raises(smtplib.SMTPException):
        notifier.send(notification, [people["p001"]])
    assert smtp_server.received == []


def test_ssl_to_a_plain_server_raises(
    smtp_server: SmtpServer, notification: Notification, people: dict[str, Person]
) -> None:
    notifier = SmtpNotifier.from_settings(smtp_server.settings(ssl=True), LOCAL)
    with pytest.raises(OSError):
        notifier.send(notification, [people["p001"]])
    assert smtp_server.received == []


def test_password_is_not_in_repr(smtp_server: SmtpServer) -> None:
    notifier = SmtpNotifier.from_settings(
        smtp_server.settings(username="sqmy", password="s3cr3t-pw"), LOCAL
    )
    assert "s3cr3t-pw" not in repr(notifier)
    assert "s3cr3t-pw" not in repr(notifier.settings)


def test_a_name_resolving_to_a_metadata_address_is_not_connected_to(
    smtp_server: SmtpServer, notification: Notification, people: dict[str, Person]
) -> None:
    def rebinding(
        host: str, port: int, *args: object, **kwargs: object
    ) -> list[tuple[object, ...]]:
        return [(2, 1, 6, "", ("169.254.169.254", port))]

    policy = outbound_policy({"outbound": {"allow": ["mail.example.org"]}}, resolve=rebinding)
    table = {**smtp_server.settings(), "host": "mail.example.org"}
    notifier = SmtpNotifier.from_settings(table, policy)
    with pytest.raises(OutboundRefused) as caught:
        notifier.send(notification, [people["p001"]])
    assert failure_status(caught.value) == "target_refused"
    assert smtp_server.received == []


def test_a_refusing_server_leaves_a_status_not_its_reply(
    smtp_server: SmtpServer, notification: Notification, people: dict[str, Person]
) -> None:
    error = smtplib.SMTPDataError(554, b"5.7.1 rejected: message mentions 13912345678")
    assert failure_status(error) == "smtp_554"


def test_a_chinese_host_is_allowed_as_written_and_resolved_in_its_idna_form(
    smtp_server: SmtpServer, notification: Notification, people: dict[str, Person]
) -> None:
    asked: list[str] = []

    def local(host: str, port: int, *args: object, **kwargs: object) -> list[tuple[object, ...]]:
        asked.append(host)
        return [(2, 1, 6, "", ("127.0.0.1", port))]

    policy = outbound_policy({"outbound": {"allow": ["邮件.例子.中国"]}}, resolve=local)
    table = {**smtp_server.settings(), "host": "邮件.例子.中国"}
    SmtpNotifier.from_settings(table, policy).send(notification, [people["p001"]])
    assert len(smtp_server.received) == 1
    assert asked and set(asked) == {"邮件.例子.中国".encode("idna").decode("ascii")}
