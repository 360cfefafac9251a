"""Conformance: the ``sqmy-dataset/1.1`` records on a store (mixed into ``StoreConformance``).

Every backend keeps the registry kinds ``adjustment`` and ``activity`` like
the others, and a :class:`~sqmy_core.workspace.workspace.Workspace` on it
keeps every 1.1 addition: imported attributes, ``until``, piece text,
``penalized`` events, adjustments and activities come back in the export,
the assessment of the workspace is the assessment of its export, the new
commands (penalty, adjustment, activity) are recorded with who and when,
a repeat has no second effect, and a refused command changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from fractions import Fraction

import pytest

from sqmy_core.errors import DatasetError, PermissionDenied, SqmyError, TransitionNotAllowed
from sqmy_core.model import Person, Unit
from sqmy_core.rules import Ruleset, parse_ruleset
from sqmy_core.scoring import assess
from sqmy_core.storage import EventStore
from sqmy_core.testing.builder import DatasetBuilder
from sqmy_core.workspace.backup import backup_text
from sqmy_core.workspace.workspace import Workspace

_Factory = Callable[[str], EventStore]
_BJ = timezone(timedelta(hours=8))
_T0 = datetime(2024, 3, 1, 9, 0, tzinfo=_BJ)

RULESET_11 = """
format = "sqmy-ruleset/2"
organization = "org-a"
title = "1.1 records"
[scope]
roles = ["member"]
[vocabulary]
penalty_kinds = [{ id = "plagiarism", name = "抄袭" }]
activity_kinds = [{ id = "meeting", name = "参加会议" }]
[attributes.degree]
type = "choice"
values = ["full", "half"]
on = ["adopted"]
[attributes.grade]
type = "number"
on = ["person", "unit", "piece", "activity"]
[attributes.remote]
type = "boolean"
on = ["activity"]
[[sections]]
id = "sqmy"
label = "社情民意"
[[sections]]
id = "duty"
label = "履职"
[scoring.split]
mode = "full"
[[scoring.rules]]
id = "adopted"
event = "adopted"
by = "attributes.degree"
values = { full = 10, half = 5 }
[[penalties]]
id = "plagiarism"
on = "penalized"
kinds = ["plagiarism"]
entity = "person"
count = "year"
steps = [{ points = -3 }]
[adjustments]
count = true
[[activities]]
id = "meeting"
kinds = ["meeting"]
points = 2
section = "duty"
"""


def ruleset_11() -> Ruleset:
    return parse_ruleset(RULESET_11, "conformance_records")


def _workspace(store: EventStore) -> Workspace:
    ws = Workspace(store, ruleset_11())
    ws.register_unit(Unit("u1", "经济界", "sector", attributes={"grade": Fraction(3, 2)}))
    ws.register_person(Person("a", "张三", ["member"], ["u1"], until=_T0 + timedelta(days=300)))
    ws.register_person(Person("b", "李四", ["member"], ["u1"]))
    ws.register_person(Person("s", "办公室", ["staff"]))
    ws.submit("x1", authors=["a", "b"], actor="s", now=_T0, title="关于…的建议", unit="u1")
    return ws


class RecordConformance:
    """The 1.1 records on every backend."""

    def test_adjustment_and_activity_are_registry_kinds(self, store: EventStore) -> None:
        store.put("adjustment", "j2", {"id": "j2", "points": -2})
        store.put("activity", "j2", {"id": "j2", "kind": "meeting"})
        store.put("adjustment", "j1", {"id": "j1", "points": "2.5"})
        assert [d["id"] for d in store.list("adjustment")] == ["j2", "j1"]
        assert store.get("activity", "j2") == {"id": "j2", "kind": "meeting"}
        assert store.get("adjustment", "j1") == {"id": "j1", "points": "2.5"}
        assert store.list("unit") == []

    def test_import_export_keeps_every_11_addition(self, store: EventStore) -> None:
        ws = Workspace(store, ruleset_11())
        b = DatasetBuilder()
        b.unit("u1", "sector", attributes={"grade": Fraction(5, 2)})
        b.person("a", "member", units=("u1",), until="2024-10-01", attributes={"grade": 1})
        b.person("b", "member", units=("u1",))
        b.person("s", "staff", units=("u1",))  # imports, and records what names no actor
        b.piece(
            "x1", "a", "b", submitted="2024-03-01", unit="u1", text="全文", attributes={"grade": 2}
        )
        b.event("x1", "adopted", "2024-04-01", body="cppcc-city", attributes={"degree": "full"})
        b.penalize("x1", "2024-05-01", "plagiarism", persons=("b",))
        b.adjustment("j1", Fraction(-5, 2), "2024-06-01", person="a", approved_by="b")
        b.activity("m1", "b", "meeting", "2024-07-01", attributes={"remote": True})
        ds = b.build()
        ws.import_dataset(ds, actor="s")
        out = ws.export()
        assert out.version == "1.1"
        assert out.units == ds.units and out.people == ds.people
        assert out.adjustments == ds.adjustments and out.activities == ds.activities
        assert out.pieces == ds.pieces
        assert sorted(out.events, key=lambda e: e.at) == sorted(ds.events, key=lambda e: e.at)
        assert ws.assess(2024) == assess(ws.ruleset, ds, 2024)

    def test_the_new_commands_are_recorded_and_assessed(self, store: EventStore) -> None:
        ws = _workspace(store)
        state = ws.record_penalty(
            "x1",
            "plagiarism",
            at=_T0 + timedelta(days=2),
            actor="s",
            persons=["b"],
            note="查实",
            expected_version=1,
        )
        assert state.version == 2
        last = ws.history("x1")[-1]
        assert (last.type, last.actor, last.at) == ("penalized", "s", _T0 + timedelta(days=2))
        assert dict(last.data) == {"kind": "plagiarism", "persons": ["b"], "note": "查实"}
        adj = ws.record_adjustment(
            "j1", "-2.5", at=_T0, reason="迟报", approved_by="s", person="a", section="sqmy"
        )
        assert adj.points == Fraction(-5, 2)
        ws.record_activity(
            "m1", "a", "meeting", at=_T0, attributes={"grade": Fraction(4)}, note="全会"
        )
        out = ws.export()
        assert out.version == "1.1"
        assert [e.type for e in out.events] == ["penalized"]
        assert out.events[0].persons == ("b",)
        assert out.adjustments == (adj,)
        assert out.activities[0].attributes == {"grade": Fraction(4)}
        result = ws.assess(2024)
        assert result.person("b").points == -3
        assert result.person("a").points == Fraction(-5, 2) + 2

    def test_repeats_have_no_second_effect(self, store: EventStore) -> None:
        ws = _workspace(store)
        for _ in range(2):
            ws.record_penalty("x1", "plagiarism", at=_T0, actor="s", idempotency_key="p-1")
            ws.record_adjustment("j1", 3, at=_T0, reason="获奖", approved_by="s", unit="u1")
            ws.record_activity("m1", "b", "meeting", at=_T0)
        assert [e.type for e in ws.history("x1")] == ["submitted", "penalized"]
        assert len(ws.adjustments()) == 1 and len(ws.activities()) == 1

    @pytest.mark.parametrize(
        "command",
        [
            "penalty_by_member",
            "penalty_undeclared",
            "penalty_not_author",
            "penalty_unknown_piece",
            "adjustment_unknown_section",
            "adjustment_both",
            "adjustment_unknown_person",
            "adjustment_other_record",
            "adjustment_naive_time",
            "activity_undeclared",
            "activity_undeclared_attribute",
            "activity_unknown_person",
        ],
    )
    def test_a_refused_command_changes_nothing(self, store: EventStore, command: str) -> None:
        ws = _workspace(store)
        ws.record_adjustment("j0", 1, at=_T0, reason="获奖", approved_by="s", person="b")
        before = json.loads(backup_text(store))
        calls: dict[str, Callable[[], object]] = {
            "penalty_by_member": lambda: ws.record_penalty(
                "x1", "plagiarism", at=_T0, actor="a", expected_version=1
            ),
            "penalty_undeclared": lambda: ws.record_penalty(
                "x1", "copying", at=_T0, actor="s", expected_version=1
            ),
            "penalty_not_author": lambda: ws.record_penalty(
                "x1", "plagiarism", at=_T0, actor="s", persons=["s"], expected_version=1
            ),
            "penalty_unknown_piece": lambda: ws.record_penalty(
                "x9", "plagiarism", at=_T0, actor="s", expected_version=1
            ),
            "adjustment_unknown_section": lambda: ws.record_adjustment(
                "j1", 1, at=_T0, reason="r", approved_by="s", person="a", section="nope"
            ),
            "adjustment_both": lambda: ws.record_adjustment(
                "j1", 1, at=_T0, reason="r", approved_by="s", person="a", unit="u1"
            ),
            "adjustment_unknown_person": lambda: ws.record_adjustment(
                "j1", 1, at=_T0, reason="r", approved_by="nobody", person="a"
            ),
            "adjustment_other_record": lambda: ws.record_adjustment(
                "j0", 2, at=_T0, reason="获奖", approved_by="s", person="b"
            ),
            "adjustment_naive_time": lambda: ws.record_adjustment(
                "j1", 1, at=datetime(2024, 3, 1), reason="r", approved_by="s", person="a"
            ),
            "activity_undeclared": lambda: ws.record_activity("m1", "a", "survey", at=_T0),
            "activity_undeclared_attribute": lambda: ws.record_activity(
                "m1", "a", "meeting", at=_T0, attributes={"degree": "full"}
            ),
            "activity_unknown_person": lambda: ws.record_activity("m1", "zz", "meeting", at=_T0),
        }
        with pytest.raises(SqmyError) as exc:
            calls[command]()
        if command == "penalty_by_member":
            assert isinstance(exc.value, PermissionDenied)
        elif command.startswith("penalty_") and command != "penalty_unknown_piece":
            assert isinstance(exc.value, TransitionNotAllowed)
        elif not command.startswith("penalty_"):
            assert isinstance(exc.value, DatasetError)
        after = json.loads(backup_text(store))
        chain, earlier = after.pop("audit"), before.pop("audit")
        assert after == before  # nothing changed but the chain, which got the refusal's record
        assert chain[: len(earlier)] == earlier and len(chain) == len(earlier) + 1
        assert chain[-1]["entry"]["outcome"] == exc.value.problems[0].code
