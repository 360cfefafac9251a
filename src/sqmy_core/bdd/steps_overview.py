"""总表与范围：考核结果总表、参加考核的人员和单位、全年统计与比率、逾期报送。"""

from __future__ import annotations

from collections.abc import Sequence

from sqmy_core.bdd import report, words
from sqmy_core.bdd.errors import SpecFailure
from sqmy_core.bdd.forms import library_step
from sqmy_core.bdd.numbers import (
    format_percent,
    parse_int,
    parse_number,
    parse_ordinal,
    parse_percent,
)
from sqmy_core.bdd.tables import blank, rows
from sqmy_core.bdd.world import EntityKind, World
from sqmy_core.scoring.result import EntityResult

THEME = "总表与范围"
_YEAR = "[<年份>] [(年度|年)]"

RESULT_COLUMNS = {
    "对象": ("人员", "姓名", "单位", "名称", "编号"),
    "积分": ("年度积分",),
    "名次": ("排名",),
    "采用篇数": ("采用",),
    "任务指标": ("指标",),
    "奖项": ("等次", "评先", "表扬"),
    "名单": ("标记",),
}


def _who(sqmy_world: World, header: str, text: str) -> tuple[EntityKind, str]:
    if header in ("单位", "名称"):
        return "unit", sqmy_world.unit(text).id
    if header in ("人员", "姓名"):
        return "person", sqmy_world.person(text, create=False).id
    return sqmy_world.entity(text)


def _compare_row(
    sqmy_world: World, y: int, row: dict[str, str], r: EntityResult, who: str
) -> list[str]:
    kind: EntityKind = r.entity
    out: list[str] = []
    if not blank(row.get("积分")) and parse_number(row["积分"]) != r.points:
        out.append(
            f"{who}：积分应为 {report.points_text(parse_number(row['积分']))}，实际为 "
            f"{report.points_text(r.points)}（{report.explanation(sqmy_world, y, kind, r.id)}）"
        )
    if not blank(row.get("名次")) and parse_ordinal(row["名次"]) != r.rank:
        out.append(f"{who}：名次应为第 {parse_ordinal(row['名次'])} 名，实际为第 {r.rank} 名")
    if not blank(row.get("采用篇数")) and parse_int(row["采用篇数"]) != r.adopted_pieces:
        out.append(f"{who}：采用篇数应为 {parse_int(row['采用篇数'])}，实际为 {r.adopted_pieces}")
    quota = row.get("任务指标")
    if quota is not None and quota.strip():
        want = quota.strip()
        actual = "不设" if not r.quotas else ("完成" if r.quotas_met else "未完成")
        if want not in (actual, "已" + actual) and not (want in ("无", "-") and actual == "不设"):
            out.append(f"{who}：任务指标应为“{want}”，实际为“{actual}”（{report.quotas_text(r)}）")
    if "奖项" in row:
        want_award = None if blank(row["奖项"]) else row["奖项"].strip()
        if want_award != r.award:
            out.append(f"{who}：奖项应为“{want_award or '无'}”，实际为“{r.award or '无'}”")
    if "名单" in row:
        labels = {f.id: f.label or f.id for f in sqmy_world.ruleset.flags}
        want_flags = set() if blank(row["名单"]) else set(words.split_list(row["名单"]))
        have = {labels.get(f, f) for f in r.flags}
        if want_flags != have and want_flags != set(r.flags):
            out.append(
                f"{who}：名单应为“{'、'.join(sorted(want_flags)) or '无'}”，实际为“{'、'.join(sorted(have)) or '无'}”"
            )
    return out


@library_step(
    "then",
    f"{_YEAR}考核结果(如下|为)：",
    example="那么 2024 年度考核结果如下：\n  | 姓名 | 积分 | 名次 | 奖项 |\n  | 甲 | 20 | 1 | 先进个人 |",
    theme=THEME,
)
def result_table(
    sqmy_world: World, year: str | None, datatable: Sequence[Sequence[object]]
) -> None:
    """一张表核对多人（或多个单位）的结果。第一列写 姓名（或 单位、对象），其余列任选：
    积分、名次、采用篇数、任务指标（完成/未完成/不设）、奖项（空或“无”表示没有）、名单。
    所有不符之处一次列出。"""
    y = sqmy_world.assessed_year(year)
    header = str(datatable[0][0]).strip() if datatable and datatable[0] else ""
    problems: list[str] = []
    for row in rows(datatable, RESULT_COLUMNS, required=("对象",), what="考核结果表"):
        kind, ident = _who(sqmy_world, header, row["对象"])
        r = report.result(sqmy_world, y, kind, ident)
        problems.extend(_compare_row(sqmy_world, y, row, r, row["对象"]))
    if problems:
        raise SpecFailure(f"{y} 年度考核结果与表格不符：\n" + "\n".join("  " + p for p in problems))


@library_step(
    "then",
    f"参加 {_YEAR}考核的<人员或单位>(为|是|有) <名单>",
    example="那么 参加考核的人员为 甲、乙",
    theme=THEME,
)
def in_scope(sqmy_world: World, year: str | None, kind: str, names: str) -> None:
    """参加考核的人员（或单位）恰好是这些（适用范围）。"""
    y = sqmy_world.assessed_year(year)
    a = sqmy_world.assessment(y)
    entity: EntityKind = "person" if kind == "人员" else "unit"
    pool = a.people if entity == "person" else a.units
    want = {
        sqmy_world.entity(("单位 " if entity == "unit" else "") + n)[1]
        for n in words.split_list(names)
    }
    have = {r.id for r in pool}
    if want != have:

        def show(ids: set[str]) -> str:
            return "、".join(report.name_of(sqmy_world, entity, i) for i in sorted(ids)) or "无"

        raise SpecFailure(
            f"{y} 年度参加考核的{kind}应为 {show(want)}，实际为 {show(have)}"
            f"（多出：{show(have - want)}；缺少：{show(want - have)}）"
        )


@library_step(
    "then",
    f"<对象> (不参加|不在) {_YEAR}考核[范围][内]",
    example="那么 工作人员丙 不参加考核",
    theme=THEME,
)
def out_of_scope(sqmy_world: World, who: str, year: str | None) -> None:
    """某人（或单位）不参加考核（不在规则集的适用范围内）。"""
    y = sqmy_world.assessed_year(year)
    kind, ident = sqmy_world.entity(who)
    a = sqmy_world.assessment(y)
    if any(r.id == ident for r in (a.people if kind == "person" else a.units)):
        raise SpecFailure(f"{who} 不应参加 {y} 年度考核，实际参加了")


@library_step(
    "then",
    f"全年 {_YEAR}<指标>[篇]数(为|是) <数> [篇]",
    example="那么 全年审定通过篇数为 4 篇",
    theme=THEME,
)
def total_count(sqmy_world: World, year: str | None, metric: str, n: str) -> None:
    """全部信息中某项的篇数（不同稿件数），如通报中的报送数、审定通过数、采用数。"""
    y = sqmy_world.assessed_year(year)
    actual = sqmy_world.assessment(y).stats.counts[words.METRIC_WORDS[metric]]
    if actual != parse_int(n, "篇数"):
        raise SpecFailure(f"{y} 年度全年{metric}篇数应为 {parse_int(n)} 篇，实际为 {actual} 篇")


@library_step(
    "then", f"[全年] {_YEAR}<比率名>(为|是) <比率>", example="那么 全年采用率为 75%", theme=THEME
)
def rate_is(sqmy_world: World, year: str | None, rate: str, ratio: str) -> None:
    """采用率 = 采用篇数 ÷ 审定通过篇数；批示率 = 批示篇数 ÷ 审定通过篇数。写 75%、3/4 均可。"""
    y = sqmy_world.assessed_year(year)
    stats = sqmy_world.assessment(y).stats
    actual = stats.adoption_rate if rate == "采用率" else stats.instruction_rate
    expected = parse_percent(ratio)
    if actual != expected:
        shown = "无（没有审定通过的信息）" if actual is None else format_percent(actual)
        raise SpecFailure(
            f"{y} 年度{rate}应为 {format_percent(expected)}，实际为 {shown}（各项篇数：{dict(stats.counts)}）"
        )


def _overdue_names(sqmy_world: World, ids: Sequence[str]) -> str:
    return "、".join(f"“{sqmy_world.titles.get(i, i)}”" for i in ids) or "无"


@library_step(
    "then",
    f"{_YEAR}逾期报送的信息(为|是|有) <名单>",
    example='那么 2024 年度逾期报送的信息为 "X"、"Y"',
    theme=THEME,
)
def overdue_are(sqmy_world: World, year: str | None, names: str) -> None:
    """年度考核中列为“逾期”的信息（审定通过后超过报送时限才报送的），恰好是这些。"""
    y = sqmy_world.assessed_year(year)
    want = sorted(sqmy_world.piece(n) for n in words.split_list(names))
    have = sorted(sqmy_world.assessment(y).overdue)
    if want != have:
        raise SpecFailure(
            f"{y} 年度逾期报送的信息应为 {_overdue_names(sqmy_world, want)}，"
            f"实际为 {_overdue_names(sqmy_world, have)}"
        )


@library_step(
    "then", f"{_YEAR}没有逾期报送的信息", example="那么 2024 年度没有逾期报送的信息", theme=THEME
)
def no_overdue(sqmy_world: World, year: str | None) -> None:
    """年度考核中没有逾期报送的信息。"""
    y = sqmy_world.assessed_year(year)
    have = sqmy_world.assessment(y).overdue
    if have:
        raise SpecFailure(
            f"{y} 年度不应有逾期报送的信息，实际有 {_overdue_names(sqmy_world, have)}"
        )
