"""A rule-model-v2 ruleset and a sqmy-dataset/1.1 file through the command line, as a new user runs them.

Hand-worked (第 N 项 in the comments refer to the ruleset in data/ledger_v2.toml):
- p1: base 60; 《要情快报》 (declared body, county level) adopted in full = 4, then 市政协
  adopted half = 5 (sum per body): 社情民意 9 (cap 15 not reached); one meeting 5 → 会议 5;
  total 60 + 9 + 5 = 74 → 称职 (≥ 60, < 85); 稿酬 county 5 + city 10 = 15 yuan, apart from points.
- p2: took office 2024-07-01, one meeting in August: 60 + 5 = 65 → 称职.
- s1: the piece was sent in its name: 9 points; no base for units.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

DATA = Path(__file__).parent / "data"


def sqmy(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from sqmy_core.cli.main import main; main()", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def test_assess_writes_assessment_1_1_with_sections_amounts_and_grades() -> None:
    ran = sqmy(
        "assess", "--ruleset", str(DATA / "ledger_v2.toml"),
        "--data", str(DATA / "ledger_v2_2024.json"), "--year", "2024", "--format", "json",
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    doc = json.loads(ran.stdout)
    assert doc["format"] == "sqmy-assessment/1.1"
    people = {p["id"]: p for p in doc["people"]}
    assert people["p1"]["points"] == 74.0
    assert people["p1"]["sections"] == {"sqmy": 9.0, "duty": 5.0}
    assert people["p1"]["amounts"] == {"fee": 15.0}
    assert people["p1"]["award"] == "称职"
    assert people["p2"]["points"] == 65.0
    assert [u["points"] for u in doc["units"]] == [9.0]


def test_an_undeclared_attribute_value_is_refused_with_its_path(tmp_path: Path) -> None:
    doc = json.loads((DATA / "ledger_v2_2024.json").read_text(encoding="utf-8"))
    doc["events"][0]["attributes"]["degree"] = "most"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    ran = sqmy(
        "assess", "--ruleset", str(DATA / "ledger_v2.toml"), "--data", str(bad),
        "--year", "2024", "--format", "json",
    )  # fmt: skip
    assert ran.returncode == 2
    assert ran.stdout == ""
    assert "events[0].attributes.degree" in ran.stderr and "'most'" in ran.stderr


def test_explain_shows_sections_tallies_and_sources_in_chinese() -> None:
    ran = sqmy(
        "explain", "--ruleset", str(DATA / "ledger_v2.toml"),
        "--data", str(DATA / "ledger_v2_2024.json"), "--year", "2024", "--person", "p1",
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert "履职活动" in ran.stdout and "15.00 元" in ran.stdout
    assert "分项：社情民意 9.00；会议 5.00" in ran.stdout
    assert "另计（不计入积分）：稿酬 15.00 元" in ran.stdout
