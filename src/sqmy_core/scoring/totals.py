"""Each assessed entity's year: sections, bounds, base, total and tallies.

The stages, in order (each writes contributions, so explanations add up):

1. pieces, activities, penalties, adjustments, points per quota period
   (:mod:`.contributions`); for units whose points come from members, the
   members' values instead of pieces;
2. plugin steps of stage ``entity``;
3. each section's cap and floor (per entity-year);
4. the bonus (sum of sections) bounded by ``totals.bonus_cap``/``bonus_floor``;
5. the base score (``[[bases]]`` and ``scoring.base_points``);
6. the whole total bounded by ``totals.cap``/``floor``.

Tallies (稿酬) are summed apart and never bounded by points' caps.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

from attrs import frozen

from sqmy_core.model import Person, Unit
from sqmy_core.rules.kinds import EntityView, StepDelta
from sqmy_core.rules.spec import Ruleset
from sqmy_core.scoring.book import Book
from sqmy_core.scoring.contributions import (
    ONE,
    ZERO,
    Contribution,
    Key,
    PenaltyOutcome,
    activity_contributions,
    adjustment_contributions,
    penalty_contributions,
    period_contributions,
    piece_contributions,
)
from sqmy_core.scoring.ledger import step_error


@frozen
class EntityTotal:
    """One entity's year, exact."""

    points: Fraction
    base: Fraction
    bonus: Fraction
    """Points less the base (after the bonus bounds)."""
    sections: dict[str, Fraction]
    tallies: dict[str, Fraction]
    lines: tuple[Contribution, ...]
    flags: tuple[str, ...] = ()
    """Flags set by penalties."""
    disqualified: bool = False


def in_scope_people(book: Book, year: int) -> list[Person]:
    """People with a scope role whose term overlaps ``year``."""
    start, end = book.clock.start(year), book.clock.start(year + 1)
    roles = book.ruleset.scope.roles
    return [p for p in book.dataset.people if p.has_any_role(roles) and p.in_office(start, end)]


def in_scope_units(book: Book) -> list[Unit]:
    kinds = book.ruleset.scope.unit_kinds
    return [u for u in book.dataset.units if u.kind in kinds]


def base_of(book: Book, key: Key) -> Fraction:
    """The base score of an entity: ``scoring.base_points`` plus every matching ``[[bases]]``."""
    kind, ident = key
    if kind == "person":
        return entity_base(book.ruleset, book.people[ident], None)
    return entity_base(book.ruleset, None, book.units[ident])


def entity_base(rs: Ruleset, person: Person | None, unit: Unit | None) -> Fraction:
    """The base score of a person (``unit`` None) or a unit (``person`` None)."""
    base = rs.scoring.base_points
    for spec in rs.bases:
        if spec.entity != ("person" if person is not None else "unit"):
            continue
        if person is not None:
            if spec.roles is not None and not person.has_any_role(spec.roles):
                continue
        elif unit is not None and spec.unit_kinds is not None and unit.kind not in spec.unit_kinds:
            continue
        base += spec.points
    return base


def bound(value: Fraction, cap: Fraction | None, floor: Fraction | None) -> Fraction:
    """``value`` held at most ``cap`` and at least ``floor`` (each when given)."""
    if cap is not None and value > cap:
        value = cap
    if floor is not None and value < floor:
        value = floor
    return value


def _correction(
    rule: str, label: str, clause: str, delta: Fraction, section: str | None
) -> Contribution:
    return Contribution("", label, "cap", None, rule, label, clause, delta, ONE, delta, section)


def finish(
    book: Book, key: Key, year: int, lines: list[Contribution], outcome: PenaltyOutcome | None
) -> EntityTotal:
    """Stages 2–6 for one entity whose stage-1 contributions are ``lines``."""
    rs = book.ruleset
    section_ids = [s.id for s in rs.sections] or [""]
    tally_ids = [t.id for t in rs.tallies]
    lines = list(lines)
    if any(s.stage == "entity" for s in rs.steps):
        lines += _entity_steps(book, key, year, lines)
    sections = dict.fromkeys(section_ids, ZERO)
    tallies = dict.fromkeys(tally_ids, ZERO)
    loose = ZERO
    """Points in no section (a unit's value derived from its members' totals)."""
    for c in lines:
        if c.tally is not None:
            tallies[c.tally] = tallies.get(c.tally, ZERO) + c.points
        elif c.section is not None:
            sections[c.section] = sections.get(c.section, ZERO) + c.points
        else:
            loose += c.points
    for s in rs.sections:
        bounded = bound(sections[s.id], s.cap, s.floor)
        if bounded != sections[s.id]:
            label = f"{s.label or s.id}{'封顶' if bounded < sections[s.id] else '保底'}"
            lines.append(
                _correction(f"section:{s.id}", label, s.clause, bounded - sections[s.id], s.id)
            )
            sections[s.id] = bounded
    raw_bonus = sum(sections.values(), loose)
    t = rs.totals
    bonus = bound(raw_bonus, t.bonus_cap, t.bonus_floor)
    if bonus != raw_bonus:
        lines.append(
            _correction(
                "bonus_cap",
                "加分封顶" if bonus < raw_bonus else "加分保底",
                t.clause,
                bonus - raw_bonus,
                None,
            )
        )
    base = base_of(book, key)
    raw_total = base + bonus
    total = bound(raw_total, t.cap, t.floor)
    if total != raw_total:
        lines.append(
            _correction(
                "total_cap",
                "总分封顶" if total < raw_total else "总分保底",
                t.clause,
                total - raw_total,
                None,
            )
        )
    return EntityTotal(
        points=total,
        base=base,
        bonus=total - base,
        sections=sections,
        tallies=tallies,
        lines=tuple(lines),
        flags=outcome.flags if outcome else (),
        disqualified=outcome.disqualified if outcome else False,
    )


def _entity_steps(book: Book, key: Key, year: int, lines: list[Contribution]) -> list[Contribution]:
    """Plugin steps of stage ``entity``: their deltas become contributions named by the step."""
    rs = book.ruleset
    kind, ident = key
    record = book.people.get(ident) if kind == "person" else book.units.get(ident)
    pieces = book.pieces_of_person(ident) if kind == "person" else book.pieces_of_unit(ident)
    counts = book.metrics.counts(pieces, year)
    out: list[Contribution] = []
    for step in rs.steps:
        if step.stage != "entity":
            continue
        sections: dict[str, Fraction] = {}
        for c in (*lines, *out):
            if c.tally is None and c.section is not None:
                sections[c.section] = sections.get(c.section, ZERO) + c.points
        view = EntityView(kind, ident, year, record, sections, counts, book.dataset)
        impl = rs.step_kinds[step.kind]
        deltas: Iterable[StepDelta] = impl.apply(step.params or {}, view) or ()
        section_ids = {s.id for s in rs.sections} or {""}
        for d in deltas:
            if (
                not isinstance(d, StepDelta)
                or isinstance(d.points, bool)
                or not isinstance(d.points, int | Fraction)
            ):
                raise step_error(
                    rs,
                    step,
                    "step_bad_result",
                    found=repr(d),
                    expected="StepDelta(points: Fraction)",
                )
            if d.section is not None and d.section not in section_ids:
                raise step_error(
                    rs, step, "step_bad_result", found=repr(d.section),
                    expected=", ".join(sorted(section_ids)) or "None",
                )  # fmt: skip
            section = d.section or step.section or rs.default_section
            out.append(
                Contribution(
                    "",
                    d.note or step.label,
                    "step",
                    None,
                    step.id,
                    step.label or step.id,
                    step.clause,
                    d.points,
                    ONE,
                    d.points,
                    section,
                )
            )
    return out


@frozen
class YearTotals:
    people: dict[str, EntityTotal]
    units: dict[str, EntityTotal]


def year_totals(book: Book, year: int) -> YearTotals:
    """Every assessed person's and unit's year (cached on the book)."""
    cached = book.totals_cache.get(year)
    if isinstance(cached, YearTotals):
        return cached
    rs = book.ruleset
    people = in_scope_people(book, year)
    units = in_scope_units(book)
    wanted: set[Key] = {("person", p.id) for p in people} | {("unit", u.id) for u in units}
    acc: dict[Key, list[Contribution]] = {k: [] for k in wanted}
    outcomes: dict[Key, PenaltyOutcome] = {}
    for source in (
        piece_contributions(book, year, wanted),
        activity_contributions(book, year, wanted),
        penalty_contributions(book, year, wanted, outcomes),
        adjustment_contributions(book, year, wanted),
        period_contributions(book, year, wanted),
    ):
        for key, c in source:
            acc[key].append(c)
    person_totals = {
        p.id: finish(
            book, ("person", p.id), year, acc[("person", p.id)], outcomes.get(("person", p.id))
        )
        for p in people
    }
    if rs.unit_points.source == "members":
        for u in units:
            acc[("unit", u.id)] = (
                _member_lines(book, u, people, person_totals) + acc[("unit", u.id)]
            )
    unit_totals = {
        u.id: finish(book, ("unit", u.id), year, acc[("unit", u.id)], outcomes.get(("unit", u.id)))
        for u in units
    }
    result = YearTotals(person_totals, unit_totals)
    book.totals_cache[year] = result
    return result


def _member_lines(
    book: Book, unit: Unit, people: list[Person], totals: dict[str, EntityTotal]
) -> list[Contribution]:
    """A unit's points from its members: one line per member (sum, or average by share)."""
    spec = book.ruleset.unit_points
    members = [
        p for p in people
        if unit.id in p.units and (spec.roles is None or p.has_any_role(spec.roles))
    ]  # fmt: skip
    # a member's section value lands in that section; a total (points, bonus) in none, so
    # the sections' caps and floors, which bounded each member already, do not bound it again
    section: str | None = spec.of if spec.of in {s.id for s in book.ruleset.sections} else None
    if section is None and not book.ruleset.sections:
        section = ""
    label = "成员平均" if spec.aggregate == "average" else "成员合计"
    if not members:
        if spec.empty:
            return [
                Contribution(
                    "",
                    "无成员",
                    "member",
                    None,
                    "unit_points",
                    label,
                    spec.clause,
                    spec.empty,
                    ONE,
                    spec.empty,
                    section,
                )
            ]
        return []
    share = Fraction(1, len(members)) if spec.aggregate == "average" else ONE
    out = []
    for p in members:
        t = totals[p.id]
        value = (
            t.points
            if spec.of == "points"
            else t.bonus
            if spec.of == "bonus"
            else t.sections.get(spec.of, ZERO)
        )
        out.append(
            Contribution(
                "",
                p.name,
                "member",
                None,
                "unit_points",
                label,
                spec.clause,
                value,
                share,
                value * share,
                section,
            )
        )
    return out
