"""Assessment years in a ruleset's timezone, and which year an event belongs to.

A year runs from 1 January 00:00 to 31 December 24:00 local time (e.g.
北京时间).  With ``attribution = "submission"`` an event counts in its piece's
submission year while it happens before the end of the grace day
(``grace_until``) of the following year, and in its own year after that.
Attributed years never go backwards in time, so "this year's points =
cumulative to this year's cut-off - cumulative to last year's" holds.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqmy_core.rules.spec import YearSpec


def parse_offset(text: str) -> timezone:
    """``+08:00`` -> a fixed-offset timezone (the ruleset check has vetted the text)."""
    sign = -1 if text[0] == "-" else 1
    hours, minutes = int(text[1:3]), int(text[4:6])
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


class YearClock:
    """Year arithmetic for one ruleset; pure and cheap to build."""

    def __init__(self, spec: YearSpec) -> None:
        self.tz = parse_offset(spec.timezone)
        self.by_submission = spec.attribution == "submission"
        grace = spec.grace_until
        self._grace = (int(grace[:2]), int(grace[3:5])) if grace else None
        self._cutoffs: dict[int, datetime] = {}

    def start(self, year: int) -> datetime:
        """1 January 00:00 of ``year`` in local time."""
        return datetime(year, 1, 1, tzinfo=self.tz)

    def local(self, at: datetime) -> datetime:
        return at.astimezone(self.tz)

    def year_of(self, at: datetime) -> int:
        return at.astimezone(self.tz).year

    def _cutoff(self, submission_year: int) -> datetime:
        """The first moment that no longer counts in ``submission_year``."""
        cut = self._cutoffs.get(submission_year)
        if cut is None:
            if self._grace is None:
                cut = self.start(submission_year + 1)
            else:
                month, day = self._grace
                cut = datetime(submission_year + 1, month, day, tzinfo=self.tz) + timedelta(days=1)
            self._cutoffs[submission_year] = cut
        return cut

    def attributed_year(self, at: datetime, submitted_at: datetime) -> int:
        """The assessment year an event at ``at`` of a piece submitted at ``submitted_at`` counts in."""
        if not self.by_submission:
            return self.year_of(at)
        sub_year = self.year_of(submitted_at)
        if at < self._cutoff(sub_year):
            return sub_year
        return self.year_of(at)

    def period_month(self, at: datetime, year: int) -> int:
        """The month (1-12) an event counts in within its attributed ``year``.

        An event carried back into an earlier year by the grace period counts
        in that year's December.
        """
        local = at.astimezone(self.tz)
        return local.month if local.year == year else 12
