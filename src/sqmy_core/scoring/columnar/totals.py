"""Each assessed entity's year: the parts, the reference's own contributions, the bounds.

Activities, adjustments and points per period are computed by the
reference's pure functions (:mod:`sqmy_core.scoring.contributions`) over a
small stand-in for the book, so the two paths cannot drift apart; penalties
follow the reference's counting per target and year.
"""

from __future__ import annotations

from collections.abc import Container, Iterator
from fractions import Fraction
from typing import TYPE_CHECKING, cast

from sqmy_core.errors import ConfigurationError, Problem
from sqmy_core.model import Person, Unit
from sqmy_core.rules.declared import declarations_of
from sqmy_core.rules.spec import Ruleset
from sqmy_core.scoring.clock import YearClock
from sqmy_core.scoring.columnar.entities import (
    ZERO,
    Total,
    finish,
)
from sqmy_core.scoring.columnar.frames import DatasetFrames
from sqmy_core.scoring.columnar.people import (
    finish_columns,
    has_any,
)
from sqmy_core.scoring.contributions import (
    Key,
    activity_contributions,
    adjustment_contributions,
    period_contributions,
)
from sqmy_core.scoring.totals import entity_base

if TYPE_CHECKING:
    import polars as pl

    from sqmy_core.scoring.book import Book

from sqmy_core.scoring.columnar.prepared import Prepared


class _Records:
    """What the reference's per-entity helpers read off a book (few records, no events)."""

    def __init__(self, frames: DatasetFrames) -> None:
        self.activities = frames.activities
        self.adjustments = frames.adjustments


class _Shim:
    """The book attributes the reused reference helpers touch (activities, adjustments, periods)."""

    def __init__(self, rs: Ruleset, clock: YearClock, people: dict[str, Person],
                 units: dict[str, Unit], frames: DatasetFrames) -> None:
        self.ruleset = rs
        self.clock = clock
        self.people = people
        self.units = units
        self.declarations = declarations_of(rs)
        self.dataset = _Records(frames)


class Totals(Prepared):
    """Each assessed person's and unit's year: contributions, penalties, bounds."""

    def penalties(self, year: int, wanted: Container[Key],
                  outcomes: dict[Key, tuple[tuple[str, ...], bool]]
                  ) -> Iterator[tuple[Key, Fraction, str]]:
        """(entity, points, section) of each penalty step costing points in ``year``."""
        for spec in self.rs.penalties:
            occ: list[tuple[int, int, str, int]] = []
            for at, seq, kind, persons, authors, _piece, unit, y in self.penalized:
                if spec.kinds is not None and kind not in spec.kinds:
                    continue
                targets = (persons or authors) if spec.entity == "person" else (
                    [unit] if unit else [])  # fmt: skip
                occ.extend((at, seq, t, y) for t in targets)
            occ.sort(key=lambda o: (o[0], o[1], o[2]))
            seen: dict[tuple[str, int | None], int] = {}
            for _at, _seq, target, y in occ:
                counter = (target, y if spec.count == "year" else None)
                n = seen.get(counter, 0)
                seen[counter] = n + 1
                key = (spec.entity, target)
                if y != year or key not in wanted:
                    continue
                step = spec.steps[min(n, len(spec.steps) - 1)]
                if step.flag or step.disqualify:
                    flags, dq = outcomes.get(key, ((), False))
                    if step.flag and step.flag not in flags:
                        flags = (*flags, step.flag)
                    outcomes[key] = (flags, dq or step.disqualify)
                if step.points:
                    yield key, step.points, spec.section or self.rs.default_section

    # --- totals --------------------------------------------------------------------------
    def year_totals(self, year: int) -> tuple[pl.DataFrame, dict[str, Total]]:
        """Every assessed person's year as a table (``_s`` columns scaled by ``t``) and every
        assessed unit's :class:`Total`."""
        import polars as pl

        cached = self._totals.get(year)
        if cached is not None:
            return cached
        rs, t = self.rs, self.t
        scope = self.scope(year)
        units = self.in_scope_units()
        wanted = _Wanted(set(scope["id"].to_list()), {u.id for u in units})
        extra: dict[Key, dict[tuple[str | None, str | None], Fraction]] = {}

        def add(key: Key, section: str | None, tally: str | None, value: Fraction) -> None:
            slot = extra.setdefault(key, {})
            slot[(section, tally)] = slot.get((section, tally), ZERO) + value

        shim = cast("Book", _Shim(rs, self.clock, self.people if (
            rs.activities or rs.period_points) else {}, self.units, self.frames))  # fmt: skip
        keyset = cast("set[Key]", wanted)  # only ``in`` is asked of it
        sources = [adjustment_contributions(shim, year, keyset),
                   period_contributions(shim, year, keyset, self.evaluate)]  # fmt: skip
        if rs.activities:
            sources.append(activity_contributions(shim, year, keyset))
        for source in sources:
            for key, c in source:
                add(key, c.section, c.tally, c.points)
        outcomes: dict[Key, tuple[tuple[str, ...], bool]] = {}
        for key, points, section in self.penalties(year, wanted, outcomes):
            add(key, section, None, points)
        # people: the parts as columns, then the bounds
        rows = [(ident, self._part(sk), _whole(v * t)) for (kind, ident), parts in extra.items()
                if kind == "person" for sk, v in parts.items()]  # fmt: skip
        extra_df = pl.DataFrame(rows, schema={"person": pl.Utf8, "part": pl.Utf8, "s": pl.Int64},
                                orient="row")  # fmt: skip
        parts = pl.concat([
            self.person_parts.filter(pl.col("year") == year).select("person", "part", "s"),
            extra_df,
        ]).group_by(["person", "part"]).agg(pl.col("s").sum())  # fmt: skip
        columns = list(self.parts.values())
        wide = parts.pivot(on="part", index="person", values="s")
        wide = wide.with_columns([pl.lit(0, pl.Int64).alias(c) for c in columns
                                  if c not in wide.columns])  # fmt: skip
        table = scope.join(wide.rename({"person": "id"}), on="id", how="left").with_columns(
            [pl.col(c).fill_null(0) for c in columns]
        )
        pen = [(i, list(f), dq) for (k, i), (f, dq) in outcomes.items() if k == "person"]
        pen_df = pl.DataFrame(pen, schema={"id": pl.Utf8, "pen_flags": pl.List(pl.Utf8),
                                           "disqualified": pl.Boolean}, orient="row")
        table = finish_columns(rs, table, t).join(pen_df, on="id", how="left").with_columns(
            pl.col("pen_flags").fill_null([]), pl.col("disqualified").fill_null(False)
        )
        unit_totals: dict[str, Total] = {}
        if rs.unit_points.source == "members":
            member_totals = self._member_totals(table, units)
            for u in units:
                for member_section, value in _member_values(rs, u, member_totals):
                    add(("unit", u.id), member_section, None, value)
        for u in units:
            parts_u = dict(self.unit_sums.get((u.id, year), {}))
            for k, v in extra.get(("unit", u.id), {}).items():
                parts_u[k] = parts_u.get(k, ZERO) + v
            flags, dq = outcomes.get(("unit", u.id), ((), False))
            unit_totals[u.id] = finish(rs, entity_base(rs, None, u), parts_u, flags, dq)
        self._totals[year] = (table, unit_totals)
        return table, unit_totals

    def _part(self, key: tuple[str | None, str | None]) -> str:
        """The column of a (section, tally); one the ruleset does not define is declined."""
        got = self.parts.get(key)
        if got is None:
            raise ConfigurationError([Problem("", "columnar_unsupported", {
                "reasons": f"a contribution to section {key[0]!r} / tally {key[1]!r}"})])
        return got

    def _member_totals(self, table: pl.DataFrame, units: list[Unit]
                       ) -> list[tuple[str, tuple[str, ...], tuple[str, ...], Total]]:
        import polars as pl

        ids = [u.id for u in units]
        members = table.filter(has_any("units", ids))
        out = []
        sections = [s.id for s in self.rs.sections] or [""]
        for row in members.iter_rows(named=True):
            secs = {s: Fraction(row[self.parts[(s, None)]], self.t) for s in sections}
            total = Total(Fraction(row["points_s"], self.t), Fraction(row["base_s"], self.t),
                          Fraction(row["bonus_s"], self.t), secs, {})  # fmt: skip
            out.append((row["id"], tuple(row["roles"]), tuple(row["units"]), total))
        _ = pl
        return out


def _whole(value: Fraction) -> int:
    """A scaled value, which must be a whole number (the scale covers every denominator)."""
    if value.denominator != 1:
        raise ConfigurationError.one("", "columnar_too_large", found=str(value.denominator))
    return int(value)


class _Wanted:
    """The assessed entities as a set of keys without building 600,000 tuples."""

    def __init__(self, people: set[str], units: set[str]) -> None:
        self.people = people
        self.units = units

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, tuple) or len(key) != 2:
            return False
        kind, ident = key
        return ident in (self.people if kind == "person" else self.units)

    def __iter__(self) -> Iterator[Key]:
        yield from (("person", p) for p in self.people)
        yield from (("unit", u) for u in self.units)


def _member_values(rs: Ruleset, unit: Unit,
                   members: list[tuple[str, tuple[str, ...], tuple[str, ...], Total]]
                   ) -> list[tuple[str | None, Fraction]]:
    spec = rs.unit_points
    mine = [t for _, roles, units, t in members if unit.id in units
            and (spec.roles is None or any(r in spec.roles for r in roles))]  # fmt: skip
    section: str | None = spec.of if spec.of in {s.id for s in rs.sections} else None
    if section is None and not rs.sections:
        section = ""
    if not mine:
        return [(section, spec.empty)] if spec.empty else []
    share = Fraction(1, len(mine)) if spec.aggregate == "average" else Fraction(1)
    out = []
    for t in mine:
        value = (t.points if spec.of == "points" else t.bonus if spec.of == "bonus"
                 else t.sections.get(spec.of, ZERO))  # fmt: skip
        out.append((section, value * share))
    return out
