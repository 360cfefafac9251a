"""``sqmy bulletin`` as office staff run it: three formats, two languages, exit codes.

The dataset is ``tests/conftest.py``'s small district plus two pieces by 张三
approved in the first quarter (one adopted), so the rates are thirds:

=========  ====  ========  ====  ====  ========
2024       提交  审定通过  采用  批示  落实反馈
=========  ====  ========  ====  ====  ========
张三 p001     3         3     2     1         1   (2024-001 joint, 2024-003, 2024-004)
李四 p002     1         1     1     1         1   (2024-001 joint)
王五 p003     1         1     0     0         0   (2024-002)
=========  ====  ========  ====  ====  ========

张三's 采用率 2/3 = 0.6667 and 批示率 1/3 = 0.3333 (half-up, four decimals).
2024-001 was dispatched directly 72 hours after its approval (2 days allowed).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sqmy_core.cli.main import cli
from tests.conftest import SMALL_DISTRICT

RULESETS = Path(__file__).resolve().parents[2] / "rulesets"
RULESET = str(RULESETS / "district.toml")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def data(tmp_path: Path) -> str:
    doc: dict[str, Any] = json.loads(json.dumps(SMALL_DISTRICT))
    for ident, day in (("2024-003", "02-01"), ("2024-004", "02-02")):
        doc["pieces"].append(
            {"id": ident, "title": f"稿件{ident}", "authors": ["p001"], "unit": "sec-econ",
             "submitted_at": f"2024-{day}T09:00:00+08:00"}
        )
        doc["events"].append(
            {"piece": ident, "type": "approved", "at": f"2024-{day}T15:00:00+08:00"}
        )
    doc["events"].append(
        {"piece": "2024-003", "type": "adopted", "at": "2024-02-10T10:00:00+08:00",
         "body": "cppcc-county"}
    )
    path = tmp_path / "district.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return str(path)


def bulletin(data: str, *args: str) -> tuple[int, str, str]:
    return run("bulletin", "--ruleset", RULESET, "--data", data, *args)


def test_table_in_chinese_by_default(data: str) -> None:
    code, out, err = bulletin(data, "--period", "2024Q1")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "2024年第一季度社情民意信息季度通报"
    assert lines[1].startswith("根据《XX区政协反映社情民意信息工作考核办法》第七条")
    for column in ("编号", "姓名（名称）", "提交", "审定通过", "采用", "批示", "落实反馈",
                   "采用率", "批示率", "类别"):
        assert column in out
    # Q1: 张三 3 submitted, 3 approved, 1 adopted (2024-003; 2024-001's adoption is April's)
    assert re.search(r"p001 +│ 张三 +│ +3 │ +3 │ +1 │ +0 │ +0 │ +33\.33% │ +0\.00%", out)
    assert re.search(r"p003 +│ 王五 +│ +0 │ +0 │ +0 │ +0 │ +0 │ +— │ +—", out)
    assert "逾期报送的信息" in out and "2024-001" in out and "直报" in out
    assert "2024年第一季度，提交 3 篇" in out  # the totals count each piece once
    assert "采用率 = 期内被采用的稿件篇数 ÷ 期内审定通过的稿件篇数" in out


def test_markdown_is_a_title_and_github_tables(data: str) -> None:
    code, out, err = bulletin(data, "--period", "2024", "--format", "markdown")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "# 2024年社情民意信息季度通报"
    assert "## 人员" in lines and "## 单位" in lines and "## 逾期报送的信息" in lines
    assert ("| 编号 | 姓名（名称） | 提交 | 审定通过 | 采用 | 批示 | 落实反馈 | 采用率 | 批示率 |"
            in lines)
    assert "|---|---|---:|---:|---:|---:|---:|---:|---:|" in lines
    assert "| p001 | 张三 | 3 | 3 | 2 | 1 | 1 | 66.67% | 33.33% |" in lines
    assert "| p002 | 李四 | 1 | 1 | 1 | 1 | 1 | 100.00% | 100.00% |" in lines
    assert "| sec-econ | 经济界 | 界别 | 3 | 3 | 2 | 1 | 1 | 66.67% | 33.33% |" in lines
    assert any(ln.startswith("| 2024-001 | 关于加快老旧小区改造的建议 | 直报 |") for ln in lines)


def test_json_document(data: str) -> None:
    code, out, err = bulletin(data, "--period", "2024", "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["bulletin"]["id"] == "quarterly" and doc["bulletin"]["clause"] == "第七条"
    assert doc["period"] == {"id": "2024", "kind": "year", "year": 2024,
                             "months": list(range(1, 13)), "label": "2024年"}
    assert doc["metrics"] == ["submitted", "approved", "adopted", "instructed", "implemented"]
    people = {p["id"]: p for p in doc["people"]}
    assert [p["id"] for p in doc["people"]] == ["p001", "p002", "p003"]
    assert people["p001"]["counts"] == {"submitted": 3, "approved": 3, "adopted": 2,
                                        "instructed": 1, "implemented": 1}
    assert people["p001"]["rates"] == {"adoption_rate": 0.6667, "instruction_rate": 0.3333}
    assert [u["id"] for u in doc["units"]] == ["sec-econ", "sec-agri"]
    assert doc["units"][0]["kind"] == "sector"
    assert doc["totals"]["counts"]["approved"] == 4
    assert doc["totals"]["rates"] == {"adoption_rate": 0.5, "instruction_rate": 0.25}
    assert doc["overdue"] == [{
        "piece": "2024-001", "title": "关于加快老旧小区改造的建议", "route": "direct",
        "approved_at": "2024-03-05T10:00:00+08:00", "due": "2024-03-07T10:00:00+08:00",
        "dispatched_at": "2024-03-08T10:00:01+08:00",
    }]
    # a quarter with nothing approved has no rate (null), not 0
    code, out, _ = bulletin(data, "--period", "2024-Q2", "--format", "json")
    q2 = {p["id"]: p for p in json.loads(out)["people"]}
    assert q2["p001"]["counts"]["adopted"] == 1
    assert q2["p001"]["rates"] == {"adoption_rate": None, "instruction_rate": None}


def test_english(data: str) -> None:
    code, out, err = run("--lang", "en", "bulletin", "--ruleset", RULESET, "--data", data,
                         "--period", "2024Q1")
    assert code == 0, err
    assert out.splitlines()[0] == "Bulletin quarterly, 2024 Q1"
    for word in ("ID", "Name", "Submitted", "Approved", "Adoption rate", "Late dispatches",
                 "sector", "Adoption rate = pieces adopted in the period"):
        assert word in out
    code, out, _ = run("--lang", "en", "bulletin", "--ruleset", RULESET, "--data", data,
                       "--period", "2024Q1", "--format", "markdown")
    assert code == 0 and "## People" in out and "| ID | Name | Submitted |" in out


def test_publishing_day_picks_the_period(data: str) -> None:
    code, out, err = bulletin(data, "--on", "2024-04-01", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["period"]["id"] == "2024Q2"  # district: covers the current quarter


def test_chosen_bulletin_of_another_ruleset(tmp_path: Path) -> None:
    empty = tmp_path / "empty.json"
    empty.write_text(json.dumps({"format": "sqmy-dataset/1", "units": [], "people": [],
                                 "calls": [], "pieces": [], "events": []}), encoding="utf-8")
    code, out, err = run("bulletin", "--ruleset", str(RULESETS / "party.toml"), "--data",
                         str(empty), "--on", "2024-04-01", "--bulletin", "monthly")
    assert code == 0, err
    assert out.splitlines()[0] == "2024年3月社情民意信息月度通报"
    assert "第六条第1款" in out.splitlines()[1]
    assert "人员" not in out and "逾期报送的信息" not in out  # units only, no overdue list


def test_ruleset_without_bulletins_exits_2(tmp_path: Path, data: str) -> None:
    text = Path(RULESET).read_text(encoding="utf-8")
    start = text.index("[[bulletins]]")
    end = text.index("\n\n", start)
    bare = tmp_path / "bare.toml"
    bare.write_text(text[:start] + text[end:], encoding="utf-8")
    code, out, err = run("bulletin", "--ruleset", str(bare), "--data", data, "--period", "2024")
    assert code == 2 and out == ""
    assert "没有定义通报" in err


def test_unknown_bulletin_exits_2_listing_the_ids(data: str) -> None:
    code, out, err = bulletin(data, "--period", "2024", "--bulletin", "weekly")
    assert code == 2 and out == ""
    assert "'weekly'" in err and "已定义的通报：quarterly" in err


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--period", "2024Q5"), "--period: 无法识别的通报期 '2024Q5'"),
        ((), "--period"),
        (("--period", "2024", "--on", "2024-04-01"), "--on"),
        (("--on", "2024-13-01"), "--on"),
    ],
)
def test_bad_period_exits_2(data: str, args: tuple[str, ...], words: str) -> None:
    code, out, err = bulletin(data, *args)
    assert code == 2 and out == ""
    assert words in err


def test_from_a_workspace_after_import(tmp_path: Path, data: str) -> None:
    db = str(tmp_path / "w.db")
    assert run("ruleset", "apply", "--db", db, RULESET)[0] == 0
    code, _, err = run("import", "--as", "s1", "--db", db, "--ruleset", RULESET, data)
    assert code == 0, err
    for fmt in ("json", "markdown"):
        from_db = run("bulletin", "--db", db, "--period", "2024Q1", "--format", fmt)
        assert from_db[0] == 0, from_db[2]
        assert from_db[1] == bulletin(data, "--period", "2024Q1", "--format", fmt)[1]
