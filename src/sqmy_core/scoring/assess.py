"""The year-end assessment: points, quotas, flags, ranks, awards, overdue, stats.

A pure function of (ruleset, dataset, year).  Who is assessed comes from the
ruleset's scope; everything else follows from the books (:mod:`.book`).
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from attrs import evolve

from sqmy_core.model import Dataset, Person
from sqmy_core.rules.spec import FlagSpec, Ruleset
from sqmy_core.scoring.awards import Candidate, grant
from sqmy_core.scoring.book import Book
from sqmy_core.scoring.late import LateDispatch, late_dispatches, overdue_pieces
from sqmy_core.scoring.quotas import (
    QuotaResult,
    applies_to_person,
    evaluate,
    person_quotas,
    unit_quotas,
)
from sqmy_core.scoring.ranking import rank_key, ranks_by_class
from sqmy_core.scoring.result import Assessment, EntityResult, Stats, StepNote
from sqmy_core.scoring.steps import judge_quotas, step_award, step_flags
from sqmy_core.scoring.totals import EntityTotal, in_scope_people, in_scope_units, year_totals

__all__ = [
    "LateDispatch",
    "assess",
    "assess_book",
    "in_scope_people",
    "late_dispatches",
    "output_version",
    "overdue_pieces",
    "stats",
]


def assess(ruleset: Ruleset, dataset: Dataset, year: int) -> Assessment:
    """Assess ``year`` of ``dataset`` under ``ruleset``."""
    return assess_book(Book(ruleset, dataset), year)


def output_version(rs: Ruleset) -> str:
    """``1.1`` when the ruleset uses sections, tallies, grades beside awards or several flags
    (flags of ``[[flags]]``, of penalty steps, or from plugin steps of stage ``flag``)."""
    flags = {f.id for f in rs.flags} | {s.flag for p in rs.penalties for s in p.steps if s.flag}
    several = len(flags) > 1 or (bool(flags) and any(s.stage == "flag" for s in rs.steps))
    uses = rs.sections or rs.tallies or (rs.grades and rs.awards) or several
    return "1.1" if uses else "1"


def rates_of(book: Book, counts: dict[str, int]) -> dict[str, Fraction | None]:
    """The ruleset's ``[[rates]]`` for one entity's counts (``None`` over zero)."""
    return {
        r.id: Fraction(counts[r.numerator], counts[r.denominator])
        if counts[r.denominator]
        else None
        for r in book.ruleset.rates
    }


def assess_book(book: Book, year: int) -> Assessment:
    rs = book.ruleset
    totals = year_totals(book, year)
    sectioned = bool(rs.sections)
    people: list[EntityResult] = []
    person_meta: dict[str, Person] = {}
    for person in in_scope_people(book, year):
        total = totals.people[person.id]
        quotas = person_quotas(book, person, year)
        counts = book.metrics.counts(book.pieces_of_person(person.id), year)
        notes: list[StepNote] = []
        quotas = judge_quotas(book, "person", person, year, total.points, counts, quotas, notes)
        person_meta[person.id] = person
        flags = tuple(f.id for f in rs.flags if _flagged(book, f, person, year))
        flags += tuple(f for f in total.flags if f not in flags)
        flags = step_flags(book, "person", person, year, total.points, counts, flags, notes)
        group = (
            next((r for r in rs.scope.roles if r in person.roles), None)
            if rs.rankings.people.group_by == "role"
            else None
        )
        people.append(
            evolve(
                _entity(
                    person.id,
                    person.name,
                    "person",
                    group,
                    total,
                    counts,
                    quotas,
                    flags,
                    sectioned,
                    bool(rs.tallies),
                ),
                steps=tuple(notes),
            )
        )
    units: list[EntityResult] = []
    for unit in in_scope_units(book):
        total = totals.units[unit.id]
        group = unit.kind if rs.rankings.units.group_by == "unit_kind" else None
        counts = book.metrics.counts(book.pieces_of_unit(unit.id), year)
        unit_notes: list[StepNote] = []
        quotas = judge_quotas(
            book,
            "unit",
            unit,
            year,
            total.points,
            counts,
            unit_quotas(book, unit, year),
            unit_notes,
        )
        flags = step_flags(book, "unit", unit, year, total.points, counts, total.flags, unit_notes)
        units.append(
            evolve(
                _entity(
                    unit.id,
                    unit.name,
                    "unit",
                    group,
                    total,
                    counts,
                    quotas,
                    flags,
                    sectioned,
                    bool(rs.tallies),
                ),
                steps=tuple(unit_notes),
            )
        )

    extra = {p.id: (person_meta[p.id].roles, None) for p in people}
    people = rank_and_award(book, people, "person", extra, totals.people, year)
    unit_extra = {u.id: ((), book.units[u.id].kind) for u in units}
    units = rank_and_award(book, units, "unit", unit_extra, totals.units, year)
    # classes in the order the scope names their kinds; one class when units rank together
    unit_order = {k: i for i, k in enumerate(rs.scope.unit_kinds)}
    units.sort(key=lambda u: (unit_order.get(u.group, 0) if u.group else 0, u.rank, u.id))
    role_order = {r: i for i, r in enumerate(rs.scope.roles)}
    people.sort(key=lambda p: (role_order.get(p.group, 0) if p.group else 0, p.rank, p.id))
    return Assessment(
        organization=rs.organization,
        title=rs.title,
        year=year,
        people=tuple(people),
        units=tuple(units),
        overdue=tuple(overdue_pieces(book, year)),
        stats=stats(book, year),
        version=output_version(rs),
    )


def _entity(
    ident: str,
    name: str,
    entity: str,
    group: str | None,
    total: EntityTotal,
    counts: dict[str, int],
    quotas: tuple[QuotaResult, ...],
    flags: tuple[str, ...],
    sectioned: bool,
    tallied: bool,
) -> EntityResult:
    return EntityResult(
        id=ident,
        name=name,
        entity="person" if entity == "person" else "unit",
        group=group,
        points=total.points,
        rank=0,
        adopted_pieces=counts["adopted"],
        quotas_met=all(q.met for q in quotas),
        quotas=quotas,
        flags=flags,
        award=None,
        counts=counts,
        sections=dict(total.sections) if sectioned else None,
        amounts=dict(total.tallies) if tallied else None,
    )


def rank_and_award(
    book: Book,
    results: list[EntityResult],
    entity: str,
    extra: Mapping[str, tuple[tuple[str, ...], str | None]],
    totals: dict[str, EntityTotal],
    year: int,
) -> list[EntityResult]:
    """Ranks within classes, then awards and grades (and the plugin steps of stage ``award``)."""
    rs = book.ruleset
    spec = rs.rankings.people if entity == "person" else rs.rankings.units
    rates = {r.id: rates_of(book, dict(r.counts)) for r in results}
    stated = _stated_order(book, results, entity, year, spec.order)
    keys = {
        r.id: rank_key(
            spec.order,
            r.points,
            r.counts,
            _rank_extra(r, totals[r.id], rates[r.id]) | stated[r.id],
        )
        for r in results
    }
    ranks = ranks_by_class(keys, {r.id: r.group for r in results})
    candidates = [
        Candidate(
            id=r.id,
            points=r.points,
            rank=ranks[r.id],
            key=keys[r.id],
            group=r.group,
            quotas_met=r.quotas_met,
            roles=extra[r.id][0],
            kind=extra[r.id][1],
            counts=r.counts,
            rates=rates[r.id],
            flags=r.flags,
            disqualified=totals[r.id].disqualified,
        )
        for r in results
    ]
    awards = grant(tuple(a for a in rs.awards if a.entity == entity), candidates)
    grades = grant(tuple(g for g in rs.grades if g.entity == entity), candidates)
    out = []
    for r in results:
        award, grade = awards.get(r.id), grades.get(r.id)
        if not rs.awards:
            award, grade = grade, None
        notes = list(r.steps)
        award = step_award(book, entity, r, year, ranks[r.id], award, notes)
        out.append(evolve(r, rank=ranks[r.id], award=award, grade=grade, steps=tuple(notes)))
    return out


def _stated_order(
    book: Book, results: list[EntityResult], entity: str, year: int, order: tuple[str, ...]
) -> dict[str, dict[str, Fraction]]:
    """The last tie-breaks a policy may state: ``id`` (ascending) and ``earliest_submission``
    (whoever first submitted a piece in the year ranks first; none: last)."""
    out: dict[str, dict[str, Fraction]] = {r.id: {} for r in results}
    if "id" in order:
        for position, ident in enumerate(sorted(out)):
            out[ident]["id"] = Fraction(-position)
    if "earliest_submission" in order:
        for r in results:
            pieces = (
                book.pieces_of_person(r.id) if entity == "person" else book.pieces_of_unit(r.id)
            )
            times = [
                int(book.pieces[p].submitted_at.timestamp())
                for p in pieces
                if book.clock.year_of(book.pieces[p].submitted_at) == year
            ]
            # earlier first: the negated second of the first submission; nothing submitted ranks last
            out[r.id]["earliest_submission"] = Fraction(-min(times) if times else -(10**12))
    return out


def _rank_extra(
    r: EntityResult, total: EntityTotal, rates: dict[str, Fraction | None]
) -> dict[str, Fraction]:
    extra: dict[str, Fraction] = {"bonus": total.bonus}
    extra.update({k: v if v is not None else Fraction(0) for k, v in rates.items()})
    extra.update({f"section:{k}": v for k, v in total.sections.items()})
    return extra


def _flagged(book: Book, flag: FlagSpec, person: Person, year: int) -> bool:
    """Failed the flag's quota, or stayed below its points, in each of the last N years."""
    if flag.roles is not None and not person.has_any_role(flag.roles):
        return False
    first_year = year - flag.consecutive_years + 1
    if (
        flag.full_tenure
        and person.since is not None
        and person.since > book.clock.start(first_year)
    ):
        return False
    if flag.quota is not None:
        quota = next(q for q in book.ruleset.quotas if q.id == flag.quota)
        if not applies_to_person(quota, person, book.units):
            return False
        if not all(
            not evaluate(book, quota, person.id, y).met for y in range(first_year, year + 1)
        ):
            return False
    if flag.below_points is not None:
        for y in range(first_year, year + 1):
            total = year_totals(book, y).people.get(person.id)
            if total is None:
                return False
            value = (
                total.points if flag.of == "points"
                else total.bonus if flag.of == "bonus"
                else total.sections.get(flag.of, Fraction(0))
            )  # fmt: skip
            if value >= flag.below_points:
                return False
    return True


def stats(book: Book, year: int) -> Stats:
    counts = book.metrics.counts(book.pieces, year)
    approved = counts["approved"]
    return Stats(
        counts=counts,
        adoption_rate=Fraction(counts["adopted"], approved) if approved else None,
        instruction_rate=Fraction(counts["instructed"], approved) if approved else None,
    )
