"""Counts of distinct pieces per metric, per entity, per period.

A metric (``submitted``, ``approved``, ``adopted`` ...) is met by a piece in a
period when the piece has such an event attributed to that period.  Quotas,
ranking tie-breakers, ``adopted_pieces``, bulletins and ``stats`` all count
through this one index, so they agree with each other by construction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from sqmy_core.model import Event, Piece
from sqmy_core.model.vocab import METRICS
from sqmy_core.rules.spec_model import MetricSpec
from sqmy_core.scoring.clock import YearClock
from sqmy_core.scoring.conditions import compile_condition
from sqmy_core.scoring.keys import KeyReader

YearMonth = tuple[int, int]

_METRIC_OF_TYPE = {
    "approved": "approved",
    "adopted": "adopted",
    "instructed": "instructed",
    "handled": "handled",
    "dispatched": "dispatched",
    "rejected": "rejected",
    "returned": "returned",
}


def metrics_of_event(ev: Event) -> tuple[str, ...]:
    """The metrics one event counts towards."""
    metric = _METRIC_OF_TYPE.get(ev.type)
    if metric is None:
        return ()
    if metric == "handled" and ev.outcome == "implemented":
        return ("handled", "implemented")
    return (metric,)


class MetricIndex:
    """For every piece and metric, the (year, month) periods in which it counts."""

    def __init__(
        self,
        clock: YearClock,
        pieces: Sequence[Piece],
        events_by_piece: Mapping[str, Sequence[tuple[int, Event]]],
        custom: Sequence[MetricSpec] = (),
        keys: KeyReader | None = None,
    ) -> None:
        self.names: tuple[str, ...] = (*METRICS, *(m.id for m in custom))
        extra: dict[str, list[tuple[str, Callable[[Event, Piece], bool]]]] = {}
        for m in custom:
            if keys is None:
                break
            extra.setdefault(m.event, []).append((m.id, compile_condition(m.when, keys)))
        self._clock = clock
        self._extra = extra
        self._periods: dict[str, dict[str, set[YearMonth]]] = {}
        self._years: dict[str, dict[str, set[int]]] = {}
        for piece in pieces:
            self.index_piece(piece, events_by_piece.get(piece.id, ()))

    def index_piece(self, piece: Piece, events: Sequence[tuple[int, Event]]) -> None:
        """(Re)index one piece from its (index, event) stream (live standings re-index a piece
        when an event arrives)."""
        clock, extra = self._clock, self._extra
        by_metric: dict[str, set[YearMonth]] = {}
        year = clock.year_of(piece.submitted_at)
        by_metric["submitted"] = {(year, clock.period_month(piece.submitted_at, year))}
        if "submitted" in extra:
            sub = Event(piece=piece.id, type="submitted", at=piece.submitted_at)
            for name, holds in extra["submitted"]:
                if holds(sub, piece):
                    by_metric[name] = set(by_metric["submitted"])
        for _, ev in events:
            names, ym = self.of_event(piece, ev)
            for name in names:
                by_metric.setdefault(name, set()).add(ym)
        self._periods[piece.id] = by_metric
        self._years[piece.id] = {m: {y for y, _ in yms} for m, yms in by_metric.items()}

    def of_event(self, piece: Piece, ev: Event) -> tuple[tuple[str, ...], YearMonth]:
        """The metrics one event of the piece counts towards, and the (year, month) it counts in.

        A piece's metrics are the union over its events, so a new event adds
        exactly these (live standings rely on that).
        """
        names = metrics_of_event(ev)
        custom_here = self._extra.get(ev.type)
        if custom_here:
            names = names + tuple(name for name, holds in custom_here if holds(ev, piece))
        if not names:
            return (), (0, 0)
        clock = self._clock
        y = clock.attributed_year(ev.at, piece.submitted_at)
        return names, (y, clock.period_month(ev.at, y))

    def drop_piece(self, piece: str) -> None:
        self._periods.pop(piece, None)
        self._years.pop(piece, None)

    def metrics_in(self, piece: str, year: int) -> tuple[str, ...]:
        """The metrics the piece counts towards in ``year``."""
        return tuple(m for m, years in self._years.get(piece, {}).items() if year in years)

    def periods(self, piece: str, metric: str) -> set[YearMonth]:
        return self._periods.get(piece, {}).get(metric, set())

    def has(self, piece: str, metric: str, year: int) -> bool:
        years = self._years.get(piece, {}).get(metric)
        return years is not None and year in years

    def count(self, pieces: Iterable[str], metric: str, year: int) -> int:
        """Distinct pieces among ``pieces`` with the metric in ``year``."""
        return sum(1 for p in set(pieces) if self.has(p, metric, year))

    def count_in_months(
        self, pieces: Iterable[str], metric: str, year: int, months: Iterable[int]
    ) -> int:
        """Distinct pieces among ``pieces`` with the metric in some month of ``months``."""
        wanted = {(year, m) for m in months}
        return sum(1 for p in set(pieces) if self.periods(p, metric) & wanted)

    def counts(self, pieces: Iterable[str], year: int) -> dict[str, int]:
        """Every metric's count for ``pieces`` in ``year`` (one pass over the pieces)."""
        out = dict.fromkeys(self.names, 0)
        for p in set(pieces):
            for metric, years in self._years.get(p, {}).items():
                if year in years:
                    out[metric] += 1
        return out
