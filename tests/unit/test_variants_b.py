"""policy-variants.md section B ("How points combine"), items 10–13, worked by hand,
plus combinations of several variants and mistakes refused with their key path.

The expectations come from the variants' text; the arithmetic is written in
the comments.  None was copied from the engine's output.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from sqmy_core.errors import RulesetError
from sqmy_core.rules.load import parse_ruleset
from sqmy_core.rules.spec import Ruleset
from sqmy_core.scoring.assess import assess
from sqmy_core.testing.builder import DatasetBuilder

HEAD = """
format = "sqmy-ruleset/2"
organization = "vb"
title = "做法 B"
[scope]
roles = ["member"]
unit_kinds = ["sector"]
"""
FULL = '[scoring.split]\nmode = "full"\n'


def ruleset(body: str, split: str = FULL) -> Ruleset:
    return parse_ruleset(HEAD + split + body, "variant-b.toml")


def members(*ids: str) -> DatasetBuilder:
    b = DatasetBuilder().unit("s1", "sector").unit("s2", "sector")
    for ident in ids:
        b.person(ident, "member", units=("s1",))
    return b


# 10. 取最高 / 按机构累加封顶 / 累加不封顶 ------------------------------------------


def test_10_highest_once_topped_up_in_a_later_year() -> None:
    rs = ruleset("""
[[scoring.rules]]
id = "adopted"
event = "adopted"
by = "body"
values = { cppcc-county = 2, cppcc-city = 4, cppcc-province = 8, cppcc-national = 15 }
combine = "highest"
""")
    b = members("p1")
    b.piece("a", "p1", submitted="2024-03-01")
    b.event("a", "adopted", "2024-06-01", body="cppcc-county")
    b.event("a", "adopted", "2025-02-01", body="cppcc-city")
    b.event("a", "adopted", "2025-04-01", body="cppcc-county")
    ds = b.build()
    # 2024：区政协 2；2025：市政协 4，补差额 4 − 2 = 2，再次区政协采用不变
    assert assess(rs, ds, 2024).person("p1").points == 2
    assert assess(rs, ds, 2025).person("p1").points == 2


def test_10_sum_per_body_with_a_cap_per_piece() -> None:
    rs = ruleset("""
[[scoring.rules]]
id = "adopted"
event = "adopted"
by = "body"
values = { party-central = 6, cpc-province-office = 10, cppcc-national = 10 }
combine = "sum_distinct"
cap = 20
""")
    b = members("p1")
    b.piece("a", "p1", submitted="2024-03-01")
    b.event("a", "adopted", "2024-04-01", body="party-central")
    b.event("a", "adopted", "2024-05-01", body="cpc-province-office")
    b.event("a", "adopted", "2024-06-01", body="cppcc-national")
    b.event("a", "adopted", "2024-07-01", body="party-central")
    b.piece("b", "p1", submitted="2024-03-01")
    b.event("b", "adopted", "2024-04-01", body="party-central")
    b.event("b", "adopted", "2024-04-02", body="party-central")
    # a：6 + 10 + 10 = 26 → 封顶 20（中央再次采用不计）；b：6（同一机构只计一次）；合计 26
    assert assess(rs, b.build(), 2024).person("p1").points == 26


def test_10_sum_without_cap() -> None:
    rs = ruleset("""
[[scoring.rules]]
id = "adopted"
event = "adopted"
by = "body"
values = { cppcc-county = 2, cppcc-city = 4, cppcc-national = 15 }
combine = "sum"
""")
    b = members("p1")
    b.piece("a", "p1", submitted="2024-03-01")
    for day, body in (("04-01", "cppcc-city"), ("05-01", "cppcc-city"), ("06-01", "cppcc-county"),
                      ("07-01", "cppcc-national"), ("08-01", "cppcc-national")):  # fmt: skip
        b.event("a", "adopted", f"2024-{day}", body=body)
    # 4 + 4 + 2 + 15 + 15 = 40，不封顶
    assert assess(rs, b.build(), 2024).person("p1").points == 40


# 11. 各层级的封顶与保底 ------------------------------------------------------------


def test_11_cap_per_piece_over_all_rules() -> None:
    rs = ruleset("""
[scoring]
piece_cap = 20
[[scoring.rules]]
id = "submitted"
event = "submitted"
points = 10
[[scoring.rules]]
id = "adopted"
event = "adopted"
points = 5
combine = "once"
[[scoring.rules]]
id = "instructed"
event = "instructed"
points = 10
""")
    b = members("p1")
    b.piece("a", "p1", submitted="2024-03-01")
    b.event("a", "adopted", "2024-04-01", body="cppcc-county")
    b.event("a", "instructed", "2024-05-01", level="county", rank="principal")
    b.piece("b", "p1", submitted="2024-03-01")
    # a：10 + 5 + 10 = 25 → 每篇 20；b：10；合计 30
    assert assess(rs, b.build(), 2024).person("p1").points == 30


TONGCHENG_SECTIONS = """
[vocabulary]
activity_kinds = [{ id = "meeting", name = "参加会议" }]
[[sections]]
id = "sqmy"
label = "社情民意"
cap = 15
[[sections]]
id = "duty"
label = "履职"
[totals]
cap = 100
[[scoring.rules]]
id = "submitted"
event = "submitted"
points = 10
[[activities]]
id = "meeting"
kinds = ["meeting"]
points = 5
section = "duty"
"""


def test_11_section_cap_sqmy_at_most_15_of_100() -> None:
    rs = ruleset(TONGCHENG_SECTIONS)
    b = members("p1", "p2")
    for ident in ("a", "b", "c"):
        b.piece(ident, "p1", submitted="2024-03-01")
    b.activity("m1", "p1", "meeting", "2024-04-01").activity("m2", "p1", "meeting", "2024-05-01")
    for i in range(25):
        b.activity(f"n{i}", "p2", "meeting", "2024-06-01")
    result = assess(rs, b.build(), 2024)
    # p1：社情民意 3 × 10 = 30 → 15；履职 2 × 5 = 10；合计 25
    assert result.person("p1").sections == {"sqmy": 15, "duty": 10}
    assert result.person("p1").points == 25
    # p2：履职 25 × 5 = 125 → 满分 100（每人每年封顶）
    assert result.person("p2").points == 100


def test_11_cap_per_person_year_on_one_activity_rule() -> None:
    rs = ruleset("""
[vocabulary]
activity_kinds = [{ id = "meeting", name = "参加会议" }]
[[scoring.rules]]
id = "submitted"
event = "submitted"
points = 1
[[activities]]
id = "meeting"
kinds = ["meeting"]
points = 5
cap = 20
""")
    b = members("p1")
    for i in range(6):
        b.activity(f"m{i}", "p1", "meeting", f"2024-0{i + 1}-10")
    b.activity("old", "p1", "meeting", "2023-12-10")
    # 2024 年 6 次会议 × 5 = 30 → 每人每年至多 20
    assert assess(rs, b.build(), 2024).person("p1").points == 20


def test_11_jinan_bonus_at_most_50_over_a_70_base() -> None:
    rs = ruleset("""
[[bases]]
id = "base"
entity = "person"
roles = ["member"]
points = 70
[totals]
bonus_cap = 50
[[scoring.rules]]
id = "submitted"
event = "submitted"
points = 13
""")
    b = members("p1", "p2")
    for i in range(5):
        b.piece(f"a{i}", "p1", submitted="2024-03-01")
    b.piece("b", "p2", submitted="2024-03-01")
    result = assess(rs, b.build(), 2024)
    # p1：加分 5 × 13 = 65 → 50；70 + 50 = 120
    assert result.person("p1").points == 120
    # p2：70 + 13 = 83
    assert result.person("p2").points == 83


def test_11_section_floor_deductions_stop_at_zero() -> None:
    rs = ruleset("""
[[sections]]
id = "sqmy"
label = "社情民意"
floor = 0
[[scoring.rules]]
id = "submitted"
event = "submitted"
points = 3
[[scoring.rules]]
id = "returned"
event = "returned"
points = -5
""")
    b = members("p1", "p2")
    b.piece("a", "p1", submitted="2024-03-01")
    b.event("a", "returned", "2024-03-02").event("a", "returned", "2024-03-05")
    b.piece("b", "p2", submitted="2024-03-01")
    b.piece("c", "p2", submitted="2024-03-01").event("c", "returned", "2024-03-02")
    result = assess(rs, b.build(), 2024)
    # p1：3 − 5 − 5 = −7 → 保底 0；p2：3 + 3 − 5 = 1
    assert result.person("p1").points == 0
    assert result.person("p2").points == 1


def test_11_anqing_fifty_points_deducted_until_none_left() -> None:
    rs = ruleset("""
[[bases]]
id = "base"
entity = "person"
points = 50
[[sections]]
id = "sqmy"
label = "社情民意"
floor = -50
[[scoring.rules]]
id = "rejected"
event = "rejected"
points = -20
""")
    b = members("p1")
    for ident in ("a", "b", "c"):
        b.piece(ident, "p1", submitted="2024-03-01").event(ident, "rejected", "2024-03-02")
    # 基础 50，扣 3 × 20 = 60，但"扣完 50 分为止"：50 − 50 = 0
    assert assess(rs, b.build(), 2024).person("p1").points == 0


# 12. 联名拆分 ----------------------------------------------------------------------

ADOPTED_10 = """
[[scoring.rules]]
id = "adopted"
event = "adopted"
points = 10
combine = "once"
"""


def split_points(split: str, n_authors: int, body: str = ADOPTED_10) -> list[Fraction]:
    rs = ruleset(body, split)
    ids = [f"p{i}" for i in range(1, n_authors + 1)]
    b = members(*ids)
    b.piece("a", *ids, submitted="2024-03-01").event(
        "a", "adopted", "2024-04-01", body="cppcc-city"
    )
    result = assess(rs, b.build(), 2024)
    return [result.person(i).points for i in ids]


@pytest.mark.parametrize(
    ("split", "n", "expected"),
    [
        # 只计第一作者：10 / 0 / 0
        ('[scoring.split]\nmode = "first_share"\nfirst_share = 1\n', 3, [10, 0, 0]),
        # 区政协 60%，其余平分 40%：6 / 2 / 2
        ('[scoring.split]\nmode = "first_share"\nfirst_share = 0.6\n', 3, [6, 2, 2]),
        # 桐城折半计分、均摊：5 / 2.5 / 2.5
        ('[scoring.split]\nmode = "first_share"\nfirst_share = 0.5\n', 3,
         [5, Fraction(5, 2), Fraction(5, 2)]),
        # 每位作者全部分值：10 / 10 / 10
        ('[scoring.split]\nmode = "full"\n', 3, [10, 10, 10]),
        # 平分：10/3 each
        ('[scoring.split]\nmode = "equal"\n', 3, [Fraction(10, 3)] * 3),
        # 集体稿件只计主要成员，至多三人（折半均摊）：5 / 2.5 / 2.5 / 0 / 0
        ('[scoring.split]\nmode = "first_share"\nfirst_share = 0.5\nmax_authors = 3\n', 5,
         [5, Fraction(5, 2), Fraction(5, 2), 0, 0]),
        # 平分但只计前三人：10/3 × 3，其余 0
        ('[scoring.split]\nmode = "equal"\nmax_authors = 3\n', 4, [Fraction(10, 3)] * 3 + [0]),
    ],
)  # fmt: skip
def test_12_splits(split: str, n: int, expected: list[Fraction]) -> None:
    assert split_points(split, n) == expected


def test_12_fixed_points_by_role_lead_15_participant_3() -> None:
    # 每篇 15 分，按署名位置乘以系数：牵头 1 → 15，参与 0.2 → 3（最后一项重复）
    got = split_points(
        '[scoring.split]\nmode = "positions"\nshares = [1, 0.2]\n', 4,
        ADOPTED_10.replace("points = 10", "points = 15"),
    )  # fmt: skip
    assert got == [15, 3, 3, 3]


def test_12_a_rule_with_its_own_split() -> None:
    # 采用 10 分按 60/40 拆分；报送 1 分每人都得全部
    body = (
        """
[[scoring.rules]]
id = "submitted"
event = "submitted"
points = 1
split = { mode = "full" }
"""
        + ADOPTED_10
    )
    got = split_points('[scoring.split]\nmode = "first_share"\nfirst_share = 0.6\n', 3, body)
    # 第一作者 1 + 6 = 7；其余 1 + 2 = 3
    assert got == [7, 3, 3]


# 13. 单位与个人分别记分；代表委员单独排名 ------------------------------------------------


def test_13_unit_and_persons_scored_separately_from_the_same_pieces() -> None:
    rs = ruleset(
        """
[[scoring.rules]]
id = "adopted"
event = "adopted"
by = "level"
values = { county = 5, city = 10 }
combine = "highest"
[[scoring.rules]]
id = "unit_submitted"
event = "submitted"
points = 1
entities = ["unit"]
[rankings.units]
order = ["points"]
""",
        '[scoring.split]\nmode = "equal"\n',
    )
    b = members("p1", "p2")
    b.piece("a", "p1", "p2", submitted="2024-03-01", unit="s1")
    b.event("a", "adopted", "2024-04-01", body="cppcc-city")
    b.piece("b", "p2", submitted="2024-03-01", unit="s2")
    b.event("b", "adopted", "2024-04-01", body="cppcc-county")
    result = assess(rs, b.build(), 2024)
    # 个人：a 10 平分 → p1 5；p2 5 + b 5 = 10；报送数 1 分只记单位
    assert result.person("p1").points == 5
    assert result.person("p2").points == 10
    assert (result.person("p2").rank, result.person("p1").rank) == (1, 2)
    # 单位：s1 得 a 的全部 10 + 报送 1 = 11；s2：5 + 1 = 6
    assert result.unit("s1").points == 11
    assert result.unit("s2").points == 6
    assert (result.unit("s1").rank, result.unit("s2").rank) == (1, 2)


def test_13_delegates_ranked_and_awarded_among_themselves() -> None:
    rs = parse_ruleset(
        """
format = "sqmy-ruleset/2"
organization = "vb"
title = "代表委员单列"
[vocabulary]
roles = [{ id = "delegate", name = "人大代表" }]
[scope]
roles = ["member", "delegate"]
[scoring.split]
mode = "full"
[[scoring.rules]]
id = "submitted"
event = "submitted"
points = 2
[[awards]]
id = "delegate_best"
entity = "person"
roles = ["delegate"]
rank_among = "eligible"
tiers = [{ label = "优秀代表信息员", max_rank = 1 }]
""",
        "delegates.toml",
    )
    b = DatasetBuilder().person("m1", "member").person("d1", "delegate").person("d2", "delegate")
    b.many("m", 5, "m1", submitted="2024-03-01")
    b.many("x", 3, "d1", submitted="2024-03-01")
    b.many("y", 1, "d2", submitted="2024-03-01")
    result = assess(rs, b.build(), 2024)
    # m1 10 分、d1 6 分、d2 2 分；代表中 d1 第一，虽然总名次第二
    assert [result.person(i).points for i in ("m1", "d1", "d2")] == [10, 6, 2]
    assert result.person("d1").rank == 2
    assert result.person("d1").award == "优秀代表信息员"
    assert result.person("m1").award is None and result.person("d2").award is None


# 组合：三项以上做法同时使用 ----------------------------------------------------------


def test_combination_tongcheng_submission_section_cap_half_split_three_authors_duty() -> None:
    # 做法 1（报送 10 + 采用 5）、9（履职分项）、11（社情民意至多 15，满分 100）、12（折半均摊、至多三人）
    rs = ruleset(
        """
[vocabulary]
activity_kinds = [{ id = "meeting", name = "参加会议" }]
[[sections]]
id = "sqmy"
label = "社情民意"
cap = 15
[[sections]]
id = "duty"
label = "履职"
[totals]
cap = 100
[[scoring.rules]]
id = "submitted"
event = "submitted"
points = 10
[[scoring.rules]]
id = "adopted"
event = "adopted"
points = 5
combine = "once"
[[activities]]
id = "meeting"
kinds = ["meeting"]
points = 5
section = "duty"
""",
        '[scoring.split]\nmode = "first_share"\nfirst_share = 0.5\nmax_authors = 3\n',
    )
    b = members("p1", "p2", "p3", "p4")
    b.piece("a", "p1", "p2", "p3", "p4", submitted="2024-03-01")
    b.event("a", "adopted", "2024-04-01", body="cppcc-county")
    b.piece("b", "p2", submitted="2024-03-01")
    b.activity("m1", "p4", "meeting", "2024-05-01")
    result = assess(rs, b.build(), 2024)
    # a 共 15 分：p1 7.5，p2、p3 各 3.75，p4 不计（第四人）
    # p2 另有 b 10 分：3.75 + 10 = 13.75（未到 15）
    assert result.person("p1").sections == {"sqmy": Fraction(15, 2), "duty": 0}
    assert result.person("p2").points == Fraction(55, 4)
    assert result.person("p3").points == Fraction(15, 4)
    # p4：社情民意 0，会议 5
    assert result.person("p4").sections == {"sqmy": 0, "duty": 5}
    # 再给 p2 一篇被采用：3.75 + 10 + 10 + 5 = 28.75 → 15
    b.piece("c", "p2", submitted="2024-06-01").event(
        "c", "adopted", "2024-07-01", body="cppcc-city"
    )
    assert assess(rs, b.build(), 2024).person("p2").points == 15


def test_combination_beijing_tiers_commission_bonus_fee_and_cap() -> None:
    # 做法 5（1/+5/+20 累加）、7（约稿被上级采用 +10）、8（稿酬另记）、10/11（每篇封顶 30）
    rs = ruleset("""
[[tallies]]
id = "fee"
label = "稿酬"
unit = "元"
[[scoring.rules]]
id = "adopted"
event = "adopted"
by = "body"
values = { party-city = 1, party-central = 5, cppcc-city = 5, cppcc-national = 20 }
combine = "sum"
cap = 30
[[scoring.rules]]
id = "commission_bonus"
event = "adopted"
points = 10
combine = "once"
when = { call_kinds = ["commission"], levels = ["province", "national"] }
[[scoring.rules]]
id = "fee"
event = "adopted"
by = "level"
values = { county = 5, city = 10, province = 30, national = 100 }
tally = "fee"
entities = ["person"]
""")
    b = members("p1", "p2").call("k1", "commission")
    b.piece("a", "p1", submitted="2024-03-01", call="k1")
    for day, body in (("04-01", "party-city"), ("05-01", "party-central"),
                      ("06-01", "cppcc-national"), ("07-01", "cppcc-national")):  # fmt: skip
        b.event("a", "adopted", f"2024-{day}", body=body)
    b.piece("b", "p2", submitted="2024-03-01")
    b.event("b", "adopted", "2024-04-01", body="party-central")
    result = assess(rs, b.build(), 2024)
    # p1 采用：1 + 5 + 20 + 20 = 46 → 封顶 30；约稿：民建中央（国家级）采用时 +10 一次 → 40
    # 稿酬：市级 10 + 国家级 100 × 3 = 310 元
    assert result.person("p1").points == 40
    assert result.person("p1").amounts == {"fee": 310}
    # p2：非约稿，民建中央 5 分，稿酬 100 元
    assert result.person("p2").points == 5
    assert result.person("p2").amounts == {"fee": 100}


def test_combination_jinan_base_bonus_cap_leaders_degree_two_scoreboards() -> None:
    # 做法 3（采用程度）、6（批示按职级、只计肯定性）、11（基础 70 + 加分至多 50）、13（单位与个人分别记分）
    rs = ruleset(
        """
[vocabulary]
ranks = [{ id = "psc", name = "政治局常委" }, { id = "vice_governor", name = "副省长" }]
[attributes.degree]
type = "choice"
values = ["full", "half", "viewpoint"]
on = ["adopted"]
default = "viewpoint"
[attributes.approving]
type = "boolean"
on = ["instructed"]
default = false
[[bases]]
id = "base"
entity = "person"
points = 70
[totals]
bonus_cap = 50
[[scoring.rules]]
id = "adopted"
event = "adopted"
by = ["level", "attributes.degree"]
values = { national = { full = 15, half = 10, viewpoint = 6 }, county = { full = 4, half = 2, viewpoint = 0.5 } }
[[scoring.rules]]
id = "instructed"
event = "instructed"
by = "rank"
values = { psc = 15, vice_governor = 2 }
when = { match = { "attributes.approving" = [true] } }
""",
        '[scoring.split]\nmode = "equal"\n',
    )
    b = members("p1", "p2")
    b.piece("a", "p1", "p2", submitted="2024-03-01", unit="s1")
    b.event("a", "adopted", "2024-04-01", body="cppcc-national", attributes={"degree": "full"})
    b.event("a", "instructed", "2024-05-01", level="national", rank="psc",
            attributes={"approving": True})  # fmt: skip
    b.event("a", "instructed", "2024-05-02", level="province", rank="vice_governor")
    b.piece("b", "p1", submitted="2024-03-01", unit="s1")
    for i in range(5):
        b.event("b", "adopted", f"2024-06-0{i + 1}", body="cppcc-national",
                attributes={"degree": "full"})  # fmt: skip
    b.event("b", "adopted", "2024-07-01", body="cppcc-county")
    result = assess(rs, b.build(), 2024)
    # a：国家级全文 15 + 政治局常委肯定性批示 15 = 30（副省长批示非肯定性不计）→ 两人平分各 15
    # b（p1 一人）：5 × 15 + 县级观点 0.5 = 75.5
    # p1 加分 15 + 75.5 = 90.5 → 50；70 + 50 = 120。p2：70 + 15 = 85
    assert result.person("p1").points == 120
    assert result.person("p2").points == 85
    # 单位 s1 不拆分：30 + 75.5 = 105.5；单位没有基础分，但加分封顶同样适用 → 50
    assert result.unit("s1").points == 50


# 写错的规则集被拒绝，并指出键路径 --------------------------------------------------------


def problems(body: str) -> list[str]:
    with pytest.raises(RulesetError) as err:
        ruleset(body)
    return [p.path for p in err.value.problems]


def test_mistake_unknown_degree_in_a_nested_table() -> None:
    paths = problems("""
[attributes.degree]
type = "choice"
values = ["full", "half", "viewpoint"]
on = ["adopted"]
default = "viewpoint"
[[scoring.rules]]
id = "adopted"
event = "adopted"
by = ["level", "attributes.degree"]
values = { national = { full = 15, ful = 10 } }
""")
    assert any(p.startswith("scoring.rules[0].values.national.ful") for p in paths), paths


def test_mistake_undeclared_publication_and_rank() -> None:
    paths = problems("""
[[scoring.rules]]
id = "adopted"
event = "adopted"
by = "body"
values = { yaoqing = 5 }
[[scoring.rules]]
id = "instructed"
event = "instructed"
by = "rank"
values = { psc = 15 }
""")
    assert "scoring.rules[0].values.yaoqing" in paths, paths
    assert "scoring.rules[1].values.psc" in paths, paths


def test_mistake_unknown_section_and_tally_and_activity_kind() -> None:
    paths = problems("""
[[sections]]
id = "sqmy"
[[scoring.rules]]
id = "fee"
event = "adopted"
points = 5
tally = "fees"
[[scoring.rules]]
id = "x"
event = "submitted"
points = 1
section = "duty"
[[activities]]
id = "meeting"
kinds = ["meeting"]
points = 5
""")
    assert "scoring.rules[0].tally" in paths, paths
    assert "scoring.rules[1].section" in paths, paths
    assert "activities[0].kinds[0]" in paths, paths


def test_mistake_undeclared_attribute_and_misspelt_split_key() -> None:
    with pytest.raises(RulesetError) as err:
        ruleset(
            """
[[scoring.rules]]
id = "adopted"
event = "adopted"
points = 50
when = { match = { "attributes.merged" = [false] } }
""",
            '[scoring.split]\nmode = "equal"\nmax_author = 3\n',
        )
    paths = [p.path for p in err.value.problems]
    # 键名拼错先报（结构问题先于整体检查）
    assert "scoring.split.max_author" in paths, paths
    with pytest.raises(RulesetError) as err2:
        ruleset("""
[[scoring.rules]]
id = "adopted"
event = "adopted"
points = 50
when = { match = { "attributes.merged" = [false] } }
""")
    paths2 = [p.path for p in err2.value.problems]
    assert any(p.startswith("scoring.rules[0].when.match") for p in paths2), paths2
