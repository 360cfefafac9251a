"""``[similar]`` checked when the ruleset loads: a threshold a score can reach, a sane window.

Types and closed lists (``fields``, ``states``, ``prefer``) are the
converter's; here is what a type cannot say: a threshold above 0 and at most
1 (a score is a share, 1 meaning the same text), a look-back of whole days
that fits a calendar, at least one field, and no item given twice.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from fractions import Fraction

from sqmy_core.errors import Problem
from sqmy_core.rules.check_common import num, p
from sqmy_core.rules.check_points import check_number
from sqmy_core.rules.spec import Ruleset

MAX_LOOKBACK_DAYS = 36500
"""A look-back beyond a hundred years is a typo, not a policy."""
MAX_LIMIT = 100
"""More matches than a reviewer reads on one screen."""


def check_similar(rs: Ruleset) -> Iterator[Problem]:
    s = rs.similar
    if s is None:
        return
    if not Fraction(0) < s.threshold <= 1:
        yield p("similar.threshold", "similar_threshold_range", found=num(s.threshold))
    else:
        yield from check_number("similar.threshold", s.threshold)
    if not 1 <= s.lookback_days <= MAX_LOOKBACK_DAYS:
        yield p(
            "similar.lookback_days",
            "int_out_of_range",
            low=1,
            high=MAX_LOOKBACK_DAYS,
            found=str(s.lookback_days),
        )
    if not 1 <= s.limit <= MAX_LIMIT:
        yield p("similar.limit", "int_out_of_range", low=1, high=MAX_LIMIT, found=str(s.limit))
    if not s.fields:
        yield p("similar.fields", "empty")
    yield from _once("similar.fields", s.fields)
    yield from _once("similar.states", s.states)


def _once(path: str, items: Sequence[str]) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        if item in seen:
            yield p(f"{path}[{i}]", "duplicate_item", found=repr(item), first=f"{path}[{seen[item]}]")
        else:
            seen[item] = i


__all__ = ["MAX_LIMIT", "MAX_LOOKBACK_DAYS", "check_similar"]
