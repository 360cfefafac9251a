"""Who is told what: notifications from new events, reminders and overdue checks (pure).

The ruleset's ``[[notifications]]`` say which events tell whom; its
``[[reminders]]`` say when people behind on a quota, or assignees of a
commission coming due, are reminded.  This module turns those rules and the
current records into :class:`~sqmy_core.storage.Notification` values with
stable deduplication keys; :class:`~sqmy_core.workspace.workspace.Workspace` queues them
in the outbox in the same transaction as the events.  Nothing here reads a
clock or does I/O.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta

from sqmy_core.model import Dataset, Person
from sqmy_core.model.vocab import (
    BODIES,
    DECISION_NAMES,
    LEVEL_NAMES,
    OUTCOME_NAMES,
    RANK_NAMES,
    ROUTE_NAMES,
)
from sqmy_core.rules.declared import declarations_of
from sqmy_core.rules.spec import NotificationSpec, ReminderSpec, Ruleset
from sqmy_core.scoring.book import Book
from sqmy_core.scoring.clock import parse_offset
from sqmy_core.scoring.deadlines import WorkCalendar
from sqmy_core.scoring.quotas import applies_to_person, evaluate
from sqmy_core.storage import NewEvent, Notification
from sqmy_core.workflow import OverdueItem, PieceState, current_stage, overdue_queue

TEMPLATES: Mapping[str, tuple[str, str]] = {
    "approved": (
        "信息《{title}》已审定通过",
        "您的信息《{title}》（{piece}）已审定通过，将按程序报送。",
    ),
    "returned": (
        "信息《{title}》被退回修改",
        "您的信息《{title}》（{piece}）在“{stage}”被退回修改，请修改后重新提交。",
    ),
    "rejected": (
        "信息《{title}》不予上报",
        "您的信息《{title}》（{piece}）在“{stage}”决定不予上报。",
    ),
    "dispatched": (
        "信息《{title}》已报送",
        "您的信息《{title}》（{piece}）已以“{route}”方式报送。",
    ),
    "adopted": (
        "信息《{title}》被{body_name}采用",
        "您的信息《{title}》（{piece}）被{body_name}采用。感谢您的履职！",
    ),
    "instructed": (
        "信息《{title}》获领导批示",
        "您的信息《{title}》（{piece}）获{level}{rank}批示。",
    ),
    "handled": (
        "信息《{title}》办理情况",
        "您的信息《{title}》（{piece}）已由承办部门办理：{outcome}。",
    ),
    "stage_reached": (
        "待审：《{title}》",
        "信息《{title}》（{piece}，作者：{authors}）已到“{stage}”，请审核。",
    ),
    "overdue": (
        "报送逾期：《{title}》",
        "信息《{title}》（{piece}）应于 {due} 前以“{route}”方式报送，已逾期。",
    ),
    "quota": (
        "社情民意信息任务提醒",
        "您今年的“{quota}”尚未完成（已完成 {done} 篇，要求 {required} 篇），请抓紧报送。",
    ),
    "call_due": (
        "约稿截止提醒：《{call}》",
        "约稿《{call}》将于 {due} 截止，您尚未提交，请抓紧撰写报送。",
    ),
}
"""Built-in Chinese templates per trigger: (subject, body); a ruleset may override them."""


def _fill(template: str, fields: Mapping[str, str]) -> str:
    return template.format_map(_Fields(fields))


class _Fields(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _texts(spec: NotificationSpec, fields: Mapping[str, str]) -> tuple[str, str]:
    subject, body = TEMPLATES[spec.on]
    return _fill(spec.subject or subject, fields), _fill(spec.body or body, fields)


def _local(moment: datetime, ruleset: Ruleset) -> str:
    return moment.astimezone(parse_offset(ruleset.year.timezone)).strftime("%Y-%m-%d %H:%M")


def _piece_fields(ruleset: Ruleset, state: PieceState, names: Mapping[str, str]) -> dict[str, str]:
    stage = current_stage(ruleset, state)
    return {
        "piece": state.id,
        "title": state.title,
        "organization": ruleset.title,
        "authors": "、".join(names.get(a, a) for a in state.authors),
        "stage": (stage.name or stage.id) if stage else "",
    }


def event_notifications(
    ruleset: Ruleset,
    before: PieceState | None,
    after: PieceState,
    events: Sequence[NewEvent],
    version: int,
    people: Sequence[Person],
) -> list[Notification]:
    """Notifications caused by ``events`` just appended (``version`` = the stream's new version)."""
    names = {p.id: p.name for p in people}
    out: list[Notification] = []
    for spec in ruleset.notifications:
        if spec.on == "overdue":
            continue
        fields = _piece_fields(ruleset, after, names)
        if spec.on == "stage_reached":
            if after.status != "in_review" or (
                before is not None and before.status == "in_review" and before.stage == after.stage
            ):
                continue
            stage = current_stage(ruleset, after)
            if stage is None:
                continue
            trigger = events[-1]
            recipients = _audience(spec, after, people, stage.role)
        else:
            matching = [e for e in events if e.type == spec.on]
            if not matching:
                continue
            trigger = matching[-1]
            if before is not None:
                stage = current_stage(ruleset, before)
                fields["stage"] = (stage.name or stage.id) if stage else fields["stage"]
            fields.update(_event_fields(ruleset, trigger))
            recipients = _audience(spec, after, people, None)
        if not recipients:
            continue
        subject, body = _texts(spec, fields)
        out.append(
            Notification(
                key=f"{after.id}:{version}:{spec.id}",
                kind=spec.on,
                recipients=recipients,
                subject=subject,
                body=body,
                created_at=trigger.at,
                piece=after.id,
                data={"rule": spec.id, "clause": spec.clause},
            )
        )
    return out


def _event_fields(ruleset: Ruleset, ev: NewEvent) -> dict[str, str]:
    d = ev.data
    body = declarations_of(ruleset).bodies.get(str(d.get("body", ""))) or BODIES.get(
        str(d.get("body", ""))
    )
    return {
        "event": ev.type,
        "body_name": body.name if body else str(d.get("body", "")),
        "level": LEVEL_NAMES.get(str(d.get("level", "")), ""),
        "rank": RANK_NAMES.get(str(d.get("rank", "")), ""),
        "outcome": OUTCOME_NAMES.get(str(d.get("outcome", "")), ""),
        "route": ROUTE_NAMES.get(str(d.get("route", "")), ""),
        "decision": DECISION_NAMES.get(str(d.get("decision", "")), ""),
    }


def _audience(
    spec: NotificationSpec, state: PieceState, people: Sequence[Person], stage_role: str | None
) -> tuple[str, ...]:
    chosen: list[str] = []
    for who in spec.to:
        if who == "authors":
            chosen += state.authors
        elif who == "staff":
            chosen += [p.id for p in people if "staff" in p.roles]
        elif who == "reviewers" and stage_role is not None:
            chosen += [p.id for p in people if stage_role in p.roles and p.id not in state.authors]
    return tuple(dict.fromkeys(chosen))


def overdue_notifications(
    ruleset: Ruleset,
    items: Sequence[OverdueItem],
    states: Mapping[str, PieceState],
    people: Sequence[Person],
    now: datetime,
) -> list[Notification]:
    """One notification per overdue dispatch and ``overdue`` rule (once per piece and route)."""
    names = {p.id: p.name for p in people}
    out: list[Notification] = []
    for spec in (n for n in ruleset.notifications if n.on == "overdue"):
        for item in items:
            state = states[item.piece]
            fields = _piece_fields(ruleset, state, names)
            fields["due"] = _local(item.due, ruleset)
            fields["route"] = ROUTE_NAMES.get(item.route or "", "任一方式")
            recipients = _audience(spec, state, people, None)
            if not recipients:
                continue
            subject, body = _texts(spec, fields)
            out.append(
                Notification(
                    key=f"overdue:{item.piece}:{item.route or '-'}:{spec.id}",
                    kind="overdue",
                    recipients=recipients,
                    subject=subject,
                    body=body,
                    created_at=now,
                    piece=item.piece,
                    data={"rule": spec.id, "clause": spec.clause},
                )
            )
    return out


def reminder_day(spec: ReminderSpec, day: date, calendar: WorkCalendar) -> bool:
    """Whether a periodic reminder falls on ``day`` (a local date)."""
    if spec.every is None or day.month < spec.from_month:
        return False
    months = 1 if spec.every == "month" else 3
    first_month = ((day.month - 1) // months) * months + 1
    last_month = first_month + months - 1
    first = date(day.year, first_month, 1)
    last = date(day.year, last_month, monthrange(day.year, last_month)[1])
    target: date | None
    if spec.on == "first_day":
        target = first
    elif spec.on == "last_day":
        target = last
    elif spec.on == "first_working_day":
        target = calendar.first_working_day(first, last)
    else:
        target = calendar.last_working_day(first, last)
    return target == day


def reminder_notifications(
    ruleset: Ruleset,
    dataset: Dataset,
    now: datetime,
    in_scope: Callable[[Person], bool] | None = None,
) -> list[Notification]:
    """Quota and call-due reminders due on ``now``'s local date."""
    book = Book(ruleset, dataset)
    local = book.clock.local(now)
    day = local.date()
    calendar = WorkCalendar(ruleset.calendar)
    out: list[Notification] = []
    for spec in ruleset.reminders:
        if spec.about == "quota":
            if reminder_day(spec, day, calendar):
                out += _quota_reminders(book, spec, day, now, in_scope)
        else:
            out += _call_reminders(book, spec, day, now)
    return out


def _quota_reminders(
    book: Book,
    spec: ReminderSpec,
    day: date,
    now: datetime,
    in_scope: Callable[[Person], bool] | None,
) -> list[Notification]:
    out: list[Notification] = []
    quotas = [
        q
        for q in book.ruleset.quotas
        if q.entity == "person" and (spec.quotas is None or q.id in spec.quotas)
    ]
    for person in book.dataset.people:
        if in_scope is not None and not in_scope(person):
            continue
        if person.since is not None and person.since > now:
            continue
        behind = []
        for q in quotas:
            if applies_to_person(q, person, book.units):
                result = evaluate(book, q, person.id, day.year)
                if not result.met:
                    behind.append((q, sum(result.counts)))
        for q, done in behind:
            subject, body = TEMPLATES["quota"]
            subject, body = spec.subject or subject, spec.body or body
            fields = {
                "quota": q.label or q.id,
                "done": str(done),
                "required": str(q.min),
                "organization": book.ruleset.title,
            }
            out.append(
                Notification(
                    key=f"reminder:{spec.id}:{day.isoformat()}:{person.id}:{q.id}",
                    kind="quota",
                    recipients=(person.id,),
                    subject=_fill(subject, fields),
                    body=_fill(body, fields),
                    created_at=now,
                    data={"reminder": spec.id, "clause": spec.clause, "quota": q.id},
                )
            )
    return out


def _call_reminders(book: Book, spec: ReminderSpec, day: date, now: datetime) -> list[Notification]:
    out: list[Notification] = []
    days = spec.days_before or 0
    for call in book.dataset.calls:
        if call.due is None or (spec.call_kinds is not None and call.kind not in spec.call_kinds):
            continue
        due_local = book.clock.local(call.due - timedelta(microseconds=1)).date()
        if due_local - timedelta(days=days) != day:
            continue
        answered = {a for p in book.dataset.pieces if p.call == call.id for a in p.authors}
        for person in call.assignees:
            if person in answered:
                continue
            subject, body = TEMPLATES["call_due"]
            subject, body = spec.subject or subject, spec.body or body
            fields = {
                "call": call.title,
                "due": _local(call.due, book.ruleset),
                "organization": book.ruleset.title,
            }
            out.append(
                Notification(
                    key=f"reminder:{spec.id}:{call.id}:{person}",
                    kind="call_due",
                    recipients=(person,),
                    subject=_fill(subject, fields),
                    body=_fill(body, fields),
                    created_at=now,
                    data={"reminder": spec.id, "clause": spec.clause, "call": call.id},
                )
            )
    return out


def daily_notifications(
    ruleset: Ruleset, dataset: Dataset, states: Mapping[str, PieceState], now: datetime
) -> list[Notification]:
    """What the daily run sends at ``now``: reminders to people in scope, overdue notices.

    One function for the outbox (:func:`sqmy_core.workspace.outbox.remind`) and
    the specs' mailbox, so a spec checks what a workspace really queues.
    ``states`` are the pieces as they stand at ``now``, by id.
    """
    notes = reminder_notifications(
        ruleset, dataset, now, in_scope=lambda p: p.has_any_role(ruleset.scope.roles)
    )
    items = overdue_queue(ruleset, list(states.values()), now)
    return notes + overdue_notifications(ruleset, items, states, dataset.people, now)
