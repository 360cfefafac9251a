"""The store -> assessment path: the columns read from a SQLite workspace assess the same as
the reference ledger on the store's export, for each profile's ruleset, and reading changes
no byte of the workspace."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("polars")

from sqmy_core._builtin.sqlite_store import SqliteStore
from sqmy_core.cli.main import cli
from sqmy_core.interchange import parse_dataset
from sqmy_core.rules.declared import declarations_of
from sqmy_core.scoring.assess import assess
from sqmy_core.scoring.columnar import engine
from sqmy_core.tools.synth import PROFILES, generate
from sqmy_core.workspace.files import load_ruleset
from sqmy_core.workspace.store_frames import frames_from_store
from sqmy_core.workspace.transfer import export_dataset, import_dataset
from tests.conftest import staff_of

RULESETS = Path(__file__).resolve().parents[2] / "rulesets"


@pytest.mark.parametrize("profile", PROFILES)
def test_store_frames_assess_as_the_reference(
    profile: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "COLUMNAR_FROM_EVENTS", 1)  # small data takes the batch path
    rs = load_ruleset(RULESETS / f"{profile}.toml")
    doc = generate(profile, seed=5, year=2024, pieces=150)
    roles = rs.reviewer_roles
    dataset = parse_dataset(doc, extra_roles=roles, declarations=declarations_of(rs))
    with SqliteStore(tmp_path / "w.db", rs.organization) as store:
        import_dataset(store, rs, dataset, actor=staff_of(doc))
        assert store.dataset_frames(roles) is not None  # read by SQL, not the export
        reference = assess(rs, export_dataset(store, roles), 2024)
        assert engine.assess_any(rs, frames_from_store(store, roles), 2024) == reference
        assert reference.people  # not trivially equal


def _bytes(directory: Path) -> dict[str, str]:
    """Each database file's digest (``-shm`` is SQLite's shared-memory index, not data)."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.iterdir())
        if not p.name.endswith("-shm")
    }


@pytest.mark.parametrize("choice", ["columnar", "reference"])
def test_assessing_a_store_changes_no_byte_of_it(
    choice: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "COLUMNAR_FROM_EVENTS", 1)
    ruleset = str(RULESETS / "district.toml")
    doc = generate("district", seed=3, year=2024, pieces=120)
    data = tmp_path / "d.json"
    data.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    db = str(work / "w.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["ruleset", "apply", "--db", db, ruleset]).exit_code == 0
    assert runner.invoke(cli, ["import", "--as", staff_of(doc), "--db", db, str(data)]).exit_code == 0
    before = _bytes(work)
    ran = runner.invoke(
        cli, ["assess", "--db", db, "--year", "2024", "--format", "json", "--engine", choice]
    )
    assert ran.exit_code == 0, ran.output
    assert json.loads(ran.output)["people"]
    assert _bytes(work) == before
