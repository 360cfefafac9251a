"""Hand-worked examples for policies/district.md (XX区政协反映社情民意信息工作考核办法).

Every expected number below is worked out from the policy text alone (not from the
engine); the comment next to it shows the arithmetic.  Times without an offset are
Beijing time (+08:00), as DatasetBuilder reads them.
"""

from __future__ import annotations

from fractions import Fraction

from sqmy_core.scoring.assess import assess
from sqmy_core.testing.builder import DatasetBuilder

F = Fraction


# --------------------------------------------------------------------------- helpers


def approved_pieces(
    b: DatasetBuilder,
    prefix: str,
    n: int,
    *authors: str,
    unit: str | None = None,
    day: str = "2024-03-01",
) -> DatasetBuilder:
    """``n`` pieces by ``authors`` submitted and 审定通过 on ``day`` (1 分 each)."""
    for i in range(n):
        ident = f"{prefix}{i}"
        b.piece(ident, *authors, submitted=f"{day} 09:00", unit=unit)
        b.event(ident, "approved", f"{day} 15:00")
    return b


def quota_met(result, quota_id: str) -> bool:
    return next(q for q in result.quotas if q.quota == quota_id).met


def one_piece(*events: tuple, authors: tuple[str, ...] = ("p1",), call: str | None = None):
    """A dataset with members ``authors`` and one piece x1 (submitted 2024-03-01)."""
    b = DatasetBuilder().unit("s1", "sector")
    for a in authors:
        b.person(a, "member", units=("s1",))
    if call:
        b.call(call, call)
    b.piece("x1", *authors, submitted="2024-03-01 09:00", unit="s1", call=call)
    for type_, when, fields in events:
        b.event("x1", type_, when, **fields)
    return b.build()


def ev(type_: str, when: str, **fields) -> tuple:
    return (type_, when, fields)


# ============================================================ 第一条 适用范围、考核年度


def test_第一条_适用人员_委员与特约信息员(district):
    """第一条：适用于委员（member）、特约信息员（special_officer）；其他人员不参加考核。"""
    ds = (
        DatasetBuilder()
        .unit("s1", "sector")
        .person("m", "member", units=("s1",))
        .person("o", "special_officer")
        .person("mo", "member", "special_officer")
        .person("sm", "standing_member")
        .person("st", "staff")
        .person("ex", "expert")
        .person("ri", "reviewer_initial")
        .person("rc", "reviewer_chair")
        .build()
    )
    a = assess(district, ds, 2024)
    assert {p.id for p in a.people} == {"m", "o", "mo"}


def test_第一条_适用单位_界别专委会镇街工委(district):
    """第一条：各界别（sector）、各专门委员会（committee）、各镇街工委（liaison）；其他单位不参加考核。"""
    ds = (
        DatasetBuilder()
        .unit("sec", "sector")
        .unit("com", "committee")
        .unit("lia", "liaison")
        .unit("stu", "studio")
        .unit("off", "office")
        .unit("cp", "cppcc")
        .unit("pa", "party")
        .unit("db", "district_branch")
        .unit("gr", "grassroots")
        .build()
    )
    a = assess(district, ds, 2024)
    assert {u.id for u in a.units} == {"sec", "com", "lia"}


def test_第一条_同时具有两种身份的分别适用各自指标(district):
    """第一条：同时具有委员和特约信息员两种身份的，分别适用各自指标（第二条第1、2款）。"""
    b = (
        DatasetBuilder()
        .person("mo1", "member", "special_officer")
        .person("mo5", "member", "special_officer")
    )
    approved_pieces(b, "a", 1, "mo1")
    approved_pieces(b, "b", 5, "mo5")
    a = assess(district, b.build(), 2024)
    one, five = a.person("mo1"), a.person("mo5")
    assert {q.quota for q in one.quotas} == {"member", "special_officer"}
    # 1 篇审定通过：委员指标 1 ≥ 1 完成；特约信息员指标 1 < 5 未完成 → 任务指标未完成
    assert quota_met(one, "member") is True
    assert quota_met(one, "special_officer") is False
    assert one.quotas_met is False
    # 5 篇：1 ≥ 1 且 5 ≥ 5 → 均完成
    assert quota_met(five, "member") and quota_met(five, "special_officer")
    assert five.quotas_met is True


def test_第一条_考核年度按北京时间_跨年零点前后(district):
    """第一条：考核年度为北京时间 1 月 1 日 0 时至 12 月 31 日 24 时。"""
    b = DatasetBuilder()
    for p in ("p1", "p2", "p3", "p4"):
        b.person(p, "member")
    b.piece("a1", "p1", submitted="2024-12-20 09:00")
    b.piece("a2", "p2", submitted="2024-12-20 09:00")
    b.piece("a3", "p3", submitted="2024-12-20 09:00")
    b.piece("a4", "p4", submitted="2024-12-20 09:00")
    b.event("a1", "approved", "2024-12-31 23:30")  # 北京时间 2024 年
    b.event("a2", "approved", "2025-01-01 00:10")  # 北京时间 2025 年
    b.event("a3", "approved", "2024-12-31T16:30:00+00:00")  # = 北京 2025-01-01 00:30 → 2025
    b.event("a4", "approved", "2024-12-31T15:59:00+00:00")  # = 北京 2024-12-31 23:59 → 2024
    ds = b.build()
    y24, y25 = assess(district, ds, 2024), assess(district, ds, 2025)
    # 审定通过 1 分，归属于事件发生的（北京时间）年度
    assert [y24.person(p).points for p in ("p1", "p2", "p3", "p4")] == [1, 0, 0, 1]
    assert [y25.person(p).points for p in ("p1", "p2", "p3", "p4")] == [0, 1, 1, 0]
    # 指标口径同样按北京时间：p3 的审定通过在 2025 年，2024 年未完成
    assert y24.person("p3").quotas_met is False
    assert y25.person("p3").quotas_met is True


def test_第一条_新年度自1月1日0时起(district):
    """第一条：1 月 1 日 0 时是新年度的起点（12 月 31 日 24 时即次年 1 月 1 日 0 时，不再属于上年）。"""
    b = DatasetBuilder().person("p1", "member")
    b.piece("a1", "p1", submitted="2024-12-31 10:00")
    b.event("a1", "approved", "2025-01-01 00:00")
    ds = b.build()
    assert assess(district, ds, 2024).person("p1").points == 0
    assert assess(district, ds, 2025).person("p1").points == 1


def test_第一条_尚未任职的人员不参加当年考核(district):
    """第一条：考核对象是该年度的委员；2025 年才任职（since）的委员不列入 2024 年考核。"""
    ds = (
        DatasetBuilder()
        .person("old", "member", since="2020-01-01")
        .person("new", "member", since="2025-03-01")
        .build()
    )
    assert {p.id for p in assess(district, ds, 2024).people} == {"old"}
    assert {p.id for p in assess(district, ds, 2025).people} == {"old", "new"}


# ============================================================ 第二条 任务指标


def test_第二条第1款_委员每年至少1篇审定通过_仅提交不算(district):
    """第二条第1款：委员至少 1 篇"审定通过"；提交、退回、不予上报均不计。"""
    b = DatasetBuilder()
    for p in ("sub", "ret", "rej", "ok"):
        b.person(p, "member")
    b.piece("x_sub", "sub", submitted="2024-03-01")  # 只提交
    b.piece("x_ret", "ret", submitted="2024-03-01")
    b.event("x_ret", "returned", "2024-03-05")  # 退回修改，未再通过
    b.piece("x_rej", "rej", submitted="2024-03-01")
    b.event("x_rej", "rejected", "2024-03-05")  # 不予上报
    b.piece("x_ok", "ok", submitted="2024-03-01")
    b.event("x_ok", "approved", "2024-03-05")
    a = assess(district, b.build(), 2024)
    assert [a.person(p).quotas_met for p in ("sub", "ret", "rej", "ok")] == [
        False,
        False,
        False,
        True,
    ]


def test_第二条第2款_特约信息员每年至少5篇审定通过(district):
    """第二条第2款：特约信息员至少 5 篇审定通过：4 篇未完成，5 篇完成。"""
    b = DatasetBuilder().person("o4", "special_officer").person("o5", "special_officer")
    approved_pieces(b, "a", 4, "o4")
    approved_pieces(b, "b", 5, "o5")
    b.piece("a_sub", "o4", submitted="2024-04-01")  # 第 5 篇只提交未通过，不计
    a = assess(district, b.build(), 2024)
    assert [q.quota for q in a.person("o4").quotas] == ["special_officer"]
    assert a.person("o4").quotas_met is False  # 4 < 5
    assert a.person("o5").quotas_met is True  # 5 ≥ 5


def test_第二条第3款_单位以本单位名义至少5篇审定通过(district):
    """第二条第3款：报送单位为本单位的稿件至少 5 篇审定通过（界别、专委会、镇街工委同）。"""
    b = (
        DatasetBuilder()
        .unit("sec", "sector")
        .unit("com", "committee")
        .unit("lia", "liaison")
        .unit("sec2", "sector")
        .person("cm", "member", units=("com",))
        .person("w", "staff")
    )
    approved_pieces(b, "s", 5, "w", unit="sec")  # 作者不是该界别成员也算：看报送单位
    approved_pieces(b, "c", 4, "cm", unit="com")
    approved_pieces(b, "cn", 1, "cm", unit=None)  # 本单位成员的稿件，但报送单位不是本单位 → 不计
    approved_pieces(b, "l", 4, "w", unit="lia")
    b.piece("l_sub", "w", submitted="2024-05-01", unit="lia")  # 第 5 篇只提交未通过
    approved_pieces(b, "t", 5, "w", unit="sec2", day="2024-12-31")
    b.piece("late", "w", submitted="2024-12-31 10:00", unit="sec2")
    b.event("late", "approved", "2025-01-01 00:05")  # 2025 年的审定通过
    a = assess(district, b.build(), 2024)
    assert a.unit("sec").quotas_met is True  # 5 ≥ 5
    assert a.unit("com").quotas_met is False  # 4 < 5
    assert a.unit("lia").quotas_met is False  # 4 < 5
    assert a.unit("sec2").quotas_met is True  # 5 篇在 2024 年审定通过
    assert assess(district, b.build(), 2025).unit("sec2").quotas_met is False  # 2025 年仅 1 篇


def test_第二条第5款_联名稿件对每一位作者都计1篇(district):
    """第二条第5款：联名稿件对每一位作者都计为 1 篇。"""
    b = (
        DatasetBuilder()
        .person("o1", "special_officer")
        .person("o2", "special_officer")
        .person("m3", "member")
    )
    approved_pieces(b, "j", 5, "o1", "o2", "m3")
    a = assess(district, b.build(), 2024)
    # 5 篇联名：o1、o2 各计 5 篇（≥5），m3 计 5 篇（≥1，第三作者同样计入）
    assert a.person("o1").quotas_met is True
    assert a.person("o2").quotas_met is True
    assert a.person("m3").quotas_met is True


def test_第二条口径_审定通过归属于审定通过事件发生的年度(district):
    """第二条"口径"：2024 年提交、2025 年审定通过的，计入 2025 年指标。"""
    b = DatasetBuilder().person("m", "member")
    b.piece("x", "m", submitted="2024-12-28 10:00")
    b.event("x", "approved", "2025-01-03 10:00")
    ds = b.build()
    assert assess(district, ds, 2024).person("m").quotas_met is False
    assert assess(district, ds, 2025).person("m").quotas_met is True


def _talk_dataset(**since: str | None) -> DatasetBuilder:
    """Members who submit but never get approved in 2023 and 2024 (both years fail)."""
    b = DatasetBuilder()
    for ident, when in since.items():
        b.person(ident, "member", since=when)
        b.piece(f"x_{ident}", ident, submitted="2024-05-01")
    return b


def test_第二条第4款_委员连续两个年度未完成列入谈话引导(district):
    """第二条第4款：委员连续两个年度未完成第 1 项指标 → 标记 talk；只适用于委员。"""
    b = (
        DatasetBuilder()
        .person("both_fail", "member", since="2020-01-01")
        .person("met_2023", "member")
        .person("met_2024", "member")
        .person("officer", "special_officer")
        .person("dual", "member", "special_officer")
    )
    approved_pieces(b, "a", 1, "met_2023", day="2023-06-01")
    approved_pieces(b, "b", 1, "met_2024", day="2024-06-01")
    b.piece("nope", "both_fail", submitted="2024-05-01")  # 提交但未审定通过
    a = assess(district, b.build(), 2024)
    assert a.person("both_fail").flags == ("talk",)  # 2023 未完成、2024 未完成
    assert a.person("met_2023").flags == ()  # 2024 未完成，但 2023 完成 → 不连续
    assert a.person("met_2024").flags == ()  # 2024 完成
    assert a.person("officer").flags == ()  # 特约信息员不适用（只针对委员第 1 项指标）
    assert a.person("dual").flags == ("talk",)  # 兼有委员身份，委员指标连续两年未完成


def test_第二条第4款_上一年度未全年任职的不列入(district):
    """第二条第4款：since 晚于上一年度 1 月 1 日 0 时（北京时间）不列入；恰为该时刻的列入。"""
    b = _talk_dataset(
        exact="2023-01-01 00:00",  # 恰好 2023-01-01 0 时 → 全年任职 → 列入
        one_min_late="2023-01-01 00:01",  # 晚 1 分钟 → 不列入
        utc_exact="2022-12-31T16:00:00+00:00",  # = 北京 2023-01-01 00:00 → 列入
        utc_late="2022-12-31T16:30:00+00:00",  # = 北京 2023-01-01 00:30 → 不列入
        earlier="2022-05-01",  # 早于 → 列入
        mid_year="2023-06-01",  # 年中任职 → 不列入
        always=None,  # 未填 since：数据覆盖期间一直在任 → 列入
    )
    a = assess(district, b.build(), 2024)
    flagged = {p.id for p in a.people if "talk" in p.flags}
    assert flagged == {"exact", "utc_exact", "earlier", "always"}


def test_第二条第4款_次年起上一年度已全年任职的列入(district):
    """第二条第4款：2023-01-01 00:01 任职者，2025 年考核时上一年度（2024）已全年任职 → 列入。"""
    b = _talk_dataset(one_min_late="2023-01-01 00:01")
    ds = b.build()
    # 2024 与 2025 两年均无审定通过
    assert assess(district, ds, 2024).person("one_min_late").flags == ()
    assert assess(district, ds, 2025).person("one_min_late").flags == ("talk",)


# ============================================================ 第三条 审核流程（三审）


def test_第三条第1至3款_三审审级与角色(district):
    """第三条第1—3款：初审社法委（可提请专家复核）→ 复审分管副主席 → 审定主席。"""
    stages = district.review.stages
    assert [s.role for s in stages] == ["reviewer_initial", "reviewer_deputy", "reviewer_chair"]
    assert set(stages[0].decisions) == {"pass", "return", "reject", "escalate"}
    assert stages[0].escalate_role == "expert"
    assert set(stages[1].decisions) == {"pass", "return", "reject"}
    assert set(stages[2].decisions) == {"pass", "return", "reject"}


def test_第三条第4至6款_退回从初审开始_作者回避_五关(district):
    """第三条第4款退回后从初审开始；第5款作者不得审核本人稿件；第6款每一审级确认"五关"。"""
    review = district.review
    assert review.return_to == "first"
    assert review.authors_may_review is False
    assert set(review.checks) == {"political", "policy", "factual", "format", "wording"}
    assert review.require_checks is True


def test_第三条_退回修改后再审定通过计分_不予上报不计分(district):
    """第三条第4款：退回修改的稿件重新提交后可再审定通过，计 1 分；不予上报的不计分。"""
    b = (
        DatasetBuilder()
        .person("p1", "member")
        .person("p2", "member")
        .person("r", "reviewer_initial")
    )
    b.piece("x1", "p1", submitted="2024-03-01")
    b.event("x1", "reviewed", "2024-03-02", stage="initial", decision="return", actor="r")
    b.event("x1", "returned", "2024-03-02")
    b.event("x1", "reviewed", "2024-03-10", stage="initial", decision="pass", actor="r")
    b.event("x1", "approved", "2024-03-20")
    b.piece("x2", "p2", submitted="2024-03-01")
    b.event("x2", "reviewed", "2024-03-02", stage="initial", decision="pass", actor="r")
    b.event("x2", "rejected", "2024-03-05")
    a = assess(district, b.build(), 2024)
    assert a.person("p1").points == 1  # 审定通过 1 分（审阅记录本身不计分）
    assert a.person("p1").quotas_met is True
    assert a.person("p2").points == 0
    assert a.person("p2").quotas_met is False


# ============================================================ 第四条 报送时限


def _dispatch(b: DatasetBuilder, ident: str, approved: str, route: str, dispatched: str):
    b.piece(ident, "p1", submitted="2024-01-02 09:00")
    b.event(ident, "approved", approved)
    b.event(ident, "dispatched", dispatched, route=route, to="x")


def test_第四条_各报送方式时限按自然日乘24小时_恰好到点不逾期(district):
    """第四条：direct 2 日 = 48 小时、reference 5 日 = 120 小时、transfer 14 日 = 336 小时，
    自审定通过时起算；恰好到时限不逾期，超过 1 分钟逾期。编入本级刊物（bulletin）无时限。"""
    b = DatasetBuilder().person("p1", "member")
    _dispatch(b, "d_ok", "2024-03-01 10:00", "direct", "2024-03-03 10:00")  # +48h
    _dispatch(b, "d_late", "2024-03-01 10:00", "direct", "2024-03-03 10:01")  # +48h01m
    _dispatch(b, "d_utc", "2024-03-01 10:00", "direct", "2024-03-03T02:00:00+00:00")  # 北京 10:00
    _dispatch(b, "r_ok", "2024-03-01 10:00", "reference", "2024-03-06 10:00")  # +120h
    _dispatch(b, "r_late", "2024-03-01 10:00", "reference", "2024-03-06 10:01")
    _dispatch(b, "t_ok", "2024-03-01 10:00", "transfer", "2024-03-15 10:00")  # +336h
    _dispatch(b, "t_late", "2024-03-01 10:00", "transfer", "2024-03-15 10:01")
    _dispatch(b, "b_any", "2024-03-01 10:00", "bulletin", "2024-06-01 10:00")  # 无时限
    a = assess(district, b.build(), 2024)
    assert a.overdue == ("d_late", "r_late", "t_late")  # 排序输出


def test_第四条_按自然日计_节假日不顺延(district):
    """第四条：按自然日 × 24 小时计，不顺延周末、节假日。"""
    b = DatasetBuilder().person("p1", "member")
    # 2024-09-13（周五）18:00 审定通过；中秋假期 9-15 至 9-17；+48h = 9-15（周日）18:00
    _dispatch(b, "mid_autumn", "2024-09-13 18:00", "direct", "2024-09-16 09:00")  # +63h → 逾期
    _dispatch(b, "weekend_ok", "2024-09-13 18:00", "direct", "2024-09-15 18:00")  # +48h → 按时
    a = assess(district, b.build(), 2024)
    assert a.overdue == ("mid_autumn",)


def test_第四条_逾期列入报送发生的年度(district):
    """第四条/第七条：2024-12-31 审定通过、2025-01-03 直报（超 48 小时）→ 列入 2025 年逾期。"""
    b = DatasetBuilder().person("p1", "member")
    _dispatch(b, "x", "2024-12-31 10:00", "direct", "2025-01-03 09:00")  # +71h
    ds = b.build()
    assert assess(district, ds, 2024).overdue == ()
    assert assess(district, ds, 2025).overdue == ("x",)


# ============================================================ 第五条 计分标准


def test_第五条第1款_审定通过1分(district):
    """第五条第1款：审定通过 1 分；只提交不计分。"""
    b = DatasetBuilder().person("p1", "member")
    approved_pieces(b, "a", 3, "p1")
    b.piece("only_sub", "p1", submitted="2024-04-01")
    a = assess(district, b.build(), 2024)
    assert a.person("p1").points == 3  # 3 篇 × 1 分


def test_第五条第2款_各级采用分值_其他机构不计分(district):
    """第五条第2款：区政协 2、市政协 4、省政协 8、全国政协 15；其他机构采用不计分。"""
    bodies = {
        "cppcc-county": 1 + 2,
        "cppcc-city": 1 + 4,
        "cppcc-province": 1 + 8,
        "cppcc-national": 1 + 15,
        "party-city": 1 + 0,
        "party-province": 1 + 0,
        "party-central": 1 + 0,
        "cpc-county-office": 1 + 0,
        "cpc-city-office": 1 + 0,
        "cpc-province-office": 1 + 0,
    }
    b = DatasetBuilder()
    for i, body in enumerate(bodies):
        b.person(f"p{i}", "member")
        b.piece(f"x{i}", f"p{i}", submitted="2024-03-01")
        b.event(f"x{i}", "approved", "2024-03-05")
        b.event(f"x{i}", "adopted", "2024-04-01", body=body)
    a = assess(district, b.build(), 2024)
    for i, (body, expected) in enumerate(bodies.items()):
        assert a.person(f"p{i}").points == expected, body  # 审定通过 1 + 采用分


def test_第五条第2款_采用按最高级别计一次不累加(district):
    """第五条第2款：同一篇被区、市、省政协采用 → 只计最高 8 分；同一机构两次采用只计一次。"""
    ds = one_piece(
        ev("approved", "2024-03-05"),
        ev("adopted", "2024-04-01", body="cppcc-county"),
        ev("adopted", "2024-05-01", body="cppcc-city"),
        ev("adopted", "2024-06-01", body="cppcc-province"),
        ev("adopted", "2024-07-01", body="cppcc-county"),
    )
    # 审定通过 1 + 最高级别（省政协）8 = 9，而非 1 + 2 + 4 + 8 + 2
    assert assess(district, ds, 2024).person("p1").points == 9


def test_第五条第8款_办法原例_次年被更高级别采用补计差额(district):
    """第五条第2、8款（办法原例）：2024 年区政协采用 2 分，2025 年又被市政协采用 → 2025 年补计 2 分。"""
    ds = one_piece(
        ev("approved", "2024-03-05"),
        ev("adopted", "2024-04-01", body="cppcc-county"),
        ev("adopted", "2025-02-01", body="cppcc-city"),
        ev("adopted", "2026-02-01", body="cppcc-county"),
        ev("adopted", "2027-02-01", body="cppcc-national"),
    )
    # 2024：审定通过 1 + 区政协采用 2 = 3
    assert assess(district, ds, 2024).person("p1").points == 3
    # 2025：截至 2025 年末累计最高 4 − 截至 2024 年末 2 = 2
    assert assess(district, ds, 2025).person("p1").points == 2
    # 2026：再被区政协采用，最高仍为 4 → 4 − 4 = 0
    assert assess(district, ds, 2026).person("p1").points == 0
    # 2027：全国政协采用，最高 15 − 4 = 11
    assert assess(district, ds, 2027).person("p1").points == 11


def test_第五条第3款_批示分值与主要领导加50百分比(district):
    """第五条第3款：区级 3、市级 6、省级及以上 10；主要领导在此基础上加 50%。"""
    cases = {
        ("county", "deputy"): F(3),
        ("county", "principal"): F(3) * F(3, 2),  # 4.5
        ("city", "deputy"): F(6),
        ("city", "principal"): F(6) * F(3, 2),  # 9
        ("province", "deputy"): F(10),
        ("province", "principal"): F(10) * F(3, 2),  # 15
        ("national", "deputy"): F(10),  # 省级及以上 10
        ("national", "principal"): F(15),
    }
    b = DatasetBuilder()
    for i, (level, rank) in enumerate(cases):
        b.person(f"p{i}", "member")
        b.piece(f"x{i}", f"p{i}", submitted="2024-03-01")
        b.event(f"x{i}", "approved", "2024-03-05")
        b.event(f"x{i}", "instructed", "2024-04-01", level=level, rank=rank)
    a = assess(district, b.build(), 2024)
    for i, (key, instr) in enumerate(cases.items()):
        assert a.person(f"p{i}").points == 1 + instr, key  # 审定通过 1 + 批示分


def test_第五条第3款_同一篇多次批示累加(district):
    """第五条第3款：多次批示累加：区级分管 3 + 市级分管 6 = 9。"""
    ds = one_piece(
        ev("approved", "2024-03-05"),
        ev("instructed", "2024-04-01", level="county", rank="deputy"),
        ev("instructed", "2024-05-01", level="city", rank="deputy"),
    )
    assert assess(district, ds, 2024).person("p1").points == 1 + 3 + 6  # = 10


def test_第五条第3款_每篇批示得分合计不超过20分(district):
    """第五条第3款：省级主要领导 15 + 市级分管 6 = 21 → 封顶 20。"""
    ds = one_piece(
        ev("approved", "2024-03-05"),
        ev("instructed", "2024-04-01", level="province", rank="principal"),
        ev("instructed", "2024-05-01", level="city", rank="deputy"),
    )
    assert assess(district, ds, 2024).person("p1").points == 1 + 20  # = 21


def test_第五条第3款第8款_批示封顶按跨年度累计(district):
    """第五条第3、8款：封顶按累计分：2024 省级主要 15；2025 市级主要 9 → 累计 24 封顶 20，2025 得 5。"""
    ds = one_piece(
        ev("approved", "2024-03-05"),
        ev("instructed", "2024-04-01", level="province", rank="principal"),
        ev("instructed", "2025-03-01", level="city", rank="principal"),
        ev("instructed", "2026-03-01", level="county", rank="deputy"),
    )
    assert assess(district, ds, 2024).person("p1").points == 1 + 15  # = 16
    assert assess(district, ds, 2025).person("p1").points == 5  # min(15 + 9, 20) − 15
    assert assess(district, ds, 2026).person("p1").points == 0  # min(20 + 3, 20) − 20


def test_第五条第4款_落实并书面反馈2分每篇计一次(district):
    """第五条第4款：办理落实并书面反馈 2 分，每篇一次；列入研究、不予采纳不计分。"""
    b = DatasetBuilder()
    for p in ("twice", "study", "declined"):
        b.person(p, "member")
        b.piece(f"x_{p}", p, submitted="2024-03-01")
        b.event(f"x_{p}", "approved", "2024-03-05")
    b.event("x_twice", "handled", "2024-05-01", outcome="implemented", department="住建局")
    b.event("x_twice", "handled", "2024-06-01", outcome="implemented", department="交通局")
    b.event("x_twice", "handled", "2025-06-01", outcome="implemented", department="民政局")
    b.event("x_study", "handled", "2024-05-01", outcome="under_study")
    b.event("x_declined", "handled", "2024-05-01", outcome="declined")
    ds = b.build()
    a = assess(district, ds, 2024)
    assert a.person("twice").points == 1 + 2  # 两次落实反馈仍只计 2 分
    assert a.person("study").points == 1
    assert a.person("declined").points == 1
    assert assess(district, ds, 2025).person("twice").points == 0  # 每篇一次：次年再反馈不再计分


def test_第五条第5款_约稿与重点选题加1分_征集目录不加(district):
    """第五条第5款：约稿（commission）、年度重点选题（key_topic）并审定通过的另加 1 分；
    征集目录（call）不在此列；未审定通过的不加分。"""
    b = (
        DatasetBuilder()
        .call("c_com", "commission")
        .call("c_key", "key_topic")
        .call("c_call", "call")
    )
    for p, call in (("com", "c_com"), ("key", "c_key"), ("cal", "c_call"), ("none", None)):
        b.person(p, "member")
        b.piece(f"x_{p}", p, submitted="2024-03-01", call=call)
        b.event(f"x_{p}", "approved", "2024-03-05")
    b.person("rej", "member")
    b.piece("x_rej", "rej", submitted="2024-03-01", call="c_com")
    b.event("x_rej", "rejected", "2024-03-05")
    a = assess(district, b.build(), 2024)
    assert a.person("com").points == 1 + 1  # 审定通过 1 + 约稿 1
    assert a.person("key").points == 1 + 1  # 审定通过 1 + 重点选题 1
    assert a.person("cal").points == 1  # 征集目录不加分
    assert a.person("none").points == 1
    assert a.person("rej").points == 0  # 未审定通过：既无 1 分也无加分


def test_第五条第5款_加分计入审定通过的年度(district):
    """第五条第5款：2024-12-20 提交的约稿，2025-01-05 审定通过 → 1 + 1 = 2 分均计入 2025 年。"""
    b = DatasetBuilder().call("c1", "commission").person("p1", "member")
    b.piece("x", "p1", submitted="2024-12-20", call="c1")
    b.event("x", "approved", "2025-01-05")
    ds = b.build()
    assert assess(district, ds, 2024).person("p1").points == 0
    assert assess(district, ds, 2025).person("p1").points == 2


def _twelve_point_piece(*authors: str) -> DatasetBuilder:
    """审定通过 1 + 区政协采用 2 + 市级主要领导批示 6 × 1.5 = 9 → 12 分。"""
    b = DatasetBuilder().unit("s1", "sector").unit("s2", "sector")
    b.piece("x", *authors, submitted="2024-03-01", unit="s1")
    b.event("x", "approved", "2024-03-05")
    b.event("x", "adopted", "2024-04-01", body="cppcc-county")
    b.event("x", "instructed", "2024-05-01", level="city", rank="principal")
    return b


def test_第五条第6款_仅一位作者得全部分值(district):
    """第五条第6款：仅一位作者的得全部分值 12。"""
    b = _twelve_point_piece("p1").person("p1", "member")
    assert assess(district, b.build(), 2024).person("p1").points == 12


def test_第五条第6款_两位作者_第一作者60百分比_其余40百分比(district):
    """第五条第6款：12 分，第一作者 60% = 7.2，第二作者 40% = 4.8。"""
    b = _twelve_point_piece("p1", "p2").person("p1", "member").person("p2", "special_officer")
    a = assess(district, b.build(), 2024)
    assert a.person("p1").points == Fraction("7.2")  # 12 × 0.6
    assert a.person("p2").points == Fraction("4.8")  # 12 × 0.4


def test_第五条第6款_三位作者_其余作者平分40百分比(district):
    """第五条第6款：12 分，第一作者 7.2，其余两位平分 40%：12 × 0.4 ÷ 2 = 2.4。"""
    b = _twelve_point_piece("p1", "p2", "p3")
    for p in ("p1", "p2", "p3"):
        b.person(p, "member")
    a = assess(district, b.build(), 2024)
    assert a.person("p1").points == Fraction("7.2")
    assert a.person("p2").points == Fraction("2.4")
    assert a.person("p3").points == Fraction("2.4")


def test_第五条第6款_四位作者_其余三位各得十五分之二(district):
    """第五条第6款：12 分 × 0.4 ÷ 3 = 1.6；精确分数，不四舍五入。"""
    b = _twelve_point_piece("p1", "p2", "p3", "p4")
    for p in ("p1", "p2", "p3", "p4"):
        b.person(p, "member")
    a = assess(district, b.build(), 2024)
    assert a.person("p1").points == Fraction("7.2")
    assert [a.person(p).points for p in ("p2", "p3", "p4")] == [Fraction("1.6")] * 3
    # 1 分的稿件 4 人联名：其余作者 1 × 0.4 ÷ 3 = 2/15（精确值）
    b2 = DatasetBuilder()
    for p in ("q1", "q2", "q3", "q4"):
        b2.person(p, "member")
    approved_pieces(b2, "y", 1, "q1", "q2", "q3", "q4")
    a2 = assess(district, b2.build(), 2024)
    assert a2.person("q1").points == Fraction(3, 5)
    assert a2.person("q2").points == Fraction(2, 15)


def test_第五条第6款_非考核对象的联名作者同样参与分配(district):
    """第五条第6款：分配按稿件作者计，与作者是否参加考核无关：
    委员第一作者 + 工作人员第二作者 → 委员得 60% = 7.2；工作人员第一作者 → 委员第二作者得 40% = 4.8。"""
    b = _twelve_point_piece("m1", "w1").person("m1", "member").person("w1", "staff")
    b.piece("y", "w1", "m2", submitted="2024-03-01")
    b.event("y", "approved", "2024-03-05")
    b.event("y", "adopted", "2024-04-01", body="cppcc-county")
    b.event("y", "instructed", "2024-05-01", level="city", rank="principal")
    b.person("m2", "member")
    a = assess(district, b.build(), 2024)
    assert {p.id for p in a.people} == {"m1", "m2"}
    assert a.person("m1").points == Fraction("7.2")
    assert a.person("m2").points == Fraction("4.8")


def test_第五条第7款_单位积分按该篇全部分值不拆分(district):
    """第五条第7款：报送单位 s1 的三人联名稿件 12 分 → s1 计 12；作者所属单位 s2 不计；
    无报送单位的稿件不计入任何单位。"""
    b = _twelve_point_piece("p1", "p2", "p3")
    for p in ("p1", "p2", "p3"):
        b.person(p, "member", units=("s2",))
    approved_pieces(b, "nounit", 2, "p1", unit=None)
    a = assess(district, b.build(), 2024)
    assert a.unit("s1").points == 12  # 不按 60/40 拆分
    assert a.unit("s2").points == 0  # 作者所属单位不因此得分
    assert a.person("p1").points == Fraction("7.2") + 2  # 12 × 0.6 + 两篇独著各 1


def test_第五条第8款_积分归属于计分事件发生的年度(district):
    """第五条第8款：2024-11 审定通过；2025 年采用、批示、反馈 → 计入 2025。"""
    ds = one_piece(
        ev("approved", "2024-11-05"),
        ev("adopted", "2025-02-01", body="cppcc-city"),
        ev("instructed", "2025-03-01", level="city", rank="deputy"),
        ev("handled", "2025-04-01", outcome="implemented"),
    )
    assert assess(district, ds, 2024).person("p1").points == 1  # 审定通过 1
    assert assess(district, ds, 2025).person("p1").points == 4 + 6 + 2  # 市政协 4 + 市级 6 + 反馈 2


def test_第五条_综合例_联名与单位跨年度(district):
    """第五条第2、3、6、7、8款合并：两人联名、报送单位 s1。
    2024：审定通过 1 + 区政协 2 + 市级主要 9 = 12 → p1 7.2，p2 4.8，s1 12。
    2025：市政协采用补差 4 − 2 = 2；省级主要 15 → 批示累计 24 封顶 20，补 11 → 13 → p1 7.8，p2 5.2，s1 13。"""
    b = _twelve_point_piece("p1", "p2").person("p1", "member").person("p2", "member")
    b.event("x", "adopted", "2025-02-01", body="cppcc-city")
    b.event("x", "instructed", "2025-03-01", level="province", rank="principal")
    ds = b.build()
    y24, y25 = assess(district, ds, 2024), assess(district, ds, 2025)
    assert (y24.person("p1").points, y24.person("p2").points) == (F("7.2"), F("4.8"))
    assert y24.unit("s1").points == 12
    assert (y25.person("p1").points, y25.person("p2").points) == (
        F("7.8"),
        F("5.2"),
    )  # 13 × 0.6/0.4
    assert y25.unit("s1").points == 13


# ============================================================ 第六条 排名与评先


def test_第六条第1款_按积分由高到低排名_并列占用名次(district):
    """第六条第1款：积分 3、2、2、1（采用篇数均为 0）→ 名次 1、2、2、4。"""
    b = DatasetBuilder()
    for p, n in (("a", 3), ("b", 2), ("c", 2), ("d", 1)):
        b.person(p, "member")
        approved_pieces(b, f"x_{p}", n, p)
    a = assess(district, b.build(), 2024)
    assert [a.person(p).rank for p in "abcd"] == [1, 2, 2, 4]


def test_第六条第1款_积分相同以采用篇数多者居前_含联名(district):
    """第六条第1款：积分相同的，本年度采用篇数（个人含联名）多者居前。
    J1（f1, v）：审定 1 + 区政协 2 = 3 → f1 1.8、v 1.2，采用 1 篇；
    J2（f2, u）：审定 1 + 反馈 2 = 3 → f2 1.8、u 1.2，采用 0 篇。"""
    b = DatasetBuilder()
    for p in ("f1", "v", "f2", "u"):
        b.person(p, "member")
    b.piece("J1", "f1", "v", submitted="2024-03-01")
    b.event("J1", "approved", "2024-03-05")
    b.event("J1", "adopted", "2024-04-01", body="cppcc-county")
    b.piece("J2", "f2", "u", submitted="2024-03-01")
    b.event("J2", "approved", "2024-03-05")
    b.event("J2", "handled", "2024-04-01", outcome="implemented")
    a = assess(district, b.build(), 2024)
    assert [a.person(p).points for p in ("f1", "f2", "v", "u")] == [
        F("1.8"),
        F("1.8"),
        F("1.2"),
        F("1.2"),
    ]
    assert [a.person(p).adopted_pieces for p in ("f1", "f2", "v", "u")] == [1, 0, 1, 0]
    assert [a.person(p).rank for p in ("f1", "f2", "v", "u")] == [1, 2, 3, 4]


def test_第六条第1款_采用篇数只计本年度发生的采用(district):
    """第六条第1款：采用篇数 = 本年度发生过采用事件的不同稿件数。
    2025 年：x、y 各有一篇 2025 年审定通过的稿件（1 分）；
    y 的旧稿 2024 年被市政协采用、2025 年又被区政协采用（最高仍为 4，补 0 分）→ y 2025 采用 1 篇；
    x 的旧稿只在 2024 年被采用 → x 2025 采用 0 篇。积分同为 1，y 居前。"""
    b = DatasetBuilder().person("x", "member").person("y", "member")
    for p in ("x", "y"):
        b.piece(f"old_{p}", p, submitted="2024-03-01")
        b.event(f"old_{p}", "approved", "2024-03-05")
        b.event(f"old_{p}", "adopted", "2024-04-01", body="cppcc-city")
        approved_pieces(b, f"new_{p}", 1, p, day="2025-03-01")
    b.event("old_y", "adopted", "2025-04-01", body="cppcc-county")
    a = assess(district, b.build(), 2025)
    assert (a.person("x").points, a.person("y").points) == (1, 1)
    assert (a.person("x").adopted_pieces, a.person("y").adopted_pieces) == (0, 1)
    assert (a.person("y").rank, a.person("x").rank) == (1, 2)


def test_第六条第1款_同一篇多次采用只计1篇(district):
    """第六条第1款：不同稿件数：一篇被区、市两级采用只算 1 篇。"""
    ds = one_piece(
        ev("approved", "2024-03-05"),
        ev("adopted", "2024-04-01", body="cppcc-county"),
        ev("adopted", "2024-05-01", body="cppcc-city"),
    )
    assert assess(district, ds, 2024).person("p1").adopted_pieces == 1


def test_第六条第1款_其他机构采用也是采用事件(district):
    """第六条第1款：采用篇数按"发生过采用事件"计；第五条第2款"其他机构采用不计分"只影响积分，
    被党派市委采用仍是 1 篇采用。积分相同（各 1 分）时 a 居前。"""
    b = DatasetBuilder().person("a", "member").person("b", "member")
    approved_pieces(b, "xa", 1, "a")
    approved_pieces(b, "xb", 1, "b")
    b.event("xa0", "adopted", "2024-04-01", body="party-city")
    r = assess(district, b.build(), 2024)
    assert (r.person("a").points, r.person("b").points) == (1, 1)
    assert r.person("a").adopted_pieces == 1
    assert (r.person("a").rank, r.person("b").rank) == (1, 2)


def test_第六条第1款_单位排名不分类别_并列(district):
    """第六条第1款：单位（界别、专委会、镇街工委）一起按积分排名：3、2、2、1 → 1、2、2、4。"""
    b = (
        DatasetBuilder()
        .unit("sec", "sector")
        .unit("com", "committee")
        .unit("lia", "liaison")
        .unit("sec2", "sector")
        .person("w", "staff")
    )
    approved_pieces(b, "a", 3, "w", unit="lia")
    approved_pieces(b, "b", 2, "w", unit="sec")
    approved_pieces(b, "c", 2, "w", unit="com")
    approved_pieces(b, "d", 1, "w", unit="sec2")
    a = assess(district, b.build(), 2024)
    assert [a.unit(u).rank for u in ("lia", "sec", "com", "sec2")] == [1, 2, 2, 4]


def test_第六条第2款_先进个人_不低于20分且完成指标(district):
    """第六条第2款：年度积分 ≥ 20 且完成任务指标的委员、特约信息员评为"先进个人"。"""
    b = DatasetBuilder()
    for p in ("a", "b"):
        b.person(p, "member")
    b.person("c", "special_officer").person("d", "special_officer")
    b.person("e", "member", "special_officer")
    # a：审定 1 + 市政协 4 + 省级主要领导 10 × 1.5 = 15 → 20（恰好 20）
    b.piece("xa", "a", submitted="2024-03-01")
    b.event("xa", "approved", "2024-03-05")
    b.event("xa", "adopted", "2024-04-01", body="cppcc-city")
    b.event("xa", "instructed", "2024-05-01", level="province", rank="principal")
    # b：审定 1 + 全国政协 15 + 区级分管 3 = 19
    b.piece("xb", "b", submitted="2024-03-01")
    b.event("xb", "approved", "2024-03-05")
    b.event("xb", "adopted", "2024-04-01", body="cppcc-national")
    b.event("xb", "instructed", "2024-05-01", level="county", rank="deputy")
    # c、e：审定 1 + 全国政协 15 + 省级主要 15 = 31，但只有 1 篇审定通过（特约信息员指标 5）
    for p in ("c", "e"):
        b.piece(f"x{p}", p, submitted="2024-03-01")
        b.event(f"x{p}", "approved", "2024-03-05")
        b.event(f"x{p}", "adopted", "2024-04-01", body="cppcc-national")
        b.event(f"x{p}", "instructed", "2024-05-01", level="province", rank="principal")
    # d：5 篇审定 5 + 其中一篇全国政协 15 = 20，指标 5 ≥ 5
    approved_pieces(b, "xd", 5, "d")
    b.event("xd0", "adopted", "2024-04-01", body="cppcc-national")
    a = assess(district, b.build(), 2024)
    assert [a.person(p).points for p in "abcde"] == [20, 19, 31, 20, 31]
    assert a.person("a").award == "先进个人"
    assert a.person("b").award is None  # 19 < 20
    assert a.person("c").award is None  # 未完成特约信息员指标（1 < 5）
    assert a.person("d").award == "先进个人"
    assert a.person("e").award is None  # 委员指标完成但特约信息员指标未完成


def _unit_with(b: DatasetBuilder, unit: str, kind: str, n_approved: int, extra: list[tuple]):
    """A unit with ``n_approved`` approved pieces (1 分 each); ``extra`` events on its first piece."""
    b.unit(unit, kind)
    approved_pieces(b, f"{unit}_", n_approved, "w", unit=unit)
    for type_, when, fields in extra:
        b.event(f"{unit}_0", type_, when, **fields)


def test_第六条第3款_单位评先在完成指标的单位之间重新排名(district):
    """第六条第3款：完成指标的单位中第 1 名一等、第 2–3 名二等、第 4–6 名三等；
    未完成指标的单位不评先但仍列排名；评先名次在完成指标的单位之间重新计算。"""
    b = DatasetBuilder().person("w", "staff")
    adopt = lambda body: ev("adopted", "2024-04-01", body=body)  # noqa: E731
    instr = lambda level: ev("instructed", "2024-04-01", level=level, rank="deputy")  # noqa: E731
    # U0：4 篇（未完成 5 篇指标），一篇全国政协 + 一篇省级批示：4 + 15 + 10 = 29，全场最高
    _unit_with(b, "U0", "sector", 4, [adopt("cppcc-national")])
    b.event("U0_1", "instructed", "2024-04-01", level="province", rank="deputy")
    _unit_with(b, "U1", "committee", 5, [adopt("cppcc-national")])  # 5 + 15 = 20
    _unit_with(b, "U2", "liaison", 5, [adopt("cppcc-province")])  # 5 + 8 = 13
    _unit_with(b, "U3", "sector", 5, [instr("city")])  # 5 + 6 = 11
    _unit_with(b, "U4", "committee", 5, [adopt("cppcc-city")])  # 5 + 4 = 9
    _unit_with(b, "U5", "liaison", 5, [instr("county")])  # 5 + 3 = 8
    _unit_with(b, "U6", "sector", 5, [adopt("cppcc-county")])  # 5 + 2 = 7
    _unit_with(b, "U7", "committee", 5, [])  # 5
    a = assess(district, b.build(), 2024)
    ids = [f"U{i}" for i in range(8)]
    assert [a.unit(u).points for u in ids] == [29, 20, 13, 11, 9, 8, 7, 5]
    assert [a.unit(u).rank for u in ids] == [1, 2, 3, 4, 5, 6, 7, 8]  # 排名仍列出 U0
    # 完成指标的 U1..U7 重新排名 1..7：1 一等；2–3 二等；4–6 三等；7 无
    assert [a.unit(u).award for u in ids] == [
        None,
        "一等",
        "二等",
        "二等",
        "三等",
        "三等",
        "三等",
        None,
    ]


def test_第六条第3款_单位评先名次并列规则同第1款(district):
    """第六条第3款：评先名次规则同第 1 款：完成指标的单位积分 20、13、9、9、8、7、7、5
    → 名次 1、2、3、3、5、6、6、8 → 一等、二等、二等、二等、三等、三等、三等、无。"""
    b = DatasetBuilder().person("w", "staff")
    adopt = lambda body: ev("adopted", "2024-04-01", body=body)  # noqa: E731
    _unit_with(b, "U0", "sector", 4, [adopt("cppcc-national")])  # 未完成指标：4 + 15 = 19
    _unit_with(b, "E1", "sector", 5, [adopt("cppcc-national")])  # 20
    _unit_with(b, "E2", "sector", 5, [adopt("cppcc-province")])  # 13
    _unit_with(b, "E3", "sector", 5, [adopt("cppcc-city")])  # 9，采用 1 篇
    _unit_with(b, "E4", "sector", 5, [adopt("cppcc-city")])  # 9，采用 1 篇
    _unit_with(
        b, "E5", "sector", 5, [ev("instructed", "2024-04-01", level="county", rank="deputy")]
    )
    _unit_with(b, "E6", "sector", 5, [adopt("cppcc-county")])  # 7
    _unit_with(b, "E7", "sector", 5, [adopt("cppcc-county")])  # 7
    _unit_with(b, "E8", "sector", 5, [])  # 5
    a = assess(district, b.build(), 2024)
    ids = ["U0"] + [f"E{i}" for i in range(1, 9)]
    assert [a.unit(u).points for u in ids] == [19, 20, 13, 9, 9, 8, 7, 7, 5]
    # 全体排名：20、19、13、9、9、8、7、7、5 → E1 1，U0 2，E2 3，E3/E4 4，E5 6，E6/E7 7，E8 9
    assert [a.unit(u).rank for u in ids] == [2, 1, 3, 4, 4, 6, 7, 7, 9]
    assert [a.unit(u).award for u in ids] == [
        None,
        "一等",
        "二等",
        "二等",
        "二等",
        "三等",
        "三等",
        "三等",
        None,
    ]


# ============================================================ 第七条 通报


def test_第七条_通报数与采用率批示率(district):
    """第七条：报送数（按提交时间）、审定通过数、采用数、批示数、落实反馈数（均为不同稿件数），
    采用率 = 采用篇数 ÷ 审定通过篇数，批示率 = 批示篇数 ÷ 审定通过篇数。"""
    b = DatasetBuilder().person("p1", "member").person("p2", "member").person("p3", "member")
    b.piece("x1", "p1", submitted="2024-02-01")
    b.event("x1", "approved", "2024-02-10")
    b.event("x1", "adopted", "2024-03-01", body="cppcc-county")
    b.event("x1", "adopted", "2024-04-01", body="cppcc-city")
    b.event("x1", "instructed", "2024-05-01", level="city", rank="deputy")
    b.event("x1", "instructed", "2024-06-01", level="county", rank="deputy")
    b.event("x1", "handled", "2024-07-01", outcome="implemented")
    b.piece("x2", "p1", "p2", submitted="2024-03-01")
    b.event("x2", "approved", "2024-03-10")
    b.event("x2", "handled", "2024-05-01", outcome="under_study")
    b.piece("x3", "p2", submitted="2024-04-01")
    b.event("x3", "approved", "2024-04-10")
    b.event("x3", "adopted", "2024-05-01", body="cppcc-province")
    b.piece("x4", "p2", submitted="2024-05-01")
    b.event("x4", "rejected", "2024-05-10")
    b.piece("x5", "p3", submitted="2023-12-20")
    b.event("x5", "approved", "2024-01-05")
    b.piece("x6", "p3", submitted="2024-12-30")
    b.event("x6", "approved", "2025-01-02")
    b.piece("x7", "p3", submitted="2023-10-01")
    b.event("x7", "approved", "2023-10-10")
    b.event("x7", "adopted", "2024-02-01", body="cppcc-city")
    a = assess(district, b.build(), 2024)
    c = a.stats.counts
    assert c["submitted"] == 5  # x1 x2 x3 x4 x6（2024 年提交）
    assert c["approved"] == 4  # x1 x2 x3 x5
    assert c["adopted"] == 3  # x1（两次采用算 1 篇）x3 x7
    assert c["instructed"] == 1  # x1（两次批示算 1 篇）
    assert c["implemented"] == 1  # x1（列入研究不算）
    assert a.stats.adoption_rate == F(3, 4)  # 3 ÷ 4
    assert a.stats.instruction_rate == F(1, 4)  # 1 ÷ 4
    p1, p2 = a.person("p1").counts, a.person("p2").counts
    # p1：x1、x2（联名）
    assert [p1[k] for k in ("submitted", "approved", "adopted", "instructed", "implemented")] == [
        2,
        2,
        1,
        1,
        1,
    ]
    # p2：x2（联名）、x3、x4
    assert [p2[k] for k in ("submitted", "approved", "adopted", "instructed", "implemented")] == [
        3,
        2,
        1,
        0,
        0,
    ]


def test_第七条_季度通报与季度末提醒(district):
    """第七条：每季度通报各单位、个人的五项数量、两项比率及逾期；季度末提醒未完成指标的委员、特约信息员。"""
    (bulletin,) = district.bulletins
    assert bulletin.every == "quarter"
    assert set(bulletin.entities) == {"person", "unit"}
    assert set(bulletin.metrics) == {
        "submitted",
        "approved",
        "adopted",
        "instructed",
        "implemented",
    }
    assert set(bulletin.rates) == {"adoption_rate", "instruction_rate"}
    assert bulletin.include_overdue is True
    (reminder,) = district.reminders
    assert (reminder.about, reminder.every, reminder.on) == ("quota", "quarter", "last_day")
    assert set(reminder.quotas) == {"member", "special_officer"}
