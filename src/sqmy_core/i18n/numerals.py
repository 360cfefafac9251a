"""Chinese numerals (十二, 一百零三, 二〇二四) as integers, for every layer that reads them.

Clause references (第十二条第三款) in reports and step sentences in the BDD
library both read Chinese numerals; one reader keeps them agreeing.
"""

from __future__ import annotations

from typing import Final

CN_DIGITS: Final = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_UNITS: Final = {"十": 10, "百": 100, "千": 1000}


def chinese_int(text: str) -> int:
    """``十二`` -> 12, ``一百零三`` -> 103, ``二〇二四`` -> 2024; ``ValueError`` otherwise."""
    if not text:
        raise ValueError(text)
    if len(text) > 1 and all(c in CN_DIGITS for c in text):
        return int("".join(str(CN_DIGITS[c]) for c in text))  # 二〇二四
    total = section = number = 0
    for c in text:
        if c in CN_DIGITS:
            number = CN_DIGITS[c]
        elif c == "万":
            total += (section + number) * 10000
            section = number = 0
        elif c in CN_UNITS:
            section += (number or 1) * CN_UNITS[c]
            number = 0
        else:
            raise ValueError(c)
    return total + section + number


def chinese_number(text: str) -> int | None:
    """Like :func:`chinese_int`, ASCII digits too, ``None`` when ``text`` is not a number."""
    if text.isdigit():
        return int(text)
    try:
        return chinese_int(text)
    except ValueError:
        return None
