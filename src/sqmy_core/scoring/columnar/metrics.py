"""Which pieces meet which metric in which (year, month), as one table.

The same rules as :class:`sqmy_core.scoring.metrics.MetricIndex`: the
submission counts as ``submitted``; an event of a metric's type counts in its
attributed year and period month (``handled`` with outcome ``implemented``
also as ``implemented``); custom ``[[metrics]]`` by event type and condition.
Counts are then distinct pieces per entity, so joint pieces count once each.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqmy_core.model.vocab import METRICS
from sqmy_core.rules.spec import Ruleset
from sqmy_core.scoring.columnar.stream import Keys

if TYPE_CHECKING:
    import polars as pl

_METRIC_OF_TYPE = ("approved", "adopted", "instructed", "handled", "dispatched", "rejected",
                   "returned")  # fmt: skip


def metric_names(rs: Ruleset) -> tuple[str, ...]:
    return (*METRICS, *(m.id for m in rs.metrics))


def metric_periods(rs: Ruleset, stream: pl.DataFrame, keys: Keys) -> pl.DataFrame:
    """(``pseq``, ``metric``, ``year``, ``month``) rows, repeats possible (a piece approved
    twice in one month): every reader takes the distinct rows it counts itself
    (:func:`.quotas.year_metrics`, :func:`.quotas.period_frame`), so a ``unique`` over the
    whole stream here (most of this function's time, for ~5% fewer rows) is not made."""
    import polars as pl

    cols = ("pseq", "year", "month")
    # lazy: each filter then gathers the four columns it keeps, not the stream's every column
    lf = stream.lazy()
    parts = [
        lf.filter(pl.col("seq") < 0).select(*cols, metric=pl.lit("submitted")),
        lf.filter(pl.col("type").is_in(list(_METRIC_OF_TYPE)) & (pl.col("seq") >= 0))
        .select(*cols, metric=pl.col("type")),
        lf.filter((pl.col("type") == "handled") & (pl.col("outcome") == "implemented")
                  & (pl.col("seq") >= 0)).select(*cols, metric=pl.lit("implemented")),
    ]  # fmt: skip
    if rs.metrics:
        lf = keys.add_attributes(
            stream, [k for m in rs.metrics for k in keys.condition_keys(m.when)]
        ).lazy()
        for m in rs.metrics:
            cond = (pl.col("type") == m.event) & keys.condition(m.when)
            parts.append(lf.filter(cond).select(*cols, metric=pl.lit(m.id)))
    kinds = pl.Enum(list(metric_names(rs)))  # four bytes a row instead of a text
    return pl.concat(
        [p.with_columns(pl.col("metric").cast(kinds)) for p in parts], how="vertical"
    ).collect()
