"""Late dispatches (逾期报送): dispatches after their route's deadline from the approval."""

from __future__ import annotations

from datetime import datetime

from attrs import frozen

from sqmy_core.scoring.book import Book
from sqmy_core.scoring.deadlines import WorkCalendar, deadline


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
