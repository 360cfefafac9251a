"""Hand-worked examples for features/duty/policy.md (XX市政协委员履职积分管理办法，本仓库自拟示例).

Every expected number below is worked out from the policy text alone (not from the
engine); the comment next to it shows the arithmetic.  Times without an offset are
Beijing time (+08:00), as DatasetBuilder reads them.  委员 (member) have the base 60
and the quarterly deduction (第五条第6款); 特约信息员 (special_officer) have neither,
so single-clause cases use them where the base would only add noise.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from sqmy_core.interchange import parse_dataset
from sqmy_core.rules.declared import declarations_of
from sqmy_core.rules.load import load_ruleset
from sqmy_core.rules.spec import Ruleset
from sqmy_core.scoring.assess import assess
from sqmy_core.scoring.book import Book
from sqmy_core.scoring.explain import explain
from sqmy_core.testing.builder import DatasetBuilder

from .own_policy_coverage import uncovered

F = Fraction
REPO = Path(__file__).resolve().parents[2]
QUARTER_DAYS = ("2024-02-10", "2024-05-10", "2024-08-10", "2024-11-10")


@pytest.fixture(scope="module")
def duty() -> Ruleset:
    return load_ruleset(REPO / "rulesets" / "duty.toml")


# --------------------------------------------------------------------------- helpers


def base() -> DatasetBuilder:
    """Sectors s1, s2, s3 (s3 stays empty) and a committee unit c1 (not assessed)."""
    return DatasetBuilder().unit("s1", "sector").unit("s2", "sector").unit("s3", "sector")


def every_quarter(b: DatasetBuilder, person: str, days: tuple[str, ...] = QUARTER_DAYS) -> None:
    """One piece by ``person`` 审定通过 on each of ``days`` (2 分 each; no quarter missed)."""
    for i, day in enumerate(days):
        ident = f"{person}-q{i}"
        b.piece(ident, person, submitted=f"{day} 09:00")
        b.event(ident, "approved", f"{day} 15:00")


def acts(b: DatasetBuilder, person: str, kind: str, n: int, day: str = "2024-03-15", **attrs):
    for i in range(n):
        b.activity(f"{person}-{kind}-{i}-{day}", person, kind, day, attributes=attrs or None)


def sec(result) -> dict[str, Fraction]:
    return dict(result.sections)


# ============================================================ 第一条 适用范围、考核年度


def test_第一条_适用人员与单位(duty):
    """第一条：委员、特约信息员参加考核；各界别参加考核；其他人员和单位不参加。"""
    ds = (
        base()
        .unit("c1", "committee")
        .unit("o1", "office")
        .person("m", "member", units=("s1",))
        .person("o", "special_officer")
        .person("st", "staff")
        .person("ex", "expert")
        .person("sm", "standing_member")
        .build()
    )
    a = assess(duty, ds, 2024)
    assert {p.id for p in a.people} == {"m", "o"}
    assert {u.id for u in a.units} == {"s1", "s2", "s3"}


def test_第一条_按北京时间归属年度(duty):
    """第一条：事项按发生日期（北京时间）归属年度。"""
    b = base().person("o", "special_officer")
    b.activity("a1", "o", "survey", "2024-12-31 23:30")  # 北京 2024 年：2 分计 2024
    b.activity("a2", "o", "survey", "2024-12-31T16:30:00+00:00")  # = 北京 2025-01-01 00:30
    b.activity("a3", "o", "survey", "2025-01-01 00:00")  # 2025 年第一刻
    ds = b.build()
    assert assess(duty, ds, 2024).person("o").points == 2  # a1
    assert assess(duty, ds, 2025).person("o").points == 4  # a2 + a3 = 2 + 2


def test_第一条_本年度在任过即参加考核(duty):
    """第一条：年度内任职或离任的，本年度在任过即参加考核；全年不在任的不参加。"""
    ds = (
        base()
        .person("full", "member")
        .person("joined", "member", since="2024-07-01")
        .person("left", "member", since="2020-01-01", until="2024-03-01")
        .person("later", "member", since="2025-02-01")
        .person("gone", "member", until="2023-12-31")
        .build()
    )
    assert {p.id for p in assess(duty, ds, 2024).people} == {"full", "joined", "left"}


# ============================================================ 第二条 积分构成


def test_第二条第1款_委员基础分60_特约信息员无基础分(duty):
    """第二条第1款：委员 = 60 + 履职加分；特约信息员积分即履职加分。"""
    b = base().person("m", "member").person("o", "special_officer")
    every_quarter(b, "m")  # 4 篇 × 2 = 8，四个季度均有审定通过，不扣分
    every_quarter(b, "o")  # 4 × 2 = 8
    a = assess(duty, b.build(), 2024)
    assert a.person("m").points == 68  # 60 + 8
    assert a.person("o").points == 8  # 0 + 8


def test_第二条第2款_三个分项分别计算(duty):
    """第二条第2款：履职加分 = 会议活动 + 提案 + 社情民意。"""
    b = base().person("m", "member")
    acts(b, "m", "plenary_half_day", 2)  # 会议活动 2 × 5 = 10
    acts(b, "m", "proposal", 1, proposal_role="lead")  # 提案 15
    every_quarter(b, "m")  # 社情民意 4 × 2 = 8
    m = assess(duty, b.build(), 2024).person("m")
    assert sec(m) == {"meeting": 10, "proposal": 15, "sqmy": 8}
    assert m.points == 93  # 60 + 10 + 15 + 8


def test_第二条第3款_会议活动封顶30且扣至0为止(duty):
    """第二条第3款：会议活动不超过 30 分，扣分扣至 0 分为止。"""
    b = base().person("cap", "special_officer").person("floor", "special_officer")
    acts(b, "cap", "plenary_half_day", 7)  # 7 × 5 = 35 → 30
    acts(b, "floor", "plenary_half_day", 1)  # 5
    acts(b, "floor", "plenary_absent", 2)  # − 2 × 3 = −6 → 5 − 6 = −1 → 0
    a = assess(duty, b.build(), 2024)
    assert sec(a.person("cap"))["meeting"] == 30 and a.person("cap").points == 30
    assert sec(a.person("floor"))["meeting"] == 0 and a.person("floor").points == 0


def test_第二条第3款_提案封顶30_社情民意封顶20(duty):
    """第二条第3款：提案不超过 30 分；社情民意不超过 20 分。"""
    b = base().person("p", "special_officer").person("s", "special_officer")
    acts(b, "p", "proposal", 3, proposal_role="lead")  # 3 × 15 = 45 → 30
    for i in range(3):  # 每篇：审定 2 + 全国政协 10 = 12 → 每篇上限 10（第五条第4款）
        b.piece(f"x{i}", "s", submitted="2024-03-01")
        b.event(f"x{i}", "approved", "2024-03-05")
        b.event(f"x{i}", "adopted", "2024-04-01", body="cppcc-national")
    a = assess(duty, b.build(), 2024)
    assert sec(a.person("p"))["proposal"] == 30 and a.person("p").points == 30
    assert sec(a.person("s"))["sqmy"] == 20  # 3 × 10 = 30 → 20
    assert a.person("s").points == 20


def test_第二条第3款_社情民意封顶按扣分后的净值(duty):
    """第二条第3款与第五条第6款：季度扣分计入社情民意分项，封顶 20 针对扣分后的分项得分。"""
    b = base().person("m", "member")
    for i in range(3):  # 3 篇，均在第一季度：每篇 2 + 10 = 12 → 10
        b.piece(f"x{i}", "m", submitted="2024-02-01")
        b.event(f"x{i}", "approved", "2024-02-05")
        b.event(f"x{i}", "adopted", "2024-03-01", body="cppcc-national")
    m = assess(duty, b.build(), 2024).person("m")
    # 30 − 第二、三、四季度各 2 = 30 − 6 = 24 → 20
    assert sec(m)["sqmy"] == 20
    assert m.points == 80  # 60 + 20


def test_第二条第4款_履职加分合计不超过40(duty):
    """第二条第4款：履职加分合计不超过 40 分，委员最高 100 分；分项仍各自列出。"""
    b = base().person("m", "member").person("o", "special_officer")
    for p in ("m", "o"):
        acts(b, p, "plenary_half_day", 6)  # 30
        acts(b, p, "proposal", 2, proposal_role="lead")  # 30
        every_quarter(b, p)  # 8
    a = assess(duty, b.build(), 2024)
    assert sec(a.person("m")) == {"meeting": 30, "proposal": 30, "sqmy": 8}
    assert a.person("m").points == 100  # 60 + min(68, 40)
    assert a.person("o").points == 40  # min(68, 40)


# ============================================================ 第三条 会议活动


def test_第三条第1款_全体会议每半天5分(duty):
    """第三条第1款：出席全体会议每半天 5 分。"""
    b = base().person("o", "special_officer")
    acts(b, "o", "plenary_half_day", 3)
    assert assess(duty, b.build(), 2024).person("o").points == 15  # 3 × 5


def test_第三条第2款_视察调研每次2分(duty):
    """第三条第2款：视察、调研每次 2 分。"""
    b = base().person("o", "special_officer")
    acts(b, "o", "survey", 4)
    assert assess(duty, b.build(), 2024).person("o").points == 8  # 4 × 2


def test_第三条第3款_无故缺席每半天扣3分(duty):
    """第三条第3款：无故缺席全体会议每半天扣 3 分。"""
    b = base().person("o", "special_officer")
    acts(b, "o", "plenary_half_day", 2)  # 10
    acts(b, "o", "plenary_absent", 1)  # −3
    assert assess(duty, b.build(), 2024).person("o").points == 7  # 10 − 3


# ============================================================ 第四条 提案


def test_第四条第1款_牵头人每件15分(duty):
    """第四条第1款：提案牵头人每件 15 分。"""
    b = base().person("o", "special_officer")
    acts(b, "o", "proposal", 1, proposal_role="lead")
    o = assess(duty, b.build(), 2024).person("o")
    assert sec(o)["proposal"] == 15 and o.points == 15


def test_第四条第2款_参与联名每件3分(duty):
    """第四条第2款：参与联名的每件 3 分；与牵头合计。"""
    b = base().person("o", "special_officer")
    acts(b, "o", "proposal", 2, proposal_role="join")  # 2 × 3 = 6
    acts(b, "o", "proposal", 1, "2024-06-01", proposal_role="lead")  # 15
    o = assess(duty, b.build(), 2024).person("o")
    assert sec(o)["proposal"] == 21  # 6 + 15


# ============================================================ 第五条 社情民意


def test_第五条第1款_审定通过每篇2分_每篇只计一次(duty):
    """第五条第1款：审定通过每篇 2 分；退回后再次审定通过的，仍是同一篇，只计一次。"""
    b = base().person("o", "special_officer")
    b.piece("x1", "o", submitted="2024-03-01")
    b.event("x1", "approved", "2024-03-05")
    b.piece("x2", "o", submitted="2024-03-01")
    b.event("x2", "returned", "2024-03-05")
    b.event("x2", "approved", "2024-03-10")
    b.event("x2", "approved", "2024-03-12")
    b.piece("x3", "o", submitted="2024-03-01")  # 只提交，不计
    assert assess(duty, b.build(), 2024).person("o").points == 4  # 2 + 2


def test_第五条第2款_采用按最高级别计一次_其他机构不计(duty):
    """第五条第2款：市 3、省 6、全国 10，多级采用按最高级别计一次；其他机构不计分。"""
    b = base().person("o", "special_officer")
    b.piece("x1", "o", submitted="2024-03-01")
    b.event("x1", "adopted", "2024-04-01", body="cppcc-city")
    b.event("x1", "adopted", "2024-05-01", body="cppcc-province")  # 最高 6，不是 3 + 6
    b.piece("x2", "o", submitted="2024-03-01")
    b.event("x2", "adopted", "2024-04-01", body="party-city")  # 不计
    b.event("x2", "adopted", "2024-04-02", body="cpc-city-office")  # 不计
    assert assess(duty, b.build(), 2024).person("o").points == 6


def test_第五条第2款_次年被更高级别采用补计差额(duty):
    """第五条第2款：2024 年市政协采用 3 分，2025 年全国政协采用，补计 10 − 3 = 7 分。"""
    b = base().person("o", "special_officer")
    b.piece("x1", "o", submitted="2024-03-01")
    b.event("x1", "adopted", "2024-04-01", body="cppcc-city")
    b.event("x1", "adopted", "2025-04-01", body="cppcc-national")
    ds = b.build()
    assert assess(duty, ds, 2024).person("o").points == 3
    assert assess(duty, ds, 2025).person("o").points == 7


def test_第五条第3款_批示市级4省级以上8累加_县级不计(duty):
    """第五条第3款：市级 4、省级及以上 8；多次批示累加；县级不计分。"""
    b = base().person("o", "special_officer")
    b.piece("x1", "o", submitted="2024-03-01")
    b.event("x1", "instructed", "2024-04-01", level="city", rank="deputy")  # 4
    b.event("x1", "instructed", "2024-04-05", level="city", rank="principal")  # 4
    b.event("x1", "instructed", "2024-04-06", level="county", rank="principal")  # 0
    b.piece("x2", "o", submitted="2024-03-01")
    b.event("x2", "instructed", "2024-05-01", level="national", rank="deputy")  # 8
    assert assess(duty, b.build(), 2024).person("o").points == 16  # 4 + 4 + 8


def test_第五条第4款_每篇合计不超过10分(duty):
    """第五条第4款：审定 2 + 全国政协 10 + 市级批示 4 = 16 → 10。"""
    b = base().person("o", "special_officer")
    b.piece("x1", "o", submitted="2024-03-01")
    b.event("x1", "approved", "2024-03-05")
    b.event("x1", "adopted", "2024-04-01", body="cppcc-national")
    b.event("x1", "instructed", "2024-05-01", level="city", rank="deputy")
    assert assess(duty, b.build(), 2024).person("o").points == 10


def test_第五条第4款_每篇上限按累计计算_跨年补差(duty):
    """第五条第4款、第2款：2024 年审定 2 + 市政协 3 = 5；2025 年全国政协补差 7，
    累计 12 超过 10，2025 年只计 10 − 5 = 5。"""
    b = base().person("o", "special_officer")
    b.piece("x1", "o", submitted="2024-03-01")
    b.event("x1", "approved", "2024-03-05")
    b.event("x1", "adopted", "2024-04-01", body="cppcc-city")
    b.event("x1", "adopted", "2025-03-01", body="cppcc-national")
    ds = b.build()
    assert assess(duty, ds, 2024).person("o").points == 5
    assert assess(duty, ds, 2025).person("o").points == 5


def test_第五条第5款_联名第一作者一半_其余平分_只计前三位(duty):
    """第五条第5款：每篇 审定 2 + 市政协 3 = 5 分。
    一人：5；两人：2.5 / 2.5；三人：2.5 / 1.25 / 1.25；四人：前三位同三人，第四位 0。"""
    b = base()
    for p in ("a", "b1", "b2", "c1", "c2", "c3", "d1", "d2", "d3", "d4"):
        b.person(p, "special_officer")
    for ident, authors in (
        ("one", ("a",)),
        ("two", ("b1", "b2")),
        ("three", ("c1", "c2", "c3")),
        ("four", ("d1", "d2", "d3", "d4")),
    ):
        b.piece(ident, *authors, submitted="2024-03-01")
        b.event(ident, "approved", "2024-03-05")
        b.event(ident, "adopted", "2024-04-01", body="cppcc-city")
    a = assess(duty, b.build(), 2024)
    pts = {p.id: p.points for p in a.people}
    assert pts["a"] == 5
    assert (pts["b1"], pts["b2"]) == (F(5, 2), F(5, 2))  # 5 ÷ 2；其余一人平分另一半
    assert (pts["c1"], pts["c2"], pts["c3"]) == (F(5, 2), F(5, 4), F(5, 4))  # 2.5；2.5 ÷ 2
    assert (pts["d1"], pts["d2"], pts["d3"], pts["d4"]) == (F(5, 2), F(5, 4), F(5, 4), 0)


def test_第五条第5款_先按每篇上限再拆分(duty):
    """第五条第4款、第5款：每篇 16 → 10，两位作者各 5。"""
    b = base().person("a", "special_officer").person("b", "special_officer")
    b.piece("x1", "a", "b", submitted="2024-03-01")
    b.event("x1", "approved", "2024-03-05")
    b.event("x1", "adopted", "2024-04-01", body="cppcc-national")
    b.event("x1", "instructed", "2024-05-01", level="city", rank="deputy")
    a = assess(duty, b.build(), 2024)
    assert a.person("a").points == 5 and a.person("b").points == 5


def test_第五条第6款_季度无审定通过扣2分_全年最多6分(duty):
    """第五条第6款：每个无审定通过的季度扣 2 分，全年最多扣 6 分，计入社情民意分项。"""
    b = base().person("two", "member").person("none", "member").person("o", "special_officer")
    every_quarter(b, "two", ("2024-02-10", "2024-08-10"))  # 第一、三季度：4 − 2 × 2 = 0
    a = assess(duty, b.build(), 2024)
    assert sec(a.person("two"))["sqmy"] == 0 and a.person("two").points == 60
    # 四个季度都没有：4 × 2 = 8 → 最多 6：社情民意 −6，积分 54
    assert sec(a.person("none"))["sqmy"] == -6 and a.person("none").points == 54
    assert a.person("o").points == 0  # 特约信息员不参加季度考核


def test_第五条第6款_季度按北京时间划分(duty):
    """第五条第6款：3 月 31 日 23:30（北京）属第一季度；UTC 3 月 31 日 16:30 = 北京 4 月 1 日，属第二季度。"""
    b = base().person("m", "member")
    b.piece("x1", "m", submitted="2024-03-01")
    b.event("x1", "approved", "2024-03-31 23:30")  # 第一季度
    b.piece("x2", "m", submitted="2024-03-01")
    b.event("x2", "approved", "2024-03-31T16:30:00+00:00")  # 第二季度
    every_quarter(b, "m", ("2024-08-10", "2024-11-10"))  # 第三、四季度
    m = assess(duty, b.build(), 2024).person("m")
    assert m.points == 68  # 60 + 4 × 2，无扣分


def test_第五条第6款_联名的每位作者均计_含第四位作者(duty):
    """第五条第6款：联名的每位作者均计审定通过，第四位作者虽不得分（第5款），当季也不扣分。"""
    b = base()
    for p in ("a", "b", "c", "d"):
        b.person(p, "member")
    for i, day in enumerate(QUARTER_DAYS):
        b.piece(f"x{i}", "a", "b", "c", "d", submitted=f"{day} 09:00")
        b.event(f"x{i}", "approved", f"{day} 15:00")
    a = assess(duty, b.build(), 2024)
    # 每篇 2 分：a 1，b 0.5，c 0.5，d 0；四个季度都有审定通过，均不扣分
    assert [a.person(p).points for p in "abcd"] == [64, 62, 62, 60]


def test_第五条第6款_任职前离任后的季度不考核_当季照常考核(duty):
    """第五条第6款：任职前、离任后的季度不考核；任职、离任当季度照常考核。"""
    ds = (
        base()
        .person("joined", "member", since="2024-08-01")  # 第三、四季度：2 × 2 = 4
        .person("left", "member", since="2020-01-01", until="2024-04-15")  # 第一、二季度：4
        .person("q4", "member", since="2024-12-31 10:00")  # 仅第四季度：2
        .build()
    )
    a = assess(duty, ds, 2024)
    assert a.person("joined").points == 56  # 60 − 4
    assert a.person("left").points == 56  # 60 − 4
    assert a.person("q4").points == 58  # 60 − 2


# ============================================================ 第六条 加分与扣分


def test_第六条_加减分计入指明分项_未指明计入会议活动(duty):
    """第六条：计入决定指明的分项；未指明的计入会议活动分项（会议活动扣至 0 为止）。"""
    b = base().person("o", "special_officer").person("z", "special_officer")
    acts(b, "o", "plenary_half_day", 1)  # 会议活动 5
    b.adjustment("j1", -2, "2024-06-01", person="o")  # 会议活动 5 − 2 = 3
    b.adjustment("j2", 4, "2024-06-01", person="o", section="sqmy")  # 社情民意 4
    b.adjustment("j3", F(3, 2), "2024-06-02", person="o", section="proposal")  # 提案 1.5
    acts(b, "z", "plenary_half_day", 1)  # 5
    b.adjustment("j4", -10, "2024-06-01", person="z")  # 5 − 10 = −5 → 0
    b.adjustment("j5", 9, "2025-01-01", person="o")  # 2025 年的决定，不计入 2024
    a = assess(duty, b.build(), 2024)
    o = a.person("o")
    assert sec(o) == {"meeting": 3, "proposal": F(3, 2), "sqmy": 4}
    assert o.points == F(17, 2)  # 3 + 1.5 + 4 = 8.5
    assert a.person("z").points == 0


# ============================================================ 第七条 等次与约谈


def test_第七条第1款_等次85优秀60称职其下不称职_特约信息员不评(duty):
    """第七条第1款：≥85 优秀；≥60 称职；<60 不称职；特约信息员不评等次。"""
    b = base()
    for p in ("a", "b", "c", "d"):
        b.person(p, "member")
    b.person("o", "special_officer")
    every_quarter(b, "a")  # 8
    acts(b, "a", "plenary_half_day", 3)  # 15
    acts(b, "a", "survey", 1)  # 2 → 60 + 25 = 85
    every_quarter(b, "b")  # 8
    acts(b, "b", "survey", 8)  # 16 → 60 + 24 = 84
    every_quarter(b, "c", ("2024-02-10", "2024-05-10"))  # 4 − 4 = 0 → 60
    acts(b, "d", "plenary_half_day", 1)  # 5 − 6 = −1 → 59
    every_quarter(b, "o")
    acts(b, "o", "proposal", 6, proposal_role="lead")  # 8 + 30 = 38（不评等次）
    a = assess(duty, b.build(), 2024)
    assert [a.person(p).points for p in "abcd"] == [85, 84, 60, 59]
    assert [a.person(p).grade for p in "abcd"] == ["优秀", "称职", "称职", "不称职"]
    assert a.person("o").grade is None


def test_第七条第2款_低于60分由界别召集人约谈_含中途任职(duty):
    """第七条第2款：委员年度积分低于 60 分的标记 convener_talk，含年度中途任职的。"""
    b = base()
    b.person("d", "member").person("c", "member").person("new", "member", since="2024-06-01")
    b.person("o", "special_officer")
    acts(b, "d", "plenary_half_day", 1)  # 54 + 5 = 59
    acts(b, "c", "plenary_half_day", 2)  # 54 + 10 = 64
    # new：第二、三、四季度均无审定通过：−6 → 54
    a = assess(duty, b.build(), 2024)
    assert "convener_talk" in a.person("d").flags
    assert "convener_talk" not in a.person("c").flags
    assert a.person("new").points == 54 and "convener_talk" in a.person("new").flags
    assert a.person("o").flags == ()  # 特约信息员 0 分，不约谈


def test_第七条第3款_连续两年低于60分由主席会议约谈(duty):
    """第七条第3款：连续两个年度低于 60 分标记 chair_talk；上一年度未全年任职的不列入。"""
    b = base()
    b.person("two", "member", since="2020-01-01")  # 2023 年 54，2024 年 54
    b.person("one", "member", since="2020-01-01")  # 2023 年 54，2024 年达标
    b.person("mid", "member", since="2023-03-01")  # 2023 年中途任职：不列入
    every_quarter(b, "one")  # 2024：60 + 8 = 68
    a = assess(duty, b.build(), 2024)
    assert a.person("two").points == 54
    assert set(a.person("two").flags) == {"convener_talk", "chair_talk"}
    assert a.person("one").flags == ()
    assert a.person("mid").points == 54
    assert a.person("mid").flags == ("convener_talk",)


# ============================================================ 第八条 排名与界别积分


def test_第八条第1款_排名以社情民意分项得分为先_仍相同的并列(duty):
    """第八条第1款：积分相同的以社情民意分项得分高者居前；仍相同的并列（1、2、2、4）。"""
    b = base()
    for p in ("w", "x", "y", "z"):
        b.person(p, "special_officer")
    for p, adopted in (("w", False), ("x", True), ("y", False)):
        b.piece(f"{p}1", p, submitted="2024-03-01")
        b.event(f"{p}1", "approved", "2024-03-05")  # 2
        if adopted:
            b.event(f"{p}1", "adopted", "2024-04-01", body="cppcc-city")  # + 3
    acts(b, "w", "plenary_half_day", 1)  # w：会议 5 + 社情民意 2 = 7
    acts(b, "x", "survey", 1)  # x：会议 2 + 社情民意 5 = 7
    acts(b, "y", "plenary_half_day", 1)  # y：同 w = 7
    acts(b, "z", "plenary_half_day", 1)  # z：5
    a = assess(duty, b.build(), 2024)
    assert [a.person(p).rank for p in "xwyz"] == [1, 2, 2, 4]


def test_第八条第2款_界别积分为在任委员履职加分的平均数(duty):
    """第八条第2款：界别积分 = 所属委员履职加分（积分 − 60）的平均；特约信息员不计；
    无委员的界别 0 分；属于两个界别的委员两边都计。"""
    b = base()
    b.person("m1", "member", units=("s1",))
    b.person("m2", "member", units=("s1", "s2"))
    b.person("o1", "special_officer", units=("s1", "s3"))
    acts(b, "m1", "plenary_half_day", 6)  # 会议 30
    acts(b, "m1", "proposal", 2, proposal_role="lead")  # 提案 30
    every_quarter(b, "m1")  # 8 → 68 → 40（第二条第4款）
    every_quarter(b, "m2")  # 8
    acts(b, "m2", "survey", 1)  # 2 → m2 加分 10
    acts(b, "o1", "survey", 5)  # 10，不计入界别
    a = assess(duty, b.build(), 2024)
    assert a.person("m1").points == 100 and a.person("m2").points == 70
    assert a.unit("s1").points == 25  # (40 + 10) ÷ 2
    assert a.unit("s2").points == 10  # m2 一人：10 ÷ 1
    assert a.unit("s3").points == 0  # 只有特约信息员：无委员，0 分


def test_第八条第2款_界别积分可以为负_年中离任的委员也计(duty):
    """第八条第2款只说“平均数”，界别积分不受委员个人分项的上限、保底约束：
    m2 无任何事项 −6；m3（4 月 15 日离任）第一季度审定 2，第二季度离任当季无审定 −2 → 0；
    s2 = (−6 + 0) ÷ 2 = −3。"""
    b = base()
    b.person("m2", "member", units=("s2",))
    b.person("m3", "member", units=("s2",), since="2020-01-01", until="2024-04-15")
    every_quarter(b, "m3", ("2024-02-10",))
    a = assess(duty, b.build(), 2024)
    assert a.person("m2").points == 54 and a.person("m3").points == 60
    assert a.unit("s2").points == -3


def test_第八条第2款_界别积分不受会议活动分项封顶(duty):
    """第八条第2款：两位委员履职加分都是 40（封顶后），界别积分 = (40 + 40) ÷ 2 = 40，
    不是会议活动分项的上限 30。"""
    b = base()
    for p in ("m1", "m2"):
        b.person(p, "member", units=("s1",))
        acts(b, p, "plenary_half_day", 6)  # 30
        acts(b, p, "proposal", 2, proposal_role="lead")  # 30
        every_quarter(b, p)  # 8 → 68 → 40
    a = assess(duty, b.build(), 2024)
    assert a.person("m1").points == 100
    assert a.unit("s1").points == 40


def test_第八条第2款_年中离任的委员也计_尚未任职的不计(duty):
    """第八条第2款：本年度在任过的委员都计入平均：
    m4 全年：每季度审定 1 篇 8 + 调研 1 次 2 = 10；
    m5 4 月 15 日离任：第一季度审定 2 + 全会 1 个半天 5，第二季度离任当季无审定 −2 → 5；
    m6 2025 年才任职，不计。s2 = (10 + 5) ÷ 2 = 7.5。"""
    b = base()
    b.person("m4", "member", units=("s2",))
    b.person("m5", "member", units=("s2",), since="2020-01-01", until="2024-04-15")
    b.person("m6", "member", units=("s2",), since="2025-01-01")
    every_quarter(b, "m4")
    acts(b, "m4", "survey", 1)
    every_quarter(b, "m5", ("2024-02-10",))
    acts(b, "m5", "plenary_half_day", 1, "2024-01-20")
    a = assess(duty, b.build(), 2024)
    assert a.person("m4").points == 70 and a.person("m5").points == 65
    assert a.unit("s2").points == F(15, 2)


def test_第八条第2款_平均数保持精确(duty):
    """第八条第2款：平均数不取整：(5 + 0 + 0) ÷ 3 = 5/3。"""
    b = base()
    for p in ("a", "b", "c"):
        b.person(p, "member", units=("s1",))
        every_quarter(b, p)  # 8 each
    acts(b, "a", "plenary_half_day", 1)  # a 加分 8 + 5 = 13
    a = assess(duty, b.build(), 2024)
    assert a.unit("s1").points == F(29, 3)  # (13 + 8 + 8) ÷ 3


def test_第八条第3款_界别排名前2名为先进界别_并列一并计入(duty):
    """第八条第3款：界别积分 10、10、8、0 → 名次 1、1、3、4 → 前两名（并列的）先进界别。"""
    b = base().unit("s4", "sector")
    for s in ("s1", "s2", "s4"):  # 每个界别一位委员，每季度审定 1 篇：加分 8
        b.person(f"m-{s}", "member", units=(s,))
        every_quarter(b, f"m-{s}")
    # s1、s2：8 + 1 次调研 2 = 10；s4：8；s3：无委员 0
    acts(b, "m-s1", "survey", 1)
    acts(b, "m-s2", "survey", 1)
    a = assess(duty, b.build(), 2024)
    assert [a.unit(s).points for s in ("s1", "s2", "s4", "s3")] == [10, 10, 8, 0]
    assert [a.unit(s).rank for s in ("s1", "s2", "s4", "s3")] == [1, 1, 3, 4]
    assert [a.unit(s).award for s in ("s1", "s2", "s4", "s3")] == [
        "先进界别",
        "先进界别",
        None,
        None,
    ]


# ============================================================ 全年综合


def test_全年综合_一个界别的一年(duty):
    """第一条至第八条合在一起：一个界别两位委员和一位特约信息员的 2024 年。

    m1（委员，s1）：
      会议：全会 4 个半天 20 + 调研 3 次 6 − 缺席 1 个半天 3 = 23（≤ 30）
      提案：牵头 1 件 15 + 参与 2 件 6 = 21（≤ 30）
      社情民意：y1（m1 第一作者，与 o1 联名）审定 2 + 省政协 6 + 市级批示 4 = 12 → 10，
                m1 得 5；y2（m1 独著，第三季度）审定 2；
                第二、四季度无审定通过：−4 → 5 + 2 − 4 = 3
      加减分：主席会议加 2（未指明 → 会议 25）
      履职加分 25 + 21 + 3 = 49 → 40；积分 100，优秀。
    m2（委员，s1，2024-07-01 任职）：
      调研 1 次 2；第三、四季度无审定通过：−4，主席会议扣 2 计入社情民意 → 社情民意 −6；
      积分 60 + 2 − 6 = 56；
      不称职，界别召集人约谈（中途任职也约谈），不列入主席会议约谈（上年未任职）。
    o1（特约信息员）：y1 第二作者 5；会议 0；积分 5，不评等次。
    s1 = (40 + (−4)) ÷ 2 = 18；s2、s3 无委员 0 → s1 先进界别，s2、s3 并列第 2 也是先进界别。
    """
    b = base()
    b.person("m1", "member", units=("s1",), since="2020-01-01")
    b.person("m2", "member", units=("s1",), since="2024-07-01")
    b.person("o1", "special_officer", units=("s1",))
    acts(b, "m1", "plenary_half_day", 4, "2024-01-20")
    acts(b, "m1", "survey", 3, "2024-05-20")
    acts(b, "m1", "plenary_absent", 1, "2024-01-21")
    acts(b, "m1", "proposal", 1, "2024-01-22", proposal_role="lead")
    acts(b, "m1", "proposal", 2, "2024-01-23", proposal_role="join")
    b.piece("y1", "m1", "o1", submitted="2024-02-01")
    b.event("y1", "approved", "2024-02-05")
    b.event("y1", "adopted", "2024-03-01", body="cppcc-province")
    b.event("y1", "instructed", "2024-06-01", level="city", rank="principal")
    b.piece("y2", "m1", submitted="2024-08-01")
    b.event("y2", "approved", "2024-08-05")
    b.adjustment("j1", 2, "2024-10-01", person="m1")
    acts(b, "m2", "survey", 1, "2024-09-01")
    b.adjustment("j2", -2, "2024-10-01", person="m2", section="sqmy")
    a = assess(duty, b.build(), 2024)
    m1, m2, o1 = a.person("m1"), a.person("m2"), a.person("o1")
    assert sec(m1) == {"meeting": 25, "proposal": 21, "sqmy": 3}
    assert m1.points == 100 and m1.grade == "优秀" and m1.flags == ()
    assert sec(m2) == {"meeting": 2, "proposal": 0, "sqmy": -6}
    assert m2.points == 56  # 60 + 2 − 6
    assert m2.grade == "不称职" and m2.flags == ("convener_talk",)
    assert o1.points == 5 and o1.grade is None
    assert a.unit("s1").points == 18  # (40 + (−4)) ÷ 2
    assert [a.unit(s).rank for s in ("s1", "s2", "s3")] == [1, 2, 2]
    assert [a.unit(s).award for s in ("s1", "s2", "s3")] == ["先进界别"] * 3
    assert [p.id for p in sorted(a.people, key=lambda p: p.rank)] == ["m1", "m2", "o1"]


def test_全年综合_跨年补差与连续两年约谈(duty):
    """两年连起来：

    p（委员，2023 年 1 月 1 日起任职，2022 年不在任，2023 年不列入主席会议约谈）：
      2023 年：x1 第一季度审定 2 + 市政协 3 = 5，其余三个季度 −6 → 60 − 1 = 59（约谈）；
      2024 年：x1 被全国政协采用，补差 7，但每篇累计上限 10：2024 年只计 10 − 5 = 5；
      季度考核只看审定通过，2024 年全年无审定通过 → −6；
      全会 1 个半天 5 → 60 + 5 − 6 + 5 = 64。（2024 年不低于 60，不约谈）
    q（委员）：2023 年 54，2024 年全会 1 个半天：54 + 5 = 59 → 连续两年低于 60：两个标记。
    """
    b = base()
    b.person("p", "member", units=("s1",), since="2023-01-01")
    b.person("q", "member", units=("s1",), since="2020-01-01")
    b.piece("x1", "p", submitted="2023-02-01")
    b.event("x1", "approved", "2023-02-05")
    b.event("x1", "adopted", "2023-03-01", body="cppcc-city")
    b.event("x1", "adopted", "2024-03-01", body="cppcc-national")
    acts(b, "p", "plenary_half_day", 1, "2024-01-20")
    acts(b, "q", "plenary_half_day", 1, "2024-01-20")
    ds = b.build()
    y23, y24 = assess(duty, ds, 2023), assess(duty, ds, 2024)
    assert y23.person("p").points == 59 and y23.person("p").flags == ("convener_talk",)
    assert y24.person("p").points == 64 and y24.person("p").flags == ()
    assert y24.person("p").grade == "称职"
    assert y24.person("q").points == 59
    assert set(y24.person("q").flags) == {"convener_talk", "chair_talk"}
    # 界别 2024：(4 + (−1)) ÷ 2 = 1.5（2023 年为负：(−1 + (−6)) ÷ 2 = −3.5，见第八条第2款的用例）
    assert y24.unit("s1").points == F(3, 2)


# ============================================================ 示例数据与条款覆盖


def test_示例数据集_duty_2024(duty):
    """rulesets/examples/duty-2024.json（sqmy-dataset/1.1）按本办法的 2024 年结果。

    p-zhang（委员）：会议 全会 4 个半天 20 + 调研 2 次 4 = 24；提案 牵头 15 + 参与 3 = 18；
      社情民意 2024-001（与 p-wang 联名）审定 2 + 省政协 6 + 市级批示 4 = 12 → 10，第一作者 5；
      2024-002 审定 2 + 市政协 3 = 5；2024-003 审定 2；第四季度无审定通过 −2 → 5 + 5 + 2 − 2 = 10；
      加分 24 + 18 + 10 = 52 → 40；积分 100，优秀。
    p-li（委员，4 月 1 日任职）：会议 调研 2 − 缺席 3 = −1 → 0；社情民意 2024-004 审定 2，
      第二、三季度无审定通过 −4，扣 1 → −3；积分 57，不称职，界别召集人约谈。
    p-wang（特约信息员）：2024-001 第二作者 5，扣 2.5 → 2.5。p-zhao：0。
    经济界 = (40 + (−3)) ÷ 2 = 18.5；教育界只有特约信息员：0。两个界别名次 1、2，均为先进界别。
    """
    doc = json.loads((REPO / "rulesets/examples/duty-2024.json").read_text(encoding="utf-8"))
    a = assess(duty, parse_dataset(doc, declarations=declarations_of(duty)), 2024)
    assert {p.id for p in a.people} == {"p-zhang", "p-li", "p-wang", "p-zhao"}
    zhang, li = a.person("p-zhang"), a.person("p-li")
    assert sec(zhang) == {"meeting": 24, "proposal": 18, "sqmy": 10}
    assert zhang.points == 100 and zhang.grade == "优秀" and zhang.flags == ()
    assert sec(li) == {"meeting": 0, "proposal": 0, "sqmy": -3}
    assert li.points == 57 and li.grade == "不称职" and li.flags == ("convener_talk",)
    assert a.person("p-wang").points == F(5, 2)
    assert a.person("p-zhao").points == 0
    assert a.unit("sec-econ").points == F(37, 2)
    assert a.unit("sec-edu").points == 0
    assert a.version == "1.1"  # 分项、等次与评先并存、两个标记
    assert [a.unit(u).award for u in ("sec-econ", "sec-edu")] == ["先进界别", "先进界别"]


def test_示例数据集_duty_解释逐项相加等于积分(duty):
    """示例数据集中每个人、每个单位的解释：基础分 + 各项（稿酬除外）= 积分；稿酬各项之和 = 稿酬。"""
    doc = json.loads((REPO / "rulesets/examples/duty-2024.json").read_text(encoding="utf-8"))
    book = Book(duty, parse_dataset(doc, declarations=declarations_of(duty)))
    a = assess(duty, book.dataset, 2024)
    for kind, pool in (("person", a.people), ("unit", a.units)):
        for r in pool:
            e = explain(book, 2024, kind, r.id, a)
            assert e.base_points + sum(ln.points for ln in e.point_lines) == r.points, r.id
            for name, value in (r.amounts or {}).items():
                assert sum(ln.points for ln in e.lines if ln.tally == name) == value, r.id


def test_示例数据集_duty_输出为评估1_1格式(duty):
    """分项、等次（与界别评先并存，放在 grade）、多个标记：输出 sqmy-assessment/1.1，分项保留两位小数。"""
    from sqmy_core.interchange.assessment import assessment_to_doc

    doc = json.loads((REPO / "rulesets/examples/duty-2024.json").read_text(encoding="utf-8"))
    out = assessment_to_doc(assess(duty, parse_dataset(doc, declarations=declarations_of(duty)), 2024))
    assert out["format"] == "sqmy-assessment/1.1"
    li = next(p for p in out["people"] if p["id"] == "p-li")
    assert li["sections"] == {"meeting": 0.0, "proposal": 0.0, "sqmy": -3.0}
    assert (li["points"], li["grade"], li["flags"], li["award"]) == (
        57.0,
        "不称职",
        ["convener_talk"],
        None,
    )
    econ = next(u for u in out["units"] if u["id"] == "sec-econ")
    assert (econ["points"], econ["award"]) == (18.5, "先进界别")


def test_办法是本仓库自拟示例_每条每款都有用例和规则集条款():
    """features/duty/policy.md 第一行注明“本仓库自拟示例”；每一条、款都有本文件中的用例
    （函数名含“第N条第M款”或“第N条_”），并在规则集的某个 clause 中出现。"""
    missing = uncovered("duty", globals())
    assert not missing, missing
