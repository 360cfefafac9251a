"""The Workspace as an OA system uses it: the whole cycle on embedded SQLite."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from sqmy_core import workflow
from sqmy_core.errors import (
    ConcurrencyConflict,
    ConfigurationError,
    DatasetError,
    NotFound,
    PermissionDenied,
    TransitionNotAllowed,
)
from sqmy_core.interchange import dataset_to_doc, parse_dataset
from sqmy_core.model import Call, Person, Unit
from sqmy_core.scoring import assess
from sqmy_core.testing import DatasetBuilder
from sqmy_core.workspace.workspace import Workspace

RULESETS = Path(__file__).resolve().parents[2] / "rulesets"
BJ = timezone(timedelta(hours=8))
CHECKS = ["political", "policy", "factual", "format", "wording"]
T0 = datetime(2024, 3, 1, 9, 0, tzinfo=BJ)


def hours(n: float) -> datetime:
    return T0 + timedelta(hours=n)


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    w = Workspace.open(str(tmp_path / "sqmy.db"), ruleset=RULESETS / "district.toml")
    w.apply_ruleset(w.ruleset, actor="admin", at=T0)
    w.register_unit(Unit("sec", "经济界", "sector"))
    w.register_unit(Unit("lia", "城关街道工委", "liaison"))
    people = [
        ("a", "张三", ["member"], ["sec"]),
        ("b", "李四", ["member", "reviewer_deputy"], ["sec"]),
        ("r1", "社法委", ["reviewer_initial"], []),
        ("r2", "副主席", ["reviewer_deputy"], []),
        ("r3", "主席", ["reviewer_chair"], []),
        ("e", "专家", ["expert"], []),
        ("s", "办公室", ["staff"], []),
    ]
    for pid, name, roles, units in people:
        w.register_person(Person(pid, name, roles, units))
    w.register_call(Call("c1", "乡村振兴约稿", "commission", ["a"]))
    return w


def approve(ws: Workspace, piece: str, start: float = 1, routes: tuple[str, ...] = ()) -> None:
    ws.review(piece, actor="r1", decision="pass", checks=CHECKS, now=hours(start))
    ws.review(piece, actor="r2", decision="pass", checks=CHECKS, now=hours(start + 1))
    ws.review(
        piece, actor="r3", decision="pass", checks=CHECKS, now=hours(start + 2), routes=routes
    )


def test_whole_cycle_and_assessment_equals_export(ws: Workspace) -> None:
    ws.submit(
        "x1",
        authors=["a", "b"],
        actor="a",
        now=T0,
        title="关于老旧小区改造的建议",
        unit="sec",
        call="c1",
    )
    ws.review("x1", actor="r1", decision="escalate", checks=[], now=hours(1))
    ws.expert_opinion("x1", actor="e", opinion="数据需核实", now=hours(2))
    ws.review("x1", actor="r1", decision="return", checks=[], now=hours(3))
    ws.resubmit("x1", actor="a", now=hours(20))
    approve(ws, "x1", start=21, routes=("direct",))
    ws.dispatch(
        "x1", actor="s", route="direct", now=hours(30), to="市政协", request_id="dispatch-1"
    )
    ws.record_adoption("x1", actor="s", body="cppcc-city", now=hours(200), request_id="adoption-2")
    ws.record_instruction(
        "x1", actor="s", level="city", rank="principal", now=hours(300), request_id="instruction-3"
    )
    ws.record_handling(
        "x1",
        actor="s",
        outcome="implemented",
        department="区住建局",
        now=hours(900),
        request_id="handling-1",
    )
    state = ws.piece("x1")
    assert state.status == "approved"
    result = ws.assess(2024)
    # 审定通过 1 + 约稿 1 + 市政协采用 4 + 市级主要领导批示 6×1.5 = 9 + 落实 2 = 17
    assert result.unit("sec").points == 17
    # 张三 第一作者 60% = 10.2；李四 40% = 6.8
    assert result.person("a").points == pytest.approx(10.2)
    assert result.person("b").points * 5 == 34
    exported = ws.export()
    again = parse_dataset(dataset_to_doc(exported), extra_roles=ws.ruleset.reviewer_roles)
    assert assess(ws.ruleset, again, 2024) == result
    assert [e.type for e in exported.events] == [
        "reviewed",
        "reviewed",
        "returned",
        "reviewed",
        "reviewed",
        "reviewed",
        "approved",
        "dispatched",
        "adopted",
        "instructed",
        "handled",
    ]


def test_refused_commands_change_nothing(ws: Workspace) -> None:
    ws.submit("x1", authors=["a", "b"], actor="a", now=T0, title="t", unit="sec")
    version = ws.piece("x1").version
    with pytest.raises(TransitionNotAllowed, match="文字关"):
        ws.review("x1", actor="r1", decision="pass", checks=CHECKS[:4], now=hours(1))
    with pytest.raises(PermissionDenied):
        ws.review("x1", actor="r2", decision="pass", checks=CHECKS, now=hours(1))
    with pytest.raises(TransitionNotAllowed):
        ws.dispatch("x1", actor="s", route="direct", now=hours(1), request_id="dispatch-4")
    ws.review("x1", actor="r1", decision="pass", checks=CHECKS, now=hours(1))
    with pytest.raises(PermissionDenied):  # 李四 is a co-author: never reviews own piece
        ws.review("x1", actor="b", decision="pass", checks=CHECKS, now=hours(2))
    with pytest.raises(PermissionDenied):
        ws.review("x1", actor="nobody", decision="pass", checks=CHECKS, now=hours(2))
    assert ws.piece("x1").version == version + 1


def test_idempotent_repeats(ws: Workspace) -> None:
    ws.submit("x1", authors=["a"], actor="a", now=T0, title="t", idempotency_key="sub-1")
    ws.submit("x1", authors=["a"], actor="a", now=T0, title="t", idempotency_key="sub-1")
    ws.review(
        "x1", actor="r1", decision="pass", checks=CHECKS, now=hours(1), idempotency_key="rev-1"
    )
    again = ws.review(
        "x1", actor="r1", decision="pass", checks=CHECKS, now=hours(1), idempotency_key="rev-1"
    )
    assert again.version == 2  # submitted + one reviewed, not a second review
    assert len(ws.history("x1")) == 2


def test_two_reviewers_race_exactly_one_wins(tmp_path: Path) -> None:
    path = str(tmp_path / "race.db")
    w0 = Workspace.open(path, ruleset=RULESETS / "district.toml")
    w0.apply_ruleset(w0.ruleset, actor="admin", at=T0)
    w0.register_person(Person("a", "a", ["member"]))
    w0.register_person(Person("r1", "r1", ["reviewer_initial"]))
    w0.register_person(Person("r1b", "r1b", ["reviewer_initial"]))
    w0.submit("x1", authors=["a"], actor="a", now=T0, title="t")
    spaces = [Workspace.open(path, organization="district") for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def racing(ws: Workspace) -> None:
        """Both reviewers have read the piece's stream before either writes."""
        read = ws.store.read
        first = [True]

        def read_then_wait(stream: str):  # type: ignore[no-untyped-def]
            events = read(stream)
            if first[0]:
                first[0] = False
                barrier.wait()
            return events

        ws.store.read = read_then_wait  # type: ignore[method-assign]

    def decide(ws: Workspace, actor: str, decision: str) -> None:
        racing(ws)
        try:
            ws.review("x1", actor=actor, decision=decision, checks=CHECKS, now=hours(1))
            outcomes.append("won")
        except ConcurrencyConflict:
            outcomes.append("conflict")

    threads = [
        threading.Thread(target=decide, args=(w, a, d))
        for w, a, d in ((spaces[0], "r1", "pass"), (spaces[1], "r1b", "reject"))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict", "won"]
    decided = [e for e in w0.history("x1") if e.type == "reviewed"]
    assert len(decided) == 1
    assert w0.piece("x1").version == len(w0.history("x1"))


def test_import_that_fails_halfway_leaves_the_database_as_it_was(ws: Workspace) -> None:
    ws.submit("x1", authors=["a"], actor="a", now=T0, title="t", unit="sec")
    before = (ws.export(), [ws.history(s) for s in ws.store.streams()])
    b = DatasetBuilder().unit("new-unit", "sector").person("newp", "member", units=("new-unit",))
    b.piece("y1", "newp", submitted="2024-04-01", unit="new-unit")
    b.event("y1", "approved", "2024-04-02")
    b.piece("x1", "newp", submitted="2024-04-01")  # already stored: the import must fail
    with pytest.raises(DatasetError, match="x1"):
        ws.import_dataset(b.build(), actor="s")
    assert ws.export() == before[0]
    assert [ws.history(s) for s in ws.store.streams()] == before[1]
    assert ws.store.get("unit", "new-unit") is None


def test_import_then_assess_equals_assessing_the_dataset(ws: Workspace) -> None:
    b = DatasetBuilder().unit("u2", "committee").person("m1", "member", units=("u2",))
    b.piece("y1", "m1", submitted="2024-04-01", unit="u2")
    b.event("y1", "approved", "2024-04-02").event(
        "y1", "adopted", "2024-05-02", body="cppcc-province"
    )
    ds = b.build()
    ws.import_dataset(ds, actor="s")
    assert ws.assess(2024).person("m1").points == 9  # 1 + 8
    assert ws.assess(2024).unit("u2").points == 9


def test_reopen_uses_the_stored_ruleset(ws: Workspace, tmp_path: Path) -> None:
    ws.close()
    again = Workspace.open(str(tmp_path / "sqmy.db"), organization="district")
    assert again.ruleset.organization == "district"
    assert again.person("a").name == "张三"
    with pytest.raises(NotFound):
        Workspace.open(str(tmp_path / "empty.db"), organization="district")


def test_what_does_not_exist_is_not_found_not_a_refused_transition(
    ws: Workspace, tmp_path: Path
) -> None:
    for attempt in (
        lambda: ws.piece("nope"),
        lambda: ws.dispatch("nope", actor="s", route="direct", now=T0, expected_version=0),
        lambda: ws.clue("nope"),
        lambda: ws.submit("x9", authors=["a"], actor="a", now=T0, title="t", unit="nope"),
        lambda: ws.submit("x9", authors=["a"], actor="a", now=T0, title="t", call="nope"),
    ):
        with pytest.raises(NotFound) as caught:
            attempt()
        assert not isinstance(caught.value, TransitionNotAllowed)
        assert "nope" in caught.value.render()
    assert ws.store.read("x9") == []  # nothing was written
    with pytest.raises(ConfigurationError):
        Workspace.open(str(tmp_path / "other.db"))


def test_a_command_reads_and_folds_its_stream_once(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws.submit("x1", authors=["a"], actor="a", now=T0, title="t")
    reads: list[str] = []
    folds: list[int] = []
    real_read, real_fold = ws.store.read, workflow.fold
    monkeypatch.setattr(ws.store, "read", lambda s: reads.append(s) or real_read(s))
    monkeypatch.setattr(
        workflow, "fold", lambda rs, evs: folds.append(len(evs)) or real_fold(rs, evs)
    )
    state = ws.review("x1", actor="r1", decision="pass", checks=CHECKS, now=hours(1))
    assert reads == ["x1"] and folds == [1]  # read once, folded once, then carried on
    assert state == real_fold(ws.ruleset, real_read("x1"))  # the same as folding it all again


def test_overdue_queue(ws: Workspace) -> None:
    ws.submit("x1", authors=["a"], actor="a", now=T0, title="t")
    approve(ws, "x1", routes=("direct", "transfer"))
    approved_at = hours(3)
    assert ws.overdue(approved_at + timedelta(days=2)) == []
    late = ws.overdue(approved_at + timedelta(days=2, minutes=1))
    assert [(i.piece, i.route) for i in late] == [("x1", "direct")]
    ws.dispatch(
        "x1",
        actor="s",
        route="direct",
        now=approved_at + timedelta(days=3),
        request_id="dispatch-5",
    )
    assert ws.overdue(approved_at + timedelta(days=3)) == []


def test_overdue_queue_as_of_a_past_moment(ws: Workspace) -> None:
    ws.submit("x1", authors=["a"], actor="a", now=T0, title="t")
    approve(ws, "x1", routes=("direct",))
    ws.dispatch(
        "x1", actor="s", route="direct", now=hours(3) + timedelta(days=5), request_id="dispatch-6"
    )
    # 事后查询：报送之前的某一时刻，该稿件在逾期队列中；报送之后不在
    assert [i.piece for i in ws.overdue(hours(3) + timedelta(days=4))] == ["x1"]
    assert ws.overdue(hours(3) + timedelta(days=6)) == []


def test_registry_accepts_nested_units(ws: Workspace) -> None:
    ws.register_unit(Unit("root", "区政协", "cppcc"))
    ws.register_unit(Unit("lia2", "城南街道工委", "liaison", parent="root"))
    ws.register_unit(Unit("studio", "委员工作室", "studio", parent="lia2"))
    ws.register_person(Person("m9", "委员九", ["member"], ["studio", "lia2"]))
    assert ws.person("m9").units == ("studio", "lia2")
    with pytest.raises(DatasetError, match="nowhere"):
        ws.register_person(Person("m10", "委员十", ["member"], ["nowhere"]))
