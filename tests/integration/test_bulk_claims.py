"""A bulk import's audit claim, made from its columns, is the claim its rows give read back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("polars")
pytest.importorskip("msgspec")

from sqmy_core._builtin.sqlite_store import SqliteStore
from sqmy_core.interchange.fast_reader import fast_tables
from sqmy_core.storage import NewEvent
from sqmy_core.testing.backup_case import T0
from sqmy_core.workspace import transfer
from sqmy_core.workspace.audit_claims import import_claim
from sqmy_core.workspace.audit_verify import verify
from sqmy_core.workspace.workspace import Workspace
from tests.integration.test_bulk_import import DISTRICT, IMPORTER, ORG, RULESET, _doc, _file

HOSTILE = 'ctl \x01\x1f\x7f \t\b\f\r "q" \\ / 😀 \u2028\u2029 {"k":null,} ,"note":null'
"""Every character class JSON escapes or might (and text that looks like the null-cutting)."""


def _hostile(v11: bool) -> dict[str, Any]:
    doc = _doc(v11)
    doc["events"][1]["note"] = HOSTILE
    doc["units"][2]["name"] = HOSTILE
    doc["people"][2]["name"] = HOSTILE
    doc["pieces"][5]["title"] = HOSTILE
    doc["pieces"][6]["submitted_at"] = "2023-01-03T09:30:00-00:00"
    return doc


@pytest.mark.parametrize("v11", [False, True], ids=["1.0", "1.1"])
def test_the_claim_from_columns_is_the_claim_read_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, v11: bool
) -> None:
    monkeypatch.setattr(transfer, "FAST_IMPORT_BYTES", 0)
    taken: list[int] = []
    real = transfer.import_tables

    def spy(*args: Any, **kwargs: Any) -> Any:
        taken.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(transfer, "import_tables", spy)
    path = _file(tmp_path, _hostile(v11))
    with SqliteStore(tmp_path / "w.db", ORG) as store:
        # something there before: the claim counts streams and history after it
        store.put("unit", "kept", {"id": "kept", "name": "已有", "kind": "sector", "parent": None})
        store.append("earlier", 0, [NewEvent("submitted", T0, "a", {"title": "早", "authors": []})])
        with store.transaction():
            streams, history = len(store.streams()), store.audit_marks()[1]
            imported, claim = transfer.import_file_claimed(store, DISTRICT, path, actor=IMPORTER)
            assert claim == import_claim(store, streams, history)
    assert taken == [1]  # the columns' claim, not a read-back
    assert claim["streams"]["events"] == imported.pieces + imported.events
    assert (claim["streams"]["first"], claim["streams"]["last"]) == (2, 1 + imported.pieces)
    assert claim["history"]["first"] == 2
    assert claim["history"]["last"] == 1 + imported.units + imported.people + imported.calls


def test_the_claim_changes_when_a_stored_row_would(tmp_path: Path) -> None:
    """The digest covers the rows' content: one character more in one title changes it."""
    claims = []
    for n, title in enumerate(("标题", "标题!")):
        doc = _doc()
        doc["pieces"][0]["title"] = title
        path = _file(tmp_path, doc, f"{n}.json")
        with SqliteStore(tmp_path / f"{n}.db", ORG) as store:
            tables = fast_tables(path.read_bytes(), extra_roles=DISTRICT.reviewer_roles)
            assert tables is not None
            events, history = transfer.import_tables(store, DISTRICT, tables, actor=IMPORTER)
            claims.append((events.hex(), history.hex()))
    assert claims[0][0] != claims[1][0] and claims[0][1] == claims[1][1]


def test_a_workspace_imported_in_bulk_verifies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(transfer, "FAST_IMPORT_BYTES", 0)
    path = _file(tmp_path, _hostile(True))
    db = str(tmp_path / "w.db")
    with Workspace.open(db, ruleset=RULESET) as ws:
        ws.import_file(path, actor=IMPORTER)
        record = ws.store.audit_records()[-1]
        assert record.entry.action == "import"
        assert set(record.entry.stored) == {"streams", "history"}
        assert verify(ws.store).ok
        doc = json.loads(path.read_text("utf-8"))
        assert record.entry.stored["streams"]["events"] == len(doc["pieces"]) + len(doc["events"])


def test_an_import_of_people_without_pieces_claims_only_their_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(transfer, "FAST_IMPORT_BYTES", 0)
    doc = _doc()
    doc["pieces"], doc["events"] = [], []
    path = _file(tmp_path, doc)
    with SqliteStore(tmp_path / "w.db", ORG) as store, store.transaction():
        imported, claim = transfer.import_file_claimed(store, DISTRICT, path, actor=IMPORTER)
        assert claim == import_claim(store, 0, 0)
    assert imported.pieces == 0 and set(claim) == {"history"}
