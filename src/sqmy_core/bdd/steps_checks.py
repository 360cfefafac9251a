"""拒绝与状态：被拒绝的操作和提示、规则集报错、信息的状态和审级、可办理的操作、报送时限和逾期清单。"""

from __future__ import annotations

from collections.abc import Sequence

from sqmy_core.bdd import words
from sqmy_core.bdd.errors import SpecFailure
from sqmy_core.bdd.forms import consumes_refusal, library_step
from sqmy_core.bdd.numbers import format_when, parse_when
from sqmy_core.bdd.world import World
from sqmy_core.errors import PermissionDenied, SqmyError
from sqmy_core.i18n import noun
from sqmy_core.model import vocab
from sqmy_core.workflow import allowed_actions, current_stage, due_at, overdue_queue
from sqmy_core.workflow.permissions import status_phrase

THEME = "拒绝与状态"


# ---------------------------------------------------------------- refusals and errors


def _last_error(sqmy_world: World) -> SqmyError:
    error = sqmy_world.refusal
    if error is None:
        raise SpecFailure("上一步的操作应被拒绝，实际没有被拒绝（操作已办理）")
    return error


@library_step(
    "then",
    '操作被拒绝[（<拒绝类别>）][，提示包含 "<文字>"]',
    example='那么 操作被拒绝，提示包含 "尚未确认：文字关"',
    theme=THEME,
)
@consumes_refusal
def refused(sqmy_world: World, why: str | None, text: str | None) -> None:
    """上一步的操作被拒绝（什么也没有改变）；可检查类别：无权限（办理人没有这个权限）或 不允许（信息当前的状态或所填内容不允许）和提示中的文字。"""
    error = _last_error(sqmy_world)
    sqmy_world.refusal = None
    sqmy_world.error = error
    message = error.render()
    if why is not None:
        actual = "无权限" if isinstance(error, PermissionDenied) else "不允许"
        if actual != why:
            raise SpecFailure(f"操作被拒绝的类别应为“{why}”，实际为“{actual}”：{message}")
    if text is not None and text not in message:
        raise SpecFailure(f"拒绝的提示中应包含“{text}”，实际提示为：{message}")


@library_step(
    "then",
    '(提示|报错)[中]包含 "<文字>"',
    example='而且 提示包含 "只有角色 reviewer_deputy"',
    theme=THEME,
)
@consumes_refusal
def message_contains(sqmy_world: World, text: str) -> None:
    """再检查一次上一个拒绝或报错的提示中的文字。"""
    error = sqmy_world.error
    if error is None:
        raise SpecFailure("前面没有被拒绝的操作或报错，无从检查提示")
    if text not in error.render():
        raise SpecFailure(f"提示中应包含“{text}”，实际提示为：{error.render()}")


@library_step("then", "操作(成功|未被拒绝|被受理)", example="那么 操作成功", theme=THEME)
def accepted(sqmy_world: World) -> None:
    """上一步的操作办理成功（没有被拒绝）。"""
    if sqmy_world.refusal is not None:
        refusal, sqmy_world.refusal = sqmy_world.refusal, None
        raise SpecFailure(f"操作应办理成功，实际被拒绝：{refusal.render()}")


@library_step(
    "then",
    '规则集加载失败[，提示包含 "<文字>"]',
    example='那么 规则集加载失败，提示包含 "scoring.rules[0].points"',
    theme=THEME,
)
@consumes_refusal
def ruleset_failed(sqmy_world: World, text: str | None) -> None:
    """“加载规则集”一步失败了；可检查报错中的文字（报错写明文件、键的位置和应写的内容）。"""
    if sqmy_world.error is None:
        raise SpecFailure("规则集应加载失败，实际加载成功")
    if text is not None and text not in sqmy_world.error.render():
        raise SpecFailure(f"报错中应包含“{text}”，实际为：{sqmy_world.error.render()}")


# ---------------------------------------------------------------- state, menus, deadlines

STATUS_WORDS = {
    "审核中": "in_review",
    "专家联合复核中": "expert_review",
    "专家复核中": "expert_review",
    "已退回修改": "returned",
    "退回修改": "returned",
    "已不予上报": "rejected",
    "不予上报": "rejected",
    "已审定通过": "approved",
    "审定通过": "approved",
    "已受理": "accepted",
    "已撤回": "withdrawn",
}


@library_step(
    "then",
    '信息 "<信息>" 的状态(为|是) "<状态>"',
    example='那么 信息 "X" 的状态为 "已审定通过"',
    theme=THEME,
)
def status_is(sqmy_world: World, piece: str, status: str) -> None:
    """信息的当前状态：审核中、专家联合复核中、已退回修改、已不予上报、已审定通过、已撤回，
    或完整的说法如“在“复审（分管副主席）”审核中”。"""
    state = sqmy_world.state(sqmy_world.piece(piece))
    phrase = status_phrase(sqmy_world.ruleset, state).render()
    if status != phrase and STATUS_WORDS.get(status) != state.status:
        raise SpecFailure(f"信息“{piece}”的状态应为“{status}”，实际{phrase}")


@library_step(
    "then",
    '信息 "<信息>" [当前]在 "<审级>" [审核][中]',
    example='那么 信息 "X" 在 "复审（分管副主席）" 审核中',
    theme=THEME,
)
def stage_is(sqmy_world: World, piece: str, stage: str) -> None:
    """信息正在某一审级审核（写审级名称、名称的前半或编号）。"""
    state = sqmy_world.state(sqmy_world.piece(piece))
    spec = current_stage(sqmy_world.ruleset, state)
    names = {spec.id, spec.name, (spec.name or "").split("（")[0]} if spec else set()
    if state.status != "in_review" or stage not in names:
        raise SpecFailure(
            f"信息“{piece}”应在“{stage}”审核中，实际{status_phrase(sqmy_world.ruleset, state).render()}"
        )


def _action_names(codes: Sequence[str]) -> list[str]:
    return [noun(f"wf_action_{c}", "zh") for c in codes]


@library_step(
    "then",
    '<操作人> 对信息 "<信息>" 可以(进行|办理)的操作(为|是|有) <名单>',
    example='那么 复审人戊 对信息 "X" 可以进行的操作为 审核通过、退回修改、不予上报',
    theme=THEME,
)
def menu_is(sqmy_world: World, actor: str, piece: str, names: str) -> None:
    """某人此刻对信息可以办理的操作（OA 菜单）：审核通过、退回修改、不予上报、提请专家联合复核、
    出具专家联合复核意见、修改后重新提交、撤回、报送、登记采用、登记批示、登记办理结果；写“无”表示没有。"""
    state = sqmy_world.state(sqmy_world.piece(piece))
    actual = _action_names(allowed_actions(sqmy_world.ruleset, state, sqmy_world.person(actor)))
    want = [] if names.strip() in ("无", "没有") else words.split_list(names)
    if sorted(want) != sorted(actual):
        raise SpecFailure(
            f"{actor} 对信息“{piece}”可以办理的操作应为 {'、'.join(want) or '无'}，"
            f"实际为 {'、'.join(actual) or '无'}"
        )


@library_step(
    "then",
    "<时间> 逾期未报送的信息(为|是|有) <名单>",
    example='那么 2024年3月4日 09:00 逾期未报送的信息为 "X"',
    theme=THEME,
)
def queue_is(sqmy_world: World, when: str, names: str) -> None:
    """某一时刻办公室“逾期未报送”清单中的信息（审定通过后超过报送时限仍未按拟定方式报送的）。"""
    rs = sqmy_world.ruleset
    now = parse_when(when)
    states = [sqmy_world.state(p) for p in sqmy_world.streams]
    actual = sorted({item.piece for item in overdue_queue(rs, states, now)})
    want = (
        sorted(sqmy_world.piece(n) for n in words.split_list(names))
        if names.strip() != "无"
        else []
    )
    if want != actual:

        def show(ids: list[str]) -> str:
            return "、".join(f"“{sqmy_world.titles[i]}”" for i in ids) or "无"

        raise SpecFailure(
            f"{format_when(now)} 逾期未报送的信息应为 {show(want)}，实际为 {show(actual)}"
        )


@library_step(
    "then",
    "<时间> 没有逾期未报送的信息",
    example="那么 2024年3月3日 10:00 没有逾期未报送的信息",
    theme=THEME,
)
def queue_empty(sqmy_world: World, when: str) -> None:
    """某一时刻没有逾期未报送的信息。"""
    queue_is(sqmy_world, when, "无")


@library_step(
    "then",
    '信息 "<信息>" 以 <报送方式> [方式]报送的时限为 <时间>',
    example='那么 信息 "X" 以 直报 方式报送的时限为 2024年3月3日 10:00',
    theme=THEME,
)
def deadline_is(sqmy_world: World, piece: str, route: str, when: str) -> None:
    """审定通过后按某一报送方式报送的最后时刻（自审定通过时起算）。"""
    state = sqmy_world.state(sqmy_world.piece(piece))
    if state.approved_at is None:
        raise SpecFailure(f"信息“{piece}”尚未审定通过，没有报送时限")
    code = words.lookup(words.ROUTE_WORDS, route, "报送方式", vocab.ROUTES)
    due = due_at(sqmy_world.ruleset, state.approved_at, code)
    want = parse_when(when)
    if due != want:
        shown = format_when(due) if due else "不设时限"
        raise SpecFailure(
            f"信息“{piece}”以{route}报送的时限应为 {format_when(want)}，实际为 {shown}"
        )
