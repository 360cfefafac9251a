"""``assess_frames``: the reference's assessment computed from :class:`DatasetFrames`.

The per-event work — the ledger, metrics, late dispatches — is columnar
(:mod:`.points`, :mod:`.metrics`, :mod:`.late`); what remains is per entity
(scope, quotas, flags, bounds, ranks, awards) and follows the reference
stage by stage, reusing its pure pieces (ranking, awards, activity and
adjustment contributions, points per period) so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from typing import TYPE_CHECKING, Any, cast

from sqmy_core.model import Person, Unit
from sqmy_core.rules.declared import declarations_of
from sqmy_core.rules.spec import FlagSpec, QuotaSpec, Ruleset
from sqmy_core.scoring.assess import output_version
from sqmy_core.scoring.awards import Candidate, grant
from sqmy_core.scoring.clock import YearClock
from sqmy_core.scoring.columnar.entities import ZERO, Sums, Total, base_of, finish, piece_sums
from sqmy_core.scoring.columnar.frames import EPOCH, DatasetFrames, micros
from sqmy_core.scoring.columnar.late import late_rows
from sqmy_core.scoring.columnar.metrics import metric_names, metric_periods
from sqmy_core.scoring.columnar.points import ledger_lines, ledger_scale
from sqmy_core.scoring.columnar.quotas import (
    Counts,
    entity_counts,
    period_bounds,
    period_counts,
    verdict,
)
from sqmy_core.scoring.columnar.stream import Keys, build_stream
from sqmy_core.scoring.contributions import (
    Contribution,
    Key,
    _periods,
    activity_contributions,
    adjustment_contributions,
)
from sqmy_core.scoring.quotas import QuotaResult, applies_to_person, applies_to_unit
from sqmy_core.scoring.ranking import rank_key, ranks_by_class
from sqmy_core.scoring.result import Assessment, EntityResult, Stats

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
                 frames: DatasetFrames) -> None:
        self.ruleset = rs
        self.clock = clock
        self.people = people
        self.declarations = declarations_of(rs)
        self.dataset = _Records(frames)


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
        self.d = d = ledger_scale(rs)
        lines = ledger_lines(rs, stream, keys, clock, d)
        self.person_sums, self.unit_sums = piece_sums(rs, lines, frames, d)
        self.periods = metric_periods(rs, stream, keys)
        self.late = late_rows(rs, stream, clock)
        self.names = metric_names(rs)
        self.people = {
            pid: Person(pid, name, tuple(roles or ()), tuple(units or ()), _time(since),
                        _time(until), attrs or {})
            for pid, name, roles, units, since, until, attrs in frames.people.select(
                "id", "name", "roles", "units", "since_us", "until_us", "attributes"
            ).iter_rows()
        }  # fmt: skip
        self.units = {
            uid: Unit(uid, name, kind, parent, attrs or {})
            for uid, name, kind, parent, attrs in frames.units.iter_rows()
        }
        a = frames.authors
        self.owners_each = a.select(pl.col("person").alias("owner"), "piece")
        self.owners_first = a.filter(pl.col("position") == 0).select(
            pl.col("person").alias("owner"), "piece"
        )
        self.owners_unit = frames.pieces.filter(pl.col("unit").is_not_null()).select(
            pl.col("unit").alias("owner"), pl.col("id").alias("piece")
        )
        self.all_pieces = frames.pieces.select(pl.lit("*").alias("owner"), pl.col("id").alias("piece"))
        self.shim = _Shim(rs, clock, self.people, frames)
        self.penalized = self._penalized(stream)
        self._totals: dict[int, tuple[dict[str, Total], dict[str, Total]]] = {}
        self._counts: dict[tuple[str, int], Counts] = {}
        self._quota_counts: dict[tuple[str, int], dict[str, list[int]]] = {}

    # --- scope ---------------------------------------------------------------------------
    def in_scope_people(self, year: int) -> list[Person]:
        start, end = self.clock.start(year), self.clock.start(year + 1)
        roles = self.rs.scope.roles
        return [p for p in self.people.values()
                if p.has_any_role(roles) and p.in_office(start, end)]  # fmt: skip

    def in_scope_units(self) -> list[Unit]:
        kinds = self.rs.scope.unit_kinds
        return [u for u in self.units.values() if u.kind in kinds]

    # --- counts and quotas -----------------------------------------------------------------
    def counts(self, kind: str, year: int) -> Counts:
        key = (kind, year)
        if key not in self._counts:
            owners = {"person": self.owners_each, "unit": self.owners_unit, "*": self.all_pieces}
            self._counts[key] = entity_counts(owners[kind], self.periods, year)
        return self._counts[key]

    def counts_of(self, kind: str, ident: str, year: int) -> dict[str, int]:
        got = self.counts(kind, year).get(ident, {})
        return {m: got.get(m, 0) for m in self.names}

    def evaluate(self, q: QuotaSpec, ident: str, year: int) -> QuotaResult:
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
        person = self.people.get(ident) if q.entity == "person" else None
        return verdict(self.clock, q, person, table.get(ident), year)

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
            "at_us", "seq", "kind", "persons", "piece", "unit", "year"
        )
        return [(*r[:4], authors.get(r[4], []), r[4], r[5], r[6]) for r in rows.iter_rows()]

    def penalties(self, year: int, wanted: set[Key], outcomes: dict[Key, tuple[tuple[str, ...], bool]]
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
    def year_totals(self, year: int) -> tuple[dict[str, Total], dict[str, Total]]:
        cached = self._totals.get(year)
        if cached is not None:
            return cached
        rs = self.rs
        people = self.in_scope_people(year)
        units = self.in_scope_units()
        wanted: set[Key] = {("person", p.id) for p in people} | {("unit", u.id) for u in units}
        extra: dict[Key, dict[tuple[str | None, str | None], Fraction]] = {}

        def add(key: Key, section: str | None, tally: str | None, value: Fraction) -> None:
            slot = extra.setdefault(key, {})
            slot[(section, tally)] = slot.get((section, tally), ZERO) + value

        book = cast("Book", self.shim)
        for source in (activity_contributions(book, year, wanted),
                       adjustment_contributions(book, year, wanted),
                       self._period_contributions(year, wanted)):  # fmt: skip
            for key, c in source:
                add(key, c.section, c.tally, c.points)
        outcomes: dict[Key, tuple[tuple[str, ...], bool]] = {}
        for key, points, section in self.penalties(year, wanted, outcomes):
            add(key, section, None, points)
        person_totals = {
            p.id: self._finish(("person", p.id), year, self.person_sums, extra, outcomes,
                               base_of(rs, p, None))
            for p in people
        }  # fmt: skip
        if rs.unit_points.source == "members":
            for u in units:
                for section, value in self._member_values(u, people, person_totals):
                    add(("unit", u.id), section, None, value)
        unit_totals = {
            u.id: self._finish(("unit", u.id), year, self.unit_sums, extra, outcomes,
                               base_of(rs, None, u))
            for u in units
        }  # fmt: skip
        self._totals[year] = (person_totals, unit_totals)
        return person_totals, unit_totals

    def _finish(self, key: Key, year: int, sums: Sums,
                extra: dict[Key, dict[tuple[str | None, str | None], Fraction]],
                outcomes: dict[Key, tuple[tuple[str, ...], bool]], base: Fraction) -> Total:
        parts = dict(sums.get((key[1], year), {}))
        for k, v in extra.get(key, {}).items():
            parts[k] = parts.get(k, ZERO) + v
        flags, dq = outcomes.get(key, ((), False))
        return finish(self.rs, base, parts, flags, dq)

    def _member_values(self, unit: Unit, people: list[Person], totals: dict[str, Total]
                       ) -> list[tuple[str | None, Fraction]]:
        spec = self.rs.unit_points
        members = [p for p in people if unit.id in p.units
                   and (spec.roles is None or p.has_any_role(spec.roles))]  # fmt: skip
        section: str | None = spec.of if spec.of in {s.id for s in self.rs.sections} else None
        if section is None and not self.rs.sections:
            section = ""
        if not members:
            return [(section, spec.empty)] if spec.empty else []
        share = Fraction(1, len(members)) if spec.aggregate == "average" else Fraction(1)
        out = []
        for p in members:
            t = totals[p.id]
            value = (t.points if spec.of == "points" else t.bonus if spec.of == "bonus"
                     else t.sections.get(spec.of, ZERO))  # fmt: skip
            out.append((section, value * share))
        return out

    def _period_contributions(self, year: int, wanted: set[Key]
                              ) -> Iterator[tuple[Key, Contribution]]:
        rs = self.rs
        quotas = {q.id: q for q in rs.quotas}
        for spec in rs.period_points:
            q = quotas[spec.quota]
            bounds = period_bounds(self.clock, q.period, year)
            for kind, ident in sorted(wanted):
                if kind != q.entity:
                    continue
                person: Person | None
                if kind == "person":
                    person = self.people[ident]
                    if not applies_to_person(q, person, self.units):
                        continue
                else:
                    person = None
                    if not applies_to_unit(q, self.units[ident]):
                        continue
                result = self.evaluate(q, ident, year)
                yield from _periods(cast("Book", self.shim), spec, q.period, (kind, ident),
                                    person, result, bounds)

    # --- flags, ranks, awards ------------------------------------------------------------
    def flagged(self, flag: FlagSpec, person: Person, year: int) -> bool:
        if flag.roles is not None and not person.has_any_role(flag.roles):
            return False
        first_year = year - flag.consecutive_years + 1
        if flag.full_tenure and person.since is not None and person.since > self.clock.start(
            first_year
        ):
            return False
        if flag.quota is not None:
            quota = next(q for q in self.rs.quotas if q.id == flag.quota)
            if not applies_to_person(quota, person, self.units):
                return False
            if not all(not self.evaluate(quota, person.id, y).met
                       for y in range(first_year, year + 1)):  # fmt: skip
                return False
        if flag.below_points is not None:
            for y in range(first_year, year + 1):
                total = self.year_totals(y)[0].get(person.id)
                if total is None:
                    return False
                value = (
                    total.points if flag.of == "points"
                    else total.bonus if flag.of == "bonus"
                    else total.sections.get(flag.of, ZERO)
                )  # fmt: skip
                if value >= flag.below_points:
                    return False
        return True

    def earliest(self, kind: str, year: int) -> dict[str, int]:
        """Entity -> the whole second of its first submission in ``year`` (as the reference)."""
        import polars as pl

        from sqmy_core.scoring.columnar.stream import local_year, offset_us

        off = offset_us(self.clock)
        pieces = self.frames.pieces.filter(local_year(pl.col("submitted_us"), off) == year)
        owners = self.owners_each if kind == "person" else self.owners_unit
        got = pieces.select(pl.col("id").alias("piece"), "submitted_us").join(
            owners, on="piece", how="inner"
        ).group_by("owner").agg(pl.col("submitted_us").min())
        return {o: int(us / 10**6) for o, us in got.iter_rows()}

    def assess(self, year: int) -> Assessment:
        rs = self.rs
        people_totals, unit_totals = self.year_totals(year)
        sectioned, tallied = bool(rs.sections), bool(rs.tallies)
        people: list[EntityResult] = []
        roles_of: dict[str, tuple[tuple[str, ...], str | None]] = {}
        for person in self.in_scope_people(year):
            total = people_totals[person.id]
            counts = self.counts_of("person", person.id, year)
            quotas = tuple(self.evaluate(q, person.id, year) for q in rs.quotas
                           if applies_to_person(q, person, self.units))  # fmt: skip
            flags = tuple(f.id for f in rs.flags if self.flagged(f, person, year))
            flags += tuple(f for f in total.flags if f not in flags)
            group = (
                next((r for r in rs.scope.roles if r in person.roles), None)
                if rs.rankings.people.group_by == "role" else None
            )  # fmt: skip
            roles_of[person.id] = (person.roles, None)
            people.append(_entity(person.id, person.name, "person", group, total, counts, quotas,
                                  flags, sectioned, tallied))  # fmt: skip
        units: list[EntityResult] = []
        for unit in self.in_scope_units():
            total = unit_totals[unit.id]
            counts = self.counts_of("unit", unit.id, year)
            quotas = tuple(self.evaluate(q, unit.id, year) for q in rs.quotas
                           if applies_to_unit(q, unit))  # fmt: skip
            group = unit.kind if rs.rankings.units.group_by == "unit_kind" else None
            roles_of[unit.id] = ((), unit.kind)
            units.append(_entity(unit.id, unit.name, "unit", group, total, counts, quotas,
                                 total.flags, sectioned, tallied))  # fmt: skip
        people = self._rank_and_award(people, "person", roles_of, people_totals, year)
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
            first = self.earliest(entity, year)
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

        got = self.late.filter(pl.col("year") == year)["piece"].unique().to_list()
        return tuple(sorted(got))

    def stats(self, year: int) -> Stats:
        counts = self.counts_of("*", "*", year)
        approved = counts["approved"]
        return Stats(
            counts=counts,
            adoption_rate=Fraction(counts["adopted"], approved) if approved else None,
            instruction_rate=Fraction(counts["instructed"], approved) if approved else None,
        )


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


_ = (UTC, micros)
