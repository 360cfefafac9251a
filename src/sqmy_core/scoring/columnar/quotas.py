"""Metric counts per entity and quota verdicts, from the metric table.

Counts are distinct pieces per (entity, metric, period) in one polars pass per
year; each quota's verdict then follows :func:`sqmy_core.scoring.quotas.evaluate`
exactly (periods, tenure: ignore, in office, prorated minimums rounded up).
"""

from __future__ import annotations

import math
from datetime import datetime
from fractions import Fraction
from typing import TYPE_CHECKING

from sqmy_core.model import Person
from sqmy_core.rules.spec import QuotaSpec
from sqmy_core.scoring.clock import YearClock
from sqmy_core.scoring.quotas import PERIOD_MONTHS, QuotaResult

if TYPE_CHECKING:
    import polars as pl

Counts = dict[str, dict[str, int]]


def period_bounds(clock: YearClock, period: str, year: int) -> list[tuple[datetime, datetime]]:
    """The local start and end of each period of ``year`` (as the reference's)."""
    out = []
    for months in PERIOD_MONTHS[period]:
        start = datetime(year, months[0], 1, tzinfo=clock.tz)
        last = months[-1]
        end = (
            datetime(year + 1, 1, 1, tzinfo=clock.tz) if last == 12
            else datetime(year, last + 1, 1, tzinfo=clock.tz)
        )  # fmt: skip
        out.append((start, end))
    return out


def entity_counts(owners: pl.DataFrame, periods: pl.DataFrame, year: int) -> Counts:
    """Entity -> metric -> distinct pieces in ``year`` (``owners``: ``owner``, ``pseq``)."""
    import polars as pl

    got = (
        periods.filter(pl.col("year") == year).select("pseq", "metric").unique()
        .join(owners, on="pseq", how="inner")
        .group_by(["owner", "metric"]).agg(pl.col("pseq").n_unique().alias("n"))
    )  # fmt: skip
    out: Counts = {}
    for owner, metric, n in got.iter_rows():
        out.setdefault(owner, {})[metric] = n
    return out


def period_frame(owners: pl.DataFrame, periods: pl.DataFrame, metric: str, period: str,
                 year: int) -> pl.DataFrame:
    """``owner`` and ``counts``: distinct pieces with ``metric`` in each period of ``year``."""
    import polars as pl

    spans = PERIOD_MONTHS[period]
    index = {m: i for i, months in enumerate(spans) for m in months}
    got = (
        periods.filter((pl.col("year") == year) & (pl.col("metric") == metric))
        .with_columns(p=pl.col("month").replace_strict(index, return_dtype=pl.Int64))
        .select("pseq", "p").unique().join(owners, on="pseq", how="inner")
        .group_by(["owner", "p"]).agg(pl.col("pseq").n_unique().cast(pl.Int64).alias("n"))
    )  # fmt: skip
    return got.group_by("owner").agg(
        pl.concat_list([pl.col("n").filter(pl.col("p") == i).sum() for i in range(len(spans))])
        .first().alias("counts")
    )


def period_counts(owners: pl.DataFrame, periods: pl.DataFrame, metric: str, period: str,
                  year: int) -> dict[str, list[int]]:
    """Entity -> distinct pieces with ``metric`` in each period of ``year``."""
    import polars as pl

    spans = PERIOD_MONTHS[period]
    index = {m: i for i, months in enumerate(spans) for m in months}
    got = (
        periods.filter((pl.col("year") == year) & (pl.col("metric") == metric))
        .with_columns(p=pl.col("month").replace_strict(index, return_dtype=pl.Int64))
        .select("pseq", "p").unique().join(owners, on="pseq", how="inner")
        .group_by(["owner", "p"]).agg(pl.col("pseq").n_unique().alias("n"))
    )  # fmt: skip
    out: dict[str, list[int]] = {}
    for owner, p, n in got.iter_rows():
        out.setdefault(owner, [0] * len(spans))[p] = n
    return out


def minimums(clock: YearClock, q: QuotaSpec, person: Person | None, year: int,
             ) -> tuple[tuple[int, ...], tuple[bool, ...]]:
    """Each period's minimum and whether it is assessed (the reference's ``_minimums``)."""
    bounds = period_bounds(clock, q.period, year)
    if q.tenure == "ignore" or person is None:
        return (q.min,) * len(bounds), (True,) * len(bounds)
    if q.tenure == "in_office":
        assessed = tuple(person.in_office(s, e) for s, e in bounds)
        return tuple(q.min if a else 0 for a in assessed), assessed
    mins: list[int] = []
    for start, end in bounds:
        lo = max(start, person.since) if person.since else start
        hi = min(end, person.until) if person.until else end
        share = Fraction(max((hi - lo).total_seconds(), 0)) / Fraction(
            (end - start).total_seconds()
        )
        mins.append(math.ceil(q.min * share))
    return tuple(mins), tuple(m > 0 or q.min == 0 for m in mins)


def verdict(clock: YearClock, q: QuotaSpec, person: Person | None, counts: list[int] | None,
            year: int) -> QuotaResult:
    n = len(PERIOD_MONTHS[q.period])
    got = tuple(counts) if counts is not None else (0,) * n
    mins, assessed = minimums(clock, q, person, year)
    return QuotaResult(
        quota=q.id, label=q.label, clause=q.clause, metric=q.metric, min=q.min, counts=got,
        met=all(c >= m for c, m in zip(got, mins, strict=True)), minimums=mins,
        assessed=assessed,
    )  # fmt: skip
