"""The SQLite store's paged scan reads each page in position order without sorting the rest.

A page that sorts every later row makes a scan of the whole store
quadratic (a city-size backup, audit check or import read-back took
seconds per page).  The plans are checked, not times.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from sqmy_core._builtin.sqlite_store import SqliteStore
from sqmy_core.storage import NewEvent

T0 = datetime(2024, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"types": ["approved"]},
        {"types": ["approved", "adopted"]},
        {"since": T0 + timedelta(days=3)},
        {"until": T0 + timedelta(days=3)},
        {"types": ["approved"], "since": T0},
    ],
    ids=["all", "one type", "two types", "since", "until", "type and since"],
)
def test_no_page_sorts_the_rows_after_it(tmp_path: Path, filters: dict[str, Any]) -> None:
    with SqliteStore(tmp_path / "s.db", "org") as store:
        with store.transaction():  # one commit
            for n in range(700):  # more than one page
                kind = ("submitted", "approved", "adopted")[n % 3]
                store.append(f"p{n}", 0, [NewEvent(kind, T0 + timedelta(hours=n), "a", {"n": n})])
        statements: list[str] = []
        store._conn.set_trace_callback(statements.append)
        got = [e.data["n"] for e in store.scan(**filters)]
        store._conn.set_trace_callback(None)
        pages = [s for s in statements if s.startswith("SELECT") and "LIMIT" in s]
        assert len(pages) >= 1
        with sqlite3.connect(tmp_path / "s.db") as conn:
            for sql in pages:
                plan = " | ".join(row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql))
                assert "TEMP B-TREE" not in plan, plan
    # and the scan still gives what it gave: the matching events in position order
    wanted = [
        n
        for n in range(700)
        if (
            "types" not in filters
            or ("submitted", "approved", "adopted")[n % 3] in filters["types"]
        )
        and ("since" not in filters or T0 + timedelta(hours=n) >= filters["since"])
        and ("until" not in filters or T0 + timedelta(hours=n) < filters["until"])
    ]
    assert got == wanted


def test_the_frames_reader_scans_the_table_in_position_order(tmp_path: Path) -> None:
    """Each batch of the frames reader walks the table along its rowid (``position``) from the
    last one read: no index walk, no sort -- so reading a whole store is linear."""
    from sqmy_core._builtin import sqlite_frames

    with SqliteStore(tmp_path / "s.db", "org") as store:
        store.append("p1", 0, [NewEvent("submitted", T0, "a", {"title": "一", "authors": ["a"]})])
    with sqlite3.connect(tmp_path / "s.db") as conn:
        plan = [row[3] for row in conn.execute(
            "EXPLAIN QUERY PLAN " + sqlite_frames._BATCH_SQL, ("org", 0, 50_000))]
    on_events = [step for step in plan if " events " in f"{step} "]
    assert on_events == ["SEARCH events USING INTEGER PRIMARY KEY (rowid>?)"], plan
    assert not any("TEMP B-TREE" in step for step in plan), plan  # no sort
