"""Which events count in the assessed year, and towards which metrics, without a clock call.

The reference asks :meth:`~sqmy_core.scoring.clock.YearClock.attributed_year`
per event (two timezone conversions).  Here a time is first made one integer,
microseconds since 0001-01-01 UTC (:meth:`YearWindow.micros`): the local
fields minus the UTC offset, the offset of a fixed-offset timezone looked up
once.  Measured, that costs a fraction of *one* comparison of two aware
datetimes whose tzinfo objects differ (each side's ``utcoffset`` is a method
call by name), and a live event needs two or three comparisons.  Under
``attribution = "event"`` (the usual case) an event counts in year *Y*
exactly when its integer falls between those of the local starts of *Y* and
*Y + 1*.  Attribution by submission (with its grace period) asks the clock as
the reference does.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqmy_core.model import Event, Piece
from sqmy_core.rules.spec import Ruleset
from sqmy_core.scoring.clock import YearClock
from sqmy_core.scoring.conditions import compile_condition
from sqmy_core.scoring.keys import KeyReader
from sqmy_core.scoring.metrics import metrics_of_event

_MICROSECOND = timedelta(microseconds=1)


class YearWindow:
    """Whether an event of a piece is attributed to one assessment year."""

    __slots__ = ("by_submission", "clock", "hi", "lo", "tz", "tz_offset", "year")

    def __init__(self, clock: YearClock, year: int) -> None:
        self.clock = clock
        self.year = year
        self.tz = clock.tz
        self.tz_offset = self._offset(datetime(2000, 1, 1, tzinfo=clock.tz))
        """The ruleset's own offset in microseconds (most times carry it)."""
        self.lo = self.micros(clock.start(year))
        self.hi = self.micros(clock.start(year + 1))
        self.by_submission = clock.by_submission

    def micros(self, at: datetime) -> int:
        """``at`` as microseconds since 0001-01-01 00:00 UTC (exact; orders as instants do)."""
        # timezones compare by offset (no hashing, no method call): a time in the ruleset's own
        # offset, whatever its tzinfo object, takes the offset known; any other asks its tzinfo
        off = self.tz_offset if at.tzinfo == self.tz else self._offset(at)
        return ((((at.toordinal() * 24 + at.hour) * 60 + at.minute) * 60 + at.second) * 1_000_000
                + at.microsecond - off)  # fmt: skip

    @staticmethod
    def _offset(at: datetime) -> int:
        delta = at.utcoffset()
        return 0 if delta is None else delta // _MICROSECOND

    def place(self, t: int) -> int:
        """0 before the year, 1 in it, 2 after it (``t``: :meth:`micros` of the event's time)."""
        return 0 if t < self.lo else 1 if t < self.hi else 2

    def holds(self, ev: Event, piece: Piece) -> bool:
        if self.by_submission:
            return self.clock.attributed_year(ev.at, piece.submitted_at) == self.year
        return self.lo <= self.micros(ev.at) < self.hi


class EventMetrics:
    """The metrics one event counts towards (as :meth:`MetricIndex.of_event` names them)."""

    __slots__ = ("any_custom", "custom")

    def __init__(self, rs: Ruleset, keys: KeyReader) -> None:
        self.custom: dict[str, list[tuple[str, Callable[[Event, Piece], bool]]]] = {}
        for m in rs.metrics:
            self.custom.setdefault(m.event, []).append((m.id, compile_condition(m.when, keys)))
        self.any_custom = bool(self.custom)

    def names(self, ev: Event, piece: Piece) -> tuple[str, ...]:
        names = metrics_of_event(ev)
        if not self.any_custom:
            return names
        custom = self.custom.get(ev.type)
        if custom:
            names += tuple(name for name, holds in custom if holds(ev, piece))
        return names
