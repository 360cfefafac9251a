"""Explanations: every point of one person or unit, with its event and its clause.

An explanation is built from the same ledger the assessment sums, so the
lines always add up to the reported points (a test checks this for every
entity of a generated county).
"""

from __future__ import annotations

from datetime import datetime
from fractions import Fraction
from typing import Literal

from attrs import frozen

from sqmy_core.errors import Problem, UnknownEntity
from sqmy_core.scoring.assess import assess_book
from sqmy_core.scoring.book import Book
from sqmy_core.scoring.ledger import PIECE_CAP_RULE
from sqmy_core.scoring.result import Assessment, EntityResult


@frozen
class ExplainLine:
    """One contribution: a piece's change under a rule, times this entity's share."""

    piece: str
    title: str
    event_type: str
    at: datetime
    rule: str
    label: str
    clause: str
    piece_delta: Fraction
    share: Fraction
    points: Fraction


@frozen
class Explanation:
    """The result of one entity and the lines behind its points."""

    result: EntityResult
    base_points: Fraction
    lines: tuple[ExplainLine, ...]



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
    rules = {r.id: r for r in book.ruleset.scoring.rules}
    lines: list[ExplainLine] = []
    for line in book.lines_in(year):
        piece = book.pieces[line.piece]
        if entity == "person":
            if ident not in piece.authors:
                continue
            share = book.shares(piece)[piece.authors.index(ident)]
        else:
            if piece.unit != ident or book.ruleset.scoring.unit_credit != "full":
                continue
            share = Fraction(1)
        rule = rules.get(line.rule)
        lines.append(
            ExplainLine(
                piece=piece.id,
                title=piece.title,
                event_type=line.event_type,
                at=line.at,
                rule=line.rule,
                label=rule.label if rule else PIECE_CAP_RULE,
                clause=rule.clause if rule else "",
                piece_delta=line.delta,
                share=share,
                points=line.delta * share,
            )
        )
    lines.sort(key=lambda ln: (ln.at, ln.piece, ln.rule))
    return Explanation(result, book.ruleset.scoring.base_points, tuple(lines))
