"""``sqmy report`` and ``sqmy bulletin`` as office staff run them: the refusals, the files, the notes.

The dataset is ``tests/conftest.py``'s small district plus a second member
named 张三 (``p004``) and two pieces approved in 2023 and adopted in March
2024, so the first quarter has one approval (2024-001) and two adoptions:
an adoption rate of 200 %, which must be marked and explained, never shown
bare.  The year has two approvals and three adoptions (150 %).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import RULESET, sqmy
from tests.conftest import SMALL_DISTRICT

SRC = Path(__file__).resolve().parents[2] / "src"


def _doc() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(json.dumps(SMALL_DISTRICT))
    doc["people"].append({"id": "p004", "name": "张三", "roles": ["member"], "units": ["sec-agri"]})
    for ident, author, unit, month in (("2023-101", "p004", "sec-agri", "10"),
                                       ("2023-102", "p001", "sec-econ", "11")):  # fmt: skip
        doc["pieces"].append({"id": ident, "title": f"稿件{ident}", "authors": [author],
                              "unit": unit, "submitted_at": f"2023-{month}-01T09:00:00+08:00"})  # fmt: skip
        doc["events"].append({"piece": ident, "type": "approved",
                              "at": f"2023-{month}-05T10:00:00+08:00"})  # fmt: skip
        day = "01" if ident.endswith("1") else "10"
        doc["events"].append({"piece": ident, "type": "adopted",
                              "at": f"2024-03-{day}T10:00:00+08:00", "body": "cppcc-county"})  # fmt: skip
    return doc


@pytest.fixture
def data(tmp_path: Path) -> str:
    path = tmp_path / "district.json"
    path.write_text(json.dumps(_doc(), ensure_ascii=False), encoding="utf-8")
    return str(path)


def report(data: str, *args: str) -> Any:
    return sqmy("report", "--ruleset", RULESET, "--data", data, *args)


def test_a_quarterly_bulletin_refuses_a_month(data: str, tmp_path: Path) -> None:
    out = tmp_path / "q.xlsx"
    for command in (
        ("report", "--ruleset", RULESET, "--data", data, "--year", "2024",
         "--bulletin", "quarterly", "--period", "2024-03", "--format", "xlsx", "-o", str(out)),
        ("bulletin", "--ruleset", RULESET, "--data", data, "--period", "2024-03"),
        ("bulletin", "--ruleset", RULESET, "--data", data, "--period", "2024年3月"),
    ):  # fmt: skip
        ran = sqmy(*command)
        assert ran.code == 2 and ran.out == ""
        assert "--period" in ran.err and "2024Q1" in ran.err and "'2024-03'" in ran.err
        assert "季度" in ran.err and "Traceback" not in ran.err
    assert not out.exists()
    ran = sqmy("--lang", "en", "bulletin", "--ruleset", RULESET, "--data", data,
               "--period", "2024-03")  # fmt: skip
    assert ran.code == 2
    assert "--period" in ran.err and "a quarter like 2024Q1" in ran.err and "'2024-03'" in ran.err
    # a whole year of a quarterly bulletin sums its quarters: allowed
    assert sqmy("bulletin", "--ruleset", RULESET, "--data", data, "--period", "2024").code == 0


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "png"])
def test_a_file_format_needs_output_and_writes_nothing_without(data: str, fmt: str) -> None:
    ran = report(data, "--year", "2024", "--format", fmt)
    assert ran.code == 2 and ran.out == ""
    assert "--output" in ran.err and fmt in ran.err


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "png", "markdown", "json", "table"])
def test_each_format_is_written_whole_to_output(data: str, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"report.{fmt}"
    ran = report(data, "--year", "2024", "--format", fmt, "-o", str(target), "--date", "2025-01-10")
    assert ran.code == 0, ran.err
    assert ran.out == "" and str(target) in ran.err
    magic = {"xlsx": b"PK", "docx": b"PK", "png": b"\x89PNG"}
    assert target.read_bytes().startswith(magic.get(fmt, b""))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["district.json", target.name])


def test_a_refused_run_leaves_no_file_and_keeps_an_old_one(data: str, tmp_path: Path) -> None:
    target = tmp_path / "old.xlsx"
    ran = report(data, "--year", "2024", "--bulletin", "weekly", "--format", "xlsx",
                 "-o", str(target))  # fmt: skip
    assert ran.code == 2 and not target.exists()
    target.write_bytes(b"old")
    ran = report(data, "--year", "2024", "--chart", "pie", "--format", "png", "-o", str(target))
    assert ran.code == 2 and "'pie'" in ran.err and "funnel" in ran.err
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["district.json", "old.xlsx"]


def test_a_rate_over_100_percent_is_marked_and_explained(data: str) -> None:
    ran = sqmy("bulletin", "--ruleset", RULESET, "--data", data, "--period", "2024Q1",
               "--format", "markdown")  # fmt: skip
    assert ran.code == 0, ran.err
    lines = ran.out.splitlines()
    totals = lines[lines.index("## 合计") + 4]
    assert totals.startswith("| 1 | 1 | 2 |") and "200.00%※" in totals
    assert any(ln.startswith("> ※ 超过 100%：") for ln in lines)
    assert any(ln.startswith("> 采用率 = 期内被采用的稿件篇数 ÷ 期内审定通过的稿件篇数") for ln in lines)
    year = report(data, "--year", "2024", "--format", "json")
    doc = json.loads(year.out)
    totals_doc = next(t for t in doc["tables"] if t["key"] == "totals")
    assert totals_doc["rows"][0]["adoption_rate"] == 1.5
    assert any(n.startswith("※") for n in totals_doc["notes"])


def test_two_members_of_one_name_are_told_apart_by_id(data: str) -> None:
    ran = sqmy("bulletin", "--ruleset", RULESET, "--data", data, "--period", "2024Q1",
               "--format", "markdown")  # fmt: skip
    rows = [ln for ln in ran.out.splitlines() if "| 张三 |" in ln]
    assert [r.split(" | ")[0] for r in rows] == ["| p001", "| p004"]
    year = report(data, "--year", "2024", "--format", "markdown")
    people = [ln for ln in year.out.splitlines() if "| 张三 |" in ln]
    assert {ln.split(" | ")[1] for ln in people} == {"p001", "p004"}


def test_english_everywhere(data: str) -> None:
    ran = sqmy("--lang", "en", "report", "--ruleset", RULESET, "--data", data, "--year", "2024")
    assert ran.code == 0, ran.err
    assert "People by points" in ran.out and "Adoption rate = pieces adopted" in ran.out
    assert "Funnel" in ran.out and "Month by month" in ran.out
    ran = sqmy("--lang", "en", "report", "--ruleset", RULESET, "--data", data, "--year", "2024",
               "--format", "docx")  # fmt: skip
    assert ran.code == 2 and "give its path with --output" in ran.err


def test_from_a_workspace_the_funnel_starts_with_its_clues(
    data: str, tmp_path: Path
) -> None:
    from datetime import datetime, timedelta, timezone

    from sqmy_core.model import Clue
    from sqmy_core.workspace.workspace import Workspace

    db = tmp_path / "w.db"
    assert sqmy("ruleset", "apply", "--db", str(db), RULESET).code == 0
    ran = sqmy("import", "--as", "s1", "--db", str(db), "--ruleset", RULESET, data)
    assert ran.code == 0, ran.err
    ran = sqmy("report", "--db", str(db), "--year", "2024", "--format", "json")
    funnel = next(t for t in json.loads(ran.out)["tables"] if t["key"] == "funnel")
    assert funnel["rows"][0]["stage"] == "采集"  # no clue kept: no stage of none
    tz = timezone(timedelta(hours=8))
    with Workspace.open(str(db), organization="district") as ws:
        for i, day in enumerate((datetime(2023, 12, 30, tzinfo=tz), datetime(2024, 2, 1, tzinfo=tz),
                                 datetime(2024, 7, 1, tzinfo=tz))):  # fmt: skip
            ws.register_clue(Clue(f"q{i}", "qr_code", day, "小区加装电梯难"), actor="s1", now=day)
    before = db.read_bytes()
    ran = sqmy("report", "--db", str(db), "--year", "2024", "--format", "json")
    assert ran.code == 0, ran.err
    assert db.read_bytes() == before  # reading never writes
    funnel = next(t for t in json.loads(ran.out)["tables"] if t["key"] == "funnel")
    assert [(r["stage"], r["count"]) for r in funnel["rows"]][:2] == [("线索", 2), ("采集", 2)]


def test_a_missing_extra_names_what_to_install(data: str, tmp_path: Path) -> None:
    probe = (
        "import sys; sys.modules['openpyxl'] = None\n"
        "from sqmy_core.cli.main import main\n"
        f"sys.argv = ['sqmy', 'report', '--ruleset', {RULESET!r}, '--data', {data!r},"
        f" '--year', '2024', '--format', 'xlsx', '-o', {str(tmp_path / 'x.xlsx')!r}]\n"
        "main()\n"
    )
    ran = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(SRC), "SQMY_LANG": "zh"}, check=False)  # fmt: skip
    assert ran.returncode == 2, ran.stderr
    assert "pip install 'sqmy-core[reports]'" in ran.stderr and "openpyxl" in ran.stderr
    assert "Traceback" not in ran.stderr and not (tmp_path / "x.xlsx").exists()


@pytest.mark.parametrize(
    "argv",
    [["--version"], ["report", "--help"], ["report", "--ruleset", RULESET, "--data", "DATA",
                                           "--year", "2024", "--format", "table"]],
)  # fmt: skip
def test_start_up_and_text_formats_do_not_load_the_heavy_libraries(
    data: str, argv: list[str]
) -> None:
    argv = [data if a == "DATA" else a for a in argv]
    probe = (
        "import json, sys\n"
        "from sqmy_core.cli.main import main\n"
        f"sys.argv = ['sqmy', *{argv!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = ('openpyxl', 'docx', 'matplotlib', 'mplfonts', 'fontTools')\n"
        "sys.stderr.write(json.dumps(sorted(m for m in heavy if m in sys.modules)))\n"
    )
    ran = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(SRC)}, check=False)  # fmt: skip
    assert ran.stderr.endswith("[]"), ran.stderr[-500:]


def test_a_monthly_bulletin_takes_a_month_a_quarter_or_the_year(tmp_path: Path) -> None:
    party = str(Path(RULESET).with_name("party.toml"))
    empty = tmp_path / "empty.json"
    empty.write_text(json.dumps({"format": "sqmy-dataset/1", "units": [], "people": [],
                                 "calls": [], "pieces": [], "events": []}), encoding="utf-8")  # fmt: skip
    for period in ("2024-03", "2024Q1", "2024"):
        ran = sqmy("report", "--ruleset", party, "--data", str(empty), "--year", "2024",
                   "--bulletin", "monthly", "--period", period)  # fmt: skip
        assert ran.code == 0, ran.err


def test_a_period_outside_the_year_and_no_year_at_all_are_refused(data: str) -> None:
    ran = report(data, "--year", "2024", "--bulletin", "quarterly", "--period", "2023Q4")
    assert ran.code == 2 and "--period" in ran.err and "2023Q4" in ran.err and "2024" in ran.err
    ran = report(data, "--format", "json")
    assert ran.code == 2 and "'--year'" in ran.err
    ran = report(data, "--period", "2024Q1", "--format", "json")  # the year is the period's
    assert ran.code == 0 and json.loads(ran.out)["kind"] == "bulletin"
