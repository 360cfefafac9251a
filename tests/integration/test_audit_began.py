"""Audit began here: a workspace kept before the chain verifies once migrated, and still catches
a later edit of its older rows (a ``sqmy-backup/1`` restore gets the same record:
``tests/integration/test_backup.py``).

The SQLAlchemy plugin runs the same check on PostgreSQL and MariaDB
(:func:`sqmy_core.testing.audit_case.check_began`).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from sqmy_core._builtin.memory_store import MemoryStore
from sqmy_core._builtin.sqlite_schema import MIGRATIONS
from sqmy_core._builtin.sqlite_store import SqliteStore
from sqmy_core.storage import EventStore
from sqmy_core.storage.audit_began import BEGAN, begin_audit
from sqmy_core.testing.audit_case import chainless_rows, check_began
from sqmy_core.testing.backup_case import build_everything
from sqmy_core.workspace.audit_verify import verify
from sqmy_core.workspace.workspace import Workspace
from tests.integration.test_backup import run

RULESET = Path(__file__).resolve().parents[2] / "rulesets" / "district.toml"


@pytest.fixture
def kept() -> EventStore:
    """A workspace's content, built once in memory (its chain is not what is kept)."""
    ws = Workspace.open("memory:", ruleset=RULESET)
    build_everything(ws)
    return ws.store


def schema_3_file(path: Path, rows: dict[str, list[dict[str, Any]]]) -> None:
    """A file as release 3 left it: the schema of versions 1 to 3 only, and these rows."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY)")
        for number, steps in enumerate(MIGRATIONS[:3], 1):
            for step in steps:
                conn.execute(step) if isinstance(step, str) else step(conn)
            conn.execute("INSERT INTO schema_version (version) VALUES (?)", (number,))
        for table, listed in rows.items():
            for row in listed:
                names = ", ".join(row)
                marks = ", ".join("?" * len(row))
                conn.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(row.values()))
    conn.close()


def _execute(path: Path) -> Any:
    def execute(statements: list[str]) -> None:
        with sqlite3.connect(path) as conn:
            for statement in statements:
                conn.execute(statement.format(p=""))

    return execute


def test_a_schema_3_file_verifies_once_migrated(tmp_path: Path, kept: EventStore) -> None:
    db = tmp_path / "old.db"
    schema_3_file(db, chainless_rows(kept))
    store = SqliteStore(db, "district")
    check_began(store, kept, _execute(db), lambda: SqliteStore(db, "district"))


def test_every_organization_of_the_file_gets_its_record(tmp_path: Path, kept: EventStore) -> None:
    rows = chainless_rows(kept)
    other = {t: [{**r, "organization": "其他"} for r in listed] for t, listed in rows.items()}
    db = tmp_path / "old.db"
    schema_3_file(db, {t: rows[t] + other[t] for t in rows})
    with SqliteStore(db, "district") as first:
        assert verify(first).ok
    with SqliteStore(db, "其他") as second:  # written by the same migration, not on this open
        (record,) = second.audit_records()
        assert record.entry.action == BEGAN and record.entry.object == "organization:其他"
        assert record.entry.detail == {"since": "schema 3"} and verify(second).ok


def test_a_failed_migration_leaves_the_file_at_schema_3(
    tmp_path: Path, kept: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "old.db"
    schema_3_file(db, chainless_rows(kept))

    def fail(store: EventStore, since: str) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("sqmy_core._builtin.sqlite_store.begin_audit", fail)
    with pytest.raises(RuntimeError):
        SqliteStore(db, "district")
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT MAX(version) FROM schema_version").fetchone() == (3,)
    conn.close()


def test_no_record_for_a_new_file_nor_for_a_chain_emptied_later(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    with SqliteStore(db, "district") as store:
        assert store.audit_records() == []
        store.put("unit", "u1", {"id": "u1"})
    with SqliteStore(db, "district") as store:  # at schema 4 already: never vouched for again
        assert store.audit_records() == []
        assert [p.code for p in verify(store).problems] == ["audit_history_unrecorded"]


def test_begin_audit_writes_once_and_nothing_for_an_empty_store(kept: EventStore) -> None:
    assert begin_audit(MemoryStore("district"), "test") is None
    assert begin_audit(kept, "test") is None  # its chain has records: nothing to vouch for


def test_sqmy_audit_verify_passes_on_an_upgraded_file(tmp_path: Path, kept: EventStore) -> None:
    db = tmp_path / "old.db"
    schema_3_file(db, chainless_rows(kept))
    code, out, err = run("--lang", "en", "audit", "verify", "--db", str(db))
    assert (code, err) == (0, "") and "the audit chain holds" in out and "1 audit records" in out
    code, out, _ = run("audit", "show", "--db", str(db))
    assert code == 0 and out.splitlines()[0].split("\t")[4] == BEGAN
