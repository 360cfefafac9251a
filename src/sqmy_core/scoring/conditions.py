"""Conditions (``when``) and windows in force (``applies_from``/``applies_until``) as callables.

A condition is compiled once per ruleset into one function of (event,
piece), so the ledger's inner loop tests plain tuples of allowed keys.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from sqmy_core.model import Event, Piece
from sqmy_core.rules.spec_model import Condition
from sqmy_core.scoring.clock import YearClock
from sqmy_core.scoring.keys import KeyReader, key_text

_NAMED = (
    ("call_kinds", "call_kind"),
    ("bodies", "body"),
    ("levels", "level"),
    ("ranks", "rank"),
    ("routes", "route"),
    ("outcomes", "outcome"),
)


def condition_terms(when: Condition) -> list[tuple[str, frozenset[str | None]]]:
    """(key expression, allowed key texts) for every condition given."""
    terms: list[tuple[str, frozenset[str | None]]] = []
    for name, expr in _NAMED:
        allowed = getattr(when, name)
        if allowed is not None:
            terms.append((expr, frozenset(allowed)))
    for expr, values in (when.match or {}).items():
        terms.append((expr, frozenset(key_text(v) for v in values)))
    return terms


def compile_condition(when: Condition, keys: KeyReader) -> Callable[[Event, Piece], bool]:
    """One function that holds when every term of ``when`` holds."""
    terms = [(keys.reader(expr), allowed) for expr, allowed in condition_terms(when)]
    if not terms:
        return lambda ev, piece: True

    def holds(ev: Event, piece: Piece) -> bool:
        return all(read(ev, piece) in allowed for read, allowed in terms)

    return holds


def in_force(
    start: date | None, end: date | None, clock: YearClock
) -> Callable[[datetime], bool] | None:
    """Whether a moment falls in ``[start, end)`` (local dates); ``None`` when unbounded."""
    if start is None and end is None:
        return None
    lo = datetime(start.year, start.month, start.day, tzinfo=clock.tz) if start else None
    hi = datetime(end.year, end.month, end.day, tzinfo=clock.tz) if end else None

    def inside(at: datetime) -> bool:
        return (lo is None or at >= lo) and (hi is None or at < hi)

    return inside
