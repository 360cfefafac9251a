"""The office commands and the Excel intake on PostgreSQL and MariaDB.

A workbook import runs the roster import and one command per ledger row in
one outer transaction (the commands' own transactions nest in it): a bad
row anywhere must leave the server's rows as they were, and a good
workbook must store everything.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from sqmy_core.cli.main import cli

openpyxl = pytest.importorskip("openpyxl")

REPO = Path(__file__).resolve().parents[3]
RULESET = str(REPO / "rulesets" / "county_office.toml")  # no review step: a piece is accepted


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def ok(*args: str) -> str:
    code, out, err = run(*args)
    assert code == 0, err
    return out


def _workbook(tmp_path: Path, db: str, kind: str, rows: dict[str, list[list[object]]]) -> str:
    path = tmp_path / f"{kind}.xlsx"
    ok("template", "xlsx", "--kind", kind, "--db", db, "-o", str(path))
    wb = openpyxl.load_workbook(path)
    for sheet, values in rows.items():
        for r, row in enumerate(values, 3):
            for c, value in enumerate(row, 1):
                wb[sheet].cell(r, c, value)
    wb.save(path)
    return str(path)


def test_a_year_and_a_workbook_on_a_server(db_url: str, tmp_path: Path) -> None:
    ok("ruleset", "apply", "--db", db_url, "--from", "2024-01-01", RULESET)
    roster = _workbook(tmp_path, db_url, "roster", {
        "单位": [["t1", "城关镇", "乡镇", None]],
        "名册": [["s1", "钱办", "机关干部", None, None, None],
                 ["i1", "信息员甲", "信息员", "t1", datetime(2024, 1, 1), None]],
    })
    ok("import", "--xlsx", roster, "--db", db_url, "--actor", "s1")
    ok("piece", "submit", "x1", "--db", db_url, "--actor", "i1", "--title", "一篇", "--author", "i1",
       "--unit", "t1", "--now", "2024-03-01T09:00:00+08:00")
    bad = _workbook(tmp_path, db_url, "adoptions", {
        "采用": [["x1", "《要情快报》", "2024-03-02", None], ["x9", "《要情快报》", "2024-03-03", None]],
    })
    before = ok("backup", "--db", db_url)
    code, _, err = run("import", "--xlsx", bad, "--db", db_url, "--actor", "s1")
    assert code == 2 and "采用!A4: " in err and "x9" in err
    after = json.loads(ok("backup", "--db", db_url))
    kept = json.loads(before)
    assert after["events"] == kept["events"] and after["registry"] == kept["registry"]
    good = _workbook(tmp_path, db_url, "adoptions", {"采用": [["x1", "《要情快报》", "2024-03-02", None]]})
    out = ok("import", "--xlsx", good, "--db", db_url, "--actor", "s1")
    assert "采用 1 条" in out
    out = ok("import", "--xlsx", good, "--db", db_url, "--actor", "s1")
    assert "未重复登记的 1 条" in out
    shown = json.loads(ok("piece", "show", "x1", "--db", db_url, "--format", "json"))
    assert [a["body"] for a in shown["adoptions"]] == ["yaoqing"]
    dispatch = ("piece", "dispatch", "x1", "--db", db_url, "--actor", "s1", "--route", "direct")
    first = json.loads(ok(*dispatch, "--format", "json"))
    again = json.loads(ok(*dispatch, "--format", "json"))
    assert first["version"] == again["version"] == 3
