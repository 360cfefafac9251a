"""Hand-worked examples for features/county_office/policy.md (XX县委办公室信息工作考核办法，本仓库自拟示例).

Every expected number below is worked out from the policy text alone (not from the
engine); the comment next to it shows the arithmetic.  Times without an offset are
Beijing time (+08:00), as DatasetBuilder reads them.  Units (乡镇 ``township``,
县直部门 ``department``) earn points; informants (信息员) only earn 稿酬 in yuan.
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


@pytest.fixture(scope="module")
def office() -> Ruleset:
    return load_ruleset(REPO / "rulesets" / "county_office.toml")


# --------------------------------------------------------------------------- helpers


def base() -> DatasetBuilder:
    """Township t1, department d1, informants i1, i2, i3."""
    b = DatasetBuilder().unit("t1", "township").unit("d1", "department")
    for i in ("i1", "i2", "i3"):
        b.person(i, "informant", units=("t1",))
    return b


def adopted_piece(
    b: DatasetBuilder,
    ident: str,
    *adoptions: tuple[str, str, dict],
    unit: str = "t1",
    authors: tuple[str, ...] = ("i1",),
    submitted: str = "2024-02-01 09:00",
) -> DatasetBuilder:
    """A piece with ``adoptions`` = (body, when, attributes) each."""
    b.piece(ident, *authors, submitted=submitted, unit=unit)
    for body, when, attrs in adoptions:
        b.event(ident, "adopted", when, body=body, attributes=attrs or None)
    return b


def ad(body: str, when: str = "2024-03-01", **attrs) -> tuple[str, str, dict]:
    return (body, when, attrs)


def fee(result) -> Fraction:
    return result.amounts["fee"]


def fillers(b: DatasetBuilder, n: int, points: int = 1) -> None:
    """``n`` more townships f0…, each with one piece adopted by 《要情快报》 as 观点 (1 分 before July)
    when ``points`` is 1, or nothing when 0; they fill the pool for the 10 % award.
    Their pieces are written by informant ``fw`` (so the others' 稿酬 stay as worked out)."""
    b.person("fw", "informant")
    for i in range(n):
        b.unit(f"f{i}", "township")
        if points:
            adopted_piece(
                b, f"fx{i}", ad("yaoqing", degree="viewpoint"), unit=f"f{i}", authors=("fw",)
            )


# ============================================================ 第一条 适用范围、考核年度


def test_第一条_适用人员与单位(office):
    """第一条：乡镇、县直部门及其信息员参加考核；其他人员和单位不参加。"""
    ds = (
        base()
        .unit("s1", "sector")
        .unit("o1", "office")
        .person("m", "member")
        .person("st", "staff")
        .build()
    )
    a = assess(office, ds, 2024)
    assert {p.id for p in a.people} == {"i1", "i2", "i3"}
    assert {u.id for u in a.units} == {"t1", "d1"}


def test_第一条_信息员只计稿酬不计积分(office):
    """第一条：单位计分；信息员只计稿酬：《XX政务》全文转发 → 单位 10 分，信息员 0 分、100 元。"""
    b = base()
    adopted_piece(b, "x1", ad("zhengwu", degree="full"))
    a = assess(office, b.build(), 2024)
    assert a.unit("t1").points == 10
    assert a.person("i1").points == 0 and fee(a.person("i1")) == 100


def test_第一条_按北京时间归属年度(office):
    """第一条：采用按发生日期（北京时间）归属年度；UTC 12-31 16:30 = 北京 2025-01-01 00:30。"""
    b = base()
    adopted_piece(b, "x1", ad("zhengwu", "2024-12-31 23:30", degree="full"))  # 2024：10
    adopted_piece(b, "x2", ad("zengkan", "2024-12-31T16:30:00+00:00", degree="full"))  # 2025：30
    ds = b.build()
    assert assess(office, ds, 2024).unit("t1").points == 10
    assert assess(office, ds, 2025).unit("t1").points == 30


# ============================================================ 第二条 采用载体


def test_第二条第1款_四种载体及其级别(office):
    """第二条第1款：《要情快报》《XX政务》增刊为县级，《动态》为市级；按原标准全文转发
    分别 5、10、30、20 分。"""
    levels = {b.id: b.level for b in office.vocabulary.bodies}
    assert levels == {
        "yaoqing": "county",
        "zhengwu": "county",
        "zengkan": "county",
        "dongtai": "city",
    }
    b = base()
    for i, body in enumerate(("yaoqing", "zhengwu", "zengkan", "dongtai")):
        adopted_piece(b, f"x{i}", ad(body, degree="full"), unit="d1" if i % 2 else "t1")
    a = assess(office, b.build(), 2024)
    assert a.unit("t1").points == 35  # 要情快报 5 + 增刊 30
    assert a.unit("d1").points == 30  # XX政务 10 + 动态 20


def test_第二条第2款_其他载体不计分不付稿酬(office):
    """第二条第2款：其他载体（如县政协、市委办公厅）采用的，不计分，不付稿酬。"""
    b = base()
    adopted_piece(b, "x1", ad("cppcc-county", degree="full"), ad("cpc-city-office", degree="full"))
    a = assess(office, b.build(), 2024)
    assert a.unit("t1").points == 0
    assert fee(a.person("i1")) == 0


# ============================================================ 第三条 采用计分


def test_第三条第1款_按载体和采用程度计分(office):
    """第三条第1款（附表一，7 月 1 日前）：要情快报 半数 3；XX政务 半数 6；增刊 观点 10；
    动态 半数 12；XX政务 观点 2。"""
    b = base()
    cases = [
        ("yaoqing", "half", 3),
        ("zhengwu", "half", 6),
        ("zengkan", "viewpoint", 10),
        ("dongtai", "half", 12),
        ("zhengwu", "viewpoint", 2),
        ("dongtai", "viewpoint", 5),
        ("yaoqing", "full", 5),
    ]
    for i, (body, degree, _) in enumerate(cases):
        b.unit(f"u{i}", "department")
        adopted_piece(b, f"x{i}", ad(body, degree=degree), unit=f"u{i}")
    a = assess(office, b.build(), 2024)
    assert [a.unit(f"u{i}").points for i in range(len(cases))] == [c[2] for c in cases]


def test_第三条第2款_未注明采用程度的按观点采用(office):
    """第三条第2款：未注明采用程度的按观点采用：《XX政务》2 分，增刊 10 分。"""
    b = base()
    adopted_piece(b, "x1", ad("zhengwu"))
    adopted_piece(b, "x2", ad("zengkan"), unit="d1")
    a = assess(office, b.build(), 2024)
    assert a.unit("t1").points == 2
    assert a.unit("d1").points == 10


def test_第三条第3款_综合采用按40percent计分(office):
    """第三条第3款：综合采用按附表分值的 40%：增刊全文 30 × 0.4 = 12；要情快报观点 1 × 0.4 = 0.4；
    注明“否”的为单篇：XX政务全文 10。"""
    b = base()
    adopted_piece(b, "x1", ad("zengkan", degree="full", merged=True))
    adopted_piece(b, "x2", ad("yaoqing", degree="viewpoint", merged=True))
    adopted_piece(b, "x3", ad("zhengwu", degree="full", merged=False), unit="d1")
    a = assess(office, b.build(), 2024)
    assert a.unit("t1").points == F(62, 5)  # 12 + 0.4 = 12.4
    assert a.unit("d1").points == 10


def test_第三条第4款_多个载体或多次采用分别计分累加(office):
    """第三条第4款：同一篇 XX政务全文 10 + XX政务半数 6 + 动态观点 5 = 21。"""
    b = base()
    adopted_piece(
        b,
        "x1",
        ad("zhengwu", "2024-03-01", degree="full"),
        ad("zhengwu", "2024-03-08", degree="half"),
        ad("dongtai", "2024-04-01", degree="viewpoint"),
    )
    assert assess(office, b.build(), 2024).unit("t1").points == 21


def test_第三条第5款_计入报送单位_联名不拆分(office):
    """第三条第5款：三人联名的信息全部分值计入报送单位（增刊全文 30）；作者个人不计积分；
    没有报送单位的信息不计入任何单位。"""
    b = base()
    adopted_piece(b, "x1", ad("zengkan", degree="full"), authors=("i1", "i2", "i3"))
    b.piece("x2", "i1", submitted="2024-02-01")  # 没有报送单位
    b.event("x2", "adopted", "2024-03-01", body="zhengwu", attributes={"degree": "full"})
    a = assess(office, b.build(), 2024)
    assert a.unit("t1").points == 30
    assert a.unit("d1").points == 0
    assert [a.person(i).points for i in ("i1", "i2", "i3")] == [0, 0, 0]


# ============================================================ 第四条 批示计分


def test_第四条_批示按级别与领导计分_累加(office):
    """第四条：县级主要 8、县级其他 4、市级及以上 15；同一篇多次批示累加。"""
    b = base()
    b.piece("x1", "i1", submitted="2024-02-01", unit="t1")
    b.event("x1", "instructed", "2024-03-01", level="county", rank="principal")  # 8
    b.event("x1", "instructed", "2024-03-02", level="county", rank="deputy")  # 4
    b.event("x1", "instructed", "2024-03-03", level="city", rank="deputy")  # 15
    b.piece("x2", "i1", submitted="2024-02-01", unit="d1")
    b.event("x2", "instructed", "2024-03-01", level="province", rank="principal")  # 15
    a = assess(office, b.build(), 2024)
    assert a.unit("t1").points == 27  # 8 + 4 + 15
    assert a.unit("d1").points == 15
    assert fee(a.person("i1")) == 0  # 批示不付稿酬


# ============================================================ 第五条 计分标准调整


def test_第五条_7月1日起要情快报和动态按调整后标准(office):
    """第五条：以采用日期（北京时间）为准：6 月 30 日 23:30 要情快报全文 5；7 月 1 日 00:10 为 6；
    UTC 6 月 30 日 16:30 = 北京 7 月 1 日 00:30，也是 6；动态半数 7 月起 15；XX政务不变 10。"""
    b = base().unit("d2", "department").unit("d3", "department")
    adopted_piece(b, "x1", ad("yaoqing", "2024-06-30 23:30", degree="full"))
    adopted_piece(b, "x2", ad("yaoqing", "2024-07-01 00:10", degree="full"), unit="d1")
    adopted_piece(b, "x3", ad("yaoqing", "2024-06-30T16:30:00+00:00", degree="full"), unit="d2")
    adopted_piece(
        b,
        "x4",
        ad("dongtai", "2024-08-01", degree="half"),
        ad("zhengwu", "2024-08-02", degree="full"),
        unit="d3",
    )
    a = assess(office, b.build(), 2024)
    assert [a.unit(u).points for u in ("t1", "d1", "d2", "d3")] == [5, 6, 6, 25]  # d3：15 + 10


def test_第五条_调整后照常适用采用程度与综合采用(office):
    """第五条：第三条第2至5款照常适用：7 月后 动态全文综合采用 25 × 0.4 = 10；要情快报未注明程度
    按观点 2；同一篇再被增刊观点采用 10，累加。"""
    b = base()
    adopted_piece(
        b,
        "x1",
        ad("dongtai", "2024-09-01", degree="full", merged=True),
        ad("yaoqing", "2024-09-02"),
        ad("zengkan", "2024-09-03", degree="viewpoint"),
    )
    assert assess(office, b.build(), 2024).unit("t1").points == 22  # 10 + 2 + 10


def test_第五条_前后两次采用分别按当时标准(office):
    """第五条：同一篇 6 月要情快报半数 3（原标准），8 月再被要情快报半数采用 4（新标准）：7；
    2025 年仍按新标准：要情快报观点 2。"""
    b = base()
    adopted_piece(
        b,
        "x1",
        ad("yaoqing", "2024-06-10", degree="half"),
        ad("yaoqing", "2024-08-10", degree="half"),
        ad("yaoqing", "2025-02-10", degree="viewpoint"),
    )
    ds = b.build()
    assert assess(office, ds, 2024).unit("t1").points == 7
    assert assess(office, ds, 2025).unit("t1").points == 2


# ============================================================ 第六条 稿酬


def test_第六条第1款_稿酬按载体_不分程度_综合采用减半_不随第五条调整(office):
    """第六条第1款：要情快报 50、XX政务 100、增刊 300、动态 200 元，不区分程度；
    综合采用减半；7 月后的要情快报仍 50 元。"""
    b = base()
    adopted_piece(b, "x1", ad("yaoqing", degree="viewpoint"), authors=("i1",))  # 50
    adopted_piece(b, "x2", ad("zengkan", degree="half"), authors=("i2",))  # 300
    adopted_piece(b, "x3", ad("dongtai", degree="full", merged=True), authors=("i3",))  # 200 ÷ 2
    adopted_piece(b, "x4", ad("yaoqing", "2024-08-01", degree="full"), authors=("i1",))  # 50
    adopted_piece(b, "x5", ad("zhengwu", degree="full", merged=True), authors=("i2",))  # 100 ÷ 2
    a = assess(office, b.build(), 2024)
    assert fee(a.person("i1")) == 100  # 50 + 50
    assert fee(a.person("i2")) == 350  # 300 + 50
    assert fee(a.person("i3")) == 100


def test_第六条第2款_联名平分_每次采用分别支付_不计入积分和单位(office):
    """第六条第2款：三人联名，XX政务 100 + 要情快报 50 = 150 元，每人 50 元；
    两人联名的增刊 300 元，每人 150；稿酬不计入积分，也不计入报送单位。"""
    b = base()
    adopted_piece(
        b,
        "x1",
        ad("zhengwu", degree="full"),
        ad("yaoqing", "2024-03-05", degree="full"),
        authors=("i1", "i2", "i3"),
    )
    adopted_piece(b, "x2", ad("zengkan", degree="full"), authors=("i1", "i2"), unit="d1")
    b.person("i4", "informant")
    adopted_piece(b, "x3", ad("zhengwu", degree="half"), authors=("i1", "i2", "i4"), unit="d1")
    a = assess(office, b.build(), 2024)
    assert [fee(a.person(i)) for i in ("i1", "i2", "i3")] == [
        F(700, 3),  # 50 + 150 + 100/3
        F(700, 3),
        50,
    ]
    assert fee(a.person("i4")) == F(100, 3)
    assert a.unit("t1").points == 15  # 10 + 5，稿酬不计
    assert a.unit("d1").points == 36  # 30 + 6
    assert a.unit("t1").amounts["fee"] == 0
    assert [a.person(i).points for i in ("i1", "i2", "i3")] == [0, 0, 0]


# ============================================================ 第七条 抄袭处理


def test_第七条_第一次警告_第二次扣5分_第三次起扣5分并取消评先(office):
    """第七条：报送单位当年第一次警告（不扣分），第二次 −5，第三次 −5 并取消评先；次年重新计次。"""
    b = base()
    adopted_piece(b, "x1", ad("zengkan", degree="full"))  # 30
    for i, day in enumerate(("2024-04-01", "2024-05-01", "2024-06-01")):
        b.piece(f"p{i}", "i1", submitted="2024-03-01", unit="d1")
        b.penalize(f"p{i}", day, "plagiarism")
    b.piece("p9", "i2", submitted="2024-03-01", unit="t1")
    b.penalize("p9", "2024-04-01", "plagiarism")
    b.piece("q1", "i1", submitted="2025-01-05", unit="d1")
    b.penalize("q1", "2025-02-01", "plagiarism")
    ds = b.build()
    a = assess(office, ds, 2024)
    assert a.unit("t1").points == 30 and "warned" in a.unit("t1").flags  # 第一次：警告，不扣分
    assert a.unit("d1").points == -10  # 0 − 5 − 5
    assert "warned" in a.unit("d1").flags
    a25 = assess(office, ds, 2025)
    assert a25.unit("d1").points == 0 and "warned" in a25.unit("d1").flags  # 2025 年重新计次
    assert a25.unit("t1").flags == ()


# ============================================================ 第八条 加分与扣分


def test_第八条_经批准的加减分计入单位年度积分(office):
    """第八条：t1 采用 10 + 加 3 − 扣 2 = 11；2025 年的决定不计入 2024 年。"""
    b = base().person("boss", "staff")
    adopted_piece(b, "x1", ad("zhengwu", degree="full"))
    b.adjustment(
        "j1", 3, "2024-07-20", unit="t1", reason="突发事件信息报送及时", approved_by="boss"
    )
    b.adjustment("j2", -2, "2024-09-01", unit="t1", reason="漏报重要信息", approved_by="boss")
    b.adjustment("j3", -1, "2025-01-02", unit="t1", reason="迟报", approved_by="boss")
    b.adjustment("j4", F(-3, 2), "2024-09-01", unit="d1", reason="迟报", approved_by="boss")
    a = assess(office, b.build(), 2024)
    assert a.unit("t1").points == 11
    assert a.unit("d1").points == F(-3, 2)


# ============================================================ 第九条 排名与评先


def test_第九条第1款_排名先比批示篇数_再比采用篇数_仍相同并列(office):
    """第九条第1款：五个单位都是 15 分或更少：
    A 市级批示 15（批示 1 篇）；C 三篇要情快报全文 3 × 5（采用 3 篇）；
    B、D 各一篇 XX政务全文 10 + 要情快报全文 5（采用 1 篇）；E 10 分。
    → A 1，C 2，B 3，D 3，E 5。"""
    b = base()
    for u in "ABCDE":
        b.unit(u, "department")
    b.piece("a1", "i1", submitted="2024-02-01", unit="A")
    b.event("a1", "instructed", "2024-03-01", level="city", rank="deputy")
    for u in "BD":
        adopted_piece(
            b, f"{u}1", ad("zhengwu", degree="full"), ad("yaoqing", degree="full"), unit=u
        )
    for i in range(3):
        adopted_piece(b, f"c{i}", ad("yaoqing", degree="full"), unit="C")
    adopted_piece(b, "e1", ad("zhengwu", degree="full"), unit="E")
    a = assess(office, b.build(), 2024)
    assert [a.unit(u).points for u in "ACBDE"] == [15, 15, 15, 15, 10]
    assert [a.unit(u).rank for u in "ACBDE"] == [1, 2, 3, 3, 5]


def test_第九条第2款_采用率按报送日期_跨年稿件只计分子(office):
    """第九条第2款：t1 2024 年报送 10 篇，其中 2 篇有采用；另有 2023 年报送、2024 年采用的 1 篇：
    采用率 = 3 ÷ 10 = 30%（分子为本年度有采用的篇数，分母为本年度报送的篇数）→ 达到 30%，
    t1 第 1 名（10 个单位中前 10%）→ 先进。"""
    b = base()
    adopted_piece(b, "x0", ad("zengkan", degree="full"))  # 30
    adopted_piece(b, "x1", ad("yaoqing", degree="full"))  # 5
    for i in range(8):
        b.piece(f"n{i}", "i1", submitted="2024-05-01", unit="t1")  # 报送未采用
    adopted_piece(b, "old", ad("zhengwu", degree="full"), submitted="2023-12-20")  # 10
    fillers(b, 8)
    a = assess(office, b.build(), 2024)
    t1 = a.unit("t1")
    assert t1.points == 45 and t1.rank == 1
    assert (t1.counts["adopted"], t1.counts["submitted"]) == (3, 10)
    assert t1.award == "信息工作先进单位"


def test_第九条第2款_第3款_采用率不足30percent或未报送的不评(office):
    """第九条第2、3款：t1 报送 7 篇、采用 2 篇：2/7 ≈ 28.6% < 30%，虽第 1 名也不评；
    d1 2024 年未报送、只有 2023 年报送的稿件在 2024 年被采用：没有采用率，虽第 1 名也不评。"""
    b = base()
    adopted_piece(b, "x0", ad("zengkan", degree="full"))  # 30
    adopted_piece(b, "x1", ad("yaoqing", degree="full"))  # 5
    for i in range(5):
        b.piece(f"n{i}", "i1", submitted="2024-05-01", unit="t1")
    fillers(b, 8)
    a = assess(office, b.build(), 2024)
    assert a.unit("t1").points == 35 and a.unit("t1").rank == 1
    assert all(u.award is None for u in a.units)
    b = base()
    adopted_piece(b, "old", ad("zengkan", degree="full"), unit="d1", submitted="2023-12-01")
    fillers(b, 8)
    a = assess(office, b.build(), 2024)
    assert a.unit("d1").points == 30 and a.unit("d1").rank == 1
    assert a.unit("d1").counts["submitted"] == 0
    assert all(u.award is None for u in a.units)


def test_第九条第3款_前10percent_并列的一并计入(office):
    """第九条第3款：20 个单位，名次 × 10 ≤ 20 即名次 ≤ 2：t1 30 分第 1；d1、f0 各 10 分并列第 2，
    均评先进；第 4 名不评。"""
    b = base()
    adopted_piece(b, "x0", ad("zengkan", degree="full"))  # t1：30，采用率 1/1
    adopted_piece(b, "x1", ad("zhengwu", degree="full"), unit="d1")  # d1：10
    fillers(b, 18)  # f0 … f17：各 1 分
    b.event(
        "fx0", "adopted", "2024-04-01", body="zhengwu", attributes={"degree": "half"}
    )  # f0：1 + 6
    b.event(
        "fx0", "adopted", "2024-04-02", body="yaoqing", attributes={"degree": "half"}
    )  # + 3 = 10
    b.event(
        "fx1", "adopted", "2024-04-01", body="zhengwu", attributes={"degree": "viewpoint"}
    )  # f1：3
    a = assess(office, b.build(), 2024)
    assert len(a.units) == 20
    assert [a.unit(u).points for u in ("t1", "d1", "f0", "f1")] == [30, 10, 10, 3]
    assert [a.unit(u).rank for u in ("t1", "d1", "f0", "f1")] == [1, 2, 2, 4]
    awarded = {u.id for u in a.units if u.award == "信息工作先进单位"}
    assert awarded == {"t1", "d1", "f0"}


def test_第九条第3款_被取消评先资格的不评_名次不让出(office):
    """第九条第3款、第七条：10 个单位，第 1 名 t1 当年第三次抄袭被取消评先资格：不评；
    第 2 名 d1 的名次 2 × 10 > 10，也不评（名次在全部参加排名的单位中计算）。
    t1：增刊全文 30 + 两篇要情快报观点 1 + 1 − 抄袭 0 − 5 − 5 = 22；报送 6 篇、采用 3 篇：50% ≥ 30%。"""
    b = base()
    adopted_piece(b, "x0", ad("zengkan", degree="full"))  # 30
    adopted_piece(b, "xa", ad("yaoqing", degree="viewpoint"))  # 1
    adopted_piece(b, "xb", ad("yaoqing", degree="viewpoint"))  # 1
    for i, day in enumerate(("2024-04-01", "2024-05-01", "2024-06-01")):
        b.piece(f"p{i}", "i1", submitted="2024-03-01", unit="t1")
        b.penalize(f"p{i}", day, "plagiarism")  # 0、−5、−5
    adopted_piece(b, "x1", ad("zhengwu", degree="full"), unit="d1")  # 10
    fillers(b, 8)
    a = assess(office, b.build(), 2024)
    assert a.unit("t1").points == 22 and a.unit("t1").rank == 1
    assert (a.unit("t1").counts["adopted"], a.unit("t1").counts["submitted"]) == (3, 6)
    assert a.unit("d1").rank == 2
    assert all(u.award is None for u in a.units)


# ============================================================ 全年综合


def test_全年综合_一个乡镇的一年(office):
    """第三条至第九条合在一起：t1 的 2024 年（10 个单位参加排名）。

    y1（i1、i2 联名，2 月报送）：
      3 月 《XX政务》半数以上 6；5 月 《动态》全文、综合采用 20 × 0.4 = 8；
      8 月 《要情快报》未注明程度 → 观点，新标准 2；县级主要领导批示 8 → 24 分。
      稿酬：100 + 200 ÷ 2 + 50 = 250 元，i1、i2 各 125。
    y2（i1，3 月报送）：9 月增刊全文 30 → 30 分；稿酬 300 元给 i1。
    y3（i3，4 月报送）：经查实抄袭（第一次：警告，不扣分）；y4（i3，6 月报送）：第二次，−5。
    加分 2（突发事件信息及时）。
    t1 = 24 + 30 − 5 + 2 = 51；报送 4 篇（y1–y4），有采用 2 篇：采用率 50% ≥ 30%；第 1 名 → 先进。
    稿酬：i1 125 + 300 = 425；i2 125；i3 200（z1 的《动态》稿酬）。
    d1：一篇《动态》全文 7 月后 25 + 市级批示 15 = 40，报送 1 篇采用 1 篇：第 2 名（2 × 10 > 10），不评。
    """
    b = base().person("boss", "staff")
    b.piece("y1", "i1", "i2", submitted="2024-02-10", unit="t1")
    b.event("y1", "adopted", "2024-03-05", body="zhengwu", attributes={"degree": "half"})
    b.event(
        "y1", "adopted", "2024-05-05", body="dongtai", attributes={"degree": "full", "merged": True}
    )
    b.event("y1", "adopted", "2024-08-05", body="yaoqing")
    b.event("y1", "instructed", "2024-08-20", level="county", rank="principal")
    b.piece("y2", "i1", submitted="2024-03-10", unit="t1")
    b.event("y2", "adopted", "2024-09-05", body="zengkan", attributes={"degree": "full"})
    b.piece("y3", "i3", submitted="2024-04-10", unit="t1")
    b.penalize("y3", "2024-04-20", "plagiarism")
    b.piece("y4", "i3", submitted="2024-06-10", unit="t1")
    b.penalize("y4", "2024-06-20", "plagiarism")
    b.adjustment(
        "j1", 2, "2024-07-15", unit="t1", reason="突发事件信息报送及时", approved_by="boss"
    )
    b.piece("z1", "i3", submitted="2024-07-02", unit="d1")
    b.event("z1", "adopted", "2024-07-10", body="dongtai", attributes={"degree": "full"})
    b.event("z1", "instructed", "2024-07-20", level="city", rank="principal")
    fillers(b, 8)
    a = assess(office, b.build(), 2024)
    t1, d1 = a.unit("t1"), a.unit("d1")
    assert t1.points == 51 and t1.rank == 1 and t1.flags == ("warned",)
    assert (t1.counts["adopted"], t1.counts["submitted"]) == (2, 4)
    assert t1.award == "信息工作先进单位"
    assert d1.points == 40 and d1.rank == 2 and d1.award is None
    assert [fee(a.person(i)) for i in ("i1", "i2", "i3")] == [425, 125, 200]


def test_全年综合_两年_新标准与抄袭重新计次(office):
    """两年连起来（d1，10 个单位中）：

    2024：w1 6 月 《要情快报》全文 5（原标准）；抄袭两次：警告、−5 → 0 分；
          报送 3 篇（w1、p1、p2），采用 1 篇。
    2025：w1 2 月再被《要情快报》全文采用 6（新标准）、《动态》观点 6；
          w2（2025 报送）被增刊半数以上 20；抄袭一次：重新计次，警告、不扣分；
          → 6 + 6 + 20 = 32；2025 年报送 2 篇（w2、p3），有采用 2 篇（w1、w2）：100%；第 1 名 → 先进。
          稿酬（i1 独著）：2024 50；2025 50 + 200 + 300 = 550。
    """
    b = base()
    b.piece("w1", "i1", submitted="2024-05-01", unit="d1")
    b.event("w1", "adopted", "2024-06-10", body="yaoqing", attributes={"degree": "full"})
    b.event("w1", "adopted", "2025-02-10", body="yaoqing", attributes={"degree": "full"})
    b.event("w1", "adopted", "2025-02-11", body="dongtai", attributes={"degree": "viewpoint"})
    for p, sub, day in (("p1", "2024-03-01", "2024-03-10"), ("p2", "2024-04-01", "2024-04-10")):
        b.piece(p, "i2", submitted=sub, unit="d1")
        b.penalize(p, day, "plagiarism")
    b.piece("w2", "i1", submitted="2025-03-01", unit="d1")
    b.event("w2", "adopted", "2025-03-20", body="zengkan", attributes={"degree": "half"})
    b.piece("p3", "i2", submitted="2025-04-01", unit="d1")
    b.penalize("p3", "2025-04-10", "plagiarism")
    fillers(b, 8)
    ds = b.build()
    y24, y25 = assess(office, ds, 2024), assess(office, ds, 2025)
    assert y24.unit("d1").points == 0 and y24.unit("d1").flags == ("warned",)
    assert fee(y24.person("i1")) == 50
    d1 = y25.unit("d1")
    assert d1.points == 32 and d1.flags == ("warned",)
    assert (d1.counts["adopted"], d1.counts["submitted"]) == (2, 2)
    assert d1.rank == 1 and d1.award == "信息工作先进单位"
    assert fee(y25.person("i1")) == 550


# ============================================================ 示例数据与条款覆盖


def test_示例数据集_county_office_2024(office):
    """rulesets/examples/county_office-2024.json（sqmy-dataset/1.1）按本办法的 2024 年结果。

    t-east（乡镇）：2024-01 被《XX政务》全文 10 + 6 月《要情快报》半数 3（原标准）= 13；
      2024-02 9 月《动态》综合采用、全文 25 × 0.4 = 10，县级主要领导批示 8 → 18；
      2024-03 抄袭（第一次：警告）；加分 2 → 13 + 18 + 2 = 33；报送 3 篇、采用 2 篇。
    d-agri（县直部门）：2024-04 增刊观点 10，市级批示 15 → 25；扣 1（迟报）→ 24；报送 1 篇、采用 1 篇。
    稿酬：i-liu（2024-01 独著）100 + 50 = 150；2024-02 由 i-liu、i-sun 联名，《动态》综合 200 ÷ 2 = 100，
      各 50 → i-liu 200、i-sun 50；i-zhou（2024-04）300。
    只有两个单位：前 10% 即名次 × 10 ≤ 2，没有单位能满足 → 无先进单位。
    """
    doc = json.loads(
        (REPO / "rulesets/examples/county_office-2024.json").read_text(encoding="utf-8")
    )
    a = assess(office, parse_dataset(doc, declarations=declarations_of(office)), 2024)
    east, agri = a.unit("t-east"), a.unit("d-agri")
    assert east.points == 33 and east.flags == ("warned",)
    assert (east.counts["adopted"], east.counts["submitted"]) == (2, 3)
    assert agri.points == 24
    assert [east.rank, agri.rank] == [1, 2]
    assert east.award is None and agri.award is None
    assert {p.id: fee(p) for p in a.people} == {"i-liu": 200, "i-sun": 50, "i-zhou": 300}
    assert all(p.points == 0 for p in a.people)


def test_示例数据集_county_office_解释逐项相加等于积分(office):
    """示例数据集中每个人、每个单位的解释：基础分 + 各项（稿酬除外）= 积分；稿酬各项之和 = 稿酬。"""
    doc = json.loads(
        (REPO / "rulesets/examples/county_office-2024.json").read_text(encoding="utf-8")
    )
    book = Book(office, parse_dataset(doc, declarations=declarations_of(office)))
    a = assess(office, book.dataset, 2024)
    for kind, pool in (("person", a.people), ("unit", a.units)):
        for r in pool:
            e = explain(book, 2024, kind, r.id, a)
            assert e.base_points + sum(ln.points for ln in e.point_lines) == r.points, r.id
            for name, value in (r.amounts or {}).items():
                assert sum(ln.points for ln in e.lines if ln.tally == name) == value, r.id


def test_办法是本仓库自拟示例_每条每款都有用例和规则集条款():
    """features/county_office/policy.md 第一行注明“本仓库自拟示例”；每一条、款都有本文件中的用例
    （函数名含“第N条第M款”或“第N条_”），并在规则集的某个 clause 中出现。"""
    missing = uncovered("county_office", globals())
    assert not missing, missing
