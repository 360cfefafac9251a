"""分项、台账与等次：分项积分、稿酬等金额、等次、标记、同类中的名次。

分项、台账、等次、标记写规则集中的编号或名称（label）。年度可省略（为“考核年度”）。
不符时给出实际值和逐条明细。
"""

from __future__ import annotations

from fractions import Fraction

from sqmy_core.bdd import report
from sqmy_core.bdd.errors import SpecFailure
from sqmy_core.bdd.forms import library_step
from sqmy_core.bdd.numbers import format_number, parse_number, parse_ordinal
from sqmy_core.bdd.world import World
from sqmy_core.model import vocab

THEME = "分项与等次"
_YEAR = "[<年份>] [(年度|年)]"


def _pick(ids_labels: list[tuple[str, str]], text: str, what: str) -> str:
    for ident, label in ids_labels:
        if text in (ident, label):
            return ident
    known = "、".join(label or ident for ident, label in ids_labels) or "（无）"
    raise SpecFailure(f"规则集中没有{what}“{text}”：可用的为 {known}")


@library_step(
    "then",
    f'<对象> [的] {_YEAR}"<分项>" 分项(为|是|应为) <分值> [分]',
    example='那么 甲 的 "社情民意" 分项为 15 分',
    theme=THEME,
)
def section_is(sqmy_world: World, who: str, year: str | None, section: str, points: str) -> None:
    """某一分项（规则集 [[sections]]）的年度积分，已按分项的封顶和保底计算。"""
    y = sqmy_world.assessed_year(year)
    kind, ident = sqmy_world.entity(who)
    rs = sqmy_world.ruleset
    sid = _pick([(s.id, s.label) for s in rs.sections], section, "分项")
    r = report.result(sqmy_world, y, kind, ident)
    actual = (r.sections or {}).get(sid, Fraction(0))
    expected = parse_number(points, "分值")
    if actual != expected:
        raise SpecFailure(
            f"{who} 的 {y} 年度“{section}”分项应为 {report.points_text(expected)}，"
            f"实际为 {report.points_text(actual)}"
            f"（{report.explanation(sqmy_world, y, kind, ident, section=sid)}）"
        )


@library_step(
    "then",
    f'<对象> [的] {_YEAR}"<台账>" (为|是|应为) <分值> [<计量单位>]',
    example='那么 甲 的 "稿酬" 为 30 元',
    theme=THEME,
)
def amount_is(
    sqmy_world: World, who: str, year: str | None, tally: str, points: str, measure: str | None
) -> None:
    """台账金额（规则集 [[tallies]]，如 稿酬，单位 元），与积分分开计。"""
    y = sqmy_world.assessed_year(year)
    kind, ident = sqmy_world.entity(who)
    rs = sqmy_world.ruleset
    tid = _pick([(t.id, t.label) for t in rs.tallies], tally, "台账")
    unit = next(t.unit for t in rs.tallies if t.id == tid)
    r = report.result(sqmy_world, y, kind, ident)
    actual = (r.amounts or {}).get(tid, Fraction(0))
    expected = parse_number(points, "金额")
    if actual != expected:
        raise SpecFailure(
            f"{who} 的 {y} 年度“{tally}”应为 {format_number(expected)} {unit or measure or ''}，"
            f"实际为 {format_number(actual)} {unit or measure or ''}"
            f"（{report.explanation(sqmy_world, y, kind, ident, tally=tid)}）"
        )


@library_step(
    "then",
    '<对象> [在 <年份> [年度]]的等次(为|是|应为) "<等次>"',
    example='那么 委员甲 在 2024 年度的等次为 "优秀"',
    theme=THEME,
)
def grade_is(sqmy_world: World, who: str, year: str | None, grade: str) -> None:
    """等次（规则集 [[grades]]，如 优秀、称职、不称职）。规则集同时有奖项时，等次与奖项分开。"""
    y = sqmy_world.assessed_year(year)
    kind, ident = sqmy_world.entity(who)
    r = report.result(sqmy_world, y, kind, ident)
    actual = r.grade if sqmy_world.ruleset.awards else r.award
    if actual != grade:
        got = f"“{actual}”" if actual else "没有等次"
        raise SpecFailure(
            f"{who} 的 {y} 年度等次应为“{grade}”，实际{got}"
            f"（积分 {report.points_text(r.points)}；{report.explanation(sqmy_world, y, kind, ident)}）"
        )


def _flag(sqmy_world: World, text: str) -> str:
    """A flag of ``[[flags]]`` or one a penalty step sets (``steps = [{ flag = "warned" }]``)."""
    rs = sqmy_world.ruleset
    known = [(f.id, f.label) for f in rs.flags]
    known += [(st.flag, st.label) for p in rs.penalties for st in p.steps if st.flag]
    return _pick(known, text, "标记")


@library_step(
    "then",
    '<对象> [在 <年份> [年度]]有标记 "<标记>"',
    example='那么 甲 有标记 "talk_convener"',
    theme=THEME,
)
def has_flag(sqmy_world: World, who: str, year: str | None, flag: str) -> None:
    """有某个标记（规则集 [[flags]] 的编号或名称，如 积分不足 60 分的“约谈”）。"""
    y = sqmy_world.assessed_year(year)
    kind, ident = sqmy_world.entity(who)
    r = report.result(sqmy_world, y, kind, ident)
    if _flag(sqmy_world, flag) not in r.flags:
        have = "、".join(r.flags) or "没有标记"
        raise SpecFailure(
            f"{who} 在 {y} 年度应有标记“{flag}”，实际：{have}"
            f"（积分 {report.points_text(r.points)}；{report.quotas_text(r)}）"
        )


@library_step(
    "then",
    '<对象> [在 <年份> [年度]](没有|无)标记 "<标记>"',
    example='那么 乙 没有标记 "talk_convener"',
    theme=THEME,
)
def lacks_flag(sqmy_world: World, who: str, year: str | None, flag: str) -> None:
    """没有某个标记。"""
    y = sqmy_world.assessed_year(year)
    kind, ident = sqmy_world.entity(who)
    r = report.result(sqmy_world, y, kind, ident)
    if _flag(sqmy_world, flag) in r.flags:
        raise SpecFailure(
            f"{who} 在 {y} 年度不应有标记“{flag}”，实际有"
            f"（积分 {report.points_text(r.points)}；{report.quotas_text(r)}）"
        )


@library_step(
    "then",
    '<对象> [在 <年份> [年度]]在 "<类别>" 类中的(名次|排名)(为|是) <名次>',
    example='那么 单位 "经济界" 在 "界别" 类中的名次为 第一名',
    theme=THEME,
)
def rank_in_class(sqmy_world: World, who: str, year: str | None, group: str, rank: str) -> None:
    """按类别分别排名（rankings.units group_by = "unit_kind"）时，在本类中的名次。"""
    y = sqmy_world.assessed_year(year)
    kind, ident = sqmy_world.entity(who)
    r = report.result(sqmy_world, y, kind, ident)
    from sqmy_core.bdd.words import UNIT_KIND_WORDS, lookup

    wanted = lookup(UNIT_KIND_WORDS, group, "单位类别", vocab.UNIT_KINDS)
    expected = parse_ordinal(rank)
    if r.group != wanted or r.rank != expected:
        shown = vocab.UNIT_KIND_NAMES.get(r.group or "", r.group or "不分类")
        raise SpecFailure(
            f"{who} 的 {y} 年度应在“{group}”类中第 {expected} 名，实际在“{shown}”类中第 {r.rank} 名"
            f"（{report.ranking_table(sqmy_world, y, kind, r.group)}）"
        )
