"""``sqmy-backup/2``: backup -> restore -> backup gives the same bytes, and nothing is lost.

``export`` then ``import`` loses the planned routes and the 五关 checks (the
overdue queue changes); a backup keeps them, with the ruleset versions,
clues, idempotency keys and the outbox's delivery state.  The same round
trip on PostgreSQL and MariaDB is in ``plugins/sqmy-sqlalchemy/tests``.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from sqmy_core.cli.main import cli
from sqmy_core.errors import BackupError
from sqmy_core.model import Person
from sqmy_core.plugins import open_store
from sqmy_core.testing.backup_case import CONTACT_KEYS, T0, build_everything, overdue_now
from sqmy_core.workspace.audit_verify import verify
from sqmy_core.workspace.backup import backup_text, is_empty, restore
from sqmy_core.workspace.workspace import Workspace


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def full(tmp_path: Path) -> str:
    db = str(tmp_path / "full.db")
    with Workspace.open(db, ruleset=Path("rulesets/district.toml").resolve()) as ws:
        build_everything(ws)
    return db


def test_export_loses_the_overdue_queue_but_a_backup_keeps_it(full: str, tmp_path: Path) -> None:
    with Workspace.open(full, organization="district") as ws:
        before = ws.overdue(overdue_now())
        assert [i.piece for i in before] == ["x2"]  # approved with a planned route, not sent
    exported = tmp_path / "export.json"
    assert run("export", "--db", full, "-o", str(exported))[0] == 0
    via_export = str(tmp_path / "via-export.db")
    assert run("ruleset", "apply", "--db", via_export, "rulesets/district.toml")[0] == 0
    assert run("import", "--as", "s", "--db", via_export, str(exported))[0] == 0
    with Workspace.open(via_export, organization="district") as ws:
        lost = ws.history("x2")  # the contract's view: no review levels, no checks, no routes
    with Workspace.open(full, organization="district") as ws:
        kept = ws.history("x2")
    assert [dict(e.data) for e in lost] != [dict(e.data) for e in kept]  # routes, checks lost
    saved = tmp_path / "b.json"
    code, out, err = run("backup", "--db", full, "-o", str(saved))
    assert code == 0, err
    assert "2 个规则集版本" in out
    restored = str(tmp_path / "restored.db")
    code, out, err = run("restore", "--db", restored, str(saved))
    assert code == 0, err
    with Workspace.open(restored, organization="district") as ws:
        assert ws.overdue(overdue_now()) == before
        assert ws.history("x2") and [v.number for v in ws.ruleset_versions()] == [1, 2]
        sealed = ws.store.get("clue", "q1")["contact_sealed"]  # kept sealed, as it was
        assert CONTACT_KEYS.open(sealed, "district", "q1") == "王女士 13800000000"
        assert ws.store.recall("k-submit") is not None
    again = tmp_path / "again.json"
    assert run("backup", "--db", restored, "-o", str(again))[0] == 0
    assert again.read_bytes() == saved.read_bytes()
    code, stdout, _ = run("backup", "--db", restored)  # to standard output: the same bytes
    assert code == 0 and stdout.encode("utf-8") == saved.read_bytes()


def test_the_backup_holds_everything(full: str) -> None:
    store = open_store(full, "district")
    try:
        doc = json.loads(backup_text(store))
    finally:
        store.close()
    assert doc["format"] == "sqmy-backup/2" and doc["organization"] == "district"
    assert [r["seq"] for r in doc["audit"]] == list(range(1, len(doc["audit"]) + 1))
    assert doc["audit"][0]["entry"]["action"] == "apply_ruleset"
    assert [c["ident"] for c in doc["registry_history"]][:2] == ["sec", "a"]
    types = [e["type"] for e in doc["events"] if e["stream"] == "x2"]
    assert "reviewed" in types and "approved" in types
    approved = next(e for e in doc["events"] if e["stream"] == "x2" and e["type"] == "approved")
    assert approved["data"]["routes"] == ["direct"]
    assert any(e["data"].get("checks") for e in doc["events"])  # the 五关 checks
    assert [v["effective_from"] for v in doc["ruleset_versions"]] == ["2024-01-01", "2025-01-01"]
    assert [r["id"] for r in doc["registry"]["clue"]] == ["q1"]
    assert doc["registry"]["adjustment"] == [
        {"id": "j1", "person": "a", "points": "-2.5", "at": "2024-03-01T09:00:00+08:00",
         "reason": "迟报", "approved_by": "s"}
    ]  # fmt: skip
    assert doc["registry"]["activity"] == []
    assert next(p for p in doc["registry"]["person"] if p["id"] == "f")["until"]
    assert [k["key"] for k in doc["idempotency"]] == ["k-review", "k-submit"]
    states = [
        (i["attempts"], i["delivered_at"] is not None, i["last_error"]) for i in doc["outbox"]
    ]
    assert states == [(3, True, "超时"), (2, False, "拒绝连接"), (0, False, None)]


def test_memory_round_trip_is_byte_identical(full: str) -> None:
    store = open_store(full, "district")
    try:
        saved = backup_text(store)
    finally:
        store.close()
    copy = open_store("memory:", "district")
    counts = restore(copy, json.loads(saved), "b.json")
    assert counts["versions"] == 2 and counts["notifications"] == 3
    assert backup_text(copy) == saved


def test_a_sqmy_backup_1_still_restores_and_gets_the_record_that_vouches_for_it(
    full: str,
) -> None:
    store = open_store(full, "district")
    try:
        doc = json.loads(backup_text(store))
    finally:
        store.close()
    old = {k: v for k, v in doc.items() if k not in ("audit", "registry_history")}
    copy = open_store("memory:", "district")
    restore(copy, {**old, "format": "sqmy-backup/1"}, "old.json")
    (began,) = copy.audit_records()  # no chain in the backup: one record for all it held
    assert (began.entry.action, began.entry.detail) == ("audit_began", {"since": "sqmy-backup/1"})
    assert len(copy.registry_history()) == 10
    assert verify(copy).problems == ()
    assert [e["stream"] for e in json.loads(backup_text(copy))["events"]] == [
        e["stream"] for e in doc["events"]
    ]


def test_an_edited_audit_record_in_a_backup_restores_nothing(full: str) -> None:
    store = open_store(full, "district")
    try:
        doc = json.loads(backup_text(store))
    finally:
        store.close()
    doc["audit"][3]["entry"]["actor"] = "someone-else"
    copy = open_store("memory:", "district")
    with pytest.raises(BackupError) as caught:
        restore(copy, doc, "edited.json")
    assert caught.value.problems[0].path == "audit[3].hash"
    assert is_empty(copy)


def test_a_backup_from_before_the_11_kinds_restores(full: str) -> None:
    store = open_store(full, "district")
    try:
        doc = json.loads(backup_text(store))
    finally:
        store.close()
    del doc["registry"]["adjustment"], doc["registry"]["activity"]
    del doc["audit"], doc["registry_history"]  # that old, it is a sqmy-backup/1
    copy = open_store("memory:", "district")
    restore(copy, {**doc, "format": "sqmy-backup/1"}, "old.json")
    assert copy.list("adjustment") == [] and len(copy.list("person")) == 6


def test_restore_refuses_a_target_that_is_not_empty(full: str, tmp_path: Path) -> None:
    saved = tmp_path / "b.json"
    assert run("backup", "--db", full, "-o", str(saved))[0] == 0
    before = Path(full).read_bytes()
    code, out, err = run("restore", "--db", full, str(saved))
    assert code == 2 and out == "" and "空库" in err
    assert Path(full).read_bytes() == before
    code, _, err = run("--lang", "en", "restore", "--db", full, str(saved))
    assert code == 2 and "empty target" in err


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (lambda d: d.update(format="sqmy-backup/9"), "format"),
        (lambda d: d["events"][1].update(version=7), "events[1].version"),
        (lambda d: d["ruleset_versions"][0].update(text="x = 1\n"), "sha256"),
        (lambda d: d["outbox"][0].update(attempts=0), "outbox[0]"),
        (lambda d: d["idempotency"][0].update(last_version=99), "idempotency[0]"),
        (lambda d: d.update(organization="party"), "组织为"),
        (lambda d: d["registry"]["person"][0].update(roles=["nobody"]), "registry"),
    ],
)
def test_a_bad_backup_is_refused_and_creates_nothing(
    full: str, tmp_path: Path, edit: object, words: str
) -> None:
    store = open_store(full, "district")
    try:
        doc = json.loads(backup_text(store))
    finally:
        store.close()
    edit(doc)  # type: ignore[operator]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    target = tmp_path / "new.db"
    code, out, err = run("restore", "--db", str(target), str(bad))
    assert code == 2 and out == "" and words in err, err
    assert "Traceback" not in err
    assert not target.exists()
    with pytest.raises(BackupError):
        restore(open_store("memory:", "district"), doc, "bad.json")


def test_restore_of_nonsense_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    for text in ("[1, 2", "[]", '{"format": "sqmy-backup/1"}', "[" * 5000 + "]" * 5000):
        bad.write_text(text, encoding="utf-8")
        code, out, err = run("restore", "--db", str(tmp_path / "n.db"), str(bad))
        assert code == 2 and out == "", err
        assert not (tmp_path / "n.db").exists()


def test_versions_keep_their_dates(full: str) -> None:
    with Workspace.open(full, organization="district") as ws:
        kept = ws.ruleset_versions()
    assert [v.effective_from for v in kept] == [date(2024, 1, 1), date(2025, 1, 1)]
    assert kept[0].applied_at == T0 - timedelta(days=1)


def test_restore_checks_a_pinned_workspace_against_the_ruleset_named(tmp_path: Path) -> None:
    """A workspace run under a pinned ruleset keeps no version: `sqmy restore --ruleset`
    names the ruleset its registry's roles are checked against; without it, the restore is
    refused (exit 2) and writes nothing."""
    committee = Path("rulesets/committee.toml").resolve()
    db = str(tmp_path / "pinned.db")
    with Workspace.open(db, ruleset=committee) as ws:
        ws.register_person(Person("r0", "编辑", ["editor"]))
        org = ws.ruleset.organization
    saved = tmp_path / "pinned.json"
    assert run("backup", "--db", db, "--org", org, "-o", str(saved))[0] == 0
    refused = tmp_path / "refused.db"
    code, out, err = run("restore", "--db", str(refused), str(saved))
    assert code == 2 and out == "" and "editor" in err
    assert not refused.exists()
    restored = tmp_path / "restored.db"
    code, out, err = run("restore", "--db", str(restored), "--ruleset", str(committee), str(saved))
    assert code == 0, err
    again = tmp_path / "again.json"
    assert run("backup", "--db", str(restored), "--org", org, "-o", str(again))[0] == 0
    assert again.read_bytes() == saved.read_bytes()
    code, _, err = run(
        "--lang", "en", "restore", "--db", str(tmp_path / "o.db"),
        "--ruleset", "rulesets/district.toml", str(saved),
    )  # fmt: skip
    assert code == 2 and "ruleset" in err
