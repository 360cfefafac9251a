"""``sqmy import / export / overdue`` and ``--db`` on assess and explain."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from click.testing import CliRunner

from sqmy_core.cli.main import cli

RULESET = str(Path(__file__).resolve().parents[2] / "rulesets" / "district.toml")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_import_assess_export_round_trip(tmp_path: Path, small_district: Path) -> None:
    db = str(tmp_path / "w.db")
    assert run("ruleset", "apply", "--db", db, RULESET)[0] == 0
    code, out, err = run("import", "--as", "s1", "--db", db, "--ruleset", RULESET, str(small_district))
    assert code == 0, err
    assert "稿件 2 篇" in out
    from_file = run("assess", "--ruleset", RULESET, "--data", str(small_district),
                    "--year", "2024", "--format", "json")
    from_db = run("assess", "--db", db, "--year", "2024", "--format", "json")
    assert from_db[0] == 0, from_db[2]
    assert json.loads(from_db[1]) == json.loads(from_file[1])
    code, out, _ = run("explain", "--db", db, "--year", "2024", "--person", "p001")
    assert code == 0 and "合计 10.20 分" in out
    exported = tmp_path / "out.json"
    code, _, err = run("export", "--db", db, "--output", str(exported))
    assert code == 0, err
    again = run("assess", "--ruleset", RULESET, "--data", str(exported), "--year", "2024",
                "--format", "json")
    assert json.loads(again[1]) == json.loads(from_file[1])


def test_failed_import_changes_nothing(tmp_path: Path, small_district: Path) -> None:
    db = str(tmp_path / "w.db")
    assert run("ruleset", "apply", "--db", db, RULESET)[0] == 0
    assert run("import", "--as", "s1", "--db", db, "--ruleset", RULESET, str(small_district))[0] == 0
    before = run("export", "--db", db)[1]
    code, _, err = run("import", "--as", "s1", "--db", db, str(small_district))  # same pieces again
    assert code == 2 and "2024-001" in err and "撤销" in err
    assert run("export", "--db", db)[1] == before


def test_overdue_queue_from_the_command_line(tmp_path: Path, small_district: Path) -> None:
    db = str(tmp_path / "w.db")
    assert run("ruleset", "apply", "--db", db, RULESET)[0] == 0
    assert run("import", "--as", "s1", "--db", db, "--ruleset", RULESET, str(small_district))[0] == 0
    code, out, err = run("overdue", "--db", db, "--now", "2024-12-31T24:00:00+08:00")
    assert code == 0, err
    assert "逾期未报送的信息 0 篇" in out  # both imported pieces were dispatched
    code, _, err = run("overdue", "--db", db, "--now", "2024-12-31")
    assert code == 2 and "--now" in err


def test_source_options_are_checked(tmp_path: Path, small_district: Path) -> None:
    code, _, err = run("assess", "--year", "2024")
    assert code == 2 and "--data" in err
    code, _, err = run("assess", "--data", str(small_district), "--year", "2024")
    assert code == 2 and "--ruleset" in err
    code, _, err = run("assess", "--db", str(tmp_path / "none.db"), "--year", "2024")
    assert code == 2 and "none.db" in err
    assert not (tmp_path / "none.db").exists()
    db = str(tmp_path / "w.db")
    assert run("ruleset", "apply", "--db", db, RULESET)[0] == 0
    assert run("import", "--as", "s1", "--db", db, "--ruleset", RULESET, str(small_district))[0] == 0
    party = RULESET.replace("district", "party")
    empty = tmp_path / "empty.json"
    office = '[{"id": "s1", "name": "钱办", "roles": ["staff"], "units": []}]'  # who imports
    empty.write_text('{"format": "sqmy-dataset/1", "people": ' + office + "}", encoding="utf-8")
    assert run("ruleset", "apply", "--db", db, party)[0] == 0
    assert run("import", "--as", "s1", "--db", db, "--ruleset", party, str(empty))[0] == 0
    code, _, err = run("assess", "--db", db, "--year", "2024")
    assert code == 2 and "--org" in err and "district, party" in err
    assert run("assess", "--db", db, "--org", "party", "--year", "2024")[0] == 0


def test_daily_notify_run(tmp_path: Path, small_district: Path,
                          caplog: pytest.LogCaptureFixture) -> None:
    db = str(tmp_path / "w.db")
    assert run("ruleset", "apply", "--db", db, RULESET)[0] == 0
    assert run("import", "--as", "s1", "--db", db, "--ruleset", RULESET, str(small_district))[0] == 0
    settings = tmp_path / "settings.toml"
    settings.write_text("[log]\n", encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="sqmy.notify"):
        code, out, err = run("notify", "--db", db, "--now", "2024-03-31T09:00:00+08:00",
                             "--settings", str(settings))
    assert code == 0, err
    # 第七条：季度末提醒未完成指标者。p001、p002 联名稿 3 月 5 日审定通过，各计 1 篇，已完成；
    # p003（特约信息员）3 月底尚无审定通过的稿件（0 < 5），收到提醒
    assert "新排入提醒 1 条" in out and "发送成功 1 条" in out
    assert "to=p003" in caplog.text
    again = run("notify", "--db", db, "--now", "2024-03-31T10:00:00+08:00", "--settings",
                str(settings))
    assert "新排入提醒 0 条" in again[1]
    code, _, err = run("notify", "--db", db, "--now", "2024-03-31", "--settings", str(settings))
    assert code == 2 and "--now" in err
    code, _, err = run("notify", "--db", db, "--now", "2024-03-31T09:00:00+08:00",
                       "--settings", str(tmp_path / "missing.toml"))
    assert code == 2 and "missing.toml" in err
