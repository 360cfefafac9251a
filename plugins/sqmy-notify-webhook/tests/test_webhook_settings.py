"""The [[webhooks]] tables are checked when the notifiers are built: every problem, with its path."""

from __future__ import annotations

from typing import Any

import pytest
from sqmy_notify_webhook import parse_settings
from sqmy_notify_webhook.settings import mention_target

from sqmy_core import PluginError

GOOD: dict[str, Any] = {
    "name": "office",
    "format": "dingtalk",
    "url": "https://oapi.dingtalk.com/robot/send?access_token=TOKEN123",
}


def problems(value: object) -> dict[str, str]:
    with pytest.raises(PluginError) as caught:
        parse_settings(value)
    return {p.path: p.code for p in caught.value.problems}


def test_minimal_tables_and_defaults() -> None:
    [one, two] = parse_settings(
        [GOOD, {"name": "办公室群", "format": "json", "url": "http://10.0.0.5:8080/hook"}]
    )
    assert (one.channel, one.format, one.secret, one.markdown, one.timeout) == (
        "webhook:office",
        "dingtalk",
        None,
        False,
        10.0,
    )
    assert dict(one.mention) == {}
    assert two.channel == "webhook:办公室群"


def test_empty_list_is_no_channel() -> None:
    assert parse_settings([]) == []


def test_full_dingtalk_table() -> None:
    [one] = parse_settings(
        [
            {
                **GOOD,
                "secret": "SECabc",
                "markdown": True,
                "timeout": 2.5,
                "mention": {"p001": "13800000001"},
            }
        ]
    )
    assert (one.secret, one.markdown, one.timeout) == ("SECabc", True, 2.5)
    assert dict(one.mention) == {"p001": "13800000001"}


def test_a_single_table_instead_of_an_array() -> None:
    assert problems(GOOD) == {"webhooks": "webhook_not_list"}
    assert problems("https://example.org") == {"webhooks": "webhook_not_list"}


def test_missing_keys() -> None:
    assert problems([{}]) == {
        "webhooks[0].name": "webhook_missing",
        "webhooks[0].format": "webhook_missing",
        "webhooks[0].url": "webhook_missing",
    }


@pytest.mark.parametrize(
    ("key", "value", "code"),
    [
        ("name", "", "webhook_expected_text"),
        ("name", "office group", "webhook_expected_text"),
        ("name", 7, "webhook_expected_text"),
        ("format", "slack", "webhook_bad_format"),
        ("format", "DingTalk", "webhook_bad_format"),
        ("url", "ftp://example.org/x", "webhook_bad_url"),
        ("url", "file:///etc/passwd", "webhook_bad_url"),
        ("url", "oapi.dingtalk.com/robot/send", "webhook_bad_url"),
        ("url", "https:///no-host", "webhook_bad_url"),
        ("url", "https://example.org/a b", "webhook_expected_text"),
        ("secret", "", "webhook_expected_text"),
        ("markdown", "yes", "webhook_expected_bool"),
        ("timeout", 0, "webhook_expected_timeout"),
        ("timeout", True, "webhook_expected_timeout"),
        ("mention", ["13800000001"], "webhook_not_table"),
        ("mentions", {}, "webhook_unknown_key"),
    ],
)
def test_one_wrong_value(key: str, value: object, code: str) -> None:
    assert problems([{**GOOD, key: value}]) == {f"webhooks[0].{key}": code}


def test_wrong_mention_values_are_reported_by_person() -> None:
    table = {**GOOD, "mention": {"p001": "13800000001", "p002": "", "p003": 138}}
    assert problems([table]) == {
        "webhooks[0].mention.p002": "webhook_expected_text",
        "webhooks[0].mention.p003": "webhook_expected_text",
    }


@pytest.mark.parametrize(
    ("fmt", "key", "value"),
    [
        ("wecom", "secret", "s"),
        ("json", "secret", "s"),
        ("json", "mention", {"p001": "13800000001"}),
        ("wecom", "markdown", True),
        ("feishu", "markdown", False),
    ],
)
def test_keys_a_format_does_not_support(fmt: str, key: str, value: object) -> None:
    assert problems([{**GOOD, "format": fmt, key: value}]) == {
        f"webhooks[0].{key}": "webhook_not_for_format"
    }


def test_names_are_unique() -> None:
    assert problems([GOOD, {**GOOD, "format": "json"}]) == {
        "webhooks[1].name": "webhook_duplicate_name"
    }


def test_all_problems_of_all_tables_at_once() -> None:
    found = problems(
        [{"name": "a", "format": "x", "url": "u"}, "not a table", {**GOOD, "timeout": -1}]
    )
    assert found == {
        "webhooks[0].format": "webhook_bad_format",
        "webhooks[0].url": "webhook_bad_url",
        "webhooks[1]": "webhook_not_table",
        "webhooks[2].timeout": "webhook_expected_timeout",
    }


def test_messages_in_chinese_and_english_without_secrets() -> None:
    with pytest.raises(PluginError) as caught:
        parse_settings(
            [
                {**GOOD, "url": "gopher://host/robot?access_token=TOKEN123"},
                {**GOOD, "name": "b", "secret": "SEC very secret"},
            ]
        )
    zh, en = caught.value.render("zh"), caught.value.render("en")
    assert zh.splitlines() == [
        'webhooks[0].url: 应为 http:// 或 https:// 开头、带主机名的地址，实为 "gopher://host/robot?..."',
        "webhooks[1].secret: 应为不含空白和控制字符的非空字符串，实为 ***",
    ]
    assert en.splitlines()[0] == (
        'webhooks[0].url: must be an http:// or https:// URL with a host, found "gopher://host/robot?..."'
    )
    for text in (zh, en, str(caught.value)):
        assert "TOKEN123" not in text
        assert "very secret" not in text


def test_settings_repr_hides_url_and_secret() -> None:
    [one] = parse_settings([{**GOOD, "secret": "SECabc"}])
    assert "TOKEN123" not in repr(one)
    assert "SECabc" not in repr(one)


def test_feishu_cannot_mention_by_mobile() -> None:
    table = {**GOOD, "format": "feishu", "mention": {"p001": "13800000001", "p002": "user:10086"}}
    assert problems([table]) == {"webhooks[0].mention.p001": "webhook_feishu_mobile"}


def test_user_prefix_needs_an_id() -> None:
    table = {**GOOD, "mention": {"p001": "user:"}}
    assert problems([table]) == {"webhooks[0].mention.p001": "webhook_expected_text"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("13800000001", ("mobile", "13800000001")),
        ("+86-13800000001", ("mobile", "+86-13800000001")),
        ("manager4711", ("user", "manager4711")),
        (
            "ou_7d8a6e6df7621556ce0d21922b676706ccs",
            ("user", "ou_7d8a6e6df7621556ce0d21922b676706ccs"),
        ),
        ("user:10086", ("user", "10086")),
    ],
)
def test_mention_values_are_mobiles_or_user_ids(value: str, expected: tuple[str, str]) -> None:
    assert mention_target(value) == expected
