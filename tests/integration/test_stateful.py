"""Invariants by machine (issue 11, item 6) on the built-in stores.

The state machine of :mod:`sqmy_core.testing.stateful` runs for every
ruleset in ``rulesets/`` on SQLite, each command run on the memory store
too and both checked alike (every invariant is checked on each of the two;
the export of the SQLite store is imported into a fresh memory store).  The
SQLAlchemy plugin's tests run it on PostgreSQL and MariaDB.
``SQMY_STATEFUL_EXAMPLES`` / ``SQMY_STATEFUL_STEPS`` make it run longer.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from sqmy_core._builtin.memory_store import MemoryStore
from sqmy_core._builtin.sqlite_store import SqliteStore
from sqmy_core.errors import BackupError
from sqmy_core.model import Person
from sqmy_core.rules import load_ruleset
from sqmy_core.storage import EventStore
from sqmy_core.testing.stateful import run_machine
from sqmy_core.workspace.backup import backup_text, restore
from sqmy_core.workspace.workspace import Workspace

RULESETS = sorted((Path(__file__).resolve().parents[2] / "rulesets").glob("*.toml"))


def memory(organization: str) -> EventStore:
    return MemoryStore(organization)


@pytest.mark.parametrize("path", RULESETS, ids=[p.stem for p in RULESETS])
def test_the_invariants_hold_over_random_commands(path: Path, tmp_path: Path) -> None:
    files = itertools.count()

    def sqlite(organization: str) -> EventStore:
        return SqliteStore(tmp_path / f"{next(files)}.db", organization)

    run_machine(load_ruleset(path), sqlite, memory)


def test_a_backup_without_a_ruleset_version_restores_given_its_ruleset() -> None:
    """Found by the state machine: a store whose commands ran under a pinned ruleset
    (``Workspace.open(url, ruleset=...)``, never applied) keeps no ruleset version, so its
    registry's review roles are checked, on restore, against the ruleset the caller names."""
    rs = load_ruleset(next(p for p in RULESETS if p.stem == "committee"))
    ws = Workspace(MemoryStore(rs.organization), rs)
    ws.register_person(Person("r0", "编辑", ["editor"]))
    saved = backup_text(ws.store)
    with pytest.raises(BackupError):  # without it, "editor" is no role the contract knows
        restore(MemoryStore(rs.organization), json.loads(saved), "backup.json")
    target = MemoryStore(rs.organization)
    restore(target, json.loads(saved), "backup.json", rulesets=[rs])
    assert backup_text(target) == saved
    other = load_ruleset(next(p for p in RULESETS if p.stem == "district"))
    with pytest.raises(BackupError) as refused:  # another organization's ruleset is no help
        restore(MemoryStore(rs.organization), json.loads(saved), "backup.json", rulesets=[other])
    assert refused.value.problems[0].path == "ruleset"
