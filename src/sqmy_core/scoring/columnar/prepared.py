"""The columnar path's first stage: one dataset's columns prepared for one ruleset.

The per-event work -- the ledger (:mod:`.points`), metrics (:mod:`.metrics`),
late dispatches (:mod:`.late`) -- is done once here, over the whole stream;
the later stages (:mod:`.totals`, :mod:`.table`, :mod:`.results`) are per
entity and per year.  Counts and quota verdicts are kept per year.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from sqmy_core.errors import ConfigurationError
from sqmy_core.model import Person, Unit
from sqmy_core.rules.declared import declarations_of
from sqmy_core.rules.spec import QuotaSpec, Ruleset
from sqmy_core.scoring.clock import YearClock
from sqmy_core.scoring.columnar.entities import (
    Total,
    person_scale,
    piece_sums,
)
from sqmy_core.scoring.columnar.frames import EPOCH, DatasetFrames, micros
from sqmy_core.scoring.columnar.late import late_rows
from sqmy_core.scoring.columnar.metrics import metric_names, metric_periods
from sqmy_core.scoring.columnar.people import (
    has_any,
    in_office,
    part_names,
    quota_columns,
)
from sqmy_core.scoring.columnar.points import LIMIT, _leaves, ledger_lines, ledger_scale
from sqmy_core.scoring.columnar.quotas import (
    MASK_METRICS,
    Counts,
    entity_counts,
    entity_counts_masked,
    metric_masks,
    period_counts,
    period_frame,
    total_counts,
    verdict,
    year_metrics,
)
from sqmy_core.scoring.columnar.stream import Keys, attribute_keys, build_stream, needed_keys
from sqmy_core.scoring.quotas import QuotaResult

if TYPE_CHECKING:
    import polars as pl


def _time(us: int | None) -> datetime | None:
    return None if us is None else EPOCH + timedelta(microseconds=us)


def extra_scale(rs: Ruleset, frames: DatasetFrames) -> int:
    """The lcm of the denominators of every per-entity number: activities, penalties,
    adjustments (the data's), points per period, bases, section and total bounds."""
    values: list[Fraction] = [rs.scoring.base_points, rs.unit_points.empty]
    for a in rs.activities:
        values += [v for v in (a.points, a.cap) if v is not None]
        values += [v for _, v in _leaves(a.values or {}, len(a.by or ()))]
    values += [st.points for p in rs.penalties for st in p.steps]
    values += [adj.points for adj in frames.adjustments]
    for pp in rs.period_points:
        values += [v for v in (pp.met, pp.missed, pp.limit, pp.max) if v is not None]
    values += [b.points for b in rs.bases]
    values += [v for s in rs.sections for v in (s.cap, s.floor) if v is not None]
    t = rs.totals
    values += [v for v in (t.bonus_cap, t.bonus_floor, t.cap, t.floor) if v is not None]
    return math.lcm(1, *(Fraction(v).denominator for v in values))


class Prepared:
    """One dataset's columns prepared for one ruleset: the stream's per-piece results
    (ledger sums, metric periods, late dispatches), owners, scope, counts and quotas."""

    def __init__(self, rs: Ruleset, frames: DatasetFrames, *, consume: bool = False) -> None:
        """``consume``: the caller hands the frames over, and their events are emptied (in
        place) once they are in the stream -- at national size ~1 GiB less at the peak."""
        import polars as pl

        self.rs = rs
        self.frames = frames
        self.clock = clock = YearClock(rs.year)
        decl = declarations_of(rs)
        keys = Keys(decl, frames)
        # the events' attributes are read later (Keys.add_attributes): those are kept
        consume = consume and not attribute_keys(needed_keys(rs))
        stream = build_stream(rs, frames, clock, consume=consume)
        self.authors = frames.authors.join(
            frames.pieces.select(pl.col("id").alias("piece"), pl.col("seq").alias("pseq")),
            on="piece", how="inner",
        ).select("pseq", "person", "position")
        self.d = d = ledger_scale(rs)
        ns, share_den = person_scale(rs, frames)
        self.t = t = d * share_den * extra_scale(rs, frames)
        lines = ledger_lines(rs, stream, keys, clock, d)
        if lines.height:
            top = int(lines.select(pl.col("delta").abs().sum()).item()) * (t // d)
            if top >= LIMIT:
                raise ConfigurationError.one("", "columnar_too_large", found=str(t))
        self.person_parts, self.unit_sums = piece_sums(rs, lines, frames, self.authors, d, t, ns)
        del lines  # at national size each of these tables is hundreds of MiB: drop them early
        self.periods = metric_periods(rs, stream, keys)
        self.late = late_rows(rs, stream, clock)
        self.penalized = self._penalized(stream)
        del stream
        self.names = metric_names(rs)
        self.parts = part_names(rs)
        self.people_df = frames.people.select(
            "seq", "id", "name", pl.col("roles").fill_null([]), pl.col("units").fill_null([]),
            "since_us", "until_us",
        )  # fmt: skip
        self._people: dict[str, Person] | None = None
        self.units = {
            uid: Unit(uid, name, kind, parent, attrs or {})
            for uid, name, kind, parent, attrs in frames.units.iter_rows()
        }
        a = self.authors
        each = a.select(pl.col("person").alias("owner"), "pseq")
        # a person named twice among a piece's authors owns it once (counts add rows up);
        # only a piece with a second author can name one twice, so only those are looked at
        joint = a.filter(pl.col("pseq").is_in(a.filter(pl.col("position") > 0)["pseq"].implode()))
        twice = joint.select("pseq", "person").is_duplicated().any()
        self.owners_each = each.unique() if twice else each
        self.owners_first = a.filter(pl.col("position") == 0).select(
            pl.col("person").alias("owner"), "pseq"
        )
        self.owners_unit = frames.pieces.filter(pl.col("unit").is_not_null()).select(
            pl.col("unit").alias("owner"), pl.col("seq").alias("pseq")
        )
        self._totals: dict[int, tuple[pl.DataFrame, dict[str, Total]]] = {}
        self._tables: dict[int, pl.DataFrame] = {}
        self._counts: dict[tuple[str, int], Counts] = {}
        self._metrics: dict[int, pl.DataFrame] = {}
        self._masks: dict[int, pl.DataFrame] = {}
        self._quota_frames: dict[tuple[str, int], pl.DataFrame] = {}
        self._unit_verdicts: dict[tuple[str, int, tuple[int, ...] | None], QuotaResult] = {}
        self._quota_counts: dict[tuple[str, int], dict[str, list[int]]] = {}

    @property
    def people(self) -> dict[str, Person]:
        """Person records, built on first use (activities, tenure, member units need them)."""
        if self._people is None:
            self._people = {
                pid: Person(pid, name, tuple(roles), tuple(units), _time(since), _time(until),
                            attrs or {})
                for pid, name, roles, units, since, until, attrs in self.frames.people.select(
                    "id", "name", pl_fill("roles"), pl_fill("units"), "since_us", "until_us",
                    "attributes",
                ).iter_rows()
            }  # fmt: skip
        return self._people

    # --- scope ---------------------------------------------------------------------------
    def scope(self, year: int) -> pl.DataFrame:
        """The people assessed in ``year``: a scope role and a term overlapping the year."""
        start, end = micros(self.clock.start(year)), micros(self.clock.start(year + 1))
        return self.people_df.filter(has_any("roles", self.rs.scope.roles) & in_office(start, end))

    def in_scope_units(self) -> list[Unit]:
        kinds = self.rs.scope.unit_kinds
        return [u for u in self.units.values() if u.kind in kinds]

    # --- counts and quotas -----------------------------------------------------------------
    def year_metrics(self, year: int) -> pl.DataFrame:
        """The distinct (``pseq``, ``metric``) of ``year`` (:func:`.quotas.year_metrics`)."""
        got = self._metrics.get(year)
        if got is None:
            got = self._metrics[year] = year_metrics(self.periods, year)
        return got

    def year_masks(self, year: int) -> pl.DataFrame:
        """Each piece's metrics of ``year`` as one bit mask (:func:`.quotas.metric_masks`)."""
        got = self._masks.get(year)
        if got is None:
            got = self._masks[year] = metric_masks(self.year_metrics(year))
        return got

    def counts(self, kind: str, year: int) -> Counts:
        key = (kind, year)
        if key not in self._counts:
            if kind == "*":
                self._counts[key] = {"*": total_counts(self.year_metrics(year))}
            elif len(self.names) <= MASK_METRICS:
                self._counts[key] = entity_counts_masked(self.owners_unit, self.year_masks(year),
                                                         self.names)  # fmt: skip
            else:
                self._counts[key] = entity_counts(self.owners_unit, self.year_metrics(year))
        return self._counts[key]

    def counts_of(self, kind: str, ident: str, year: int) -> dict[str, int]:
        got = self.counts(kind, year).get(ident, {})
        return {m: got.get(m, 0) for m in self.names}

    def quota_counts(self, q: QuotaSpec, year: int) -> dict[str, list[int]]:
        key = (q.id, year)
        table = self._quota_counts.get(key)
        if table is None:
            owners = (
                self.owners_unit if q.entity == "unit"
                else self.owners_first if q.joint == "first" else self.owners_each
            )  # fmt: skip
            table = self._quota_counts[key] = period_counts(
                owners, self.periods, q.metric, q.period, year, self.year_metrics(year)
            )
        return table

    def evaluate(self, q: QuotaSpec, ident: str, year: int) -> QuotaResult:
        counts = self.quota_counts(q, year).get(ident)
        if q.entity == "person":
            return verdict(self.clock, q, self.people.get(ident), counts, year)
        # a unit's verdict follows from its counts alone: units with equal counts share one
        # (it is immutable), which 46,686 units each asked for
        key = (q.id, year, tuple(counts) if counts is not None else None)
        got = self._unit_verdicts.get(key)
        if got is None:
            got = self._unit_verdicts[key] = verdict(self.clock, q, None, counts, year)
        return got

    def quota_frame(self, q: QuotaSpec, year: int) -> pl.DataFrame:
        """``id`` and ``_c``: each person's counts per period of ``year`` (kept per quota and
        year: a flag on a quota reads this year's again)."""
        key = (q.id, year)
        got = self._quota_frames.get(key)
        if got is None:
            owners = self.owners_first if q.joint == "first" else self.owners_each
            got = period_frame(owners, self.periods, q.metric, q.period, year,
                               self.year_metrics(year))  # fmt: skip
            got = self._quota_frames[key] = got.rename({"owner": "id", "counts": "_c"})
        return got

    def with_quota(self, table: pl.DataFrame, i: int, q: QuotaSpec, year: int, name: str,
                   ) -> pl.DataFrame:
        kinds = {u: x.kind for u, x in self.units.items()}
        counts = self.quota_frame(q, year).rename({"_c": f"{name}_c"})
        people = self.people if q.tenure == "prorate" else {}
        return quota_columns(self.clock, q, table, counts, kinds, year, name, people)

    # --- penalties -----------------------------------------------------------------------
    def _penalized(self, stream: pl.DataFrame) -> list[tuple[Any, ...]]:
        import polars as pl

        if not self.rs.penalties:
            return []
        authors: dict[str, list[str]] = {}
        for piece, person in self.frames.authors.sort("position").select(
            "piece", "person"
        ).iter_rows():
            authors.setdefault(piece, []).append(person)
        rows = stream.filter((pl.col("type") == "penalized") & (pl.col("seq") >= 0)).select(
            "at_us", "seq", "kind", "persons", "pseq", "year"
        )
        of_piece = {sq: (i, u) for sq, i, u in self.frames.pieces.select(
            "seq", "id", "unit").iter_rows()}  # fmt: skip
        out = []
        for at, seq, kind, persons, pseq, y in rows.iter_rows():
            piece, unit = of_piece[pseq]
            out.append((at, seq, kind, persons, authors.get(piece, []), piece, unit, y))
        return out


def pl_fill(name: str) -> Any:
    import polars as pl

    return pl.col(name).fill_null([])
