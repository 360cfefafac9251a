"""``sqmy assess`` / ``sqmy explain`` on the Xiaoshan ruleset, as an office runs them.

The numbers are worked by hand in ``test_xiaoshan_ruleset.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sqmy_core.cli.main import cli

PLUGIN = Path(__file__).resolve().parents[1]
RULESET = str(PLUGIN / "rulesets" / "xiaoshan.toml")
DATA = str(PLUGIN / "tests" / "data" / "xiaoshan-small.json")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_assess_json() -> None:
    code, out, err = run(
        "assess", "--ruleset", RULESET, "--data", DATA, "--year", "2024", "--format", "json"
    )
    assert code == 0, err
    doc = json.loads(out)
    assert doc["organization"] == "xiaoshan"
    people = {p["id"]: p for p in doc["people"]}
    # 1.0 data cannot record 张三's sick leave: his missed Q3 costs him the award here
    assert people["p001"]["points"] == 25.6 and people["p001"]["award"] is None
    assert people["p002"]["points"] == 10.4 and people["p002"]["rank"] == 3
    assert people["p002"]["flags"] == ["预警"]  # the flag step: Q3 and Q4 without a piece
    assert people["p003"]["points"] == 14.0
    assert {u["id"]: u["points"] for u in doc["units"]} == {
        "sec-econ": 28.0, "sec-law": 14.0, "sec-agri": 8.0
    }  # fmt: skip


def test_assess_next_year() -> None:
    code, out, err = run(
        "assess", "--ruleset", RULESET, "--data", DATA, "--year", "2025", "--format", "json"
    )
    assert code == 0, err
    assert {p["id"]: p["points"] for p in json.loads(out)["people"]} == {
        "p001": 10.0, "p002": 0.0, "p003": 0.0
    }  # fmt: skip


def test_assess_table() -> None:
    code, out, err = run("assess", "--ruleset", RULESET, "--data", DATA, "--year", "2024")
    assert code == 0, err
    assert "张三" in out and "25.60" in out and "10.40" in out


def test_explain_shows_the_kind_rules_with_their_clauses() -> None:
    code, out, err = run(
        "explain", "--ruleset", RULESET, "--data", DATA, "--year", "2024", "--person", "p001"
    )
    assert code == 0, err
    rows = [line for line in out.splitlines() if "2024-001" in line]
    # the table shows a rule's label (its id when it has none) and its clause
    assert any("信息小组集中采编加分" in r and "意见四之2（信息小组集中采编）" in r for r in rows)
    bonus = [r for r in rows if "多家采用加分" in r]
    assert len(bonus) == 1 and "意见四之5（多家采用）" in bonus[0] and "2024-05-10" in bonus[0]
    assert "3.00" in bonus[0]
    # the piece step: a line of its own, with the step's label and clause, at the third adoption
    (wide,) = [r for r in rows if "三家以上采用加分" in r]
    assert "意见四之5（三家以上采用）" in wide and "2024-05-10" in wide and "3.00" in wide
    # the quota step had nothing to excuse (no sick-leave record in 1.0 data): no note
    assert "插件步骤" not in out
    assert "合计 25.60 分" in out


def test_explain_prints_what_the_flag_step_decided() -> None:
    code, out, err = run(
        "explain", "--ruleset", RULESET, "--data", DATA, "--year", "2024", "--person", "p002"
    )
    assert code == 0, err
    assert "标记：预警" in out
    assert "插件步骤「连续两季度零报送预警」：加上标记 预警" in out
    code, out, err = run(
        "--lang", "en", "explain", "--ruleset", RULESET, "--data", DATA, "--year", "2024",
        "--person", "p002",
    )  # fmt: skip
    assert code == 0, err
    assert "plugin step silent: flag 预警 added" in out


def test_explain_in_english_for_the_next_year() -> None:
    code, out, err = run(
        "--lang",
        "en",
        "explain",
        "--ruleset",
        RULESET,
        "--data",
        DATA,
        "--year",
        "2025",
        "--person",
        "p001",
    )
    assert code == 0, err
    # in English the rule column shows the rule's id, not its Chinese label
    (bonus,) = [line for line in out.splitlines() if "multi_adoption" in line]
    assert "2025-01-15" in bonus and "2024-004" in bonus


def test_assess_with_a_bad_param_names_the_file_and_key(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        f"extends = {json.dumps(RULESET)}\n"
        '[[scoring.rules]]\nid = "group_activity"\nparams = { call_prefix = "" }\n',
        encoding="utf-8",
    )
    code, _, err = run("assess", "--ruleset", str(bad), "--data", DATA, "--year", "2024")
    assert code != 0
    assert f"{bad}: scoring.rules[5].params.call_prefix: 不能为空" in err


@pytest.mark.parametrize("command", ["check", "show"])
def test_ruleset_check_and_show(command: str) -> None:
    code, out, err = run("ruleset", command, RULESET)
    assert code == 0, err
    if command == "show":
        assert 'plugins = [\n    "xiaoshan",\n]' in out or 'plugins = ["xiaoshan"]' in out
        assert 'kind = "xiaoshan.multi_adoption_bonus"' in out
