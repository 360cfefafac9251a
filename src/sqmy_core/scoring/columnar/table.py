"""The people's year as one polars table: counts, quotas, flags, ranks, awards.

What the reference does per person (:mod:`sqmy_core.scoring.quotas`,
:mod:`sqmy_core.scoring.ranking`, :mod:`sqmy_core.scoring.awards`) is done
here as columns; a rate in the ranking order is left to the reference's
functions (:class:`RatesInOrder`, caught by :mod:`.results`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqmy_core.scoring.columnar.frames import micros
from sqmy_core.scoring.columnar.people import (
    award_column,
    has_any,
    rank_expr,
)
from sqmy_core.scoring.columnar.quotas import MASK_METRICS, mask_counts
from sqmy_core.scoring.columnar.stream import local_year, offset_us

if TYPE_CHECKING:
    import polars as pl


from sqmy_core.scoring.columnar.totals import Totals


class RatesInOrder(Exception):
    """Private control flow: a rate in the people's ranking order; caught in
    :meth:`Columnar.person_results`, which then ranks with the reference's functions."""


class PeopleTable(Totals):
    """The people's year as one table: counts, quotas, flags, ranks, awards."""

    def people_table(self, year: int) -> pl.DataFrame:
        import polars as pl

        cached = self._tables.get(year)
        if cached is not None:
            return cached
        rs = self.rs
        table, _ = self.year_totals(year)
        counts = self._person_counts(year)
        table = table.join(counts, on="id", how="left").with_columns(
            [pl.col(f"n_{m}").fill_null(0) for m in self.names]
        )
        person_quotas = [(i, q) for i, q in enumerate(rs.quotas) if q.entity == "person"]
        met = pl.lit(True)
        for i, q in person_quotas:
            table = self.with_quota(table, i, q, year, f"q{i}")
            met = met & (~pl.col(f"q{i}_on") | pl.col(f"q{i}_met"))
        table = table.with_columns(quotas_met=met)
        table = self._flags(table, year)
        if rs.rankings.people.group_by == "role":
            group = pl.lit(None, pl.Utf8)
            for r in reversed(rs.scope.roles):
                group = pl.when(pl.col("roles").list.contains(r)).then(pl.lit(r)).otherwise(group)
            table = table.with_columns(group=group)
        else:
            table = table.with_columns(group=pl.lit(None, pl.Utf8))
        table, keys = self._rank_keys(table, year)
        table = table.with_columns(rank=rank_expr(keys, "group"))
        rates = {r.id: (f"n_{r.numerator}", f"n_{r.denominator}") for r in rs.rates}
        awards = tuple(a for a in rs.awards if a.entity == "person")
        grades = tuple(g for g in rs.grades if g.entity == "person")
        table = award_column(awards, table, self.t, rates, keys, "award")
        table = award_column(grades, table, self.t, rates, keys, "grade")
        if not rs.awards:
            table = table.with_columns(award=pl.col("grade"), grade=pl.lit(None, pl.Utf8))
        self._tables[year] = table
        return table

    def _person_counts(self, year: int) -> pl.DataFrame:
        """``id`` and ``n_<metric>``: each author's distinct pieces with each metric in ``year``,
        from the year's bit masks (:meth:`year_masks`; ``owners_each`` holds each (owner,
        piece) once): a row per (piece, owner) joined and grouped, and no pivot."""
        import polars as pl

        names = self.names
        if len(names) <= MASK_METRICS:
            return (
                self.year_masks(year).join(self.owners_each, on="pseq", how="inner")
                .group_by("owner").agg(mask_counts(names)).rename({"owner": "id"})
            )  # fmt: skip
        got = (
            self.year_metrics(year).join(self.owners_each, on="pseq", how="inner")
            .group_by(["owner", "metric"]).agg(pl.col("pseq").n_unique().alias("n"))
        )  # fmt: skip
        wide = got.pivot(on="metric", index="owner", values="n")
        wide = wide.rename({c: f"n_{c}" for c in wide.columns if c != "owner"})
        wide = wide.rename({"owner": "id"})
        missing = [m for m in self.names if f"n_{m}" not in wide.columns]
        return wide.with_columns([pl.lit(0, pl.UInt32).alias(f"n_{m}") for m in missing]).select(
            "id", *[pl.col(f"n_{m}").cast(pl.Int64) for m in self.names]
        )

    def _flags(self, table: pl.DataFrame, year: int) -> pl.DataFrame:
        import polars as pl

        rs = self.rs
        ids: list[pl.Expr] = []
        for k, flag in enumerate(rs.flags):
            ok = pl.lit(True)
            if flag.roles is not None:
                ok = ok & has_any("roles", flag.roles)
            first_year = year - flag.consecutive_years + 1
            if flag.full_tenure:
                start = micros(self.clock.start(first_year))
                ok = ok & (pl.col("since_us").is_null() | (pl.col("since_us") <= start))
            if flag.quota is not None:
                i, quota = next((i, q) for i, q in enumerate(rs.quotas) if q.id == flag.quota)
                if quota.entity != "person":
                    ok = pl.lit(False)
                else:
                    for y in range(first_year, year + 1):
                        name = f"f{k}y{y - first_year}"
                        table = self.with_quota(table, i, quota, y, name)
                        ok = ok & pl.col(f"{name}_on") & ~pl.col(f"{name}_met")
            if flag.below_points is not None:
                below = flag.below_points
                for y in range(first_year, year + 1):
                    other, _ = self.year_totals(y)
                    col = ("points_s" if flag.of == "points" else "bonus_s" if flag.of == "bonus"
                           else self.parts.get((flag.of, None)))  # fmt: skip
                    name = f"f{k}v{y - first_year}"
                    if col is None:
                        values = other.select("id", pl.lit(0, pl.Int64).alias(name))
                    else:
                        values = other.select("id", pl.col(col).alias(name))
                    table = table.join(values, on="id", how="left")
                    ok = ok & pl.col(name).is_not_null() & (
                        pl.col(name) * below.denominator < below.numerator * self.t
                    )
            ids.append(pl.when(ok).then(pl.lit(flag.id)).otherwise(pl.lit(None, pl.Utf8)))
        flags = pl.concat_list([*ids, pl.col("pen_flags")]) if ids else pl.col("pen_flags")
        return table.with_columns(
            flags=flags.list.drop_nulls().list.unique(maintain_order=True)
        )

    def _rank_keys(self, table: pl.DataFrame, year: int) -> tuple[pl.DataFrame, list[pl.Expr]]:
        import polars as pl

        rs = self.rs
        rates = {r.id: r for r in rs.rates}
        keys: list[pl.Expr] = []
        for name in rs.rankings.people.order:
            if name == "points":
                keys.append(pl.col("points_s"))
            elif name == "bonus":
                keys.append(pl.col("bonus_s"))
            elif name in rates:
                raise RatesInOrder
            elif name.startswith("section:") and (name[8:], None) in self.parts:
                keys.append(pl.col(self.parts[(name[8:], None)]))
            elif name == "id":
                keys.append(-pl.col("id").rank("ordinal").cast(pl.Int64))
            elif name == "earliest_submission":
                first = self._earliest(year)
                table = table.join(first, on="id", how="left")
                keys.append(-pl.col("_first").fill_null(10**12))
            else:
                keys.append(pl.col(f"n_{name.removesuffix('_pieces')}"))
        return table, keys

    def _earliest(self, year: int) -> pl.DataFrame:
        import polars as pl

        off = offset_us(self.clock)
        pieces = self.frames.pieces.filter(local_year(pl.col("submitted_us"), off) == year)
        got = pieces.select(pl.col("seq").alias("pseq"), "submitted_us").join(
            self.owners_each, on="pseq", how="inner"
        ).group_by("owner").agg(pl.col("submitted_us").min())
        return got.select(
            pl.col("owner").alias("id"),
            (pl.col("submitted_us") / 1_000_000).cast(pl.Int64).alias("_first"),
        )

    def earliest_units(self, year: int) -> dict[str, int]:
        import polars as pl

        off = offset_us(self.clock)
        pieces = self.frames.pieces.filter(local_year(pl.col("submitted_us"), off) == year)
        got = pieces.select(pl.col("seq").alias("pseq"), "submitted_us").join(
            self.owners_unit, on="pseq", how="inner"
        ).group_by("owner").agg(pl.col("submitted_us").min())
        return {o: int(us / 10**6) for o, us in got.iter_rows()}
