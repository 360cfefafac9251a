"""Conformance: the audit chain and the registry's history (mixed into ``StoreConformance``).

Every backend numbers an organization's records from 1 without a gap,
chains them (each ``prev`` the hash before, each hash recomputable), takes
the time from its own clock unless a restore gives one, rolls a record
back with its transaction, keeps organizations apart, and keeps every put
of a registry record in the history -- also when several writers append at
once, from one store object or from two opens of the database -- and
redacts a record's history (an erased contact) into tombstones that keep
each entry's hash, with its transaction, in its organization only.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from itertools import pairwise
from typing import ClassVar

import pytest

from sqmy_core.storage import AuditEntry, EventStore, RegistryChange
from sqmy_core.storage.audit import (
    GENESIS,
    history_item,
    is_tombstone,
    record_hash,
    tombstone_item,
)

_Factory = Callable[[str], EventStore]
_AT = datetime(2024, 12, 20, 15, 30, 5, 250000, tzinfo=timezone(timedelta(hours=8)))


def entry(action: str = "review", outcome: str = "ok", **stored: object) -> AuditEntry:
    """An entry with defaults, for brevity in the tests."""
    return AuditEntry(
        action, "piece:稿件-1", outcome, actor="张三", at=_AT, request_id="req-1", stored=stored
    )


class _Boom(Exception):
    pass


class AuditConformance:
    """The audit tests; mixed into ``StoreConformance`` (do not subclass this alone)."""

    shares_between_opens: ClassVar[bool] = True
    race_rounds: ClassVar[int] = 10

    def test_records_are_numbered_and_chained(self, store: EventStore) -> None:
        assert store.audit_records() == [] and store.audit_marks() == (0, 0)
        before = datetime.now(UTC) - timedelta(minutes=5)
        first = store.append_audit(entry(events={"stream": "稿件-1", "first": 1, "last": 1}))
        second = store.append_audit(entry("withdraw", "wf_wrong_role"))
        assert (first.seq, first.prev, second.seq, second.prev) == (1, GENESIS, 2, first.hash)
        org = store.organization
        for r in (first, second):
            assert r.hash == record_hash(org, r.seq, r.recorded_at, r.entry, r.prev)
            assert r.recorded_at.utcoffset() is not None and r.recorded_at > before
        assert store.audit_records() == [first, second]
        assert store.audit_records(after=1) == [second]
        assert store.audit_marks() == (2, 0)
        kept = store.audit_records()[0].entry
        assert kept == entry(events={"stream": "稿件-1", "first": 1, "last": 1})

    def test_a_given_store_time_is_kept(self, store: EventStore) -> None:
        kept = store.append_audit(entry(), recorded_at=_AT)
        assert kept.recorded_at == _AT and store.audit_records()[0].recorded_at == _AT
        with pytest.raises(ValueError):
            store.append_audit(entry(), recorded_at=datetime(2024, 1, 1))
        assert store.audit_marks() == (1, 0)

    def test_floats_are_refused_and_nothing_is_written(self, store: EventStore) -> None:
        with pytest.raises(ValueError):
            store.append_audit(entry(points=1.5))
        assert store.audit_records() == []

    def test_a_record_rolls_back_with_its_transaction(self, store: EventStore) -> None:
        store.append_audit(entry())
        with pytest.raises(_Boom), store.transaction():
            store.append_audit(entry())
            store.put("unit", "u1", {"id": "u1"})
            assert store.audit_marks() == (2, 1)  # the block sees its own writes
            raise _Boom
        assert store.audit_marks() == (1, 0) and store.registry_history() == []
        assert store.append_audit(entry()).seq == 2  # the number rolled back is reused

    def test_every_put_is_kept_in_the_history(self, store: EventStore) -> None:
        assert store.put("person", "p1", {"id": "p1", "roles": ["reviewer_initial"]}) == 1
        assert store.put("unit", "u1", {"id": "u1"}) == 2
        assert store.put("person", "p1", {"id": "p1", "roles": ["member"]}) == 3
        assert store.registry_history() == [
            RegistryChange(1, "person", "p1", {"id": "p1", "roles": ["reviewer_initial"]}),
            RegistryChange(2, "unit", "u1", {"id": "u1"}),
            RegistryChange(3, "person", "p1", {"id": "p1", "roles": ["member"]}),
        ]
        assert [c.number for c in store.registry_history(after=2)] == [3]
        assert store.get("person", "p1") == {"id": "p1", "roles": ["member"]}

    def test_organizations_have_their_own_chains(self, opener: _Factory) -> None:
        a = opener("org-a")
        a.append_audit(entry())
        a.put("unit", "u1", {"id": "u1"})
        if not self.shares_between_opens:
            pytest.skip("this backend does not share data between two opens")
        b = opener("org-b")
        assert b.audit_records() == [] and b.registry_history() == []
        assert b.append_audit(entry()).seq == 1
        assert a.audit_marks() == (1, 1) and b.audit_marks() == (1, 0)

    def test_records_survive_reopening(self, opener: _Factory) -> None:
        store = opener("org-a")
        kept = store.append_audit(entry())
        store.close()
        if not self.shares_between_opens:
            pytest.skip("this backend does not share data between two opens")
        assert opener("org-a").audit_records() == [kept]

    def _race(self, stores: list[EventStore]) -> None:
        per_writer = self.race_rounds
        errors: list[BaseException] = []

        def run(s: EventStore, n: int) -> None:
            try:
                for i in range(per_writer):
                    with s.transaction():
                        s.append_audit(entry(f"writer-{n}-{i}"))
                        s.put("unit", f"u{n}-{i}", {"id": f"u{n}-{i}"})
            except BaseException as exc:  # reported below
                errors.append(exc)

        threads = [threading.Thread(target=run, args=(s, n)) for n, s in enumerate(stores)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        records = stores[0].audit_records()
        total = per_writer * len(stores)
        assert [r.seq for r in records] == list(range(1, total + 1))
        assert all(r.prev == p.hash for p, r in pairwise(records))
        assert [c.number for c in stores[0].registry_history()] == list(range(1, total + 1))

    def test_concurrent_appends_on_one_store_object_leave_no_gap(self, store: EventStore) -> None:
        self._race([store, store])

    def test_concurrent_appends_from_two_opens_leave_no_gap(self, opener: _Factory) -> None:
        first = opener("org-a")
        if not self.shares_between_opens:
            pytest.skip("this backend does not share data between two opens")
        self._race([first, opener("org-a")])

    # -- redaction (an erased contact) -------------------------------------------

    def _kept_contact(self, store: EventStore) -> list[RegistryChange]:
        """Clue q1 put three times -- sealed, plain, erased -- between other records."""
        store.put("clue", "q1", {"id": "q1", "summary": "路灯", "contact_sealed": "v1.k.密文一"})
        store.put("clue", "q2", {"id": "q2", "contact_sealed": "v1.k.别的线索"})
        store.put("clue", "q1", {"id": "q1", "summary": "路灯", "contact": "王金丝雀"})
        store.put("clue", "q1", {"id": "q1", "summary": "路灯", "contact_erased": {"by": "s"}})
        store.put("person", "q1", {"id": "q1", "contact": "同名的人员"})  # another kind
        return store.registry_history()

    def test_a_redaction_leaves_a_tombstone_with_the_entry_hash(self, store: EventStore) -> None:
        before = self._kept_contact(store)
        with store.transaction():
            done = store.redact_history("clue", ["q1"], ["contact_sealed", "contact"])
        assert [(c.number, c.kind, c.ident) for c in done] == [(1, "clue", "q1"), (3, "clue", "q1")]
        after = store.registry_history()
        assert [after[c.number - 1] for c in done] == done  # as stored now
        for was, now in zip(before, after, strict=True):
            assert (now.number, now.kind, now.ident) == (was.number, was.kind, was.ident)
            if now.number not in (1, 3):
                assert now.record == was.record
        for c in done:
            assert is_tombstone(c.record) and "王金丝雀" not in str(c.record)
            was = before[c.number - 1]
            assert tombstone_item(c.record) == history_item(c.number, "clue", "q1", was.record)
        assert store.get("clue", "q1") == before[3].record  # the registry itself is untouched
        assert store.redact_history("clue", ["q1"], ["contact_sealed", "contact"]) == []
        assert store.registry_history() == after  # a second redaction keeps the first hashes

    def test_many_records_are_redacted_at_once(self, store: EventStore) -> None:
        idents = [f"q{n}" for n in range(1, 1203)]  # more than one query's worth
        with store.transaction():
            for ident in idents:
                store.put("clue", ident, {"id": ident, "contact_sealed": f"v1.k.{ident}"})
            store.put("clue", "kept", {"id": "kept", "contact_sealed": "v1.k.留下"})
        done = store.redact_history("clue", [*reversed(idents), "q1", "nobody"], ["contact_sealed"])
        assert [c.number for c in done] == list(range(1, len(idents) + 1))
        assert [c.ident for c in done] == idents
        assert store.registry_history()[-1].record == {"id": "kept", "contact_sealed": "v1.k.留下"}

    def test_a_redaction_rolls_back_with_its_transaction(self, store: EventStore) -> None:
        before = self._kept_contact(store)
        with pytest.raises(_Boom), store.transaction():
            assert [c.number for c in store.redact_history("clue", ["q1"], ["contact"])] == [3]
            assert is_tombstone(store.registry_history()[2].record)
            raise _Boom
        assert store.registry_history() == before

    def test_a_redaction_needs_a_kind_idents_and_keys(self, store: EventStore) -> None:
        before = self._kept_contact(store)
        for kind, idents, keys in (
            ("clues", ["q1"], ["contact"]),
            ("clue", "q1", ["contact"]),
            ("clue", ["q1"], []),
            ("clue", ["q1"], "contact"),
        ):
            with pytest.raises((ValueError, TypeError)):
                store.redact_history(kind, idents, keys)  # type: ignore[arg-type]
        assert store.redact_history("clue", [], ["contact"]) == []
        assert store.redact_history("clue", ["nobody"], ["contact"]) == []
        assert store.registry_history() == before

    def test_a_redaction_keeps_to_its_organization(self, opener: _Factory) -> None:
        a = opener("org-a")
        if not self.shares_between_opens:
            pytest.skip("this backend does not share data between two opens")
        b = opener("org-b")
        self._kept_contact(a)
        kept = self._kept_contact(b)
        assert [c.number for c in a.redact_history("clue", ["q1"], ["contact_sealed"])] == [1]
        assert b.registry_history() == kept
