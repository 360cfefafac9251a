"""``assess_frames``: the reference's assessment computed from :class:`DatasetFrames`.

The stages, one module each: :mod:`.prepared` (the per-event work, once),
:mod:`.totals` (each entity's year), :mod:`.table` (the people's table),
:mod:`.results` (records, ranks, awards); this module puts units, people,
overdue pieces and statistics together into the :class:`Assessment`.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from sqmy_core.rules.spec import Ruleset
from sqmy_core.scoring.assess import output_version
from sqmy_core.scoring.columnar.frames import DatasetFrames
from sqmy_core.scoring.quotas import applies_to_unit
from sqmy_core.scoring.result import Assessment, EntityResult, Stats

if TYPE_CHECKING:

    pass

from sqmy_core.scoring.columnar.results import Results, entity_result


class Columnar(Results):
    """One dataset's columns prepared for one ruleset; assesses any year (totals cached)."""

    def assess(self, year: int) -> Assessment:
        rs = self.rs
        _, unit_totals = self.year_totals(year)
        sectioned, tallied = bool(rs.sections), bool(rs.tallies)
        people = self.person_results(year)
        units: list[EntityResult] = []
        roles_of: dict[str, tuple[tuple[str, ...], str | None]] = {}
        for unit in self.in_scope_units():
            total = unit_totals[unit.id]
            counts = self.counts_of("unit", unit.id, year)
            quotas = tuple(self.evaluate(q, unit.id, year) for q in rs.quotas
                           if applies_to_unit(q, unit))  # fmt: skip
            group = unit.kind if rs.rankings.units.group_by == "unit_kind" else None
            roles_of[unit.id] = ((), unit.kind)
            units.append(entity_result(unit.id, unit.name, "unit", group, total, counts, quotas,
                                 total.flags, sectioned, tallied))  # fmt: skip
        units = self._rank_and_award(units, "unit", roles_of, unit_totals, year)
        unit_order = {k: i for i, k in enumerate(rs.scope.unit_kinds)}
        units.sort(key=lambda u: (unit_order.get(u.group, 0) if u.group else 0, u.rank, u.id))
        return Assessment(
            organization=rs.organization, title=rs.title, year=year, people=tuple(people),
            units=tuple(units), overdue=self.overdue(year), stats=self.stats(year),
            version=output_version(rs),
        )  # fmt: skip

    def overdue(self, year: int) -> tuple[str, ...]:
        import polars as pl

        late = self.late.filter(pl.col("year") == year).select("pseq").unique()
        got = late.join(self.frames.pieces.select(pl.col("seq").alias("pseq"), "id"), on="pseq")
        return tuple(sorted(got["id"].to_list()))

    def stats(self, year: int) -> Stats:
        counts = self.counts_of("*", "*", year)
        approved = counts["approved"]
        return Stats(
            counts=counts,
            adoption_rate=Fraction(counts["adopted"], approved) if approved else None,
            instruction_rate=Fraction(counts["instructed"], approved) if approved else None,
        )


def assess_frames(
    rs: Ruleset, frames: DatasetFrames, year: int, *, consume: bool = False
) -> Assessment:
    """Assess ``year`` of ``frames`` under ``rs`` (call :func:`.support.unsupported` first).

    ``consume``: the frames are the caller's to give away (:class:`.prepared.Prepared`).
    """
    return Columnar(rs, frames, consume=consume).assess(year)
