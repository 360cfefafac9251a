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


def test_registry_rows_replace_records_and_number_their_history_on(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "s.db", "org") as store:
        store.put("person", "a", {"id": "a", "name": "旧"})
        store.put("unit", "u", {"id": "u", "name": "单位"})
        registry = [
            ("person", "b", '{"id":"b","name":"乙"}'),
            ("person", "a", '{"id":"a","name":"新"}'),
            ("call", "c", '{"id":"c","title":"约稿"}'),
        ]
        assert store.import_rows(registry, [], []) == []
        assert store.get("person", "a") == {"id": "a", "name": "新"}
        assert [d["id"] for d in store.list("person")] == ["a", "b"]  # a keeps its place
        history = [(c.number, c.kind, c.ident, c.record["id"]) for c in store.registry_history()]
        assert history == [
            (1, "person", "a", "a"),
            (2, "unit", "u", "u"),
            (3, "person", "b", "b"),
            (4, "person", "a", "a"),
            (5, "call", "c", "c"),
        ]
        assert store.registry_version("person", "a") == 2
        with pytest.raises(ValueError):
            store.import_rows([("nonsense", "x", "{}")], [], [])
        assert store.audit_marks()[1] == 5  # a refused kind wrote nothing
