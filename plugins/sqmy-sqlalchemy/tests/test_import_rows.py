"""The SQLAlchemy store's bulk import (``BulkImport.import_rows``): COPY on PostgreSQL,
multi-row INSERT on MariaDB, with the built-in store's semantics.

It stores what the record-by-record import stores (the exports are equal),
its audit claim made from the columns is the claim its rows give read back,
and a refused or failing import changes nothing at all.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from sqmy_core.kit import BulkImport, NewEvent
from sqmy_sqlalchemy.schema import events, registry, registry_history
from sqmy_sqlalchemy.store import SqlAlchemyStore

REPO = Path(__file__).resolve().parents[3]
T0 = "2024-01-01T08:00:00+08:00"
ROWS = [
    ("p1", 1, "submitted", T0, "2024-01-01T00:00:00.000000", None, '{"authors":["a"],"title":"一"}'),
    ("p1", 2, "approved", "2024-01-02T08:00:00+08:00", "2024-01-02T00:00:00.000000", "r",
     '{"stage":"initial","note":"引号 \\" 反斜杠 \\\\ 制表\\t 😀"}'),
    ("p2", 1, "submitted", T0, "2024-01-01T00:00:00.000000", "a", '{"authors":[],"title":"二"}'),
]  # fmt: skip


def _counts(store: SqlAlchemyStore) -> tuple[int, int, int]:
    with store.engine.connect() as conn:
        return tuple(  # type: ignore[return-value]
            int(conn.scalar(sa.select(sa.func.count()).select_from(t)) or 0)
            for t in (events, registry, registry_history)
        )


@pytest.mark.parametrize("org", ["district", "o'r", "'; DROP TABLE sqmy_events; --", "组织\t甲"])
def test_rows_are_stored_under_the_organization_exactly(
    db_url: str, opened: list[SqlAlchemyStore], org: str
) -> None:
    store = SqlAlchemyStore(db_url, org)
    other = SqlAlchemyStore(db_url, org + "x")
    opened += [store, other]
    assert isinstance(store, BulkImport)
    assert store.import_rows([], ["p1", "p2"], iter(ROWS)) == []
    got = [(e.stream, e.version, e.type, e.at.isoformat(), e.actor, e.data) for e in store.scan()]
    assert got == [(r[0], r[1], r[2], r[3], r[5], json.loads(r[6])) for r in ROWS]
    assert store.streams() == ["p1", "p2"] and store.version("p1") == 2
    with store.engine.connect() as conn:  # the text as given: what an audit claim hashed
        stored = conn.scalars(sa.select(events.c.data).order_by(events.c.position)).all()
    assert stored == [r[6] for r in ROWS]
    assert other.streams() == [] and list(other.scan()) == []
    # appends go on from the imported versions
    assert store.append("p1", 2, [NewEvent("adopted", store.read("p1")[0].at)]).version == 3


def test_registry_rows_replace_records_and_number_their_history_on(
    db_url: str, opened: list[SqlAlchemyStore]
) -> None:
    store = SqlAlchemyStore(db_url, "org")
    opened.append(store)
    store.put("person", "a", {"id": "a", "name": "旧"})
    store.put("unit", "u", {"id": "u", "name": "单位"})
    rows = [
        ("person", "b", '{"id":"b","name":"乙"}'),
        ("person", "a", '{"id":"a","name":"新"}'),
        ("call", "c", '{"id":"c","title":"约稿"}'),
        ("person", "b", '{"id":"b","name":"乙二"}'),  # twice in one import: put twice
    ]
    assert store.import_rows(rows, [], []) == []
    assert store.get("person", "a") == {"id": "a", "name": "新"}
    assert store.get("person", "b") == {"id": "b", "name": "乙二"}
    assert [d["id"] for d in store.list("person")] == ["a", "b"]  # a keeps its place
    history = [(c.number, c.kind, c.ident, c.record["name" if c.kind != "call" else "title"])
               for c in store.registry_history()]  # fmt: skip
    assert history == [
        (1, "person", "a", "旧"),
        (2, "unit", "u", "单位"),
        (3, "person", "b", "乙"),
        (4, "person", "a", "新"),
        (5, "call", "c", "约稿"),
        (6, "person", "b", "乙二"),
    ]
    assert store.registry_version("person", "a") == 2
    assert store.registry_version("person", "b") == 2
    with pytest.raises(ValueError):
        store.import_rows([("nonsense", "x", "{}")], [], [])
    assert store.audit_marks()[1] == 6  # a refused kind wrote nothing


def test_an_import_of_streams_already_there_changes_nothing(
    db_url: str, opened: list[SqlAlchemyStore]
) -> None:
    store = SqlAlchemyStore(db_url, "org")
    opened.append(store)
    assert store.import_rows([], ["p1", "p2"], ROWS) == []
    before = _counts(store)
    more = [("p3", 1, *ROWS[0][2:]), *ROWS[2:]]
    taken = store.import_rows([("person", "z", '{"id":"z"}')], ["p3", "p2"], more)
    assert taken == ["p2"]
    assert _counts(store) == before and store.get("person", "z") is None


def test_an_import_that_fails_half_way_changes_nothing(
    db_url: str, opened: list[SqlAlchemyStore]
) -> None:
    store = SqlAlchemyStore(db_url, "org")
    opened.append(store)
    store.put("unit", "u", {"id": "u", "name": "单位"})
    before = _counts(store)
    broken = [*ROWS, ROWS[1]]  # the last row repeats a stream version: UNIQUE refuses it
    driver = store.engine.dialect.loaded_dbapi  # COPY and executemany are the driver's own
    with pytest.raises((IntegrityError, driver.IntegrityError)):
        store.import_rows([("person", "z", '{"id":"z"}')], ["p1", "p2"], iter(broken))
    assert _counts(store) == before
    assert store.streams() == [] and store.get("person", "z") is None
    assert store.import_rows([], ["p1", "p2"], ROWS) == []  # and the store is usable


def _doc() -> dict[str, Any]:
    from sqmy_core.tools.synth import generate

    doc = generate("district", seed=5, year=2024, pieces=60)
    doc["units"][1]["name"] = '名称 "带引号" \\ 反斜杠'
    doc["pieces"][0]["title"] = "标题\n换行 \x01 😀"
    doc["pieces"][2]["submitted_at"] = "2023-01-02T09:30:00-05:00"
    doc["pieces"][3]["submitted_at"] = "2023-01-02T10:00:00-00:00"
    return doc


@pytest.mark.parametrize("fast", [True, False], ids=["columns", "records"])
def test_an_import_stores_what_the_sqlite_store_stores_and_claims_it(
    db_url: str,
    opened: list[SqlAlchemyStore],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fast: bool,
) -> None:
    """Through both readers (the fast reader's columns, the reference reader's records): the
    export equals the SQLite store's, and the claim is the one a read-back gives."""
    if fast:
        pytest.importorskip("polars")
        pytest.importorskip("msgspec")
    from sqmy_core._builtin.sqlite_store import SqliteStore
    from sqmy_core.workspace import transfer
    from sqmy_core.workspace.audit_claims import import_claim
    from sqmy_core.workspace.files import load_ruleset

    monkeypatch.setattr(transfer, "FAST_IMPORT_BYTES", 0 if fast else 1 << 40)
    paths: list[str] = []
    real_tables, real_rows = transfer.import_tables, SqlAlchemyStore.import_rows

    def columns(*args: Any, **kwargs: Any) -> Any:
        paths.append("columns")
        return real_tables(*args, **kwargs)

    def rows(self: SqlAlchemyStore, *args: Any) -> Any:
        paths.append("rows")
        return real_rows(self, *args)

    monkeypatch.setattr(transfer, "import_tables", columns)
    monkeypatch.setattr(SqlAlchemyStore, "import_rows", rows)
    ruleset = load_ruleset(REPO / "rulesets" / "district.toml")
    doc = _doc()
    path = tmp_path / "d.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    actor = next(p["id"] for p in doc["people"] if "staff" in p["roles"])
    store = SqlAlchemyStore(db_url, ruleset.organization)
    opened.append(store)
    store.put("unit", "kept", {"id": "kept", "name": "已有", "kind": "sector", "parent": None})
    with store.transaction():
        streams, history = len(store.streams()), store.audit_marks()[1]
        imported, claim = transfer.import_file_claimed(store, ruleset, path, actor=actor)
        assert claim == import_claim(store, streams, history)
    assert paths == (["columns", "rows"] if fast else ["rows"])  # in bulk, either way
    assert imported.pieces == len(doc["pieces"]) and claim["streams"]["events"] > imported.events
    with SqliteStore(tmp_path / "s.db", ruleset.organization) as sq:
        sq.put("unit", "kept", {"id": "kept", "name": "已有", "kind": "sector", "parent": None})
        transfer.import_file(sq, ruleset, path, actor=actor)
        assert transfer.export_dataset(store) == transfer.export_dataset(sq)
        assert [(e.stream, e.version, e.type, e.at, e.actor, e.data) for e in store.scan()] == [
            (e.stream, e.version, e.type, e.at, e.actor, e.data) for e in sq.scan()
        ]


def test_imports_of_two_organizations_do_not_wait_for_each_other(
    db_url: str, opened: list[SqlAlchemyStore]
) -> None:
    """Each organization has its own write lock; the table's analysis (PostgreSQL), held to
    the commit, is skipped rather than waited for while another import holds it."""
    a = SqlAlchemyStore(db_url, "a", lock_timeout=2)
    b = SqlAlchemyStore(db_url, "b", lock_timeout=2)
    opened += [a, b]
    outcome: list[object] = []

    def other() -> None:
        try:
            outcome.append(b.import_rows([("person", "p", '{"id":"p"}')], ["p1", "p2"], ROWS))
        except Exception as exc:  # reported below, not lost in the thread
            outcome.append(exc)

    with a.transaction():
        assert a.import_rows([], ["p1", "p2"], ROWS) == []
        thread = threading.Thread(target=other)
        thread.start()
        thread.join(timeout=30)
        assert outcome == [[]]  # done while a's import is still open
    assert [e.stream for e in a.scan()] == [e.stream for e in b.scan()] == ["p1", "p1", "p2"]
