"""The SQLite store's bulk insert writes the organization as an SQL literal: any name is kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from sqmy_core._builtin.sqlite_store import SqliteStore


@pytest.mark.parametrize("org", ["district", "o'r", "o''r'", "'; DROP TABLE events; --", "o\x00r"])
def test_rows_are_stored_under_the_organization_exactly(tmp_path: Path, org: str) -> None:
    rows = [
        ("p1", 1, "submitted", "2024-01-01T08:00:00+08:00", "2024-01-01T00:00:00.000000", None,
         '{"authors":["a"],"title":"一"}'),
        ("p1", 2, "approved", "2024-01-02T08:00:00+08:00", "2024-01-02T00:00:00.000000", "r",
         '{"stage":"initial"}'),
    ]  # fmt: skip
    with SqliteStore(tmp_path / "s.db", org) as store:
        assert store.import_rows([], ["p1"], iter(rows)) == []
        assert [(e.version, e.type, e.actor) for e in store.read("p1")] == [
            (1, "submitted", None),
            (2, "approved", "r"),
        ]
        assert store.event_count() == 2
        other = SqliteStore(tmp_path / "s.db", org + "x")
        assert other.streams() == [] and other.event_count() == 0
        other.close()
