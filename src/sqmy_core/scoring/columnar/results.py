"""The people's table as result records, and ranks and awards by the reference's functions.

At national size there are ~600,000 results; equal fractions and quota
results are shared (they are immutable) so that making them stays a few
seconds.  Units, and people ranked by a rate, are ranked by
:func:`~sqmy_core.scoring.ranking.ranks_by_class` and awarded by
:func:`~sqmy_core.scoring.awards.grant` as in the reference.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

from sqmy_core.rules.spec import QuotaSpec, Ruleset
from sqmy_core.scoring.awards import Candidate, grant
from sqmy_core.scoring.columnar.entities import (
    ZERO,
    Total,
)
from sqmy_core.scoring.quotas import QuotaResult
from sqmy_core.scoring.ranking import rank_key, ranks_by_class
from sqmy_core.scoring.result import EntityResult

if TYPE_CHECKING:
    import polars as pl


from sqmy_core.scoring.columnar.table import PeopleTable, RatesInOrder


class Results(PeopleTable):
    """The people's table as :class:`EntityResult` records, ranked and awarded."""

    def person_results(self, year: int) -> list[EntityResult]:
        try:
            table = self.people_table(year)
        except RatesInOrder:
            return self._person_results_ranked_in_python(year)
        return self._results(table, year)

    def _results(self, table: pl.DataFrame, year: int) -> list[EntityResult]:
        """One :class:`EntityResult` per row; equal fractions and quota results are shared
        (they are immutable), which keeps 600,000 rows to a few seconds."""
        rs, t = self.rs, self.t
        sections = [(s.id, self.parts[(s.id, None)]) for s in rs.sections]
        tallies = [(x.id, self.parts[(None, x.id)]) for x in rs.tallies]
        person_quotas = [(i, q) for i, q in enumerate(rs.quotas) if q.entity == "person"]
        names = self.names
        col = {c: table[c].to_list() for c in (
            "id", "name", "group", "points_s", "rank", "quotas_met", "award", "grade")}
        counts_rows = zip(*(table[f"n_{m}"].to_list() for m in names), strict=True)
        sec_rows = zip(*(table[c].to_list() for _, c in sections), strict=True) if sections \
            else iter(lambda: (), None)  # fmt: skip
        tal_rows = zip(*(table[c].to_list() for _, c in tallies), strict=True) if tallies \
            else iter(lambda: (), None)  # fmt: skip
        quota_codes, quota_sets = self._quota_sets(table, person_quotas)
        flag_codes, flag_sets = self._flag_sets(table)
        fractions: dict[int, Fraction] = {}

        def frac(value: int) -> Fraction:
            got = fractions.get(value)
            if got is None:
                got = fractions[value] = Fraction(value, t)
            return got

        out = []
        for ident, name, group, points, rank, qmet, qcode, fcode, award, grade in zip(
            col["id"], col["name"], col["group"], col["points_s"], col["rank"],
            col["quotas_met"], quota_codes, flag_codes, col["award"], col["grade"], strict=True,
        ):  # fmt: skip
            counts = dict(zip(names, next(counts_rows), strict=True))
            secs = {sid: frac(v) for (sid, _), v in zip(sections, next(sec_rows), strict=True)}
            tal = {tid: frac(v) for (tid, _), v in zip(tallies, next(tal_rows), strict=True)}
            out.append(EntityResult(
                id=ident, name=name, entity="person", group=group, points=frac(points),
                rank=rank, adopted_pieces=counts["adopted"], quotas_met=qmet,
                quotas=quota_sets[qcode], flags=flag_sets[fcode], award=award,
                counts=counts, sections=secs if rs.sections else None,
                amounts=tal if rs.tallies else None, grade=grade,
            ))  # fmt: skip
        return out

    def _quota_sets(self, table: pl.DataFrame, person_quotas: list[tuple[int, QuotaSpec]]
                    ) -> tuple[list[int], list[tuple[QuotaResult, ...]]]:
        """Each row's tuple of quota results as an index into the distinct tuples."""
        import polars as pl

        if not person_quotas:
            return [0] * table.height, [()]
        parts = [(table[f"q{i}_on"].to_list(), *self._quota_codes(table, i, q))
                 for i, q in person_quotas]  # fmt: skip
        keys = zip(*(
            [code if o else -1 for o, code in zip(on, codes, strict=True)]
            for on, codes, _ in parts
        ), strict=True)  # fmt: skip
        index: dict[tuple[int, ...], int] = {}
        sets: list[tuple[QuotaResult, ...]] = []
        out = []
        for key in keys:
            got = index.get(key)
            if got is None:
                got = index[key] = len(sets)
                sets.append(tuple(known[c] for c, (_, _, known) in zip(key, parts, strict=True)
                                  if c >= 0))  # fmt: skip
            out.append(got)
        _ = pl
        return out, sets

    @staticmethod
    def _flag_sets(table: pl.DataFrame) -> tuple[list[int], list[tuple[str, ...]]]:
        """Each row's flags as an index into the distinct flag tuples (mostly none)."""
        index: dict[tuple[str, ...], int] = {}
        sets: list[tuple[str, ...]] = []
        out = []
        for flags in table["flags"].to_list():
            key = tuple(flags)
            got = index.get(key)
            if got is None:
                got = index[key] = len(sets)
                sets.append(key)
            out.append(got)
        return out, sets

    @staticmethod
    def _quota_codes(table: pl.DataFrame, i: int, q: QuotaSpec
                     ) -> tuple[list[int], list[QuotaResult]]:
        """Each row's quota result as an index into the distinct results (few: counts and
        minimums repeat), so 600,000 rows do not each build one."""
        import polars as pl

        c, m, a, met = (pl.col(f"q{i}_{x}") for x in ("c", "m", "a", "met"))
        text = pl.concat_str([
            c.list.eval(pl.element().cast(pl.Utf8)).list.join(","),
            m.list.eval(pl.element().cast(pl.Utf8)).list.join(","),
            a.list.eval(pl.element().cast(pl.Utf8)).list.join(","),
            met.cast(pl.Utf8),
        ], separator="|")  # fmt: skip
        coded = table.select(c, m, a, met, code=text.rank("dense").cast(pl.Int64) - 1)
        distinct = coded.unique(subset="code").sort("code")
        known = [
            QuotaResult(quota=q.id, label=q.label, clause=q.clause, metric=q.metric, min=q.min,
                        counts=tuple(cc), met=mt, minimums=tuple(mm), assessed=tuple(aa))
            for cc, mm, aa, mt, _ in distinct.iter_rows()
        ]  # fmt: skip
        return coded["code"].to_list(), known

    def _person_results_ranked_in_python(self, year: int) -> list[EntityResult]:
        """Ranks and awards by the reference's own functions (a rate in the ranking order)."""
        import polars as pl

        rs = self.rs
        table, _ = self.year_totals(year)
        counts = self._person_counts(year)
        table = table.join(counts, on="id", how="left").with_columns(
            [pl.col(f"n_{m}").fill_null(0) for m in self.names]
        )
        met = pl.lit(True)
        for i, q in enumerate(rs.quotas):
            if q.entity == "person":
                table = self.with_quota(table, i, q, year, f"q{i}")
                met = met & (~pl.col(f"q{i}_on") | pl.col(f"q{i}_met"))
        table = self._flags(table.with_columns(quotas_met=met), year)
        group = pl.lit(None, pl.Utf8)
        if rs.rankings.people.group_by == "role":
            for role in reversed(rs.scope.roles):
                group = pl.when(pl.col("roles").list.contains(role)).then(pl.lit(role)).otherwise(
                    group
                )
        table = table.with_columns(group=group, rank=pl.lit(0, pl.Int64),
                                   award=pl.lit(None, pl.Utf8), grade=pl.lit(None, pl.Utf8))
        results = self._results(table, year)
        plain = "s0" if not rs.sections else "bonus_s"
        info = {r[0]: r[1:] for r in table.select(
            "id", "roles", "disqualified", "bonus_s", plain).iter_rows()}  # fmt: skip
        totals = {}
        for r in results:
            _roles, dq, bonus, loose = info[r.id]
            sections = dict(r.sections) if r.sections else {"": Fraction(loose, self.t)}
            totals[r.id] = Total(r.points, ZERO, Fraction(bonus, self.t), sections, {}, (), dq)
        extra: dict[str, tuple[tuple[str, ...], str | None]] = {
            r.id: (tuple(info[r.id][0]), None) for r in results
        }
        return self._rank_and_award(results, "person", extra, totals, year)

    def _rank_and_award(self, results: list[EntityResult], entity: str,
                        extra: dict[str, tuple[tuple[str, ...], str | None]],
                        totals: dict[str, Total], year: int) -> list[EntityResult]:
        from attrs import evolve

        rs = self.rs
        spec = rs.rankings.people if entity == "person" else rs.rankings.units
        rates = {r.id: _rates(rs, r.counts) for r in results}
        stated: dict[str, dict[str, Fraction]] = {r.id: {} for r in results}
        if "id" in spec.order:
            for position, ident in enumerate(sorted(stated)):
                stated[ident]["id"] = Fraction(-position)
        if "earliest_submission" in spec.order:
            if entity == "person":
                first = dict(self._earliest(year).iter_rows())
            else:
                first = self.earliest_units(year)
            for r in results:
                t = first.get(r.id)
                stated[r.id]["earliest_submission"] = Fraction(-t if t is not None else -(10**12))
        keys = {}
        for r in results:
            t = totals[r.id]
            ex: dict[str, Fraction] = {"bonus": t.bonus}
            ex.update({k: v if v is not None else Fraction(0) for k, v in rates[r.id].items()})
            ex.update({f"section:{k}": v for k, v in t.sections.items()})
            keys[r.id] = rank_key(spec.order, r.points, r.counts, ex | stated[r.id])
        ranks = ranks_by_class(keys, {r.id: r.group for r in results})
        candidates = [
            Candidate(id=r.id, points=r.points, rank=ranks[r.id], key=keys[r.id], group=r.group,
                      quotas_met=r.quotas_met, roles=extra[r.id][0], kind=extra[r.id][1],
                      counts=r.counts, rates=rates[r.id], flags=r.flags,
                      disqualified=totals[r.id].disqualified)
            for r in results
        ]  # fmt: skip
        awards = grant(tuple(a for a in rs.awards if a.entity == entity), candidates)
        grades = grant(tuple(g for g in rs.grades if g.entity == entity), candidates)
        out = []
        for r in results:
            award, grade = awards.get(r.id), grades.get(r.id)
            if not rs.awards:
                award, grade = grade, None
            out.append(evolve(r, rank=ranks[r.id], award=award, grade=grade))
        return out


def _rates(rs: Ruleset, counts: Any) -> dict[str, Fraction | None]:
    return {
        r.id: Fraction(counts[r.numerator], counts[r.denominator]) if counts[r.denominator]
        else None
        for r in rs.rates
    }  # fmt: skip


def entity_result(ident: str, name: str, entity: str, group: str | None, total: Total,
            counts: dict[str, int], quotas: tuple[QuotaResult, ...], flags: tuple[str, ...],
            sectioned: bool, tallied: bool) -> EntityResult:
    return EntityResult(
        id=ident, name=name, entity="person" if entity == "person" else "unit", group=group,
        points=total.points, rank=0, adopted_pieces=counts["adopted"],
        quotas_met=all(q.met for q in quotas), quotas=quotas, flags=flags, award=None,
        counts=counts, sections=dict(total.sections) if sectioned else None,
        amounts=dict(total.tallies) if tallied else None,
    )  # fmt: skip
