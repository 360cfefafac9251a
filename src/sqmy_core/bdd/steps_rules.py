"""规则集的规定：通报和提醒的安排。

这几句核对规则集登记的通报（亮晒）和提醒安排与办法的条文一致。提醒实际发给谁、哪一天发，
用“通知与提醒”中的步骤核对（当 2024年3月31日 发送当日提醒 / 那么 委员 乙 收到任务提醒）；
通报中的各项数字（提交数、采用率、逾期报送等）用“考核结果”“总表与范围”中的步骤核对。
"""

from __future__ import annotations

from sqmy_core.bdd import words
from sqmy_core.bdd.errors import SpecFailure
from sqmy_core.bdd.forms import library_step
from sqmy_core.bdd.numbers import parse_int
from sqmy_core.bdd.world import World
from sqmy_core.model import vocab
from sqmy_core.rules.spec import BulletinSpec, ReminderSpec

THEME = "规则集的规定"

EVERY = {"月": "month", "季度": "quarter", "年": "year"}
EVERY_NAMES = {v: k for k, v in EVERY.items()}
COVERS = {
    "本月": "current",
    "本季度": "current",
    "本年度": "current",
    "本年": "current",
    "上月": "previous",
    "上一个月": "previous",
    "上季度": "previous",
    "上一季度": "previous",
}
ON = {
    "第一天": "first_day",
    "第一个工作日": "first_working_day",
    "最后一天": "last_day",
    "最后一个工作日": "last_working_day",
}
ON_NAMES = {v: k for k, v in ON.items()}
ENTITY_WORDS = {
    "个人": "person",
    "人员": "person",
    "委员": "person",
    "单位": "unit",
    "组织": "unit",
    "各单位": "unit",
    "各组织": "unit",
}
RATE_WORDS = {"采用率": "adoption_rate", "批示率": "instruction_rate"}
OVERDUE_WORDS = ("逾期报送的信息", "逾期报送")


def _bulletin_text(b: BulletinSpec) -> str:
    items = [vocab.METRIC_NAMES.get(m, m) for m in b.metrics]
    items += [k for k, v in RATE_WORDS.items() if v in b.rates]
    if b.include_overdue:
        items.append("逾期报送的信息")
    who = "和".join("个人" if e == "person" else "单位" for e in b.entities)
    period = ("上一" if b.covers == "previous" else "本") + EVERY_NAMES[b.every]
    return f"“{b.label or b.id}”每{EVERY_NAMES[b.every]}通报{period}{who}的 {'、'.join(items)}"


@library_step(
    "then",
    "规则集规定每<周期>通报[<期间>]<通报对象>的 <名单>",
    example="那么 规则集规定每季度通报本季度单位和个人的 提交、审定通过、采用、批示、落实反馈、采用率、批示率、逾期报送的信息",
    theme=THEME,
)
def bulletin_is(
    sqmy_world: World, every: str, covers: str | None, entities: str, names: str
) -> None:
    """规则集设有这样的通报（亮晒）：周期（月、季度、年）、所涉期间（本期或上一期）、对象（个人、单位）
    和内容（各项篇数、采用率、批示率、逾期报送的信息），内容不多不少。"""
    want_metrics: set[str] = set()
    want_rates: set[str] = set()
    overdue = False
    for item in words.split_list(names):
        if item in RATE_WORDS:
            want_rates.add(RATE_WORDS[item])
        elif item in OVERDUE_WORDS:
            overdue = True
        else:
            want_metrics.add(words.lookup(words.METRIC_WORDS, item, "通报项目", vocab.METRICS))
    want_entities = {
        words.lookup(ENTITY_WORDS, e, "通报对象")
        for e in words.split_list(entities.replace("和", "、"))
    }
    for b in sqmy_world.ruleset.bulletins:
        if (
            b.every == EVERY[every]
            and (covers is None or b.covers == COVERS[covers])
            and set(b.entities) == want_entities
            and set(b.metrics) == want_metrics
            and set(b.rates) == want_rates
            and b.include_overdue == overdue
        ):
            return
    have = "；".join(_bulletin_text(b) for b in sqmy_world.ruleset.bulletins) or "没有任何通报"
    raise SpecFailure(f"规则集中没有这样的通报。规则集中的通报为：{have}")


def _reminder_text(sqmy_world: World, r: ReminderSpec) -> str:
    if r.about == "call_due":
        return f"“{r.label or r.id}”：约稿截止前 {r.days_before} 日提醒"
    start = f"自 {r.from_month} 月起" if r.from_month != 1 else ""
    quotas = [q.label or q.id for q in sqmy_world.ruleset.quotas if q.id in (r.quotas or ())]
    every = EVERY_NAMES.get(r.every or "", "?")
    return f"“{r.label or r.id}”：{start}每{every}的{ON_NAMES[r.on]}提醒未完成 {'、'.join(quotas)}"


@library_step(
    "then",
    "规则集规定[自 <数> 月起]每<周期>的<时机>提醒未完成任务指标的 <名单>",
    example="那么 规则集规定自 7 月起每月的第一个工作日提醒未完成任务指标的 委员、特邀信息员",
    theme=THEME,
)
def quota_reminder_is(sqmy_world: World, n: str | None, every: str, on: str, names: str) -> None:
    """规则集设有任务指标提醒：从几月起、每月或每季度的哪一天，提醒哪些身份（其任务指标未完成的）。"""
    rs = sqmy_world.ruleset
    role_table = words.role_words(rs)
    want_roles = {
        words.lookup(role_table, w, "身份", vocab.BUILTIN_ROLES) for w in words.split_list(names)
    }
    start = parse_int(n, "月份") if n else 1
    for r in rs.reminders:
        if r.about != "quota" or r.every != EVERY[every] or r.on != ON[on] or r.from_month != start:
            continue
        roles = {role for q in rs.quotas if q.id in (r.quotas or ()) for role in (q.roles or ())}
        if roles == want_roles:
            return
    have = "；".join(_reminder_text(sqmy_world, r) for r in rs.reminders) or "没有任何提醒"
    raise SpecFailure(f"规则集中没有这样的提醒。规则集中的提醒为：{have}")


@library_step(
    "then",
    "规则集规定定向约稿截止前 <数> 日提醒未提交的被约作者",
    example="那么 规则集规定定向约稿截止前 7 日提醒未提交的被约作者",
    theme=THEME,
)
def call_reminder_is(sqmy_world: World, n: str) -> None:
    """规则集设有定向约稿（commission）截止提醒：截止前几日提醒尚未提交的被约作者。"""
    days = parse_int(n, "天数")
    rs = sqmy_world.ruleset
    for r in rs.reminders:
        if r.about == "call_due" and r.days_before == days and "commission" in (r.call_kinds or ()):
            return
    have = "；".join(_reminder_text(sqmy_world, r) for r in rs.reminders) or "没有任何提醒"
    raise SpecFailure(f"规则集中没有“截止前 {days} 日”的定向约稿提醒。规则集中的提醒为：{have}")
