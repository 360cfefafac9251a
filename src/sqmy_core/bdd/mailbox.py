"""What the people of a scenario were sent: daily runs, notices caused by events, lookups.

The daily run (:func:`run`) computes what :func:`sqmy_core.workspace.outbox.remind`
queues (the same :func:`~sqmy_core.workflow.notices.daily_notifications`) on the
world's records as they stood at that moment: the ruleset's reminders (quotas
behind, commissions coming due, in scope as the Workspace decides) and the
overdue-dispatch notices, each key sent once.  Notices caused by events
(:func:`event_notices`) are replayed from the world's appends, one batch per
step, exactly as the Workspace queues them when it writes the events; the
people are those the scenario knows when the check runs.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqmy_core.bdd.errors import SpecError
from sqmy_core.bdd.world import World
from sqmy_core.model import Person
from sqmy_core.rules.spec import QuotaSpec
from sqmy_core.scoring.clock import YearClock
from sqmy_core.storage import NewEvent, Notification
from sqmy_core.workflow import PieceState, fold, notices

REMINDERS = ("quota", "call_due")
"""The kinds the ruleset's [[reminders]] send (“提醒”); ``overdue`` is a notice of the daily run."""

TITLES = {
    "被约作者": "assignee",
    "第一作者": "author",
    "联名作者": "author",
    "作者": "author",
    "审核人": "reviewer",
    "收件人": "",
}
"""Words a spec may put before a recipient's name; all but 收件人 are checked."""

Sent = list[tuple[date, Notification]]
"""What a run sent: the local day and the notification."""


# ---------------------------------------------------------------- sending


def run(world: World, now: datetime) -> Sent:
    """One daily run at ``now`` on the records as they stood then; only what was not sent before."""
    rs = world.ruleset
    states: dict[str, PieceState] = {}
    for pid, stream in world.streams.items():
        seen = [e for e in stream if e.at <= now]
        if seen and seen[0].type == "submitted":
            states[pid] = fold(rs, seen)
    notes = notices.daily_notifications(rs, world.dataset(until=now), states, now)
    day = YearClock(rs.year).local(now).date()
    new: Sent = []
    for note in notes:
        if note.key not in world.reminder_keys:
            world.reminder_keys.add(note.key)
            new.append((day, note))
    return new


def keep(world: World, sent: Sent) -> None:
    """Record a sending step: the latest one, and everything sent so far."""
    world.last_run = sent
    world.reminded += sent


def event_notices(world: World) -> list[Notification]:
    """Every notification the scenario's events caused, step by step, as a Workspace queues them."""
    rs = world.ruleset
    people = list(world.people.values())
    out: list[Notification] = []
    for piece, start, end in world.batches:
        stream = world.streams[piece]
        before = fold(rs, stream[:start]) if start else None
        after = fold(rs, stream[:end])
        events = [NewEvent(e.type, e.at, e.actor, e.data) for e in stream[start:end]]
        out += notices.event_notifications(rs, before, after, events, end, people)
    return out


# ---------------------------------------------------------------- looking up


def last(world: World) -> Sent:
    """What the latest sending step sent."""
    if world.last_run is None:
        raise SpecError(
            "还没有发送提醒：请先写 当 2024年3月31日 发送当日提醒"
            "（或 当 2024年6月1日 至 2024年9月30日 每日发送当日提醒）"
        )
    return world.last_run


def to(person: Person, sent: Sent, kinds: tuple[str, ...]) -> Sent:
    return [(d, n) for d, n in sent if n.kind in kinds and person.id in n.recipients]


def all_to(world: World, person: Person) -> list[Notification]:
    """Everything the person was sent in the scenario: notices of events, then of the runs."""
    mine = [n for n in event_notices(world) if person.id in n.recipients]
    return mine + [n for _, n in world.reminded if person.id in n.recipients]


def review_notices(world: World, person: Person, piece: str | None) -> list[Notification]:
    pid = world.piece(piece) if piece is not None else None
    return [
        n
        for n in event_notices(world)
        if n.kind == "stage_reached"
        and person.id in n.recipients
        and (pid is None or n.piece == pid)
    ]


def recipient(world: World, text: str) -> Person:
    """``委员 乙``, ``被约作者 甲``, ``审核人 丙``, ``甲``: an existing person (titles checked)."""
    raw = text.strip()
    for title in sorted(TITLES, key=len, reverse=True):
        rest = raw.removeprefix(title).strip()
        if raw.startswith(title) and rest:
            person = world.person(rest, create=False)
            _check_title(world, title, person)
            return person
    return world.person(raw, create=False)


def _check_title(world: World, title: str, person: Person) -> None:
    kind = TITLES[title]
    if kind == "assignee":
        ok = any(person.id in c.assignees for c in world.calls.values())
    elif kind == "author":
        ok = any(person.id in s[0].data.get("authors", ()) for s in world.streams.values() if s)
    elif kind == "reviewer":
        ok = person.has_any_role(world.ruleset.reviewer_roles)
    else:
        ok = True
    if not ok:
        raise SpecError(f"“{person.name}”不是{title}：请删去“{title}”或改写人员")


def quota(world: World, text: str) -> QuotaSpec:
    """A person quota of the ruleset by its label (or id)."""
    quotas = [q for q in world.ruleset.quotas if q.entity == "person"]
    for q in quotas:
        if text.strip() in (q.label, q.id):
            return q
    have = "、".join(f"“{q.label or q.id}”" for q in quotas) or "没有"
    raise SpecError(f"规则集中没有个人任务指标“{text}”。个人任务指标有：{have}")


# ---------------------------------------------------------------- showing


def names(world: World, ids: Iterable[str]) -> str:
    return "、".join(world.people[i].name if i in world.people else i for i in ids)


def day_text(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def shown(world: World, sent: Sent, kinds: tuple[str, ...] = ()) -> str:
    """What a run sent (of ``kinds``), for a failure message."""
    items = [(d, n) for d, n in sent if not kinds or n.kind in kinds]
    if not items:
        return "这次没有发出任何提醒" if kinds == REMINDERS else "这次没有发出任何提醒或通知"
    return "这次发出：" + "；".join(
        f"{day_text(d)} {names(world, n.recipients)}：{n.body.rstrip('。')}" for d, n in items
    )


def subjects(notes: list[Notification]) -> str:
    return "；".join(f"“{n.subject}”" for n in notes) or "没有收到任何通知"
