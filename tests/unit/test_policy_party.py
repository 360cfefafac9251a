"""Hand-worked examples for policies/party.md (民建XX市委反映社情民意信息积分管理办法).

Every expected number below is worked out from the policy text alone (not from the
engine); the comment next to it shows the arithmetic.  Times without an offset are
Beijing time (+08:00), as DatasetBuilder reads them.
"""

from __future__ import annotations

from fractions import Fraction

from sqmy_core.scoring.assess import assess
from sqmy_core.testing.builder import DatasetBuilder

F = Fraction
HALF = F(1, 2)  # 第三条第1款：报送每篇 0.5 分


def solo(
    b: DatasetBuilder,
    person: str,
    *events: tuple,
    submitted: str = "2024-06-01",
    call: str | None = None,
    unit: str | None = None,
) -> DatasetBuilder:
    """A member ``person`` with one piece ``x_<person>`` carrying ``events``."""
    b.person(person, "member")
    b.piece(f"x_{person}", person, submitted=submitted, call=call, unit=unit)
    for type_, when, fields in events:
        b.event(f"x_{person}", type_, when, **fields)
    return b


def ev(type_: str, when: str, **fields) -> tuple:
    return (type_, when, fields)


def adopt(when: str, body: str) -> tuple:
    return ev("adopted", when, body=body)


def instr(when: str, level: str, rank: str = "deputy") -> tuple:
    return ev("instructed", when, level=level, rank=rank)


# ============================================================ 第一条 适用范围


def test_第一条_适用人员_全体会员(party):
    """第一条：全体会员（member，含担任专委会委员的会员）；其他人员不参加考核。"""
    ds = (
        DatasetBuilder()
        .unit("k1", "committee")
        .unit("b1", "district_branch")
        .person("m", "member", units=("b1",))
        .person("km", "member", units=("k1",))
        .person("ms", "member", "staff")
        .person("so", "special_officer")
        .person("st", "staff")
        .person("sm", "standing_member")
        .person("ex", "expert")
        .build()
    )
    a = assess(party, ds, 2024)
    assert {p.id for p in a.people} == {"m", "km", "ms"}


def test_第一条_适用组织_区县委会基层组织专委会(party):
    """第一条：区县委会（district_branch）、市直基层组织（grassroots）、专门委员会（committee）。"""
    ds = (
        DatasetBuilder()
        .unit("b1", "district_branch")
        .unit("g1", "grassroots")
        .unit("k1", "committee")
        .unit("s1", "sector")
        .unit("pa", "party")
        .unit("of", "office")
        .unit("li", "liaison")
        .build()
    )
    a = assess(party, ds, 2024)
    assert {u.id for u in a.units} == {"b1", "g1", "k1"}


# ============================================================ 第二条 考核年度


def test_第二条_以报送日期北京时间所在年度为考核年度(party):
    """第二条：以报送（提交）日期（北京时间）所在公历年为考核年度。"""
    b = DatasetBuilder()
    solo(b, "a", submitted="2024-12-31 23:30")  # 北京 2024
    solo(b, "b", submitted="2025-01-01 00:10")  # 北京 2025
    solo(b, "c", submitted="2024-12-31T16:30:00+00:00")  # = 北京 2025-01-01 00:30
    solo(b, "d", submitted="2024-12-31T15:59:00+00:00")  # = 北京 2024-12-31 23:59
    ds = b.build()
    y24, y25 = assess(party, ds, 2024), assess(party, ds, 2025)
    assert [y24.person(p).points for p in "abcd"] == [HALF, 0, 0, HALF]
    assert [y25.person(p).points for p in "abcd"] == [0, HALF, HALF, 0]


def test_第二条_次年1月31日24时前的事件计入报送年度(party):
    """第二条：采用、批示发生在报送次年 1 月 31 日 24 时前的计入报送年度，此后的计入事件年度。"""
    b = DatasetBuilder()
    solo(b, "a", adopt("2025-01-31 23:59", "cppcc-city"))  # 24 时前 → 2024
    solo(b, "b", adopt("2025-02-01 00:00", "cppcc-city"))  # 即 1 月 31 日 24 时，不在"前" → 2025
    solo(b, "c", adopt("2025-01-31 24:00", "cppcc-city"))  # 同上 → 2025
    solo(b, "d", adopt("2025-01-31T15:59:00+00:00", "cppcc-city"))  # = 北京 1-31 23:59 → 2024
    solo(b, "e", adopt("2025-01-31T16:30:00+00:00", "cppcc-city"))  # = 北京 2-01 00:30 → 2025
    solo(b, "f", instr("2025-01-15", "city"))  # 批示同样适用 → 2024
    solo(b, "g", instr("2025-03-01", "city"))  # → 2025
    ds = b.build()
    y24, y25 = assess(party, ds, 2024), assess(party, ds, 2025)
    # 报送 0.5 均在 2024；市政协采用 4，市级批示 5
    assert [y24.person(p).points for p in "abcdefg"] == [
        HALF + 4,
        HALF,
        HALF,
        HALF + 4,
        HALF,
        HALF + 5,
        HALF,
    ]
    assert [y25.person(p).points for p in "abcdefg"] == [0, 4, 4, 0, 4, 0, 5]


def test_第二条_宽限只适用于报送次年(party):
    """第二条：宽限期只是"报送次年"的 1 月：2023 年报送、2025-01-15 采用 → 计入 2025（事件年度），
    而 2023 年报送、2024-01-20 采用 → 计入 2023。"""
    b = DatasetBuilder()
    solo(b, "a", adopt("2024-01-20", "cppcc-city"), submitted="2023-06-01")
    solo(b, "b", adopt("2025-01-15", "cppcc-city"), submitted="2023-06-01")
    ds = b.build()
    assert assess(party, ds, 2023).person("a").points == HALF + 4
    assert assess(party, ds, 2024).person("a").points == 0
    assert assess(party, ds, 2023).person("b").points == HALF
    assert assess(party, ds, 2024).person("b").points == 0
    assert assess(party, ds, 2025).person("b").points == 4


# ============================================================ 第三条 计分标准


def test_第三条第1款_报送每篇0点5分不论是否采用(party):
    """第三条第1款：报送每篇 0.5 分，不论是否采用（也不要求审定通过）。"""
    b = DatasetBuilder().unit("b1", "district_branch").person("m", "member")
    b.many("x", 3, "m", unit="b1", submitted="2024-03-01 09:00")
    b.event("x1", "rejected", "2024-03-05")
    a = assess(party, b.build(), 2024)
    assert a.person("m").points == F("1.5")  # 3 × 0.5
    assert a.unit("b1").points == F("1.5")


def test_第三条第2款_各机构采用分值_其他机构不计分(party):
    """第三条第2款：民建市委 2、市政协 4、民建中央 6、省委办公厅 10、全国政协 10；其他机构不计分。"""
    values = {
        "party-city": 2,
        "cppcc-city": 4,
        "party-central": 6,
        "cpc-province-office": 10,
        "cppcc-national": 10,
        "cppcc-county": 0,
        "cppcc-province": 0,
        "party-province": 0,
        "cpc-county-office": 0,
        "cpc-city-office": 0,
    }
    b = DatasetBuilder()
    for i, body in enumerate(values):
        solo(b, f"p{i}", adopt("2024-07-01", body))
    a = assess(party, b.build(), 2024)
    for i, (body, v) in enumerate(values.items()):
        assert a.person(f"p{i}").points == HALF + v, body


def test_第三条第2款_多个机构采用分别计分累加(party):
    """第三条第2款：被民建市委、市政协、民建中央采用：2 + 4 + 6 = 12，加报送 0.5 = 12.5。"""
    b = DatasetBuilder()
    solo(
        b,
        "m",
        adopt("2024-07-01", "party-city"),
        adopt("2024-08-01", "cppcc-city"),
        adopt("2024-09-01", "party-central"),
    )
    assert assess(party, b.build(), 2024).person("m").points == F("12.5")


def test_第三条第2款_每篇采用得分合计不超过20分(party):
    """第三条第2款：2 + 4 + 6 + 10 = 22 → 20；再被全国政协采用仍为 20；加报送 0.5 = 20.5。"""
    b = DatasetBuilder()
    solo(
        b,
        "m",
        adopt("2024-07-01", "party-city"),
        adopt("2024-08-01", "cppcc-city"),
        adopt("2024-09-01", "party-central"),
        adopt("2024-10-01", "cpc-province-office"),
        adopt("2024-11-01", "cppcc-national"),
    )
    assert assess(party, b.build(), 2024).person("m").points == F("20.5")


def test_第三条第7款_采用封顶按跨年度累计值(party):
    """第三条第7款：2024：民建中央 6 + 省委办公厅 10 = 16 → 16.5；
    2025-03 全国政协 10：累计 min(26, 20) = 20 − 16 = 4；2026 市政协 4：20 − 20 = 0。"""
    b = DatasetBuilder()
    solo(
        b,
        "m",
        adopt("2024-06-01", "party-central"),
        adopt("2024-09-01", "cpc-province-office"),
        adopt("2025-03-01", "cppcc-national"),
        adopt("2026-03-01", "cppcc-city"),
        submitted="2024-05-01",
    )
    ds = b.build()
    assert assess(party, ds, 2024).person("m").points == F("16.5")
    assert assess(party, ds, 2025).person("m").points == 4
    assert assess(party, ds, 2026).person("m").points == 0


def test_第三条第7款_封顶以归属截止时刻计累计(party):
    """第三条第7款：截至 2024 年度归属截止时刻（2025-01-31 24 时）：6 + 10 + 2025-01-20 市政协 4 = 20
    → 2024 得 0.5 + 20 = 20.5；2025-03 全国政协 10：min(30, 20) − 20 = 0。"""
    b = DatasetBuilder()
    solo(
        b,
        "m",
        adopt("2024-06-01", "party-central"),
        adopt("2024-09-01", "cpc-province-office"),
        adopt("2025-01-20", "cppcc-city"),
        adopt("2025-03-01", "cppcc-national"),
        submitted="2024-05-01",
    )
    ds = b.build()
    assert assess(party, ds, 2024).person("m").points == F("20.5")
    assert assess(party, ds, 2025).person("m").points == 0


def test_第三条第3款_批示分值_不区分主要分管_县级不计(party):
    """第三条第3款：市级 5、省部级及以上 10，不区分主要、分管；县级不计分。"""
    cases = {
        ("city", "principal"): 5,
        ("city", "deputy"): 5,
        ("province", "principal"): 10,
        ("province", "deputy"): 10,
        ("national", "principal"): 10,
        ("national", "deputy"): 10,
        ("county", "principal"): 0,
        ("county", "deputy"): 0,
    }
    b = DatasetBuilder()
    for i, (level, rank) in enumerate(cases):
        solo(b, f"p{i}", instr("2024-07-01", level, rank))
    a = assess(party, b.build(), 2024)
    for i, (key, v) in enumerate(cases.items()):
        assert a.person(f"p{i}").points == HALF + v, key


def test_第三条第3款_多次批示累加不设上限(party):
    """第三条第3款：全国 10 + 省 10 + 省 10 + 市 5 = 35（不封顶）+ 报送 0.5 = 35.5。"""
    b = DatasetBuilder()
    solo(
        b,
        "m",
        instr("2024-07-01", "national", "principal"),
        instr("2024-08-01", "province", "deputy"),
        instr("2024-09-01", "province", "principal"),
        instr("2024-10-01", "city", "deputy"),
    )
    assert assess(party, b.build(), 2024).person("m").points == F("35.5")


def test_第三条第4款_定向约稿被任一机构采用另加2分(party):
    """第三条第4款：定向约稿（commission）完成且被任一机构采用的，另加 2 分，每篇一次；
    招贤榜（call）、重点选题（key_topic）不加；未被采用不加。"""
    b = DatasetBuilder().call("com", "commission").call("cal", "call").call("key", "key_topic")
    # 两个机构采用：0.5 + 2 + 4 + 约稿 2（只一次）= 8.5
    solo(b, "c1", adopt("2024-07-01", "party-city"), adopt("2024-08-01", "cppcc-city"), call="com")
    # 只被区政协采用（不计采用分，但属"任一机构"）：0.5 + 0 + 2 = 2.5
    solo(b, "c2", adopt("2024-07-01", "cppcc-county"), call="com")
    solo(b, "c3", call="com")  # 未采用：0.5
    solo(b, "c4", adopt("2024-07-01", "party-city"), call="cal")  # 0.5 + 2 = 2.5
    solo(b, "c5", adopt("2024-07-01", "party-city"), call="key")  # 0.5 + 2 = 2.5
    a = assess(party, b.build(), 2024)
    assert [a.person(p).points for p in ("c1", "c2", "c3", "c4", "c5")] == [
        F("8.5"),
        F("2.5"),
        HALF,
        F("2.5"),
        F("2.5"),
    ]


def test_第三条第4款_约稿加分计入首次采用所在考核年度(party):
    """第三条第4款：加分计入首次采用所在的考核年度（按第二条归属）。
    d1：2024-11 报送，2025-03 首次采用（→2025）、2026-02 再采用（→2026）；
    d2：2024-11 报送，2025-01-10 首次采用（宽限 → 2024）、2025-03 再采用（→2025）。"""
    b = DatasetBuilder().call("com", "commission")
    solo(
        b,
        "d1",
        adopt("2025-03-01", "party-city"),
        adopt("2026-02-15", "cppcc-city"),
        submitted="2024-11-01",
        call="com",
    )
    solo(
        b,
        "d2",
        adopt("2025-01-10", "party-city"),
        adopt("2025-03-01", "cppcc-city"),
        submitted="2024-11-01",
        call="com",
    )
    ds = b.build()
    y24, y25, y26 = (assess(party, ds, y) for y in (2024, 2025, 2026))
    assert (y24.person("d1").points, y25.person("d1").points, y26.person("d1").points) == (
        HALF,  # 报送
        2 + 2,  # 民建市委 2 + 约稿加分 2
        4,  # 市政协 4
    )
    assert (y24.person("d2").points, y25.person("d2").points) == (
        HALF + 2 + 2,  # 报送 0.5 + 民建市委 2 + 约稿加分 2 = 4.5
        4,  # 市政协 4
    )


def test_第三条第5款_联名每位作者均得全部分值(party):
    """第三条第5款：三人联名，市政协采用：每位作者 0.5 + 4 = 4.5。"""
    b = DatasetBuilder().unit("b1", "district_branch")
    for p in ("p1", "p2", "p3"):
        b.person(p, "member", units=("b1",))
    b.piece("x", "p1", "p2", "p3", submitted="2024-06-01", unit="b1")
    b.event("x", "adopted", "2024-07-01", body="cppcc-city")
    a = assess(party, b.build(), 2024)
    assert [a.person(p).points for p in ("p1", "p2", "p3")] == [F("4.5")] * 3


def test_第三条第6款_组织积分按该篇全部分值(party):
    """第三条第6款：报送单位 b1 的三人联名稿件 4.5 分 → b1 计 4.5（不因联名重复计）；
    作者所属组织 g1 不计；无报送单位的稿件不计入组织。"""
    b = DatasetBuilder().unit("b1", "district_branch").unit("g1", "grassroots")
    for p in ("p1", "p2", "p3"):
        b.person(p, "member", units=("g1",))
    b.piece("x", "p1", "p2", "p3", submitted="2024-06-01", unit="b1")
    b.event("x", "adopted", "2024-07-01", body="cppcc-city")
    b.piece("y", "p1", submitted="2024-06-01")
    a = assess(party, b.build(), 2024)
    assert a.unit("b1").points == F("4.5")
    assert a.unit("g1").points == 0
    assert a.person("p1").points == F("4.5") + HALF  # 联名 4.5 + 独著报送 0.5


# ============================================================ 第四条 任务指标


def test_第四条第1款_专委会委员每年至少提交1篇_其他会员不设指标(party):
    """第四条第1款：所属单位中有 committee 的会员至少提交 1 篇（联名每位作者各计 1 篇，
    按报送日期归属年度）；其他会员不设个人指标（quotas_met 为真）。"""
    b = DatasetBuilder().unit("k1", "committee").unit("b1", "district_branch")
    b.person("k_one", "member", units=("k1",))
    b.person("k_none", "member", units=("b1", "k1"))
    b.person("k_joint", "member", units=("k1",))
    b.person("k_dec", "member", units=("k1",))
    b.person("plain", "member", units=("b1",))
    b.piece("x1", "k_one", submitted="2024-03-01")
    b.piece("x2", "plain", "k_joint", submitted="2024-03-01")  # 第二作者同样计 1 篇
    b.piece("x3", "k_dec", submitted="2024-12-31T16:30:00+00:00")  # 北京 2025-01-01 00:30
    a = assess(party, b.build(), 2024)
    assert a.person("k_one").quotas_met is True
    assert a.person("k_none").quotas_met is False
    assert a.person("k_joint").quotas_met is True
    assert a.person("k_dec").quotas_met is False  # 报送在 2025 年
    assert assess(party, b.build(), 2025).person("k_dec").quotas_met is True
    assert a.person("plain").quotas == ()
    assert a.person("plain").quotas_met is True
    assert [q.quota for q in a.person("k_none").quotas] == ["committee_member"]


def test_第四条第2款_组织提交指标(party):
    """第四条第2款：区县委会至少 10 篇，市直基层组织至少 5 篇，专委会至少 5 篇（以本组织名义提交）。"""
    b = DatasetBuilder().person("w", "member")
    for ident, kind, n in (
        ("b9", "district_branch", 9),
        ("b10", "district_branch", 10),
        ("g4", "grassroots", 4),
        ("g5", "grassroots", 5),
        ("k4", "committee", 4),
        ("k5", "committee", 5),
    ):
        b.unit(ident, kind)
        b.many(f"{ident}_", n, "w", unit=ident, submitted="2024-03-01 09:00")
    # g4 另有一篇 2023-12-31 23:59（北京）报送的，不计入 2024
    b.piece("g4_old", "w", submitted="2023-12-31 23:59", unit="g4")
    b.event("g4_old", "adopted", "2024-01-10", body="party-city")
    a = assess(party, b.build(), 2024)
    assert [a.unit(u).quotas_met for u in ("b9", "b10", "g4", "g5", "k4", "k5")] == [
        False,
        True,
        False,
        True,
        False,
        True,
    ]


# ============================================================ 第五条 分类考核与奖励


def test_第五条第1款_三类组织分别排名(party):
    """第五条第1款：三类组织分别排名（只在同类之间）：各类的第一名都是第 1 名。"""
    b = DatasetBuilder().person("w", "member")
    for ident, kind, n in (
        ("b1", "district_branch", 10),  # 5
        ("b2", "district_branch", 2),  # 1
        ("g1", "grassroots", 1),  # 0.5
        ("k1", "committee", 6),  # 3
        ("k2", "committee", 8),  # 4
    ):
        b.unit(ident, kind)
        b.many(f"{ident}_", n, "w", unit=ident, submitted="2024-03-01 09:00")
    a = assess(party, b.build(), 2024)
    assert [a.unit(u).rank for u in ("b1", "b2", "g1", "k2", "k1")] == [1, 2, 1, 1, 2]
    assert a.unit("g1").group == "grassroots"
    assert a.unit("b2").group == "district_branch"


def test_第五条第1款_同类积分相同以采用篇数居前_并列(party):
    """第五条第1款：基层组织 g1 1 篇被市政协采用 0.5 + 4 = 4.5（采用 1 篇）；g2、g3 各 9 篇 4.5（采用 0）；
    g4 1 篇 0.5 → 名次 1、2、2、4。"""
    b = DatasetBuilder().person("w", "member")
    for ident, n in (("g1", 1), ("g2", 9), ("g3", 9), ("g4", 1)):
        b.unit(ident, "grassroots")
        b.many(f"{ident}_", n, "w", unit=ident, submitted="2024-03-01 09:00")
    b.event("g1_0", "adopted", "2024-07-01", body="cppcc-city")
    a = assess(party, b.build(), 2024)
    assert [a.unit(u).points for u in ("g1", "g2", "g3", "g4")] == [
        F("4.5"),
        F("4.5"),
        F("4.5"),
        HALF,
    ]
    assert [a.unit(u).rank for u in ("g1", "g2", "g3", "g4")] == [1, 2, 2, 4]


def test_第五条第1款_采用篇数按第二条归属(party):
    """第五条第1款：采用篇数按第二条归属本年度的采用事件计。
    gA：2024-06 报送，2025-01-20 被民建市委采用（宽限 → 2024）：0.5 + 2 = 2.5，2024 采用 1 篇；
    gB：5 篇 × 0.5 = 2.5，采用 0 篇 → gA 居前；2025 年 gA 的采用篇数为 0。"""
    b = DatasetBuilder().person("w", "member").unit("gA", "grassroots").unit("gB", "grassroots")
    b.piece("a", "w", submitted="2024-06-01", unit="gA")
    b.event("a", "adopted", "2025-01-20", body="party-city")
    b.many("b", 5, "w", unit="gB", submitted="2024-03-01 09:00")
    ds = b.build()
    a = assess(party, ds, 2024)
    assert (a.unit("gA").points, a.unit("gB").points) == (F("2.5"), F("2.5"))
    assert (a.unit("gA").adopted_pieces, a.unit("gB").adopted_pieces) == (1, 0)
    assert (a.unit("gA").rank, a.unit("gB").rank) == (1, 2)
    assert assess(party, ds, 2025).unit("gA").adopted_pieces == 0


def _org(b: DatasetBuilder, ident: str, kind: str, n: int, *events: tuple) -> None:
    """Organization with ``n`` submitted pieces; ``events`` on its first piece."""
    b.unit(ident, kind)
    b.many(f"{ident}_", n, "w", unit=ident, submitted="2024-03-01 09:00")
    for type_, when, fields in events:
        b.event(f"{ident}_0", type_, when, **fields)


def test_第五条第2款_完成指标的组织按积分定等次(party):
    """第五条第2款：完成任务指标的组织：≥30 一等，≥15 二等，≥8 三等；未完成指标的不定等次。"""
    b = DatasetBuilder().person("w", "member")
    big = (
        adopt("2024-07-01", "cppcc-national"),  # 10
        instr("2024-07-02", "province"),  # 10
        instr("2024-07-03", "city"),  # 5
        adopt("2024-07-04", "party-city"),  # 2
    )  # 27
    _org(b, "gA", "grassroots", 6, *big)  # 3 + 27 = 30 → 一等
    _org(b, "gB", "grassroots", 5, *big)  # 2.5 + 27 = 29.5 → 二等
    _org(
        b,
        "gC",
        "grassroots",
        6,
        adopt("2024-07-01", "cppcc-national"),
        adopt("2024-07-02", "party-city"),
    )  # 3 + 12 = 15 → 二等
    _org(
        b,
        "gD",
        "grassroots",
        5,
        adopt("2024-07-01", "cppcc-national"),
        adopt("2024-07-02", "party-city"),
    )  # 2.5 + 12 = 14.5 → 三等
    _org(b, "gE", "grassroots", 6, instr("2024-07-01", "city"))  # 3 + 5 = 8 → 三等
    _org(b, "gF", "grassroots", 5, instr("2024-07-01", "city"))  # 2.5 + 5 = 7.5 → 无
    # gG：4 篇（指标 5 未完成）2 + 10 + 10 + 10 + 10 = 42 → 不定等次
    _org(
        b,
        "gG",
        "grassroots",
        4,
        adopt("2024-07-01", "cppcc-national"),
        adopt("2024-07-02", "cpc-province-office"),
        instr("2024-07-03", "province"),
        instr("2024-07-04", "national"),
    )
    _org(b, "bA", "district_branch", 10, *big[:3])  # 5 + 25 = 30 → 一等
    _org(b, "bB", "district_branch", 9, *big)  # 4.5 + 27 = 31.5，但 9 < 10 → 无
    _org(b, "kA", "committee", 5, adopt("2024-07-01", "party-central"))  # 2.5 + 6 = 8.5 → 三等
    a = assess(party, b.build(), 2024)
    ids = ("gA", "gB", "gC", "gD", "gE", "gF", "gG", "bA", "bB", "kA")
    assert [a.unit(u).points for u in ids] == [
        30,
        F("29.5"),
        15,
        F("14.5"),
        8,
        F("7.5"),
        42,
        30,
        F("31.5"),
        F("8.5"),
    ]
    assert [a.unit(u).award for u in ids] == [
        "一等",
        "二等",
        "二等",
        "三等",
        "三等",
        None,
        None,
        "一等",
        None,
        "三等",
    ]


def test_第五条第3款_贡献奖(party):
    """第五条第3款：年度积分 ≥ 12 的会员授予贡献奖；不要求完成个人指标，但设有个人指标而未完成的不授予。"""
    b = DatasetBuilder().unit("k1", "committee").unit("b1", "district_branch")
    # a：无个人指标，4 篇 2 + 全国政协 10 = 12 → 贡献奖（恰好 12）
    b.person("a", "member", units=("b1",))
    b.many("a", 4, "a", submitted="2024-03-01 09:00")
    b.event("a0", "adopted", "2024-07-01", body="cppcc-national")
    # b：无个人指标，0.5 + 民建中央 6 + 市级批示 5 = 11.5 → 无
    solo(b, "b", adopt("2024-07-01", "party-central"), instr("2024-07-02", "city"))
    # c：专委会委员，2024 年提交 1 篇（完成指标）：0.5 + 全国政协 10 + 民建市委 2 = 12.5 → 贡献奖
    b.person("c", "member", units=("k1",))
    b.piece("xc", "c", submitted="2024-06-01")
    b.event("xc", "adopted", "2024-07-01", body="cppcc-national")
    b.event("xc", "adopted", "2024-07-02", body="party-city")
    # d、e：2023-05 报送，2024-03 省委办公厅采用 10 + 2024-04 市级批示 5 → 2024 年 15 分，2024 年未提交
    for p, units in (("d", ("k1",)), ("e", ("b1",))):
        b.person(p, "member", units=units)
        b.piece(f"x{p}", p, submitted="2023-05-01")
        b.event(f"x{p}", "adopted", "2024-03-01", body="cpc-province-office")
        b.event(f"x{p}", "instructed", "2024-04-01", level="city", rank="deputy")
    a = assess(party, b.build(), 2024)
    assert [a.person(p).points for p in "abcde"] == [12, F("11.5"), F("12.5"), 15, 15]
    assert a.person("a").award == "贡献奖"
    assert a.person("b").award is None  # 11.5 < 12
    assert a.person("c").award == "贡献奖"
    assert a.person("d").quotas_met is False
    assert a.person("d").award is None  # 专委会委员，2024 年未提交，指标未完成
    assert a.person("e").award == "贡献奖"  # 无个人指标


def test_第五条第4款_全体会员一起排名(party):
    """第五条第4款：个人（专委会委员与其他会员一起）按积分排名，采用篇数居前，并列 1、2、2、4。
    a：0.5 + 市政协 4 = 4.5（采用 1）；b（专委会）、c 各 9 篇 = 4.5（采用 0）；d 1 篇 = 0.5。"""
    b = DatasetBuilder().unit("k1", "committee")
    solo(b, "a", adopt("2024-07-01", "cppcc-city"))
    b.person("b", "member", units=("k1",)).person("c", "member").person("d", "member")
    b.many("xb", 9, "b", submitted="2024-03-01 09:00")
    b.many("xc", 9, "c", submitted="2024-03-01 09:00")
    b.many("xd", 1, "d", submitted="2024-03-01 09:00")
    a = assess(party, b.build(), 2024)
    assert [a.person(p).rank for p in "abcd"] == [1, 2, 2, 4]


def test_第五条第4款_个人采用篇数含联名(party):
    """第五条第4款（规则同第1款）：联名稿件的采用对每位作者都计 1 篇。
    j1、j2 联名，民建市委采用：各 0.5 + 2 = 2.5，采用 1 篇；k 5 篇 = 2.5，采用 0 → j1、j2 并列第 1，k 第 3。"""
    b = DatasetBuilder().person("j1", "member").person("j2", "member").person("k", "member")
    b.piece("J", "j1", "j2", submitted="2024-06-01")
    b.event("J", "adopted", "2024-07-01", body="party-city")
    b.many("xk", 5, "k", submitted="2024-03-01 09:00")
    a = assess(party, b.build(), 2024)
    assert [a.person(p).points for p in ("j1", "j2", "k")] == [F("2.5")] * 3
    assert [a.person(p).rank for p in ("j1", "j2", "k")] == [1, 1, 3]


# ============================================================ 第六条 通报与征集


def test_第六条第1款_每月初通报上月各组织情况(party):
    """第六条第1款：每月初通报上月各组织的提交、采用、批示情况。"""
    (bulletin,) = party.bulletins
    assert (bulletin.every, bulletin.covers) == ("month", "previous")
    assert tuple(bulletin.entities) == ("unit",)
    assert set(bulletin.metrics) == {"submitted", "adopted", "instructed"}


def test_第六条第2款_定向约稿截止前7日提醒_招贤榜不加分(party):
    """第六条第2款：定向约稿截止前 7 日未提交的提醒被约作者；招贤榜（call）只是征集目录，不加分。"""
    (reminder,) = party.reminders
    assert (reminder.about, reminder.days_before) == ("call_due", 7)
    assert tuple(reminder.call_kinds) == ("commission",)
    b = DatasetBuilder().call("c", "call")
    solo(b, "m", adopt("2024-07-01", "party-city"), call="c")
    assert assess(party, b.build(), 2024).person("m").points == HALF + 2  # 无约稿加分


def test_办法未设报送时限_不产生逾期(party):
    """本办法没有报送时限条款：报送再晚也不列逾期。"""
    b = DatasetBuilder()
    solo(
        b, "m", ev("approved", "2024-03-01"), ev("dispatched", "2024-12-01", route="direct", to="x")
    )
    assert assess(party, b.build(), 2024).overdue == ()


def test_第三条_第2款_同一机构多次采用同一篇只计一次(party):
    """第三条第2款：同一机构多次采用同一篇的，只计一次；另一机构采用仍累加。"""
    b = solo(
        DatasetBuilder(),
        "m",
        adopt("2024-07-01", "cppcc-city"),
        adopt("2024-08-01", "cppcc-city"),
        adopt("2024-09-01", "party-city"),
    )
    a = assess(party, b.build(), 2024)
    assert a.person("m").points == HALF + 4 + 2  # 0.5 + 市政协 4（第二次不计）+ 民建市委 2
