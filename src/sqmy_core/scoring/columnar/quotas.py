"""Metric counts per entity and quota verdicts, from the metric table.

Counts are distinct pieces per (entity, metric, period) in one polars pass per
year; each quota's verdict then follows :func:`sqmy_core.scoring.quotas.evaluate`
exactly (periods, tenure: ignore, in office, prorated minimums rounded up).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqmy_core.model import Person
from sqmy_core.rules.spec import QuotaSpec
from sqmy_core.scoring.clock import YearClock
from sqmy_core.scoring.quotas import PERIOD_MONTHS, QuotaResult, minimums

if TYPE_CHECKING:
    import polars as pl

Counts = dict[str, dict[str, int]]


def year_metrics(periods: pl.DataFrame, year: int) -> pl.DataFrame:
    """The distinct (``pseq``, ``metric``) of ``year``: every count of the year is read off
    this one table (made once per year, not once per kind of entity)."""
    import polars as pl

    return periods.filter(pl.col("year") == year).select("pseq", "metric").unique()


MASK_METRICS = 62
"""At most this many metrics fit one Int64 bit mask (:func:`metric_masks`)."""


def metric_masks(metrics: pl.DataFrame) -> pl.DataFrame:
    """``pseq`` and ``mask``: each piece's metrics of the year as bits (bit ``i``: the ``i``-th
    metric name; the year's rows are distinct, so the sum of their bits is their union).

    Counting from the masks joins a row per piece with the owners, not one per (piece,
    metric), and groups by the owner alone; made once a year for people and units.
    """
    import polars as pl

    bit = pl.lit(2, pl.Int64).pow(pl.col("metric").to_physical().cast(pl.Int64))
    return metrics.group_by("pseq").agg(mask=bit.sum())


def mask_counts(names: tuple[str, ...]) -> list[pl.Expr]:
    """``n_<metric>`` aggregations: how many of the rows have each metric's bit."""
    import polars as pl

    return [((pl.col("mask") // (1 << i)) % 2).sum().cast(pl.Int64).alias(f"n_{m}")
            for i, m in enumerate(names)]  # fmt: skip


def entity_counts_masked(owners: pl.DataFrame, masks: pl.DataFrame, names: tuple[str, ...]
                         ) -> Counts:
    """:func:`entity_counts` from the year's :func:`metric_masks` (``owners`` hold each
    (owner, piece) once)."""
    got = masks.join(owners, on="pseq", how="inner").group_by("owner").agg(
        mask_counts(names)
    )
    cols = [got[f"n_{m}"].to_list() for m in names]
    out: Counts = {}
    for owner, *ns in zip(got["owner"].to_list(), *cols, strict=True):
        out[owner] = {m: n for m, n in zip(names, ns, strict=True) if n}
    return out


def entity_counts(owners: pl.DataFrame, metrics: pl.DataFrame) -> Counts:
    """Entity -> metric -> distinct pieces (``owners``: ``owner``, ``pseq``; ``metrics``: the
    year's :func:`year_metrics`)."""
    import polars as pl

    got = (
        metrics.join(owners, on="pseq", how="inner")
        .group_by(["owner", "metric"]).agg(pl.col("pseq").n_unique().alias("n"))
    )  # fmt: skip
    out: Counts = {}
    for owner, metric, n in got.iter_rows():
        out.setdefault(owner, {})[metric] = n
    return out


def total_counts(metrics: pl.DataFrame) -> dict[str, int]:
    """Metric -> distinct pieces of the whole year (the stream holds known pieces only, so
    no join with the pieces is needed)."""
    import polars as pl

    got = metrics.group_by("metric").agg(pl.col("pseq").n_unique().alias("n"))
    return {str(m): int(n) for m, n in got.iter_rows()}


def year_frame(owners: pl.DataFrame, metrics: pl.DataFrame, metric: str) -> pl.DataFrame:
    """:func:`period_frame` for a quota of one period, the year, read off the year's
    :func:`year_metrics` (already distinct: no filter and unique of the metric table)."""
    import polars as pl

    return (
        metrics.filter(pl.col("metric") == metric).join(owners, on="pseq", how="inner")
        .group_by("owner").agg(pl.concat_list(pl.col("pseq").n_unique().cast(pl.Int64))
                               .alias("counts"))
    )  # fmt: skip


def period_frame(owners: pl.DataFrame, periods: pl.DataFrame, metric: str, period: str,
                 year: int, metrics: pl.DataFrame | None = None) -> pl.DataFrame:
    """``owner`` and ``counts``: distinct pieces with ``metric`` in each period of ``year``
    (``metrics``: the year's :func:`year_metrics`, read when the period is the year)."""
    import polars as pl

    spans = PERIOD_MONTHS[period]
    if len(spans) == 1 and metrics is not None:
        return year_frame(owners, metrics, metric)
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
                  year: int, metrics: pl.DataFrame | None = None) -> dict[str, list[int]]:
    """Entity -> distinct pieces with ``metric`` in each period of ``year`` (``metrics`` as
    for :func:`period_frame`)."""
    import polars as pl

    spans = PERIOD_MONTHS[period]
    if len(spans) == 1 and metrics is not None:
        return {o: list(c) for o, c in year_frame(owners, metrics, metric).iter_rows()}
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
