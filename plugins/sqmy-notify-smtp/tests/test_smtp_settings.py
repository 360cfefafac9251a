"""The [smtp] table is checked when the notifier is built: every problem, with its key path."""

from __future__ import annotations

from typing import Any

import pytest
from sqmy_notify_smtp import SmtpNotifier, parse_settings

from sqmy_core import PluginError

GOOD: dict[str, Any] = {
    "host": "smtp.example.org",
    "sender": "sqmy@example.org",
    "addresses": {"p001": "zhang@example.org"},
}


def problems(table: object) -> dict[str, str]:
    with pytest.raises(PluginError) as caught:
        parse_settings(table)
    return {p.path: p.code for p in caught.value.problems}


def test_minimal_table_and_defaults() -> None:
    s = parse_settings(GOOD)
    assert (s.host, s.port, s.starttls, s.ssl, s.timeout) == (
        "smtp.example.org",
        25,
        False,
        False,
        10.0,
    )
    assert s.sender.addr_spec == "sqmy@example.org"
    assert s.addresses["p001"].addr_spec == "zhang@example.org"
    assert s.username is None and s.password is None


def test_default_port_follows_the_tls_mode() -> None:
    assert parse_settings({**GOOD, "starttls": True}).port == 587
    assert parse_settings({**GOOD, "ssl": True}).port == 465
    assert parse_settings({**GOOD, "ssl": True, "port": 2465}).port == 2465


def test_sender_with_a_chinese_display_name() -> None:
    s = parse_settings({**GOOD, "sender": "社情民意信息办公室 <sqmy@example.org>"})
    assert s.sender.display_name == "社情民意信息办公室"
    assert s.sender.addr_spec == "sqmy@example.org"


def test_not_a_table() -> None:
    assert problems("smtp.example.org") == {"smtp": "smtp_not_table"}


def test_missing_required_keys() -> None:
    assert problems({}) == {
        "smtp.host": "smtp_missing",
        "smtp.sender": "smtp_missing",
        "smtp.addresses": "smtp_missing",
    }


@pytest.mark.parametrize(
    ("key", "value", "code"),
    [
        ("port", "25", "smtp_expected_port"),
        ("port", 0, "smtp_expected_port"),
        ("port", 70000, "smtp_expected_port"),
        ("port", True, "smtp_expected_port"),
        ("port", 25.0, "smtp_expected_port"),
        ("host", "", "smtp_expected_text"),
        ("host", 127, "smtp_expected_text"),
        ("host", "a\nb", "smtp_expected_text"),
        ("sender", "not an address", "smtp_expected_email"),
        ("sender", "office", "smtp_expected_email"),
        ("starttls", "yes", "smtp_expected_bool"),
        ("ssl", 1, "smtp_expected_bool"),
        ("timeout", 0, "smtp_expected_timeout"),
        ("timeout", "10", "smtp_expected_timeout"),
        ("addresses", ["zhang@example.org"], "smtp_not_table"),
        ("hots", "typo", "smtp_unknown_key"),
    ],
)
def test_one_wrong_value(key: str, value: object, code: str) -> None:
    assert problems({**GOOD, key: value}) == {f"smtp.{key}": code}


def test_wrong_addresses_are_reported_by_person() -> None:
    table = {**GOOD, "addresses": {"p001": "zhang@example.org", "p002": "li at example", "p003": 5}}
    assert problems(table) == {
        "smtp.addresses.p002": "smtp_expected_email",
        "smtp.addresses.p003": "smtp_expected_text",
    }


def test_credentials_come_in_pairs_and_tls_modes_exclude_each_other() -> None:
    assert problems({**GOOD, "username": "sqmy"}) == {"smtp": "smtp_credentials_pair"}
    assert problems({**GOOD, "starttls": True, "ssl": True}) == {"smtp": "smtp_tls_exclusive"}


def test_all_problems_at_once() -> None:
    found = problems({"host": "", "port": "x", "sender": "nobody", "timeout": -1})
    assert set(found) == {
        "smtp.host",
        "smtp.port",
        "smtp.sender",
        "smtp.timeout",
        "smtp.addresses",
    }


def test_messages_in_chinese_and_english() -> None:
    with pytest.raises(PluginError) as caught:
        SmtpNotifier.from_settings({**GOOD, "port": "25"})
    error = caught.value
    assert error.render("zh") == 'smtp.port: 应为 1 到 65535 之间的整数，实为 "25"'
    assert error.render("en") == 'smtp.port: must be an integer from 1 to 65535, found "25"'
    assert str(error) == error.render("zh")
    [problem] = error.problems
    assert problem.render("en").startswith("smtp.port: must be")


def test_password_value_never_shown_in_errors() -> None:
    with pytest.raises(PluginError) as caught:
        parse_settings({**GOOD, "username": "u", "password": "bad\npassword"})
    assert "password" in caught.value.render("en")
    assert "bad" not in caught.value.render("en")
    assert "bad" not in caught.value.render("zh")
