"""考核结果：积分、名次、奖项、任务指标、名单标记、各项篇数、参加考核的范围。

“对象”是人员（``甲``、``委员甲``、``p1``）或单位（``单位 "经济界"``，单位名称不与人名重复时
也可直接写名称）。年度可省略，省略时为“考核年度”（见“准备”）。积分按精确值比较：
``7.2``、``８/３``、``七点二`` 都可以；“约为”按对外报告的两位小数比较。
"""

from __future__ import annotations

from sqmy_core.bdd import report
from sqmy_core.bdd.errors import SpecFailure
from sqmy_core.bdd.forms import library_step
from sqmy_core.bdd.numbers import format_number, parse_int, parse_number, parse_ordinal, parse_year
from sqmy_core.bdd.world import World
from sqmy_core.scoring.rounding import points_text as round_points

THEME = "考核结果"
_YEAR = "[<年份>] [(年度|年)]"


@library_step(
    "given",
    "(评估|进行|计算) <年份> [(年度|年)][考核][结果]",
    example="当 评估 2024 年度",
    theme=THEME,
)
def assess_year(sqmy_world: World, year: str) -> None:
    """按规则集评估某一年度，并把它设为此后检查的默认年度。"""
    sqmy_world.year = parse_year(year)
    sqmy_world.assessment(sqmy_world.year)


@library_step(
    "then",
    f"<对象> [的] {_YEAR}积分(为|是|应为) <分值> [分]",
    example="那么 甲 的 2024 年度积分为 7.2 分",
    theme=THEME,
)
def points_are(sqmy_world: World, who: str, year: str | None, points: str) -> None:
    """年度积分（精确值）。不符时给出实际积分和逐条明细（哪篇信息、哪一款、多少分）。"""
    y = sqmy_world.assessed_year(year)
    kind, ident = sqmy_world.entity(who)
    expected = parse_number(points, "积分")
    actual = report.result(sqmy_world, y, kind, ident).points
    if actual != expected:
        raise SpecFailure(
            f"{who} 的 {y} 年度积分应为 {report.points_text(expected)}，"
            f"实际为 {report.points_text(actual)}（{report.explanation(sqmy_world, y, kind, ident)}）"
        )


@library_step(
    "then",
    f"<对象> [的] {_YEAR}积分约为 <分值> [分]",
    example="那么 甲 的 2024 年度积分约为 2.67 分",
    theme=THEME,
)
def points_about(sqmy_world: World, who: str, year: str | None, points: str) -> None:
    """年度积分保留两位小数（对外报告的写法）后的值，用于 8/3 这样除不尽的积分。"""
    y = sqmy_world.assessed_year(year)
    kind, ident = sqmy_world.entity(who)
    expected = parse_number(points, "积分")
    actual = report.result(sqmy_world, y, kind, ident).points
    shown = round_points(actual)
    if parse_number(shown) != expected:
        raise SpecFailure(
            f"{who} 的 {y} 年度积分保留两位小数应为 {format_number(expected)} 分，实际为 {shown} 分"
            f"（精确值 {report.points_text(actual)}；{report.explanation(sqmy_world, y, kind, ident)}）"
        )


@library_step(
    "then",
    f"<对象> [的] {_YEAR}(名次|排名)(为|是) <名次>",
    example="那么 甲 的名次为 第二名",
    theme=THEME,
)
def rank_is(sqmy_world: World, who: str, year: str | None, rank: str) -> None:
    """名次（积分相同的以采用篇数多者居前，仍相同的并列）。写“并列第二名”时还要求确有并列者。"""
    y = sqmy_world.assessed_year(year)
    kind, ident = sqmy_world.entity(who)
    r = report.result(sqmy_world, y, kind, ident)
    expected = parse_ordinal(rank)
    pool = sqmy_world.assessment(y).people if kind == "person" else sqmy_world.assessment(y).units
    tied = [o for o in pool if o.group == r.group and o.rank == r.rank and o.id != r.id]
    wrong_tie = "并列" in rank and not tied
    if r.rank != expected or wrong_tie:
        what = "并列" if "并列" in rank else ""
        actual = ("并列" if tied else "") + f"第 {r.rank} 名"
        raise SpecFailure(
            f"{who} 的 {y} 年度名次应为{what}第 {expected} 名，实际为{actual}"
            f"（{report.ranking_table(sqmy_world, y, kind, r.group)}）"
        )


def _award_context(sqmy_world: World, y: int, who: str) -> str:
    kind, ident = sqmy_world.entity(who)
    r = report.result(sqmy_world, y, kind, ident)
    return (
        f"积分 {report.points_text(r.points)}，名次第 {r.rank} 名，"
        f"任务指标：{report.quotas_text(r)}"
    )


@library_step(
    "then",
    '<对象> [在 <年份> [年度]](获评|被评为|评为|获得|获|予以|授予) "<奖项>"',
    example='那么 单位 "经济界" 获评 "一等"',
    theme=THEME,
)
def award_is(sqmy_world: World, who: str, year: str | None, award: str) -> None:
    """获得的奖项或等次（先进个人、一等、贡献奖、通报表扬……，以规则集中的名称为准）。"""
    y = sqmy_world.assessed_year(year)
    kind, ident = sqmy_world.entity(who)
    actual = report.result(sqmy_world, y, kind, ident).award
    if actual != award:
        got = f"“{actual}”" if actual else "没有获奖"
        raise SpecFailure(
            f"{who} 的 {y} 年度应获评“{award}”，实际{got}（{_award_context(sqmy_world, y, who)}）"
        )


@library_step(
    "then",
    '<对象> [在 <年份> [年度]](未获评|不获评|未被评为|没有获得|未获得|不予) "<奖项>"',
    example='那么 乙 未获评 "先进个人"',
    theme=THEME,
)
def award_not(sqmy_world: World, who: str, year: str | None, award: str) -> None:
    """没有获得某个奖项或等次。"""
    y = sqmy_world.assessed_year(year)
    kind, ident = sqmy_world.entity(who)
    if report.result(sqmy_world, y, kind, ident).award == award:
        raise SpecFailure(
            f"{who} 的 {y} 年度不应获评“{award}”，实际获评了（{_award_context(sqmy_world, y, who)}）"
        )


@library_step(
    "then",
    "<对象> [在 <年份> [年度]](没有获奖|未获奖|不获奖|不定等次|未定等次|不评等次)",
    example='那么 单位 "农业界" 不定等次',
    theme=THEME,
)
def no_award(sqmy_world: World, who: str, year: str | None) -> None:
    """没有获得任何奖项或等次。"""
    y = sqmy_world.assessed_year(year)
    kind, ident = sqmy_world.entity(who)
    actual = report.result(sqmy_world, y, kind, ident).award
    if actual is not None:
        raise SpecFailure(
            f"{who} 的 {y} 年度不应获奖，实际获评“{actual}”（{_award_context(sqmy_world, y, who)}）"
        )


@library_step(
    "then",
    "<对象> [在 <年份> [年度]](完成|已完成|完成了)任务指标",
    example="那么 甲 完成任务指标",
    theme=THEME,
)
def quotas_met(sqmy_world: World, who: str, year: str | None) -> None:
    """完成了适用于他（它）的全部任务指标（没有个人指标的也算完成）。"""
    y = sqmy_world.assessed_year(year)
    kind, ident = sqmy_world.entity(who)
    r = report.result(sqmy_world, y, kind, ident)
    if not r.quotas_met:
        raise SpecFailure(f"{who} 的 {y} 年度应完成任务指标，实际未完成：{report.quotas_text(r)}")


@library_step(
    "then",
    "<对象> [在 <年份> [年度]](未完成|没有完成)任务指标",
    example="那么 乙 未完成任务指标",
    theme=THEME,
)
def quotas_not_met(sqmy_world: World, who: str, year: str | None) -> None:
    """至少有一项任务指标没有完成。"""
    y = sqmy_world.assessed_year(year)
    kind, ident = sqmy_world.entity(who)
    r = report.result(sqmy_world, y, kind, ident)
    if r.quotas_met:
        raise SpecFailure(f"{who} 的 {y} 年度应未完成任务指标，实际已完成：{report.quotas_text(r)}")


@library_step(
    "then",
    "<对象> (没有|不设)[(个人|单位)]任务指标",
    example="那么 丙 没有个人任务指标",
    theme=THEME,
)
def no_quotas(sqmy_world: World, who: str) -> None:
    """没有任何任务指标适用于他（它）。"""
    y = sqmy_world.assessed_year(None)
    kind, ident = sqmy_world.entity(who)
    r = report.result(sqmy_world, y, kind, ident)
    if r.quotas:
        raise SpecFailure(f"{who} 不应有任务指标，实际适用：{report.quotas_text(r)}")


@library_step(
    "then",
    '<对象> [在 <年份> [年度]]的任务指标 "<任务指标>" <完成情况>[，计 <数> 篇]',
    example='那么 甲 的任务指标 "特约信息员每年至少 5 篇审定通过" 未完成，计 4 篇',
    theme=THEME,
)
def quota_is(
    sqmy_world: World, who: str, year: str | None, quota: str, verdict: str, n: str | None
) -> None:
    """某一项任务指标（写规则集中的名称或编号）是否完成，以及计了几篇。"""
    y = sqmy_world.assessed_year(year)
    kind, ident = sqmy_world.entity(who)
    r = report.result(sqmy_world, y, kind, ident)
    found = [q for q in r.quotas if quota in (q.quota, q.label)]
    if not found:
        raise SpecFailure(f"{who} 没有任务指标“{quota}”：适用于其的为 {report.quotas_text(r)}")
    q = found[0]
    want_met = verdict != "未完成"
    if q.met != want_met or (n is not None and sum(q.counts) != parse_int(n, "篇数")):
        expected = ("完成" if want_met else "未完成") + (f"，计 {parse_int(n)} 篇" if n else "")
        raise SpecFailure(
            f"{who} 的 {y} 年度任务指标应为：{expected}；实际为 {report.quota_text(q)}"
        )


@library_step(
    "then",
    f"<对象> [的] {_YEAR}<指标>[篇]数(为|是) <数> [篇]",
    example="那么 甲 的 2024 年度采用篇数为 1 篇",
    theme=THEME,
)
def count_is(sqmy_world: World, who: str, year: str | None, metric: str, n: str) -> None:
    """某项篇数（不同稿件数）：提交、审定通过、采用、批示、落实反馈、办理、不予上报、退回修改。
    联名稿件对每位作者都计 1 篇。"""
    from sqmy_core.bdd.words import METRIC_WORDS

    y = sqmy_world.assessed_year(year)
    kind, ident = sqmy_world.entity(who)
    r = report.result(sqmy_world, y, kind, ident)
    actual = r.counts[METRIC_WORDS[metric]]
    if actual != parse_int(n, "篇数"):
        raise SpecFailure(
            f"{who} 的 {y} 年度{metric}篇数应为 {parse_int(n)} 篇，实际为 {actual} 篇"
        )


def _flag_id(sqmy_world: World, text: str) -> str:
    for flag in sqmy_world.ruleset.flags:
        if text in (flag.id, flag.label):
            return flag.id
    known = "、".join(f.label or f.id for f in sqmy_world.ruleset.flags) or "（本规则集没有名单）"
    raise SpecFailure(f"规则集中没有名单“{text}”：可用的为 {known}")


@library_step(
    "then",
    '<对象> [在 <年份> [年度]]被列入 "<标记>" [名单]',
    example='那么 甲 被列入 "谈话引导" 名单',
    theme=THEME,
)
def flagged(sqmy_world: World, who: str, year: str | None, flag: str) -> None:
    """被列入某个名单（如连续两年未完成指标的“谈话引导”）。"""
    y = sqmy_world.assessed_year(year)
    kind, ident = sqmy_world.entity(who)
    r = report.result(sqmy_world, y, kind, ident)
    if _flag_id(sqmy_world, flag) not in r.flags:
        raise SpecFailure(
            f"{who} 应在 {y} 年度被列入“{flag}”名单，实际没有（{report.quotas_text(r)}）"
        )


@library_step(
    "then",
    '<对象> [在 <年份> [年度]](未被列入|不列入|没有被列入|不被列入) "<标记>" [名单]',
    example='那么 乙 未被列入 "谈话引导" 名单',
    theme=THEME,
)
def not_flagged(sqmy_world: World, who: str, year: str | None, flag: str) -> None:
    """没有被列入某个名单。"""
    y = sqmy_world.assessed_year(year)
    kind, ident = sqmy_world.entity(who)
    if _flag_id(sqmy_world, flag) in report.result(sqmy_world, y, kind, ident).flags:
        raise SpecFailure(f"{who} 不应在 {y} 年度被列入“{flag}”名单，实际被列入了")
