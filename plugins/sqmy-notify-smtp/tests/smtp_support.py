"""Test support: a local SMTP server (aiosmtpd on 127.0.0.1, a free port) recording what it gets."""

from __future__ import annotations

import email
import socket
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default
from typing import Any

from aiosmtpd.controller import Controller

HOST = "127.0.0.1"


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


@dataclass
class Recorder:
    """The aiosmtpd handler: keeps every message it accepts."""

    received: list[Received] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.original_content, policy=default)
        assert isinstance(parsed, EmailMessage)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"


@dataclass
class SmtpServer:
    host: str
    port: int
    recorder: Recorder
    controller: Controller
    running: bool = True

    def stop(self) -> None:
        if self.running:
            self.controller.stop()
            self.running = False

    @property
    def received(self) -> list[Received]:
        return self.recorder.received

    def settings(self, **overrides: Any) -> dict[str, Any]:
        table: dict[str, Any] = {
            "host": self.host,
            "port": self.port,
            "sender": "社情民意信息办公室 <sqmy@example.org>",
            "timeout": 5,
            "addresses": {
                "p001": "zhang@example.org",
                "p002": "li@example.org",
            },
        }
        table.update(overrides)
        return table


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port
