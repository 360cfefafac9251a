"""The audit chain on PostgreSQL and MariaDB: the same tampering cases as on SQLite, each caught.

Each case builds :func:`~sqmy_core.testing.backup_case.build_everything`
on its own schema / database, edits it with plain SQL (tables prefixed
``sqmy_``), and ``sqmy audit verify`` must name the record.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from sqmy_core.cli.main import cli
from sqmy_core.plugins import get_plugin_manager, open_store
from sqmy_core.storage import EventStore
from sqmy_core.testing.audit_case import (
    TAMPERINGS,
    chainless_rows,
    check_began,
    check_erasure,
    check_tampering,
)
from sqmy_core.testing.backup_case import build_everything
from sqmy_core.workspace.workspace import Workspace
from sqmy_sqlalchemy import migrations

REPO = Path(__file__).resolve().parents[3]
RULESET = REPO / "rulesets" / "district.toml"
PLUGIN = "sqmy_sqlalchemy.plugin"


def _built(url: str) -> None:
    with Workspace.open(url, ruleset=RULESET, plugins=[PLUGIN]) as ws:
        build_everything(ws)


def _store(url: str) -> EventStore:
    return open_store(url, "district", get_plugin_manager([PLUGIN], load_entry_points=False))


def _executor(engine: sa.Engine) -> Callable[[Sequence[str]], None]:
    """Runs a case's statements, formatted for this plugin's tables, in one transaction."""

    def execute(statements: Sequence[str]) -> None:
        with engine.begin() as conn:
            for statement in statements:
                conn.exec_driver_sql(statement.format(p="sqmy_").replace("%", "%%"))

    return execute


@pytest.mark.parametrize("name", sorted(TAMPERINGS))
def test_each_edit_behind_the_librarys_back_is_caught(db_url: str, name: str) -> None:
    _built(db_url)
    engine = sa.create_engine(db_url, poolclass=sa.pool.NullPool)
    execute = _executor(engine)
    try:
        check_tampering(TAMPERINGS[name], lambda: _store(db_url), execute)
    finally:
        engine.dispose()


def test_an_erased_contact_leaves_a_chain_that_verifies_and_forged_tombstones_fail(
    db_url: str, tmp_path: Path
) -> None:
    _built(db_url)
    engine = sa.create_engine(db_url, poolclass=sa.pool.NullPool)
    execute = _executor(engine)
    try:
        check_erasure(
            lambda: Workspace.open(db_url, organization="district", plugins=[PLUGIN]),
            execute,
            lambda: open_store(str(tmp_path / "restored.db"), "district"),  # another backend
        )
    finally:
        engine.dispose()


def test_a_schema_3_database_verifies_once_migrated(db_url: str) -> None:
    """Written by the plugin's own migrations 1-3, filled, then opened: one ``audit_began``
    record (in the migration to 4) vouches for it all, and an older row edited is caught."""
    with Workspace.open("memory:", ruleset=RULESET) as ws:
        build_everything(ws)
        kept = chainless_rows(ws.store)
        engine = sa.create_engine(db_url, poolclass=sa.pool.NullPool)
        try:
            assert migrations.migrate(engine, db_url, steps=migrations.MIGRATIONS[:3]) == 3
            with engine.begin() as conn:
                for table, rows in kept.items():
                    conn.execute(sa.insert(sa.table(f"sqmy_{table}", *map(sa.column, rows[0]))), rows)
            check_began(_store(db_url), ws.store, _executor(engine), lambda: _store(db_url))
        finally:
            engine.dispose()


def test_cli_verify_on_a_server(db_url: str) -> None:
    _built(db_url)
    result = CliRunner().invoke(cli, ["--lang", "en", "audit", "verify", "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "the audit chain holds" in result.stdout and "20 audit records" in result.stdout
