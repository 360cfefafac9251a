"""Library wording said from the catalogue: OS errors, tomllib, json; impossible dates named as such."""

from __future__ import annotations

import errno
import os

import pytest

from sqmy_core.i18n import message
from sqmy_core.i18n.reasons import reason_text
from sqmy_core.interchange.times import lacks_offset, time_problem


@pytest.mark.parametrize(
    ("number", "zh"),
    [(errno.ENOENT, "文件或目录不存在"), (errno.EACCES, "没有访问权限"), (errno.EISDIR, "这是一个目录")],
)
def test_os_reasons_are_translated(number: int, zh: str) -> None:
    assert reason_text(os.strerror(number), "zh").startswith(zh)
    assert reason_text(f"[Errno {number}] {os.strerror(number)}: 'x.toml'", "zh") == (
        reason_text(os.strerror(number), "zh") + "：'x.toml'"
    )


def test_an_unknown_errno_is_named_by_number() -> None:
    assert reason_text("[Errno 9999] Something odd", "zh") == "系统错误（errno 9999）"


@pytest.mark.parametrize(
    ("reason", "zh"),
    [
        ("Invalid value (at line 2, column 16)", "第 2 行第 16 列：值无效"),
        ("Unclosed array (at end of document)", "文件末尾：数组没有闭合（缺少 ']'）"),
        ("Cannot declare ('a',) twice (at line 3, column 1)", "第 3 行第 1 列：同一个键或表定义了两次"),
        ("Something new (at line 1, column 1)", "第 1 行第 1 列：语法错误"),
        ("Expecting value", "此处应为一个值"),
    ],
)
def test_syntax_reasons_are_translated(reason: str, zh: str) -> None:
    assert reason_text(reason, "zh") == zh


def test_the_catalogue_translates_reasons_and_missing_values() -> None:
    assert message("read_failed", "zh", reason=os.strerror(errno.ENOENT)) == (
        "无法读取文件：文件或目录不存在"
    )
    assert message("wrong_type", "zh", expected="string", found="None") == "应为字符串，实际为 未填写"
    assert message("wrong_type", "en", expected="string", found=None) == (
        "expected a string, got missing"
    )


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("2024-02-30T09:00:00+08:00", "not_a_date"),
        ("2023-02-29T09:00:00", "not_a_date"),
        ("2024-04-31T09:00Z", "not_a_date"),
        ("2024-03-01T09:00:00", "time_without_offset"),
        ("2024-03-01", "bad_time"),
        ("yesterday", "bad_time"),
    ],
)
def test_time_problem_names_an_impossible_date(text: str, code: str) -> None:
    assert time_problem(text) == code


def test_an_impossible_date_does_not_only_lack_an_offset() -> None:
    assert lacks_offset("2024-03-01T09:00:00")
    assert not lacks_offset("2024-02-30T09:00:00")
