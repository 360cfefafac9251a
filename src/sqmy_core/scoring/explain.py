"""Explanations: every point of one person or unit, with its event and its clause.

An explanation is built from the same ledger the assessment sums, so the
lines always add up to the reported points (a test checks this for every
entity of a generated county).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Literal

from attrs import frozen

from sqmy_core.errors import Problem, UnknownEntity
from sqmy_core.scoring.assess import assess_book
from sqmy_core.scoring.book import Book
from sqmy_core.scoring.contributions import Contribution
from sqmy_core.scoring.result import Assessment, EntityResult
from sqmy_core.scoring.totals import year_totals

ExplainLine = Contribution
"""One contribution to an entity's points (a piece's change under a rule times the share,
an activity, a penalty, an adjustment, a period's points, a cap or a plugin step)."""


@frozen
class Explanation:
    """The result of one entity and the lines behind its points.

    ``base_points`` plus the sum of the lines' ``points`` (tallies excepted)
    is exactly ``result.points``.
    """

    result: EntityResult
    base_points: Fraction
    lines: tuple[ExplainLine, ...]

    @property
    def point_lines(self) -> tuple[ExplainLine, ...]:
        return tuple(ln for ln in self.lines if ln.tally is None)


def explain(
    book: Book,
    year: int,
    entity: Literal["person", "unit"],
    ident: str,
    assessment: Assessment | None = None,
) -> Explanation:
    """Explain the points of a person or unit in ``year`` (pass the year's
    ``assessment`` when explaining many entities, so it is computed once)."""
    if assessment is None:
        assessment = assess_book(book, year)
    pool = assessment.people if entity == "person" else assessment.units
    result = next((r for r in pool if r.id == ident), None)
    if result is None:
        raise UnknownEntity([Problem("", "not_assessed", {"what": entity, "found": repr(ident)})])
    totals = year_totals(book, year)
    total = (totals.people if entity == "person" else totals.units)[ident]
    lines = sorted(
        total.lines,
        key=lambda ln: (ln.at is None, ln.at.timestamp() if ln.at else 0, ln.piece, ln.rule),
    )
    return Explanation(result, total.base, tuple(lines))
