"""Fixtures: a local SMTP server, three people, a notification in Chinese."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from aiosmtpd.controller import Controller
from smtp_support import HOST, Recorder, SmtpServer, free_port

from sqmy_core.model import Person
from sqmy_core.storage import Notification


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    recorder = Recorder()
    controller = Controller(recorder, hostname=HOST, port=free_port(), ready_timeout=5)
    controller.start()
    server = SmtpServer(HOST, controller.port, recorder, controller)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def people() -> dict[str, Person]:
    return {
        "p001": Person(id="p001", name="张三", roles=("member",)),
        "p002": Person(id="p002", name="李四", roles=("member",)),
        "p003": Person(id="p003", name="王五", roles=("member",)),
    }


@pytest.fixture
def notification() -> Notification:
    return Notification(
        key="adopted:2024-0007:p001",
        kind="adopted",
        recipients=("p001", "p002", "p003"),
        subject="采用反馈：《关于加强社区养老服务的建议》已被采用",
        body="张三委员：\n\n您报送的信息《关于加强社区养老服务的建议》已被区政协采用。\n感谢您的支持！",
        created_at=datetime(2024, 5, 6, 9, 30, tzinfo=UTC),
        piece="2024-0007",
        data={"level": "区级采用"},
    )
