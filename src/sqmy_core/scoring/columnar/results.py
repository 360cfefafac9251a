"""The people's results (:mod:`.records`), and ranks and awards by the reference's functions.

Units, and people ranked by a rate, are ranked by
:func:`~sqmy_core.scoring.ranking.ranks_by_class` and awarded by
:func:`~sqmy_core.scoring.awards.grant` as in the reference.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from sqmy_core.rules.spec import AwardSpec, Ruleset
from sqmy_core.scoring.awards import Candidate, grant
from sqmy_core.scoring.columnar.entities import (
    ZERO,
    Total,
)
from sqmy_core.scoring.columnar.records import in_output_order, person_records
from sqmy_core.scoring.columnar.table import PeopleTable, RatesInOrder
from sqmy_core.scoring.quotas import QuotaResult
from sqmy_core.scoring.ranking import RankKey, rank_key, ranks_by_class
from sqmy_core.scoring.result import EntityResult


class Results(PeopleTable):
    """The people's table as :class:`EntityResult` records, ranked and awarded."""

    def person_results(self, year: int) -> list[EntityResult]:
        """The assessed people in the assessment's order (:func:`.records.in_output_order`)."""
        roles = self.rs.scope.roles
        try:
            table = self.people_table(year)
        except RatesInOrder:
            people = self._person_results_ranked_in_python(year)
            order = {r: i for i, r in enumerate(roles)}
            people.sort(key=lambda p: (order.get(p.group, 0) if p.group else 0, p.rank, p.id))
            return people
        return person_records(self.rs, in_output_order(table, roles), self.t, self.names,
                              self.parts)  # fmt: skip

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
        results = person_records(rs, table, self.t, self.names, self.parts)
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
        rs = self.rs
        spec = rs.rankings.people if entity == "person" else rs.rankings.units
        specs = tuple(a for a in rs.awards if a.entity == entity)
        grade_specs = tuple(g for g in rs.grades if g.entity == entity)
        if _reads_rates(rs, spec.order, specs + grade_specs):
            rates = {r.id: _rates(rs, r.counts) for r in results}
        else:  # nothing reads them: 46,686 units need not each make two fractions
            rates = {r.id: {} for r in results}
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
        keys = whole_keys(keys)
        ranks = ranks_by_class(keys, {r.id: r.group for r in results})
        candidates = [
            Candidate(id=r.id, points=r.points, rank=ranks[r.id], key=keys[r.id], group=r.group,
                      quotas_met=r.quotas_met, roles=extra[r.id][0], kind=extra[r.id][1],
                      counts=r.counts, rates=rates[r.id], flags=r.flags,
                      disqualified=totals[r.id].disqualified)
            for r in results
        ]  # fmt: skip
        awards = grant(specs, candidates)
        grades = grant(grade_specs, candidates)
        out = []
        for r in results:
            award, grade = awards.get(r.id), grades.get(r.id)
            if not rs.awards:
                award, grade = grade, None
            out.append(_ranked(r, ranks[r.id], award, grade))
        return out


def _ranked(r: EntityResult, rank: int, award: str | None, grade: str | None) -> EntityResult:
    """``evolve(r, rank=..., award=..., grade=...)``, by position: a fifth of evolve's time
    (the field order is pinned by a test)."""
    return EntityResult(r.id, r.name, r.entity, r.group, r.points, rank, r.adopted_pieces,
                        r.quotas_met, r.quotas, r.flags, award, r.counts, r.sections,
                        r.amounts, grade, r.steps)  # fmt: skip


def whole_keys(keys: dict[str, RankKey]) -> dict[str, RankKey]:
    """The rank keys as integers: each place scaled by the lcm of its denominators.

    Exact, and the same order and the same ties (one positive factor per place), but
    sorting them compares machine integers: ranking 46,686 units by keys of fractions
    spent most of its time in ``Fraction.__eq__`` and ``__lt__``.
    """
    if not keys:
        return keys
    width = len(next(iter(keys.values())))
    scales = [math.lcm(*{k[j].denominator for k in keys.values()}) for j in range(width)]
    return {
        ident: tuple(v.numerator * (s // v.denominator) for v, s in zip(k, scales, strict=True))
        for ident, k in keys.items()
    }  # fmt: skip


def _reads_rates(rs: Ruleset, order: Sequence[str], specs: Sequence[AwardSpec]) -> bool:
    """Whether a rate is in the ranking ``order`` or in a tier of the awards ``specs``."""
    ids = {r.id for r in rs.rates}
    return any(name in ids for name in order) or any(
        tier.min_rates for spec in specs for tier in spec.tiers
    )


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
