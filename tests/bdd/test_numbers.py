"""Numbers, dates and times as office staff type them (full-width, Chinese numerals)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from fractions import Fraction

import pytest

from sqmy_core.bdd.errors import SpecError
from sqmy_core.bdd.numbers import (
    BEIJING,
    format_number,
    format_percent,
    parse_int,
    parse_number,
    parse_ordinal,
    parse_percent,
    parse_when,
    parse_year,
)

F = Fraction


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12),
        ("１２", 12),
        ("十二", 12),
        ("十", 10),
        ("二十", 20),
        ("二十五", 25),
        ("一百零五", 105),
        ("两", 2),
        ("两千零二十四", 2024),
        ("二〇二四", 2024),
        ("一万二千", 12000),
        ("5 篇", 5),
        ("五篇", 5),
    ],
)
def test_integers(text: str, value: int) -> None:
    assert parse_int(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("7.2", F("7.2")),
        ("７．２", F("7.2")),
        ("七点二", F("7.2")),
        ("十二点零五", F("12.05")),
        ("8/3", F(8, 3)),
        ("８／３", F(8, 3)),
        ("-1.5", F("-1.5")),
        ("20 分", F(20)),
        ("二十分", F(20)),
        ("60%", F(3, 5)),
        ("百分之六十", F(3, 5)),
    ],
)
def test_exact_numbers(text: str, value: Fraction) -> None:
    assert parse_number(text) == value


def test_percentages_and_ratios() -> None:
    assert parse_percent("75%") == F(3, 4)
    assert parse_percent("７５％") == F(3, 4)
    assert parse_percent("百分之七十五") == F(3, 4)
    assert parse_percent("3/4") == F(3, 4)
    assert parse_percent("百分之十二点五") == F(1, 8)


@pytest.mark.parametrize(
    ("text", "value"), [("第二名", 2), ("第 2 名", 2), ("第２名", 2), ("并列第十名", 10), ("3", 3)]
)
def test_ordinals(text: str, value: int) -> None:
    assert parse_ordinal(text) == value


def test_years() -> None:
    assert parse_year("2024") == parse_year("２０２４") == parse_year("二〇二四") == 2024
    assert parse_year("2024 年度") == 2024
    with pytest.raises(SpecError, match="四位数的年份"):
        parse_year("24")


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("2024年3月1日", datetime(2024, 3, 1, tzinfo=BEIJING)),
        ("２０２４年３月１日", datetime(2024, 3, 1, tzinfo=BEIJING)),
        ("二〇二四年三月一日", datetime(2024, 3, 1, tzinfo=BEIJING)),
        ("2024年12月31日", datetime(2024, 12, 31, tzinfo=BEIJING)),
        ("二〇二四年十二月三十一日", datetime(2024, 12, 31, tzinfo=BEIJING)),
        ("2024年3月1日 9:00", datetime(2024, 3, 1, 9, tzinfo=BEIJING)),
        ("2024年3月1日 09：30", datetime(2024, 3, 1, 9, 30, tzinfo=BEIJING)),
        ("2024年3月1日 9时30分", datetime(2024, 3, 1, 9, 30, tzinfo=BEIJING)),
        ("2024年3月1日 下午3点半", datetime(2024, 3, 1, 15, 30, tzinfo=BEIJING)),
        ("2024年3月1日 上午九点", datetime(2024, 3, 1, 9, tzinfo=BEIJING)),
        ("2024-03-01", datetime(2024, 3, 1, tzinfo=BEIJING)),
        ("2024-03-01 09:00", datetime(2024, 3, 1, 9, tzinfo=BEIJING)),
        ("2024/3/1 9:00", datetime(2024, 3, 1, 9, tzinfo=BEIJING)),
        ("北京时间 2024-03-01 09:00", datetime(2024, 3, 1, 9, tzinfo=BEIJING)),
        ("2024-12-31 24:00", datetime(2025, 1, 1, tzinfo=BEIJING)),
        ("2024年12月31日 24时", datetime(2025, 1, 1, tzinfo=BEIJING)),
        ("2024-12-31T16:30:00+00:00", datetime(2024, 12, 31, 16, 30, tzinfo=UTC)),
        ("2024-12-31T16:30:00Z", datetime(2024, 12, 31, 16, 30, tzinfo=UTC)),
        (
            "2024-12-31T08:00:00-05:00",
            datetime(2024, 12, 31, 8, tzinfo=timezone(-timedelta(hours=5))),
        ),
    ],
)
def test_times_are_beijing_time_unless_an_offset_is_given(text: str, moment: datetime) -> None:
    parsed = parse_when(text)
    assert parsed == moment
    assert parsed.utcoffset() == moment.utcoffset()


def test_unreadable_input_says_what_to_write() -> None:
    with pytest.raises(SpecError, match="请写如 2024年3月1日"):
        parse_when("三月初")
    with pytest.raises(SpecError, match="请写阿拉伯数字"):
        parse_int("几")
    with pytest.raises(SpecError, match=re.escape("7.2、７．２、七点二、8/3")):
        parse_number("七分半")


def test_formatting_for_messages() -> None:
    assert format_number(F(12)) == "12"
    assert format_number(F("7.2")) == "7.2"
    assert format_number(F("0.125")) == "0.125"
    assert format_number(F(8, 3)) == "8/3（约 2.67）"
    assert format_percent(F(3, 5)) == "60%"
