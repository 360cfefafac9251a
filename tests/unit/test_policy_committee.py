"""Hand-worked examples for policies/committee.md (市政协民宗委"一年汇一情"工作规则).

Every expected number below is worked out from the policy text alone (not from the
engine); the comment next to it shows the arithmetic.  Times without an offset are
Beijing time (+08:00), as DatasetBuilder reads them.
"""

from __future__ import annotations

from fractions import Fraction

from sqmy_core.scoring.assess import assess
from sqmy_core.testing.builder import DatasetBuilder

F = Fraction


def solo(
    b: DatasetBuilder,
    person: str,
    *events: tuple,
    role: str = "member",
    submitted: str = "2024-06-01",
) -> DatasetBuilder:
    """A person with one piece ``x_<person>`` carrying ``events``."""
    b.person(person, role)
    b.piece(f"x_{person}", person, submitted=submitted)
    for type_, when, fields in events:
        b.event(f"x_{person}", type_, when, **fields)
    return b


def adopt(when: str, body: str) -> tuple:
    return ("adopted", when, {"body": body})


def instr(when: str, level: str, rank: str = "deputy") -> tuple:
    return ("instructed", when, {"level": level, "rank": rank})


# ============================================================ 第一条 适用范围、考核年度


def test_第一条_适用人员_委员与特邀信息员(committee):
    """第一条：本委委员（member）和特邀信息员（special_officer）；审阅人员等不参加考核。"""
    ds = (
        DatasetBuilder()
        .person("m", "member")
        .person("o", "special_officer")
        .person("mo", "member", "special_officer")
        .person("sm", "standing_member")
        .person("st", "staff")
        .person("ed", "editor")
        .person("od", "office_director")
        .person("cl", "committee_leader")
        .build()
    )
    assert {p.id for p in assess(committee, ds, 2024).people} == {"m", "o", "mo"}


def test_第一条_适用单位_本委(committee):
    """第一条：本委（单位类别 committee）；其他单位不参加考核。"""
    ds = (
        DatasetBuilder()
        .unit("mz", "committee")
        .unit("s1", "sector")
        .unit("of", "office")
        .unit("li", "liaison")
        .build()
    )
    assert {u.id for u in assess(committee, ds, 2024).units} == {"mz"}


def test_第一条_按事件发生日期北京时间归属(committee):
    """第一条：公历年，按事件发生日期（北京时间）归属；采用等发生在次年的计入次年（没有宽限期）。"""
    b = DatasetBuilder()
    solo(b, "a", submitted="2024-12-31 23:30")  # 提交在北京 2024
    solo(b, "b", submitted="2024-12-31T16:30:00+00:00")  # = 北京 2025-01-01 00:30
    solo(b, "c", adopt("2025-01-01 00:10", "cppcc-city"))  # 采用在 2025
    solo(b, "d", adopt("2024-12-31T15:59:00+00:00", "cppcc-city"))  # = 北京 2024-12-31 23:59
    solo(b, "e", adopt("2025-01-20", "cppcc-city"))  # 即便在次年 1 月也计入 2025
    ds = b.build()
    y24, y25 = assess(committee, ds, 2024), assess(committee, ds, 2025)
    # 提交 1 分；市政协采用 3 分
    assert [y24.person(p).points for p in "abcde"] == [1, 0, 1, 1 + 3, 1]
    assert [y25.person(p).points for p in "abcde"] == [0, 1, 3, 0, 3]
    assert y24.person("b").quotas_met is False
    assert y25.person("b").quotas_met is True


# ============================================================ 第二条 任务指标


def test_第二条第1款_委员每年至少提交1篇_联名各计1篇(committee):
    """第二条第1款：委员至少提交 1 篇（联名的每位作者均计 1 篇；提交即可，不要求采用或通过）。"""
    b = DatasetBuilder()
    for p in ("one", "none", "joint1", "joint2", "joint3", "rej"):
        b.person(p, "member")
    b.piece("x1", "one", submitted="2024-03-01")
    b.piece("x2", "joint1", "joint2", "joint3", submitted="2024-03-01")
    b.piece("x3", "rej", submitted="2024-03-01")
    b.event("x3", "rejected", "2024-03-05")  # 不予采编，但已提交
    b.piece("x0", "none", submitted="2023-12-31 23:59")  # 2023 年的提交
    a = assess(committee, b.build(), 2024)
    assert [
        a.person(p).quotas_met for p in ("one", "none", "joint1", "joint2", "joint3", "rej")
    ] == [
        True,
        False,
        True,
        True,
        True,
        True,
    ]


def test_第二条第2款_特邀信息员每年至少提交2篇(committee):
    """第二条第2款：特邀信息员至少提交 2 篇：1 篇未完成；独著 1 + 联名 1 = 2 篇完成。"""
    b = DatasetBuilder().person("o1", "special_officer").person("o2", "special_officer")
    b.person("m", "member")
    b.piece("a", "o1", submitted="2024-03-01")
    b.piece("b", "o2", submitted="2024-03-01")
    b.piece("c", "m", "o2", submitted="2024-04-01")
    a = assess(committee, b.build(), 2024)
    assert a.person("o1").quotas_met is False  # 1 < 2
    assert a.person("o2").quotas_met is True  # 2 ≥ 2


def test_第二条第3款_本委以本委名义提交不少于12篇(committee):
    """第二条第3款：以本委名义（报送单位为本委）全年提交不少于 12 篇。
    2024：12 篇 → 完成；2025：11 篇 + 1 篇无报送单位 → 未完成。"""
    b = DatasetBuilder().unit("mz", "committee").person("m", "member", units=("mz",))
    b.many("a", 12, "m", unit="mz", submitted="2024-03-01")
    b.many("b", 11, "m", unit="mz", submitted="2025-03-01")
    b.many("c", 1, "m", unit=None, submitted="2025-03-01")
    ds = b.build()
    assert assess(committee, ds, 2024).unit("mz").quotas_met is True
    assert assess(committee, ds, 2025).unit("mz").quotas_met is False


def test_第二条第4款_7月起每月第一个工作日提醒(committee):
    """第二条第4款：每年 7 月起，每月第一个工作日，提醒尚未完成指标的委员、特邀信息员。"""
    (reminder,) = committee.reminders
    assert (reminder.about, reminder.every, reminder.on) == ("quota", "month", "first_working_day")
    assert reminder.from_month == 7
    assert set(reminder.quotas) == {"member", "special_officer"}


# ============================================================ 第三条 逐级审阅


def test_第三条_逐级审阅_五关_退回从第一级_回避(committee):
    """第三条第1款：委办专人 → 办公室主任 → 专委会领导审定；第2款：每一级确认"五关"，
    可退回（从第一级重新开始）或不予采编；第3款：审阅人不得审阅本人稿件。"""
    review = committee.review
    assert [s.role for s in review.stages] == ["editor", "office_director", "committee_leader"]
    for stage in review.stages:
        assert set(stage.decisions) == {"pass", "return", "reject"}
    assert set(review.checks) == {"political", "policy", "factual", "format", "wording"}
    assert review.require_checks is True
    assert review.return_to == "first"
    assert review.authors_may_review is False


# ============================================================ 第四条 计分


def test_第四条第1款_提交每篇1分(committee):
    """第四条第1款：提交每篇 1 分（不论是否采用、是否通过）。"""
    b = DatasetBuilder().person("m", "member")
    b.many("x", 3, "m", submitted="2024-03-01 09:00")
    b.event("x0", "rejected", "2024-03-05")
    assert assess(committee, b.build(), 2024).person("m").points == 3  # 3 × 1


def test_第四条第2款_采用分值_其他机构不计分(committee):
    """第四条第2款：市政协 3、省政协 5、全国政协 8；其他机构采用不计分。"""
    values = {
        "cppcc-city": 3,
        "cppcc-province": 5,
        "cppcc-national": 8,
        "cppcc-county": 0,
        "party-city": 0,
        "party-province": 0,
        "party-central": 0,
        "cpc-county-office": 0,
        "cpc-city-office": 0,
        "cpc-province-office": 0,
    }
    b = DatasetBuilder()
    for i, body in enumerate(values):
        solo(b, f"p{i}", adopt("2024-07-01", body))
    a = assess(committee, b.build(), 2024)
    for i, (body, v) in enumerate(values.items()):
        assert a.person(f"p{i}").points == 1 + v, body


def test_第四条第2款_多级采用累加(committee):
    """第四条第2款：多级采用累加：提交 1 + 市 3 + 省 5 + 全国 8 = 17。"""
    b = DatasetBuilder()
    solo(
        b,
        "m",
        adopt("2024-07-01", "cppcc-city"),
        adopt("2024-08-01", "cppcc-province"),
        adopt("2024-09-01", "cppcc-national"),
    )
    assert assess(committee, b.build(), 2024).person("m").points == 17


def test_第四条第2款_跨年度多级采用各计入发生年度(committee):
    """第四条第2款与第一条：2024 市政协采用 → 1 + 3 = 4；2025 省政协采用 → 5（累加，不取差额）。"""
    b = DatasetBuilder()
    solo(b, "m", adopt("2024-07-01", "cppcc-city"), adopt("2025-03-01", "cppcc-province"))
    ds = b.build()
    assert assess(committee, ds, 2024).person("m").points == 4
    assert assess(committee, ds, 2025).person("m").points == 5


def test_第四条第3款_批示分值_县级不计(committee):
    """第四条第3款：市级领导 4、省级及以上 8（主要、分管相同）；县级领导批示不计分。"""
    cases = {
        ("city", "deputy"): 4,
        ("city", "principal"): 4,
        ("province", "deputy"): 8,
        ("province", "principal"): 8,
        ("national", "principal"): 8,
        ("county", "principal"): 0,
    }
    b = DatasetBuilder()
    for i, (level, rank) in enumerate(cases):
        solo(b, f"p{i}", instr("2024-07-01", level, rank))
    a = assess(committee, b.build(), 2024)
    for i, (key, v) in enumerate(cases.items()):
        assert a.person(f"p{i}").points == 1 + v, key


def test_第四条第3款_多次批示累加(committee):
    """第四条第3款：市 4 + 省 8 + 全国 8 + 市 4 = 24（不封顶），加提交 1 = 25。"""
    b = DatasetBuilder()
    solo(
        b,
        "m",
        instr("2024-07-01", "city"),
        instr("2024-08-01", "province"),
        instr("2024-09-01", "national", "principal"),
        instr("2024-10-01", "city", "principal"),
    )
    assert assess(committee, b.build(), 2024).person("m").points == 25


def _eight_point_piece(*authors: str) -> DatasetBuilder:
    """提交 1 + 市政协采用 3 + 市级领导批示 4 = 8 分，报送单位 mz。"""
    b = DatasetBuilder().unit("mz", "committee")
    b.piece("x", *authors, submitted="2024-06-01", unit="mz")
    b.event("x", "adopted", "2024-07-01", body="cppcc-city")
    b.event("x", "instructed", "2024-08-01", level="city", rank="deputy")
    return b


def test_第四条第4款_联名全体作者平分(committee):
    """第四条第4款：三人联名 8 分 → 每人 8 ÷ 3 = 8/3（精确值）。"""
    b = _eight_point_piece("a", "b", "c")
    b.person("a", "member").person("b", "member").person("c", "special_officer")
    a = assess(committee, b.build(), 2024)
    assert [a.person(p).points for p in "abc"] == [F(8, 3)] * 3


def test_第四条第4款_平分按全体作者计(committee):
    """第四条第4款：全体作者平分，含不参加考核的作者：委员 + 工作人员联名 8 分 → 委员 4。"""
    b = _eight_point_piece("m", "w").person("m", "member").person("w", "staff")
    assert assess(committee, b.build(), 2024).person("m").points == 4  # 8 ÷ 2


def test_第四条第5款_本委积分计全部分值(committee):
    """第四条第5款：以本委名义提交的三人联名稿件 8 分 → 本委计 8（不平分）；
    未以本委名义提交的稿件不计入本委。"""
    b = _eight_point_piece("a", "b", "c")
    for p in "abc":
        b.person(p, "member", units=("mz",))
    b.piece("y", "a", submitted="2024-06-01")  # 无报送单位
    b.event("y", "adopted", "2024-07-01", body="cppcc-national")
    a = assess(committee, b.build(), 2024)
    assert a.unit("mz").points == 8
    assert a.person("a").points == F(8, 3) + 1 + 8  # 联名 8/3 + 独著（提交 1 + 全国政协 8）


# ============================================================ 第五条 亮晒与表扬


def _people_with_points(builder: DatasetBuilder, /, **points: int) -> DatasetBuilder:
    """Each member submits ``n`` pieces (n 分, 采用 0 篇)."""
    for p, n in points.items():
        builder.person(p, "member")
        builder.many(f"x_{p}_", n, p, submitted="2024-03-01 09:00")
    return builder


def test_第五条第2款_前3名并列一并计入_1_2_2共三人(committee):
    """第五条第2款：积分 5、4、4、3 → 名次 1、2、2、4 → 前 3 名共三人（a、b、c），d 不表扬。"""
    b = _people_with_points(DatasetBuilder(), a=5, b=4, c=4, d=3)
    a = assess(committee, b.build(), 2024)
    assert [a.person(p).rank for p in "abcd"] == [1, 2, 2, 4]
    assert [a.person(p).award for p in "abcd"] == ["通报表扬", "通报表扬", "通报表扬", None]


def test_第五条第2款_前3名并列一并计入_1_2_3_3共四人(committee):
    """第五条第2款：积分 5、4、3、3、2 → 名次 1、2、3、3、5 → 共四人表扬。"""
    b = _people_with_points(DatasetBuilder(), a=5, b=4, c=3, d=3, e=2)
    a = assess(committee, b.build(), 2024)
    assert [a.person(p).rank for p in "abcde"] == [1, 2, 3, 3, 5]
    assert [a.person(p).award for p in "abcde"] == [
        "通报表扬",
        "通报表扬",
        "通报表扬",
        "通报表扬",
        None,
    ]


def test_第五条第2款_须完成指标_名次不递补(committee):
    """第五条第2款："排名前 3 名且完成指标"：排名按第3款在全体中计算，未完成指标者占名次但不表扬。
    o（特邀信息员）1 篇被全国政协采用：1 + 8 = 9，名次 1，但只提交 1 篇（< 2）→ 不表扬；
    a 5、b 4、c 3 → 名次 2、3、4 → a、b 表扬，c（第 4 名）不表扬。"""
    b = _people_with_points(DatasetBuilder(), a=5, b=4, c=3)
    solo(b, "o", adopt("2024-07-01", "cppcc-national"), role="special_officer")
    a = assess(committee, b.build(), 2024)
    assert [a.person(p).rank for p in ("o", "a", "b", "c")] == [1, 2, 3, 4]
    assert a.person("o").quotas_met is False
    assert [a.person(p).award for p in ("o", "a", "b", "c")] == [None, "通报表扬", "通报表扬", None]


def test_第五条第3款_委员与特邀信息员一起排名_采用篇数含联名(committee):
    """第五条第3款：委员和特邀信息员一起排名；积分相同的以本年度采用篇数（含联名）多者居前。
    o（特邀信息员）：2 篇，其一市政协采用：2 + 3 = 5，采用 1；m（委员）5 篇 = 5，采用 0；
    j1、j2 联名 1 篇，市政协采用：(1 + 3) ÷ 2 = 2，采用各 1；k 2 篇 = 2，采用 0。"""
    b = DatasetBuilder().person("o", "special_officer")
    b.many("xo", 2, "o", submitted="2024-03-01 09:00")
    b.event("xo0", "adopted", "2024-07-01", body="cppcc-city")
    _people_with_points(b, m=5, k=2)
    b.person("j1", "member").person("j2", "member")
    b.piece("J", "j1", "j2", submitted="2024-06-01")
    b.event("J", "adopted", "2024-07-01", body="cppcc-city")
    a = assess(committee, b.build(), 2024)
    order = ("o", "m", "j1", "j2", "k")
    assert [a.person(p).points for p in order] == [5, 5, 2, 2, 2]
    assert [a.person(p).adopted_pieces for p in order] == [1, 0, 1, 1, 0]
    assert [a.person(p).rank for p in order] == [1, 2, 3, 3, 5]


def test_第五条第3款_采用篇数只计本年度发生的采用(committee):
    """第五条第3款：本年度发生过采用事件的稿件才计：2024 年被采用的稿件在 2025 年不计。
    2025：x、y 各提交 1 篇（1 分）；y 的 2024 年旧稿 2025 年被党派市委采用（0 分，仍是采用）→ y 居前。"""
    b = DatasetBuilder()
    for p in ("x", "y"):
        b.person(p, "member")
        b.piece(f"old_{p}", p, submitted="2024-03-01")
        b.event(f"old_{p}", "adopted", "2024-04-01", body="cppcc-city")
        b.piece(f"new_{p}", p, submitted="2025-03-01")
    b.event("old_y", "adopted", "2025-04-01", body="party-city")
    a = assess(committee, b.build(), 2025)
    assert (a.person("x").points, a.person("y").points) == (1, 1)
    assert (a.person("x").adopted_pieces, a.person("y").adopted_pieces) == (0, 1)
    assert (a.person("y").rank, a.person("x").rank) == (1, 2)


def test_第五条第1款_每月亮晒委员提交采用情况(committee):
    """第五条第1款：每月通过委员工作群亮晒各委员提交、采用情况。"""
    (bulletin,) = committee.bulletins
    assert bulletin.every == "month"
    assert tuple(bulletin.entities) == ("person",)
    assert set(bulletin.metrics) == {"submitted", "adopted"}
