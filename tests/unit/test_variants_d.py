"""Policy variants 18–20 (D: quotas and flags), worked by hand.

Quotas by metric, role, unit class and period, joint pieces counted for
each author or the first only; tenure (periods before taking office not
assessed, a yearly quota pro-rated); flags from points and from quotas,
one year or two running, several at once.  Numbers come from the variants'
text (``../shared/policy-variants.md``), the arithmetic is in the comments.
"""

from __future__ import annotations

import pytest

from sqmy_core.rules.load import parse_ruleset
from sqmy_core.rules.spec import Ruleset
from sqmy_core.scoring.assess import assess
from sqmy_core.testing.builder import DatasetBuilder

HEAD = """
format = "sqmy-ruleset/2"
organization = "variant-d"
title = "变体 D：任务指标与标记"
[scope]
roles = ["member", "special_officer"]
unit_kinds = ["sector", "committee"]
[scoring.split]
mode = "full"
[[scoring.rules]]
id = "adopted"
event = "adopted"
points = 5
"""


def ruleset(body: str) -> Ruleset:
    return parse_ruleset(HEAD + body, "variant-d.toml")


def quota(
    metric: str, minimum: int, period: str = "year", extra: str = "", qid: str = "q"
) -> str:
    return f"""
[[quotas]]
id = "{qid}"
entity = "person"
roles = ["member"]
metric = "{metric}"
min = {minimum}
period = "{period}"
{extra}
"""


# ---------------------------------------------------------------- 18 指标


def test_18_jiulongpo_every_member_at_least_one_adopted_a_year() -> None:
    rs = ruleset(quota("adopted", 1))
    b = DatasetBuilder().person("p1", "member").person("p2", "member")
    b.piece("a", "p1", submitted="2024-03-01").event("a", "adopted", "2024-04-01")
    b.piece("b", "p2", submitted="2024-03-01").event("b", "approved", "2024-03-05")
    result = assess(rs, b.build(), 2024)
    assert result.person("p1").quotas_met is True  # 采用 1 篇
    p2 = result.person("p2")
    assert p2.quotas_met is False and p2.quotas[0].counts == (0,)  # 审定通过但未采用


@pytest.mark.parametrize(
    ("metric", "count", "met"),
    [("submitted", 3, True), ("approved", 2, True), ("adopted", 1, False), ("instructed", 1, False)],
)
def test_18_quota_by_each_metric(metric: str, count: int, met: bool) -> None:
    rs = ruleset(quota(metric, 2))
    b = DatasetBuilder().person("p", "member")
    b.piece("a", "p", submitted="2024-03-01")
    b.event("a", "approved", "2024-03-02").event("a", "adopted", "2024-04-01")
    b.piece("b", "p", submitted="2024-05-01")
    b.event("b", "approved", "2024-05-02").event("b", "instructed", "2024-06-01", rank="deputy")
    b.piece("c", "p", submitted="2024-07-01")
    # 报送 3（a b c），审定 2（a b），采用 1（a），批示 1（b）；指标均为 2
    q = assess(rs, b.build(), 2024).person("p").quotas[0]
    assert (q.metric, q.counts, q.met) == (metric, (count,), met)


def test_18_quota_per_role_and_a_person_with_two_roles_gets_both() -> None:
    rs = ruleset(
        quota("submitted", 2, qid="member_q")
        + """
[[quotas]]
id = "officer_q"
entity = "person"
roles = ["special_officer"]
metric = "submitted"
min = 4
"""
    )
    b = DatasetBuilder().person("m", "member").person("o", "special_officer")
    b.person("both", "member", "special_officer")
    for who in ("m", "o", "both"):
        b.many(f"{who}-", 3, who, submitted="2024-05-01")  # 每人报送 3 篇
    result = assess(rs, b.build(), 2024)
    assert result.person("m").quotas_met is True  # 委员 3 ≥ 2
    assert result.person("o").quotas_met is False  # 特约信息员 3 < 4
    both = result.person("both")
    assert [(q.quota, q.met) for q in both.quotas] == [("member_q", True), ("officer_q", False)]
    assert both.quotas_met is False


def test_18_quota_per_unit_class_and_by_half_year() -> None:
    rs = ruleset("""
[[quotas]]
id = "committee_half"
entity = "unit"
unit_kinds = ["committee"]
metric = "submitted"
min = 2
period = "half"
[[quotas]]
id = "sector_year"
entity = "unit"
unit_kinds = ["sector"]
metric = "submitted"
min = 1
""")
    b = DatasetBuilder().unit("c1", "committee").unit("c2", "committee").unit("s1", "sector")
    b.person("p", "member")
    for i, day in enumerate(("2024-02-01", "2024-03-01", "2024-08-01", "2024-09-01")):
        b.piece(f"c1-{i}", "p", submitted=day, unit="c1")  # 上、下半年各 2 篇
    for i, day in enumerate(("2024-02-01", "2024-03-01", "2024-04-01", "2024-09-01")):
        b.piece(f"c2-{i}", "p", submitted=day, unit="c2")  # 上半年 3 篇，下半年 1 篇
    b.piece("s1-0", "p", submitted="2024-11-01", unit="s1")
    result = assess(rs, b.build(), 2024)
    c1, c2, s1 = result.unit("c1"), result.unit("c2"), result.unit("s1")
    assert (c1.quotas[0].counts, c1.quotas_met) == ((2, 2), True)
    assert (c2.quotas[0].counts, c2.quotas_met) == ((3, 1), False)  # 下半年 1 < 2
    assert [q.quota for q in s1.quotas] == ["sector_year"] and s1.quotas_met is True


@pytest.mark.parametrize(
    ("period", "counts"),
    [
        ("year", (5,)),
        ("half", (3, 2)),
        ("quarter", (2, 1, 0, 2)),
        ("month", (1, 1, 0, 1, 0, 0, 0, 0, 0, 1, 1, 0)),
    ],
)
def test_18_quota_per_period(period: str, counts: tuple[int, ...]) -> None:
    rs = ruleset(quota("submitted", 1, period))
    b = DatasetBuilder().person("p", "member")
    for month in ("01", "02", "04", "10", "11"):
        b.piece(f"p{month}", "p", submitted=f"2024-{month}-15")
    q = assess(rs, b.build(), 2024).person("p").quotas[0]
    # 1、2、4、10、11 月各 1 篇：上半年 3，下半年 2；季度 2/1/0/2
    assert q.counts == counts
    assert q.met is (0 not in counts)


@pytest.mark.parametrize(("joint", "second_met"), [("each", True), ("first", False)])
def test_18_joint_pieces_for_each_author_or_only_the_first(joint: str, second_met: bool) -> None:
    rs = ruleset(quota("submitted", 1, extra=f'joint = "{joint}"'))
    b = DatasetBuilder().person("p1", "member").person("p2", "member")
    b.piece("a", "p1", "p2", submitted="2024-03-01")  # 联名：p1 第一作者，p2 第二作者
    result = assess(rs, b.build(), 2024)
    assert result.person("p1").quotas_met is True
    assert result.person("p2").quotas_met is second_met


# ---------------------------------------------------------------- 19 任职时间


def test_19_periods_before_taking_office_are_not_assessed() -> None:
    rs = ruleset(quota("submitted", 1, "quarter", 'tenure = "in_office"'))
    b = DatasetBuilder().person("new", "member", since="2024-07-01")
    b.piece("a", "new", submitted="2024-08-01").piece("b", "new", submitted="2024-11-01")
    q = assess(rs, b.build(), 2024).person("new").quotas[0]
    # 7 月到任：一、二季度不考核；三、四季度各 1 篇，完成
    assert q.assessed == (False, False, True, True)
    assert q.counts == (0, 0, 1, 1) and q.met is True
    ignore = ruleset(quota("submitted", 1, "quarter"))
    assert assess(ignore, b.build(), 2024).person("new").quotas_met is False  # 不看任职时间


def test_19_a_yearly_quota_prorated_and_rounded_up() -> None:
    rs = ruleset(quota("submitted", 5, extra='tenure = "prorate"'))
    b = DatasetBuilder()
    b.person("half", "member", since="2023-07-01")
    b.person("left", "member", until="2023-04-01")
    b.person("full", "member")
    b.many("h", 3, "half", submitted="2023-09-01")
    b.many("l", 1, "left", submitted="2023-02-01")
    b.many("f", 4, "full", submitted="2023-09-01")
    result = assess(rs, b.build(), 2023)
    half, left, full = result.person("half"), result.person("left"), result.person("full")
    # 7 月 1 日到任：在任 184 天 / 365 天；5 × 184/365 = 2.52… 向上取整 3；报送 3 篇，完成
    assert half.quotas[0].minimums == (3,) and half.quotas_met is True
    # 3 月 31 日末离任：90/365；5 × 90/365 = 1.23… 向上取整 2；报送 1 篇，未完成
    assert left.quotas[0].minimums == (2,) and left.quotas_met is False
    # 全年在任：5；报送 4 篇，未完成
    assert full.quotas[0].minimums == (5,) and full.quotas_met is False


# ---------------------------------------------------------------- 20 标记

JINAN_FLAGS = """
[[bases]]
id = "member_base"
entity = "person"
roles = ["member"]
points = 60
[[quotas]]
id = "quarterly"
entity = "person"
roles = ["member"]
metric = "submitted"
min = 1
period = "quarter"
[[period_points]]
id = "q_deduct"
quota = "quarterly"
missed = -2
limit = 8
[[quotas]]
id = "yearly"
entity = "person"
roles = ["member"]
metric = "submitted"
min = 2
[[flags]]
id = "talk_convener"
label = "由界别召集人谈话"
below_points = 60
level = 1
full_tenure = false
[[flags]]
id = "talk_leadership"
label = "由主席会议成员谈话"
below_points = 60
consecutive_years = 2
level = 2
[[flags]]
id = "talk_quota"
label = "连续两年未完成任务谈话"
quota = "yearly"
consecutive_years = 2
level = 2
"""


def test_20_flags_from_points_and_quotas_one_or_two_years_several_at_once() -> None:
    rs = ruleset(JINAN_FLAGS)
    b = DatasetBuilder()
    for who in ("ok", "twice", "once"):
        b.person(who, "member")
    b.person("new", "member", since="2024-03-01")
    for year in ("2023", "2024"):
        for month in ("01", "04", "07", "10"):
            b.piece(f"ok-{year}-{month}", "ok", submitted=f"{year}-{month}-10")
    b.piece("twice-2024", "twice", submitted="2024-02-10")  # 2023 年 0 篇，2024 年只有一季度 1 篇
    for month in ("01", "04", "07", "10"):
        b.piece(f"once-2023-{month}", "once", submitted=f"2023-{month}-10")  # 2024 年 0 篇
    result = assess(rs, b.build(), 2024)
    # ok：两年都 60 分（不低于 60），指标完成：无标记
    assert result.person("ok").points == 60 and result.person("ok").flags == ()
    # twice：2023 年 60 − 8 = 52，2024 年 60 − 3 × 2 = 54；两年都低于 60、两年都未完成 2 篇
    twice = result.person("twice")
    assert twice.points == 54
    assert twice.flags == ("talk_convener", "talk_leadership", "talk_quota")
    # once：2023 年 60 分、4 篇；2024 年 60 − 8 = 52：只有当年低于 60 的标记
    once = result.person("once")
    assert (once.points, once.flags) == (52, ("talk_convener",))
    # new：2024 年 3 月到任，一篇未报：一季度有任职时间照扣，60 − 8 = 52；
    # 一年标记不要求全年在任（full_tenure = false），两年标记不适用（2023 年不在任）
    new = result.person("new")
    assert (new.points, new.flags) == (52, ("talk_convener",))
    assert {f.id: (f.label, f.level) for f in rs.flags}["talk_leadership"] == (
        "由主席会议成员谈话",
        2,
    )


def test_20_wusheng_two_years_without_the_quota() -> None:
    rs = ruleset(
        quota("adopted", 1)
        + """
[[flags]]
id = "talk"
label = "谈话"
quota = "q"
consecutive_years = 2
"""
    )
    b = DatasetBuilder().person("p1", "member").person("p2", "member").person("p3", "member")
    b.piece("a", "p2", submitted="2023-03-01").event("a", "adopted", "2023-04-01")
    b.piece("b", "p3", submitted="2024-03-01").event("b", "adopted", "2024-04-01")
    result = assess(rs, b.build(), 2024)
    assert result.person("p1").flags == ("talk",)  # 2023、2024 都未采用
    assert result.person("p2").flags == ()  # 2023 年完成，只有 2024 未完成
    assert result.person("p3").flags == ()  # 2024 年完成


# ---------------------------------------------------------------- combination


def test_combination_changshan_monthly_base_quota_tenure_adjustment_and_flag() -> None:
    """15 + 17 + 19 + 20: 10 base points a month when met, a pro-rated yearly quota, a manual
    deduction, and the under-60 flag."""
    rs = ruleset("""
[[quotas]]
id = "monthly_report"
entity = "person"
roles = ["member"]
metric = "submitted"
min = 1
period = "month"
[[period_points]]
id = "monthly_base"
quota = "monthly_report"
met = 10
max = 120
[[quotas]]
id = "yearly_adopted"
entity = "person"
roles = ["member"]
metric = "adopted"
min = 4
tenure = "prorate"
[adjustments]
count = true
[[flags]]
id = "talk"
label = "谈话"
below_points = 60
full_tenure = false
""")
    b = DatasetBuilder().person("new", "member", since="2023-07-01").person("old", "member")
    for m in range(7, 13):  # new：7–12 月每月 1 篇，其中 2 篇被采用
        b.piece(f"n{m}", "new", submitted=f"2023-{m:02d}-05")
    b.event("n7", "adopted", "2023-07-20").event("n9", "adopted", "2023-09-20")
    for m in (1, 2, 3, 4, 5):  # old：全年在任，只报了 1–5 月
        b.piece(f"o{m}", "old", submitted=f"2023-{m:02d}-05")
    b.adjustment("adj", -3, "2023-12-01", person="old", reason="未按时报送", approved_by="秘书长")
    result = assess(rs, b.build(), 2023)
    new, old = result.person("new"), result.person("old")
    # new：6 个月 × 10 + 采用 2 × 5 = 70；采用指标 4 × 184/365 = 2.01… 取整 3，采用 2 篇：未完成
    assert new.points == 70
    assert new.quotas[1].minimums == (3,) and new.quotas_met is False
    assert new.flags == ()
    # old：5 个月 × 10 − 3 = 47 < 60：谈话
    assert old.points == 47 and old.flags == ("talk",)
