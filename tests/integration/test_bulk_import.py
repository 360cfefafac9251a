"""Bulk import: the columnar rows equal the record-by-record import's, and a refused or
interrupted import changes nothing."""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("polars")
pytest.importorskip("msgspec")

from click.testing import CliRunner

from sqmy_core._builtin.memory_store import MemoryStore
from sqmy_core._builtin.sqlite_store import SqliteStore
from sqmy_core.cli.main import cli
from sqmy_core.errors import DatasetError
from sqmy_core.interchange.fast_reader import fast_tables
from sqmy_core.rules.declared import declarations_of
from sqmy_core.storage import BulkImport
from sqmy_core.tools.synth import generate
from sqmy_core.workspace import bulk_rows, transfer
from sqmy_core.workspace.files import load_ruleset, read_dataset_with
from sqmy_core.workspace.transfer import export_dataset, import_dataset, import_file
from tests.conftest import staff_of

ROOT = Path(__file__).resolve().parents[2]
RULESET = ROOT / "rulesets" / "district.toml"
DISTRICT = load_ruleset(RULESET)
ORG = DISTRICT.organization


def _doc(v11: bool = False) -> dict[str, Any]:
    doc = generate("district", seed=5, year=2024, pieces=80)
    doc["units"][1]["name"] = '名称 "带引号" \\ 反斜杠'
    doc["pieces"][0]["title"] = "标题\n换行"
    doc["pieces"][1]["submitted_at"] = "2023-01-01T00:00:00Z"
    doc["pieces"][2]["submitted_at"] = "2023-01-02T09:30:00-05:00"
    doc["pieces"][3]["submitted_at"] = "2023-01-02T10:00:00-00:00"  # stored as +00:00
    doc["people"][0]["since"] = "2020-02-28T24:00:00+08:00"
    doc["events"][0]["note"] = "备注: \u2028"
    if v11:
        doc["format"] = "sqmy-dataset/1.1"
        doc["people"][1]["until"] = "2030-01-01T00:00:00Z"
        doc["pieces"][3]["body"] = "正文"
    return doc


IMPORTER = staff_of(_doc())
"""Who imports the test data (a staff member of it)."""


def _file(tmp_path: Path, doc: dict[str, Any], name: str = "d.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _stored(path: Path) -> tuple[list[Any], list[Any]]:
    """Every event and registry row of a store file, JSON as values."""
    with sqlite3.connect(path) as conn:
        events = [
            (*row[:-1], json.loads(row[-1]))
            for row in conn.execute(
                "SELECT position, stream, version, type, at, at_utc, actor, data"
                " FROM events ORDER BY position"
            )
        ]
        registry = [
            (*row[:-1], json.loads(row[-1]))
            for row in conn.execute("SELECT seq, kind, ident, record FROM registry ORDER BY seq")
        ]
    return events, registry


@pytest.fixture(params=[False, True], ids=["1.0", "1.1"])
def dataset_file(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    return _file(tmp_path, _doc(request.param))


def test_columnar_rows_equal_the_record_by_record_rows(tmp_path: Path, dataset_file: Path) -> None:
    tables = fast_tables(
        dataset_file.read_bytes(),
        extra_roles=DISTRICT.reviewer_roles,
        declarations=declarations_of(DISTRICT),
    )
    assert tables is not None  # the fast path itself
    with SqliteStore(tmp_path / "a.db", ORG) as a:
        transfer.import_tables(a, DISTRICT, tables, actor=IMPORTER)
    with SqliteStore(tmp_path / "b.db", ORG) as b:
        import_dataset(b, DISTRICT, read_dataset_with(DISTRICT, dataset_file), actor=IMPORTER)
    assert _stored(tmp_path / "a.db") == _stored(tmp_path / "b.db")


def test_rows_gathered_in_small_slices_from_shuffled_events_are_the_same_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bulk rows are gathered in stream order a slice at a time from the unsorted rows:
    slices that cut streams anywhere and events in no order in the file give the rows of the
    record-by-record import."""
    doc = _doc(True)
    # each piece's events latest first (ties keep their file order: it decides them), and
    # the pieces' events interleaved at random
    by_piece: dict[str, list[dict[str, Any]]] = {}
    for e in doc["events"]:
        by_piece.setdefault(e["piece"], []).append(e)
    queues = [
        sorted(evs, key=lambda e: datetime.fromisoformat(e["at"]), reverse=True)
        for evs in by_piece.values()
    ]
    pick, events = random.Random(3), []
    while queues:
        queue = pick.choice(queues)
        events.append(queue.pop(0))
        if not queue:
            queues.remove(queue)
    doc["events"] = events
    path = _file(tmp_path, doc)
    monkeypatch.setattr(bulk_rows.FrameRows, "SLICE", 7)
    tables = fast_tables(
        path.read_bytes(),
        extra_roles=DISTRICT.reviewer_roles,
        declarations=declarations_of(DISTRICT),
    )
    assert tables is not None
    with SqliteStore(tmp_path / "a.db", ORG) as a:
        transfer.import_tables(a, DISTRICT, tables, actor=IMPORTER)
    with SqliteStore(tmp_path / "b.db", ORG) as b:
        import_dataset(b, DISTRICT, read_dataset_with(DISTRICT, path), actor=IMPORTER)
    assert _stored(tmp_path / "a.db") == _stored(tmp_path / "b.db")


def test_the_bulk_and_the_put_append_imports_export_the_same(dataset_file: Path) -> None:
    dataset = read_dataset_with(DISTRICT, dataset_file)
    memory = MemoryStore(ORG)
    assert not isinstance(memory, BulkImport)  # other stores keep the record-by-record path
    import_dataset(memory, DISTRICT, dataset, actor=IMPORTER)
    with SqliteStore(":memory:", ORG) as sq:
        assert isinstance(sq, BulkImport)
        import_dataset(sq, DISTRICT, dataset, actor=IMPORTER)
        assert export_dataset(sq) == export_dataset(memory)


def test_import_file_takes_the_fast_path_for_a_large_file(
    tmp_path: Path, dataset_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real = bulk_rows.event_rows

    def spy(t: Any, importer: str) -> Any:
        calls.append(1)
        return real(t, importer)

    monkeypatch.setattr(bulk_rows, "event_rows", spy)
    monkeypatch.setattr(transfer, "FAST_IMPORT_BYTES", 0)
    with SqliteStore(tmp_path / "f.db", ORG) as f:
        counts = import_file(f, DISTRICT, dataset_file, actor=IMPORTER)
    assert calls == [1]
    doc = json.loads(dataset_file.read_text("utf-8"))
    assert (counts.pieces, counts.events) == (len(doc["pieces"]), len(doc["events"]))
    monkeypatch.setattr(transfer, "FAST_IMPORT_BYTES", 1 << 40)
    with SqliteStore(tmp_path / "r.db", ORG) as r:
        assert import_file(r, DISTRICT, dataset_file, actor=IMPORTER) == counts
    assert calls == [1]  # a small file: the reference path
    assert _stored(tmp_path / "f.db") == _stored(tmp_path / "r.db")


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "reference"])
def test_an_import_of_pieces_already_there_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast: bool
) -> None:
    monkeypatch.setattr(transfer, "FAST_IMPORT_BYTES", 0 if fast else 1 << 40)
    first = _file(tmp_path, _doc())
    doc = _doc()
    doc["pieces"] = doc["pieces"][5:]
    doc["events"] = [e for e in doc["events"] if any(p["id"] == e["piece"] for p in doc["pieces"])]
    doc["people"][0]["name"] = "改过的名字"  # a registry change that must not be kept
    again = _file(tmp_path, doc, "again.json")
    db = tmp_path / "w.db"
    with SqliteStore(db, ORG) as s:
        import_file(s, DISTRICT, first, actor=IMPORTER)
        before = _stored(db)
        with pytest.raises(DatasetError) as e:
            import_file(s, DISTRICT, again, actor=IMPORTER)
    assert [(p.path, p.code) for p in e.value.problems] == [("pieces[0].id", "piece_exists")]
    assert _stored(db) == before


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "reference"])
def test_an_interrupted_import_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast: bool
) -> None:
    monkeypatch.setattr(transfer, "FAST_IMPORT_BYTES", 0 if fast else 1 << 40)
    monkeypatch.setattr("sqmy_core._builtin.sqlite_store.BULK_REINDEX", 10)  # indexes dropped
    path = _file(tmp_path, _doc())
    db = tmp_path / "w.db"
    real = SqliteStore.import_rows

    def broken(self: SqliteStore, registry: Any, streams: Any, events: Any) -> Any:
        # the last row repeats a stream version: the UNIQUE constraint stops the insert late
        rows = list(events)
        return real(self, registry, streams, [*rows, rows[0]])

    monkeypatch.setattr(SqliteStore, "import_rows", broken)
    with SqliteStore(db, ORG) as s:
        s.put("unit", "kept", {"id": "kept", "name": "已有", "kind": "sector", "parent": None})
        before = _stored(db)
        with pytest.raises(sqlite3.IntegrityError):
            import_file(s, DISTRICT, path, actor=IMPORTER)
        assert s.streams() == []
    assert _stored(db) == before
    with sqlite3.connect(db) as conn:  # the dropped indexes are back
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {"events_by_type", "events_by_time"} <= names


def test_the_cli_import_refuses_a_bad_large_file_with_the_reference_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(transfer, "FAST_IMPORT_BYTES", 0)
    doc = _doc()
    doc["events"][3]["at"] = "2024-01-01T09:00:00"
    bad = _file(tmp_path, doc)
    db = str(tmp_path / "w.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["ruleset", "apply", "--db", db, str(RULESET)]).exit_code == 0
    result = runner.invoke(cli, ["import", "--as", IMPORTER, "--db", db, str(bad)])
    assert result.exit_code == 2
    assert "events[3].at" in result.stderr
    good = _file(tmp_path, _doc(), "good.json")
    result = runner.invoke(cli, ["import", "--as", IMPORTER, "--db", db, str(good)])
    assert result.exit_code == 0, result.stderr
    assert "80" in result.stdout
