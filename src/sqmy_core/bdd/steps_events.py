"""事件：提交（经工作流程登记）、审定通过、退回、不予上报、报送、采用、批示、办理结果。

提交由工作流程的“来稿登记”完成（作者本人或工作人员提交）；其余各句是“登记一件已经发生的
事”，与 OA 系统导入数据的效果相同，不经审核流程（审核流程见“审核流程”一节）。
日期可省略：省略时按“考核年度”的 3 月 1 日起依次排列。
"""

from __future__ import annotations

from sqmy_core.bdd import words
from sqmy_core.bdd.errors import SpecError
from sqmy_core.bdd.forms import library_step
from sqmy_core.bdd.numbers import parse_int
from sqmy_core.bdd.world import World
from sqmy_core.model import Person, vocab

THEME = "事件"


def _authors(sqmy_world: World, text: str) -> list[Person]:
    names = words.split_list(text.removesuffix("联名"))
    if not names:
        raise SpecError(
            '没有写作者：请写如 委员甲 提交信息 "X"，联名的写 委员甲、委员乙 联名提交信息 "X"'
        )
    return [sqmy_world.person(n) for n in names]


def _submit(
    sqmy_world: World,
    *,
    when: str | None,
    authors: list[Person],
    actor: Person,
    title: str,
    unit: str | None,
    call: str | None,
) -> str | None:
    return sqmy_world.submit(
        title=title,
        authors=authors,
        actor=actor,
        at=sqmy_world.when(when),
        unit=sqmy_world.unit(unit).id if unit else None,
        call=sqmy_world.call(call).id if call else None,
    )


_SUBMIT_TAIL = '[以 "<单位>" [的]名义] [应[约稿] "<约稿>"] [联名]提交[了]信息 "<标题>"'


@library_step(
    "given",
    "[<时间>] <作者> " + _SUBMIT_TAIL,
    example='当 2024年3月1日 委员甲、委员乙 以 "经济界" 名义提交信息 "关于老旧小区改造的建议"',
    theme=THEME,
)
def submit(
    sqmy_world: World,
    when: str | None,
    authors: str,
    title: str,
    unit: str | None,
    call: str | None,
) -> None:
    """作者提交一篇信息（来稿登记）。多位作者用“、”分隔，第一作者在前；可写报送单位
    （以 "单位" 名义）和约稿（应约稿 "约稿"）。由第一作者提交；被拒绝时用“那么 操作被拒绝”检查。"""
    people = _authors(sqmy_world, authors)
    _submit(
        sqmy_world, when=when, authors=people, actor=people[0], title=title, unit=unit, call=call
    )


@library_step(
    "given",
    "[<时间>] <操作人> 代 <作者> " + _SUBMIT_TAIL,
    example='当 2024年3月1日 工作人员丙 代 委员甲 提交信息 "X"',
    theme=THEME,
)
def submit_for(
    sqmy_world: World,
    when: str | None,
    actor: str,
    authors: str,
    title: str,
    unit: str | None,
    call: str | None,
) -> None:
    """工作人员代作者登记来稿（只有作者本人或工作人员可以提交）。"""
    people = _authors(sqmy_world, authors)
    _submit(
        sqmy_world,
        when=when,
        authors=people,
        actor=sqmy_world.person(actor),
        title=title,
        unit=unit,
        call=call,
    )


def _bulk(
    sqmy_world: World, when: str | None, authors: str, unit: str | None, n: str, approved: bool
) -> None:
    people = _authors(sqmy_world, authors)
    at = sqmy_world.when(when)
    unit_id = sqmy_world.unit(unit).id if unit else None
    prefix = (unit or "、".join(p.name for p in people)) + "的信息"
    start = sum(1 for t in sqmy_world.titles.values() if t.startswith(prefix))
    for i in range(parse_int(n, "篇数")):
        title = f"{prefix}{start + i + 1}"
        pid = sqmy_world.submit(title=title, authors=people, actor=people[0], at=at, unit=unit_id)
        if pid is None:
            return
        if approved:
            sqmy_world.record(pid, "approved", at)


@library_step(
    "given",
    '[<时间>] <作者> [以 "<单位>" [的]名义]提交[了] <数> 篇信息',
    example='假如 2024年3月1日 委员甲 以 "经济界" 名义提交 12 篇信息',
    theme=THEME,
)
def submit_many(
    sqmy_world: World, when: str | None, authors: str, unit: str | None, n: str
) -> None:
    """一次提交多篇信息（只提交，不审定）。标题自动编为“甲的信息1”“甲的信息2”……；
    以单位名义的编为“经济界的信息1”……，后面的步骤可用这些标题。"""
    _bulk(sqmy_world, when, authors, unit, n, approved=False)


@library_step(
    "given",
    '[<时间>] <作者> [以 "<单位>" [的]名义]有 <数> 篇信息审定通过',
    example="假如 2024年3月5日 特约信息员乙 有 5 篇信息审定通过",
    theme=THEME,
)
def approved_many(
    sqmy_world: World, when: str | None, authors: str, unit: str | None, n: str
) -> None:
    """多篇信息在同一时刻提交并审定通过（登记结果，不经审核流程）；标题编法同上。"""
    _bulk(sqmy_world, when, authors, unit, n, approved=True)


@library_step(
    "given",
    '[<时间>] 信息 "<信息>" 审定通过',
    example='而且 2024年3月5日 信息 "X" 审定通过',
    theme=THEME,
)
def approved(sqmy_world: World, when: str | None, piece: str) -> None:
    """登记审定通过（如 OA 系统导入的结果；逐级审核见“审核流程”）。"""
    sqmy_world.record(sqmy_world.piece(piece), "approved", sqmy_world.when(when))


@library_step(
    "given",
    '[<时间>] 信息 "<信息>" 被退回修改',
    example='而且 2024年3月2日 信息 "X" 被退回修改',
    theme=THEME,
)
def returned(sqmy_world: World, when: str | None, piece: str) -> None:
    """登记退回修改（不经审核流程）。"""
    sqmy_world.record(sqmy_world.piece(piece), "returned", sqmy_world.when(when))


@library_step(
    "given",
    '[<时间>] 信息 "<信息>" (不予上报|不予采编)',
    example='而且 2024年3月2日 信息 "X" 不予上报',
    theme=THEME,
)
def rejected(sqmy_world: World, when: str | None, piece: str) -> None:
    """登记不予上报（不予采编）。"""
    sqmy_world.record(sqmy_world.piece(piece), "rejected", sqmy_world.when(when))


@library_step(
    "given",
    '[<时间>] 信息 "<信息>" 以 <报送方式> [方式]报送[ <去向>]',
    example='而且 2024年3月3日 10:00 信息 "X" 以 直报 方式报送 市政协',
    theme=THEME,
)
def dispatched(sqmy_world: World, when: str | None, piece: str, route: str, to: str | None) -> None:
    """登记报送：报送方式为 直报、参阅件、转办函、编入刊物；可写去向。"""
    sqmy_world.record(
        sqmy_world.piece(piece),
        "dispatched",
        sqmy_world.when(when),
        route=words.lookup(words.ROUTE_WORDS, route, "报送方式", vocab.ROUTES),
        to=to.strip() if to else None,
    )


@library_step(
    "given",
    '[<时间>] 信息 "<信息>" 被 <机构> 采用',
    example='而且 2024年4月2日 信息 "X" 被 市政协 采用',
    theme=THEME,
)
def adopted(sqmy_world: World, when: str | None, piece: str, body: str) -> None:
    """登记采用。机构写 区政协（含区政协《社情民意》）、市政协、省政协、全国政协、民建市委、
    民建中央、省委办公厅 等。"""
    sqmy_world.record(
        sqmy_world.piece(piece),
        "adopted",
        sqmy_world.when(when),
        body=words.body(body, sqmy_world.optional_ruleset()),
    )


@library_step(
    "given",
    "[<时间>] <人员> 的信息被 <机构> 采用",
    example="假如 委员甲 的信息被市政协采用",
    theme=THEME,
)
def adopted_new(sqmy_world: World, when: str | None, who: str, body: str) -> None:
    """简写：某人提交一篇新信息，并被某机构采用（不审定）。"""
    person = sqmy_world.person(who)
    at = sqmy_world.when(when)
    n = sum(1 for t in sqmy_world.titles.values() if t.startswith(f"{person.name}的信息")) + 1
    pid = sqmy_world.submit(title=f"{person.name}的信息{n}", authors=[person], actor=person, at=at)
    if pid is not None:
        sqmy_world.record(
            pid,
            "adopted",
            at if when else sqmy_world.when(None),
            body=words.body(body, sqmy_world.optional_ruleset()),
        )


@library_step(
    "given",
    '[<时间>] 信息 "<信息>" (获|获得|得到) <领导> 批示',
    example='而且 2024年4月10日 信息 "X" 获 市级主要领导 批示',
    theme=THEME,
)
def instructed(sqmy_world: World, when: str | None, piece: str, leader: str) -> None:
    """登记领导批示。领导写 区级领导、市级领导、市级主要领导、省级分管领导、省部级领导、国家级领导；
    不写“主要”的按分管领导计。"""
    level, rank = words.leader(leader, sqmy_world.optional_ruleset())
    sqmy_world.record(
        sqmy_world.piece(piece), "instructed", sqmy_world.when(when), level=level, rank=rank
    )


@library_step(
    "given",
    '[<时间>] 信息 "<信息>" [经 "<部门>" ]办理结果为 "<结果>"',
    example='而且 2024年6月1日 信息 "X" 经 "区住建局" 办理结果为 "落实并书面反馈"',
    theme=THEME,
)
def handled(
    sqmy_world: World, when: str | None, piece: str, department: str | None, outcome: str
) -> None:
    """登记承办部门的办理结果：落实并书面反馈、列入研究、不予采纳。"""
    sqmy_world.record(
        sqmy_world.piece(piece),
        "handled",
        sqmy_world.when(when),
        outcome=words.lookup(words.OUTCOME_WORDS, outcome, "办理结果", vocab.OUTCOMES),
        department=department,
    )
