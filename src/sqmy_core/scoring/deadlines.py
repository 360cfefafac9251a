"""Dispatch deadlines (报送时限) in calendar or working days, and overdue pieces.

Calendar days are whole 24-hour days from the approval (``2`` days after
10:00 on the 5th is 10:00 on the 7th).  Working days skip weekends and
holidays and count make-up working days (调休); the deadline is the end
(24:00) of the N-th working day after the approval's day.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo

from sqmy_core.rules.spec import CalendarSpec, DeadlineSpec


class WorkCalendar:
    """Which local dates are working days, from a ruleset's ``[calendar]``."""

    def __init__(self, spec: CalendarSpec) -> None:
        self.weekend = frozenset(spec.weekend)
        self.holidays = frozenset(date.fromisoformat(d) for d in spec.holidays)
        self.workdays = frozenset(date.fromisoformat(d) for d in spec.workdays)

    def is_working(self, day: date) -> bool:
        if day in self.workdays:
            return True
        return day.isoweekday() not in self.weekend and day not in self.holidays

    def add_working_days(self, day: date, n: int) -> date:
        """The n-th working day after ``day`` (``day`` itself when n is 0)."""
        current = day
        while n > 0:
            current += timedelta(days=1)
            if self.is_working(current):
                n -= 1
        return current

    def first_working_day(self, first: date, last: date) -> date | None:
        day = first
        while day <= last:
            if self.is_working(day):
                return day
            day += timedelta(days=1)
        return None

    def last_working_day(self, first: date, last: date) -> date | None:
        day = last
        while day >= first:
            if self.is_working(day):
                return day
            day -= timedelta(days=1)
        return None


def deadline(
    start: datetime, days: int, spec: DeadlineSpec, calendar: WorkCalendar, tz: tzinfo
) -> datetime:
    """The last moment a dispatch counts as on time."""
    if spec.count == "calendar_days":
        return start + timedelta(days=days)
    local_day = start.astimezone(tz).date()
    end_day = calendar.add_working_days(local_day, days)
    return datetime(end_day.year, end_day.month, end_day.day, tzinfo=tz) + timedelta(days=1)
