"""Policy variants 21–25 (E: ranking, grades and awards), worked by hand.

Grades by thresholds with a failing grade (济南 85/60, 安庆 90/80/60),
awards by position, top N with ties and top percent, among all or the
eligible; the adoption rate as a criterion; unit scores from members'
bonus points ranked per class; tie-breaks.  The arithmetic is in the
comments; the last tests combine several variants.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from sqmy_core.rules.load import parse_ruleset
from sqmy_core.rules.spec import Ruleset
from sqmy_core.scoring.assess import assess
from sqmy_core.testing.builder import DatasetBuilder

HEAD = """
format = "sqmy-ruleset/2"
organization = "variant-e"
title = "变体 E：排名、等次与评先"
[scope]
roles = ["member", "special_officer"]
unit_kinds = ["sector", "committee"]
[scoring.split]
mode = "full"
[[scoring.rules]]
id = "adopted"
event = "adopted"
points = 5
[adjustments]
count = true
"""

MEMBER_BASE_60 = """
[[bases]]
id = "member_base"
entity = "person"
roles = ["member"]
points = 60
"""


def ruleset(body: str) -> Ruleset:
    return parse_ruleset(HEAD + body, "variant-e.toml")


def scored(points: dict[str, int | str]) -> DatasetBuilder:
    """Members whose year is exactly ``points`` (one manual adjustment each, no base)."""
    b = DatasetBuilder()
    for who, value in points.items():
        b.person(who, "member")
        if value:
            b.adjustment(f"adj-{who}", value, "2024-06-01", person=who, reason="测试分值",
                         approved_by="office")  # fmt: skip
    return b


# ---------------------------------------------------------------- 21 等次

JINAN_GRADES = """
[[grades]]
id = "grade"
entity = "person"
tiers = [
  { label = "优秀", min_points = 85 },
  { label = "称职", min_points = 60 },
  { label = "不称职" },
]
"""


def test_21_jinan_grades_85_60_with_a_failing_grade() -> None:
    rs = ruleset(MEMBER_BASE_60 + JINAN_GRADES)
    b = DatasetBuilder()
    for who, adjustment in (("a", 30), ("b", 25), ("c", "24.5"), ("d", 0), ("e", -1)):
        b.person(who, "member")
        b.adjustment(f"adj-{who}", adjustment, "2024-06-01", person=who, reason="x",
                     approved_by="office")  # fmt: skip
    result = assess(rs, b.build(), 2024)
    # 60 + 30 = 90 优秀；85 优秀（≥85）；84.5 称职；60 称职（≥60）；59 不称职
    got = {p.id: (p.points, p.award, p.grade) for p in result.people}
    assert got == {
        "a": (90, "优秀", None),
        "b": (85, "优秀", None),
        "c": (Fraction(169, 2), "称职", None),
        "d": (60, "称职", None),
        "e": (59, "不称职", None),
    }


def test_21_grade_goes_to_grade_when_an_award_exists_too() -> None:
    rs = ruleset(
        MEMBER_BASE_60
        + JINAN_GRADES
        + """
[[awards]]
id = "top"
entity = "person"
tiers = [{ label = "先进个人", max_rank = 1 }]
"""
    )
    b = DatasetBuilder().person("a", "member").person("b", "member")
    b.adjustment("adj", 30, "2024-06-01", person="a", reason="x", approved_by="office")
    result = assess(rs, b.build(), 2024)
    assert (result.person("a").award, result.person("a").grade) == ("先进个人", "优秀")
    assert (result.person("b").award, result.person("b").grade) == (None, "称职")
    assert result.version == "1.1"


def test_21_anqing_grades_90_80_60() -> None:
    rs = ruleset("""
[[grades]]
id = "grade"
entity = "person"
tiers = [
  { label = "优秀", min_points = 90 },
  { label = "良好", min_points = 80 },
  { label = "合格", min_points = 60 },
  { label = "不合格" },
]
""")
    values: dict[str, int | str] = {
        "p95": 95, "p90": 90, "p89": 89, "p80": 80, "p79": "79.5", "p60": 60, "p59": 59,
    }  # fmt: skip
    result = assess(rs, scored(values).build(), 2024)
    assert {p.id: p.award for p in result.people} == {
        "p95": "优秀", "p90": "优秀", "p89": "良好", "p80": "良好",
        "p79": "合格", "p60": "合格", "p59": "不合格",
    }  # fmt: skip


# ---------------------------------------------------------------- 22 评先

BY_POSITION = """
[[awards]]
id = "prize"
entity = "person"
tiers = [
  { label = "一等", max_rank = 1 },
  { label = "二等", max_rank = 3 },
  { label = "三等", max_rank = 6 },
]
"""


def test_22_awards_by_position_1st_2nd_3rd_4th_6th() -> None:
    rs = ruleset(BY_POSITION)
    values: dict[str, int | str] = {f"p{i}": 90 - 10 * i for i in range(1, 9)}  # 80, 70 … 10
    result = assess(rs, scored(values).build(), 2024)
    # 第 1 名一等，第 2–3 名二等，第 4–6 名三等，第 7、8 名无
    assert [(p.id, p.rank, p.award) for p in result.people] == [
        ("p1", 1, "一等"), ("p2", 2, "二等"), ("p3", 3, "二等"), ("p4", 4, "三等"),
        ("p5", 5, "三等"), ("p6", 6, "三等"), ("p7", 7, None), ("p8", 8, None),
    ]  # fmt: skip


def test_22_top_n_with_ties() -> None:
    rs = ruleset("""
[[awards]]
id = "top3"
entity = "person"
tiers = [{ label = "表扬", max_rank = 3 }]
""")
    values: dict[str, int | str] = {"a": 50, "b": 40, "c": 30, "d": 30, "e": 20}
    result = assess(rs, scored(values).build(), 2024)
    # 名次 1, 2, 3, 3, 5：并列第 3 名都在前 3 名之内，共 4 人
    assert [(p.id, p.rank, p.award) for p in result.people] == [
        ("a", 1, "表扬"), ("b", 2, "表扬"), ("c", 3, "表扬"), ("d", 3, "表扬"), ("e", 5, None),
    ]  # fmt: skip


def test_22_top_percent() -> None:
    rs = ruleset("""
[[awards]]
id = "excellent"
entity = "person"
tiers = [{ label = "优秀", top_percent = 25 }, { label = "合格", min_points = 10 }]
""")
    values: dict[str, int | str] = {
        "p1": 80, "p2": 70, "p3": 70, "p4": 60, "p5": 50, "p6": 40, "p7": 30, "p8": 0,
    }  # fmt: skip
    result = assess(rs, scored(values).build(), 2024)
    # 8 人的 25% = 2 个名次；并列第 2 名的 p2、p3 都在内；其余 ≥10 分为合格，p8 无
    assert {p.id: p.award for p in result.people} == {
        "p1": "优秀", "p2": "优秀", "p3": "优秀", "p4": "合格",
        "p5": "合格", "p6": "合格", "p7": "合格", "p8": None,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("among", "expected"),
    [
        # 在全体中排名：p1 第 1 名但未完成指标；p2 第 2 名 → 二等，p3 第 3 名无
        ("all", {"p1": None, "p2": "二等", "p3": None, "p4": None}),
        # 只在完成指标者中重新排名：p2 第 1 名一等，p3 第 2 名二等
        ("eligible", {"p1": None, "p2": "一等", "p3": "二等", "p4": None}),
    ],
)
def test_22_among_all_or_among_the_eligible(among: str, expected: dict[str, str | None]) -> None:
    rs = ruleset(f"""
[[quotas]]
id = "q"
entity = "person"
roles = ["member"]
metric = "approved"
min = 1
[[awards]]
id = "prize"
entity = "person"
require_quotas_met = true
rank_among = "{among}"
tiers = [{{ label = "一等", max_rank = 1 }}, {{ label = "二等", max_rank = 2 }}]
""")
    b = scored({"p1": 70, "p2": 60, "p3": 50, "p4": 40})
    for who in ("p2", "p3", "p4"):  # p1 没有审定通过的信息，未完成指标
        b.piece(f"x-{who}", who, submitted="2024-03-01").event(f"x-{who}", "approved", "2024-03-02")
    result = assess(rs, b.build(), 2024)
    assert {p.id: p.award for p in result.people} == expected
    assert [p.rank for p in result.people] == [1, 2, 3, 4]  # 公布的名次仍是全体排名


# ---------------------------------------------------------------- 23 采用率

RATE = """
[[rates]]
id = "adoption_rate"
numerator = "adopted"
denominator = "submitted"
label = "采用率"
"""


def test_23_adoption_rate_qualifies_for_an_award_and_ranks() -> None:
    rs = ruleset(
        RATE
        + """
[rankings.people]
order = ["adoption_rate", "adopted_pieces"]
[[awards]]
id = "rate_award"
entity = "person"
tiers = [{ label = "信息工作先进", min_rates = { adoption_rate = 0.3 }, min_counts = { adopted = 2 } }]
"""
    )
    b = DatasetBuilder()
    plan = {"p1": (10, 3), "p2": (4, 2), "p4": (10, 2), "p5": (1, 1), "p6": (0, 0)}
    for who, (submitted, adopted) in plan.items():
        b.person(who, "member")
        for i in range(submitted):
            b.piece(f"{who}-{i}", who, submitted="2024-03-01")
            if i < adopted:
                b.event(f"{who}-{i}", "adopted", "2024-04-01")
    result = assess(rs, b.build(), 2024)
    # 采用率：p1 3/10 = 0.3 ✓，p2 2/4 = 0.5 ✓，p4 2/10 = 0.2 ✗，
    # p5 1/1 = 1 但采用仅 1 篇 ✗，p6 无报送（无采用率）✗
    assert {p.id: p.award for p in result.people} == {
        "p1": "信息工作先进", "p2": "信息工作先进", "p4": None, "p5": None, "p6": None,
    }  # fmt: skip
    # 按采用率排名：p5 1.0 第 1，p2 0.5 第 2，p1 0.3 第 3，p4 0.2 第 4，p6 第 5
    assert [(p.id, p.rank) for p in result.people] == [
        ("p5", 1), ("p2", 2), ("p1", 3), ("p4", 4), ("p6", 5),
    ]  # fmt: skip


# ---------------------------------------------------------------- 24 单位得分来自成员

MEMBERS_AVERAGE = """
[unit_points]
source = "members"
aggregate = "average"
of = "bonus"
roles = ["member"]
empty = 0
[rankings.units]
order = ["points"]
group_by = "unit_kind"
"""


def members_dataset() -> DatasetBuilder:
    b = DatasetBuilder()
    b.unit("s1", "sector").unit("s2", "sector").unit("s3", "sector").unit("c1", "committee")
    b.person("m1", "member", units=("s1",)).person("m2", "member", units=("s1",))
    b.person("m3", "member", units=("s2",)).person("m4", "member", units=("c1",))
    b.person("o1", "special_officer", units=("c1",))
    adopted = {"m1": 2, "m2": 0, "m3": 3, "m4": 1, "o1": 4}
    for who, n in adopted.items():
        for i in range(n):
            # 都以 s3 的名义报送：单位得分来自成员时，报送单位不因此得分
            b.piece(f"{who}-{i}", who, submitted="2024-03-01", unit="s3")
            b.event(f"{who}-{i}", "adopted", "2024-04-01")
    return b


def test_24_unit_score_is_the_average_of_its_members_bonus_ranked_per_class() -> None:
    rs = ruleset(MEMBER_BASE_60 + MEMBERS_AVERAGE)
    result = assess(rs, members_dataset().build(), 2024)
    assert result.person("m1").points == 70  # 基础分 60 + 2 × 5；加分 10
    # s1：(10 + 0) / 2 = 5；s2：15 / 1 = 15；s3：无成员 = 0（empty）；
    # c1：只计委员 m4 的 5（特约信息员 o1 不计）
    got = {u.id: (u.points, u.group, u.rank) for u in result.units}
    assert got == {
        "s2": (15, "sector", 1),
        "s1": (5, "sector", 2),
        "s3": (0, "sector", 3),
        "c1": (5, "committee", 1),  # 专委会单独排名
    }


def test_24_unit_score_as_the_sum_of_its_members_bonus() -> None:
    rs = ruleset(MEMBER_BASE_60 + MEMBERS_AVERAGE.replace('"average"', '"sum"'))
    result = assess(rs, members_dataset().build(), 2024)
    # s1：10 + 0 = 10；s2：15；s3：无成员 0；c1：5
    assert {u.id: u.points for u in result.units} == {"s1": 10, "s2": 15, "s3": 0, "c1": 5}


def test_24_a_unit_without_members_gets_the_stated_empty_value() -> None:
    rs = ruleset(
        MEMBER_BASE_60
        + MEMBERS_AVERAGE.replace('of = "bonus"', 'of = "points"').replace("empty = 0", "empty = 60")
    )
    result = assess(rs, members_dataset().build(), 2024)
    # 成员总分平均：s1 (70 + 60) / 2 = 65；s2 75；c1 65；s3 无成员，按规定记 60
    assert {u.id: u.points for u in result.units} == {"s1": 65, "s2": 75, "s3": 60, "c1": 65}


# ---------------------------------------------------------------- 25 同分排序


def test_25_ties_broken_by_adopted_then_instructed_pieces() -> None:
    body = """
[[scoring.rules]]
id = "instructed"
event = "instructed"
by = "rank"
values = { principal = 5, deputy = 2.5 }
[rankings.people]
order = ["points", "adopted_pieces", "instructed_pieces"]
"""
    b = DatasetBuilder()
    for who in ("p1", "p2", "p3", "p4", "p5"):
        b.person(who, "member")

    def piece(ident: str, who: str, *events: tuple[str, str | None]) -> None:
        b.piece(ident, who, submitted="2024-03-01")
        for etype, rank in events:
            if rank:
                b.event(ident, etype, "2024-04-01", rank=rank)
            else:
                b.event(ident, etype, "2024-04-01")

    piece("a1", "p1", ("adopted", None))
    piece("a2", "p1", ("adopted", None))  # p1：10 分，采用 2，批示 0
    piece("b1", "p2", ("adopted", None))
    piece("b2", "p2", ("instructed", "principal"))  # p2：5 + 5 = 10，采用 1，批示 1
    piece("c1", "p3", ("adopted", None))
    piece("c2", "p3", ("instructed", "deputy"))
    piece("c3", "p3", ("instructed", "deputy"))  # p3：5 + 2.5 + 2.5 = 10，采用 1，批示 2
    piece("d1", "p4", ("instructed", "principal"))
    piece("d2", "p4", ("instructed", "principal"))  # p4：10，采用 0，批示 2
    piece("e1", "p5", ("adopted", None))
    piece("e2", "p5", ("instructed", "principal"))  # p5：同 p2
    result = assess(ruleset(body), b.build(), 2024)
    assert {p.id: p.points for p in result.people} == dict.fromkeys(
        ("p1", "p2", "p3", "p4", "p5"), 10
    )
    # (10,2,0) 第 1；(10,1,2) 第 2；(10,1,1) 并列第 3；(10,0,2) 第 5
    assert {p.id: p.rank for p in result.people} == {"p1": 1, "p3": 2, "p2": 3, "p5": 3, "p4": 5}
    plain = ruleset(body.replace('"points", "adopted_pieces", "instructed_pieces"', '"points"'))
    assert {p.rank for p in assess(plain, b.build(), 2024).people} == {1}  # 只按积分：全部并列


# ---------------------------------------------------------------- combinations


def test_combination_base_quarterly_deduction_grades_and_member_average_units() -> None:
    """14 + 15 + 21 + 24: base 60, −2 per missed quarter (at most 6), 济南 grades, sectors scored
    as the average of their members' bonus points."""
    rs = ruleset(
        MEMBER_BASE_60
        + """
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
[unit_points]
source = "members"
aggregate = "average"
of = "bonus"
"""
        + JINAN_GRADES
    )
    b = DatasetBuilder().unit("s1", "sector").unit("s2", "sector")
    b.person("m1", "member", units=("s1",)).person("m2", "member", units=("s1",))
    b.person("m3", "member", units=("s1",), since="2024-07-01")
    b.person("m4", "member", units=("s2",))
    for i, day in enumerate(("01-05", "02-05", "03-05", "05-05", "08-05", "11-05")):
        b.piece(f"m1-{i}", "m1", submitted=f"2024-{day}").event(f"m1-{i}", "adopted", f"2024-{day}")
    for i in range(2):
        b.piece(f"m2-{i}", "m2", submitted="2024-02-01").event(f"m2-{i}", "adopted", "2024-02-10")
    for month in ("01", "04", "07", "10"):
        b.piece(f"m4-{month}", "m4", submitted=f"2024-{month}-01")
    result = assess(rs, b.build(), 2024)
    # m1：每季度都有，采用 6 篇：60 + 30 = 90 优秀（加分 30）
    # m2：只有一季度 2 篇采用：60 + 10 − 3 × 2 = 64 称职（加分 4）
    # m3：7 月到任、一篇未报：三、四季度 −4：56 不称职（加分 −4）
    # m4：每季度 1 篇、无采用：60 称职（加分 0）
    got = {p.id: (p.points, p.award) for p in result.people}
    assert got == {"m1": (90, "优秀"), "m2": (64, "称职"), "m3": (56, "不称职"), "m4": (60, "称职")}
    # s1 = (30 + 4 − 4) / 3 = 10，第 1；s2 = 0，第 2
    assert [(u.id, u.points, u.rank) for u in result.units] == [("s1", 10, 1), ("s2", 0, 2)]


def test_combination_plagiarism_rate_tie_break_and_award_among_the_eligible() -> None:
    """16 + 22 + 23 + 25: a disqualified top scorer, ranking by points then adoption rate,
    a first prize that also needs a 50 % adoption rate, ranked among the eligible only."""
    rs = ruleset(
        RATE
        + """
[vocabulary]
penalty_kinds = [{ id = "plagiarism", name = "抄袭" }]
[[penalties]]
id = "plagiarism"
on = "penalized"
kinds = ["plagiarism"]
count = "ever"
steps = [{ points = 0, flag = "warned" }, { points = -5 }, { points = -10, disqualify = true }]
[rankings.people]
order = ["points", "adoption_rate"]
[[awards]]
id = "prize"
entity = "person"
rank_among = "eligible"
tiers = [
  { label = "一等", max_rank = 1, min_rates = { adoption_rate = 0.5 } },
  { label = "二等", max_rank = 3 },
]
"""
    )
    b = DatasetBuilder()
    plan = {"a": (6, 6), "b": (4, 2), "c": (8, 2), "d": (2, 1), "e": (1, 0)}
    for who, (submitted, adopted) in plan.items():
        b.person(who, "member")
        for i in range(submitted):
            b.piece(f"{who}-{i}", who, submitted="2024-03-01")
            if i < adopted:
                b.event(f"{who}-{i}", "adopted", "2024-04-01")
    for i, day in enumerate(("2024-05-01", "2024-06-01", "2024-07-01")):
        b.penalize(f"a-{i}", day, "plagiarism")  # a 三次抄袭
    b.penalize("d-0", "2024-05-01", "plagiarism")  # d 一次：警告
    result = assess(rs, b.build(), 2024)
    # a：30 − 0 − 5 − 10 = 15，取消资格；b：10（采用率 0.5）；c：10（0.25）；d：5（0.5）；e：0
    assert {p.id: p.points for p in result.people} == {"a": 15, "b": 10, "c": 10, "d": 5, "e": 0}
    # 全体名次：a 1，b 2（同分按采用率在 c 前），c 3，d 4，e 5
    assert [(p.id, p.rank) for p in result.people] == [
        ("a", 1), ("b", 2), ("c", 3), ("d", 4), ("e", 5),
    ]  # fmt: skip
    # 在有资格者中：b 1 一等（采用率 0.5 ≥ 0.5），c 2 二等，d 3 二等，e 4 无；a 取消资格
    assert {p.id: p.award for p in result.people} == {
        "a": None, "b": "一等", "c": "二等", "d": "二等", "e": None,
    }  # fmt: skip
    assert result.person("d").flags == ("warned",)
