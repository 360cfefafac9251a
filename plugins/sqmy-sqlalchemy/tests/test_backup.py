"""Backup -> restore -> backup gives the same bytes on PostgreSQL and MariaDB (and across backends)."""

from __future__ import annotations

import json
from pathlib import Path

from sqmy_core.plugins import get_plugin_manager, open_store
from sqmy_core.testing.backup_case import build_everything, overdue_now
from sqmy_core.workspace.backup import backup_text, restore
from sqmy_core.workspace.workspace import Workspace

REPO = Path(__file__).resolve().parents[3]
RULESET = REPO / "rulesets" / "district.toml"


def test_backup_round_trip_on_a_server(db_url: str, tmp_path: Path) -> None:
    pm = get_plugin_manager(["sqmy_sqlalchemy.plugin"], load_entry_points=False)
    sqlite = str(tmp_path / "source.db")
    with Workspace.open(sqlite, ruleset=RULESET) as ws:
        build_everything(ws)
        queue = ws.overdue(overdue_now())
        saved = backup_text(ws.store)
    server = open_store(db_url, "district", pm)
    try:
        restore(server, json.loads(saved), "b.json")
        assert backup_text(server) == saved  # SQLite -> server -> the same bytes
    finally:
        server.close()
    with Workspace.open(db_url, organization="district", plugins=["sqmy_sqlalchemy.plugin"]) as ws:
        assert ws.overdue(overdue_now()) == queue
        assert [v.number for v in ws.ruleset_versions()] == [1, 2]
        again = backup_text(ws.store)
    assert again == saved
    back = open_store("memory:", "district")
    restore(back, json.loads(again), "again.json")
    assert backup_text(back) == saved
