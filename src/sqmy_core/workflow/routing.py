"""Dispatch deadlines (报送时限) of approved pieces, and the queue of those overdue now.

Deadlines come from the ruleset's ``[deadlines]`` (days per route, counted
from the approval) and ``[calendar]`` (weekends, holidays and the make-up
working days of 调休), computed by :func:`sqmy_core.scoring.deadlines.deadline`
exactly as the year-end assessment computes its ``overdue`` list, so the
office's daily queue and the quarterly bulletin never disagree.  Local days
are those of the ruleset's timezone (``[year].timezone``).

The queue (:func:`overdue_queue`) is the office's to-do list at ``now``:

- for every approved piece, each *planned* route (chosen at approval) that
  has no dispatch by that route yet and whose deadline has passed;
- an approved piece with no planned route and no dispatch at all, once the
  *longest* route deadline has passed (nobody decided where it goes);
- a planned route without a deadline in the ruleset (e.g. ``bulletin`` in
  the district rules) is never overdue.

Pieces without an approval are not queued, ``accepted`` ones of a ruleset
without review included: deadlines count from the approval, as in the
assessment.  A ruleset without ``[deadlines]`` queues nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from attrs import frozen

from sqmy_core.rules.spec import Ruleset
from sqmy_core.scoring.clock import parse_offset
from sqmy_core.scoring.deadlines import WorkCalendar, deadline
from sqmy_core.workflow.state import PieceState


@frozen
class OverdueItem:
    """One late dispatch: which piece, which route (None: no route planned), when it was due."""

    piece: str
    route: str | None
    due: datetime
    overdue_by: timedelta
    approved_at: datetime


class _Deadlines:
    """The ruleset's deadline spec, calendar and timezone, built once per queue."""

    def __init__(self, ruleset: Ruleset) -> None:
        self.spec = ruleset.deadlines
        self.calendar = WorkCalendar(ruleset.calendar)
        self.tz = parse_offset(ruleset.year.timezone)

    def due(self, approved_at: datetime, route: str | None) -> datetime | None:
        spec = self.spec
        if spec is None or not spec.routes:
            return None
        if route is None:
            days = max(spec.routes.values())
        elif route in spec.routes:
            days = spec.routes[route]
        else:
            return None
        return deadline(approved_at, days, spec, self.calendar, self.tz)


def due_at(ruleset: Ruleset, approved_at: datetime, route: str | None) -> datetime | None:
    """The last on-time moment to dispatch by ``route`` after an approval at ``approved_at``.

    ``route=None`` gives the latest deadline of any route (for pieces with no
    planned route).  None when the ruleset sets no deadline for the route.
    """
    return _Deadlines(ruleset).due(approved_at, route)


def _items(deadlines: _Deadlines, state: PieceState, now: datetime) -> list[OverdueItem]:
    approved_at = state.approved_at
    if state.status != "approved" or approved_at is None:
        return []
    sent = {d.route for d in state.dispatches}
    if state.routes:
        wanted: list[str | None] = [r for r in state.routes if r not in sent]
    else:
        wanted = [] if state.dispatches else [None]
    out: list[OverdueItem] = []
    for route in wanted:
        due = deadlines.due(approved_at, route)
        if due is not None and now > due:
            out.append(OverdueItem(state.id, route, due, now - due, approved_at))
    return out


def overdue_queue(
    ruleset: Ruleset, states: Iterable[PieceState], now: datetime
) -> list[OverdueItem]:
    """Every dispatch late at ``now``, earliest due first (then by piece and route)."""
    if ruleset.deadlines is None:
        return []
    deadlines = _Deadlines(ruleset)
    items = [item for s in states for item in _items(deadlines, s, now)]
    items.sort(key=lambda i: (i.due, i.piece, i.route or ""))
    return items
