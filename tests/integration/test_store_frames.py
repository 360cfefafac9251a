"""The SQLite store read straight into frames equals the frames of its export."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("polars")

from sqmy_core._builtin.memory_store import MemoryStore
from sqmy_core._builtin.sqlite_store import SqliteStore
from sqmy_core.errors import PluginError
from sqmy_core.interchange import parse_dataset
from sqmy_core.rules.declared import declarations_of
from sqmy_core.scoring.columnar.frames import frames_from_dataset
from sqmy_core.storage import EventStore, NewEvent
from sqmy_core.testing.frames import frames_differences
from sqmy_core.tools.synth import generate
from sqmy_core.workspace.files import load_ruleset
from sqmy_core.workspace.store_frames import frames_from_store
from sqmy_core.workspace.transfer import export_dataset, import_dataset
from tests.conftest import staff_of

ROOT = Path(__file__).resolve().parents[2]
DISTRICT = load_ruleset(ROOT / "rulesets" / "district.toml")
ROLES = DISTRICT.reviewer_roles
T0 = datetime(2024, 3, 1, 9, tzinfo=timezone(timedelta(hours=8)))


def _doc(v11: bool) -> dict[str, Any]:
    doc = generate("district", seed=9, year=2024, pieces=60)
    doc["pieces"][0]["submitted_at"] = "2023-01-01T00:00:00Z"
    if v11:
        doc["format"] = "sqmy-dataset/1.1"
        doc["people"][0]["until"] = "2030-01-01T00:00:00Z"
        doc["pieces"][1]["body"] = "正文"
    return doc


def _store(v11: bool) -> SqliteStore:
    store = SqliteStore(":memory:", DISTRICT.organization)
    dataset = parse_dataset(_doc(v11), extra_roles=ROLES, declarations=declarations_of(DISTRICT))
    import_dataset(store, DISTRICT, dataset, actor=staff_of(_doc(False)))
    return store


def _submitted_and_handled(
    store: SqliteStore, stream: str, data: dict[str, Any], *, by_author: bool = False
) -> None:
    """A piece of the first person's, and its handling an hour later with this ``data``
    (by the author, or with no actor)."""
    author = export_dataset(store).people[0].id
    store.append(stream, 0, [
        NewEvent("submitted", T0, author, {"title": "t", "authors": [author]}),
        NewEvent("handled", T0 + timedelta(hours=1), author if by_author else None, data),
    ])  # fmt: skip


def assert_equal(store: EventStore) -> None:
    reference = frames_from_dataset(export_dataset(store, ROLES))
    assert frames_differences(frames_from_store(store, ROLES), reference) == []


@pytest.mark.parametrize("v11", [False, True], ids=["1.0", "1.1"])
def test_an_imported_dataset(v11: bool) -> None:
    with _store(v11) as store:
        assert store.dataset_frames(ROLES) is not None  # read by SQL, not the export
        assert_equal(store)


def test_streams_the_export_folds() -> None:
    with _store(False) as store:
        author = export_dataset(store).people[0].id

        def at(h: int) -> datetime:
            return T0 + timedelta(hours=h)

        def submitted(title: Any = "标题") -> NewEvent:
            return NewEvent("submitted", at(0), author, {"title": title, "authors": [author]})

        store.append("w1", 0, [submitted(), NewEvent("withdrawn", at(1), author, {})])
        store.append("r1", 0, [
            submitted(),
            NewEvent("returned", at(1), author, {"stage": "initial", "note": "改"}),
            NewEvent("resubmitted", at(2), author, {"title": "新标题"}),
            NewEvent("resubmitted", at(3), author, {"title": ""}),
            NewEvent("expert_reviewed", at(4), author, {"opinion": "x"}),
            NewEvent("reviewed", at(5), author, {
                "stage": "initial", "decision": "approve", "checks": ["a"], "route": "x",
            }),
            NewEvent("approved", at(6), author, {"stage": "initial", "routes": []}),
            NewEvent("some_future_type", at(7), None, {"stage": "x"}),
            NewEvent("handled", at(8), None, {"outcome": "resolved", "department": 3}),
        ])  # fmt: skip
        store.append("x1", 0, [NewEvent("approved", at(1), author, {})])  # no submission
        assert store.dataset_frames(ROLES) is not None
        assert_equal(store)
        store.append("e1", 0, [submitted(title=5)])  # not a text title: the reference decides
        assert store.dataset_frames(ROLES) is None
        assert_equal(store)


def test_streams_written_in_turns_are_put_in_stream_order() -> None:
    """Rows of streams appended in turns (as a service writes them) are not in stream order
    by position; the frames put them in it, as an import's rows already are."""
    import polars as pl

    from sqmy_core._builtin.sqlite_frames import _in_stream_order, _stream_ordered

    imported = pl.DataFrame({"stream": ["a", "a", "b", "b", "b"], "version": [1, 2, 1, 2, 3],
                             "position": [1, 2, 3, 4, 5]})  # fmt: skip
    assert _in_stream_order(imported)
    assert _stream_ordered(imported, ["stream", "version"]).equals(
        imported.select("stream", "version")
    )
    turns = pl.DataFrame({"stream": ["a", "b", "a", "b", "a"], "version": [1, 1, 2, 2, 3],
                          "position": [1, 2, 3, 4, 5]})  # fmt: skip
    gap = pl.DataFrame({"stream": ["a", "a"], "version": [1, 3], "position": [1, 2]})
    late = pl.DataFrame({"stream": ["a", "b", "a"], "version": [1, 1, 2], "position": [1, 2, 3]})
    assert not any(_in_stream_order(f) for f in (turns, gap, late))
    assert _stream_ordered(turns, ["stream", "version"]).rows() == [
        ("a", 1), ("a", 2), ("a", 3), ("b", 1), ("b", 2),
    ]  # fmt: skip
    with _store(False) as store:
        author = export_dataset(store).people[0].id
        for stream in ("t1", "t2"):
            store.append(stream, 0, [NewEvent("submitted", T0, author, {
                "title": stream, "authors": [author],
            })])  # fmt: skip
        note = {"stage": "initial", "note": "改"}
        store.append("t1", 1, [NewEvent("returned", T0 + timedelta(hours=1), author, note)])
        store.append("t2", 1, [NewEvent("returned", T0 + timedelta(hours=2), author, note)])
        store.append("t1", 2, [NewEvent("resubmitted", T0 + timedelta(hours=3), author, {
            "title": "新标题",
        })])  # fmt: skip
        assert store.dataset_frames(ROLES) is not None
        assert_equal(store)


def test_the_order_check_continues_across_batches() -> None:
    import polars as pl

    from sqmy_core._builtin.sqlite_frames import _in_stream_order

    def part(*rows: tuple[str, int]) -> pl.DataFrame:
        return pl.DataFrame(rows, schema={"stream": pl.Utf8, "version": pl.Int64}, orient="row")

    assert _in_stream_order(part(("a", 3), ("a", 4), ("b", 1)), before=("a", 2))
    assert _in_stream_order(part(("b", 1)), before=("a", 7))
    assert not _in_stream_order(part(("a", 4)), before=("a", 2))
    assert not _in_stream_order(part(("b", 2)), before=("a", 1))
    assert not _in_stream_order(part(("a", 2)))  # the store's first row starts a stream


@pytest.mark.parametrize("batch", [1, 2, 3, 7])
@pytest.mark.parametrize("turns", [False, True], ids=["imported", "in-turns"])
def test_any_batch_size_gives_the_export_s_frames(
    batch: int, turns: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batches that cut streams anywhere, in stream order or not: the same frames."""
    from sqmy_core._builtin import sqlite_frames

    monkeypatch.setattr(sqlite_frames, "BATCH", batch)
    with _store(False) as store:
        if turns:
            author = export_dataset(store).people[0].id
            for stream in ("t1", "t2", "t3"):
                store.append(stream, 0, [NewEvent("submitted", T0, author, {
                    "title": stream, "authors": [author],
                })])  # fmt: skip
            for hour, (stream, version, kind) in enumerate([
                ("t1", 1, "returned"), ("t3", 1, "returned"), ("t2", 1, "returned"),
                ("t1", 2, "resubmitted"), ("t1", 3, "returned"), ("t3", 2, "withdrawn"),
            ], start=1):  # fmt: skip
                data = {"stage": "initial", "note": "改"} if kind == "returned" else {}
                event = NewEvent(kind, T0 + timedelta(hours=hour), author, data)
                store.append(stream, version, [event])
            # by position the events are t1, t3, t2, t1: the frames must put t1's together
            assert store.dataset_frames(ROLES).events.get_column("piece").to_list()[-3:] == [
                "t1", "t1", "t2",
            ]  # fmt: skip
        assert store.dataset_frames(ROLES) is not None
        assert_equal(store)


def test_attributes_take_the_reference_path() -> None:
    with _store(True) as store:
        unit = export_dataset(store).units[0]
        store.put("unit", unit.id, {**dict(store.get("unit", unit.id) or {}), "attributes": {}})
        store.put("unit", "u-attr", {
            "id": "u-attr", "name": "x", "kind": "sector", "parent": None,
            "attributes": {"level": "a"},
        })  # fmt: skip
        assert store.dataset_frames(ROLES) is None
        assert_equal(store)


def test_other_stores_give_the_frames_of_their_export() -> None:
    store = MemoryStore(DISTRICT.organization)
    dataset = parse_dataset(_doc(False), extra_roles=ROLES, declarations=declarations_of(DISTRICT))
    import_dataset(store, DISTRICT, dataset, actor=staff_of(_doc(False)))
    assert_equal(store)


def _rows_schema() -> dict[str, Any]:
    import polars as pl

    from sqmy_core._builtin import sqlite_frames as sf

    s, lst = pl.Utf8(), pl.List(pl.Utf8())
    return {
        "stream": s, "version": pl.Int64(), "type": s, "at_utc": s, "actor": s,
        **{k: s for k in sf._TEXT_KEYS}, **{k: lst for k in sf._ARRAY_KEYS},
        "has_attributes": pl.Boolean(),
    }  # fmt: skip


def _rows_both_ways(store: SqliteStore) -> tuple[Any, Any]:
    """The event rows as the batch decoder reads them, and as the per-key SQL does."""
    from sqmy_core._builtin import sqlite_frames as sf

    schema = _rows_schema()
    conn = store._conn
    return sf._events(conn, store.organization, schema), sf._by_sql(
        conn, store.organization, schema
    )


def test_the_batch_decoder_reads_what_the_sql_reads() -> None:
    """Nulls, absent keys, nested unknown keys and escapes: the batch path, same rows as SQL."""
    with _store(False) as store:
        author = export_dataset(store).people[0].id
        store.append("n1", 0, [
            NewEvent("submitted", T0, author, {
                "title": 'a "q" \\ 标题\n', "authors": [author], "clue": {"x": [1, {}]},
            }),
            NewEvent("reviewed", T0 + timedelta(hours=1), author, {
                "stage": None, "decision": "approve", "checks": [{"ok": True}],
            }),
            NewEvent("handled", T0 + timedelta(hours=2), None, {"outcome": "resolved"}),
        ])  # fmt: skip
        fast, sql = _rows_both_ways(store)
        assert fast.equals(sql)
        assert store.dataset_frames(ROLES) is not None
        assert_equal(store)


@pytest.mark.parametrize(
    "data",
    [{"department": 3}, {"department": ["x"]}, {"stage": {"a": 1}}, {"persons": "p"}],
    ids=["number", "array", "object", "text-for-array"],
)
def test_a_value_of_another_type_counts_as_null(data: dict[str, Any]) -> None:
    """A key whose JSON value is not the type read sends the events to the per-key SQL."""
    with _store(False) as store:
        _submitted_and_handled(store, "t1", {"outcome": "resolved", **data})
        fast, sql = _rows_both_ways(store)
        assert fast.equals(sql)
        row = fast.filter(fast["stream"] == "t1").row(1, named=True)
        assert row[next(iter(data))] is None
        assert store.dataset_frames(ROLES) is not None
        assert_equal(store)


def test_attributes_in_event_data_take_the_reference_path() -> None:
    with _store(False) as store:
        author = export_dataset(store).people[0].id
        store.append("a1", 0, [
            NewEvent("submitted", T0, author, {
                "title": "t", "authors": [author], "attributes": None,
            }),
        ])  # fmt: skip
        assert store.dataset_frames(ROLES) is None
        assert_equal(store)


_SUSPECT = [
    '{"department":3}', '{"department":["x"]}', '{"stage":{"a":1}}', '{"persons":"p"}',
    '{"authors":["a",1]}', '{"authors":[null]}', '{"title":true}', '{"title" : 5}',
    '{"\\u0064epartment":3}', '{"attributes":null}', '{"x":{"attributes":{}}}',
]  # fmt: skip
_CLEAN = [
    '{"title":"a \\"q\\" \\\\ 标题\\n","authors":["p1","p2"]}', '{"stage":null}',
    '{"persons":[]}', '{"outcome":"resolved","department":"d"}', '{"clue":{"x":[1,{}]}}',
    '{"authors":["a\\"],","b"]}', '{"note":"\\"department\\":3"}',
]  # fmt: skip


@pytest.mark.parametrize(("text", "suspect"), [(t, True) for t in _SUSPECT]
                         + [(t, False) for t in _CLEAN])  # fmt: skip
def test_the_suspect_pattern_finds_what_the_check_must_see(text: str, suspect: bool) -> None:
    """Every value of another type, escaped key or ``attributes`` is found (a miss would let
    polars read ``3`` as ``"3"``); plain data, quotes and escapes in texts are not."""
    import polars as pl

    from sqmy_core._builtin.sqlite_frames import suspect_pattern

    assert pl.Series([text]).str.contains(suspect_pattern()).item() is suspect


def _checks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record the size of every batch the msgspec check decodes."""
    from sqmy_core._builtin import sqlite_frames as sf

    seen: list[int] = []
    real = sf._checked_attributes

    def spy(rows: list[Any]) -> Any:
        seen.append(len(rows))
        return real(rows)

    monkeypatch.setattr(sf, "_checked_attributes", spy)
    return seen


def test_only_a_suspect_batch_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plain data is decoded once; a batch with a key of another type is checked and then read
    by the per-key SQL, one with a suspect but harmless value only checked: same rows."""
    from sqmy_core._builtin import sqlite_frames as sf

    monkeypatch.setattr(sf, "BATCH", 50)
    seen = _checks(monkeypatch)
    with _store(False) as store:
        fast, sql = _rows_both_ways(store)
        assert fast.equals(sql)
        assert seen == []  # nothing suspect: no second decoding
        _submitted_and_handled(store, "h1", {"outcome": "resolved", "clue": {"department": 3}})
        fast, sql = _rows_both_ways(store)
        assert fast.equals(sql)
        assert len(seen) == 1  # the last batch only
        assert store.dataset_frames(ROLES) is not None
        assert_equal(store)


def test_an_escaped_key_of_another_type_counts_as_null() -> None:
    """``"\\u0064epartment": 3`` is ``department`` to the reference: checked, not read as "3"."""
    with _store(False) as store:
        _submitted_and_handled(store, "k1", {"outcome": "resolved"})
        store._conn.execute(
            "UPDATE events SET data = ? WHERE stream = 'k1' AND version = 2",
            ('{"outcome":"resolved","\\u0064epartment":3}',),
        )
        fast, _ = _rows_both_ways(store)
        assert fast.filter(fast["stream"] == "k1").row(1, named=True)["department"] is None
        assert_equal(store)


def test_data_that_is_not_json_is_the_per_key_sql_s_to_refuse() -> None:
    """Text that polars cannot decode goes to the per-key SQL as before (no new error)."""
    import sqlite3

    from sqmy_core._builtin import sqlite_frames as sf

    with _store(False) as store:
        store._conn.execute(
            "UPDATE events SET data = '{\"outcome\":' WHERE position = (SELECT max(position)"
            " FROM events)"
        )
        with pytest.raises(sqlite3.OperationalError):
            sf._by_sql(store._conn, store.organization, _rows_schema())
        with pytest.raises(sqlite3.OperationalError):
            sf._events(store._conn, store.organization, _rows_schema())


@pytest.mark.parametrize(
    ("column", "value"),
    [("actor", "\x1f"), ("actor", "a\x1eb"), ("stream", "s\x1et"), ("version", 2.5)],
    ids=["actor-null-stand-in", "actor-separator", "stream-separator", "version-real"],
)
def test_a_value_the_batch_columns_cannot_carry(column: str, value: object) -> None:
    """A value holding the columns' separator, the actor standing for null, or a version that
    is no integer: the per-key SQL reads the events, and the frames stay the export's."""
    from sqmy_core._builtin import sqlite_frames as sf

    with _store(False) as store:
        _submitted_and_handled(store, "c1", {"outcome": "resolved"}, by_author=True)
        store._conn.execute(
            f"UPDATE events SET {column} = ? WHERE stream = 'c1' AND version = 2", (value,)
        )
        batch = store._conn.execute(sf._BATCH_SQL, (store.organization, 0, 10**9)).fetchone()
        assert sf._batch_columns(batch) is None
        fast, sql = _rows_both_ways(store)
        assert fast.equals(sql)
        if column == "actor":
            assert_equal(store)


def test_batch_columns_are_the_rows() -> None:
    """The columns SQLite writes per batch are the rows' values (null actors included)."""
    import polars as pl

    from sqmy_core._builtin import sqlite_frames as sf

    with _store(False) as store:
        conn, org = store._conn, store.organization
        rows = conn.execute(
            "SELECT stream, version, type, at_utc, actor, data, position FROM events"
            " WHERE organization = ? ORDER BY position LIMIT 40",
            (org,),
        ).fetchall()
        assert any(r[4] is None for r in rows) and any(r[4] is not None for r in rows)
        got = sf._batch_columns(conn.execute(sf._BATCH_SQL, (org, 0, 40)).fetchone())
        assert got is not None
        assert got.rows() == rows
        assert got.schema == pl.Schema({
            "stream": pl.Utf8, "version": pl.Int64, "type": pl.Utf8, "at_utc": pl.Utf8,
            "actor": pl.Utf8, "data": pl.Utf8, "position": pl.Int64,
        })  # fmt: skip


def test_registry_records_read_as_one_text_or_row_by_row() -> None:
    """The registry's records joined in one text are the records one by one, in their order;
    a record holding the separator is read row by row; a kind with none is empty."""
    import polars as pl

    from sqmy_core._builtin import sqlite_frames as sf

    s, lst = pl.Utf8(), pl.List(pl.Utf8())
    fields = {"id": s, "name": s, "roles": lst, "units": lst, "since": s, "until": s}

    def row_by_row(store: SqliteStore, kind: str) -> pl.DataFrame:
        rows = store._conn.execute(
            "SELECT record FROM registry WHERE organization = ? AND kind = ? ORDER BY seq",
            (store.organization, kind),
        ).fetchall()
        text = pl.Series("record", [r[0] for r in rows], pl.Utf8)
        return text.to_frame().select(text.str.json_decode(pl.Struct(fields)).alias("r")).unnest("r")

    with _store(False) as store:
        conn, org = store._conn, store.organization
        got = sf._registry(conn, org, "person", fields)
        assert got is not None and got.height > 1
        assert got.equals(row_by_row(store, "person"))
        conn.execute(
            "UPDATE registry SET record = replace(record, '\"name\":\"', '\"name\":\"x' || char(30))"
            " WHERE seq = (SELECT min(seq) FROM registry WHERE kind = 'person')"
        )
        # not JSON (a raw control character): split on it, the records would shift; read
        # row by row, it is not JSON, and the reference says so (a damaged store)
        fetched: list[str] = []
        fetch = sf._fetch

        def spy(*args: Any) -> Any:
            fetched.append(args[1])
            return fetch(*args)

        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(sf, "_fetch", spy)
            assert sf._registry(conn, org, "person", fields) is None
        assert fetched and "FROM registry" in fetched[0]
        assert store.dataset_frames(ROLES) is None
        with pytest.raises(PluginError, match="工作库中保存的数据已损坏"):
            frames_from_store(store, ROLES)
        empty = sf._registry(conn, org, "no-such-kind", fields)
        assert empty is not None and empty.height == 0 and empty.columns == list(fields)


@pytest.mark.parametrize("batch", [1, 5, 50])
def test_a_read_ahead_is_done_before_the_per_key_sql_reads(
    batch: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch the columns cannot carry, with the next batch being read ahead in a worker
    thread: that read is over before the per-key SQL uses the connection (the frames are
    the export's), and the worker uses the connection only while the loop runs."""
    import threading

    from sqmy_core._builtin import sqlite_frames as sf

    monkeypatch.setattr(sf, "BATCH", batch)
    with _store(False) as store:
        _submitted_and_handled(store, "c1", {"outcome": "resolved"}, by_author=True)
        store._conn.execute("UPDATE events SET actor = ? WHERE position = 3", ("a\x1eb",))
        users: list[str] = []
        sql = sf._by_sql

        def by_sql(*args: Any) -> Any:
            users.append(threading.current_thread().name)
            assert threading.active_count() == before, "a read ahead is still running"
            return sql(*args)

        before = threading.active_count()
        monkeypatch.setattr(sf, "_by_sql", by_sql)
        for _ in range(3):
            assert store.dataset_frames(ROLES) is not None
        assert users == [threading.current_thread().name] * 3
        assert_equal(store)
