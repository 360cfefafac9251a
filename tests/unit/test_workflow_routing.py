"""Dispatch deadlines and the overdue queue (district 第四条 报送时限).

The district counts natural days × 24 hours from the approval; an
organization that counts working days lists its holidays and its make-up
working days (调休) in ``[calendar]``.  The tests below use the 2024
National Day arrangement: 1–7 October off, Sunday 29 September and
Saturday 12 October worked.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from attrs import evolve

from sqmy_core.rules.spec import CalendarSpec, DeadlineSpec, Ruleset
from sqmy_core.testing.builder import at
from sqmy_core.workflow import commands as cmd
from sqmy_core.workflow.routing import OverdueItem, due_at, overdue_queue
from sqmy_core.workflow.state import PieceState
from tests.unit.test_workflow_state import AUTHOR, STAFF, Flow, ruleset

NATIONAL_DAY = CalendarSpec(
    holidays=tuple(f"2024-10-0{d}" for d in range(1, 8)),
    workdays=("2024-09-29", "2024-10-12"),
)


def working_days(calendar: CalendarSpec = NATIONAL_DAY) -> Ruleset:
    rs = ruleset("district")
    spec = DeadlineSpec(routes={"direct": 2, "reference": 3}, count="working_days")
    return evolve(rs, deadlines=spec, calendar=calendar)


def approved(
    rs: Ruleset,
    piece: str,
    day: str,
    routes: tuple[str, ...] = (),
    dispatched: tuple[str, ...] = (),
) -> PieceState:
    """A piece approved at the hour after ``day`` (the flow's first step is submission)."""
    flow = Flow(rs, piece, start=day)
    flow.submit()
    flow.approve(routes=routes)
    for route in dispatched:
        flow.do(cmd.dispatch, STAFF, route=route)
    return flow.state


# --------------------------------------------------------------------------- due_at


def test_calendar_day_deadlines_per_route_from_the_approval() -> None:
    rs = ruleset("district")
    t = at("2024-03-05 10:00")
    assert due_at(rs, t, "direct") == at("2024-03-07 10:00")
    assert due_at(rs, t, "reference") == at("2024-03-10 10:00")
    assert due_at(rs, t, "transfer") == at("2024-03-19 10:00")
    assert due_at(rs, t, None) == at("2024-03-19 10:00")  # the longest
    assert due_at(rs, t, "bulletin") is None  # the policy sets no deadline for it


def test_a_make_up_sunday_counts_as_a_working_day() -> None:
    friday = at("2024-09-27 16:00")
    # Sunday 29th (调休) is the 1st working day, Monday 30th the 2nd: due at its end.
    assert due_at(working_days(), friday, "direct") == at("2024-10-01 00:00")
    # Without the make-up day the 2nd working day would fall after the holiday.
    plain = working_days(CalendarSpec(holidays=NATIONAL_DAY.holidays))
    assert due_at(plain, friday, "direct") == at("2024-10-09 00:00")


def test_the_holiday_week_does_not_count() -> None:
    monday = at("2024-09-30 10:00")
    # 1–7 October are off: Tuesday 8th and Wednesday 9th are the two working days.
    assert due_at(working_days(), monday, "direct") == at("2024-10-10 00:00")
    # Three working days from Friday 27 September: 29th, 30th, then 8 October.
    assert due_at(working_days(), at("2024-09-27 16:00"), "reference") == at("2024-10-09 00:00")


def test_working_days_are_counted_in_the_rulesets_timezone() -> None:
    # 16:30 UTC on Sunday 29 September is 00:30 on Monday 30 September in Beijing.
    utc = at("2024-09-29T16:30:00+00:00")
    rs = evolve(working_days(), deadlines=DeadlineSpec(routes={"direct": 1}, count="working_days"))
    assert due_at(rs, utc, "direct") == at("2024-10-09 00:00")


def test_no_deadlines_no_due_time() -> None:
    assert due_at(ruleset("party"), at("2024-03-05 10:00"), "direct") is None


# --------------------------------------------------------------------------- the queue


def test_overdue_queue_with_calendar_days() -> None:
    rs = ruleset("district")
    on_time = approved(rs, "A", "2024-03-01 08:00", ("direct", "reference"), ("direct",))
    unsent = approved(rs, "B", "2024-03-01 08:00")  # approved 03-01 12:00, no route planned
    bulletin = approved(rs, "C", "2024-03-01 08:00", ("bulletin",))
    sent_anyway = approved(rs, "D", "2024-03-01 08:00", (), ("transfer",))
    late_two = approved(rs, "E", "2024-03-02 08:00", ("direct", "transfer"))
    in_review = Flow(rs, "F", start="2024-03-01 08:00").submit()
    states = [on_time, unsent, bulletin, sent_anyway, late_two, in_review]

    assert on_time.approved_at == at("2024-03-01 12:00")
    now = at("2024-03-16 12:00")
    queue = overdue_queue(rs, states, now)
    assert [(i.piece, i.route, i.due) for i in queue] == [
        ("E", "direct", at("2024-03-04 12:00")),
        ("A", "reference", at("2024-03-06 12:00")),
        ("B", None, at("2024-03-15 12:00")),
    ]
    assert [i.overdue_by for i in queue] == [
        timedelta(days=12),
        timedelta(days=10),
        timedelta(days=1),
    ]
    assert queue[0] == OverdueItem(
        "E", "direct", at("2024-03-04 12:00"), timedelta(days=12), at("2024-03-02 12:00")
    )
    # E's transfer (14 days, due 03-16 12:00) is due now but not yet late.
    later = overdue_queue(rs, states, at("2024-03-16 12:00:01"))
    assert ("E", "transfer") in [(i.piece, i.route) for i in later]


def test_a_late_route_leaves_the_queue_once_dispatched() -> None:
    rs = ruleset("district")
    flow = Flow(rs, "A", start="2024-03-01 08:00")
    flow.submit()
    flow.approve(routes=("direct",))
    now = at("2024-03-05 00:00")
    assert [i.route for i in overdue_queue(rs, [flow.state], now)] == ["direct"]
    flow.do(cmd.dispatch, STAFF, route="direct")
    assert overdue_queue(rs, [flow.state], now) == []


def test_overdue_queue_with_working_days_over_the_holiday() -> None:
    rs = working_days()
    # Approved Friday 27 September 16:00 (submitted 12:00, three passes).
    friday = approved(rs, "F", "2024-09-27 11:00", ("direct", "reference"))
    assert friday.approved_at == at("2024-09-27 15:00")
    # Approved Monday 30 September 10:00.
    monday = approved(rs, "M", "2024-09-30 06:00", ("direct",))
    assert overdue_queue(rs, [friday, monday], at("2024-09-30 23:59")) == []
    queue = overdue_queue(rs, [friday, monday], at("2024-10-09 08:00"))
    assert [(i.piece, i.route, i.due) for i in queue] == [
        ("F", "direct", at("2024-10-01 00:00")),
        ("F", "reference", at("2024-10-09 00:00")),
    ]
    assert queue[0].overdue_by == timedelta(days=8, hours=8)
    queue = overdue_queue(rs, [friday, monday], at("2024-10-10 00:00:01"))
    assert ("M", "direct") in [(i.piece, i.route) for i in queue]


@pytest.mark.parametrize("name", ["party", "committee"])
def test_rulesets_without_deadlines_queue_nothing(name: str) -> None:
    rs = ruleset(name)
    flow = Flow(rs, "A", start="2024-01-02 08:00")
    flow.submit(AUTHOR)
    if rs.review is not None:
        flow.approve()
    assert overdue_queue(rs, [flow.state], at("2025-01-01")) == []


def test_accepted_pieces_are_not_queued_even_with_deadlines() -> None:
    party = ruleset("party")
    rs = evolve(party, deadlines=DeadlineSpec(routes={"direct": 2}))
    flow = Flow(rs, "A", start="2024-01-02 08:00")
    flow.submit(AUTHOR)
    assert flow.state.status == "accepted"
    assert overdue_queue(rs, [flow.state], at("2025-01-01")) == []
