"""The ``[outbound]`` allow-list compares host names in their IDNA form: a Chinese name matches
as written, in either form on either side; what cannot be a host name is refused by its path."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from sqmy_core.errors import OutboundRefused, PluginError
from sqmy_core.workspace.outbound import outbound_policy

ENCODED = "xn--fsqu00a.xn--fiqs8s"  # 例子.中国


def _resolver(answers: dict[str, list[str]], asked: list[str]) -> Any:
    def resolve(host: str, port: int, *args: Any, **kwargs: Any) -> list[tuple[Any, ...]]:
        asked.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port)) for ip in answers[host]]

    return resolve


@pytest.mark.parametrize(
    ("entry", "target"),
    [
        ("例子.中国", "例子.中国"),
        ("例子.中国", ENCODED),
        (ENCODED.upper(), "例子.中国"),
        ("例子。中国", "例子.中国"),  # the ideographic full stop separates labels too
        ("*.中国", "例子.中国"),
        ("*.xn--fiqs8s", "政务.例子.中国"),
        ("Bücher.example", "BÜCHER.example"),
    ],
)
def test_a_name_matches_in_either_form(entry: str, target: str) -> None:
    policy = outbound_policy({"outbound": {"allow": [entry]}})
    assert policy.host_problem(target, "url") is None


def test_other_names_still_do_not_match() -> None:
    policy = outbound_policy({"outbound": {"allow": ["例子.中国", "*.政务.中国"]}})
    for target in ("例子二.中国", "政务.中国", "例子.中国.evil.example", "xn--fsqu00a.cn"):
        problem = policy.host_problem(target, "url")
        assert problem is not None and problem.code == "outbound_not_allowed", target
    refused = policy.host_problem("坏..名字", "url")  # an empty label: never a host
    assert refused is not None and refused.params["host"] == "坏..名字"  # shown as written


def test_the_name_resolved_is_the_encoded_one() -> None:
    asked: list[str] = []
    policy = outbound_policy(
        {"outbound": {"allow": ["例子.中国"]}}, resolve=_resolver({ENCODED: ["10.1.2.3"]}, asked)
    )
    assert policy.addresses("例子.中国", 443) == ["10.1.2.3"] and asked == [ENCODED]


@pytest.mark.parametrize("entry", ["坏..名字", "例" * 64 + ".中国", "*.", "有 空格.中国"])
def test_an_entry_that_cannot_be_a_host_is_refused_by_its_path(entry: str) -> None:
    with pytest.raises(PluginError) as refused:
        outbound_policy({"outbound": {"allow": ["ok.example", entry]}})
    (problem,) = refused.value.problems
    assert (problem.path, problem.code) == ("outbound.allow[1]", "outbound_bad_entry")


def test_a_metadata_name_written_otherwise_is_still_only_matched_exactly() -> None:
    policy = outbound_policy({"outbound": {"allow": ["*.google.internal"]}})
    with pytest.raises(OutboundRefused):
        policy.addresses("METADATA.google.internal.", 80)


@pytest.mark.parametrize(
    ("host", "shown"),
    [
        ("例子.中国", ENCODED),
        ("Bücher.example", "xn--bcher-kva.example"),
        ("oapi.dingtalk.com", "oapi.dingtalk.com"),
        ("10.0.0.1", "10.0.0.1"),
        ("::1", "::1"),
        ("坏..名字", "坏..名字"),  # not a host: left for the allow-list to refuse
    ],
)
def test_a_host_as_a_connection_names_it(host: str, shown: str) -> None:
    assert outbound_policy({}).ascii_host(host) == shown
