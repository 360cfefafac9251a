"""Imports obey the workflow: an imported act is checked as if its actor did it now (issue 11.1).

The oracle of the property test is the command path itself: a dataset is
replayed through the Workspace's commands, and the import must refuse it
exactly when one of those commands refuses.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from contextlib import closing
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sqmy_core._builtin.memory_store import MemoryStore
from sqmy_core.cli.main import cli
from sqmy_core.errors import DatasetError, PermissionDenied, TransitionNotAllowed
from sqmy_core.interchange import dataset_to_doc, parse_dataset
from sqmy_core.model import Dataset, Person, Unit
from sqmy_core.plugins import open_store
from sqmy_core.testing import DatasetBuilder
from sqmy_core.workspace import transfer
from sqmy_core.workspace.files import load_ruleset
from sqmy_core.workspace.workspace import Workspace

RULESETS = Path(__file__).resolve().parents[2] / "rulesets"
DISTRICT = load_ruleset(RULESETS / "district.toml")
BJ = timezone(timedelta(hours=8))
T0 = datetime(2024, 3, 1, 9, 0, tzinfo=BJ)
CHECKS = list(DISTRICT.review.checks) if DISTRICT.review else []
PEOPLE = [
    ("a", ["member"]),
    ("b", ["member", "reviewer_deputy"]),
    ("r1", ["reviewer_initial"]),
    ("r2", ["reviewer_deputy"]),
    ("r3", ["reviewer_chair"]),
    ("e", ["expert"]),
    ("s", ["staff"]),
]
"""a and b write; r1..r3 review the three stages; e is the expert; s is the office (imports)."""


def _self_made() -> DatasetBuilder:
    """The issue's dataset: the author (holding every review role) reviews, approves,
    dispatches and records a national adoption and instruction of their own piece."""
    b = DatasetBuilder().unit("sec", "sector")
    b.person("a", "member", "reviewer_initial", "reviewer_deputy", "reviewer_chair", units=("sec",))
    b.person("s", "staff")
    b.piece("x1", "a", submitted="2024-03-01", unit="sec")
    for day, stage in ((2, "initial"), (3, "deputy"), (4, "chair")):
        b.event("x1", "reviewed", f"2024-03-0{day}", stage=stage, decision="pass", actor="a")
    b.event("x1", "approved", "2024-03-04", stage="chair", actor="a")
    b.event("x1", "dispatched", "2024-03-05", route="direct", to="cppcc-national", actor="a")
    b.event("x1", "adopted", "2024-03-20", body="cppcc-national", actor="a")
    b.event("x1", "instructed", "2024-03-25", level="national", rank="principal", actor="a")
    return b


def _digest(path: Path) -> str:
    """Everything the file holds but the audit chain (a refused import leaves its refusal
    there, and nothing else: see :func:`_refusals`)."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as con:
        kept = [line for line in con.iterdump() if not line.startswith('INSERT INTO "audit"')]
    return hashlib.sha256("\n".join(kept).encode()).hexdigest()


def _refusals(path: Path) -> list[str]:
    """The outcomes of the audit records of refused imports."""
    with closing(open_store(str(path), "")) as any_org:
        organizations = any_org.organizations()
    records = []
    for organization in organizations:
        with closing(open_store(str(path), organization)) as store:
            records += store.audit_records()
    return [r.entry.outcome for r in records if r.entry.action == "import" and r.entry.outcome != "ok"]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "w.db"
    ran = CliRunner().invoke(
        cli, ["ruleset", "apply", "--db", str(path), str(RULESETS / "district.toml")]
    )
    assert ran.exit_code == 0, ran.stderr
    return path


def _write(tmp_path: Path, ds: Dataset) -> Path:
    path = tmp_path / "d.json"
    path.write_text(json.dumps(dataset_to_doc(ds), ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("fast", [False, True], ids=["reference", "fast"])
def test_the_issues_self_made_import_is_refused_naming_every_record(
    tmp_path: Path, db: Path, monkeypatch: pytest.MonkeyPatch, fast: bool
) -> None:
    monkeypatch.setattr(transfer, "FAST_IMPORT_BYTES", 0 if fast else 1 << 40)
    data = _write(tmp_path, _self_made().build())
    before = _digest(db)
    with Workspace.open(str(db), organization="district") as ws:
        with pytest.raises(DatasetError) as refused:
            ws.import_file(data, actor="s")
        assert ws.store.streams() == [] and ws.store.list("person") == []
    problems = [(p.path, p.code) for p in refused.value.problems]
    assert problems == [
        ("events[0]", "wf_self_review"),
        ("events[1]", "wf_self_review"),
        ("events[2]", "wf_self_review"),
        ("events[3]", "wf_self_review"),
        ("events[4]", "wf_not_staff"),
        ("events[5]", "wf_not_staff"),
        ("events[6]", "wf_not_staff"),
    ]
    assert _digest(db) == before
    assert _refusals(db)  # the refusal is on record


def test_the_cli_refuses_it_in_chinese_and_english_and_stores_nothing(
    tmp_path: Path, db: Path
) -> None:
    data = str(_write(tmp_path, _self_made().build()))
    before = _digest(db)
    runner = CliRunner()
    zh = runner.invoke(cli, ["import", "--as", "s", "--db", str(db), data])
    en = runner.invoke(cli, ["--lang", "en", "import", "--as", "s", "--db", str(db), data])
    assert zh.exit_code == en.exit_code == 2 and zh.stdout == en.stdout == ""
    assert "Traceback" not in zh.stderr + en.stderr
    for line in ("events[0]", "events[3]", "events[6]"):
        assert line in zh.stderr and line in en.stderr
    assert "不得审核本人稿件" in zh.stderr and "only role staff may dispatch" in en.stderr
    assert _digest(db) == before
    assert _refusals(db)  # the refusal is on record


def test_the_importer_is_a_named_staff_member(tmp_path: Path, db: Path) -> None:
    b = DatasetBuilder().unit("sec", "sector").person("a", "member").person("s", "staff")
    b.piece("x1", "a", submitted="2024-03-01", unit="sec").event("x1", "approved", "2024-03-02")
    data = str(_write(tmp_path, b.build()))
    before = _digest(db)
    runner = CliRunner()
    member = runner.invoke(cli, ["--lang", "en", "import", "--as", "a", "--db", str(db), data])
    assert member.exit_code == 2 and "a does not hold role staff" in member.stderr
    nobody = runner.invoke(cli, ["import", "--as", "zz", "--db", str(db), data])
    assert nobody.exit_code == 2 and "zz" in nobody.stderr
    missing = runner.invoke(cli, ["import", "--db", str(db), data])
    assert missing.exit_code == 2 and "--as" in missing.stderr
    assert _digest(db) == before
    assert _refusals(db)  # the refusal is on record
    assert runner.invoke(cli, ["import", "--as", "s", "--db", str(db), data]).exit_code == 0


def _workspace() -> Workspace:
    ws = Workspace(MemoryStore("district"), DISTRICT)
    ws.register_unit(Unit("sec", "经济界", "sector"))
    for pid, roles in PEOPLE:
        ws.register_person(Person(pid, pid, roles, ["sec"] if "member" in roles else []))
    return ws


def _builder() -> DatasetBuilder:
    b = DatasetBuilder().unit("sec", "sector")
    for pid, roles in PEOPLE:
        b.person(pid, *roles, units=("sec",) if "member" in roles else ())
    return b


def test_a_staff_only_record_by_someone_else_is_refused() -> None:
    b = _builder().piece("x1", "a", submitted="2024-03-01", unit="sec")
    b.event("x1", "approved", "2024-03-02", actor="r3")
    b.event("x1", "adopted", "2024-03-10", body="cppcc-city", actor="r2")
    ws = _workspace()
    with pytest.raises(DatasetError) as refused:
        ws.import_dataset(b.build(), actor="s")
    assert [(p.path, p.code) for p in refused.value.problems] == [("events[1]", "wf_not_staff")]
    assert ws.store.streams() == []


def test_a_review_chain_out_of_order_is_refused() -> None:
    b = _builder().piece("x1", "a", submitted="2024-03-01", unit="sec")
    b.event("x1", "reviewed", "2024-03-02", stage="initial", decision="pass", actor="r1")
    b.event("x1", "reviewed", "2024-03-03", stage="chair", decision="pass", actor="r3")
    b.event("x1", "approved", "2024-03-03", stage="chair", actor="r3")
    b.piece("x2", "a", submitted="2024-03-01", unit="sec")
    b.event("x2", "reviewed", "2024-03-02", stage="initial", decision="pass", actor="r1")
    b.event("x2", "approved", "2024-03-04", actor="r3")  # the deputy and the chair never passed it
    ws = _workspace()
    with pytest.raises(DatasetError) as refused:
        ws.import_dataset(b.build(), actor="s")
    got = [(p.path, p.code) for p in refused.value.problems]
    assert got == [
        ("events[1]", "import_stage_out_of_order"),
        ("events[2]", "wf_wrong_role"),  # the approval completes a pass the deputy stage takes
        ("events[4]", "import_stage_out_of_order"),
    ]
    assert "复审" in refused.value.render() and "deputy" in refused.value.render("en")


def test_an_importer_never_carries_over_decisions_on_their_own_piece() -> None:
    b = _builder().person("s2", "staff", "member", units=("sec",))
    b.piece("x1", "s2", submitted="2024-03-01", unit="sec").event("x1", "approved", "2024-03-02")
    with pytest.raises(DatasetError) as refused:
        _workspace().import_dataset(b.build(), actor="s2")
    assert [(p.path, p.code) for p in refused.value.problems] == [("events[0]", "wf_self_review")]
    _workspace().import_dataset(b.build(), actor="s")  # another staff member may


def test_events_without_an_actor_are_the_importers_and_an_export_gives_them_back() -> None:
    b = _builder().piece("x1", "a", submitted="2024-03-01", unit="sec")
    b.event("x1", "reviewed", "2024-03-02", stage="initial", decision="return", actor="r1")
    b.event("x1", "returned", "2024-03-02", stage="initial", actor="r1")
    b.event("x1", "approved", "2024-03-09")
    b.event("x1", "dispatched", "2024-03-10", route="direct", actor="s")
    b.event("x1", "adopted", "2024-03-20", body="cppcc-city")
    ds = b.build()
    ws = _workspace()
    ws.import_dataset(ds, actor="s")
    stored = [(e.type, e.actor, e.data.get("imported_by")) for e in ws.history("x1")]
    assert stored == [
        ("submitted", None, "s"),
        ("reviewed", "r1", None),
        ("returned", "r1", None),
        ("approved", None, "s"),
        ("dispatched", "s", None),
        ("adopted", None, "s"),
    ]
    out = ws.export()
    assert out.events == ds.events and out.pieces == ds.pieces
    again = _workspace()
    again.import_dataset(
        parse_dataset(dataset_to_doc(out), extra_roles=DISTRICT.reviewer_roles), actor="s"
    )
    assert [(e.type, e.actor, e.data) for e in again.history("x1")] == [
        (e.type, e.actor, e.data) for e in ws.history("x1")
    ]


# -- the property: refused iff the command path refuses ---------------------------------------

FLOWS = ("approve", "return_then_approve", "escalate_then_approve", "reject")
POOL = [pid for pid, _ in PEOPLE]


def _act(ws: Workspace, piece: str, flow: str, start: datetime) -> None:
    """One piece through the commands, legally."""
    t = iter(start + timedelta(hours=h) for h in range(1, 40))
    ws.submit(piece, authors=["a", "b"], actor="a", now=start, title=piece, unit="sec")

    def review(actor: str, decision: str) -> None:
        ws.review(piece, actor=actor, decision=decision, checks=CHECKS, now=next(t))

    if flow == "reject":
        review("r1", "pass")
        review("r2", "reject")
        return
    if flow == "return_then_approve":
        review("r1", "return")
        ws.resubmit(piece, actor="a", now=next(t))
    if flow == "escalate_then_approve":
        review("r1", "escalate")
        ws.expert_opinion(piece, actor="e", opinion="可以", now=next(t))
    for actor in ("r1", "r2", "r3"):
        review(actor, "pass")
    seen = ws.store.version(piece)
    ws.dispatch(piece, actor="s", route="direct", now=next(t), expected_version=seen)
    ws.record_adoption(
        piece, actor="s", body="cppcc-city", now=next(t), expected_version=ws.store.version(piece)
    )
    ws.record_instruction(
        piece,
        actor="s",
        level="city",
        rank="deputy",
        now=next(t),
        expected_version=ws.store.version(piece),
    )


DECISION = {"approved": "pass", "returned": "return", "rejected": "reject"}


def _replay(ds: Dataset) -> bool:
    """Whether the commands accept the dataset's acts, in each piece's order (the oracle).

    A ``reviewed`` is a review command (after the resubmission or the expert
    opinion the contract leaves out); the outcome right after it is that
    command's own; an outcome on its own is the review command of its actor
    at the stage the piece is at.
    """
    ws = _workspace()
    rs = ws.ruleset
    assert rs.review is not None
    by_piece: dict[str, list[Any]] = {}
    for ev in ds.events:
        by_piece.setdefault(ev.piece, []).append(ev)
    try:
        for piece in ds.pieces:
            ws.submit(piece.id, authors=list(piece.authors), actor="s", now=piece.submitted_at,
                      title=piece.title, unit=piece.unit)  # fmt: skip
            prev: Any = None
            for ev in sorted(by_piece.get(piece.id, []), key=lambda e: e.at):
                if _completes(prev, ev, rs.review.stages[-1].id):
                    prev = ev
                    continue  # written by the review command of the ``reviewed`` before it
                if ev.type == "reviewed" or ev.type in DECISION:
                    state = ws.piece(piece.id)
                    if state.status == "returned":
                        ws.resubmit(piece.id, actor=piece.authors[0], now=ev.at)
                    if state.status == "expert_review":
                        ws.expert_opinion(piece.id, actor="e", opinion="可以", now=ev.at)
                    state = ws.piece(piece.id)
                    at = rs.review.stages[state.stage or 0].id
                    wanted = rs.review.stages[-1].id if ev.type == "approved" else ev.stage
                    if state.status == "in_review" and wanted not in (None, at):
                        return False  # a decision at a stage the piece is not at
                    decision = ev.decision if ev.type == "reviewed" else DECISION[ev.type]
                    ws.review(piece.id, actor=ev.actor, decision=decision, checks=CHECKS, now=ev.at)
                elif ev.type == "dispatched":
                    ws.dispatch(
                        piece.id,
                        actor=ev.actor,
                        route=ev.route,
                        now=ev.at,
                        expected_version=ws.store.version(piece.id),
                    )
                elif ev.type == "adopted":
                    ws.record_adoption(
                        piece.id,
                        actor=ev.actor,
                        body=ev.body,
                        now=ev.at,
                        expected_version=ws.store.version(piece.id),
                    )
                elif ev.type == "instructed":
                    ws.record_instruction(
                        piece.id,
                        actor=ev.actor,
                        level=ev.level,
                        rank=ev.rank,
                        now=ev.at,
                        expected_version=ws.store.version(piece.id),
                    )
                prev = ev
    except (PermissionDenied, TransitionNotAllowed):
        return False
    return True


def _completes(prev: Any, ev: Any, last: str) -> bool:
    """Whether ``ev`` is an outcome the review command of ``prev`` wrote with it (an approval
    only with the last stage's pass)."""
    if ev.type not in DECISION or prev is None or prev.type != "reviewed":
        return False
    return bool(
        prev.decision == DECISION[ev.type] and (ev.type != "approved" or prev.stage == last)
    )


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    flows=st.lists(st.sampled_from(FLOWS), min_size=1, max_size=3),
    mutations=st.lists(st.tuples(st.integers(0, 10**6), st.sampled_from(POOL)), max_size=3),
    drop=st.none() | st.integers(0, 10**6),
)
def test_mutated_legal_datasets_are_refused_iff_the_commands_refuse(
    flows: list[str], mutations: list[tuple[int, str]], drop: int | None
) -> None:
    source = _workspace()
    for i, flow in enumerate(flows):
        _act(source, f"x{i}", flow, T0 + timedelta(days=3 * i))
    legal = source.export()
    assert _replay(legal)
    events = list(legal.events)
    if drop is not None and events[drop % len(events)].type != "approved":
        del events[drop % len(events)]  # a record left out (an approval always says it)
    for where, actor in mutations:  # a new actor for one whole act (a review and its outcome)
        i = where % len(events)
        if events[i].type in DECISION and i > 0 and events[i - 1].type == "reviewed":
            i -= 1
        events[i] = _with_actor(events[i], actor)
        if i + 1 < len(events) and events[i + 1].type in DECISION and events[i].type == "reviewed":
            events[i + 1] = _with_actor(events[i + 1], actor)
    mutated = Dataset(units=legal.units, people=legal.people, pieces=legal.pieces, events=events)
    target = _workspace()
    try:
        target.import_dataset(mutated, actor="s")
        refused = False
    except DatasetError:
        refused = True
        assert target.store.streams() == []
    assert refused == (not _replay(mutated))
    if not refused:
        assert target.export() == mutated


def _with_actor(ev: Any, actor: str) -> Any:
    from attrs import evolve

    return evolve(ev, actor=actor)
