"""Numbers, dates and times as office staff type them in a ``.feature`` file.

Accepted wherever a step takes a number:

- Arabic digits, also full-width (``３``, ``７．２``), with ``.``/``．`` decimals;
- Chinese numerals: ``十二``, ``二十``, ``一百零五``, ``两``, digit by digit
  (``二〇二四``), decimals with ``点`` (``七点二``);
- fractions ``8/3`` (exact points of an equal split), percentages ``60%`` /
  ``百分之六十``, and a trailing unit (``分``, ``篇``, ``名``) which is ignored.

Dates and times are Beijing time unless they carry an offset:
``2024年3月1日``, ``2024年3月1日 9:00``, ``2024年3月1日 下午3点半``,
``2024-03-01``, ``2024-03-01 09:00``, ``2024-12-31T16:30:00+00:00``,
``二〇二四年三月一日``; ``24:00`` / ``24时`` is 0:00 of the next day.

Every parser raises :class:`~sqmy_core.bdd.errors.SpecError` with a Chinese
message when it cannot read the text.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from fractions import Fraction
from typing import Final

from sqmy_core.bdd.errors import SpecError
from sqmy_core.i18n.numerals import CN_DIGITS, chinese_int

BEIJING: Final = timezone(timedelta(hours=8))

_FULL = "０１２３４５６７８９．％／－＋：，　"
_HALF = "0123456789.%/-+:, "
_TO_ASCII: Final = str.maketrans(_FULL + "−", _HALF + "-")


# ---- pieces of step patterns (regular expressions) -------------------------

_D = "0-9０-９"
_CN = "零〇○一二两三四五六七八九十百千万"
INT: Final = rf"[{_D}{_CN}]+"
"""An integer: ``12``, ``１２``, ``十二``."""
NUMBER: Final = rf"[-−－]?[{_D}{_CN}]+(?:[.．点][{_D}{_CN}]+|[/／][{_D}]+)?"
"""A number: integer, decimal (``7.2``, ``七点二``) or fraction (``8/3``)."""
PERCENT: Final = rf"(?:{NUMBER}\s*[%％]|百分之[{_CN}{_D}]+(?:点[{_CN}]+)?)"
"""A percentage: ``60%``, ``６０％``, ``百分之六十``."""
RATIO: Final = rf"(?:{PERCENT}|{NUMBER})"
YEAR: Final = rf"[{_D}零〇○一二三四五六七八九]{{4}}"
"""A year: ``2024``, ``２０２４``, ``二〇二四``."""
_DCN = rf"[{_D}零〇○一二两三四五六七八九十]"
_DATE_CN = rf"{_DCN}{{4}}\s*年\s*{_DCN}{{1,3}}\s*月\s*{_DCN}{{1,3}}\s*[日号]"
_DATE_ISO = rf"[{_D}]{{4}}[-－/／][{_D}]{{1,2}}[-－/／][{_D}]{{1,2}}"
_TIME_OF_DAY = (
    rf"(?:上午|下午|晚上|凌晨|中午|早上)?\s*{_DCN}{{1,3}}\s*"
    rf"(?:[:：]\s*[{_D}]{{2}}(?:[:：][{_D}]{{2}})?|[时点](?:\s*(?:半|{_DCN}{{1,3}}\s*分?))?)"
)
_OFFSET = r"(?:Z|[+-]\d{2}:?\d{2})"
WHEN: Final = (
    rf"(?:北京时间\s*)?(?:{_DATE_CN}|{_DATE_ISO})"
    rf"(?:(?:\s+|T|\s*){_TIME_OF_DAY}{_OFFSET}?)?"
)
"""A date with an optional time of day (Beijing time unless an offset is given)."""


def to_ascii(text: str) -> str:
    """Full-width digits and signs to ASCII (``７．２`` -> ``7.2``); trims spaces."""
    return text.translate(_TO_ASCII).strip()


_cn_int = chinese_int


def parse_int(text: str, what: str = "数字") -> int:
    """``12`` / ``１２`` / ``十二`` / ``两`` -> 12 (a trailing 篇/名/人/个/年 is ignored)."""
    raw = to_ascii(text)
    core = re.sub(r"\s*(篇|名|人|个|项|年|次|分)$", "", raw).strip()
    try:
        if core.isdigit():
            return int(core)
        return _cn_int(core)
    except (ValueError, KeyError):
        raise SpecError(
            f"看不懂{what}“{text}”：请写阿拉伯数字（如 12）或中文数字（如 十二）"
        ) from None


def parse_number(text: str, what: str = "数值") -> Fraction:
    """An exact number: ``7.2``, ``７．２``, ``七点二``, ``8/3``, ``-1.5``, ``20 分``, ``60%``."""
    raw = to_ascii(text)
    core = re.sub(r"\s*(分|篇|名)$", "", raw).strip()
    if core.endswith("%") or core.startswith("百分之"):
        return parse_percent(text)
    sign = -1 if core.startswith("-") else 1
    core = core.lstrip("-").strip()
    try:
        if re.fullmatch(r"\d+(\.\d+)?|\d+/\d+", core):
            return sign * Fraction(core)
        if "点" in core:
            whole, frac = core.split("点", 1)
            digits = "".join(str(CN_DIGITS[c]) if c in CN_DIGITS else c for c in frac)
            return sign * (_cn_int(whole) + Fraction(f"0.{int(digits):0{len(digits)}d}"))
        return sign * Fraction(_cn_int(core))
    except (ValueError, KeyError, ZeroDivisionError):
        raise SpecError(f"看不懂{what}“{text}”：请写如 7.2、７．２、七点二、8/3 这样的数") from None


def parse_percent(text: str) -> Fraction:
    """``60%`` / ``６０％`` / ``百分之六十`` -> 3/5; a plain number is taken as it is."""
    raw = to_ascii(text)
    if raw.startswith("百分之"):
        return parse_number(raw.removeprefix("百分之"), "百分比") / 100
    if raw.endswith("%"):
        return parse_number(raw.removesuffix("%"), "百分比") / 100
    return parse_number(raw, "比率")


def parse_ordinal(text: str) -> int:
    """``第二名`` / ``第 2 名`` / ``第２名`` / ``二`` -> 2."""
    core = to_ascii(text)
    core = re.sub(r"^(并列)?\s*第\s*|\s*名$", "", core).strip()
    return parse_int(core, "名次")


def parse_year(text: str) -> int:
    """``2024`` / ``２０２４`` / ``二〇二四`` / ``2024 年度`` -> 2024."""
    core = re.sub(r"\s*年度?$", "", to_ascii(text)).strip()
    year = parse_int(core, "年份")
    if not 1900 <= year <= 2999:
        raise SpecError(f"年份“{text}”不对：请写四位数的年份，如 2024")
    return year


_CN_DATE = re.compile(r"(?P<y>\S{4})\s*年\s*(?P<m>\S{1,3}?)\s*月\s*(?P<d>\S{1,3}?)\s*[日号]")
_ISO_DATE = re.compile(r"(?P<y>\d{4})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})")
_CLOCK = re.compile(r"(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?")
_CN_CLOCK = re.compile(
    r"(?P<h>[^时点]{1,3})\s*[时点](?:\s*(?P<half>半)|\s*(?P<mi>[^分]{1,3})\s*分?)?"
)
_OFFSET_RE = re.compile(r"(Z|[+-]\d{2}:?\d{2})$")


def _date_part(text: str) -> tuple[int, int, int, str]:
    m = _CN_DATE.match(text) or _ISO_DATE.match(text)
    if m is None:
        raise ValueError(text)
    y, mo, d = (parse_int(m.group(k), "日期") for k in ("y", "m", "d"))
    return y, mo, d, text[m.end() :].strip().removeprefix("T").strip()


def _time_part(text: str) -> tuple[int, int, int]:
    if not text:
        return 0, 0, 0
    afternoon = text.startswith(("下午", "晚上"))
    text = re.sub(r"^(上午|下午|晚上|凌晨|中午|早上)\s*", "", text)
    m = _CLOCK.fullmatch(text)
    if m:
        h, mi, s = int(m["h"]), int(m["mi"]), int(m["s"] or 0)
    else:
        c = _CN_CLOCK.fullmatch(text)
        if c is None:
            raise ValueError(text)
        h = parse_int(c["h"], "时刻")
        mi = 30 if c["half"] else (parse_int(c["mi"], "时刻") if c["mi"] else 0)
        s = 0
    if afternoon and h < 12:
        h += 12
    return h, mi, s


def parse_when(text: str) -> datetime:
    """A date and optional time of day, Beijing time unless the text carries an offset."""
    raw = to_ascii(text).removeprefix("北京时间").strip()
    tz: timezone = BEIJING
    off = _OFFSET_RE.search(raw)
    if off and ("T" in raw or re.search(r"\d:\d\d(:\d\d)?[+-Z]", raw)):
        sign = off.group(1)
        if sign == "Z":
            tz = UTC
        else:
            digits = sign[1:].replace(":", "")
            delta = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
            tz = timezone(-delta if sign[0] == "-" else delta)
        raw = raw[: off.start()].strip()
    try:
        y, mo, d, rest = _date_part(raw)
        h, mi, s = _time_part(rest)
        extra = timedelta(0)
        if h == 24 and mi == 0 and s == 0:
            h, extra = 0, timedelta(days=1)
        return datetime(y, mo, d, h, mi, s, tzinfo=tz) + extra
    except (ValueError, SpecError):
        raise SpecError(
            f"看不懂时间“{text}”：请写如 2024年3月1日、2024年3月1日 9:00、2024-03-01 09:00"
            "（北京时间）"
        ) from None


def parse_deadline(text: str) -> datetime:
    """A deadline: a date alone means the end of that day (24:00), else as :func:`parse_when`."""
    at = parse_when(text)
    raw = to_ascii(text).removeprefix("北京时间").strip()
    if _date_part(raw)[3]:
        return at
    return at + timedelta(days=1)


def is_finite_decimal(value: Fraction) -> bool:
    d = value.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1


def format_number(value: Fraction) -> str:
    """An exact number as people read it: ``7.2``, ``20``, ``8/3（约 2.67）``."""
    if value.denominator == 1:
        return str(value.numerator)
    if is_finite_decimal(value):
        digits = 0
        while (value * 10**digits).denominator != 1:
            digits += 1
        return f"{float(value):.{digits}f}"
    return f"{value.numerator}/{value.denominator}（约 {float(value):.2f}）"


def format_percent(value: Fraction) -> str:
    return format_number(value * 100) + "%"


def format_when(at: datetime) -> str:
    """``2024-03-01 09:00`` in Beijing time."""
    return at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")
