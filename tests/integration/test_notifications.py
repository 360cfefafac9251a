"""Notifications through the transactional outbox: who is told what, and delivery."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from sqmy_core.errors import ConcurrencyConflict, TransitionNotAllowed
from sqmy_core.model import Call, Person, Unit
from sqmy_core.testing.fakes import RecordingNotifier
from sqmy_core.workspace.workspace import Workspace

RULESETS = Path(__file__).resolve().parents[2] / "rulesets"
BJ = timezone(timedelta(hours=8))
T0 = datetime(2024, 3, 1, 9, 0, tzinfo=BJ)
FIVE = ["political", "policy", "factual", "format", "wording"]


def h(n: float) -> datetime:
    return T0 + timedelta(hours=n)


def district(tmp_path: Path, *channels: RecordingNotifier) -> Workspace:
    opened = Workspace.open(str(tmp_path / "n.db"), ruleset=RULESETS / "district.toml")
    ws = Workspace(opened.store, opened.ruleset, channels)
    ws.register_unit(Unit("sec", "经济界", "sector"))
    for pid, roles in [
        ("a", ["member"]),
        ("b", ["member", "reviewer_deputy"]),
        ("r1", ["reviewer_initial"]),
        ("r2", ["reviewer_deputy"]),
        ("r3", ["reviewer_chair"]),
        ("s", ["staff"]),
        ("m", ["member"]),
    ]:
        ws.register_person(Person(pid, pid.upper(), roles, ["sec"] if pid in "abm" else []))
    return ws


def approve(ws: Workspace, piece: str, routes: tuple[str, ...] = ("direct",)) -> None:
    ws.review(piece, actor="r1", decision="pass", checks=FIVE, now=h(1))
    ws.review(piece, actor="r2", decision="pass", checks=FIVE, now=h(2))
    ws.review(piece, actor="r3", decision="pass", checks=FIVE, now=h(3), routes=routes)


def test_feedback_and_reviewer_notices_are_queued_with_the_events(tmp_path: Path) -> None:
    mail = RecordingNotifier("mail")
    ws = district(tmp_path, mail)
    ws.submit("x1", authors=["a", "b"], actor="a", now=T0, title="关于老旧小区改造的建议")
    approve(ws, "x1")
    ws.dispatch("x1", actor="s", route="direct", now=h(5), request_id="dispatch-7")
    ws.record_adoption("x1", actor="s", body="cppcc-city", now=h(100), request_id="adoption-8")
    report = ws.deliver(h(101))
    assert report.failed == 0
    sent = {(n.kind, who) for n, who in mail.sent}
    # 第三条：到达初审告知社法委；到达复审告知分管副主席，但李四是联名作者，不告知
    assert ("stage_reached", ("r1",)) in sent
    assert ("stage_reached", ("r2",)) in sent
    assert ("stage_reached", ("r3",)) in sent
    adopted = [n for n, _ in mail.sent if n.kind == "adopted"]
    assert len(adopted) == 1
    assert adopted[0].recipients == ("a", "b")
    assert "市政协" in adopted[0].subject and "关于老旧小区改造的建议" in adopted[0].body
    assert ws.deliver(h(200)).delivered == 0  # nothing twice


def test_refused_and_conflicting_commands_queue_nothing(tmp_path: Path) -> None:
    mail = RecordingNotifier("mail")
    ws = district(tmp_path, mail)
    ws.submit("x1", authors=["a"], actor="a", now=T0, title="t")
    queued = len(ws.store.outbox())
    with pytest.raises(TransitionNotAllowed):
        ws.review("x1", actor="r1", decision="pass", checks=FIVE[:4], now=h(1))
    real_append = ws.store.append

    def stale_append(*args, **kwargs):  # type: ignore[no-untyped-def]
        real_append("x1", ws.store.version("x1"), [], None)  # somebody else wrote meanwhile
        raise ConcurrencyConflict([])

    ws.store.append = stale_append  # type: ignore[method-assign]
    with pytest.raises(ConcurrencyConflict):
        ws.review("x1", actor="r1", decision="pass", checks=FIVE, now=h(1))
    ws.store.append = real_append  # type: ignore[method-assign]
    assert len(ws.store.outbox()) == queued


def test_a_channel_that_is_down_gets_everything_once_when_back(tmp_path: Path) -> None:
    mail, robot = RecordingNotifier("mail"), RecordingNotifier("robot")
    ws = district(tmp_path, mail, robot)
    robot.down = True
    ws.submit("x1", authors=["a"], actor="a", now=T0, title="t")
    approve(ws, "x1")
    first = ws.deliver(h(4))
    assert first.failed > 0 and first.delivered == first.failed  # mail got its share
    assert robot.sent == []
    assert ws.deliver(h(4)).delivered == 0  # the robot's items wait for their retry time
    robot.down = False
    later = ws.deliver(h(30))
    assert later.delivered == first.failed
    assert sorted(robot.keys) == sorted(mail.keys)
    assert len(set(robot.keys)) == len(robot.keys)


def test_daily_run_reminds_those_behind_at_quarter_end_once(tmp_path: Path) -> None:
    mail = RecordingNotifier("mail")
    ws = district(tmp_path, mail)
    ws.submit("x1", authors=["a"], actor="a", now=T0, title="t")
    approve(ws, "x1")
    ws.dispatch("x1", actor="s", route="direct", now=h(5), request_id="dispatch-9")
    quarter_end = datetime(2024, 3, 31, 9, 0, tzinfo=BJ)
    assert ws.remind(quarter_end - timedelta(days=1)) == 0  # 第七条：季度末才提醒
    new = ws.remind(quarter_end)
    assert ws.remind(quarter_end) == 0  # a second run the same day queues nothing
    ws.deliver(quarter_end)
    reminded = sorted(who for n, who in mail.sent if n.kind == "quota")
    # 委员 a 已有 1 篇审定通过；b、m 尚未完成（特约信息员无人）
    assert reminded == [("b",), ("m",)]
    assert new == 2


def test_overdue_dispatch_tells_the_office(tmp_path: Path) -> None:
    mail = RecordingNotifier("mail")
    ws = district(tmp_path, mail)
    ws.submit("x1", authors=["a"], actor="a", now=T0, title="关于X的建议")
    approve(ws, "x1", routes=("direct",))
    ws.remind(h(3) + timedelta(days=2, minutes=1))
    ws.deliver(h(3) + timedelta(days=2, minutes=1))
    overdue = [(n, who) for n, who in mail.sent if n.kind == "overdue"]
    assert len(overdue) == 1 and overdue[0][1] == ("s",)
    assert "逾期" in overdue[0][0].subject


def test_commission_due_reminder_for_party(tmp_path: Path) -> None:
    mail = RecordingNotifier("mail")
    opened = Workspace.open(str(tmp_path / "p.db"), ruleset=RULESETS / "party.toml")
    ws = Workspace(opened.store, opened.ruleset, [mail])
    ws.register_unit(Unit("com", "经济委员会", "committee"))
    ws.register_person(Person("a", "甲", ["member"], ["com"]))
    ws.register_person(Person("b", "乙", ["member"], ["com"]))
    due = datetime(2024, 4, 30, 0, 0, tzinfo=BJ) + timedelta(days=1)  # 4 月 30 日 24 时
    ws.register_call(Call("c1", "乡村振兴约稿", "commission", ["a", "b"], due))
    ws.submit("x1", authors=["b"], actor="b", now=T0, title="t", call="c1")
    assert ws.remind(datetime(2024, 4, 22, 9, tzinfo=BJ)) == 0
    assert ws.remind(datetime(2024, 4, 23, 9, tzinfo=BJ)) == 1  # 截止前 7 日，乙已提交
    ws.deliver(datetime(2024, 4, 23, 9, tzinfo=BJ))
    assert [(n.kind, who) for n, who in mail.sent] == [("call_due", ("a",))]


def test_log_channel_from_settings_logs_no_body(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    ws = Workspace.open(
        str(tmp_path / "l.db"), ruleset=RULESETS / "district.toml", settings={"log": {}}
    )
    assert list(ws.notifiers) == ["log"]
    ws.register_person(Person("a", "张三", ["member"]))
    ws.register_person(Person("r1", "社法委", ["reviewer_initial"]))
    ws.submit("x1", authors=["a"], actor="a", now=T0, title="关于X的建议")
    with caplog.at_level(logging.INFO, logger="sqmy.notify"):
        assert ws.deliver(h(1)).delivered == 1
    assert "待审" in caplog.text and "请审核" not in caplog.text


def test_an_organization_overrides_the_reminder_text(tmp_path: Path) -> None:
    text = (
        (RULESETS / "party.toml")
        .read_text(encoding="utf-8")
        .replace(
            "days_before = 7",
            'days_before = 7\nsubject = "【参政议政处】{call} 即将截止"\n'
            'body = "{call} 于 {due} 截止，请尽快提交。"',
        )
    )
    custom = tmp_path / "party-custom.toml"
    custom.write_text(text, encoding="utf-8")
    mail = RecordingNotifier("mail")
    opened = Workspace.open(str(tmp_path / "p.db"), ruleset=custom)
    ws = Workspace(opened.store, opened.ruleset, [mail])
    ws.register_person(Person("a", "甲", ["member"]))
    due = datetime(2024, 5, 1, 0, 0, tzinfo=BJ)
    ws.register_call(Call("c1", "乡村振兴约稿", "commission", ["a"], due))
    ws.remind(datetime(2024, 4, 23, 9, tzinfo=BJ))
    ws.deliver(datetime(2024, 4, 23, 9, tzinfo=BJ))
    ((note, _),) = mail.sent
    assert note.subject == "【参政议政处】乡村振兴约稿 即将截止"
    assert note.body == "乡村振兴约稿 于 2024-05-01 00:00 截止，请尽快提交。"


def test_a_misspelt_placeholder_is_refused_when_loading(tmp_path: Path) -> None:
    from sqmy_core.errors import RulesetError
    from sqmy_core.rules import parse_ruleset

    text = (
        (RULESETS / "party.toml")
        .read_text(encoding="utf-8")
        .replace("days_before = 7", 'days_before = 7\nsubject = "{cal} 截止"')
    )
    with pytest.raises(RulesetError, match=r"reminders\[0\]\.subject.*'cal'"):
        parse_ruleset(text, "party-custom.toml")
