"""Each assessed person's year as one table row: points, counts, quotas, flags, rank, award.

A national platform assesses ~600,000 people, so the per-person stages are
columns too: the totals' bounds (:func:`sqmy_core.scoring.totals.finish`)
as clips on integers scaled by one denominator ``T``, counts as grouped
distinct counts, quota minimums by tenure, competition ranks (1, 2, 2, 4) as
``rank("min")`` on the order keys within each class, and award tiers as
masks in tier order (:func:`sqmy_core.scoring.awards.grant`).  Only the few
people whose term starts or ends inside a quota period get a prorated
minimum computed in Python, with the reference's own arithmetic.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqmy_core.model import Person
from sqmy_core.rules.spec import AwardSpec, QuotaSpec, Ruleset
from sqmy_core.scoring.clock import YearClock
from sqmy_core.scoring.columnar.frames import micros
from sqmy_core.scoring.columnar.points import bound, scaled
from sqmy_core.scoring.quotas import PERIOD_MONTHS, minimums, period_bounds

if TYPE_CHECKING:
    import polars as pl


def part_names(rs: Ruleset) -> dict[tuple[str | None, str | None], str]:
    """(section, tally) -> column: ``s<i>`` per section (``s0`` = '' without sections), ``t<i>``."""
    out: dict[tuple[str | None, str | None], str] = {}
    for i, s in enumerate([s.id for s in rs.sections] or [""]):
        out[(s, None)] = f"s{i}"
    for i, t in enumerate(rs.tallies):
        out[(None, t.id)] = f"t{i}"
    return out


def has_any(col: str, values: Sequence[str]) -> pl.Expr:
    import polars as pl

    return pl.col(col).list.eval(pl.element().is_in(list(values))).list.any().fill_null(False)


def in_office(start_us: int, end_us: int) -> pl.Expr:
    import polars as pl

    return (pl.col("since_us").is_null() | (pl.col("since_us") < end_us)) & (
        pl.col("until_us").is_null() | (pl.col("until_us") > start_us)
    )


def throughout(start_us: int, end_us: int) -> pl.Expr:
    import polars as pl

    return (pl.col("since_us").is_null() | (pl.col("since_us") <= start_us)) & (
        pl.col("until_us").is_null() | (pl.col("until_us") >= end_us)
    )


def finish_columns(rs: Ruleset, table: pl.DataFrame, t: int) -> pl.DataFrame:
    """Section bounds, the bonus bounds, the base and the total bounds (``_s`` columns)."""
    import polars as pl

    names = part_names(rs)
    section_cols = [c for (s, tl), c in names.items() if tl is None]
    bounds = {s.id: (s.cap, s.floor) for s in rs.sections}
    table = table.with_columns([
        bound(pl.col(c), *bounds.get(s or "", (None, None)), t).alias(c)
        for (s, tl), c in names.items() if tl is None
    ])  # fmt: skip
    base = pl.lit(scaled(rs.scoring.base_points, t), pl.Int64)
    for spec in rs.bases:
        if spec.entity != "person":
            continue
        add = pl.lit(scaled(spec.points, t), pl.Int64)
        if spec.roles is not None:
            add = pl.when(has_any("roles", spec.roles)).then(add).otherwise(0)
        base = base + add
    tt = rs.totals
    bonus = bound(pl.sum_horizontal(section_cols), tt.bonus_cap, tt.bonus_floor, t)
    table = table.with_columns(base_s=base, raw_bonus=bonus)
    total = bound(pl.col("base_s") + pl.col("raw_bonus"), tt.cap, tt.floor, t)
    return table.with_columns(points_s=total).with_columns(
        bonus_s=pl.col("points_s") - pl.col("base_s")
    ).drop("raw_bonus")


def quota_columns(clock: YearClock, q: QuotaSpec, table: pl.DataFrame,
                  counts: pl.DataFrame, units_kind: dict[str, str], year: int, name: str,
                  people: dict[str, Person]) -> pl.DataFrame:
    """``<name>_on`` (applies), ``<name>_c`` (counts per period), ``<name>_m`` (minimums),
    ``<name>_a`` (assessed) and ``<name>_met`` for one person quota."""
    import polars as pl

    if q.entity != "person" or q.roles is None:
        applies = pl.lit(False)
    else:
        applies = has_any("roles", q.roles)
        if q.member_of_unit_kinds is not None:
            kinds = [u for u, k in units_kind.items() if k in q.member_of_unit_kinds]
            applies = applies & has_any("units", kinds)
    n = len(PERIOD_MONTHS[q.period])
    table = table.join(counts, on="id", how="left").with_columns(
        pl.col(f"{name}_c").fill_null(pl.lit([0] * n, pl.List(pl.Int64)))
    )
    bounds = [(micros(s), micros(e)) for s, e in period_bounds(clock, q.period, year)]
    if q.tenure == "ignore":
        mins = pl.lit([q.min] * n, pl.List(pl.Int64))
        assessed = pl.lit([True] * n, pl.List(pl.Boolean))
        table = table.with_columns(mins.alias(f"{name}_m"), assessed.alias(f"{name}_a"))
    elif q.tenure == "in_office":
        flags = [in_office(s, e) for s, e in bounds]
        table = table.with_columns(
            pl.concat_list([pl.when(f).then(q.min).otherwise(0) for f in flags]).alias(f"{name}_m"),
            pl.concat_list(flags).alias(f"{name}_a"),
        )
    else:
        whole = throughout(bounds[0][0], bounds[-1][1])
        none = ~in_office(bounds[0][0], bounds[-1][1])
        odd = table.filter(~whole & ~none & applies)["id"].to_list()
        special = {i: minimums(clock, q, people[i], year) for i in odd}
        table = table.with_columns(
            pl.when(whole).then(pl.lit([q.min] * n, pl.List(pl.Int64)))
            .otherwise(pl.lit([0] * n, pl.List(pl.Int64))).alias(f"{name}_m"),
            pl.when(whole | (q.min == 0)).then(pl.lit([True] * n, pl.List(pl.Boolean)))
            .otherwise(pl.lit([False] * n, pl.List(pl.Boolean))).alias(f"{name}_a"),
        )  # fmt: skip
        if special:
            fix = pl.DataFrame(
                {"id": list(special), "_m": [list(v[0]) for v in special.values()],
                 "_a": [list(v[1]) for v in special.values()]},
                schema={"id": pl.Utf8, "_m": pl.List(pl.Int64), "_a": pl.List(pl.Boolean)},
            )  # fmt: skip
            table = table.join(fix, on="id", how="left").with_columns(
                pl.coalesce("_m", f"{name}_m").alias(f"{name}_m"),
                pl.coalesce("_a", f"{name}_a").alias(f"{name}_a"),
            ).drop("_m", "_a")
    c, m = pl.col(f"{name}_c"), pl.col(f"{name}_m")
    met = pl.all_horizontal([c.list.get(i) >= m.list.get(i) for i in range(n)])
    return table.with_columns(applies.alias(f"{name}_on"), met.alias(f"{name}_met"))


def rank_expr(keys: Sequence[pl.Expr], group: str) -> pl.Expr:
    """Competition ranks (1, 2, 2, 4), highest keys first, within each ``group``."""
    import polars as pl

    return pl.struct(keys).rank("min", descending=True).over(group).cast(pl.Int64)


def award_column(specs: Sequence[AwardSpec], table: pl.DataFrame, t: int, rates: dict[
        str, tuple[str, str]], keys: Sequence[pl.Expr], out: str) -> pl.DataFrame:
    """The first fitting tier's label of the first award that fits (``grant``), or null."""
    import polars as pl

    table = table.with_columns(pl.lit(None, pl.Utf8).alias(out))
    for spec in specs:
        ok = pl.lit(True)
        if spec.require_quotas_met:
            ok = ok & pl.col("quotas_met")
        if spec.exclude_disqualified:
            ok = ok & ~pl.col("disqualified")
        if spec.exclude_flags:
            ok = ok & ~has_any("flags", spec.exclude_flags)
        if spec.roles is not None:
            ok = ok & has_any("roles", spec.roles)
        if spec.unit_kinds is not None:
            ok = ok & pl.lit(False)  # people have no unit kind
        table = table.with_columns(_ok=ok)
        if spec.rank_among == "eligible":
            rank = pl.when(pl.col("_ok")).then(rank_expr(keys, "_grp_ok")).otherwise(None)
            pool = pl.col("_ok").cast(pl.Int64).sum().over("group")
            table = table.with_columns(
                _grp_ok=pl.struct(pl.col("group"), pl.col("_ok"))
            ).with_columns(_rank=rank, _pool=pool).drop("_grp_ok")
        else:
            table = table.with_columns(_rank=pl.col("rank"), _pool=pl.len().over("group"))
        label = pl.lit(None, pl.Utf8)
        for tier in reversed(spec.tiers):
            holds = pl.lit(True)
            if tier.require_quotas_met:
                holds = holds & pl.col("quotas_met")
            if tier.min_points is not None:
                holds = holds & (pl.col("points_s") * tier.min_points.denominator
                                 >= tier.min_points.numerator * t)  # fmt: skip
            for rate, least in (tier.min_rates or {}).items():
                num, den = rates[rate]
                holds = holds & (pl.col(den) > 0) & (
                    pl.col(num) * least.denominator >= pl.col(den) * least.numerator
                )
            for metric, least_count in (tier.min_counts or {}).items():
                holds = holds & (pl.col(f"n_{metric.removesuffix('_pieces')}") >= least_count)
            if tier.max_rank is not None:
                holds = holds & (pl.col("_rank") <= tier.max_rank)
            if tier.top_percent is not None:
                tp = tier.top_percent
                holds = holds & (pl.col("_rank") * 100 * tp.denominator
                                 <= pl.col("_pool") * tp.numerator)  # fmt: skip
            label = pl.when(holds).then(pl.lit(tier.label)).otherwise(label)
        table = table.with_columns(
            pl.when(pl.col(out).is_null() & pl.col("_ok")).then(label)
            .otherwise(pl.col(out)).alias(out)
        ).drop("_ok", "_rank", "_pool")  # fmt: skip
    return table
