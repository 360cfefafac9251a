"""The audit chain on SQLite: every command on record, refusals too, and every edit behind its back caught.

The tampering cases are :data:`sqmy_core.testing.audit_case.TAMPERINGS`
(the SQLAlchemy plugin runs the same ones on PostgreSQL and MariaDB).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

import pytest

from sqmy_core.errors import ConcurrencyConflict, PermissionDenied, SqmyError
from sqmy_core.model import Person
from sqmy_core.plugins import open_store
from sqmy_core.storage import EventStore
from sqmy_core.testing.audit_case import TAMPERINGS, check_erasure, check_tampering
from sqmy_core.testing.backup_case import CHECKS, T0, build_everything
from sqmy_core.workspace.audit import record_read
from sqmy_core.workspace.audit_verify import verify
from sqmy_core.workspace.workspace import Workspace
from tests.integration.test_backup import run

REPO = Path(__file__).resolve().parents[2]
RULESET = REPO / "rulesets" / "district.toml"


@pytest.fixture
def full(tmp_path: Path) -> str:
    """A workspace holding one of everything (the backup case), fresh for each test."""
    db = str(tmp_path / "full.db")
    with Workspace.open(db, ruleset=RULESET) as ws:
        build_everything(ws)
    return db


def _store(db: str) -> EventStore:
    return open_store(db, "district")


def _execute(db: str) -> object:
    def execute(statements: Sequence[str]) -> None:
        with sqlite3.connect(db) as conn:
            for statement in statements:
                conn.execute(statement.format(p=""))

    return execute


@pytest.mark.parametrize("name", sorted(TAMPERINGS))
def test_each_edit_behind_the_librarys_back_is_caught(full: str, name: str) -> None:
    check_tampering(TAMPERINGS[name], lambda: _store(full), _execute(full))  # type: ignore[arg-type]


def test_an_erased_contact_leaves_a_chain_that_verifies_and_forged_tombstones_fail(
    full: str,
) -> None:
    check_erasure(
        lambda: Workspace.open(full, organization="district"),
        _execute(full),  # type: ignore[arg-type]
        lambda: open_store("memory:", "district"),  # the plugin's test restores into SQLite
    )


def test_every_command_leaves_one_record(full: str) -> None:
    store = _store(full)
    try:
        records = store.audit_records()
    finally:
        store.close()
    actions = [r.entry.action for r in records]
    assert actions[:3] == ["apply_ruleset", "apply_ruleset", "register_unit"]
    assert actions.count("register_person") == 6 and actions.count("review") == 4
    assert actions[-2:] == ["submit", "withdraw"]
    review = next(r for r in records if r.entry.action == "review")
    assert (review.entry.object, review.entry.actor, review.entry.outcome) == (
        "piece:x1",
        "r1",
        "ok",
    )
    assert review.entry.at == T0 + timedelta(hours=2)
    assert review.recorded_at.utcoffset() == timedelta(0)  # the store's own clock, in UTC
    assert set(review.entry.stored) == {"events"}


def test_a_refused_command_leaves_only_its_record(full: str) -> None:
    with Workspace.open(full, organization="district") as ws:
        before = ws.history("x1")
        with pytest.raises(PermissionDenied):
            ws.review(
                "x1",
                actor="a",
                decision="pass",
                checks=CHECKS,
                now=T0 + timedelta(hours=9),
                request_id="req-7",
            )
        with pytest.raises(SqmyError):  # beyond the limits: refused before the store sees it
            ws.withdraw("x\ud800", actor="a", now=T0)
        assert ws.history("x1") == before
        *_, refused, limits = ws.store.audit_records()
        assert verify(ws.store).ok
    assert (refused.entry.action, refused.entry.actor, refused.entry.request_id) == (
        "review",
        "a",
        "req-7",
    )
    assert refused.entry.outcome == refused.entry.detail["codes"][0]
    assert refused.entry.detail["error"] == "PermissionDenied" and refused.entry.stored == {}
    assert limits.entry.object == "piece:x\\ud800" and limits.entry.outcome == "lone_surrogate"


def test_a_lost_race_is_on_record(full: str) -> None:
    with Workspace.open(full, organization="district") as ws:
        original = ws.store.append

        def late(stream: str, expected: int, *args: object, **kwargs: object) -> object:
            raise ConcurrencyConflict.one("", "stale_append", organization="district",
                                          stream=repr(stream), expected=expected, actual=9)

        ws.store.append = late  # type: ignore[method-assign]
        try:
            with pytest.raises(ConcurrencyConflict):
                later = T0 + timedelta(hours=3)  # records are kept in time order
                ws.review("x1", actor="r2", decision="pass", checks=CHECKS, now=later)
        finally:
            ws.store.append = original  # type: ignore[method-assign]
        last = ws.store.audit_records()[-1]
        assert (last.entry.action, last.entry.outcome) == ("review", "stale_append")
        assert ws.history("x1") == ws.store.read("x1") and verify(ws.store).ok


def test_a_repeat_is_on_record_and_stores_nothing(full: str) -> None:
    with Workspace.open(full, organization="district") as ws:
        events = len(list(ws.store.scan()))
        again = {"authors": ["a"], "actor": "a", "title": "一", "unit": "sec", "call": "c1"}
        ws.submit("x1", **again, now=T0 + timedelta(hours=9), idempotency_key="k-submit")
        last = ws.store.audit_records()[-1]
        assert (last.entry.action, last.entry.outcome, last.entry.stored) == (
            "submit",
            "repeated",
            {},
        )
        assert len(list(ws.store.scan())) == events and verify(ws.store).ok


def test_a_role_change_keeps_the_person_as_before(full: str) -> None:
    with Workspace.open(full, organization="district") as ws:
        ws.register_person(Person("r1", "社法委", ["member"], []), actor="s", now=T0)
        kept = [c.record["roles"] for c in ws.store.registry_history() if c.ident == "r1"]
        assert kept == [["reviewer_initial"], ["member"]]
        last = ws.store.audit_records()[-1]
        assert (last.entry.action, last.entry.object, last.entry.actor) == (
            "register_person",
            "person:r1",
            "s",
        )
        assert verify(ws.store).ok


def test_a_read_can_be_put_on_record(full: str) -> None:
    with Workspace.open(full, organization="district") as ws:
        before = ws.store.audit_marks()
        kept = record_read(
            ws.store, "read_contact", "clue:q1", actor="s", now=T0, request_id="r-9"
        )
        assert ws.store.audit_marks() == (before[0] + 1, before[1])
        assert ws.store.audit_records()[-1] == kept
        assert (kept.entry.outcome, kept.entry.stored, kept.entry.request_id) == ("ok", {}, "r-9")
        assert verify(ws.store).ok


def test_an_import_is_one_record_and_its_events_are_vouched_for(tmp_path: Path) -> None:
    db = str(tmp_path / "imported.db")
    data = REPO / "tests" / "integration" / "data" / "ledger_v2_2024.json"
    ruleset = REPO / "tests" / "integration" / "data" / "ledger_v2.toml"
    with Workspace.open(db, ruleset=ruleset) as ws:
        ws.apply_ruleset(ws.ruleset, actor="s", at=T0)
        ws.register_person(Person("s", "办公室", ["staff"], []), actor="s", now=T0)
        ws.import_file(data, actor="s", now=T0, request_id="imp-1")
        last = ws.store.audit_records()[-1]
        assert (last.entry.action, last.entry.actor, last.entry.request_id) == (
            "import",
            "s",
            "imp-1",
        )
        assert {"streams", "history"} <= set(last.entry.stored)
        assert last.entry.stored["streams"]["events"] == len(list(ws.store.scan()))
        assert verify(ws.store).ok
        seq = last.seq
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE events SET actor = 'nobody' WHERE position = 3")
    store = open_store(db, ws.ruleset.organization)
    try:
        assert [p.path for p in verify(store).problems] == [f"audit[{seq}]"]
    finally:
        store.close()


def test_a_refused_import_leaves_only_its_record(tmp_path: Path) -> None:
    db = str(tmp_path / "refused.db")
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "nothing"}', encoding="utf-8")
    with Workspace.open(db, ruleset=RULESET) as ws:
        with pytest.raises(SqmyError):
            ws.import_file(bad, actor="s")
        (only,) = ws.store.audit_records()
        assert (only.entry.action, only.entry.object) == ("import", f"dataset:{bad}")
        assert only.entry.outcome != "ok" and ws.store.streams() == []


_WRITER = """
import sys
from datetime import datetime, timedelta, timezone
from sqmy_core.model import Person
from sqmy_core.workspace.workspace import Workspace
from tests.integration.test_backup import run
db, n = sys.argv[1], sys.argv[2]
t0 = datetime(2024, 3, 1, 9, tzinfo=timezone(timedelta(hours=8)))
with Workspace.open(db, organization="district") as ws:
    for i in range(15):
        ws.register_person(Person(f"m{n}-{i}", "委员", ["member"], []))
        ws.submit(f"p{n}-{i}", authors=[f"m{n}-{i}"], actor=f"m{n}-{i}", now=t0, title="稿")
"""


def test_two_processes_appending_keep_the_chain_gap_free(full: str) -> None:
    store = _store(full)
    before = store.audit_marks()[0]
    store.close()
    env = {"PYTHONPATH": str(REPO / "src"), "PYTHONDONTWRITEBYTECODE": "1"}
    writers = [
        subprocess.Popen([sys.executable, "-c", _WRITER, full, str(n)], env=env) for n in (1, 2)
    ]
    assert [w.wait(timeout=300) for w in writers] == [0, 0]
    store = _store(full)
    try:
        records = store.audit_records()
        found = verify(store)
    finally:
        store.close()
    assert [r.seq for r in records] == list(range(1, before + 60 + 1))
    assert found.ok, [p.render("en") for p in found.problems]


def _digest(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_cli_verify_passes_reads_only_and_fails_naming_the_record(
    full: str, tmp_path: Path
) -> None:
    before = _digest(full)
    code, out, err = run("audit", "verify", "--db", full)
    assert (code, err) == (0, "") and "审计链完好" in out and "20 条审计记录" in out
    assert _digest(full) == before  # verify only reads
    point = tmp_path / "point.json"
    code, out, _ = run("--lang", "en", "audit", "checkpoint", "--db", full, "--out", str(point))
    assert code == 0 and "number 20" in out
    assert json.loads(point.read_text(encoding="utf-8"))["seq"] == 20
    code, out, _ = run("audit", "show", "--db", full, "--last", "2")
    assert code == 0 and [line.split("\t")[4] for line in out.splitlines()] == [
        "submit",
        "withdraw",
    ]
    with sqlite3.connect(full) as conn:
        conn.execute("UPDATE events SET actor = 'a' WHERE stream = 'x2' AND version = 2")
    code, out, _ = run("--lang", "en", "audit", "verify", "--db", full, "--checkpoint", str(point))
    assert code == 3
    assert out.splitlines()[0].startswith("audit[16]: the events this record wrote to stream 'x2'")
    assert "audit verification failed" in out.splitlines()[-1]


def test_cli_refuses_a_bad_checkpoint(full: str, tmp_path: Path) -> None:
    point = tmp_path / "point.json"
    point.write_text('{"format": "sqmy-audit-checkpoint/1", "organization": "other",'
                     ' "seq": 1, "hash": "00"}', encoding="utf-8")  # fmt: skip
    code, out, err = run("--lang", "en", "audit", "verify", "--db", full, "--checkpoint", str(point))
    assert (code, out) == (2, "")
    assert "hash" in err and "organization" in err and "'other'" in err
    code, out, err = run("audit", "verify", "--db", str(tmp_path / "none.db"))
    assert (code, out) == (2, "") and not (tmp_path / "none.db").exists()


def test_cli_verify_names_a_forged_tombstone_in_both_languages(full: str) -> None:
    with sqlite3.connect(full) as conn:  # a person's entry made a tombstone: no erasure asked
        conn.execute(
            "UPDATE registry_history SET record = ? WHERE kind = 'person' AND ident = 'r1'",
            (json.dumps({"sqmy_redacted": {"sha256": "1" * 64}}),),
        )
    conn.close()
    code, out, _ = run("audit", "verify", "--db", full)
    assert code == 3
    forged = [line for line in out.splitlines() if line.startswith("registry_history[")]
    assert len(forged) == 1 and "抹去" in forged[0] and "删除或到期记录" in forged[0]
    code, out, _ = run("--lang", "en", "audit", "verify", "--db", full)
    assert code == 3 and "no later erasure or expiry record lists it" in out

