"""Sane bounds on every number, date and string of a structured ruleset.

The meaning checks (:mod:`.check` and its siblings) know what each key is
for; this module knows only how big a value may sensibly be, so it walks the
whole structured :class:`~sqmy_core.rules.spec.Ruleset` generically (attrs
fields, tuples, dicts, plugin ``params`` alike) and refuses what no written
rule can mean: a deadline of 3,000,000 days, a rank of 10**20, a date in year
1 or 9999, an id of 300 characters or with a NUL, a lone surrogate.  Such
values are typos, and left in they make the engine hang, overflow a date, or
break a store later; refusing them at load time names the key path, what was
expected and what was found.  A new field gets the default bounds without
anyone remembering to add a check.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from fractions import Fraction
from typing import Any, cast

import attrs

from sqmy_core.errors import Problem
from sqmy_core.rules.check_points import MAX_NUMBER, check_number

MIN_YEAR = 1900
MAX_YEAR = 2199
"""Dates a ruleset may name (the dataset contract's range of times)."""

MAX_ID = 128
"""Ids, references, vocabulary words and table keys."""
MAX_TEXT = 500
"""Labels, clauses, names and titles."""
MAX_TEMPLATE = 10_000
"""Notification and reminder subjects and bodies, and plugin parameters."""
MAX_ITEMS = 10_000
"""Items in one list or table (a 1 MiB file cannot sensibly say more)."""

TEXT_FIELDS = frozenset(
    {"label", "clause", "title", "name", "unit_clause", "unit", "default", "match", "extends"}
)
TEMPLATE_FIELDS = frozenset({"subject", "body", "params"})

INT_BOUNDS: Mapping[tuple[str, str], tuple[int, int]] = {
    ("DeadlineSpec", "routes"): (0, 3660),
    ("ReminderSpec", "days_before"): (0, 3660),
    ("ReminderSpec", "from_month"): (1, 12),
    ("CalendarSpec", "weekend"): (1, 7),
    ("QuotaSpec", "min"): (0, 100_000),
    ("FlagSpec", "consecutive_years"): (1, 50),
    ("FlagSpec", "level"): (1, 100),
    ("AwardTier", "max_rank"): (1, 1_000_000),
    ("AwardTier", "min_counts"): (0, 100_000),
    ("SplitSpec", "max_authors"): (1, 1000),
}
"""Whole numbers with a meaning of their own (days, months, ranks ...); others: ±MAX_NUMBER."""

DATE_TEXTS = frozenset({("CalendarSpec", "holidays"), ("CalendarSpec", "workdays")})
"""Strings that hold dates (checked for their year; their form is :mod:`.check`'s)."""


def _p(path: str, code: str, **params: object) -> Problem:
    return Problem(path, code, params)


def shown(value: object, limit: int = 40) -> str:
    """A found value as a message quotes it, cut short (a 4,000-digit number stays readable)."""
    text = value if isinstance(value, str) else str(value)
    return text if len(text) <= limit else f"{text[:limit]}…（{len(text)}）"


def check_bounds(value: object) -> list[Problem]:
    """Every value of a structured ruleset outside its sane bounds (empty when all fit)."""
    return list(_walk("", value, ("Ruleset", "")))


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _walk(path: str, value: object, where: tuple[str, str]) -> Iterator[Problem]:
    if attrs.has(type(value)):
        cls = type(value).__name__
        for f in attrs.fields(cast(Any, type(value))):
            if f.name in ("rule_kinds", "step_kinds"):
                continue  # attached by plugins, never written in TOML
            yield from _walk(_join(path, f.name), getattr(value, f.name), (cls, f.name))
    elif isinstance(value, Mapping):
        if len(value) > MAX_ITEMS:
            yield _p(path, "too_many_items", limit=MAX_ITEMS, found=len(value))
            return
        for key, item in value.items():
            sub = _join(path, str(key))
            yield from _string(sub, str(key), MAX_ID, ident=True)
            yield from _walk(sub, item, where)
    elif isinstance(value, tuple | list):
        if len(value) > MAX_ITEMS:
            yield _p(path, "too_many_items", limit=MAX_ITEMS, found=len(value))
            return
        for i, item in enumerate(value):
            yield from _walk(f"{path}[{i}]", item, where)
    elif isinstance(value, str):
        yield from _text(path, value, where)
    elif isinstance(value, bool):
        return
    elif isinstance(value, int):
        low, high = INT_BOUNDS.get(where, (-MAX_NUMBER, MAX_NUMBER))
        if not low <= value <= high:
            yield _p(path, "int_out_of_range", low=low, high=high, found=shown(value))
    elif isinstance(value, Fraction):
        yield from check_number(path, value)
    elif isinstance(value, date):
        yield from _year(path, value.year, value.isoformat())


def _text(path: str, value: str, where: tuple[str, str]) -> Iterator[Problem]:
    field = where[1]
    if field in TEMPLATE_FIELDS:
        yield from _string(path, value, MAX_TEMPLATE, ident=False)
    elif field in TEXT_FIELDS:
        yield from _string(path, value, MAX_TEXT, ident=False)
    else:
        yield from _string(path, value, MAX_ID, ident=True)
    if where in DATE_TEXTS:
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return  # the form is reported by the calendar check
        yield from _year(path, day.year, value)


def _year(path: str, year: int, text: str) -> Iterator[Problem]:
    if not MIN_YEAR <= year <= MAX_YEAR:
        yield _p(path, "year_out_of_range", low=MIN_YEAR, high=MAX_YEAR, found=text)


def _string(path: str, value: str, limit: int, *, ident: bool) -> Iterator[Problem]:
    if len(value) > limit:
        yield _p(path, "too_long", length=len(value), limit=limit)
        return
    if any(0xD800 <= ord(c) <= 0xDFFF for c in value):
        yield _p(path, "lone_surrogate")
        return
    if ident:
        bad = next((c for c in value if ord(c) < 0x20 or ord(c) == 0x7F), None)
        if bad is not None:
            yield _p(path, "control_char", char=f"U+{ord(bad):04X}")
