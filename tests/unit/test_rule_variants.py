"""Rule kinds the three example policies do not use, as other organizations write them.

Each test writes a small ruleset the way an office would (points per level
such as 5/10/30/100, a base score with grades, deductions, quarterly and
monthly quotas, award quotas by percentage, working-day deadlines, a cap
per piece) and checks hand-worked numbers.
"""

from __future__ import annotations

from fractions import Fraction

from sqmy_core.rules import parse_ruleset
from sqmy_core.rules.spec import Ruleset
from sqmy_core.scoring import assess
from sqmy_core.testing import DatasetBuilder

HEAD = """
format = "sqmy-ruleset/1"
organization = "variant"
title = "变体"
[scope]
roles = ["member"]
unit_kinds = ["sector", "committee"]
[scoring.split]
mode = "full"
"""


def ruleset(body: str) -> Ruleset:
    return parse_ruleset(HEAD + body, "variant.toml")


def people(n: int = 3) -> DatasetBuilder:
    b = DatasetBuilder().unit("s1", "sector").unit("s2", "sector").unit("c1", "committee")
    for i in range(1, n + 1):
        b.person(f"p{i}", "member", units=("s1",))
    return b


def test_points_per_level_5_10_30_100_and_a_deduction_for_rejection() -> None:
    rs = ruleset("""
[[scoring.rules]]
id = "adopted"
event = "adopted"
by = "level"
values = { county = 5, city = 10, province = 30, national = 100 }
combine = "sum_distinct"
[[scoring.rules]]
id = "rejected"
event = "rejected"
points = -1
""")
    b = people()
    b.piece("a", "p1", submitted="2024-02-01").event(
        "a", "adopted", "2024-03-01", body="cppcc-city"
    )
    b.event("a", "adopted", "2024-03-02", body="cpc-city-office")  # same level: counted once
    b.event("a", "adopted", "2024-04-01", body="cppcc-national")
    b.piece("b", "p1", submitted="2024-02-01").event("b", "rejected", "2024-02-03")
    # 市级 10（同级两个机构只计一次）+ 国家级 100 − 不予上报 1 = 109
    assert assess(rs, b.build(), 2024).person("p1").points == 109


def test_base_score_with_grades_and_percentage_award_quota() -> None:
    rs = ruleset("""
[scoring]
base_points = 60
[[scoring.rules]]
id = "submitted"
event = "submitted"
points = 2
[[awards]]
id = "grade"
entity = "person"
tiers = [{ label = "优秀", top_percent = 25 }, { label = "合格", min_points = 60 }]
""")
    b = people(8)
    for i in range(1, 9):
        for k in range(i):
            b.piece(f"x{i}-{k}", f"p{i}", submitted="2024-05-01")
    result = assess(rs, b.build(), 2024)
    # 基础分 60 + 每篇 2 分：p8 = 76 … p1 = 62；8 人的 25% = 2 人“优秀”
    assert result.person("p8").points == 76 and result.person("p1").points == 62
    assert [p.award for p in result.people] == ["优秀", "优秀"] + ["合格"] * 6


def test_quarterly_quota_needs_every_quarter() -> None:
    rs = ruleset("""
[[scoring.rules]]
id = "submitted"
event = "submitted"
points = 1
[[quotas]]
id = "q"
entity = "person"
roles = ["member"]
metric = "submitted"
min = 1
period = "quarter"
""")
    b = people(2)
    for month in ("01", "04", "07", "10"):
        b.piece(f"p1-{month}", "p1", submitted=f"2024-{month}-15")
    for month in ("01", "02", "07", "10"):  # 第二季度空缺
        b.piece(f"p2-{month}", "p2", submitted=f"2024-{month}-15")
    result = assess(rs, b.build(), 2024)
    assert result.person("p1").quotas_met is True
    p2 = result.person("p2")
    assert p2.quotas_met is False and p2.quotas[0].counts == (2, 0, 1, 1)


def test_monthly_quota_for_units_and_first_author_only_quota() -> None:
    rs = ruleset("""
[[scoring.rules]]
id = "submitted"
event = "submitted"
points = 1
[[quotas]]
id = "unit-monthly"
entity = "unit"
unit_kinds = ["committee"]
metric = "submitted"
min = 1
period = "month"
[[quotas]]
id = "lead"
entity = "person"
roles = ["member"]
metric = "submitted"
min = 1
joint = "first"
""")
    b = people(2)
    for m in range(1, 13):
        b.piece(f"c-{m}", "p1", "p2", submitted=f"2024-{m:02d}-10", unit="c1")
    result = assess(rs, b.build(), 2024)
    assert result.unit("c1").quotas_met is True
    assert result.person("p1").quotas_met is True
    assert result.person("p2").quotas_met is False  # 只作为第二作者，不计


def test_cap_per_piece_across_rules() -> None:
    rs = ruleset("""
[scoring]
piece_cap = 12
[[scoring.rules]]
id = "adopted"
event = "adopted"
by = "body"
values = { cppcc-city = 8 }
[[scoring.rules]]
id = "instructed"
event = "instructed"
by = "rank"
values = { principal = 6, deputy = 3 }
""")
    b = people(1)
    b.piece("a", "p1", submitted="2024-01-05").event(
        "a", "adopted", "2024-02-01", body="cppcc-city"
    )
    b.event("a", "instructed", "2025-03-01", level="city", rank="principal")
    ds = b.build()
    # 采用 8；次年批示 6，但每篇合计封顶 12：2025 年只补 4
    assert assess(rs, ds, 2024).person("p1").points == 8
    assert assess(rs, ds, 2025).person("p1").points == 4


def test_when_filters_route_and_outcome_tables() -> None:
    rs = ruleset(
        """
[[scoring.rules]]
id = "direct"
event = "dispatched"
by = "route"
values = { direct = Fraction_placeholder }
""".replace("Fraction_placeholder", "0.5")
        + """
[[scoring.rules]]
id = "province_adoption_only"
event = "adopted"
points = 3
when = { levels = ["province", "national"] }
[[scoring.rules]]
id = "handled"
event = "handled"
by = "outcome"
values = { implemented = 2, under_study = 1 }
combine = "highest"
"""
    )
    b = people(1)
    b.piece("a", "p1", submitted="2024-01-05")
    b.event("a", "dispatched", "2024-01-06", route="direct").event(
        "a", "dispatched", "2024-01-06", route="bulletin"
    )
    b.event("a", "adopted", "2024-02-01", body="cppcc-city").event(
        "a", "adopted", "2024-03-01", body="party-province"
    )
    b.event("a", "handled", "2024-04-01", outcome="under_study").event(
        "a", "handled", "2024-06-01", outcome="implemented"
    )
    # 直报 0.5 + 省级采用 3（市级不计）+ 办理取最高 2 = 5.5
    assert assess(rs, b.build(), 2024).person("p1").points == Fraction("5.5")


def test_working_day_deadlines_in_the_assessment() -> None:
    rs = ruleset("""
[[scoring.rules]]
id = "approved"
event = "approved"
points = 1
[deadlines]
count = "working_days"
routes = { direct = 2 }
[calendar]
holidays = ["2024-10-01", "2024-10-02", "2024-10-03", "2024-10-04", "2024-10-07"]
workdays = ["2024-10-12"]
""")
    b = people(1)
    # 9 月 30 日（周一）审定；第 1 个工作日 10 月 8 日，第 2 个 10 月 9 日：时限为 10 月 9 日 24 时
    b.piece("ok", "p1", submitted="2024-09-29").event("ok", "approved", "2024-09-30 10:00")
    b.event("ok", "dispatched", "2024-10-09 23:59", route="direct")
    b.piece("late", "p1", submitted="2024-09-29").event("late", "approved", "2024-09-30 10:00")
    b.event("late", "dispatched", "2024-10-10 00:01", route="direct")
    # 10 月 11 日（周五）审定；12 日周六调休上班为第 1 个工作日，14 日（周一）为第 2 个
    b.piece("swap", "p1", submitted="2024-10-10").event("swap", "approved", "2024-10-11 10:00")
    b.event("swap", "dispatched", "2024-10-15 00:01", route="direct")
    assert assess(rs, b.build(), 2024).overdue == ("late", "swap")


def test_units_ranked_by_kind_and_awards_limited_to_roles() -> None:
    rs = ruleset("""
[[scoring.rules]]
id = "submitted"
event = "submitted"
points = 1
[rankings.units]
order = ["points", "submitted_pieces"]
group_by = "unit_kind"
[[awards]]
id = "best-unit"
entity = "unit"
unit_kinds = ["committee"]
tiers = [{ label = "优秀专委会", max_rank = 1 }]
""")
    b = people(1)
    for i in range(3):
        b.piece(f"s1-{i}", "p1", submitted="2024-03-01", unit="s1")
    b.piece("s2-0", "p1", submitted="2024-03-01", unit="s2")
    b.piece("c1-0", "p1", submitted="2024-03-01", unit="c1")
    result = assess(rs, b.build(), 2024)
    assert [(u.id, u.rank) for u in result.units] == [("s1", 1), ("s2", 2), ("c1", 1)]
    assert result.unit("s1").award is None  # 界别不参评
    assert result.unit("c1").award == "优秀专委会"
