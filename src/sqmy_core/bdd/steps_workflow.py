"""审核流程：逐级审核、专家联合复核、修改后重新提交、撤回，以及工作人员的报送和登记。

这些步骤经工作流程（``sqmy_core.workflow``）办理，与 OA 系统中点按钮的效果相同：谁能办、
现在能不能办，都按规则集检查。被拒绝的操作不会改变任何东西；紧接着用
“那么 操作被拒绝，提示包含 "…"” 检查拒绝的理由。若没有检查，场景在下一步失败并给出理由。
"""

from __future__ import annotations

from sqmy_core.bdd import words
from sqmy_core.bdd.errors import SpecError
from sqmy_core.bdd.forms import library_step
from sqmy_core.bdd.world import World
from sqmy_core.model import vocab
from sqmy_core.workflow import commands

THEME = "审核流程"


@library_step(
    "given",
    '[<时间>] <操作人> 对信息 "<信息>" 作出 "<决定>" 决定[，确认 <把关>][，报送方式为 <报送方式列表>]',
    example='当 2024年3月2日 初审人丙 对信息 "X" 作出 "通过" 决定，确认五关',
    theme=THEME,
)
def review(
    sqmy_world: World,
    when: str | None,
    actor: str,
    piece: str,
    decision: str,
    checks: str | None,
    routes: str | None,
) -> None:
    """本级审核人作出决定：通过、退回修改、不予上报、提请专家联合复核。“确认五关”表示
    政治关、政策关、事实关、格式关、文字关都已确认，也可只列出已确认的几关；不写则一关都未确认。
    最后一级“通过”即审定通过，可同时写报送方式（直报、参阅件、转办函、编入刊物）。"""
    pid = sqmy_world.piece(piece)
    rs = sqmy_world.ruleset
    person = sqmy_world.person(actor)
    state = sqmy_world.state(pid)
    chosen = words.checks(checks, rs) if checks else []
    planned = [
        words.lookup(words.ROUTE_WORDS, r, "报送方式", vocab.ROUTES)
        for r in words.split_list(routes or "")
    ]
    code = words.lookup(words.DECISION_WORDS, decision, "审核决定", vocab.DECISIONS)
    at = sqmy_world.when(when)
    sqmy_world.command(
        pid,
        lambda: commands.review(
            rs, state, actor=person, decision=code, checks=chosen, now=at, routes=planned
        ),
    )


@library_step(
    "given",
    '[<时间>] <操作人> 对信息 "<信息>" 出具[专家联合]复核意见 "<意见>"',
    example='当 2024年3月4日 专家丁 对信息 "X" 出具专家联合复核意见 "数据属实"',
    theme=THEME,
)
def expert_opinion(
    sqmy_world: World, when: str | None, actor: str, piece: str, opinion: str
) -> None:
    """专家库成员对提请联合复核的信息出具意见，信息回到提请的那一级。"""
    pid, rs, person, state, at = sqmy_world.acting(piece, actor, when)
    sqmy_world.command(
        pid, lambda: commands.expert_opinion(rs, state, actor=person, opinion=opinion, now=at)
    )


@library_step(
    "given",
    '[<时间>] <操作人> 修改后重新提交信息 "<信息>"',
    example='当 2024年3月6日 委员甲 修改后重新提交信息 "X"',
    theme=THEME,
)
def resubmit(sqmy_world: World, when: str | None, actor: str, piece: str) -> None:
    """作者修改后重新提交被退回的信息（按规则集从第一级或原审级重新审核）。"""
    pid, rs, person, state, at = sqmy_world.acting(piece, actor, when)
    sqmy_world.command(pid, lambda: commands.resubmit(rs, state, actor=person, now=at))


@library_step(
    "given",
    '[<时间>] <操作人> 撤回信息 "<信息>"',
    example='当 2024年3月2日 委员甲 撤回信息 "X"',
    theme=THEME,
)
def withdraw(sqmy_world: World, when: str | None, actor: str, piece: str) -> None:
    """作者在审核作出决定前撤回信息；撤回的信息不参加考核。"""
    pid, rs, person, state, at = sqmy_world.acting(piece, actor, when)
    sqmy_world.command(pid, lambda: commands.withdraw(rs, state, actor=person, now=at))


@library_step(
    "given",
    '[<时间>] <操作人> 将信息 "<信息>" 以 <报送方式> [方式]报送[ <去向>]',
    example='当 2024年3月3日 10:00 工作人员丁 将信息 "X" 以 直报 方式报送 市政协',
    theme=THEME,
)
def staff_dispatch(
    sqmy_world: World, when: str | None, actor: str, piece: str, route: str, to: str | None
) -> None:
    """工作人员报送审定通过的信息（只有工作人员可以报送，且须已审定通过）。"""
    pid, rs, person, state, at = sqmy_world.acting(piece, actor, when)
    code = words.lookup(words.ROUTE_WORDS, route, "报送方式", vocab.ROUTES)
    sqmy_world.command(
        pid,
        lambda: commands.dispatch(
            rs, state, actor=person, route=code, now=at, to=to.strip() if to else None
        ),
    )


@library_step(
    "given",
    '[<时间>] <操作人> 登记信息 "<信息>" 被 <机构> 采用',
    example='当 2024年4月2日 工作人员丁 登记信息 "X" 被 市政协 采用',
    theme=THEME,
)
def staff_adoption(sqmy_world: World, when: str | None, actor: str, piece: str, body: str) -> None:
    """工作人员登记采用（须已审定通过）。"""
    pid, rs, person, state, at = sqmy_world.acting(piece, actor, when)
    code = words.body(body, sqmy_world.optional_ruleset())
    sqmy_world.command(
        pid, lambda: commands.record_adoption(rs, state, actor=person, body=code, now=at)
    )


@library_step(
    "given",
    '[<时间>] <操作人> 登记信息 "<信息>" (获|获得|得到) <领导> 批示',
    example='当 2024年4月10日 工作人员丁 登记信息 "X" 获 市级主要领导 批示',
    theme=THEME,
)
def staff_instruction(
    sqmy_world: World, when: str | None, actor: str, piece: str, leader: str
) -> None:
    """工作人员登记领导批示（须已审定通过）。"""
    pid, rs, person, state, at = sqmy_world.acting(piece, actor, when)
    level, rank = words.leader(leader, sqmy_world.optional_ruleset())
    if level is None:
        raise SpecError(f"批示领导“{leader}”没有写级别：请写如 国家级{leader}")
    sqmy_world.command(
        pid,
        lambda: commands.record_instruction(
            rs, state, actor=person, level=level, rank=rank, now=at
        ),
    )


@library_step(
    "given",
    '[<时间>] <操作人> 登记信息 "<信息>" [经 "<部门>" ]办理结果为 "<结果>"',
    example='当 2024年6月1日 工作人员丁 登记信息 "X" 经 "区住建局" 办理结果为 "落实并书面反馈"',
    theme=THEME,
)
def staff_handling(
    sqmy_world: World,
    when: str | None,
    actor: str,
    piece: str,
    department: str | None,
    outcome: str,
) -> None:
    """工作人员登记承办部门的办理结果（须已审定通过）。"""
    pid, rs, person, state, at = sqmy_world.acting(piece, actor, when)
    code = words.lookup(words.OUTCOME_WORDS, outcome, "办理结果", vocab.OUTCOMES)
    sqmy_world.command(
        pid,
        lambda: commands.record_handling(
            rs, state, actor=person, outcome=code, now=at, department=department
        ),
    )
