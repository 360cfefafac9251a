"""履职记录：带属性的事件、活动、加减分、处罚、任职与离任（``sqmy-dataset/1.1`` 的记录）。

属性按规则集 ``[attributes.名称]`` 的声明书写：写名称（degree）或标签（采用程度），
值按声明的类型（选项、数值、是/否）。活动类别、处罚类别、分项写规则集中的编号或名称。
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from attrs import evolve

from sqmy_core.bdd import words
from sqmy_core.bdd.attributes import parse_attributes
from sqmy_core.bdd.errors import SpecError
from sqmy_core.bdd.forms import library_step
from sqmy_core.bdd.numbers import parse_int, parse_number, parse_when
from sqmy_core.bdd.tables import blank, rows
from sqmy_core.bdd.world import World
from sqmy_core.model import Activity, Adjustment, Event
from sqmy_core.model.attributes import AttrValue
from sqmy_core.rules.spec import Ruleset
from sqmy_core.rules.spec_model import VocabEntry

THEME = "履职记录"


def _kind(entries: Sequence[VocabEntry], text: str, what: str, table: str) -> str:
    key = text.strip().strip('"“”「」')
    for e in entries:
        if key in (e.id, e.name):
            return e.id
    known = "、".join(f"{e.name}（{e.id}）" if e.name else e.id for e in entries)
    raise SpecError(
        f"规则集没有声明{what}“{key}”：请在规则集 [vocabulary] {table} 中声明"
        + (f"；已声明：{known}" if known else "")
    )


def _section(ruleset: Ruleset, text: str | None) -> str | None:
    if text is None:
        return None
    for s in ruleset.sections:
        if text in (s.id, s.label):
            return s.id
    known = "、".join(s.label or s.id for s in ruleset.sections) or "（本规则集没有分项）"
    raise SpecError(f"规则集中没有分项“{text}”：可用的为 {known}")


def _attrs(sqmy_world: World, text: str | None, record: tuple[str, ...]) -> dict[str, AttrValue]:
    return parse_attributes(sqmy_world.ruleset, text, record) if text else {}


@library_step(
    "given",
    '[<时间>] 信息 "<信息>" 被 <机构> 采用，<属性>',
    example='而且 2024年7月1日 信息 "X" 被 全国政协 采用，采用程度为 "full"',
    theme=THEME,
)
def adopted_with(sqmy_world: World, when: str | None, piece: str, body: str, attrs: str) -> None:
    """登记采用，并写明采用记录的属性（如 采用程度、是否综合采用），多个属性用“，”分隔。
    机构也可写规则集 [vocabulary] bodies 中声明的本组织刊物（如 《要情快报》）。"""
    values = _attrs(sqmy_world, attrs, ("adopted", "event"))
    sqmy_world.record(
        sqmy_world.piece(piece),
        "adopted",
        sqmy_world.when(when),
        body=words.body(body, sqmy_world.ruleset),
        attributes=values,
    )


@library_step(
    "given",
    '[<时间>] 信息 "<信息>" (获|获得|得到) <领导> 批示，<属性>',
    example='而且 2024年4月10日 信息 "X" 获 国家级政治局常委 批示，肯定性为 是',
    theme=THEME,
)
def instructed_with(
    sqmy_world: World, when: str | None, piece: str, leader: str, attrs: str
) -> None:
    """登记领导批示，并写明批示记录的属性（如 肯定性）。领导也可写规则集声明的职级
    （[vocabulary] ranks，如 国家级政治局常委）。"""
    level, rank = words.leader(leader, sqmy_world.ruleset)
    sqmy_world.record(
        sqmy_world.piece(piece),
        "instructed",
        sqmy_world.when(when),
        level=level,
        rank=rank,
        attributes=_attrs(sqmy_world, attrs, ("instructed", "event")),
    )


@library_step(
    "given",
    '信息 "<信息>" 标注 <属性>',
    example='假如 信息 "X" 标注 综合采用为 是',
    theme=THEME,
)
def piece_attributes(sqmy_world: World, piece: str, attrs: str) -> None:
    """给信息（稿件记录）写上属性，如 是否综合采用、类别；事件上没有写的属性按稿件的计。"""
    pid = sqmy_world.piece(piece)
    values = _attrs(sqmy_world, attrs, ("piece",))
    sqmy_world.extras.piece_attributes.setdefault(pid, {}).update(values)
    sqmy_world.changed()


EVENT_WORDS = {
    "采用": "adopted",
    "批示": "instructed",
    "审定通过": "approved",
    "退回修改": "returned",
    "不予上报": "rejected",
}
EVENT_COLUMNS = {
    "信息": ("标题",),
    "时间": ("日期",),
    "事件": ("类型",),
    "机构": ("采用机构",),
    "领导": ("批示领导",),
    "属性": (),
}


@library_step(
    "given",
    "有以下事件：",
    example="假如 有以下事件：\n  | 信息 | 时间 | 事件 | 机构 | 属性 |\n  | X | 2024-07-01 | 采用 | 全国政协 | 采用程度为 full |",
    theme=THEME,
)
def event_table(sqmy_world: World, datatable: Sequence[Sequence[object]]) -> None:
    """事件表：每行登记一件事，列为 信息、时间、事件（采用、批示、审定通过、退回修改、不予上报）、
    机构（采用的）、领导（批示的）、属性（如 采用程度为 full，多个用“，”分隔）。"""
    for row in rows(datatable, EVENT_COLUMNS, required=("信息", "时间", "事件"), what="事件表"):
        type_ = words.lookup(EVENT_WORDS, row["事件"], "事件", EVENT_WORDS.values())
        data: dict[str, object] = {}
        if type_ == "adopted":
            if blank(row.get("机构")):
                raise SpecError(f"事件表中“{row['信息']}”的采用没有写机构")
            data["body"] = words.body(row["机构"], sqmy_world.ruleset)
        if type_ == "instructed":
            if blank(row.get("领导")):
                raise SpecError(f"事件表中“{row['信息']}”的批示没有写领导")
            data["level"], data["rank"] = words.leader(row["领导"], sqmy_world.ruleset)
        attrs = None if blank(row.get("属性")) else row["属性"]
        sqmy_world.record(
            sqmy_world.piece(row["信息"]),
            type_,
            parse_when(row["时间"]),
            attributes=_attrs(sqmy_world, attrs, (type_, "event")) or None,
            **data,
        )


def _activity(sqmy_world: World, at: datetime, who: str, kind: str, attrs: str | None) -> None:
    person = sqmy_world.person(who)
    ident = f"a{len(sqmy_world.extras.activities) + 1}"
    sqmy_world.extras.activities.append(
        Activity(
            ident,
            person.id,
            _kind(sqmy_world.ruleset.vocabulary.activity_kinds, kind, "活动类别", "activity_kinds"),
            at,
            _attrs(sqmy_world, attrs, ("activity",)),
        )
    )
    sqmy_world.changed()


@library_step(
    "given",
    '[<时间>] <人员> 参加活动 "<活动>"[，<属性>]',
    example='当 2024年3月1日 委员甲 参加活动 "meeting"',
    theme=THEME,
)
def activity(
    sqmy_world: World, when: str | None, who: str, activity: str, attrs: str | None
) -> None:
    """登记一次履职活动（参加会议、调研、提案……），活动类别写规则集 [vocabulary] activity_kinds
    的编号或名称；可写属性，如 担任为 "lead"。"""
    _activity(sqmy_world, sqmy_world.when(when), who, activity, attrs)


@library_step(
    "given",
    '[<时间>] <人员> 参加 <数> 次活动 "<活动>"',
    example='当 2024年3月1日 委员甲 参加 3 次活动 "meeting"',
    theme=THEME,
)
def activities(sqmy_world: World, when: str | None, who: str, n: str, activity: str) -> None:
    """一次登记同一类别的多次活动（同一时刻）。"""
    at = sqmy_world.when(when)
    for _ in range(parse_int(n, "次数")):
        _activity(sqmy_world, at, who, activity, None)


@library_step(
    "given",
    '[<时间>] 办公室给予 <对象> <加减> <分值> 分，理由 "<理由>"[，依据 "<条款>"][，计入 "<分项>"]',
    example='当 2024年5月1日 办公室给予 委员甲 加 2 分，理由 "协助调研"，计入 "sqmy"',
    theme=THEME,
)
def adjustment(
    sqmy_world: World,
    when: str | None,
    who: str,
    sign: str,
    points: str,
    reason: str,
    clause: str | None,
    section: str | None,
) -> None:
    """办公室的加分或扣分决定（不与某篇信息相关），写明理由，可写依据的条款和计入的分项。
    规则集须有 [adjustments] count = true 才计分。"""
    try:
        kind, ident = sqmy_world.entity(who)
    except SpecError:  # a person first met here, written with a role word (委员甲)
        kind, ident = "person", sqmy_world.person(who).id
    value = parse_number(points, "分值")
    if sign != "加":
        value = -value
    sqmy_world.extras.adjustments.append(
        Adjustment(
            f"adj{len(sqmy_world.extras.adjustments) + 1}",
            value,
            sqmy_world.when(when),
            reason,
            "办公室",
            ident if kind == "person" else None,
            ident if kind == "unit" else None,
            clause,
            _section(sqmy_world.ruleset, section),
        )
    )
    sqmy_world.changed()


@library_step(
    "given",
    '[<时间>] 信息 "<信息>" 被认定 "<处罚>"[，责任人 <名单>]',
    example='当 2024年6月1日 信息 "X" 被认定 "plagiarism"',
    theme=THEME,
)
def penalized(
    sqmy_world: World, when: str | None, piece: str, penalty: str, names: str | None
) -> None:
    """登记处罚事件（如抄袭），类别写规则集 [vocabulary] penalty_kinds 的编号或名称；
    不写责任人的，由全部作者承担。"""
    pid = sqmy_world.piece(piece)
    kind = _kind(sqmy_world.ruleset.vocabulary.penalty_kinds, penalty, "处罚类别", "penalty_kinds")
    persons = tuple(sqmy_world.person(n).id for n in words.split_list(names)) if names else None
    sqmy_world.extras.penalties.append(
        Event(pid, "penalized", sqmy_world.when(when), kind=kind, persons=persons)
    )
    sqmy_world.changed()


@library_step(
    "given", "<人员> 于 <时间> 任职", example="假如 委员甲 于 2024年7月1日 任职", theme=THEME
)
def took_office(sqmy_world: World, who: str, when: str) -> None:
    """任职时间：此前的考核期间不考核（按规则集的 tenure 规定）。"""
    sqmy_world.replace_person(evolve(sqmy_world.person(who), since=parse_when(when)))


@library_step(
    "given", "<人员> 于 <时间> 离任", example="假如 委员甲 于 2024年10月1日 离任", theme=THEME
)
def left_office(sqmy_world: World, who: str, when: str) -> None:
    """离任时间（此刻起不再任职）。"""
    sqmy_world.replace_person(evolve(sqmy_world.person(who), until=parse_when(when)))
