"""``assess_frames``: the reference's assessment computed from :class:`DatasetFrames`.

The per-event work — the ledger, metrics, late dispatches — is columnar
(:mod:`.points`, :mod:`.metrics`, :mod:`.late`); what remains is per entity
(scope, quotas, flags, bounds, ranks, awards) and follows the reference
stage by stage, reusing its pure pieces (ranking, awards, activity and
adjustment contributions, points per period) so the two cannot drift apart.
"""

from __future__ import annotations

import math
from collections.abc import Container, Iterator
from datetime import datetime, timedelta
from fractions import Fraction
from typing import TYPE_CHECKING, Any, cast

from sqmy_core.errors import ConfigurationError, Problem
from sqmy_core.model import Person, Unit
from sqmy_core.rules.declared import declarations_of
from sqmy_core.rules.spec import QuotaSpec, Ruleset
from sqmy_core.scoring.assess import output_version
from sqmy_core.scoring.awards import Candidate, grant
from sqmy_core.scoring.clock import YearClock
from sqmy_core.scoring.columnar.entities import (
    ZERO,
    Total,
    finish,
    person_scale,
    piece_sums,
)
from sqmy_core.scoring.columnar.frames import EPOCH, DatasetFrames, micros
from sqmy_core.scoring.columnar.late import late_rows
from sqmy_core.scoring.columnar.metrics import metric_names, metric_periods
from sqmy_core.scoring.columnar.people import (
    award_column,
    finish_columns,
    has_any,
    in_office,
    part_names,
    quota_columns,
    rank_expr,
)
from sqmy_core.scoring.columnar.points import LIMIT, _leaves, ledger_lines, ledger_scale
from sqmy_core.scoring.columnar.quotas import (
    Counts,
    entity_counts,
    period_counts,
    period_frame,
    verdict,
)
from sqmy_core.scoring.columnar.stream import Keys, build_stream, local_year, offset_us
from sqmy_core.scoring.contributions import (
    Key,
    activity_contributions,
    adjustment_contributions,
    period_contributions,
)
from sqmy_core.scoring.quotas import QuotaResult, applies_to_unit
from sqmy_core.scoring.ranking import rank_key, ranks_by_class
from sqmy_core.scoring.result import Assessment, EntityResult, Stats
from sqmy_core.scoring.totals import entity_base

if TYPE_CHECKING:
    import polars as pl

    from sqmy_core.scoring.book import Book


def _time(us: int | None) -> datetime | None:
    return None if us is None else EPOCH + timedelta(microseconds=us)


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


class Columnar:
    """One dataset's columns prepared for one ruleset; assesses any year (totals cached)."""

    def __init__(self, rs: Ruleset, frames: DatasetFrames) -> None:
        import polars as pl

        self.rs = rs
        self.frames = frames
        self.clock = clock = YearClock(rs.year)
        decl = declarations_of(rs)
        keys = Keys(decl, frames)
        stream = build_stream(rs, frames, clock)
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
        self.periods = metric_periods(rs, stream, keys)
        self.late = late_rows(rs, stream, clock)
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
        self.owners_each = a.select(pl.col("person").alias("owner"), "pseq")
        self.owners_first = a.filter(pl.col("position") == 0).select(
            pl.col("person").alias("owner"), "pseq"
        )
        self.owners_unit = frames.pieces.filter(pl.col("unit").is_not_null()).select(
            pl.col("unit").alias("owner"), pl.col("seq").alias("pseq")
        )
        self.all_pieces = frames.pieces.select(
            pl.lit("*").alias("owner"), pl.col("seq").alias("pseq")
        )
        self.penalized = self._penalized(stream)
        self._totals: dict[int, tuple[pl.DataFrame, dict[str, Total]]] = {}
        self._tables: dict[int, pl.DataFrame] = {}
        self._counts: dict[tuple[str, int], Counts] = {}
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
    def counts(self, kind: str, year: int) -> Counts:
        key = (kind, year)
        if key not in self._counts:
            owners = {"unit": self.owners_unit, "*": self.all_pieces}
            self._counts[key] = entity_counts(owners[kind], self.periods, year)
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
                owners, self.periods, q.metric, q.period, year
            )
        return table

    def evaluate(self, q: QuotaSpec, ident: str, year: int) -> QuotaResult:
        person = self.people.get(ident) if q.entity == "person" else None
        return verdict(self.clock, q, person, self.quota_counts(q, year).get(ident), year)

    def quota_frame(self, q: QuotaSpec, year: int) -> pl.DataFrame:
        owners = self.owners_first if q.joint == "first" else self.owners_each
        got = period_frame(owners, self.periods, q.metric, q.period, year)
        return got.rename({"owner": "id", "counts": "_c"})

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

    # --- the people's table: counts, quotas, flags, ranks, awards -------------------------
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
        import polars as pl

        got = (
            self.periods.filter(pl.col("year") == year).select("pseq", "metric").unique()
            .join(self.owners_each, on="pseq", how="inner")
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
                raise _RatesInOrder
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

    # --- the assessment ------------------------------------------------------------------
    def person_results(self, year: int) -> list[EntityResult]:
        try:
            table = self.people_table(year)
        except _RatesInOrder:
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
            units.append(_entity(unit.id, unit.name, "unit", group, total, counts, quotas,
                                 total.flags, sectioned, tallied))  # fmt: skip
        units = self._rank_and_award(units, "unit", roles_of, unit_totals, year)
        unit_order = {k: i for i, k in enumerate(rs.scope.unit_kinds)}
        units.sort(key=lambda u: (unit_order.get(u.group, 0) if u.group else 0, u.rank, u.id))
        role_order = {r: i for i, r in enumerate(rs.scope.roles)}
        people.sort(key=lambda p: (role_order.get(p.group, 0) if p.group else 0, p.rank, p.id))
        return Assessment(
            organization=rs.organization, title=rs.title, year=year, people=tuple(people),
            units=tuple(units), overdue=self.overdue(year), stats=self.stats(year),
            version=output_version(rs),
        )  # fmt: skip

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


def _whole(value: Fraction) -> int:
    """A scaled value, which must be a whole number (the scale covers every denominator)."""
    if value.denominator != 1:
        raise ConfigurationError.one("", "columnar_too_large", found=str(value.denominator))
    return int(value)


class _RatesInOrder(Exception):
    """Private control flow: a rate in the people's ranking order; caught in
    :meth:`Columnar.person_results`, which then ranks with the reference's functions."""


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


def pl_fill(name: str) -> Any:
    import polars as pl

    return pl.col(name).fill_null([])


def _rates(rs: Ruleset, counts: Any) -> dict[str, Fraction | None]:
    return {
        r.id: Fraction(counts[r.numerator], counts[r.denominator]) if counts[r.denominator]
        else None
        for r in rs.rates
    }  # fmt: skip


def _entity(ident: str, name: str, entity: str, group: str | None, total: Total,
            counts: dict[str, int], quotas: tuple[QuotaResult, ...], flags: tuple[str, ...],
            sectioned: bool, tallied: bool) -> EntityResult:
    return EntityResult(
        id=ident, name=name, entity="person" if entity == "person" else "unit", group=group,
        points=total.points, rank=0, adopted_pieces=counts["adopted"],
        quotas_met=all(q.met for q in quotas), quotas=quotas, flags=flags, award=None,
        counts=counts, sections=dict(total.sections) if sectioned else None,
        amounts=dict(total.tallies) if tallied else None,
    )  # fmt: skip


def assess_frames(rs: Ruleset, frames: DatasetFrames, year: int) -> Assessment:
    """Assess ``year`` of ``frames`` under ``rs`` (call :func:`.support.unsupported` first)."""
    return Columnar(rs, frames).assess(year)


