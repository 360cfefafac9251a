"""``sqmy template xlsx`` and ``sqmy import --xlsx``: the workbook an office keeps, round trip.

The template is filled in with openpyxl as a clerk would in Excel (rows
from the third on, names from the drop-down lists, dates as Excel dates or
text), imported, and the assessment of the workspace shows what it held.
Every bad cell is named by sheet, column and row, all of them at once,
and nothing is stored.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import RULESET, sqmy
from tests.conftest import RULESETS
from tests.integration.test_cli_office import approve, dump, ok, show, submit

openpyxl = pytest.importorskip("openpyxl")


def template(tmp_path: Path, kind: str, *source: str) -> Path:
    out = tmp_path / f"{kind}.xlsx"
    ran = sqmy("template", "xlsx", "--kind", kind, "--output", str(out), *(source or ("--ruleset", RULESET)))
    assert ran.code == 0, ran.err
    return out


def fill(path: Path, rows: dict[str, list[list[Any]]], target: Path) -> Path:
    """Write ``rows`` into the template's sheets from row 3 on, as a clerk does."""
    wb = openpyxl.load_workbook(path)
    for sheet, values in rows.items():
        ws = wb[sheet]
        for r, row in enumerate(values, 3):
            for c, value in enumerate(row, 1):
                ws.cell(r, c, value)
    wb.save(target)
    return target


ROSTER = {
    "单位": [["sec-econ", "经济界", "界别", None], ["sec-agri", "农业界", "sector", None]],
    "名册": [
        ["s1", "钱办", "机关干部", None, None, None],
        ["p001", "张三", "委员", "sec-econ", datetime(2024, 1, 1), None],
        ["p002", "李四", "委员、常委", "sec-econ，sec-agri", "2024-01-01", None],
        ["r-initial", "赵审", "审核：初审（社法委）", None, None, None],
        ["r-deputy", "孙审", "reviewer_deputy", None, None, None],
        ["r-chair", "周审", "reviewer_chair", None, None, None],
    ],
}


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    db = tmp_path / "w.db"
    ok("ruleset", "apply", "--db", str(db), "--from", "2024-01-01", RULESET)
    return db


def test_the_template_has_chinese_headers_hidden_keys_lists_and_instructions(tmp_path: Path) -> None:
    path = template(tmp_path, "roster")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[0] == "填写说明" and {"单位", "名册"} <= set(wb.sheetnames)
    assert wb["词表"].sheet_state == "hidden"
    people = wb["名册"]
    assert [c.value for c in people[1]] == ["人员编号*", "姓名*", "角色*", "所属单位", "任职起", "任职止"]
    assert [c.value for c in people[2]] == ["id", "name", "roles", "units", "since", "until"]
    assert people.row_dimensions[2].hidden and people.freeze_panes == "A3"
    lists = {str(dv.sqref).split(":")[0]: dv for dv in people.data_validations.dataValidation}
    assert set(lists) == {"C3"}  # roles: the one vocabulary column
    sheet, cells = lists["C3"].formula1.split("!")
    assert sheet == "'词表'"
    words = [c.value for row in wb["词表"][cells.replace("$", "")] for c in row]
    assert "委员" in words and "机关干部" in words and "审核：初审（社法委）" in words
    guide = " ".join(str(c.value) for row in wb["填写说明"].iter_rows() for c in row if c.value)
    assert "sqmy import --xlsx" in guide and "所属单位" in guide


def test_the_lists_offer_the_rulesets_declared_words(tmp_path: Path) -> None:
    path = template(tmp_path, "ledger", "--ruleset", str(RULESETS / "county_office.toml"))
    wb = openpyxl.load_workbook(path)
    assert {"采用", "批示", "办理"} <= set(wb.sheetnames)
    bodies = [c.value for c in wb["词表"]["C"]]
    assert bodies[0] == "bodies" and "《要情快报》" in bodies and "市政协" in bodies


def test_roster_and_ledger_round_trip_into_the_assessment(tmp_path: Path, workspace: Path) -> None:
    d = str(workspace)
    roster = fill(template(tmp_path, "roster", "--db", d), ROSTER, tmp_path / "r.xlsx")
    ran = sqmy("import", "--xlsx", str(roster), "--db", d, "--actor", "s1")
    assert ran.code == 0, ran.err
    assert "单位 2 个，人员 6 人" in ran.out
    exported = json.loads(ok("export", "--db", d))
    p002 = next(p for p in exported["people"] if p["id"] == "p002")
    assert p002["roles"] == ["member", "standing_member"] and p002["units"] == ["sec-econ", "sec-agri"]
    assert p002["since"] == "2024-01-01T00:00:00+08:00"
    submit(workspace)
    approve(workspace)
    ok("piece", "dispatch", "2024-001", "--db", d, "--actor", "s1", "--route", "direct",
       "--now", "2024-03-05T10:00:00+08:00")
    ledger = fill(
        template(tmp_path, "ledger", "--db", d),
        {
            "采用": [["2024-001", "市政协", datetime(2024, 4, 2), "全文转发"]],
            "批示": [["2024-001", "市级", "主要领导", "2024-04-10 15:00", None]],
            "办理": [["2024-001", "implemented", "区住建局", "2024-06-01", None]],
        },
        tmp_path / "l.xlsx",
    )
    ran = sqmy("import", "--xlsx", str(ledger), "--db", d, "--actor", "s1")
    assert ran.code == 0, ran.err
    assert "采用 1 条，批示 1 条，办理 1 条" in ran.out
    doc = show(workspace)
    assert doc["adoptions"] == [{"body": "cppcc-city", "at": "2024-04-02T12:00:00+08:00"}]
    assessed = json.loads(ok("assess", "--db", d, "--year", "2024", "--format", "json"))
    assert (assessed["stats"]["adopted"], assessed["stats"]["instructed"]) == (1, 1)
    assert next(p for p in assessed["people"] if p["id"] == "p001")["adopted_pieces"] == 1
    table = ok("assess", "--db", d, "--year", "2024")
    assert "采用 1 篇" in table and "批示 1 篇" in table
    # the ledger grows all year in the same file: rows imported before are not recorded again
    before = dump(workspace, audit=False)
    ran = sqmy("import", "--xlsx", str(ledger), "--db", d, "--actor", "s1", "--lang", "en")
    assert ran.code == 0 and "3 rows imported before" in ran.out
    ok("person", "add", "s2", "--db", d, "--actor", "s1", "--name", "孙办", "--role", "staff")
    before = dump(workspace, audit=False)
    ran = sqmy("import", "--xlsx", str(ledger), "--db", d, "--actor", "s2")  # another clerk
    assert ran.code == 0 and "已导入过、本次未重复登记的 3 条" in ran.out
    assert dump(workspace, audit=False) == before


def test_every_bad_cell_is_named_and_nothing_is_stored(tmp_path: Path, workspace: Path) -> None:
    d = str(workspace)
    bad = {
        "单位": [["sec-econ", "经济界", "界别", None], ["sec-x", None, "planet", None]],
        "名册": [
            ["s1", "钱办", "机关干部", None, None, None],
            ["p001", "张三", "委员", "sec-econ", "2024/13/01", None],
            ["p002", 3.5, "神仙", None, None, "2024-02-30"],
            [None, "无名", "委员", None, None, None],
        ],
    }
    roster = fill(template(tmp_path, "roster", "--db", d), bad, tmp_path / "bad.xlsx")
    before = dump(workspace)
    ran = sqmy("import", "--xlsx", str(roster), "--db", d, "--actor", "s1")
    assert ran.code == 2 and ran.out == ""
    lines = ran.err.splitlines()
    assert any("名册!E4：" in ln or "名册!E4: " in ln for ln in lines), ran.err
    assert "名册!E4: 应为日期 YYYY-MM-DD（或 YYYY-MM-DD HH:MM），实为“2024/13/01”" in ran.err
    for cell in ("单位!B4", "单位!C4", "名册!B5", "名册!C5", "名册!F5", "名册!A6"):
        assert f"{cell}: " in ran.err, cell
    assert "“角色”应为以下之一" in ran.err and "神仙" in ran.err
    assert dump(workspace) == before
    en = sqmy("import", "--xlsx", str(roster), "--db", d, "--actor", "s1", "--lang", "en")
    assert en.code == 2 and "名册!E4: expected a date YYYY-MM-DD" in en.err


def test_references_the_validator_refuses_are_named_by_cell(tmp_path: Path, workspace: Path) -> None:
    d = str(workspace)
    rows = {
        "单位": [["sec-econ", "经济界", "界别", "sec-nowhere"]],
        "名册": [["s1", "钱办", "机关干部", None, None, None],
                 ["p001", "张三", "委员", "sec-econ、sec-ghost", None, None]],
    }
    roster = fill(template(tmp_path, "roster", "--db", d), rows, tmp_path / "refs.xlsx")
    ran = sqmy("import", "--xlsx", str(roster), "--db", d, "--actor", "s1")
    assert ran.code == 2
    assert "单位!D3: " in ran.err and "sec-nowhere" in ran.err
    assert "名册!D4: " in ran.err and "sec-ghost" in ran.err


def test_ledger_rows_the_workflow_refuses_are_named_and_none_is_stored(
    tmp_path: Path, workspace: Path
) -> None:
    d = str(workspace)
    roster = fill(template(tmp_path, "roster", "--db", d), ROSTER, tmp_path / "r.xlsx")
    ok("import", "--xlsx", str(roster), "--db", d, "--actor", "s1")
    submit(workspace)
    submit(workspace, "2024-002")
    approve(workspace)
    ok("piece", "dispatch", "2024-001", "--db", d, "--actor", "s1", "--route", "direct",
       "--now", "2024-03-05T10:00:00+08:00")
    ledger = fill(
        template(tmp_path, "adoptions", "--db", d),
        {"采用": [
            ["2024-001", "市政协", "2024-04-02", None],   # fine on its own
            ["2024-002", "市政协", "2024-04-02", None],   # not approved yet
            ["2024-404", "省政协", "2024-04-03", None],   # no such piece
            ["2024-001", "火星政协", "2024-04-04", None],  # no such body
        ]},
        tmp_path / "a.xlsx",
    )
    before = dump(workspace, audit=False)
    ran = sqmy("import", "--xlsx", str(ledger), "--db", d, "--actor", "s1")
    assert ran.code == 2 and ran.out == ""
    assert "采用!B6: " in ran.err and "火星政协" in ran.err
    assert "采用!A4: " in ran.err and "2024-002" in ran.err
    assert "采用!A5: " in ran.err and "2024-404" in ran.err
    assert "采用!A3" not in ran.err
    assert dump(workspace, audit=False) == before
    ran = sqmy("import", "--xlsx", str(ledger), "--db", d, "--actor", "p001")
    assert ran.code == 2 and "staff" in ran.err
    assert dump(workspace, audit=False) == before


def test_import_takes_one_source(tmp_path: Path, workspace: Path, small_district: Path) -> None:
    d = str(workspace)
    ran = sqmy("import", "--db", d, "--actor", "s1")
    assert ran.code == 2 and "--xlsx" in ran.err
    xlsx = template(tmp_path, "roster")
    ran = sqmy("import", "--db", d, "--actor", "s1", "--xlsx", str(xlsx), str(small_district))
    assert ran.code == 2 and "--xlsx" in ran.err


def test_a_template_needs_one_ruleset(tmp_path: Path) -> None:
    ran = sqmy("template", "xlsx", "--kind", "roster", "--output", str(tmp_path / "t.xlsx"))
    assert ran.code == 2 and "--ruleset" in ran.err and not (tmp_path / "t.xlsx").exists()
    ran = sqmy("template", "xlsx", "--kind", "nope", "--ruleset", RULESET, "-o", str(tmp_path / "t.xlsx"))
    assert ran.code == 2 and "roster" in ran.err
