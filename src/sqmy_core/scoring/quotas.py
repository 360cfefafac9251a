"""Quotas (任务指标): who they apply to and whether they are met in a year."""

from __future__ import annotations

from collections.abc import Mapping

from attrs import frozen

from sqmy_core.model import Person, Unit
from sqmy_core.rules.spec import QuotaSpec
from sqmy_core.scoring.book import Book

PERIOD_MONTHS: Mapping[str, tuple[tuple[int, ...], ...]] = {
    "year": (tuple(range(1, 13)),),
    "quarter": ((1, 2, 3), (4, 5, 6), (7, 8, 9), (10, 11, 12)),
    "month": tuple((m,) for m in range(1, 13)),
}


@frozen
class QuotaResult:
    """One quota for one entity in one year: the count per period and the verdict."""

    quota: str
    label: str
    clause: str
    metric: str
    min: int
    counts: tuple[int, ...]
    met: bool


def applies_to_person(q: QuotaSpec, person: Person, units: Mapping[str, Unit]) -> bool:
    if q.entity != "person" or q.roles is None or not person.has_any_role(q.roles):
        return False
    if q.member_of_unit_kinds is None:
        return True
    return any(u in units and units[u].kind in q.member_of_unit_kinds for u in person.units)


def applies_to_unit(q: QuotaSpec, unit: Unit) -> bool:
    return q.entity == "unit" and q.unit_kinds is not None and unit.kind in q.unit_kinds


def evaluate(book: Book, q: QuotaSpec, entity_id: str, year: int) -> QuotaResult:
    """Count the quota's metric for an entity in each period of ``year``."""
    if q.entity == "person":
        pieces = book.pieces_of_person(entity_id, q.joint)
    else:
        pieces = book.pieces_of_unit(entity_id)
    if q.period == "year":
        counts: tuple[int, ...] = (book.metrics.count(pieces, q.metric, year),)
    else:
        counts = tuple(
            book.metrics.count_in_months(pieces, q.metric, year, months)
            for months in PERIOD_MONTHS[q.period]
        )
    return QuotaResult(
        quota=q.id,
        label=q.label,
        clause=q.clause,
        metric=q.metric,
        min=q.min,
        counts=counts,
        met=all(c >= q.min for c in counts),
    )


def person_quotas(book: Book, person: Person, year: int) -> tuple[QuotaResult, ...]:
    """Every quota that applies to a person (a member who is also an officer gets both)."""
    return tuple(
        evaluate(book, q, person.id, year)
        for q in book.ruleset.quotas
        if applies_to_person(q, person, book.units)
    )


def unit_quotas(book: Book, unit: Unit, year: int) -> tuple[QuotaResult, ...]:
    return tuple(
        evaluate(book, q, unit.id, year) for q in book.ruleset.quotas if applies_to_unit(q, unit)
    )
