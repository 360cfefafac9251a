"""Conformance: expected versions and bound idempotency keys (mixed into ``StoreConformance``).

What every backend must keep for :mod:`sqmy_core.workspace.guards` to hold:
the fingerprint stored with a key and handed back by ``recall`` and by a
repeated append (the first one, whatever the repeat brings); the registry
version of a record and a ``put`` refused at another expected version,
atomically.  Then the same through a Workspace on the backend: two clerks
recording the same instruction on the version they both saw give exactly
one instruction and one :class:`~sqmy_core.errors.ConcurrencyConflict`
each for the others, every round; a key reused for another request is
refused; a command repeated within one request id has no second effect;
an additive command without any guard is refused.  Every refusal writes
nothing but its audit record.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from functools import partial
from typing import Any, ClassVar

import pytest

from sqmy_core.errors import (
    ConcurrencyConflict,
    GuardRequired,
    IdempotencyKeyReused,
    SqmyError,
)
from sqmy_core.model import Person
from sqmy_core.storage import EventStore, NewEvent
from sqmy_core.testing.conformance_records import _workspace as records_workspace
from sqmy_core.testing.conformance_records import ruleset_11
from sqmy_core.testing.racing import race
from sqmy_core.workspace.backup import backup_text
from sqmy_core.workspace.guards import REQUIRED, fingerprint
from sqmy_core.workspace.workspace import Workspace

_Factory = Callable[[str], EventStore]
_BJ = timezone(timedelta(hours=8))
_T0 = datetime(2024, 3, 1, 9, 0, tzinfo=_BJ)
_FP_A = fingerprint("dispatch", {"piece_id": "p1", "route": "direct"})
_FP_B = fingerprint("dispatch", {"piece_id": "p1", "route": "bulletin"})

RACERS = 16
"""Threads recording the same instruction at once in :meth:`GuardConformance.test_two_clerks_on_one_version_give_one_instruction`."""


def _event(type_: str = "submitted") -> NewEvent:
    return NewEvent(type_, _T0, "p001")


def _without_audit(store: EventStore) -> dict[str, Any]:
    """The store's backup minus the audit chain: what a refusal must leave as it was."""
    doc = json.loads(backup_text(store))
    doc.pop("audit", None)
    return dict(doc)


class GuardConformance:
    """Expected versions and bound keys on every backend."""

    shares_between_opens: ClassVar[bool] = True
    guard_race_rounds: ClassVar[int] = 5
    """Rounds of each raced test in the suite (``make trust`` runs hundreds)."""

    def _opens(self, opener: _Factory, count: int) -> list[EventStore]:
        """``count`` stores on the test's database: separate opens where the backend shares
        them (as separate processes would be), else the one store."""
        first = opener("org-a")
        if not self.shares_between_opens:
            return [first] * count
        return [first, *(opener("org-a") for _ in range(count - 1))]

    # -- the store --------------------------------------------------------------

    def test_a_key_keeps_the_fingerprint_of_its_first_request(self, opener: _Factory) -> None:
        store = opener("org-a")
        first = store.append("p1", 0, [_event()], idempotency_key="k1", fingerprint=_FP_A)
        assert first.fingerprint == _FP_A and not first.repeated
        again = store.append("p1", 1, [_event("x")], idempotency_key="k1", fingerprint=_FP_B)
        assert again.repeated and again.fingerprint == _FP_A and store.version("p1") == 1
        recalled = store.recall("k1")
        assert recalled is not None and recalled.fingerprint == _FP_A
        store.append("p1", 1, [_event("x")], idempotency_key="k2")  # a key kept without one
        unbound = store.recall("k2")
        assert unbound is not None and unbound.fingerprint is None
        if self.shares_between_opens:  # kept, not remembered by this object
            seen = opener("org-a").recall("k1")
            assert seen is not None and seen.fingerprint == _FP_A

    @pytest.mark.parametrize(
        ("key", "given"),
        [(None, _FP_A), ("k1", "ABC"), ("k1", _FP_A.upper()), ("k1", _FP_A[:-1])],
        ids=["no-key", "not-hex", "upper-case", "short"],
    )
    def test_a_fingerprint_is_a_digest_kept_with_a_key(
        self, store: EventStore, key: str | None, given: str
    ) -> None:
        with pytest.raises(ValueError):
            store.append("p1", 0, [_event()], idempotency_key=key, fingerprint=given)
        assert store.version("p1") == 0 and store.idempotency_keys() == []

    def test_a_put_at_another_expected_version_writes_nothing(self, store: EventStore) -> None:
        assert store.registry_version("person", "a") == 0
        store.put("person", "a", {"id": "a", "n": 1}, expected_version=0)
        assert store.registry_version("person", "a") == 1
        with pytest.raises(ConcurrencyConflict) as caught:
            store.put("person", "a", {"id": "a", "n": 2}, expected_version=0)
        problem = caught.value.problems[0]
        assert problem.code == "record_version_stale"
        assert (problem.params["expected"], problem.params["found"]) == (0, 1)
        assert "'a'" in caught.value.render("en")
        assert store.get("person", "a") == {"id": "a", "n": 1}
        assert len(store.registry_history()) == 1
        store.put("person", "a", {"id": "a", "n": 2}, expected_version=1)
        store.put("person", "a", {"id": "a", "n": 3})  # no expectation: as before
        assert store.registry_version("person", "a") == 3
        assert store.registry_version("unit", "a") == 0  # per kind

    def test_racing_puts_on_one_expected_version_leave_one(self, opener: _Factory) -> None:
        stores = self._opens(opener, 4)
        for round_ in range(self.guard_race_rounds):
            ident = f"r{round_}"

            def put(store: EventStore, n: int, ident: str = ident) -> object:
                return store.put("person", ident, {"n": n}, expected_version=0)

            outcomes = race([partial(put, s, n) for n, s in enumerate(stores * 2)])
            assert sum(isinstance(o, int) for o in outcomes) == 1, outcomes
            assert all(isinstance(o, int | ConcurrencyConflict) for o in outcomes), outcomes
            assert stores[0].registry_version("person", ident) == 1

    # -- through a Workspace ----------------------------------------------------

    def test_two_clerks_on_one_version_give_one_instruction(self, opener: _Factory) -> None:
        stores = self._opens(opener, RACERS)
        first = records_workspace(stores[0])
        clerks = [first, *(Workspace(s, ruleset_11()) for s in stores[1:])]
        for round_ in range(self.guard_race_rounds):
            piece = f"r{round_}"
            seen = first.submit(piece, authors=["a"], actor="s", now=_T0, title="题").version

            def instruct(ws: Workspace, piece: str = piece, seen: int = seen) -> object:
                at = _T0 + timedelta(days=1)
                return ws.record_instruction(
                    piece, actor="s", level="city", rank="principal", now=at, expected_version=seen
                )

            outcomes = race([partial(instruct, ws) for ws in clerks])
            conflicts = [o for o in outcomes if isinstance(o, ConcurrencyConflict)]
            assert len(conflicts) == RACERS - 1, outcomes
            assert [e.type for e in first.history(piece)] == ["submitted", "instructed"]

    def test_a_stale_expected_version_is_refused_before_deciding(self, store: EventStore) -> None:
        ws = records_workspace(store)
        before = _without_audit(store)
        with pytest.raises(ConcurrencyConflict) as caught:
            ws.dispatch("x1", actor="s", route="direct", now=_T0, expected_version=7)
        assert caught.value.problems[0].params == {"piece": "'x1'", "expected": 7, "found": 1}
        with pytest.raises(ConcurrencyConflict):  # a new piece must not exist yet: 0
            ws.submit("x1", authors=["a"], actor="s", now=_T0, title="t", expected_version=0)
        with pytest.raises(ConcurrencyConflict):
            ws.submit("x2", authors=["a"], actor="s", now=_T0, title="t", expected_version=1)
        # refused, but even a refused decision (a member cannot dispatch) is never reached
        with pytest.raises(ConcurrencyConflict):
            ws.dispatch("x1", actor="a", route="direct", now=_T0, expected_version=0)
        assert _without_audit(store) == before
        last = store.audit_records()[-1].entry
        assert (last.action, last.outcome) == ("dispatch", "expected_version_stale")
        assert (
            ws.submit(
                "x2", authors=["a"], actor="s", now=_T0, title="t", expected_version=0
            ).version
            == 1
        )

    def test_a_key_is_bound_to_its_first_request(self, store: EventStore) -> None:
        ws = records_workspace(store)
        ws.submit("x2", authors=["a"], actor="s", now=_T0, title="二")
        done = ws.dispatch("x1", actor="s", route="direct", now=_T0, idempotency_key="oa-1")
        later = _T0 + timedelta(hours=1)  # a retry comes later, on the version it then read
        again = ws.dispatch(
            "x1", actor="s", route="direct", now=later, idempotency_key="oa-1", expected_version=2
        )
        assert again.version == done.version == 2
        before = _without_audit(store)
        for piece, route in (("x1", "bulletin"), ("x2", "direct")):  # another route, piece
            with pytest.raises(IdempotencyKeyReused) as caught:
                ws.dispatch(piece, actor="s", route=route, now=_T0, idempotency_key="oa-1")
            assert "'oa-1'" in caught.value.render("zh") and "'oa-1'" in caught.value.render("en")
        with pytest.raises(IdempotencyKeyReused):  # another command
            ws.record_adoption("x1", actor="s", body="cppcc-city", now=_T0, idempotency_key="oa-1")
        assert _without_audit(store) == before
        outcomes = [r.entry.outcome for r in store.audit_records()[-3:]]
        assert outcomes == ["idempotency_key_reused"] * 3

    def test_a_command_repeated_within_one_request_has_no_second_effect(
        self, store: EventStore
    ) -> None:
        ws = records_workspace(store)
        args: dict[str, Any] = {"actor": "s", "body": "cppcc-city", "now": _T0}
        args["request_id"] = "req-7"
        assert ws.record_adoption("x1", **args).version == 2
        again = {**args, "now": _T0 + timedelta(seconds=2)}  # the double click, a moment later
        assert ws.record_adoption("x1", **again).version == 2
        assert store.audit_records()[-1].entry.outcome == "repeated"
        # another command in the same request happens; the same one in another request too
        ws.record_instruction("x1", actor="s", level="city", rank="deputy", now=_T0,
                              request_id="req-7")  # fmt: skip
        ws.record_adoption("x1", **{**args, "request_id": "req-8"})
        types = [e.type for e in ws.history("x1")]
        assert types == ["submitted", "adopted", "instructed", "adopted"]

    def test_an_additive_command_without_a_guard_is_refused(self, store: EventStore) -> None:
        ws = records_workspace(store)
        calls: dict[str, Callable[[], object]] = {
            "dispatch": lambda: ws.dispatch("x1", actor="s", route="direct", now=_T0),
            "record_adoption": lambda: ws.record_adoption(
                "x1", actor="s", body="cppcc-city", now=_T0
            ),
            "record_instruction": lambda: ws.record_instruction(
                "x1", actor="s", level="city", rank="deputy", now=_T0
            ),
            "record_handling": lambda: ws.record_handling(
                "x1", actor="s", outcome="implemented", now=_T0
            ),
            "record_penalty": lambda: ws.record_penalty("x1", "plagiarism", at=_T0, actor="s"),
        }
        assert set(calls) == REQUIRED
        before = _without_audit(store)
        for name, call in calls.items():
            with pytest.raises(GuardRequired) as caught:
                call()
            assert caught.value.problems[0].params == {"command": name}
            assert name in caught.value.render("zh") and "expected_version" in caught.value.render(
                "en"
            )
        assert _without_audit(store) == before
        # state-machine commands need none: a repeat is refused by the workflow itself
        ws.register_person(Person("n", "新委员", ["member"]))
        ws.submit("x3", authors=["n"], actor="n", now=_T0, title="三")
        ws.withdraw("x3", actor="n", now=_T0)
        with pytest.raises(SqmyError):
            ws.withdraw("x3", actor="n", now=_T0)

    def test_a_register_at_another_version_is_refused(self, store: EventStore) -> None:
        ws = records_workspace(store)
        seen = ws.record_version("person", "b")
        assert seen == 1 and ws.record_version("person", "zz") == 0
        ws.register_person(Person("b", "李四", ["member"], ["u1"]), expected_version=seen)
        before = _without_audit(store)
        with pytest.raises(ConcurrencyConflict):  # the other clerk, on the version both saw
            ws.register_person(Person("b", "李四四", ["member"], ["u1"]), expected_version=seen)
        with pytest.raises(ConcurrencyConflict):  # 0: must not exist yet
            ws.register_person(Person("a", "张三", ["member"], ["u1"]), expected_version=0)
        with pytest.raises(ConcurrencyConflict):
            ws.record_adjustment(
                "j1", 1, at=_T0, reason="r", approved_by="s", person="a", expected_version=1
            )
        assert _without_audit(store) == before
        ws.record_adjustment(
            "j1", 1, at=_T0, reason="r", approved_by="s", person="a", expected_version=0
        )
        assert ws.record_version("adjustment", "j1") == 1
