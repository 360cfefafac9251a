"""The notice steps' model: the world sends what a Workspace with a notifier would queue."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from sqmy_core.bdd import mailbox
from sqmy_core.bdd.catalog import library
from sqmy_core.bdd.errors import SpecError
from sqmy_core.bdd.numbers import BEIJING, parse_deadline, parse_when
from sqmy_core.bdd.world import World
from sqmy_core.model import Person
from sqmy_core.testing.fakes import RecordingNotifier
from sqmy_core.workflow import commands
from sqmy_core.workspace.workspace import Workspace

REPO = Path(__file__).resolve().parents[2]
FIVE = ["political", "policy", "factual", "format", "wording"]
T0 = datetime(2024, 3, 1, 9, 0, tzinfo=BEIJING)
PEOPLE = [
    ("a", ["member"]),
    ("b", ["member", "reviewer_deputy"]),
    ("r1", ["reviewer_initial"]),
    ("r2", ["reviewer_deputy"]),
    ("r3", ["reviewer_chair"]),
    ("s", ["staff"]),
    ("m", ["member"]),
]


def h(n: float) -> datetime:
    return T0 + timedelta(hours=n)


def test_a_date_alone_as_a_deadline_is_the_end_of_that_day() -> None:
    assert parse_deadline("2024-04-30") == datetime(2024, 5, 1, tzinfo=BEIJING)
    assert parse_deadline("2024年4月30日") == datetime(2024, 5, 1, tzinfo=BEIJING)
    assert parse_deadline("2024-04-30 17:00") == datetime(2024, 4, 30, 17, tzinfo=BEIJING)
    assert parse_deadline("2024-04-30 24:00") == datetime(2024, 5, 1, tzinfo=BEIJING)


def _steps_matching(kind: str, text: str) -> list[str]:
    return [s.name for s in library() if s.kind == kind and re.fullmatch(s.regex, text)]


@pytest.mark.parametrize(
    ("text", "step"),
    [
        ("甲没有收到提醒", "not_reminded"),
        ("甲 没有收到通知“X”", "not_notified"),
        ("甲没有收到通知", "not_notified"),
        ("委员 乙 收到任务提醒", "quota_reminded"),
        ("被约作者甲收到约稿截止提醒“X”", "call_reminded"),
        ("审核人 丙 没有收到待审通知", "not_review_notified"),
        ("没有人收到提醒", "nobody_reminded"),
        ("收到提醒的为 甲、乙", "reminded_are"),
    ],
)
def test_negative_sentences_match_only_their_own_step(text: str, step: str) -> None:
    assert _steps_matching("then", text) == [step]


def _world() -> World:
    world = World(REPO)
    world.load_ruleset("rulesets/district.toml")
    for pid, roles in PEOPLE:
        world.add_person(pid, pid.upper(), roles)
    return world


def _workspace(channel: RecordingNotifier) -> Workspace:
    url = f"memory://mailbox-{uuid.uuid4().hex}"
    opened = Workspace.open(url, ruleset=REPO / "rulesets" / "district.toml")
    ws = Workspace(opened.store, opened.ruleset, [channel])
    for pid, roles in PEOPLE:
        ws.register_person(Person(pid, pid.upper(), roles))
    return ws


def _review(world: World, piece: str, actor: str, at: datetime, routes: list[str]) -> None:
    rs, person, state = world.ruleset, world.person(actor), world.state(piece)
    world.command(
        piece,
        lambda: commands.review(
            rs, state, actor=person, decision="pass", checks=FIVE, now=at, routes=routes
        ),
    )


def _seen(notes: list[tuple[str, str, tuple[str, ...], str]]) -> set[tuple[str, ...]]:
    return {(key, kind, ",".join(who), subject) for key, kind, who, subject in notes}


def test_event_notices_are_those_a_workspace_queues() -> None:
    ws = _workspace(RecordingNotifier("mail"))
    ws.submit("x1", authors=["a", "b"], actor="a", now=T0, title="关于老旧小区改造的建议")
    for n, actor in enumerate(["r1", "r2", "r3"], start=1):
        routes = ("direct",) if actor == "r3" else ()
        ws.review("x1", actor=actor, decision="pass", checks=FIVE, now=h(n), routes=routes)
    ws.dispatch("x1", actor="s", route="direct", now=h(5), request_id="dispatch-17")
    ws.record_adoption("x1", actor="s", body="cppcc-city", now=h(100), request_id="adoption-18")
    expected = _seen(
        [
            (
                i.notification.key,
                i.notification.kind,
                i.notification.recipients,
                i.notification.subject,
            )
            for i in ws.store.outbox()
        ]
    )

    world = _world()
    authors = [world.person("a"), world.person("b")]
    world.submit(
        title="关于老旧小区改造的建议", authors=authors, actor=authors[0], at=T0, piece_id="x1"
    )
    for n, actor in enumerate(["r1", "r2", "r3"], start=1):
        _review(world, "x1", actor, h(n), ["direct"] if actor == "r3" else [])
    rs, staff = world.ruleset, world.person("s")
    world.command(
        "x1",
        lambda: commands.dispatch(rs, world.state("x1"), actor=staff, route="direct", now=h(5)),
    )
    world.command(
        "x1",
        lambda: commands.record_adoption(
            rs, world.state("x1"), actor=staff, body="cppcc-city", now=h(100)
        ),
    )
    actual = _seen([(n.key, n.kind, n.recipients, n.subject) for n in mailbox.event_notices(world)])
    assert actual == expected
    assert {k for _, k, _, _ in expected} == {"stage_reached", "adopted"}


def test_a_daily_run_sends_what_the_workspace_queues_and_only_once() -> None:
    ws = _workspace(RecordingNotifier("mail"))
    world = _world()
    ws.submit("x1", authors=["a"], actor="a", now=T0, title="t")
    world.submit(
        title="t", authors=[world.person("a")], actor=world.person("a"), at=T0, piece_id="x1"
    )
    for n, actor in enumerate(["r1", "r2", "r3"], start=1):
        routes = ["direct"] if actor == "r3" else []
        ws.review("x1", actor=actor, decision="pass", checks=FIVE, now=h(n), routes=routes)
        _review(world, "x1", actor, h(n), routes)
    quarter_end = parse_when("2024年3月31日 9:00")
    before = len(ws.store.outbox())
    assert ws.remind(quarter_end) > 0
    expected = _seen(
        [
            (
                i.notification.key,
                i.notification.kind,
                i.notification.recipients,
                i.notification.subject,
            )
            for i in ws.store.outbox()[before:]
        ]
    )
    sent = mailbox.run(world, quarter_end)
    assert _seen([(n.key, n.kind, n.recipients, n.subject) for _, n in sent]) == expected
    # b and m are behind (a has one approved piece); the undispatched piece is overdue
    assert {(n.kind, n.recipients) for _, n in sent} == {
        ("quota", ("b",)),
        ("quota", ("m",)),
        ("overdue", ("s",)),
    }
    assert mailbox.run(world, quarter_end + timedelta(hours=1)) == []


def test_a_run_sees_the_records_as_they_stood_then() -> None:
    world = _world()
    author = world.person("m")
    world.submit(title="晚到", authors=[author], actor=author, at=parse_when("2024-03-01"))
    world.record("晚到", "approved", parse_when("2024-04-02"))
    assert [e.type for e in world.dataset(until=parse_when("2024-03-31")).events] == []
    sent = mailbox.run(world, parse_when("2024-03-31"))
    assert ("quota", ("m",)) in {(n.kind, n.recipients) for _, n in sent}
    assert world.batches == [("晚到", 0, 1), ("晚到", 1, 2)]


def test_recipients_titles_are_checked() -> None:
    world = _world()
    assert mailbox.recipient(world, "审核人 R1").id == "r1"
    assert mailbox.recipient(world, "收件人A").id == "a"
    with pytest.raises(SpecError, match="“A”不是审核人"):
        mailbox.recipient(world, "审核人 A")
    with pytest.raises(SpecError, match="“A”不是被约作者"):
        mailbox.recipient(world, "被约作者 A")
    with pytest.raises(SpecError, match="不认识人员“Z”：请先在“有以下人员：”表中列出，或在前面"):
        mailbox.recipient(world, "Z")
    with pytest.raises(SpecError, match="还没有发送提醒"):
        mailbox.last(world)
