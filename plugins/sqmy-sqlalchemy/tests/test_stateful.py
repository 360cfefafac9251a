"""Invariants by machine (issue 11, item 6) on PostgreSQL and MariaDB.

The state machine of :mod:`sqmy_core.testing.stateful` runs for every
ruleset in the repository's ``rulesets/`` on each server, every command
checked against the same command on the built-in memory store (so every
backend answers as memory does, and assesses alike).  Each sequence is a
new organization in the test's schema or database.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sqmy_core._builtin.memory_store import MemoryStore
from sqmy_core.rules import load_ruleset
from sqmy_core.storage import EventStore
from sqmy_core.testing.stateful import run_machine, stateful_settings
from sqmy_sqlalchemy.store import SqlAlchemyStore

RULESETS = sorted((Path(__file__).resolve().parents[3] / "rulesets").glob("*.toml"))


def memory(organization: str) -> EventStore:
    return MemoryStore(organization)


@pytest.mark.parametrize("path", RULESETS, ids=[p.stem for p in RULESETS])
def test_the_invariants_hold_over_random_commands(db_url: str, path: Path) -> None:
    def server(organization: str) -> EventStore:
        return SqlAlchemyStore(db_url, organization)

    run_machine(load_ruleset(path), server, memory, stateful_settings(share=0.5))
