"""``sqmy compare`` as an office runs it: a revised district points table, before adopting it.

The draft changes 市政协采用 4 -> 6 分 (第五条第2款), 先进个人 20 -> 15 分 (第六条第2款)
and 谈话引导 after one missed year instead of two (第二条第4款).  The people and units
listed are checked against two assessments compared field by field here; the
spec run must name a failing scenario of each changed clause; every format is
produced and the workbook and the Word document are read back.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sqmy_core.cli.main import cli
from sqmy_core.interchange import parse_dataset
from sqmy_core.rules.declared import declarations_of
from sqmy_core.scoring.assess import assess
from sqmy_core.scoring.rounding import round_half_up
from sqmy_core.tools.synth import generate
from tests.conftest import staff_of
from tests.unit.test_compare import BASELINE, CHANGES, _differs, ruleset_with

REPO = Path(__file__).resolve().parents[2]
RULESET = str(REPO / "rulesets" / "district.toml")
DRAFT = ruleset_with(*CHANGES)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    where = tmp_path_factory.mktemp("compare")
    doc = generate("district", seed=7, year=2024, people=120, pieces=400)
    data = where / "district.json"
    data.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    text = Path(RULESET).read_text(encoding="utf-8")
    for old, new in CHANGES:
        text = text.replace(old, new, 1)
    draft = where / "draft.toml"
    draft.write_text(text, encoding="utf-8")
    return {"where": where, "doc": doc, "data": str(data), "draft": str(draft)}


def _expected(doc: dict[str, Any], kind: str) -> list[str]:
    ds = parse_dataset(
        doc, extra_roles=BASELINE.reviewer_roles, declarations=declarations_of(BASELINE)
    )
    old, new = assess(BASELINE, ds, 2024), assess(DRAFT, ds, 2024)
    before = {r.id: r for r in getattr(old, kind)}
    after = {r.id: r for r in getattr(new, kind)}
    return sorted(i for i in before if _differs(before[i], after[i]))


def _table(doc: dict[str, Any], key: str) -> dict[str, Any]:
    return next(t for t in doc["tables"] if t["key"] == key)


def test_json_lists_the_changes_and_the_clauses_the_draft_breaks(files: dict[str, Any]) -> None:
    out = files["where"] / "compare.json"
    code, stdout, err = run(
        "compare", "--baseline", RULESET, "--ruleset", files["draft"], "--data", files["data"],
        "--year", "2024", "--format", "json", "--output", str(out), "--fail-on-clauses",
    )  # fmt: skip
    # the specs of all three changed clauses fail under the draft: status 3, the report written
    assert code == 3, err
    assert stdout == "" and "--fail-on-clauses" in err
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["kind"] == "compare" and doc["lang"] == "zh"
    people = _table(doc, "people")["rows"]
    assert sorted(r["id"] for r in people) == _expected(files["doc"], "people")
    assert sorted(r["id"] for r in _table(doc, "units")["rows"]) == _expected(files["doc"], "units")
    clauses = _table(doc, "clauses")["rows"]
    assert {r["baseline"] for r in clauses} == {"通过"} and {r["draft"] for r in clauses} == {
        "失败"
    }
    tags = {t for r in clauses for t in r["clauses"].split()}
    assert {"@第五条第2款", "@第六条第2款", "@第二条第4款"} <= tags
    city = next(r for r in clauses if r["scenario"] == "各级采用的分值，其他机构采用不计分")
    assert city["feature"] == "features/district/第五条_计分标准.feature"
    assert "积分应为 5 分，实际为 7 分" in city["reason"]
    totals = _table(doc, "totals")["rows"]
    specs = next(r for r in totals if r["item"].startswith("规格"))
    assert specs["before"] == 0 and specs["after"] == len(clauses)


def test_every_format(files: dict[str, Any]) -> None:
    from docx import Document
    from openpyxl import load_workbook

    base = ("compare", "--baseline", RULESET, "--ruleset", files["draft"], "--data",
            files["data"], "--year", "2024", "--no-specs")  # fmt: skip
    code, out, err = run(*base, "--format", "json")
    assert code == 0, err
    people = _table(json.loads(out), "people")["rows"]
    code, table, _ = run(*base)
    assert code == 0 and "人员变化" in table and "变动合计" in table
    assert all(r["id"] in table for r in people)
    code, md, _ = run(*base, "--format", "markdown")
    assert code == 0 and "人员变化" in md and people[0]["id"] in md
    code, html, _ = run(*base, "--format", "html")
    assert code == 0 and "人员变化" in html and all(f">{r['id']}<" in html for r in people)
    xlsx = files["where"] / "compare.xlsx"
    assert run(*base, "--format", "xlsx", "--output", str(xlsx))[0] == 0
    book = load_workbook(xlsx)
    sheet = next(ws for ws in book.worksheets if ws.title.startswith("人员变化"))
    header = next(r for r in sheet.iter_rows(values_only=True) if r and r[0] == "编号")
    rows = {
        r[0]: dict(zip(header, r, strict=False))
        for r in sheet.iter_rows(values_only=True)
        if r and r[0] in {p["id"] for p in people}
    }
    assert set(rows) == {p["id"] for p in people}
    for p in people:
        assert round(rows[p["id"]]["积分增减"], 2) == p["delta"]
        assert rows[p["id"]]["草稿名次"] == p["rank_after"]
    docx = files["where"] / "compare.docx"
    assert run(*base, "--format", "docx", "--output", str(docx))[0] == 0
    cells = {c.text for t in Document(str(docx)).tables for row in t.rows for c in row.cells}
    assert {p["id"] for p in people} <= cells
    assert f"{round_half_up(Fraction(str(people[0]['delta'])), 2):.2f}" in cells


def test_english(files: dict[str, Any]) -> None:
    code, out, _ = run(
        "--lang", "en", "compare", "--baseline", RULESET, "--ruleset", files["draft"],
        "--data", files["data"], "--year", "2024", "--no-specs", "--format", "markdown",
    )  # fmt: skip
    assert code == 0
    assert "People whose results change" in out and "Totals of movements" in out
    assert "The specs were not run (--no-specs)." in out


def test_a_workspace_is_only_read(files: dict[str, Any]) -> None:
    db = files["where"] / "ws.sqlite"
    assert run("ruleset", "apply", "--db", str(db), RULESET)[0] == 0
    code, _, err = run(
        "import", "--as", staff_of(files["doc"]), "--db", str(db), "--ruleset", RULESET,
        files["data"],
    )  # fmt: skip
    assert code == 0, err
    before = db.read_bytes()
    listing = sorted(p.name for p in files["where"].iterdir())
    spec = REPO / "features" / "district" / "第六条_排名与评先.feature"
    code, out, err = run(
        "compare", "--db", str(db), "--ruleset", files["draft"], "--year", "2024",
        "--specs", str(spec), "--format", "json",
    )  # fmt: skip
    assert code == 0, err
    assert db.read_bytes() == before
    assert sorted(p.name for p in files["where"].iterdir()) == listing
    doc = json.loads(out)
    assert sorted(r["id"] for r in _table(doc, "people")["rows"]) == _expected(
        files["doc"], "people"
    )
    assert "生效的规则集" in doc["paragraphs"][0]
    tags = {t for r in _table(doc, "clauses")["rows"] for t in r["clauses"].split()}
    assert "@第六条第2款" in tags and "@第五条第2款" not in tags  # only the file named
    party = str(REPO / "rulesets" / "party.toml")
    code, out, err = run("compare", "--db", str(db), "--ruleset", party, "--year", "2024")
    assert code == 2 and out == "" and "party" in err and "district" in err
    assert db.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--baseline", "missing.toml"), "missing.toml"),
        (("--year", "2030"), "2030"),
        (("--year", "二〇二四"), "--year"),
        (("--ruleset", str(REPO / "rulesets" / "party.toml")), "party"),
        (("--baseline", None), "--baseline"),
        (("--format", "xlsx"), "--output"),
        (("--specs", "no/such/features"), "no/such/features"),
        (("--fail-on-clauses", "--no-specs"), "--fail-on-clauses"),
    ],
)
def test_bad_input_exits_2_with_a_named_error(
    files: dict[str, Any], args: tuple[str | None, ...], expected: str
) -> None:
    options = {"--baseline": RULESET, "--ruleset": files["draft"], "--data": files["data"],
               "--year": "2024"}  # fmt: skip
    flags = [a for a in args if a in ("--fail-on-clauses", "--no-specs")]
    pairs = [a for a in args if a not in flags]
    options.update(dict(zip(pairs[::2], pairs[1::2], strict=True)))  # type: ignore[arg-type]
    argv = [x for k, v in options.items() if v is not None for x in (k, v)] + flags
    code, out, err = run("compare", *argv)
    assert code == 2, err
    assert out == "" and expected in err and "Traceback" not in err


ODD = ["", " ", "\x00", "a\x00b", "\udcff", "/", ".", "no/such.toml", "9999", "-1", "2024",
       "二〇二四", "json", "xlsx", "district", "sqlite:///no/such.db", "x" * 5000]  # fmt: skip


@pytest.mark.parametrize(
    "option", ["--baseline", "--ruleset", "--data", "--db", "--year", "--specs", "--format",
               "--output", "--org"],
)  # fmt: skip
def test_odd_values_are_refused_never_a_bug(
    files: dict[str, Any], small_district: Path, option: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(small_district.parent)  # an odd --output that is a usable name lands here
    base = {"--baseline": RULESET, "--ruleset": files["draft"], "--data": str(small_district),
            "--year": "2024", "--specs": str(REPO / "features" / "district" / "第一条_适用范围.feature")}  # fmt: skip
    for value in ODD:
        options = {**base, option: value}
        if option == "--db":
            del options["--data"]
        argv = [x for k, v in options.items() for x in (k, v)]
        code, out, err = run("compare", *argv, "--no-specs")
        assert code in (0, 2), (option, value, err)
        assert "Traceback" not in err and "内部错误" not in err, (option, value, err)
        if code == 2:
            assert out == "" and err.strip(), (option, value)
