"""Policy variants 26–27 (F: time), worked by hand.

Attribution to the event's year or to the submission year with a grace
period (民建北京: 次年 1 月 31 日前采用的计入报送年度); a revised points table
from a date, written as rule windows with a shared ``group`` so "highest
level once" tops up across the change; a past year under the ruleset then in
force (the pure engine assesses with the ruleset it is given; choosing the
version by ``effective_from`` is the workspace's part).
"""

from __future__ import annotations

from datetime import date

import pytest

from sqmy_core.rules.load import parse_ruleset
from sqmy_core.rules.spec import Ruleset
from sqmy_core.scoring.assess import assess
from sqmy_core.testing.builder import DatasetBuilder

HEAD = """
format = "sqmy-ruleset/2"
organization = "variant-f"
title = "变体 F：时间"
[scope]
roles = ["member"]
unit_kinds = ["sector"]
[scoring.split]
mode = "full"
"""

ADOPTED_5 = """
[[scoring.rules]]
id = "adopted"
event = "adopted"
points = 5
"""


def ruleset(body: str, head: str = HEAD) -> Ruleset:
    return parse_ruleset(head + body, "variant-f.toml")


# ---------------------------------------------------------------- 26 年度归属


def attribution_dataset() -> DatasetBuilder:
    b = DatasetBuilder().person("p", "member")
    b.piece("a", "p", submitted="2023-12-20").event("a", "adopted", "2024-01-15")
    b.piece("d", "p", submitted="2023-12-21").event("d", "adopted", "2024-01-31 23:30")
    b.piece("b", "p", submitted="2023-12-22").event("b", "adopted", "2024-02-01 00:00")
    b.piece("c", "p", submitted="2024-03-01").event("c", "adopted", "2024-03-15")
    return b


@pytest.mark.parametrize(
    ("year_table", "in_2023", "in_2024"),
    [
        # 计入事件发生的年度：四次采用都在 2024 年
        ('[year]\nattribution = "event"\n', 0, 20),
        # 计入报送年度、宽限到次年 1 月 31 日（含当日）：a、d 计入 2023；b（2 月 1 日）、c 计入 2024
        ('[year]\nattribution = "submission"\ngrace_until = "01-31"\n', 10, 10),
    ],
)
def test_26_event_year_or_submission_year_with_a_grace_period(
    year_table: str, in_2023: int, in_2024: int
) -> None:
    rs = ruleset(ADOPTED_5 + year_table)
    ds = attribution_dataset().build()
    assert assess(rs, ds, 2023).person("p").points == in_2023
    assert assess(rs, ds, 2024).person("p").points == in_2024


def test_26_quotas_follow_the_attribution_and_carried_back_events_count_in_december() -> None:
    rs = ruleset(
        ADOPTED_5
        + """
[year]
attribution = "submission"
grace_until = "01-31"
[[quotas]]
id = "q"
entity = "person"
roles = ["member"]
metric = "adopted"
min = 1
period = "quarter"
"""
    )
    q = assess(rs, attribution_dataset().build(), 2023).person("p").quotas[0]
    # a、d 的采用在 2024 年 1 月，计入 2023 年，并放在 2023 年 12 月（第四季度）
    assert q.counts == (0, 0, 0, 2)


def test_26_one_publication_counted_per_quarter_beside_the_yearly_points() -> None:
    """民进吕梁: the nearest TOML — a metric for one publication counted per quarter.

    A quarterly *ranking* of one publication beside the yearly ranking of the
    rest has no key of its own (see the report); the counts it would rank are
    here.
    """
    rs = ruleset(
        ADOPTED_5
        + """
[vocabulary]
bodies = [{ id = "mj-lvliang", name = "《民进吕梁信息》", level = "city" }]
[[metrics]]
id = "own_adopted"
event = "adopted"
when = { bodies = ["mj-lvliang"] }
label = "本刊采用"
[[quotas]]
id = "own_quarterly"
entity = "person"
roles = ["member"]
metric = "own_adopted"
min = 0
period = "quarter"
"""
    )
    b = DatasetBuilder().person("p", "member")
    b.piece("a", "p", submitted="2024-01-05").event("a", "adopted", "2024-02-01", body="mj-lvliang")
    b.piece("b", "p", submitted="2024-04-05").event("b", "adopted", "2024-05-01", body="mj-lvliang")
    b.piece("c", "p", submitted="2024-04-06").event("c", "adopted", "2024-05-02", body="cppcc-city")
    b.piece("d", "p", submitted="2024-07-05").event("d", "adopted", "2024-11-01", body="mj-lvliang")
    p = assess(rs, b.build(), 2024).person("p")
    assert p.quotas[0].counts == (1, 1, 0, 1)  # 本刊每季度采用篇数；c 为市政协采用，不计
    assert p.points == 20  # 全年积分照常：4 × 5


# ---------------------------------------------------------------- 27 规则修订

REVISED_TABLE = """
[[scoring.rules]]
id = "adopted_old"
event = "adopted"
by = "level"
values = { county = 2, city = 5 }
combine = "highest"
applies_until = 2024-07-01
group = "adoption"
label = "采用（旧标准）"
[[scoring.rules]]
id = "adopted_new"
event = "adopted"
by = "level"
values = { county = 3, city = 8 }
combine = "highest"
applies_from = 2024-07-01
group = "adoption"
label = "采用（7 月 1 日起新标准）"
"""


def test_27_a_revised_table_from_a_date_with_highest_once_across_the_change() -> None:
    rs = ruleset(REVISED_TABLE)
    b = DatasetBuilder().person("p", "member")
    b.piece("a", "p", submitted="2024-02-01")
    b.event("a", "adopted", "2024-03-01", body="cppcc-county")  # 旧标准 2
    b.event("a", "adopted", "2024-09-01", body="cppcc-city")  # 新标准 8：补差到 8
    b.piece("b", "p", submitted="2024-02-01")
    b.event("b", "adopted", "2024-07-01 00:00", body="cppcc-county")  # 7 月 1 日零时起：新标准 3
    b.piece("c", "p", submitted="2024-02-01")
    b.event("c", "adopted", "2024-06-30 23:30", body="cppcc-city")  # 6 月 30 日：旧标准 5
    b.event("c", "adopted", "2024-10-01", body="cppcc-county")  # 新标准 3 < 5：不变
    # a 8 + b 3 + c 5 = 16
    assert assess(rs, b.build(), 2024).person("p").points == 16
    # 不设 group：新旧两条各自“按最高计一次”，a 变成 2 + 8，c 变成 5 + 3：10 + 3 + 8 = 21
    separate = ruleset(REVISED_TABLE.replace('group = "adoption"\n', ""))
    assert assess(separate, b.build(), 2024).person("p").points == 21


def test_27_a_change_at_a_year_boundary_tops_up_what_the_old_table_gave() -> None:
    rs = ruleset(
        REVISED_TABLE.replace("2024-07-01", "2024-01-01")
    )
    b = DatasetBuilder().person("p", "member")
    b.piece("x", "p", submitted="2023-05-01")
    b.event("x", "adopted", "2023-06-01", body="cppcc-county")  # 2023 年旧标准 2
    b.event("x", "adopted", "2024-03-01", body="cppcc-city")  # 2024 年新标准 8
    ds = b.build()
    assert assess(rs, ds, 2023).person("p").points == 2
    assert assess(rs, ds, 2024).person("p").points == 6  # 8 − 已计的 2


OLD_RULES = """
[[scoring.rules]]
id = "adopted"
event = "adopted"
by = "level"
values = { county = 2, city = 5 }
combine = "highest"
"""
NEW_RULES = OLD_RULES.replace("{ county = 2, city = 5 }", "{ county = 3, city = 8 }")


def in_force_from(day: str) -> str:
    """The head with a top-level ``effective_from`` (top-level keys come before any table)."""
    return HEAD.replace("[scope]", f"effective_from = {day}\n[scope]")


def test_27_a_past_year_under_the_ruleset_then_in_force() -> None:
    old = ruleset(OLD_RULES, in_force_from("2023-01-01"))
    new = ruleset(NEW_RULES, in_force_from("2024-01-01"))
    assert (old.effective_from, new.effective_from) == (date(2023, 1, 1), date(2024, 1, 1))
    b = DatasetBuilder().person("p", "member")
    b.piece("x", "p", submitted="2023-05-01")
    b.event("x", "adopted", "2023-06-01", body="cppcc-county")
    b.event("x", "adopted", "2024-03-01", body="cppcc-city")
    b.piece("y", "p", submitted="2023-05-01").event("y", "adopted", "2023-08-01", body="cppcc-city")
    ds = b.build()
    # 2023 年按当时施行的旧办法重算：x 县级 2 + y 市级 5 = 7（新办法不改变它）
    assert assess(old, ds, 2023).person("p").points == 7
    # 新办法下的 2023 年会是 3 + 8 = 11 —— 这正是重算往年时不应采用的结果
    assert assess(new, ds, 2023).person("p").points == 11
    # 2024 年按新办法：x 累计 8 − 新办法下截至 2023 年末的 3 = 5
    # （整套办法换版时，按年累计差额用的是同一版办法；要在旧分上补差，用上面的规则时段与 group）
    assert assess(new, ds, 2024).person("p").points == 5


# ---------------------------------------------------------------- combination


def test_combination_grace_period_revised_table_prorated_quota_and_flag() -> None:
    """26 + 27 + 19 + 20: submission year with a grace period, a table revised on 1 January
    2024 (windows by the event's date, topped up in one group), a pro-rated quota and a flag."""
    rs = ruleset(
        REVISED_TABLE.replace("2024-07-01", "2024-01-01")
        + """
[year]
attribution = "submission"
grace_until = "01-31"
[[quotas]]
id = "adopted_q"
entity = "person"
roles = ["member"]
metric = "adopted"
min = 4
tenure = "prorate"
[[flags]]
id = "talk"
label = "谈话"
below_points = 10
full_tenure = false
"""
    )
    b = DatasetBuilder().person("p", "member", since="2023-07-01").person("q", "member")
    b.piece("a", "p", submitted="2023-08-01").event("a", "adopted", "2023-09-01", body="cppcc-county")
    b.piece("b", "p", submitted="2023-12-10").event("b", "adopted", "2024-01-20", body="cppcc-city")
    b.piece("c", "p", submitted="2023-11-01")
    b.event("c", "adopted", "2023-11-10", body="cppcc-county")
    b.event("c", "adopted", "2024-03-01", body="cppcc-city")
    ds = b.build()
    y2023, y2024 = assess(rs, ds, 2023), assess(rs, ds, 2024)
    p23, p24 = y2023.person("p"), y2024.person("p")
    # 2023：a 旧标准县级 2；b 1 月 20 日采用（宽限期内）计入 2023，但按事件日期用新标准市级 8；
    # c 县级 2：2 + 8 + 2 = 12 ≥ 10，不谈话
    assert p23.points == 12 and p23.flags == ()
    # 采用指标按在任时间折算：4 × 184/365 = 2.01… 向上取整 3；2023 年采用 a、b、c 三篇：完成
    assert p23.quotas[0].minimums == (3,) and p23.quotas_met is True
    # 2024：c 3 月市级采用（宽限期后）计入 2024，新标准 8，补差 8 − 2 = 6 < 10：谈话
    assert p24.points == 6 and p24.flags == ("talk",)
    # 全年在任：指标 4，2024 年采用 1 篇（c）：未完成
    assert p24.quotas[0].minimums == (4,) and p24.quotas_met is False
    # q：2023 年全年在任，没有信息：0 分，谈话；指标 4 未完成
    q23 = y2023.person("q")
    assert (q23.points, q23.flags, q23.quotas_met) == (0, ("talk",), False)
