"""Targets are checked where the connection is made: every resolved address, every time."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from sqmy_notify_webhook import WebhookError, WebhookNotifier, parse_settings
from webhook_support import HttpServer

from sqmy_core.kit import outbound_policy
from sqmy_core.storage import Notification


def resolver(answers: dict[str, list[str]]) -> Any:
    """A DNS that answers ``answers`` (what a rebinding attacker's name server would)."""

    def resolve(host: str, port: int, *args: Any, **kwargs: Any) -> list[tuple[Any, ...]]:
        return [
            (
                socket.AF_INET6 if ":" in ip else socket.AF_INET,
                socket.SOCK_STREAM,
                6,
                "",
                (ip, port),
            )
            for ip in answers[host]
        ]

    return resolve


def sender(url: str, answers: dict[str, list[str]], allow: list[str]) -> WebhookNotifier:
    policy = outbound_policy({"outbound": {"allow": allow}}, resolve=resolver(answers))
    [one] = parse_settings([{"name": "office", "format": "json", "url": url}], policy)
    return WebhookNotifier(one)


def test_an_allowed_name_is_connected_to_at_the_address_checked(
    server: HttpServer, notification: Notification
) -> None:
    url = f"http://robot.example.org:{server.port}/hook"
    sender(url, {"robot.example.org": ["127.0.0.1"]}, ["robot.example.org"]).send(notification, [])
    [request] = server.requests
    assert request.headers["host"] == f"robot.example.org:{server.port}"


def test_a_chinese_name_is_allowed_as_written_and_connected_to_in_its_idna_form(
    server: HttpServer, notification: Notification
) -> None:
    url = f"http://机器人.例子.中国:{server.port}/hook"
    encoded = "xn--gmqz0qc7o.xn--fsqu00a.xn--fiqs8s"
    sender(url, {encoded: ["127.0.0.1"]}, ["*.例子.中国"]).send(notification, [])
    [request] = server.requests
    assert request.headers["host"] == f"{encoded}:{server.port}"


@pytest.mark.parametrize(
    "answer",
    [
        ["169.254.169.254"],
        ["127.0.0.1", "169.254.10.1"],
        ["fe80::1"],
        ["::ffff:169.254.169.254"],
        ["100.100.100.200"],
    ],
)
def test_a_name_that_resolves_to_link_local_or_metadata_is_refused(
    server: HttpServer, notification: Notification, answer: list[str]
) -> None:
    url = f"http://robot.example.org:{server.port}/hook"
    with pytest.raises(WebhookError) as caught:
        sender(url, {"robot.example.org": answer}, ["robot.example.org"]).send(notification, [])
    assert caught.value.status == "target_refused"
    assert server.requests == []  # nothing was sent anywhere


def test_a_listed_special_address_is_allowed(notification: Notification) -> None:
    policy = outbound_policy(
        {"outbound": {"allow": ["169.254.169.254", "robot.example.org"]}},
        resolve=resolver({"robot.example.org": ["169.254.169.254"]}),
    )
    assert policy.addresses("robot.example.org", 80) == ["169.254.169.254"]
    assert policy.host_problem("169.254.169.253", "x") is not None  # its neighbour is not


def test_a_proxy_is_a_target_like_any_other(
    server: HttpServer, notification: Notification, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("http_proxy", "http://proxy.corp.example:3128")
    url = f"http://127.0.0.1:{server.port}/hook"
    one = sender(url, {"proxy.corp.example": ["127.0.0.1"]}, ["127.0.0.1"])
    with pytest.raises(WebhookError) as caught:
        one.send(notification, [])
    assert caught.value.status == "target_refused" and server.requests == []
