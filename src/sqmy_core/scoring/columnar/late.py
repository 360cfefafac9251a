"""Late dispatches (逾期报送) over the stream: the latest approval before each dispatch.

As :func:`sqmy_core.scoring.late.late_dispatches`: a dispatch on a route with
a deadline, after an approval, later than the deadline counted from that
approval.  Calendar days are a fixed number of microseconds; working-day
deadlines are computed once per distinct (approval day, days) pair.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from sqmy_core.rules.spec import Ruleset
from sqmy_core.scoring.clock import YearClock
from sqmy_core.scoring.columnar.stream import local_day_us, offset_us
from sqmy_core.scoring.deadlines import WorkCalendar

if TYPE_CHECKING:
    import polars as pl

DAY_US = 86_400_000_000


def late_rows(rs: Ruleset, stream: pl.DataFrame, clock: YearClock) -> pl.DataFrame:
    """(``pseq``, ``at_us``, ``seq``, ``year``, ``month``) of every late dispatch."""
    import polars as pl

    spec = rs.deadlines
    cols = {"pseq": pl.Int64, "at_us": pl.Int64, "seq": pl.Int64, "year": pl.Int64,
            "month": pl.Int64}  # fmt: skip
    if spec is None:
        return pl.DataFrame(schema=cols)
    # the seven columns kept are taken first: the filter then gathers those, not all
    ev = stream.select("pseq", "type", "route", "at_us", "seq", "year", "month").filter(
        (pl.col("seq") >= 0) & pl.col("type").is_in(["approved", "dispatched"])
    ).sort(["pseq", "at_us", "seq"]).select(
        "pseq", "type", "route", "at_us", "seq", "year", "month",
        approved=pl.when(pl.col("type") == "approved").then(pl.col("at_us"))
        .forward_fill().over("pseq"),
    )  # fmt: skip
    routes = list(spec.routes)
    disp = ev.filter(
        (pl.col("type") == "dispatched") & pl.col("route").is_in(routes)
        & pl.col("approved").is_not_null()
    ).with_columns(
        days=pl.col("route").replace_strict(routes, [spec.routes[r] for r in routes],
                                            return_dtype=pl.Int64)
    )  # fmt: skip
    if spec.count == "calendar_days":
        disp = disp.with_columns(due=pl.col("approved") + pl.col("days") * DAY_US)
    else:
        off = offset_us(clock)
        disp = disp.with_columns(
            day=pl.from_epoch(pl.col("approved") + off, time_unit="us").dt.date()
        )
        calendar = WorkCalendar(rs.calendar)
        pairs = disp.select("day", "days").unique().rows()
        table = pl.DataFrame(
            {
                "day": [p[0] for p in pairs],
                "days": [p[1] for p in pairs],
                "due": [
                    local_day_us(clock, calendar.add_working_days(day, n) + timedelta(days=1))
                    for day, n in pairs
                ],
            },
            schema={"day": pl.Date, "days": pl.Int64, "due": pl.Int64},
        )
        disp = disp.join(table, on=["day", "days"], how="left")
    return disp.filter(pl.col("at_us") > pl.col("due")).select(*cols)
