"""Expected versions and bound keys on SQLite files: separate processes racing, schema 4 files.

The same guarantees on every backend, threads only, are in
:mod:`sqmy_core.testing.conformance_guards`; here what only a file shows:
processes (each its own connection, as OA workers are) racing for one
instruction, and a file written before fingerprints were kept.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from sqmy_core.errors import ConcurrencyConflict, IdempotencyKeyReused, TransitionNotAllowed
from sqmy_core.model import Clue
from sqmy_core.testing.backup_case import CHECKS, T0, build_everything
from sqmy_core.workspace.backup import backup_text, restore
from sqmy_core.workspace.workspace import Workspace
from tests.integration.test_backup import run

REPO = Path(__file__).resolve().parents[2]
RULESET = REPO / "rulesets" / "district.toml"
PROCESSES = 16
ROUNDS = 5


@pytest.fixture
def full(tmp_path: Path) -> str:
    """A SQLite workspace holding one of everything a backup keeps (keys included)."""
    db = str(tmp_path / "full.db")
    with Workspace.open(db, ruleset=RULESET) as ws:
        build_everything(ws)
    return db


def _approved(ws: Workspace, piece: str) -> int:
    """Submit and approve a piece through the district's three levels; its version."""
    ws.submit(piece, authors=["a"], actor="a", now=T0, title="关于加装电梯的建议")
    for n, actor in enumerate(("r1", "r2", "r3"), 1):
        ws.review(piece, actor=actor, decision="pass", checks=CHECKS, now=T0 + timedelta(hours=n))
    return ws.piece(piece).version


def _clerk(db: str, pieces: list[tuple[str, int]], barrier: Any, results: Any) -> None:
    """One OA worker process: each round, on the version every worker saw, the same instruction."""
    with Workspace.open(db, organization="district") as ws:
        for piece, seen in pieces:
            barrier.wait(timeout=120)
            try:
                ws.record_instruction(
                    piece,
                    actor="s",
                    level="city",
                    rank="principal",
                    now=T0 + timedelta(days=2),
                    expected_version=seen,
                )
                results.put((piece, "written"))
            except ConcurrencyConflict:
                results.put((piece, "conflict"))


def test_processes_recording_one_instruction_on_one_version_write_it_once(full: str) -> None:
    with Workspace.open(full, organization="district") as ws:
        pieces = [(f"race-{n}", _approved(ws, f"race-{n}")) for n in range(ROUNDS)]
    # forked after every connection of this process is closed: none crosses into a worker
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(PROCESSES), context.Queue()
    workers = [
        context.Process(target=_clerk, args=(full, pieces, barrier, results))
        for _ in range(PROCESSES)
    ]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=300) for _ in range(PROCESSES * ROUNDS)]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    with Workspace.open(full, organization="district") as ws:
        for piece, _ in pieces:
            mine = [o for p, o in outcomes if p == piece]
            assert sorted(mine) == ["conflict"] * (PROCESSES - 1) + ["written"], piece
            assert [e.type for e in ws.history(piece)].count("instructed") == 1


def _as_schema_4(db: str) -> None:
    """Take a file back to schema 4 as that release left it: no fingerprints, no record index."""
    with sqlite3.connect(db) as conn:
        conn.execute("ALTER TABLE idempotency DROP COLUMN fingerprint")
        conn.execute("DROP INDEX registry_history_by_record")
        conn.execute("DELETE FROM schema_version WHERE version = 5")
    conn.close()


def test_a_schema_4_file_keeps_its_keys_working_and_verifies(full: str, tmp_path: Path) -> None:
    _as_schema_4(full)
    with sqlite3.connect(full) as conn:
        columns = [row[1] for row in conn.execute("PRAGMA table_info(idempotency)")]
        kept = conn.execute("SELECT key FROM idempotency ORDER BY key").fetchall()
    conn.close()
    assert columns == ["organization", "key", "stream", "first_version", "last_version"]
    assert ("k-submit",) in kept
    with Workspace.open(full, organization="district") as ws:  # migrated on open
        recalled = ws.store.recall("k-submit")
        assert recalled is not None and recalled.fingerprint is None
        before = ws.piece("x1").version
        # a key kept without a fingerprint is honoured as it always was: any repeat is one
        again = ws.submit("x1", authors=["a"], actor="a", now=T0, title="另一标题",
                          idempotency_key="k-submit")  # fmt: skip
        assert again.version == before
        # keys used from now on are bound
        seen = _approved(ws, "x9")
        ws.dispatch("x9", actor="s", route="direct", now=T0 + timedelta(days=1),
                    idempotency_key="k-new")  # fmt: skip
        with pytest.raises(IdempotencyKeyReused):
            ws.dispatch("x9", actor="s", route="bulletin", now=T0 + timedelta(days=1),
                        idempotency_key="k-new")  # fmt: skip
        assert ws.piece("x9").version == seen + 1
        text = backup_text(ws.store)
    with sqlite3.connect(full) as conn:
        assert [r[0] for r in conn.execute("SELECT version FROM schema_version")] == [1, 2, 3, 4, 5]
    conn.close()
    code, out, err = run("audit", "verify", "--db", full)
    assert code == 0, out + err
    # the backup keeps the unbound key unbound and the bound one bound, on restore too
    import json

    keys = {k["key"]: k["fingerprint"] for k in json.loads(text)["idempotency"]}
    assert keys["k-submit"] is None and keys["k-new"] is not None and len(keys["k-new"]) == 64
    with Workspace.open(str(tmp_path / "restored.db"), ruleset=RULESET) as other:
        restore(other.store, json.loads(text), "backup.json")
        assert backup_text(other.store) == text
        assert other.store.recall("k-new").fingerprint == keys["k-new"]  # type: ignore[union-attr]


def test_a_backup_key_without_a_fingerprint_field_restores_unbound(
    full: str, tmp_path: Path
) -> None:
    """A ``sqmy-backup/2`` written before fingerprints were kept has no such field."""
    import json

    with Workspace.open(full, organization="district") as ws:
        doc = json.loads(backup_text(ws.store))
    for key in doc["idempotency"]:
        del key["fingerprint"]
    with Workspace.open(str(tmp_path / "old.db"), ruleset=RULESET) as other:
        restore(other.store, doc, "old-backup.json")
        recalled = other.store.recall("k-review")
        assert recalled is not None and recalled.fingerprint is None
    doc["idempotency"][0]["fingerprint"] = "不是摘要"
    with Workspace.open(str(tmp_path / "bad.db"), ruleset=RULESET) as bad:
        with pytest.raises(Exception) as caught:
            restore(bad.store, doc, "bad-backup.json")
        assert "idempotency[0].fingerprint" in str(caught.value)
        assert bad.store.idempotency_keys() == []


def test_a_clue_converts_once_bound_to_its_request(full: str) -> None:
    with Workspace.open(full, organization="district") as ws:
        ws.register_clue(Clue("q9", "mailbox", T0, "路灯不亮"))
        args: dict[str, Any] = {"authors": ["a"], "actor": "s", "now": T0, "title": "路灯"}
        first = ws.convert_clue("q9", "x-q9", **args)
        later = {**args, "now": T0 + timedelta(hours=1)}
        assert ws.convert_clue("q9", "x-q9", **later).version == first.version  # a repeat
        for other in ({"piece_id": "x-q9", "title": "另一标题"}, {"piece_id": "x-qq"}):
            piece = other.pop("piece_id")
            with pytest.raises(TransitionNotAllowed) as caught:
                ws.convert_clue("q9", piece, **{**args, **other})
            assert caught.value.problems[0].code == "clue_converted"
        assert ws.converted_into("q9") == "x-q9" and ws.store.read("x-qq") == []
        ws.dispatch("x2", actor="s", route="direct", now=T0 + timedelta(days=1), request_id="oa-5")
        used = next(k for k in ws.store.idempotency_keys() if k.startswith("sqmy.request."))
        with pytest.raises(IdempotencyKeyReused):  # a key of another request: refused
            ws.convert_clue("q9", "x-q9", **args, idempotency_key=used)
