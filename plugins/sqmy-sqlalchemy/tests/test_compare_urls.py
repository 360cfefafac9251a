"""``sqmy compare --db`` on a server: the version in force against a draft, and nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import sqlalchemy as sa
from click.testing import CliRunner
from test_cli_urls import DATASET, RULESET

from sqmy_core.cli.main import cli


def _rows(url: str) -> dict[str, list[str]]:
    """Every row of every table, as text, sorted: what a read must leave as it was."""
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        meta = sa.MetaData()
        meta.reflect(engine)
        with engine.connect() as conn:
            return {
                name: sorted(repr(tuple(r)) for r in conn.execute(sa.select(table)))
                for name, table in meta.tables.items()
            }
    finally:
        engine.dispose()


def test_compare_reads_a_server_workspace_only(db_url: str, tmp_path: Path) -> None:
    data = tmp_path / "d.json"
    data.write_text(json.dumps(DATASET, ensure_ascii=False), encoding="utf-8")
    draft = tmp_path / "draft.toml"
    text = Path(RULESET).read_text(encoding="utf-8")
    draft.write_text(text.replace("cppcc-city = 4", "cppcc-city = 6", 1), encoding="utf-8")
    run = CliRunner().invoke
    assert run(cli, ["ruleset", "apply", "--db", db_url, RULESET]).exit_code == 0
    imported = run(cli, ["import", "--as", "s1", "--db", db_url, "--ruleset", RULESET, str(data)])
    assert imported.exit_code == 0, imported.stderr
    before = _rows(db_url)
    assert before and any(before.values())
    done = run(
        cli,
        ["compare", "--db", db_url, "--ruleset", str(draft), "--year", "2024",
         "--no-specs", "--format", "json"],
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    assert _rows(db_url) == before
    doc = json.loads(done.stdout)
    people = next(t for t in doc["tables"] if t["key"] == "people")["rows"]
    # 审定通过 1 + 市政协采用 4 -> 6
    assert [(p["id"], p["points_before"], p["points_after"]) for p in people] == [("p1", 5.0, 7.0)]
