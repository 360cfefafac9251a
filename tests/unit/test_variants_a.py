"""policy-variants.md section A ("What earns points"), items 1–9, worked by hand.

Each test states one variant the way an office would write it in a
``sqmy-ruleset/2`` file, builds a few records, and checks numbers worked out
from the variant's own text (the arithmetic is in the comments); none of the
expectations was copied from the engine.
"""

from __future__ import annotations

from fractions import Fraction

from sqmy_core.rules.load import parse_ruleset
from sqmy_core.rules.spec import Ruleset
from sqmy_core.scoring.assess import assess
from sqmy_core.testing.builder import DatasetBuilder

HEAD = """
format = "sqmy-ruleset/2"
organization = "va"
title = "做法 A"
[scope]
roles = ["member"]
unit_kinds = ["sector"]
[scoring.split]
mode = "full"
"""


def ruleset(body: str, head: str = HEAD) -> Ruleset:
    return parse_ruleset(head + body, "variant-a.toml")


def members(*ids: str) -> DatasetBuilder:
    b = DatasetBuilder().unit("s1", "sector")
    for ident in ids:
        b.person(ident, "member", units=("s1",))
    return b


# 1. 报送本身计分 ---------------------------------------------------------------


def test_1_party_half_a_point_per_piece_adopted_or_not() -> None:
    rs = ruleset("""
[[scoring.rules]]
id = "submitted"
event = "submitted"
points = 0.5
""")
    b = members("p1")
    for ident in ("a", "b", "c"):
        b.piece(ident, "p1", submitted="2024-03-01", unit="s1")
    b.event("a", "adopted", "2024-04-01", body="cppcc-city")
    result = assess(rs, b.build(), 2024)
    # 3 篇 × 0.5 = 1.5（采用与否都不影响）；报送单位 s1 同样得 1.5
    assert result.person("p1").points == Fraction(3, 2)
    assert result.unit("s1").points == Fraction(3, 2)


def test_1_tongcheng_ten_per_piece_plus_five_if_adopted() -> None:
    rs = ruleset("""
[[scoring.rules]]
id = "submitted"
event = "submitted"
points = 10
[[scoring.rules]]
id = "adopted"
event = "adopted"
points = 5
combine = "once"
""")
    b = members("p1")
    b.piece("a", "p1", submitted="2024-03-01").piece("b", "p1", submitted="2024-05-01")
    b.event("a", "adopted", "2024-04-01", body="cppcc-county")
    b.event("a", "adopted", "2024-06-01", body="cppcc-city")  # 再次采用：once，不再加
    # a：10 + 5 = 15；b：10；合计 25
    assert assess(rs, b.build(), 2024).person("p1").points == 25


# 2. 按机构、按本组织刊物计分 ----------------------------------------------------

CHANGSHAN = """
[vocabulary]
bodies = [
  { id = "yaoqing", name = "《要情快报》", level = "county" },
  { id = "zhengwu", name = "《XX政务》", level = "county" },
  { id = "zhengwu-plus", name = "《XX政务》增刊", level = "county" },
  { id = "city-dongtai", name = "市《动态》", level = "city" },
]
[[scoring.rules]]
id = "adopted"
event = "adopted"
by = "body"
values = { yaoqing = 5, zhengwu = 10, zhengwu-plus = 30, city-dongtai = 20 }
combine = "sum_distinct"
"""


def test_2_changshan_own_publications_5_10_30_20() -> None:
    rs = ruleset(CHANGSHAN)
    b = members("p1", "p2")
    b.piece("a", "p1", submitted="2024-03-01").piece("b", "p1", submitted="2024-03-02")
    b.piece("c", "p2", submitted="2024-03-03")
    b.event("a", "adopted", "2024-04-01", body="yaoqing")
    b.event("a", "adopted", "2024-05-01", body="city-dongtai")
    b.event("a", "adopted", "2024-05-02", body="yaoqing")  # 同一刊物再次刊用：只计一次
    b.event("b", "adopted", "2024-04-01", body="zhengwu-plus")
    b.event("c", "adopted", "2024-04-01", body="zhengwu")
    b.event("c", "adopted", "2024-04-02", body="cppcc-national")  # 表中没有的机构：不计分
    result = assess(rs, b.build(), 2024)
    # p1：a 5 + 20 = 25，b 30 → 55；p2：c 10
    assert result.person("p1").points == 55
    assert result.person("p2").points == 10
    assert result.person("p1").rank == 1 and result.person("p2").rank == 2


def test_2_declared_body_has_its_level_for_by_level() -> None:
    rs = ruleset("""
[vocabulary]
bodies = [{ id = "city-dongtai", name = "市《动态》", level = "city" }]
[[scoring.rules]]
id = "adopted"
event = "adopted"
by = "level"
values = { county = 1, city = 20 }
combine = "highest"
""")
    b = members("p1")
    b.piece("a", "p1", submitted="2024-03-01")
    b.event("a", "adopted", "2024-04-01", body="city-dongtai")
    # 本组织登记的《动态》是市级 → 20
    assert assess(rs, b.build(), 2024).person("p1").points == 20


# 3. 按采用程度 --------------------------------------------------------------------

DEGREE = """
[attributes.degree]
type = "choice"
values = ["full", "half", "viewpoint"]
on = ["adopted"]
default = "viewpoint"
label = "采用程度"
[[scoring.rules]]
id = "adopted"
event = "adopted"
by = ["level", "attributes.degree"]
values = { national = { full = 15, half = 10, viewpoint = 6 }, county = { full = 4, half = 2, viewpoint = 0.5 } }
combine = "sum"
"""


def test_3_degree_per_level_15_10_6_national_4_2_half_county() -> None:
    rs = ruleset(DEGREE)
    b = members("p1", "p2")
    b.piece("a", "p1", submitted="2024-03-01").piece("b", "p1", submitted="2024-03-02")
    b.piece("c", "p2", submitted="2024-03-03").piece("d", "p2", submitted="2024-03-04")
    b.event("a", "adopted", "2024-04-01", body="cppcc-national", attributes={"degree": "full"})
    b.event("b", "adopted", "2024-04-01", body="cppcc-county", attributes={"degree": "half"})
    b.event("c", "adopted", "2024-04-01", body="cppcc-county")  # 未写程度 → 默认 viewpoint
    b.event("d", "adopted", "2024-04-01", body="cppcc-national", attributes={"degree": "half"})
    b.event("d", "adopted", "2024-04-02", body="cppcc-city", attributes={"degree": "full"})
    result = assess(rs, b.build(), 2024)
    # p1：国家级全文 15 + 县级半数 2 = 17
    assert result.person("p1").points == 17
    # p2：县级观点 0.5 + 国家级半数 10 + 市级（表中没有 city）0 = 10.5
    assert result.person("p2").points == Fraction(21, 2)


# 4. 单篇与综合 ------------------------------------------------------------------

MERGED_ATTR = """
[attributes.merged]
type = "boolean"
on = ["adopted"]
default = false
label = "综合采用"
"""


def test_4_alone_50_merged_20_by_a_table_on_the_attribute() -> None:
    rs = ruleset(
        MERGED_ATTR
        + """
[[scoring.rules]]
id = "adopted"
event = "adopted"
by = "attributes.merged"
values = { false = 50, true = 20 }
combine = "highest"
"""
    )
    b = members("p1", "p2")
    b.piece("a", "p1", submitted="2024-03-01").piece("b", "p2", submitted="2024-03-01")
    b.event("a", "adopted", "2024-04-01", body="cppcc-city")  # 单篇（默认 false）
    b.event("b", "adopted", "2024-04-01", body="cppcc-city", attributes={"merged": True})
    result = assess(rs, b.build(), 2024)
    assert result.person("p1").points == 50  # 单篇 50
    assert result.person("p2").points == 20  # 综合 20


def test_4_alone_or_merged_as_two_rules_with_match() -> None:
    rs = ruleset(
        MERGED_ATTR
        + """
[[scoring.rules]]
id = "alone"
event = "adopted"
points = 50
combine = "once"
when = { match = { "attributes.merged" = [false] } }
[[scoring.rules]]
id = "merged"
event = "adopted"
points = 20
combine = "once"
when = { match = { "attributes.merged" = [true] } }
"""
    )
    b = members("p1")
    b.piece("a", "p1", submitted="2024-03-01").piece("b", "p1", submitted="2024-03-01")
    b.event("a", "adopted", "2024-04-01", body="cppcc-city")
    b.event("b", "adopted", "2024-04-01", body="cppcc-city", attributes={"merged": True})
    # a 单篇 50 + b 综合 20 = 70
    assert assess(rs, b.build(), 2024).person("p1").points == 70


# 5. 加计，可累计（民建北京） -----------------------------------------------------

BEIJING_TIERS = """
[vocabulary]
bodies = [{ id = "city-gov", name = "市政府", level = "city" }]
[[scoring.rules]]
id = "adopted"
event = "adopted"
by = "body"
values = { party-city = 1, party-central = 5, cppcc-city = 5, cppcc-national = 20, city-gov = 20 }
combine = "sum"
"""


def test_5_tiers_add_up_1_plus_5_plus_20() -> None:
    rs = ruleset(BEIJING_TIERS)
    b = members("p1", "p2")
    b.piece("a", "p1", submitted="2024-03-01").piece("b", "p2", submitted="2024-03-01")
    b.event("a", "adopted", "2024-04-01", body="party-city")
    b.event("a", "adopted", "2024-05-01", body="party-central")
    b.event("a", "adopted", "2024-06-01", body="cppcc-national")
    b.event("b", "adopted", "2024-04-01", body="cppcc-city")
    b.event("b", "adopted", "2024-05-01", body="city-gov")
    result = assess(rs, b.build(), 2024)
    # a：1 + 5 + 20 = 26（不是"取最高" 20）；b：5 + 20 = 25
    assert result.person("p1").points == 26
    assert result.person("p2").points == 25


# 6. 领导批示按职级，只计肯定性批示 ----------------------------------------------

LEADERS = """
[vocabulary]
ranks = [
  { id = "psc", name = "政治局常委" },
  { id = "national_leader", name = "其他国家领导人" },
  { id = "prov_principal", name = "省主要领导" },
  { id = "vice_governor", name = "副省长" },
]
[attributes.approving]
type = "boolean"
on = ["instructed"]
default = false
label = "肯定性批示"
[[scoring.rules]]
id = "instructed"
event = "instructed"
by = "rank"
values = { psc = 15, national_leader = 10, prov_principal = 4, vice_governor = 2 }
combine = "sum"
when = { match = { "attributes.approving" = [true] } }
"""


def test_6_leader_ranks_15_10_4_2_only_approving_count() -> None:
    rs = ruleset(LEADERS)
    b = members("p1", "p2")
    b.piece("a", "p1", submitted="2024-03-01").piece("b", "p2", submitted="2024-03-01")
    yes = {"approving": True}
    b.event("a", "instructed", "2024-04-01", level="national", rank="psc", attributes=yes)
    b.event("a", "instructed", "2024-04-02", level="province", rank="vice_governor", attributes=yes)
    b.event("a", "instructed", "2024-04-03", level="national", rank="national_leader")  # 非肯定性
    b.event(
        "b", "instructed", "2024-04-01", level="province", rank="prov_principal", attributes=yes
    )
    b.event(
        "b", "instructed", "2024-04-02", level="national", rank="national_leader",
        attributes={"approving": False},
    )  # fmt: skip
    result = assess(rs, b.build(), 2024)
    # p1：15 + 2 = 17（国家领导人的非肯定性批示不计）；p2：4
    assert result.person("p1").points == 17
    assert result.person("p2").points == 4


# 7. 约稿加分：被上级采用后才加 ----------------------------------------------------


def test_7_commissioned_bonus_10_only_when_a_higher_body_adopts() -> None:
    rs = ruleset("""
[[scoring.rules]]
id = "commission_bonus"
label = "约稿被上级采用"
event = "adopted"
points = 10
combine = "once"
when = { call_kinds = ["commission"], levels = ["province", "national"] }
""")
    b = members("p1", "p2", "p3").call("k1", "commission")
    b.piece("a", "p1", submitted="2024-03-01", call="k1")
    b.event("a", "adopted", "2024-04-01", body="party-city")  # 本级采用：不加
    b.event("a", "adopted", "2024-05-01", body="party-central")  # 上级采用：+10
    b.event("a", "adopted", "2024-06-01", body="cppcc-national")  # 再次上级采用：每篇一次
    b.piece("b", "p2", submitted="2024-03-01")  # 不是约稿
    b.event("b", "adopted", "2024-04-01", body="party-central")
    b.piece("c", "p3", submitted="2024-03-01", call="k1")
    b.event("c", "adopted", "2024-04-01", body="cppcc-city")  # 约稿但只被市级采用
    result = assess(rs, b.build(), 2024)
    assert result.person("p1").points == 10
    assert result.person("p2").points == 0
    assert result.person("p3").points == 0


def test_7_district_commissioned_bonus_on_approval() -> None:
    rs = ruleset("""
[[scoring.rules]]
id = "commission_bonus"
event = "approved"
points = 1
combine = "once"
when = { call_kinds = ["commission", "key_topic"] }
""")
    b = members("p1").call("k1", "key_topic")
    b.piece("a", "p1", submitted="2024-03-01", call="k1").event("a", "approved", "2024-03-05")
    b.piece("b", "p1", submitted="2024-03-01").event("b", "approved", "2024-03-05")
    # 只有应约（重点选题）稿件审定通过加 1 分
    assert assess(rs, b.build(), 2024).person("p1").points == 1


# 8. 稿酬与积分分开 --------------------------------------------------------------

FEE = """
[[tallies]]
id = "fee"
label = "稿酬"
unit = "元"
[[scoring.rules]]
id = "adopted"
event = "adopted"
by = "level"
values = { county = 1, city = 2, province = 3, national = 4 }
combine = "highest"
[[scoring.rules]]
id = "fee"
event = "adopted"
by = "level"
values = { county = 5, city = 10, province = 30, national = 100 }
combine = "sum"
tally = "fee"
entities = ["person"]
"""


def test_8_fee_5_10_30_100_yuan_kept_apart_from_points() -> None:
    rs = ruleset(FEE)
    b = members("p1")
    b.piece("a", "p1", submitted="2024-03-01", unit="s1")
    b.event("a", "adopted", "2024-04-01", body="cppcc-county")
    b.event("a", "adopted", "2024-05-01", body="cppcc-national")
    b.piece("b", "p1", submitted="2024-03-01", unit="s1")
    b.event("b", "adopted", "2024-04-01", body="cpc-city-office")
    result = assess(rs, b.build(), 2024)
    p1 = result.person("p1")
    # 积分：a 取最高 4，b 2 → 6；稿酬：a 5 + 100，b 10 → 115 元，不进积分
    assert p1.points == 6
    assert p1.amounts == {"fee": 115}
    # 单位记积分（6），稿酬只发给个人
    assert result.unit("s1").points == 6
    assert result.unit("s1").amounts == {"fee": 0}


# 9. 履职积分台账中的一个分项 ------------------------------------------------------

DUTY = """
[vocabulary]
activity_kinds = [
  { id = "meeting", name = "参加会议" },
  { id = "survey", name = "参加调研" },
  { id = "proposal", name = "提交提案" },
]
[attributes.role]
type = "choice"
values = ["lead", "participant"]
on = ["activity"]
default = "participant"
[[sections]]
id = "sqmy"
label = "社情民意"
[[sections]]
id = "duty"
label = "履职"
[[scoring.rules]]
id = "adopted"
event = "adopted"
points = 4
combine = "once"
[[activities]]
id = "meeting"
kinds = ["meeting"]
points = 5
section = "duty"
[[activities]]
id = "survey"
kinds = ["survey"]
points = 2
section = "duty"
[[activities]]
id = "proposal"
kinds = ["proposal"]
by = "attributes.role"
values = { lead = 15, participant = 3 }
section = "duty"
"""


def test_9_meetings_5_surveys_2_proposals_15_lead_3_participant() -> None:
    rs = ruleset(DUTY)
    b = members("p1", "p2")
    b.piece("a", "p1", submitted="2024-03-01").event(
        "a", "adopted", "2024-04-01", body="cppcc-city"
    )
    b.activity("m1", "p1", "meeting", "2024-02-01").activity("m2", "p1", "meeting", "2024-03-01")
    b.activity("s1", "p1", "survey", "2024-05-01")
    b.activity("x1", "p1", "proposal", "2024-06-01", attributes={"role": "lead"})
    b.activity("x2", "p1", "proposal", "2024-06-02", attributes={"role": "participant"})
    b.activity("x3", "p2", "proposal", "2024-06-01")  # 默认 participant
    b.activity("m3", "p2", "meeting", "2023-12-31")  # 上一年度的会议
    result = assess(rs, b.build(), 2024)
    p1 = result.person("p1")
    # 履职：会议 2 × 5 + 调研 2 + 提案牵头 15 + 参与 3 = 30；社情民意：采用 4；合计 34
    assert p1.sections == {"sqmy": 4, "duty": 30}
    assert p1.points == 34
    p2 = result.person("p2")
    assert p2.sections == {"sqmy": 0, "duty": 3}
    assert p2.points == 3
