"""Fixtures: local HTTP servers, people, a notification in Chinese; no proxy from the environment."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from webhook_support import HttpServer

from sqmy_core.model import Person
from sqmy_core.storage import Notification

PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


@pytest.fixture(autouse=True)
def no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    """Requests go straight to 127.0.0.1, whatever proxy the machine running the tests has."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


@pytest.fixture
def server() -> Iterator[HttpServer]:
    started = HttpServer()
    try:
        yield started
    finally:
        started.stop()


@pytest.fixture
def other_server() -> Iterator[HttpServer]:
    started = HttpServer()
    try:
        yield started
    finally:
        started.stop()


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
        recipients=("p001", "p002"),
        subject="采用反馈：《关于加强社区养老服务的建议》已被采用",
        body="您报送的信息已被区政协采用。\n感谢您的支持！",
        created_at=datetime(2024, 5, 6, 9, 30, tzinfo=UTC),
        piece="2024-0007",
        data={"level": "区级采用", "score": 3, "tags": ["养老", "社区"]},
    )
