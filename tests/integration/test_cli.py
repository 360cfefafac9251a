"""The ``sqmy`` command as a user runs it: output, languages and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
from click.testing import CliRunner

from sqmy_core.cli.main import cli
from sqmy_core.interchange import schema

RULESET = str(Path(__file__).resolve().parents[2] / "rulesets" / "district.toml")


def run(*args: str) -> tuple[int, str, str]:
    """Run the CLI in-process."""
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_assess_json_follows_the_contract(small_district: Path) -> None:
    code, out, err = run("assess", "--ruleset", RULESET, "--data", str(small_district),
                         "--year", "2024", "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    jsonschema.validate(doc, schema("sqmy-assessment/1"))
    people = {p["id"]: p for p in doc["people"]}
    # 2024-001: 审定通过 1 + 市政协采用 4 + 市级主要领导批示 6×1.5 = 9 + 落实 2 + 约稿 1 = 17
    # p001 第一作者 60% = 10.2；p002 40% = 6.8
    assert people["p001"]["points"] == 10.2
    assert people["p002"]["points"] == 6.8
    # 2024-002: 审定通过 1，独著
    assert people["p003"]["points"] == 1.0
    assert people["p003"]["quotas_met"] is False  # 特约信息员需 5 篇
    assert [p["id"] for p in doc["people"]] == ["p001", "p002", "p003"]
    assert "r1" not in people  # reviewers are not assessed
    units = {u["id"]: u for u in doc["units"]}
    assert units["sec-econ"]["points"] == 17.0
    # 直报 2 日：审定 03-05 10:00，报送 03-08 10:00:01 > 48 小时
    assert doc["overdue"] == ["2024-001"]
    assert doc["stats"] == {"submitted": 2, "approved": 2, "adopted": 1, "instructed": 1,
                            "implemented": 1, "adoption_rate": 0.5, "instruction_rate": 0.5}


def test_assess_table_is_chinese_by_default(small_district: Path) -> None:
    code, out, _ = run("assess", "--ruleset", RULESET, "--data", str(small_district),
                       "--year", "2024")
    assert code == 0
    assert "年度考核结果" in out and "张三" in out and "10.20" in out
    assert "逾期报送的信息: 2024-001" in out


def test_assess_table_in_english(small_district: Path) -> None:
    code, out, _ = run("--lang", "en", "assess", "--ruleset", RULESET, "--data",
                       str(small_district), "--year", "2024")
    assert code == 0
    assert "assessment 2024" in out and "Dispatched late: 2024-001" in out


def test_bad_dataset_exits_2_with_message_and_no_output(small_district: Path) -> None:
    doc = json.loads(small_district.read_text(encoding="utf-8"))
    doc["events"][2]["body"] = "cppcc-town"
    small_district.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, out, err = run("assess", "--ruleset", RULESET, "--data", str(small_district),
                         "--year", "2024", "--format", "json")
    assert code == 2
    assert out == ""
    assert "events[2].body" in err and "cppcc-town" in err
    code, out, err = run("--lang", "en", "assess", "--ruleset", RULESET, "--data",
                         str(small_district), "--year", "2024", "--format", "json")
    assert code == 2 and out == ""
    assert "unknown body 'cppcc-town'" in err


def test_bad_ruleset_exits_2(tmp_path: Path, small_district: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(Path(RULESET).read_text(encoding="utf-8").replace(
        "cppcc-city = 4", "cppcc-city = \"4\""), encoding="utf-8")
    code, out, err = run("assess", "--ruleset", str(bad), "--data", str(small_district),
                         "--year", "2024")
    assert code == 2 and out == ""
    assert "scoring.rules[1].values.cppcc-city" in err and "应为数值" in err


def test_missing_files_exit_2(tmp_path: Path) -> None:
    code, out, err = run("assess", "--ruleset", str(tmp_path / "none.toml"), "--data",
                         str(tmp_path / "none.json"), "--year", "2024")
    assert code == 2 and out == ""
    assert "none.toml" in err


def test_explain_lists_every_point(small_district: Path) -> None:
    code, out, err = run("explain", "--ruleset", RULESET, "--data", str(small_district),
                         "--year", "2024", "--person", "p001")
    assert code == 0, err
    for clause in ("第五条第1款", "第五条第2款", "第五条第3款", "第五条第4款", "第五条第5款"):
        assert clause in out
    assert "合计 10.20 分" in out


def test_explain_unit_and_unknown_person(small_district: Path) -> None:
    code, out, _ = run("explain", "--ruleset", RULESET, "--data", str(small_district),
                       "--year", "2024", "--unit", "sec-econ")
    assert code == 0 and "合计 17.00 分" in out
    code, out, err = run("explain", "--ruleset", RULESET, "--data", str(small_district),
                         "--year", "2024", "--person", "nobody")
    assert code == 2 and out == "" and "'nobody'" in err
    code, _, _ = run("explain", "--ruleset", RULESET, "--data", str(small_district),
                     "--year", "2024")
    assert code == 2


def test_ruleset_check_show_init(tmp_path: Path) -> None:
    code, out, _ = run("ruleset", "check", RULESET)
    assert code == 0 and "检查通过" in out
    code, out, _ = run("ruleset", "show", RULESET)
    assert code == 0 and 'organization = "district"' in out and "first_share = 0.6" in out
    target = tmp_path / "mine.toml"
    code, out, _ = run("ruleset", "init", "--template", "party", "--output", str(target))
    assert code == 0 and target.exists()
    text = target.read_text(encoding="utf-8")
    assert text.startswith("#") and "第三条第1款" in text
    code, _, err = run("ruleset", "init", "--template", "party", "--output", str(target))
    assert code != 0 and "--force" in err
    code, out, _ = run("ruleset", "check", str(target))
    assert code == 0


def test_show_output_loads_again(tmp_path: Path) -> None:
    code, out, _ = run("ruleset", "show", RULESET)
    resolved = tmp_path / "resolved.toml"
    resolved.write_text(out, encoding="utf-8")
    code2, _, err = run("ruleset", "check", str(resolved))
    assert code == 0 and code2 == 0, err


def test_dataset_check(small_district: Path) -> None:
    code, out, _ = run("dataset", "check", str(small_district), "--ruleset", RULESET)
    assert code == 0 and "稿件 2 篇" in out
    code, _, err = run("dataset", "check", str(small_district))
    assert code == 2 and "reviewer_initial" in err  # not a role without the ruleset


def test_console_script_runs() -> None:
    """The installed entry point, as a new user calls it."""
    sqmy = Path(sys.executable).parent / "sqmy"
    proc = subprocess.run([str(sqmy), "ruleset", "check", RULESET], capture_output=True,
                          text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "检查通过" in proc.stdout
