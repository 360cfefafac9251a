"""The year-end assessment: points, quotas, flags, ranks, awards, overdue, stats.

A pure function of (ruleset, dataset, year).  Who is assessed comes from the
ruleset's scope; everything else follows from the books (:mod:`.book`).
"""

from __future__ import annotations

from datetime import datetime
from fractions import Fraction

from attrs import evolve, frozen

from sqmy_core.model import Dataset, Person
from sqmy_core.rules.spec import FlagSpec, Ruleset
from sqmy_core.scoring.awards import Candidate, grant
from sqmy_core.scoring.book import Book
from sqmy_core.scoring.deadlines import WorkCalendar, deadline
from sqmy_core.scoring.quotas import (
    QuotaResult,
    applies_to_person,
    evaluate,
    person_quotas,
    unit_quotas,
)
from sqmy_core.scoring.ranking import rank_key, ranks_by_class
from sqmy_core.scoring.result import Assessment, EntityResult, Stats


def assess(ruleset: Ruleset, dataset: Dataset, year: int) -> Assessment:
    """Assess ``year`` of ``dataset`` under ``ruleset``."""
    return assess_book(Book(ruleset, dataset), year)


def in_scope_people(book: Book, year: int) -> list[Person]:
    """People with a scope role who took office before the end of ``year``."""
    end = book.clock.start(year + 1)
    roles = book.ruleset.scope.roles
    return [
        p
        for p in book.dataset.people
        if p.has_any_role(roles) and (p.since is None or p.since < end)
    ]


def points_in(book: Book, year: int) -> tuple[dict[str, Fraction], dict[str, Fraction]]:
    """Year points of every author and every submitting unit (before the base points)."""
    people: dict[str, Fraction] = {}
    units: dict[str, Fraction] = {}
    unit_credit = book.ruleset.scoring.unit_credit == "full"
    for line in book.ledger:
        if line.year != year:
            continue
        piece = book.pieces[line.piece]
        for author, share in zip(piece.authors, book.shares(piece), strict=True):
            people[author] = people.get(author, Fraction(0)) + line.delta * share
        if unit_credit and piece.unit is not None:
            units[piece.unit] = units.get(piece.unit, Fraction(0)) + line.delta
    return people, units


def assess_book(book: Book, year: int) -> Assessment:
    rs = book.ruleset
    base = rs.scoring.base_points
    person_points, unit_points = points_in(book, year)

    people: list[EntityResult] = []
    person_meta: dict[str, Person] = {}
    for person in in_scope_people(book, year):
        quotas = person_quotas(book, person, year)
        counts = book.metrics.counts(book.pieces_of_person(person.id), year)
        person_meta[person.id] = person
        people.append(
            _entity(
                person.id,
                person.name,
                "person",
                None,
                base + person_points.get(person.id, Fraction(0)),
                counts,
                quotas,
                tuple(f.id for f in rs.flags if _flagged(book, f, person, year)),
            )
        )
    units: list[EntityResult] = []
    for unit in book.dataset.units:
        if unit.kind not in rs.scope.unit_kinds:
            continue
        group = unit.kind if rs.rankings.units.group_by == "unit_kind" else None
        counts = book.metrics.counts(book.pieces_of_unit(unit.id), year)
        units.append(
            _entity(
                unit.id,
                unit.name,
                "unit",
                group,
                base + unit_points.get(unit.id, Fraction(0)),
                counts,
                unit_quotas(book, unit, year),
                (),
            )
        )

    people = _rank_and_award(book, people, "person", {p: person_meta[p].roles for p in person_meta})
    kind_of = {u.id: u.kind for u in book.dataset.units}
    units = _rank_and_award(book, units, "unit", {}, kind_of)
    # classes in the order the scope names their kinds; one class when units rank together
    unit_order = {k: i for i, k in enumerate(rs.scope.unit_kinds)}
    units.sort(key=lambda u: (unit_order.get(u.group, 0) if u.group else 0, u.rank, u.id))
    people.sort(key=lambda p: (p.rank, p.id))
    return Assessment(
        organization=rs.organization,
        title=rs.title,
        year=year,
        people=tuple(people),
        units=tuple(units),
        overdue=tuple(overdue_pieces(book, year)),
        stats=stats(book, year),
    )


def _entity(
    ident: str,
    name: str,
    entity: str,
    group: str | None,
    points: Fraction,
    counts: dict[str, int],
    quotas: tuple[QuotaResult, ...],
    flags: tuple[str, ...],
) -> EntityResult:
    return EntityResult(
        id=ident,
        name=name,
        entity="person" if entity == "person" else "unit",
        group=group,
        points=points,
        rank=0,
        adopted_pieces=counts["adopted"],
        quotas_met=all(q.met for q in quotas),
        quotas=quotas,
        flags=flags,
        award=None,
        counts=counts,
    )


def _rank_and_award(
    book: Book,
    results: list[EntityResult],
    entity: str,
    roles: dict[str, tuple[str, ...]],
    kinds: dict[str, str] | None = None,
) -> list[EntityResult]:
    spec = book.ruleset.rankings.people if entity == "person" else book.ruleset.rankings.units
    keys = {r.id: rank_key(spec.order, r.points, r.counts) for r in results}
    ranks = ranks_by_class(keys, {r.id: r.group for r in results})
    candidates = [
        Candidate(
            id=r.id,
            points=r.points,
            rank=ranks[r.id],
            key=keys[r.id],
            group=r.group,
            quotas_met=r.quotas_met,
            roles=roles.get(r.id, ()),
            kind=(kinds or {}).get(r.id),
        )
        for r in results
    ]
    specs = tuple(a for a in book.ruleset.awards if a.entity == entity)
    awards = grant(specs, candidates)
    return [evolve(r, rank=ranks[r.id], award=awards.get(r.id)) for r in results]


def _flagged(book: Book, flag: FlagSpec, person: Person, year: int) -> bool:
    """Failed the flag's quota in each of the last ``consecutive_years`` years."""
    quota = next(q for q in book.ruleset.quotas if q.id == flag.quota)
    if not applies_to_person(quota, person, book.units):
        return False
    first_year = year - flag.consecutive_years + 1
    if (
        flag.full_tenure
        and person.since is not None
        and person.since > book.clock.start(first_year)
    ):
        return False
    return all(not evaluate(book, quota, person.id, y).met for y in range(first_year, year + 1))


@frozen
class LateDispatch:
    """One dispatch made after its route's deadline (逾期报送), with its attributed month.

    ``year`` and ``month`` place the dispatch as the metric index places
    events, so the year-end ``overdue`` list and a bulletin's agree.
    """

    piece: str
    route: str
    approved_at: datetime
    due: datetime
    dispatched_at: datetime
    year: int
    month: int


def late_dispatches(book: Book, year: int | None = None) -> list[LateDispatch]:
    """Every dispatch later than its route's deadline from the latest approval before it.

    Only those attributed to ``year`` when given (deadlines of other years are
    not computed).  Ordered by dispatch time, then piece; empty when the
    ruleset has no ``[deadlines]``.
    """
    spec = book.ruleset.deadlines
    if spec is None:
        return []
    calendar = WorkCalendar(book.ruleset.calendar)
    late: list[LateDispatch] = []
    for piece_id, stream in book.events_by_piece.items():
        piece = book.pieces[piece_id]
        approved_at = None
        for _, ev in stream:
            if ev.type == "approved":
                approved_at = ev.at
            elif ev.type == "dispatched" and ev.route in spec.routes and approved_at is not None:
                in_year = book.clock.attributed_year(ev.at, piece.submitted_at)
                if year is not None and in_year != year:
                    continue
                due = deadline(approved_at, spec.routes[ev.route], spec, calendar, book.clock.tz)
                if ev.at > due:
                    late.append(
                        LateDispatch(
                            piece=piece_id,
                            route=ev.route,
                            approved_at=approved_at,
                            due=due,
                            dispatched_at=ev.at,
                            year=in_year,
                            month=book.clock.period_month(ev.at, in_year),
                        )
                    )
    late.sort(key=lambda d: (d.dispatched_at, d.piece))
    return late


def overdue_pieces(book: Book, year: int) -> list[str]:
    """Pieces with a dispatch in ``year`` later than the route's deadline from the approval."""
    return sorted({d.piece for d in late_dispatches(book, year)})


def stats(book: Book, year: int) -> Stats:
    counts = book.metrics.counts(book.pieces, year)
    approved = counts["approved"]
    return Stats(
        counts=counts,
        adoption_rate=Fraction(counts["adopted"], approved) if approved else None,
        instruction_rate=Fraction(counts["instructed"], approved) if approved else None,
    )
