"""Nobody acts outside their term of office: not through the commands, not through an import.

Found by ``make trust``'s separation-of-duties matrix: a reviewer or clerk
whose ``until`` had passed still reviewed, dispatched and recorded
outcomes, by command and by import.  Now the guard, given the moment (the
command's ``now``, the imported event's time), refuses with
``wf_out_of_office``; the OA menu asked with ``now`` offers nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from sqmy_core._builtin.memory_store import MemoryStore
from sqmy_core.errors import DatasetError, PermissionDenied
from sqmy_core.model import Person, Unit
from sqmy_core.testing import DatasetBuilder
from sqmy_core.workspace.files import load_ruleset
from sqmy_core.workspace.workspace import Workspace

DISTRICT = load_ruleset(Path(__file__).resolve().parents[2] / "rulesets" / "district.toml")
T0 = datetime(2024, 3, 1, 9, 0, tzinfo=timezone(timedelta(hours=8)))
CHECKS = ("political", "policy", "factual", "format", "wording")
LEFT = T0 + timedelta(days=10)


def _office() -> Workspace:
    ws = Workspace(MemoryStore("district"), DISTRICT)
    ws.register_unit(Unit("sec", "经济界", "sector"))
    ws.register_person(Person("a", "a", ["member"], ["sec"]))
    ws.register_person(Person("r1", "r1", ["reviewer_initial"], [], until=LEFT))
    ws.register_person(Person("s", "s", ["staff"], [], since=T0 + timedelta(days=1)))
    ws.submit("x1", authors=["a"], actor="a", now=T0, title="信息", unit="sec")
    return ws


def test_a_reviewer_who_left_is_refused_and_nothing_is_written() -> None:
    ws = _office()
    after = LEFT + timedelta(hours=1)
    assert ws.allowed_actions("x1", "r1", after) == []
    assert "review.pass" in ws.allowed_actions("x1", "r1", LEFT - timedelta(hours=1))
    with pytest.raises(PermissionDenied) as refused:
        ws.review("x1", actor="r1", decision="pass", checks=CHECKS, now=after)
    (problem,) = refused.value.problems
    assert problem.code == "wf_out_of_office"
    assert "r1" in refused.value.render("zh") and "不在任" in refused.value.render("zh")
    assert "not in office" in refused.value.render("en")
    assert ws.piece("x1").version == 1
    ws.review("x1", actor="r1", decision="pass", checks=CHECKS, now=LEFT - timedelta(hours=1))
    assert ws.piece("x1").version == 2  # in office the same reviewer may


def test_an_act_before_taking_office_is_refused() -> None:
    ws = _office()
    for n, who in enumerate(("r1",), start=1):
        ws.review("x1", actor=who, decision="pass", checks=CHECKS, now=T0 + timedelta(hours=n))
    ws.register_person(Person("r2", "r2", ["reviewer_deputy"], []))
    ws.register_person(Person("r3", "r3", ["reviewer_chair"], []))
    for n, who in enumerate(("r2", "r3"), start=2):
        ws.review("x1", actor=who, decision="pass", checks=CHECKS, now=T0 + timedelta(hours=n))
    with pytest.raises(PermissionDenied) as refused:
        ws.dispatch("x1", actor="s", route="direct", now=T0 + timedelta(hours=5), request_id="q")
    assert refused.value.problems[0].code == "wf_out_of_office"
    ws.dispatch("x1", actor="s", route="direct", now=T0 + timedelta(days=2), request_id="q")


def _dataset(review_day: int, second_day: int) -> DatasetBuilder:
    """Two pieces of the same shape, the initial review of the second one on ``second_day``."""
    b = DatasetBuilder().unit("sec", "sector").person("a", "member", units=("sec",))
    b.person("r1", "reviewer_initial", until=LEFT.isoformat()).person("s", "staff")
    for piece, day in (("x1", review_day), ("x2", second_day)):
        b.piece(piece, "a", submitted="2024-03-01 09:00", unit="sec")
        b.event(piece, "reviewed", f"2024-03-{day:02d} 10:00", stage="initial", decision="pass",
                actor="r1")  # fmt: skip
    return b


def test_an_imported_act_after_leaving_is_refused_naming_the_record() -> None:
    ws = Workspace(MemoryStore("district"), DISTRICT)
    with pytest.raises(DatasetError) as refused:
        ws.import_dataset(_dataset(2, 20).build(), actor="s")
    assert [(p.path, p.code) for p in refused.value.problems] == [("events[1]", "wf_out_of_office")]
    assert ws.store.streams() == []  # the first piece, of the same shape, is not stored either
    ws.import_dataset(_dataset(2, 3).build(), actor="s")  # both while in office
    assert sorted(ws.store.streams()) == ["x1", "x2"]
