"""A generated year replayed through the real workflow (``sqmy_core.tools.replay``) and the demo."""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterator
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from sqmy_core.errors import ConcurrencyConflict
from sqmy_core.interchange import dataset_to_doc, parse_dataset
from sqmy_core.scoring import assess
from sqmy_core.tools.demo import packaged_ruleset
from sqmy_core.tools.replay import ReplayReport, replay
from sqmy_core.tools.synth import REVIEWER_ROLES, generate
from sqmy_core.workflow import due_at
from sqmy_core.workspace.workspace import Workspace
from tests.conftest import run_demo as demo_main

YEAR = 2024
CHECKS = ["political", "policy", "factual", "format", "wording"]


@cache
def _doc(
    profile: str, people: int, pieces: int, years: int = 1, seed: int = 2024
) -> dict[str, Any]:
    return generate(profile, seed=seed, year=YEAR, people=people, pieces=pieces, years=years)


def _replay(path: Path, profile: str, doc: dict[str, Any]) -> tuple[Workspace, ReplayReport]:
    ws = Workspace.open(str(path), ruleset=packaged_ruleset(profile))
    return ws, replay(ws, doc, profile=profile)


@pytest.fixture(scope="module")
def district(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Workspace, ReplayReport]]:
    path = tmp_path_factory.mktemp("sim") / "district.db"
    ws, report = _replay(path, "district", _doc("district", 60, 80))
    yield ws, report
    ws.close()


def _types(ws: Workspace) -> Counter[str]:
    return Counter(e.type for s in ws.store.streams() for e in ws.history(s))


def _same_assessment_as_export(ws: Workspace) -> None:
    exported = ws.export()
    again = parse_dataset(dataset_to_doc(exported), extra_roles=ws.ruleset.reviewer_roles)
    assert assess(ws.ruleset, again, YEAR) == ws.assess(YEAR)


# ------------------------------------------------------------------ a small district year


def test_a_small_district_year_replays_with_nothing_skipped(
    district: tuple[Workspace, ReplayReport],
) -> None:
    ws, report = district
    doc = _doc("district", 60, 80)
    assert report.skipped == {}
    assert report.pieces == 80
    assert report.commands["submit"] == 80 == len(ws.store.streams())
    assert report.commands["register_person"] == 60
    kinds = Counter(e["type"] for e in doc["events"])
    assert report.commands["dispatch"] == kinds["dispatched"]
    assert report.commands["record_adoption"] == kinds["adopted"]
    assert report.commands["record_instruction"] == kinds["instructed"]
    assert report.commands["record_handling"] == kinds["handled"]
    assert report.reviews["return"] == kinds["returned"]
    assert report.reviews["reject"] == kinds["rejected"]
    assert report.reviews["pass"] >= 3 * kinds["approved"]  # every level passes each approval
    assert report.synthesized_passes > 0  # most pieces record only the outcome
    assert report.last_event is not None and report.first_event is not None
    assert report.last_event == max(e.at for s in ws.store.streams() for e in ws.history(s))


def test_the_history_has_every_kind_of_step(district: tuple[Workspace, ReplayReport]) -> None:
    ws, _ = district
    types = _types(ws)
    for kind in (
        "submitted",
        "reviewed",
        "approved",
        "returned",
        "resubmitted",
        "rejected",
        "dispatched",
        "adopted",
        "instructed",
        "handled",
    ):
        assert types[kind] > 0, kind


def test_the_workspace_assessment_equals_its_export_and_the_generated_document(
    district: tuple[Workspace, ReplayReport],
) -> None:
    ws, _ = district
    _same_assessment_as_export(ws)
    # the replay reproduces every scored fact of the generated document
    generated = parse_dataset(_doc("district", 60, 80), extra_roles=REVIEWER_ROLES["district"])
    assert assess(ws.ruleset, generated, YEAR) == ws.assess(YEAR)


def test_reviews_follow_the_rules(district: tuple[Workspace, ReplayReport]) -> None:
    ws, _ = district
    assert ws.ruleset.review is not None
    stage_role = {st.id: st.role for st in ws.ruleset.review.stages}
    levels = list(stage_role)
    rounds: list[list[str]] = []
    for stream in ws.store.streams():
        events = ws.history(stream)
        authors = events[0].data["authors"]
        assert events[0].actor == authors[0]  # submitted by the first author
        order: list[str] = []
        rounds.append(order)
        for prev, ev in pairwise(events):
            if ev.type == "reviewed":
                assert ev.actor not in authors
                assert stage_role[ev.data["stage"]] in ws.person(str(ev.actor)).roles
                if ev.data["decision"] == "pass":
                    assert ev.data["checks"] == CHECKS
                if not order or order[-1] != ev.data["stage"]:  # escalate, then decide
                    order.append(ev.data["stage"])
            if ev.type == "resubmitted":
                assert prev.type == "returned" and ev.actor == authors[0]
                assert ev.at > prev.at
                order = []
                rounds.append(order)
            if ev.type == "expert_reviewed":
                assert prev.type == "reviewed" and prev.data["decision"] == "escalate"
                assert "expert" in ws.person(str(ev.actor)).roles
            if ev.type in ("dispatched", "adopted", "instructed", "handled"):
                assert "staff" in ws.person(str(ev.actor)).roles
    # each round (from a submission or resubmission) goes through the levels in order
    for order in rounds:
        assert order == levels[: len(order)]
    assert Counter(len(o) for o in rounds)[3] > 0


def test_approval_plans_the_routes_and_late_dispatches_stood_in_the_queue(
    district: tuple[Workspace, ReplayReport],
) -> None:
    ws, report = district
    late = 0
    for stream in ws.store.streams():
        state = ws.piece(stream)
        if state.status != "approved":
            assert not state.dispatches
            continue
        assert state.approved_at is not None
        assert list(state.routes) == list(dict.fromkeys(d.route for d in state.dispatches))
        for d in state.dispatches:
            due = due_at(ws.ruleset, state.approved_at, d.route)
            late += due is not None and d.at > due
    assert late == report.late_dispatches > 0
    # the queue, as the office saw it during the replay, listed dispatches that were late then
    assert report.overdue_peak_at is not None and report.overdue_peak
    for item in report.overdue_peak:
        state = ws.piece(item.piece)
        sent = [d.at for d in state.dispatches if d.route == item.route]
        assert sent and sent[0] > item.due
        assert item.due < report.overdue_peak_at <= sent[0]


def test_refusals_are_demonstrated_and_change_nothing(
    district: tuple[Workspace, ReplayReport],
) -> None:
    ws, report = district
    shown = {r.rule: r for r in report.refusals}
    assert set(shown) >= {"checks_missing", "dispatch_before_approval", "not_staff"}
    assert "文字关" in shown["checks_missing"].message
    assert shown["checks_missing"].error == "TransitionNotAllowed"
    assert shown["not_staff"].error == "PermissionDenied"
    piece = shown["checks_missing"].piece
    reviewed = [e for e in ws.history(piece) if e.type == "reviewed"]
    assert all(e.data["checks"] == CHECKS for e in reviewed if e.data["decision"] == "pass")


def test_a_second_replay_into_the_same_workspace_is_refused_loudly(tmp_path: Path) -> None:
    doc = _doc("district", 40, 10)
    ws, report = _replay(tmp_path / "twice.db", "district", doc)
    with ws, pytest.raises(ConcurrencyConflict):
        replay(ws, doc, profile="district")  # the pieces exist: nothing is quietly redone
    assert report.commands["submit"] == 10


# ------------------------------------------------------------------ documents that do not fit


def test_a_generated_reviewer_who_is_an_author_is_replaced(tmp_path: Path) -> None:
    doc = copy.deepcopy(_doc("committee", 48, 60))
    leaders = {p["id"] for p in doc["people"] if "committee_leader" in p["roles"]}
    final = next(e for e in doc["events"] if e.get("stage") == "committee_leader")
    piece = next(p for p in doc["pieces"] if p["id"] == final["piece"])
    piece["authors"] = [final["actor"]]  # the generated leader now reviews own piece
    assert final["actor"] in leaders
    ws, report = _replay(tmp_path / "c.db", "committee", doc)
    with ws:
        assert report.skipped == {}
        assert report.adapted.get("reviewer_is_author", 0) >= 1
        actors = [e.actor for e in ws.history(piece["id"]) if e.type == "reviewed"]
        assert final["actor"] not in actors
        assert "self_review" in {r.rule for r in report.refusals}


def test_records_that_cannot_be_replayed_are_counted_with_their_reason(tmp_path: Path) -> None:
    doc = copy.deepcopy(_doc("district", 40, 30))
    rejected = next(e for e in doc["events"] if e["type"] == "rejected")
    doc["events"].append(
        {
            "piece": rejected["piece"],
            "type": "adopted",
            "at": "2024-12-31T10:00:00+08:00",
            "body": "cppcc-county",
        }
    )
    ws, report = _replay(tmp_path / "bad.db", "district", doc)
    with ws:
        assert report.skipped == {"not_approved": 1}
        assert any(rejected["piece"] in e for e in report.examples)
        assert ws.piece(rejected["piece"]).status == "rejected"


# ------------------------------------------------------------------ the other profiles


def test_the_party_profile_replays_without_review(tmp_path: Path) -> None:
    doc = _doc("party", 40, 60)
    ws, report = _replay(tmp_path / "party.db", "party", doc)
    with ws:
        # the party's ruleset has no review step: outcomes are not commands there
        assert set(report.skipped) <= {"no_review"}
        outcomes = sum(e["type"] in ("approved", "returned", "rejected") for e in doc["events"])
        assert report.skipped.get("no_review", 0) == outcomes
        assert "review" not in report.commands
        assert report.commands["submit"] == 60
        assert report.commands["dispatch"] == sum(e["type"] == "dispatched" for e in doc["events"])
        assert {ws.piece(s).status for s in ws.store.streams()} == {"accepted"}
        _same_assessment_as_export(ws)


def test_the_committee_profile_replays_with_nothing_skipped(tmp_path: Path) -> None:
    doc = _doc("committee", 48, 60)
    ws, report = _replay(tmp_path / "committee.db", "committee", doc)
    with ws:
        assert report.skipped == {}
        assert report.reviews["pass"] and report.reviews["return"] and report.reviews["reject"]
        types = _types(ws)
        assert types["resubmitted"] and types["dispatched"] and types["adopted"]
        _same_assessment_as_export(ws)
        generated = parse_dataset(doc, extra_roles=REVIEWER_ROLES["committee"])
        assert assess(ws.ruleset, generated, YEAR) == ws.assess(YEAR)


# ------------------------------------------------------------------ the demo's workflow mode


DEMO = ["--seed", "2024", "--year", "2024", "--people", "40", "--pieces", "30", "--years", "1"]


def test_the_demo_replays_into_a_fresh_database_each_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "out" / "district.db"
    assert demo_main([*DEMO, "--db", str(db)]) == 0
    first = capsys.readouterr().out
    Path(f"{db}-wal").write_bytes(b"stale")  # left behind by a crashed run
    assert demo_main([*DEMO, "--db", str(db)]) == 0
    second = capsys.readouterr().out
    assert first == second
    for word in (
        "来稿 30 篇",
        "审核决定",
        "退回修改",
        "不予上报",
        "报送",
        "采用",
        "批示",
        "办理结果",
        "最后一条事件",
        "文字关",
    ):
        assert word in first, word
    with Workspace.open(str(db), organization="district") as ws:
        assert len(ws.store.streams()) == 30
        _same_assessment_as_export(ws)


def test_the_demo_takes_the_profile_and_an_explicit_ruleset(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], rulesets_dir: Path
) -> None:
    db = tmp_path / "party.db"
    argv = [
        *DEMO,
        "--db",
        str(db),
        "--profile",
        "party",
        "--ruleset",
        str(rulesets_dir / "party.toml"),
    ]
    assert demo_main(argv) == 0
    assert "规则集无审核环节" in capsys.readouterr().out


def test_the_demo_does_not_delete_a_file_that_is_not_sqlite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    precious = tmp_path / "notes.txt"
    precious.write_text("不要删除", encoding="utf-8")
    assert demo_main([*DEMO, "--db", str(precious)]) == 1
    assert precious.read_text(encoding="utf-8") == "不要删除"
    assert "不是 SQLite" in capsys.readouterr().err
    assert demo_main([*DEMO, "--out", str(tmp_path / "x.json"), "--ruleset", "r.toml"]) == 2
    assert demo_main([*DEMO, "--out", str(tmp_path / "x.json"), "--db", str(tmp_path / "x.db")]) == 2
    assert demo_main(DEMO) == 2
    capsys.readouterr()
