"""The store -> assessment path: the columns read from a SQLite workspace assess the same as
the reference ledger on the store's export, for each profile's ruleset, and reading changes
no byte of the workspace."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import CliRunner

pytest.importorskip("polars")

from sqmy_core._builtin.sqlite_store import SqliteStore
from sqmy_core.cli.main import cli
from sqmy_core.interchange import parse_dataset
from sqmy_core.rules.declared import declarations_of
from sqmy_core.scoring.assess import assess
from sqmy_core.scoring.columnar import engine
from sqmy_core.testing.frames import frames_differences
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


def _district_store(path: Path) -> tuple[SqliteStore, Any]:
    rs = load_ruleset(RULESETS / "district.toml")
    doc = generate("district", seed=4, year=2024, pieces=150)
    doc["format"] = "sqmy-dataset/1.1"
    doc["pieces"][1]["body"] = "正文"  # a 1.1 dataset: the reader still sees it
    dataset = parse_dataset(doc, extra_roles=rs.reviewer_roles, declarations=declarations_of(rs))
    store = SqliteStore(path, rs.organization)
    import_dataset(store, rs, dataset, actor=staff_of(doc))
    return store, rs


def test_frames_of_only_the_columns_asked_for(tmp_path: Path) -> None:
    """Asked for the columnar path's columns, the store gives those of events and pieces (no
    other key decoded), equal to the same columns of every column's frames."""
    from sqmy_core.scoring.columnar.stream import frame_columns

    store, rs = _district_store(tmp_path / "w.db")
    with store:
        columns = frame_columns(rs)
        every = frames_from_store(store, rs.reviewer_roles)
        some = frames_from_store(store, rs.reviewer_roles, columns)
        assert some.version == every.version == "1.1"
        narrowed = {}
        for table in ("events", "pieces"):
            names = getattr(some, table).columns
            assert names == [c for c in getattr(every, table).columns if c in columns[table]]
            assert names != getattr(every, table).columns  # something was left out
            narrowed[table] = getattr(every, table).select(names)
        assert frames_differences(some, attrs.evolve(every, **narrowed)) == []
        assert engine.assess_columnar(rs, some, 2024) == assess(
            rs, export_dataset(store, rs.reviewer_roles), 2024
        )


def test_a_decline_on_data_assesses_the_store_s_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store's frames hold only the columnar path's columns: when it declines on what the
    data reveals, the reference assesses the export (``auto``); ``columnar`` says why."""
    from sqmy_core.errors import ConfigurationError
    from sqmy_core.scoring.columnar import assess as columnar_assess
    from sqmy_core.workspace import assessing

    store, rs = _district_store(tmp_path / "w.db")
    with store:
        roles = rs.reviewer_roles
        ref = assessing.assess_store(store, rs, roles, 2024, "reference")
        monkeypatch.setattr(engine, "COLUMNAR_FROM_EVENTS", 1)

        def too_large(*_args: object, **_kwargs: object) -> object:
            raise ConfigurationError.one("", "columnar_too_large", found="x")

        monkeypatch.setattr(columnar_assess, "assess_frames", too_large)
        assert assessing.assess_store(store, rs, roles, 2024, "auto") == ref
        with pytest.raises(ConfigurationError):
            assessing.assess_store(store, rs, roles, 2024, "columnar")


def test_the_store_read_benchmark_reads_every_event(tmp_path: Path) -> None:
    from benchmarks import store_read

    store, rs = _district_store(tmp_path / "w.db")
    with store:
        events = frames_from_store(store, rs.reviewer_roles).events.height
    before = _bytes(tmp_path)
    for every in (False, True):
        got = store_read.measure(tmp_path / "w.db", RULESETS / "district.toml", all_columns=every)
        assert got.events == events > 0
    assert _bytes(tmp_path) == before
