"""通知与提醒：每日提醒（任务指标、定向约稿截止、逾期未报送）和各步骤引起的通知（待审、反馈）。

按规则集的 [[reminders]] 和 [[notifications]] 算出谁收到什么，与 OA 系统中的每日运行
（``Workspace.remind``）和写入事件时排入发件箱的通知相同（``sqmy_core.workflow.notices``）：

- “当 2024年3月31日 发送当日提醒”是这一天的每日运行：只看到该时刻为止的记录（只写日期的为当日 0 时），
  向尚未完成任务指标的人、约稿临近截止仍未提交的被约作者发提醒，向工作人员发逾期未报送的通知；
  同一条只发一次（同一天再运行不再发）。“收到任务提醒”“收到约稿截止提醒”“收到逾期通知”
  “没有收到提醒”“收到提醒的是”等句检查 **最近一次** 发送（一天，或“至”连续几天）发出的。
- 提交、审核、登记采用等各步骤引起的通知（稿件到达某一审级告知该级审核人，采用、批示、退回等告知作者）
  随事件发出；“收到通知”“收到待审通知”检查场景开始以来的 **全部** 通知（“收到通知”也包括各次提醒）。
"""

from __future__ import annotations

from datetime import timedelta

from sqmy_core.bdd import mailbox, words
from sqmy_core.bdd.errors import SpecError, SpecFailure
from sqmy_core.bdd.forms import library_step
from sqmy_core.bdd.numbers import parse_int, parse_when
from sqmy_core.bdd.world import World

THEME = "通知与提醒"

MAX_DAYS = 400


# ---------------------------------------------------------------- sending


@library_step(
    "given",
    "<时间> (发送|发出)当日[的]提醒",
    example="当 2024年3月31日 发送当日提醒",
    theme=THEME,
)
def remind_day(sqmy_world: World, when: str) -> None:
    """这一天的每日运行（OA 系统每天运行一次）：按规则集的提醒安排，向尚未完成任务指标的人发任务提醒，
    向约稿截止前若干日仍未提交的被约作者发约稿截止提醒，并向工作人员发逾期未报送的通知。
    只看到该时刻为止的记录（只写日期的为当日 0 时）；已经发过的不再发。"""
    mailbox.keep(sqmy_world, mailbox.run(sqmy_world, parse_when(when)))


@library_step(
    "given",
    "<时间> 至 <时间2> 每日(发送|发出)当日[的]提醒",
    example="当 2024年6月1日 至 2024年9月30日 每日发送当日提醒",
    theme=THEME,
)
def remind_days(sqmy_world: World, when: str, when2: str) -> None:
    """从前一日到后一日（含）每天同一时刻运行一次，用于检查哪些日子发了提醒。"""
    start, end = parse_when(when), parse_when(when2)
    days = (end.date() - start.date()).days
    if days < 0 or days > MAX_DAYS:
        raise SpecError(f"“{when} 至 {when2}”：后一日应不早于前一日，且相隔不超过 {MAX_DAYS} 天")
    sent: mailbox.Sent = []
    for i in range(days + 1):
        sent += mailbox.run(sqmy_world, start + timedelta(days=i))
    mailbox.keep(sqmy_world, sent)


# ---------------------------------------------------------------- reminders (latest run)


@library_step(
    "then",
    '<收件人> 收到任务提醒[ "<任务指标>"][，已完成 <数> 篇]',
    example="那么 委员 乙 收到任务提醒“委员每年至少 1 篇审定通过”，已完成 0 篇",
    theme=THEME,
)
def quota_reminded(sqmy_world: World, who: str, quota: str | None, n: str | None) -> None:
    """最近一次发送中，此人收到尚未完成任务指标的提醒；可写明是哪项指标（规则集中的名称），
    以及提醒中写的已完成篇数。"""
    person = mailbox.recipient(sqmy_world, who)
    sent = mailbox.last(sqmy_world)
    got = mailbox.to(person, sent, ("quota",))
    label = ""
    if quota is not None:
        q = mailbox.quota(sqmy_world, quota)
        label = f"“{q.label or q.id}”"
        got = [(d, x) for d, x in got if x.data.get("quota") == q.id]
    if not got:
        raise SpecFailure(
            f"{person.name} 应收到任务提醒{label}，实际没有。"
            f"{mailbox.shown(sqmy_world, sent, mailbox.REMINDERS)}"
        )
    if n is not None:
        text = f"已完成 {parse_int(n, '篇数')} 篇"
        if not any(text in x.subject or text in x.body for _, x in got):
            actual = "；".join(x.body for _, x in got)
            raise SpecFailure(f"{person.name} 的任务提醒应写明“{text}”，实际为：{actual}")


@library_step(
    "then",
    '<收件人> 收到约稿截止提醒[ "<约稿>"]',
    example="那么 被约作者 甲 收到约稿截止提醒“乡村振兴约稿”",
    theme=THEME,
)
def call_reminded(sqmy_world: World, who: str, call: str | None) -> None:
    """最近一次发送中，此人（被约作者）收到定向约稿临近截止、尚未提交的提醒；可写明是哪个约稿。"""
    person = mailbox.recipient(sqmy_world, who)
    sent = mailbox.last(sqmy_world)
    got = mailbox.to(person, sent, ("call_due",))
    label = ""
    if call is not None:
        c = sqmy_world.call(call)
        label = f"“{c.title}”"
        got = [(d, x) for d, x in got if x.data.get("call") == c.id]
    if not got:
        raise SpecFailure(
            f"{person.name} 应收到约稿{label}的截止提醒，实际没有。"
            f"{mailbox.shown(sqmy_world, sent, mailbox.REMINDERS)}"
        )


@library_step("then", "<收件人> 没有收到提醒", example="而且 甲 没有收到提醒", theme=THEME)
def not_reminded(sqmy_world: World, who: str) -> None:
    """最近一次发送中，此人没有收到任何提醒（任务提醒、约稿截止提醒）。"""
    person = mailbox.recipient(sqmy_world, who)
    got = mailbox.to(person, mailbox.last(sqmy_world), mailbox.REMINDERS)
    if got:
        raise SpecFailure(f"{person.name} 不应收到提醒，实际{mailbox.shown(sqmy_world, got)}")


@library_step(
    "then",
    '<收件人> 没有收到任务提醒[ "<任务指标>"]',
    example="而且 戊 没有收到任务提醒“委员每年至少 1 篇审定通过”",
    theme=THEME,
)
def not_quota_reminded(sqmy_world: World, who: str, quota: str | None) -> None:
    """最近一次发送中，此人没有收到任务提醒；写明指标的，只看这项指标（同时有两种身份的人
    可能只就其中一项收到提醒）。"""
    person = mailbox.recipient(sqmy_world, who)
    got = mailbox.to(person, mailbox.last(sqmy_world), ("quota",))
    label = ""
    if quota is not None:
        q = mailbox.quota(sqmy_world, quota)
        label = f"“{q.label or q.id}”"
        got = [(d, x) for d, x in got if x.data.get("quota") == q.id]
    if got:
        raise SpecFailure(
            f"{person.name} 不应收到任务提醒{label}，实际{mailbox.shown(sqmy_world, got)}"
        )


@library_step("then", "没有人收到提醒", example="那么 没有人收到提醒", theme=THEME)
def nobody_reminded(sqmy_world: World) -> None:
    """最近一次发送没有发出任何提醒（任务提醒、约稿截止提醒）。"""
    sent = mailbox.last(sqmy_world)
    if any(n.kind in mailbox.REMINDERS for _, n in sent):
        raise SpecFailure(
            f"不应有人收到提醒，实际{mailbox.shown(sqmy_world, sent, mailbox.REMINDERS)}"
        )


@library_step(
    "then",
    "收到提醒的(是|为) <名单>",
    example="那么 收到提醒的是 乙、丁、戊",
    theme=THEME,
)
def reminded_are(sqmy_world: World, names: str) -> None:
    """最近一次发送中收到提醒（任务提醒、约稿截止提醒）的人，不多不少。"""
    want = {mailbox.recipient(sqmy_world, n).id for n in words.split_list(names)}
    sent = mailbox.last(sqmy_world)
    actual = {p for _, n in sent if n.kind in mailbox.REMINDERS for p in n.recipients}
    if want != actual:
        order = list(sqmy_world.people)
        raise SpecFailure(
            f"收到提醒的应为 {mailbox.names(sqmy_world, sorted(want, key=order.index))}，"
            f"实际为 {mailbox.names(sqmy_world, sorted(actual, key=order.index)) or '无人'}。"
            f"{mailbox.shown(sqmy_world, sent, mailbox.REMINDERS)}"
        )


@library_step(
    "then",
    "<收件人> 收到提醒的日期为 <名单>",
    example="那么 丁 收到提醒的日期为 2024年7月1日、2024年8月1日、2024年9月2日",
    theme=THEME,
)
def reminder_dates(sqmy_world: World, who: str, names: str) -> None:
    """最近一次发送（通常是“至”连续几天）中，此人收到提醒（任务提醒、约稿截止提醒）的日期，不多不少。"""
    person = mailbox.recipient(sqmy_world, who)
    want = sorted({parse_when(d).date() for d in words.split_list(names)})
    got = mailbox.to(person, mailbox.last(sqmy_world), mailbox.REMINDERS)
    actual = sorted({d for d, _ in got})
    if want != actual:
        shown = "、".join(map(mailbox.day_text, actual)) or "没有收到"
        raise SpecFailure(
            f"{person.name} 收到提醒的日期应为 {'、'.join(map(mailbox.day_text, want))}，"
            f"实际为 {shown}"
        )


@library_step(
    "then",
    '<收件人> 收到逾期通知[ "<信息>"]',
    example='那么 工作人员 庚 收到逾期通知 "待报的稿"',
    theme=THEME,
)
def overdue_notified(sqmy_world: World, who: str, piece: str | None) -> None:
    """最近一次发送中，此人（通常是工作人员）收到审定通过后超过报送时限仍未报送的通知。"""
    person = mailbox.recipient(sqmy_world, who)
    sent = mailbox.last(sqmy_world)
    got = mailbox.to(person, sent, ("overdue",))
    if piece is not None:
        pid = sqmy_world.piece(piece)
        got = [(d, n) for d, n in got if n.piece == pid]
    if not got:
        which = f"“{piece}”的" if piece else ""
        raise SpecFailure(
            f"{person.name} 应收到{which}逾期通知，实际没有。{mailbox.shown(sqmy_world, sent)}"
        )


@library_step(
    "then",
    '<收件人> 没有收到逾期通知[ "<信息>"]',
    example='那么 庚 没有收到逾期通知 "待报的稿"',
    theme=THEME,
)
def not_overdue_notified(sqmy_world: World, who: str, piece: str | None) -> None:
    """最近一次发送中，此人没有收到（这篇信息的）逾期通知。"""
    person = mailbox.recipient(sqmy_world, who)
    got = mailbox.to(person, mailbox.last(sqmy_world), ("overdue",))
    if piece is not None:
        pid = sqmy_world.piece(piece)
        got = [(d, n) for d, n in got if n.piece == pid]
    if got:
        raise SpecFailure(f"{person.name} 不应收到逾期通知，实际{mailbox.shown(sqmy_world, got)}")


# ---------------------------------------------------------------- notices (all so far)


@library_step(
    "then",
    '<收件人> 收到通知 "<文字>"',
    example="那么 作者 甲 收到通知“被市政协采用”",
    theme=THEME,
)
def notified(sqmy_world: World, who: str, text: str) -> None:
    """场景开始以来，此人收到过标题或正文含这段文字的通知（采用、批示、办理、退回修改等反馈，
    待审通知，以及各次提醒）。"""
    person = mailbox.recipient(sqmy_world, who)
    mine = mailbox.all_to(sqmy_world, person)
    if not any(text in n.subject or text in n.body for n in mine):
        raise SpecFailure(
            f"{person.name} 应收到含“{text}”的通知，实际收到：{mailbox.subjects(mine)}"
        )


@library_step(
    "then",
    '<收件人> 没有收到通知[ "<文字>"]',
    example="而且 工作人员 己 没有收到通知“被市政协采用”",
    theme=THEME,
)
def not_notified(sqmy_world: World, who: str, text: str | None) -> None:
    """场景开始以来，此人没有收到过（含这段文字的）通知。"""
    person = mailbox.recipient(sqmy_world, who)
    mine = [
        n
        for n in mailbox.all_to(sqmy_world, person)
        if text is None or text in n.subject or text in n.body
    ]
    if mine:
        raise SpecFailure(f"{person.name} 不应收到这样的通知，实际收到：{mailbox.subjects(mine)}")


@library_step(
    "then",
    '<收件人> 收到待审通知[ "<信息>"]',
    example='那么 审核人 丙 收到待审通知 "关于老旧小区加装电梯的建议"',
    theme=THEME,
)
def review_notified(sqmy_world: World, who: str, piece: str | None) -> None:
    """场景开始以来，此人收到过（这篇信息）到达其审级、请其审核的通知。稿件到达某一审级时，
    告知具有该审级角色的人，但不告知该稿的作者（含联名作者）。"""
    person = mailbox.recipient(sqmy_world, who)
    if not mailbox.review_notices(sqmy_world, person, piece):
        which = f"“{piece}”的" if piece else ""
        mine = mailbox.all_to(sqmy_world, person)
        raise SpecFailure(
            f"{person.name} 应收到{which}待审通知，实际收到：{mailbox.subjects(mine)}"
        )


@library_step(
    "then",
    '<收件人> 没有收到待审通知[ "<信息>"]',
    example='而且 辛 没有收到待审通知 "联名稿"',
    theme=THEME,
)
def not_review_notified(sqmy_world: World, who: str, piece: str | None) -> None:
    """场景开始以来，此人没有收到过（这篇信息的）待审通知。"""
    person = mailbox.recipient(sqmy_world, who)
    got = mailbox.review_notices(sqmy_world, person, piece)
    if got:
        raise SpecFailure(f"{person.name} 不应收到待审通知，实际收到：{mailbox.subjects(got)}")
