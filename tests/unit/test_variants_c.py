"""Policy variants 14–17 (C: base scores, deductions and penalties), worked by hand.

Each test states one variant of ``../shared/policy-variants.md`` as a small
``sqmy-ruleset/2`` the way an office would write it, builds a few people and
pieces, and checks numbers worked out from the variant's text (the arithmetic
is in the comments).  The last test combines several variants.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from sqmy_core.rules.load import parse_ruleset
from sqmy_core.rules.spec import Ruleset
from sqmy_core.scoring.assess import assess
from sqmy_core.scoring.book import Book
from sqmy_core.scoring.explain import explain
from sqmy_core.testing.builder import DatasetBuilder

HEAD = """
format = "sqmy-ruleset/2"
organization = "variant-c"
title = "变体 C：基础分、扣分与处罚"
[scope]
roles = ["member", "special_officer"]
unit_kinds = ["sector", "committee"]
[scoring.split]
mode = "full"
"""

ADOPTED_5 = """
[[scoring.rules]]
id = "adopted"
event = "adopted"
points = 5
"""


def ruleset(body: str) -> Ruleset:
    return parse_ruleset(HEAD + body, "variant-c.toml")


# ---------------------------------------------------------------- 14 基础分


@pytest.mark.parametrize("base", [60, 70, 100])
def test_14_base_score_for_persons_only(base: int) -> None:
    rs = ruleset(
        ADOPTED_5
        + f"""
[[bases]]
id = "member_base"
entity = "person"
roles = ["member"]
points = {base}
"""
    )
    b = DatasetBuilder().unit("s1", "sector")
    b.person("m1", "member", units=("s1",)).person("m2", "member", units=("s1",))
    b.person("o1", "special_officer", units=("s1",))
    b.piece("a", "m1", submitted="2024-03-01", unit="s1").event("a", "adopted", "2024-03-10")
    b.piece("b", "o1", submitted="2024-03-01", unit="s1").event("b", "adopted", "2024-03-11")
    result = assess(rs, b.build(), 2024)
    # 委员：基础分 + 采用 5；没有信息的委员只有基础分
    assert result.person("m1").points == base + 5
    assert result.person("m2").points == base
    # 特约信息员不是 roles 所列角色：没有基础分，只有 5
    assert result.person("o1").points == 5
    # 单位另行计分：只计报送的两篇 5 + 5 = 10，没有基础分
    assert result.unit("s1").points == 10


def test_14_units_scored_differently_by_their_own_base() -> None:
    rs = ruleset(
        ADOPTED_5
        + """
[[bases]]
id = "member_base"
entity = "person"
roles = ["member"]
points = 70
[[bases]]
id = "committee_base"
entity = "unit"
unit_kinds = ["committee"]
points = 100
"""
    )
    b = DatasetBuilder().unit("s1", "sector").unit("c1", "committee")
    b.person("m1", "member", units=("s1",))
    b.piece("a", "m1", submitted="2024-03-01", unit="c1").event("a", "adopted", "2024-03-10")
    result = assess(rs, b.build(), 2024)
    assert result.person("m1").points == 75  # 70 + 5
    assert result.unit("c1").points == 105  # 专委会基础分 100 + 报送采用 5
    assert result.unit("s1").points == 0  # 界别：无基础分，无报送


# ---------------------------------------------------------------- 15 按期扣分 / 按月基础分

QUARTERLY_DEDUCTION = """
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
limit = 6
label = "季度未完成扣分"
"""


def test_15_quarter_below_minimum_costs_points_with_a_yearly_maximum() -> None:
    rs = ruleset(ADOPTED_5 + QUARTERLY_DEDUCTION)
    b = DatasetBuilder()
    b.person("none", "member")  # 四个季度都没有报送
    b.person("q2", "member")  # 只缺第二季度
    b.person("full", "member")
    for month in ("02", "08", "11"):
        b.piece(f"q2-{month}", "q2", submitted=f"2024-{month}-10")
    for month in ("01", "04", "07", "10"):
        b.piece(f"full-{month}", "full", submitted=f"2024-{month}-10")
    result = assess(rs, b.build(), 2024)
    # 4 个季度 × −2 = −8，但全年最多扣 6 分：60 − 6 = 54
    assert result.person("none").points == 54
    # 只缺第二季度：60 − 2 = 58
    assert result.person("q2").points == 58
    assert result.person("full").points == 60


def test_15_no_deduction_before_taking_office_or_after_leaving() -> None:
    rs = ruleset(ADOPTED_5 + QUARTERLY_DEDUCTION)
    b = DatasetBuilder()
    b.person("new", "member", since="2024-07-01")  # 7 月 1 日到任，此后一篇未报
    b.person("left", "member", until="2024-04-01")  # 4 月 1 日离任，第一季度未报
    b.person("mid", "member", since="2024-05-15")  # 第二季度中途到任，一篇未报
    result = assess(rs, b.build(), 2024)
    # 到任前的一、二季度不扣；三、四季度各 −2：60 − 4 = 56
    assert result.person("new").points == 56
    # 离任后的二至四季度不扣；第一季度 −2：58
    assert result.person("left").points == 58
    # 第二季度有任职时间，照扣：二、三、四季度 −6（恰好到全年上限 6）：54
    assert result.person("mid").points == 54


def test_15_whole_periods_only_skips_the_quarter_of_arrival() -> None:
    rs = ruleset(ADOPTED_5 + QUARTERLY_DEDUCTION.replace('label = "季度未完成扣分"', 'tenure = "whole_periods"'))
    b = DatasetBuilder().person("mid", "member", since="2024-05-15")
    # 只对整季度在任的三、四季度扣分：60 − 2 × 2 = 56
    assert assess(rs, b.build(), 2024).person("mid").points == 56


def test_15_monthly_deduction() -> None:
    rs = ruleset(ADOPTED_5 + """
[[quotas]]
id = "monthly"
entity = "person"
roles = ["member"]
metric = "submitted"
min = 1
period = "month"
[[period_points]]
id = "m_deduct"
quota = "monthly"
missed = -1
limit = 5
""")
    b = DatasetBuilder().person("p", "member").person("q", "member")
    for m in range(1, 10):  # p 只在 1–9 月报送，缺 10、11、12 月
        b.piece(f"p{m}", "p", submitted=f"2024-{m:02d}-05")
    result = assess(rs, b.build(), 2024)
    assert result.person("p").points == -3  # 3 个月 × −1
    assert result.person("q").points == -5  # 12 个月 × −1，全年最多扣 5


CHANGSHAN_MONTHLY_BASE = """
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
label = "月度基础分"
"""


def test_15_changshan_10_base_points_a_month_only_when_the_month_is_met() -> None:
    rs = ruleset(ADOPTED_5 + CHANGSHAN_MONTHLY_BASE)
    b = DatasetBuilder()
    b.person("all", "member").person("gaps", "member").person("new", "member", since="2024-07-01")
    for m in range(1, 13):
        b.piece(f"all{m}", "all", submitted=f"2024-{m:02d}-08")
        if m not in (3, 8):  # 3 月、8 月漏报
            b.piece(f"gaps{m}", "gaps", submitted=f"2024-{m:02d}-08")
        if m >= 7:
            b.piece(f"new{m}", "new", submitted=f"2024-{m:02d}-08")
    # two pieces in one month still earn that month's 10 only once
    b.piece("all1-extra", "all", submitted="2024-01-20")
    result = assess(rs, b.build(), 2024)
    assert result.person("all").points == 120  # 12 个月 × 10
    assert result.person("gaps").points == 100  # 10 个月 × 10，漏报的月份没有基础分
    assert result.person("new").points == 60  # 7–12 月 6 × 10


# ---------------------------------------------------------------- 16 处罚

PLAGIARISM = """
[vocabulary]
penalty_kinds = [{ id = "plagiarism", name = "抄袭" }]
[[penalties]]
id = "plagiarism"
on = "penalized"
kinds = ["plagiarism"]
entity = "person"
count = "ever"
steps = [
  { points = 0, flag = "warned", label = "警告" },
  { points = -5, label = "扣分" },
  { points = -10, disqualify = true, label = "取消评先资格" },
]
[[awards]]
id = "praise"
entity = "person"
tiers = [{ label = "表扬", min_points = 0 }]
"""


def test_16_plagiarism_warning_then_deduction_then_disqualification() -> None:
    rs = ruleset(ADOPTED_5 + PLAGIARISM)
    b = DatasetBuilder()
    b.person("p1", "member").person("p2", "member").person("p3", "member")
    for piece, author, found in (
        ("a", "p1", "2024-03-20"),
        ("b", "p1", "2024-05-20"),
        ("c", "p1", "2024-09-20"),
        ("d", "p2", "2024-04-20"),
        ("e", "p3", None),
    ):
        b.piece(piece, author, submitted="2024-03-01").event(piece, "adopted", "2024-03-10")
        if found:
            b.penalize(piece, found, "plagiarism")
    result = assess(rs, b.build(), 2024)
    p1 = result.person("p1")
    # 采用 3 × 5 = 15；第一次警告 0，第二次 −5，第三次 −10 并取消资格：15 − 15 = 0
    assert p1.points == 0
    assert "warned" in p1.flags
    assert p1.award is None  # 取消评先资格，虽然 0 分够“表扬”
    p2 = result.person("p2")
    assert (p2.points, p2.flags, p2.award) == (5, ("warned",), "表扬")  # 只警告，不扣分
    assert result.person("p3").award == "表扬"


def test_16_plagiarism_counted_ever_or_per_year() -> None:
    b = DatasetBuilder().person("p", "member")
    b.piece("old", "p", submitted="2023-03-01").penalize("old", "2023-06-01", "plagiarism")
    b.piece("new", "p", submitted="2024-03-01").penalize("new", "2024-06-01", "plagiarism")
    ds = b.build()
    ever = ruleset(ADOPTED_5 + PLAGIARISM)
    # count = "ever"：2024 年的一次是第二次，扣 5，不再警告
    assert assess(ever, ds, 2024).person("p").points == -5
    assert assess(ever, ds, 2024).person("p").flags == ()
    per_year = ruleset(ADOPTED_5 + PLAGIARISM.replace('count = "ever"', 'count = "year"'))
    # count = "year"：每年重新起算，2024 年的一次又是第一次：警告，0 分
    result = assess(per_year, ds, 2024).person("p")
    assert (result.points, result.flags) == (0, ("warned",))


def test_16_penalty_names_only_the_persons_at_fault() -> None:
    rs = ruleset(ADOPTED_5 + PLAGIARISM.replace("{ points = 0, flag", "{ points = -1, flag"))
    b = DatasetBuilder().person("p1", "member").person("p2", "member")
    b.piece("a", "p1", "p2", submitted="2024-03-01").event("a", "adopted", "2024-03-10")
    b.penalize("a", "2024-04-01", "plagiarism", persons=("p2",))
    result = assess(rs, b.build(), 2024)
    assert result.person("p1").points == 5  # 联名作者 p1 未被认定：5
    assert result.person("p2").points == 4  # 5 − 1


LATE_DISPATCH = """
[deadlines]
routes = { direct = 2 }
count = "calendar_days"
[[penalties]]
id = "late"
on = "late_dispatch"
entity = "unit"
steps = [{ points = -1 }, { points = -2 }]
label = "逾期报送扣分"
"""


def test_16_late_dispatch_costs_the_responsible_unit_points() -> None:
    rs = ruleset(ADOPTED_5 + LATE_DISPATCH)
    b = DatasetBuilder().unit("s1", "sector").unit("s2", "sector").person("p", "member")

    def dispatched(piece: str, unit: str, approved: str, sent: str) -> None:
        b.piece(piece, "p", submitted="2024-02-28", unit=unit)
        b.event(piece, "approved", approved)
        b.event(piece, "dispatched", sent, route="direct")

    # 直报时限 2 日（自然日 × 24 小时）：3 月 1 日 09:00 审定，3 月 3 日 09:00 前报出为按时
    dispatched("late1", "s1", "2024-03-01 09:00", "2024-03-04 10:00")
    dispatched("ontime", "s1", "2024-03-01 09:00", "2024-03-03 08:00")
    dispatched("late2", "s1", "2024-05-01 09:00", "2024-05-06 09:00")
    dispatched("late3", "s1", "2024-06-01 09:00", "2024-06-05 09:00")
    dispatched("late4", "s2", "2024-03-01 09:00", "2024-03-10 09:00")
    b.event("ontime", "adopted", "2024-04-01")
    result = assess(rs, b.build(), 2024)
    # s1：采用 5；逾期 3 次：第一次 −1，以后每次 −2：5 − 1 − 2 − 2 = 0
    assert result.unit("s1").points == 0
    assert result.unit("s2").points == -1  # 一次逾期
    assert result.person("p").points == 5  # 作者不受单位的逾期扣分
    assert result.overdue == ("late1", "late2", "late3", "late4")


# ---------------------------------------------------------------- 17 手工加减分


def test_17_manual_adjustments_with_reason_clause_and_approver() -> None:
    rs = ruleset(
        ADOPTED_5
        + """
[[sections]]
id = "sqmy"
label = "社情民意"
[[sections]]
id = "duty"
label = "履职"
[adjustments]
count = true
section = "sqmy"
label = "加减分"
"""
    )
    b = DatasetBuilder().unit("s1", "sector").person("p", "member", units=("s1",))
    b.piece("a", "p", submitted="2024-03-01").event("a", "adopted", "2024-03-10")
    b.adjustment("adj1", 3, "2024-06-01", person="p", reason="信息被市领导表扬",
                 clause="第八条第1款", approved_by="主任会议")  # fmt: skip
    b.adjustment("adj2", "-1.5", "2024-07-01", person="p", reason="未按要求报送",
                 clause="第八条第2款", approved_by="秘书长")  # fmt: skip
    b.adjustment("adj3", 2, "2024-08-01", person="p", reason="参加调研", section="duty",
                 approved_by="主任会议")  # fmt: skip
    b.adjustment("adj4", 4, "2024-09-01", unit="s1", reason="组织得力", approved_by="主任会议")
    b.adjustment("adj-old", 10, "2023-12-31", person="p", reason="上年度", approved_by="x")
    ds = b.build()
    result = assess(rs, ds, 2024)
    p = result.person("p")
    # 社情民意：采用 5 + 3 − 1.5 = 6.5；履职：2（记录自带分项）；上年度的 10 分不计入 2024
    assert p.sections == {"sqmy": Fraction(13, 2), "duty": 2}
    assert p.points == Fraction(17, 2)
    assert result.unit("s1").points == 4
    lines = [ln for ln in explain(Book(rs, ds), 2024, "person", "p").lines
             if ln.event_type == "adjustment"]  # fmt: skip
    assert [(ln.title, ln.clause, ln.points) for ln in lines] == [
        ("信息被市领导表扬", "第八条第1款", 3),
        ("未按要求报送", "第八条第2款", Fraction(-3, 2)),
        ("参加调研", "", 2),
    ]
    approvers = {a.id: a.approved_by for a in ds.adjustments}
    assert approvers["adj1"] == "主任会议"


def test_17_adjustments_do_not_count_unless_the_ruleset_says_so() -> None:
    b = DatasetBuilder().person("p", "member")
    b.adjustment("adj1", 3, "2024-06-01", person="p", reason="表扬", approved_by="主任会议")
    ds = b.build()
    assert assess(ruleset(ADOPTED_5), ds, 2024).person("p").points == 0
    off = ruleset(ADOPTED_5 + "[adjustments]\ncount = false\n")
    assert assess(off, ds, 2024).person("p").points == 0
    on = ruleset(ADOPTED_5 + "[adjustments]\ncount = true\n")
    assert assess(on, ds, 2024).person("p").points == 3


# ---------------------------------------------------------------- combination


def test_combination_base_quarterly_deduction_plagiarism_and_adjustment() -> None:
    """14 + 15 + 16 + 17: base 60, −2 per missed quarter (at most 6), plagiarism, a manual bonus."""
    rs = ruleset(ADOPTED_5 + QUARTERLY_DEDUCTION + PLAGIARISM + "[adjustments]\ncount = true\n")
    b = DatasetBuilder().person("p", "member")
    b.piece("a", "p", submitted="2024-02-01").event("a", "adopted", "2024-02-20")
    b.piece("b", "p", submitted="2024-08-01").event("b", "adopted", "2024-08-20")
    b.penalize("a", "2024-03-01", "plagiarism")
    b.penalize("b", "2024-09-01", "plagiarism")
    b.adjustment("adj", 2, "2024-10-01", person="p", reason="表扬", approved_by="主任会议")
    p = assess(rs, b.build(), 2024).person("p")
    # 60 + 采用 2 × 5 − 缺第二、四季度 2 × 2 + 第一次抄袭警告 0 − 第二次 5 + 加分 2 = 63
    assert p.points == 63
    assert p.flags == ("warned",) and p.award == "表扬"
