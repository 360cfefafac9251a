"""The command line takes a server URL wherever it takes ``--db``."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from sqmy_core.cli.main import cli

REPO = Path(__file__).resolve().parents[3]
RULESET = str(REPO / "rulesets" / "district.toml")

DATASET = {
    "format": "sqmy-dataset/1",
    "units": [{"id": "sec", "name": "经济界", "kind": "sector", "parent": None}],
    "people": [
        {"id": "p1", "name": "张三", "roles": ["member"], "units": ["sec"]},
        {"id": "s1", "name": "钱办", "roles": ["staff"], "units": []},
    ],
    "pieces": [{"id": "x1", "title": "关于老旧小区改造的建议", "authors": ["p1"], "unit": "sec",
                "submitted_at": "2024-03-01T09:00:00+08:00"}],
    "events": [
        {"piece": "x1", "type": "approved", "at": "2024-03-05T10:00:00+08:00"},
        {"piece": "x1", "type": "adopted", "at": "2024-04-02T15:00:00+08:00",
         "body": "cppcc-city"},
    ],
}


def test_import_assess_export_through_a_server_url(db_url: str, tmp_path: Path) -> None:
    data = tmp_path / "d.json"
    data.write_text(json.dumps(DATASET, ensure_ascii=False), encoding="utf-8")
    run = CliRunner().invoke
    applied = run(cli, ["ruleset", "apply", "--db", db_url, RULESET])
    assert applied.exit_code == 0, applied.stderr
    imported = run(cli, ["import", "--as", "s1", "--db", db_url, "--ruleset", RULESET, str(data)])
    assert imported.exit_code == 0, imported.stderr
    assessed = run(cli, ["assess", "--db", db_url, "--year", "2024", "--format", "json"])
    assert assessed.exit_code == 0, assessed.stderr
    doc = json.loads(assessed.stdout)
    assert doc["people"][0]["points"] == 5.0  # 审定通过 1 + 市政协采用 4
    exported = run(cli, ["export", "--db", db_url])
    assert json.loads(exported.stdout)["pieces"][0]["title"] == "关于老旧小区改造的建议"
    again = run(cli, ["import", "--as", "s1", "--db", db_url, str(data)])
    assert again.exit_code == 2 and "x1" in again.stderr
