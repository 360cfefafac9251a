"""准备：规则集、考核年度、单位、人员、约稿和信息（表格或一句话）。"""

from __future__ import annotations

from collections.abc import Sequence

from attrs import evolve

from sqmy_core.bdd import words
from sqmy_core.bdd.errors import SpecError
from sqmy_core.bdd.forms import library_step
from sqmy_core.bdd.numbers import parse_deadline, parse_when, parse_year
from sqmy_core.bdd.tables import blank, rows
from sqmy_core.bdd.world import World
from sqmy_core.errors import SqmyError
from sqmy_core.model import Call, vocab
from sqmy_core.rules.load import parse_ruleset

THEME = "准备"


@library_step(
    "given", '规则集为 "<文件>"', example='假如 规则集为 "rulesets/district.toml"', theme=THEME
)
def ruleset_file(sqmy_world: World, path: str) -> None:
    """加载本组织的规则集（TOML）。路径相对于仓库根目录（也可相对于 .feature 文件所在目录）。
    规则集有错时，场景失败并给出规则集的中文报错。"""
    sqmy_world.load_ruleset(path)


@library_step("given", "使用本组织的规则集", example="假如 使用本组织的规则集", theme=THEME)
def default_ruleset(sqmy_world: World) -> None:
    """使用 pytest 配置 sqmy_ruleset（或命令行 --sqmy-ruleset）指定的规则集。
    不写任何规则集步骤时，也默认使用它。"""
    if not sqmy_world.default_ruleset:
        raise SpecError(
            "没有配置本组织的规则集：请在 pytest 配置中写 sqmy_ruleset = rulesets/本组织.toml，"
            '或改写为 假如 规则集为 "rulesets/本组织.toml"'
        )
    sqmy_world.load_ruleset(sqmy_world.default_ruleset)


@library_step(
    "given",
    "规则集为以下内容：",
    example='假如 规则集为以下内容：\n  """\n  ...TOML...\n  """',
    theme=THEME,
)
def ruleset_text(sqmy_world: World, docstring: str) -> None:
    """规则集直接写在规格里（三个双引号之间的 TOML 文本），用于演示某一条规则。"""
    sqmy_world.set_ruleset(parse_ruleset(docstring, "规格中的规则集"), "规格中的规则集")


@library_step(
    "given", '加载规则集 "<文件>"', example='当 加载规则集 "rulesets/草稿.toml"', theme=THEME
)
def try_ruleset_file(sqmy_world: World, path: str) -> None:
    """试加载一个规则集；加载失败时记下报错，供“那么 规则集加载失败，提示包含 …”检查。"""
    try:
        sqmy_world.load_ruleset(path)
    except SqmyError as exc:
        sqmy_world.error = exc


@library_step(
    "given",
    "加载以下规则集：",
    example='当 加载以下规则集：\n  """\n  ...TOML...\n  """',
    theme=THEME,
)
def try_ruleset_text(sqmy_world: World, docstring: str) -> None:
    """试加载写在规格里的规则集；加载失败时记下报错。"""
    try:
        sqmy_world.set_ruleset(parse_ruleset(docstring, "规格中的规则集"), "规格中的规则集")
    except SqmyError as exc:
        sqmy_world.error = exc


@library_step("given", "考核年度为 <年份> [年][度]", example="假如 考核年度为 2024 年", theme=THEME)
def assessed_year(sqmy_world: World, year: str) -> None:
    """设定默认的考核年度：没写年度的结果检查按此年度；没写日期的事件发生在该年 3 月 1 日起。"""
    sqmy_world.year = parse_year(year)


UNIT_COLUMNS = {
    "编号": ("id", "代码"),
    "名称": ("单位", "单位名称"),
    "类别": ("单位类别", "类型"),
    "上级": ("上级单位",),
}


@library_step(
    "given",
    "有以下单位：",
    example="假如 有以下单位：\n  | 编号 | 名称 | 类别 |\n  | s1 | 经济界 | 界别 |",
    theme=THEME,
)
def unit_table(sqmy_world: World, datatable: Sequence[Sequence[object]]) -> None:
    """单位表：列为 编号、名称、类别（界别、专委会、镇街工委、区县委会、基层组织……）、上级。
    不写编号时以名称为编号。"""
    for row in rows(
        datatable, UNIT_COLUMNS, required=("类别",), one_of=("编号", "名称"), what="单位表"
    ):
        name = row.get("名称") or row["编号"]
        kind = words.lookup(words.UNIT_KIND_WORDS, row["类别"], "单位类别", vocab.UNIT_KINDS)
        parent = None if blank(row.get("上级")) else sqmy_world.unit(row["上级"]).id
        sqmy_world.add_unit(row.get("编号") or name, name, kind, parent)


@library_step(
    "given", '单位 "<名称>" 是 <单位类别>', example='假如 单位 "经济界" 是 界别', theme=THEME
)
def one_unit(sqmy_world: World, name: str, kind: str) -> None:
    """一句话添加一个单位（名称即编号）。"""
    sqmy_world.add_unit(
        name, name, words.lookup(words.UNIT_KIND_WORDS, kind, "单位类别", vocab.UNIT_KINDS)
    )


PEOPLE_COLUMNS = {
    "编号": ("id",),
    "姓名": ("名字", "人员"),
    "角色": ("身份",),
    "单位": ("所属单位",),
    "任职时间": ("任职", "任职日期", "就任时间"),
}


def _roles(sqmy_world: World, text: str) -> tuple[str, ...]:
    ruleset = sqmy_world.optional_ruleset()
    known = (
        *vocab.BUILTIN_ROLES,
        *(ruleset.reviewer_roles if ruleset else ()),
        *(r.id for r in (ruleset.vocabulary.roles if ruleset else ())),
    )
    table = words.role_words(ruleset)
    return tuple(words.lookup(table, w, "角色", known) for w in words.split_list(text))


@library_step(
    "given",
    "有以下人员：",
    example="假如 有以下人员：\n  | 编号 | 姓名 | 角色 | 单位 |\n  | p1 | 甲 | 委员 | 经济界 |",
    theme=THEME,
)
def people_table(sqmy_world: World, datatable: Sequence[Sequence[object]]) -> None:
    """人员表：列为 编号、姓名、角色（委员、特约信息员、工作人员、初审人……，多个用“、”分隔）、
    单位（多个用“、”分隔）、任职时间。不写编号时以姓名为编号。"""
    for row in rows(
        datatable, PEOPLE_COLUMNS, required=("角色",), one_of=("编号", "姓名"), what="人员表"
    ):
        name = row.get("姓名") or row["编号"]
        units = (
            ()
            if blank(row.get("单位"))
            else tuple(sqmy_world.unit(u).id for u in words.split_list(row["单位"]))
        )
        since = None if blank(row.get("任职时间")) else parse_when(row["任职时间"])
        sqmy_world.add_person(
            row.get("编号") or name, name, _roles(sqmy_world, row["角色"]), units, since
        )


@library_step(
    "given", '<人员> 属于 [单位] "<单位>"', example='假如 委员甲 属于 "经济界"', theme=THEME
)
def person_in_unit(sqmy_world: World, who: str, unit: str) -> None:
    """把某人加入一个单位（成员关系，如专委会委员）。"""
    person = sqmy_world.person(who)
    sqmy_world.replace_person(evolve(person, units=(*person.units, sqmy_world.unit(unit).id)))


@library_step("given", "<人员> 同时是 <角色>", example="假如 委员甲 同时是 特约信息员", theme=THEME)
def person_also(sqmy_world: World, who: str, role: str) -> None:
    """给某人再加一个身份（同时具有两种身份的，分别适用各自指标）。"""
    person = sqmy_world.person(who)
    sqmy_world.replace_person(evolve(person, roles=(*person.roles, *_roles(sqmy_world, role))))


@library_step(
    "given", "<人员> 自 <时间> 起任职", example="假如 委员甲 自 2023年6月1日 起任职", theme=THEME
)
def person_since(sqmy_world: World, who: str, when: str) -> None:
    """任职时间（since）：该时刻以后才任职的，不参加此前年度的考核。"""
    sqmy_world.replace_person(evolve(sqmy_world.person(who), since=parse_when(when)))


CALL_COLUMNS = {
    "编号": ("id",),
    "名称": ("标题", "题目"),
    "类别": ("类型",),
    "被约作者": ("作者", "约稿对象"),
    "截止时间": ("截止", "截止日期"),
}


@library_step(
    "given",
    "有以下约稿：",
    example="假如 有以下约稿：\n  | 编号 | 名称 | 类别 |\n  | c1 | 乡村振兴 | 定向约稿 |",
    theme=THEME,
)
def call_table(sqmy_world: World, datatable: Sequence[Sequence[object]]) -> None:
    """约稿表：列为 编号、名称、类别（定向约稿、征集目录/招贤榜、年度重点选题）、被约作者、截止时间。
    截止时间只写日期的，截止于当天 24 时（2024-04-30 即 4 月 30 日全天可交）。"""
    for row in rows(
        datatable, CALL_COLUMNS, required=("类别",), one_of=("编号", "名称"), what="约稿表"
    ):
        name = row.get("名称") or row["编号"]
        kind = words.lookup(words.CALL_KIND_WORDS, row["类别"], "约稿类别", vocab.CALL_KINDS)
        authors = (
            ()
            if blank(row.get("被约作者"))
            else tuple(sqmy_world.person(a).id for a in words.split_list(row["被约作者"]))
        )
        due = None if blank(row.get("截止时间")) else parse_deadline(row["截止时间"])
        sqmy_world.add_call(Call(row.get("编号") or name, name, kind, authors, due))


PIECE_COLUMNS = {
    "编号": ("id",),
    "标题": ("信息", "题目"),
    "作者": ("作者（按顺序）",),
    "报送单位": ("单位",),
    "提交时间": ("提交日期", "报送时间"),
    "约稿": ("约稿编号",),
    "主题": ("选题",),
}


@library_step(
    "given",
    "有以下信息：",
    example="假如 有以下信息：\n  | 标题 | 作者 | 报送单位 | 提交时间 |\n  | X | 甲、乙 | 经济界 | 2024-03-01 |",
    theme=THEME,
)
def piece_table(sqmy_world: World, datatable: Sequence[Sequence[object]]) -> None:
    """信息表：每行一篇信息（经工作流程的“提交”登记），列为 编号、标题、作者（第一作者在前，
    用“、”分隔）、报送单位、提交时间、约稿、主题。"""
    for row in rows(
        datatable,
        PIECE_COLUMNS,
        required=("作者", "提交时间"),
        one_of=("编号", "标题"),
        what="信息表",
    ):
        title = row.get("标题") or row["编号"]
        authors = [sqmy_world.person(a) for a in words.split_list(row["作者"])]
        unit = None if blank(row.get("报送单位")) else sqmy_world.unit(row["报送单位"]).id
        call = None if blank(row.get("约稿")) else sqmy_world.call(row["约稿"]).id
        topic = None if blank(row.get("主题")) else row["主题"]
        pid = sqmy_world.submit(
            title=title,
            authors=authors,
            actor=authors[0],
            at=parse_when(row["提交时间"]),
            unit=unit,
            call=call,
            topic=topic,
            piece_id=row.get("编号") or None,
        )
        if pid is None:
            refusal, sqmy_world.refusal = sqmy_world.refusal, None
            raise SpecError(f"信息表中“{title}”无法提交：{refusal}")
