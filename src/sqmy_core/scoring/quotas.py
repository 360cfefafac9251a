"""Quotas (任务指标): who they apply to and whether they are met in a year."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime
from fractions import Fraction

from attrs import frozen

from sqmy_core.model import Person, Unit
from sqmy_core.rules.spec import QuotaSpec
from sqmy_core.scoring.book import Book
from sqmy_core.scoring.clock import YearClock

PERIOD_MONTHS: Mapping[str, tuple[tuple[int, ...], ...]] = {
    "year": (tuple(range(1, 13)),),
    "half": (tuple(range(1, 7)), tuple(range(7, 13))),
    "quarter": ((1, 2, 3), (4, 5, 6), (7, 8, 9), (10, 11, 12)),
    "month": tuple((m,) for m in range(1, 13)),
}


@frozen
class QuotaResult:
    """One quota for one entity in one year: the count per period and the verdict."""

    quota: str
    label: str
    clause: str
    metric: str
    min: int
    counts: tuple[int, ...]
    met: bool
    minimums: tuple[int, ...] = ()
    """The minimum of each period after tenure (0 where a period is not assessed)."""
    assessed: tuple[bool, ...] = ()
    """Whether each period is assessed (``False`` for periods out of office)."""

    def missing(self) -> int:
        """How many more pieces would meet the quota (the largest gap of any period)."""
        mins = self.minimums or (self.min,) * len(self.counts)
        return max((m - c for m, c in zip(mins, self.counts, strict=True)), default=0)


def applies_to_person(q: QuotaSpec, person: Person, units: Mapping[str, Unit]) -> bool:
    if q.entity != "person" or q.roles is None or not person.has_any_role(q.roles):
        return False
    if q.member_of_unit_kinds is None:
        return True
    return any(u in units and units[u].kind in q.member_of_unit_kinds for u in person.units)


def applies_to_unit(q: QuotaSpec, unit: Unit) -> bool:
    return q.entity == "unit" and q.unit_kinds is not None and unit.kind in q.unit_kinds


def period_bounds(clock: YearClock, period: str, year: int) -> list[tuple[datetime, datetime]]:
    """The local start and end of each period of ``year``."""
    out = []
    for months in PERIOD_MONTHS[period]:
        start = datetime(year, months[0], 1, tzinfo=clock.tz)
        last = months[-1]
        end = (
            datetime(year + 1, 1, 1, tzinfo=clock.tz)
            if last == 12
            else datetime(year, last + 1, 1, tzinfo=clock.tz)
        )
        out.append((start, end))
    return out


def minimums(
    clock: YearClock, q: QuotaSpec, person: Person | None, year: int
) -> tuple[tuple[int, ...], tuple[bool, ...]]:
    """Each period's minimum and whether it is assessed, after the quota's tenure rule
    (``person``: the assessed person, None for a unit)."""
    if q.tenure == "ignore" or person is None:
        # no dates needed (46,686 units each asked this in a national assessment)
        n = len(PERIOD_MONTHS[q.period])
        return (q.min,) * n, (True,) * n
    bounds = period_bounds(clock, q.period, year)
    if q.tenure == "in_office":
        assessed = tuple(person.in_office(s, e) for s, e in bounds)
        return tuple(q.min if a else 0 for a in assessed), assessed
    # prorate: the minimum scaled by the share of the period in office, rounded up
    mins: list[int] = []
    for start, end in bounds:
        lo = max(start, person.since) if person.since else start
        hi = min(end, person.until) if person.until else end
        share = Fraction(max((hi - lo).total_seconds(), 0)) / Fraction(
            (end - start).total_seconds()
        )
        mins.append(math.ceil(q.min * share))
    return tuple(mins), tuple(m > 0 or q.min == 0 for m in mins)


def evaluate(book: Book, q: QuotaSpec, entity_id: str, year: int) -> QuotaResult:
    """Count the quota's metric for an entity in each period of ``year``."""
    if q.entity == "person":
        pieces = book.pieces_of_person(entity_id, q.joint)
    else:
        pieces = book.pieces_of_unit(entity_id)
    if q.period == "year":
        counts: tuple[int, ...] = (book.metrics.count(pieces, q.metric, year),)
    else:
        counts = tuple(
            book.metrics.count_in_months(pieces, q.metric, year, months)
            for months in PERIOD_MONTHS[q.period]
        )
    person = book.people.get(entity_id) if q.entity == "person" else None
    mins, assessed = minimums(book.clock, q, person, year)
    return QuotaResult(
        quota=q.id,
        label=q.label,
        clause=q.clause,
        metric=q.metric,
        min=q.min,
        counts=counts,
        met=all(c >= m for c, m in zip(counts, mins, strict=True)),
        minimums=mins,
        assessed=assessed,
    )


def person_quotas(book: Book, person: Person, year: int) -> tuple[QuotaResult, ...]:
    """Every quota that applies to a person (a member who is also an officer gets both)."""
    return tuple(
        evaluate(book, q, person.id, year)
        for q in book.ruleset.quotas
        if applies_to_person(q, person, book.units)
    )


def unit_quotas(book: Book, unit: Unit, year: int) -> tuple[QuotaResult, ...]:
    return tuple(
        evaluate(book, q, unit.id, year) for q in book.ruleset.quotas if applies_to_unit(q, unit)
    )
