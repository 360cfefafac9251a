"""Opening is not changing; rules in force by date; reading a workspace never writes it.

The proofs are byte-level on SQLite: the database file and its ``-wal`` are
hashed before and after each read command, with and without ``--ruleset``,
after a refused import and after an import killed with SIGKILL.
"""

from __future__ import annotations

import hashlib
import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import tomli_w
from click.testing import CliRunner

from sqmy_core.cli.main import cli
from sqmy_core.plugins import open_store
from sqmy_core.rules import unstructure
from sqmy_core.tools.synth import generate
from sqmy_core.workspace.backup import backup_doc, dumps
from sqmy_core.workspace.files import load_ruleset
from tests.conftest import staff_of

REPO = Path(__file__).resolve().parents[2]
RULESET = str(REPO / "rulesets" / "district.toml")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def digest(db: Path) -> dict[str, str | None]:
    """The bytes of the database and its companions (None: the file does not exist)."""
    found: dict[str, str | None] = {}
    for end in ("", "-wal", "-shm"):
        f = Path(f"{db}{end}")
        found[end] = hashlib.sha256(f.read_bytes()).hexdigest() if f.exists() else None
    del found["-shm"]  # shared-memory index, rebuilt by any reader: not the data
    return found


def points_v2(tmp_path: Path) -> str:
    """The district ruleset with every points value doubled (a '2025 revision')."""
    doc = unstructure(load_ruleset(RULESET))
    for rule in doc["scoring"]["rules"]:
        for key, value in list(rule.items()):
            if key == "points" and isinstance(value, int | float):
                rule[key] = value * 2
    doc["title"] = doc["title"] + "（2025 年修订）"
    path = tmp_path / "v2.toml"
    path.write_text(tomli_w.dumps(doc), encoding="utf-8")
    return str(path)


def test_2023_keeps_its_result_after_the_rules_change(tmp_path: Path, small_district: Path) -> None:
    data = json.loads(small_district.read_text(encoding="utf-8"))
    text = json.dumps(data, ensure_ascii=False).replace("2024-", "2023-")
    old = tmp_path / "d2023.json"
    old.write_text(text, encoding="utf-8")
    db = str(tmp_path / "w.db")
    code, out, err = run(
        "ruleset",
        "apply",
        "--db",
        db,
        RULESET,
        "--from",
        "2023-01-01",
        "--actor",
        "s1",
        "--now",
        "2023-01-02T09:00:00+08:00",
    )
    assert code == 0, err
    assert "第 1 版" in out and "2023-01-01" in out
    assert run("import", "--as", "s1", "--db", db, str(old))[0] == 0
    a = run("assess", "--db", db, "--year", "2023", "--format", "json")
    assert a[0] == 0, a[2]
    code, _, err = run(
        "ruleset",
        "apply",
        "--db",
        db,
        points_v2(tmp_path),
        "--from",
        "2025-01-01",
        "--now",
        "2024-12-20T09:00:00+08:00",
    )
    assert code == 0, err
    again = run("assess", "--db", db, "--year", "2023", "--format", "json")
    assert again[1] == a[1]  # the 2023 result it gave in 2023
    later = tmp_path / "d2025.json"
    later.write_text(text.replace("2023-", "2025-"), encoding="utf-8")
    code, _, err = run("import", "--as", "s1", "--db", db, str(later))
    assert code == 0, err
    v2 = run(
        "assess", "--db", db, "--year", "2025", "--ruleset", points_v2(tmp_path), "--format", "json"
    )
    by_v1 = run("assess", "--db", db, "--year", "2025", "--ruleset", RULESET, "--format", "json")
    from_db = run("assess", "--db", db, "--year", "2025", "--format", "json")
    assert from_db[0] == 0 and from_db[1] == v2[1]  # 2025 is assessed under v2
    assert from_db[1] != by_v1[1]
    assert run("assess", "--db", db, "--year", "2023", "--format", "json")[1] == a[1]
    out = run("ruleset", "history", "--db", db)[1]
    assert code == 0 and "第 1 版" in out and "第 2 版" in out and "（当前）" in out
    assert "s1" in out and "2025-01-01" in out
    code, out, _ = run("--lang", "en", "ruleset", "history", "--db", db)
    assert code == 0 and "v2" in out and "(current)" in out


def test_year_under_v2_differs(tmp_path: Path, small_district: Path) -> None:
    db = str(tmp_path / "w.db")
    assert run("ruleset", "apply", "--db", db, RULESET, "--from", "2023-01-01")[0] == 0
    assert run("import", "--as", "s1", "--db", db, str(small_district))[0] == 0
    v1 = run("assess", "--db", db, "--year", "2024", "--format", "json")[1]
    assert run("ruleset", "apply", "--db", db, points_v2(tmp_path), "--from", "2024-07-01")[0] == 0
    v2 = run("assess", "--db", db, "--year", "2024", "--format", "json")[1]
    assert v1 != v2  # a version starting mid-year governs the whole year it starts in
    assert run("assess", "--db", db, "--year", "2023", "--format", "json")[1] != v2


@pytest.mark.parametrize("override", [False, True])
def test_read_commands_leave_the_database_byte_identical(
    workspace_db: Path, tmp_path: Path, override: bool
) -> None:
    extra = ["--ruleset", points_v2(tmp_path)] if override else []
    before = digest(workspace_db)
    db = str(workspace_db)
    for args in (
        ["assess", "--db", db, "--year", "2024", *extra],
        ["explain", "--db", db, "--year", "2024", "--person", "p001", *extra],
        ["bulletin", "--db", db, "--period", "2024Q1", *extra],
        ["bulletin", "--db", db, "--period", "2099Q1", *extra],  # fails: still writes nothing
        ["overdue", "--db", db, "--now", "2024-12-31T24:00:00+08:00"],
        ["export", "--db", db],
        ["backup", "--db", db],
        ["ruleset", "history", "--db", db],
    ):
        run(*args)
        assert digest(workspace_db) == before, args
    out = run("ruleset", "history", "--db", db)[1]
    assert out.count("版  自") == 1  # the override was never stored


@pytest.fixture
def workspace_db(tmp_path: Path, small_district: Path) -> Path:
    db = tmp_path / "w.db"
    assert run("ruleset", "apply", "--db", str(db), RULESET, "--from", "2024-01-01")[0] == 0
    assert run("import", "--as", "s1", "--db", str(db), str(small_district))[0] == 0
    return db


def _kept(db: Path) -> tuple[str, list[tuple[str, str]]]:
    """The workspace's backup without its audit chain, and the chain's (action, outcome)s."""
    store = open_store(str(db), "district")
    try:
        doc = backup_doc(store)
    finally:
        store.close()
    chain = [(r["entry"]["action"], r["entry"]["outcome"]) for r in doc.pop("audit")]
    return dumps(doc), chain


def test_refused_imports_change_nothing(
    workspace_db: Path, tmp_path: Path, small_district: Path
) -> None:
    """Nothing but the audit chain: each refusal inside the import leaves its record there."""
    before, chain = _kept(workspace_db)
    other = str(REPO / "rulesets" / "party.toml")
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "sqmy-dataset/1", "units": [{"id": 1}]}', encoding="utf-8")
    for args in (
        ["import", "--as", "s1", "--db", str(workspace_db), "--ruleset", other, str(bad)],
        [
            "import",
            "--as",
            "s1",
            "--db",
            str(workspace_db),
            "--ruleset",
            points_v2(tmp_path),
            str(small_district),
        ],
        ["import", "--as", "s1", "--db", str(workspace_db), str(bad)],
        # the pieces exist already
        ["import", "--as", "s1", "--db", str(workspace_db), str(small_district)],
        ["import", "--as", "s1", "--db", str(workspace_db), str(tmp_path / "missing.json")],
    ):
        code, out, err = run(*args)
        assert code == 2 and out == "", (args, err)
        now, grown = _kept(workspace_db)
        assert now == before and grown[: len(chain)] == chain, args
        assert all(action == "import" and outcome != "ok" for action, outcome in grown[len(chain) :])
        chain = grown
    assert len(chain) >= 3  # the refusals the import itself made are on record


def test_a_missing_workspace_is_never_created(tmp_path: Path, small_district: Path) -> None:
    for name in ("missing.db", "a:b.db", "sqlite:///" + str(tmp_path / "s.db")):
        db = name if name.startswith("sqlite") else str(tmp_path / name)
        for args in (
            ["assess", "--db", db, "--year", "2024"],
            ["assess", "--db", db, "--year", "2024", "--ruleset", RULESET],
            ["explain", "--db", db, "--year", "2024", "--person", "p001"],
            ["bulletin", "--db", db, "--period", "2024Q1", "--ruleset", RULESET],
            ["overdue", "--db", db],
            ["export", "--db", db],
            ["backup", "--db", db],
            ["ruleset", "history", "--db", db],
            ["import", "--as", "s1", "--db", db, str(small_district)],
            ["import", "--as", "s1", "--db", db, "--ruleset", RULESET, str(small_district)],
        ):
            code, out, err = run(*args)
            assert code == 2 and out == "" and "ruleset apply" in err, (args, err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["district.json"]


def test_import_needs_a_ruleset_in_force(tmp_path: Path, small_district: Path) -> None:
    db = tmp_path / "w.db"
    empty = tmp_path / "e.json"
    empty.write_text('{"format": "sqmy-dataset/1"}', encoding="utf-8")
    code, _, err = run("--lang", "en", "import", "--as", "s1", "--db", str(db), str(empty))
    assert code == 2 and "sqmy ruleset apply" in err and not db.exists()


def _writing(db: Path) -> bool:
    """Whether another connection holds the database's write lock (a transaction is open)."""
    con = sqlite3.connect(db, timeout=0)
    try:
        con.execute("BEGIN IMMEDIATE")
        con.rollback()
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        con.close()


def test_a_killed_import_changes_nothing(tmp_path: Path) -> None:
    """SIGKILL in the middle of a big import: the database file is byte-identical, and after
    the next open (which discards the uncommitted WAL frames) the export and the backup are too."""
    db = tmp_path / "w.db"
    assert run("ruleset", "apply", "--db", str(db), RULESET, "--from", "2020-01-01")[0] == 0
    doc = generate("district", seed=7, year=2024, people=400, pieces=6000, years=2)
    data = tmp_path / "big.json"
    data.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    before = digest(db)
    export_before = run("export", "--db", str(db))[1]
    backup_before = run("backup", "--db", str(db))[1]
    assert digest(db) == before
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from sqmy_core.cli.main import main; main()",
            "import",
            "--as",
            staff_of(doc),
            "--db",
            str(db),
            str(data),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # Wait until the import's write transaction is open (the bulk insert keeps its pages in
    # a large cache, so the -wal file need not grow before the commit), let it insert for a
    # moment, and kill it while it still holds the write lock.
    for _ in range(6000):
        if proc.poll() is not None or _writing(db):
            break
        time.sleep(0.005)
    time.sleep(0.05)
    assert proc.poll() is None and _writing(db), (
        "the import finished before it could be killed: make it bigger"
    )
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert digest(db)[""] == before[""]  # the database file itself: byte-identical
    assert run("export", "--db", str(db))[1] == export_before
    assert run("backup", "--db", str(db))[1] == backup_before
    assert digest(db) == before  # and once a reader has closed it, the -wal is gone again
