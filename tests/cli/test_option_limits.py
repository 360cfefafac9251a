"""Option values outside the contract's limits are refused: exit 2, the option named, nothing out.

The limits are those of "Limits" in the interchange contract: years 1900–2199,
times between 1900-01-01 and 2199-12-31.  Each refusal names the option, what
was expected and what was found, in Chinese by default and in English with
``--lang en``; standard output stays empty.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import CJK, RULESET, sqmy

# (arguments after the source options, option named, words of the zh message, of the en one)
EDGES = [
    (["assess", "--year", "9999"], "--year", ["1900", "2199", "9999", "年份"], ["1900", "9999"]),
    (["assess", "--year", "-5"], "--year", ["1900", "2199", "-5"], ["expected a year", "-5"]),
    (["assess", "--year", "2024x"], "--year", ["整数", "'2024x'"], ["integer", "'2024x'"]),
    (["explain", "--year", "1899", "--person", "p001"], "--year", ["1899"], ["1899"]),
    (["bulletin", "--period", "9999Q4"], "--period", ["2199", "'9999Q4'"], ["'9999Q4'"]),
    (["bulletin", "--period", "1899-12"], "--period", ["1900", "'1899-12'"], ["'1899-12'"]),
    (["bulletin", "--on", "9999-12-31"], "--on", ["2199-12-31", "'9999-12-31'"], ["9999-12-31"]),
    (["bulletin", "--on", "2024-02-30"], "--on", ["不是有效的日期"], ["not a valid date"]),
    (["assess", "--year", "2024", "--format", "xml"], "--format", ["'xml'", "table"], ["'xml'"]),
]


def _source(args: list[str], data: Path) -> list[str]:
    return [*args, "--ruleset", RULESET, "--data", str(data)]


@pytest.mark.parametrize(("args", "option", "zh", "en"), EDGES, ids=[" ".join(e[0]) for e in EDGES])
def test_an_option_out_of_bounds_is_refused(
    small_district: Path, args: list[str], option: str, zh: list[str], en: list[str]
) -> None:
    ran = sqmy(*_source(args, small_district))
    assert ran.code == 2, ran.err
    assert ran.out == ""
    assert ran.err.startswith(f"错误: {option}: "), ran.err
    for word in zh:
        assert word in ran.err
    assert "Traceback" not in ran.err
    ran = sqmy("--lang", "en", *_source(args, small_district))
    assert ran.code == 2
    assert ran.out == ""
    assert ran.err.startswith(f"error: {option}: "), ran.err
    for word in en:
        assert word in ran.err
    assert not CJK.search(ran.err), ran.err


NOW_EDGES = [
    ("0001-01-01T00:00:00+08:00", ["1900-01-01", "2199-12-31", "'0001-01-01T00:00:00+08:00'"]),
    ("9999-12-31T23:59:59Z", ["2199-12-31", "'9999-12-31T23:59:59Z'"]),
    ("2200-01-01T00:00:00+08:00", ["2199-12-31"]),
    ("2024-02-30T09:00:00+08:00", ["不是有效的日期"]),
    ("2024-03-01T09:00:00", ["缺少时区"]),
    ("yesterday", ["ISO 8601", "'yesterday'"]),
]


@pytest.mark.parametrize("command", ["overdue", "notify"])
@pytest.mark.parametrize(("now", "words"), NOW_EDGES, ids=[e[0] for e in NOW_EDGES])
def test_now_out_of_bounds_is_refused(
    workspace: Path, command: str, now: str, words: list[str]
) -> None:
    before = workspace.read_bytes()
    ran = sqmy(command, "--db", str(workspace), "--now", now)
    assert ran.code == 2, ran.err
    assert ran.out == ""
    assert ran.err.startswith("错误: --now: "), ran.err
    for word in words:
        assert word in ran.err
    ran = sqmy("--lang", "en", command, "--db", str(workspace), "--now", now)
    assert ran.code == 2 and ran.out == ""
    assert ran.err.startswith("error: --now: ") and not CJK.search(ran.err), ran.err
    assert workspace.read_bytes() == before


@pytest.mark.parametrize("command", ["overdue", "notify"])
def test_now_defaults_to_the_current_time(workspace: Path, command: str) -> None:
    ran = sqmy(command, "--db", str(workspace))
    assert ran.code == 0, ran.err
    assert ran.err == ""


def test_the_help_says_now_defaults_to_the_current_time() -> None:
    assert "默认：当前时间" in "".join(sqmy("overdue", "--help").out.split())
    english = " ".join(sqmy("--lang", "en", "overdue", "--help").out.split())
    assert "default: the current time" in english


def test_export_into_a_missing_folder_is_refused(workspace: Path, tmp_path: Path) -> None:
    target = tmp_path / "nonexistent" / "dir" / "x.json"
    ran = sqmy("export", "--db", str(workspace), "-o", str(target))
    assert ran.code == 2 and ran.out == ""
    assert ran.err.startswith("错误: --output: ") and "不存在" in ran.err, ran.err
    assert str(target.parent) in ran.err
    ran = sqmy("--lang", "en", "export", "--db", str(workspace), "-o", str(target))
    assert ran.code == 2 and "does not exist" in ran.err and not CJK.search(ran.err)
    assert not target.parent.exists()


def test_export_onto_a_folder_is_refused(workspace: Path, tmp_path: Path) -> None:
    ran = sqmy("export", "--db", str(workspace), "-o", str(tmp_path))
    assert ran.code == 2 and ran.out == "" and "是目录" in ran.err, ran.err


def test_export_writes_the_file_whole(workspace: Path, tmp_path: Path) -> None:
    target = tmp_path / "backup.json"
    ran = sqmy("export", "--db", str(workspace), "-o", str(target))
    assert ran.code == 0, ran.err
    assert target.read_text(encoding="utf-8").startswith("{")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_ruleset_init_into_a_missing_folder_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "nonexistent" / "x.toml"
    ran = sqmy("ruleset", "init", "--template", "district", "-o", str(target))
    assert ran.code == 2 and ran.out == ""
    assert ran.err.startswith("错误: --output: ") and "不存在" in ran.err, ran.err
    assert not target.parent.exists()


def test_ruleset_init_onto_an_existing_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "mine.toml"
    target.write_text("# mine\n", encoding="utf-8")
    ran = sqmy("ruleset", "init", "--template", "district", "-o", str(target))
    assert ran.code == 2 and ran.out == ""
    assert "已存在" in ran.err and "--force" in ran.err, ran.err
    assert "Error:" not in ran.err
    ran = sqmy("--lang", "en", "ruleset", "init", "--template", "district", "-o", str(target))
    assert ran.code == 2 and "--force" in ran.err and not CJK.search(ran.err)
    assert target.read_text(encoding="utf-8") == "# mine\n"
    ran = sqmy("ruleset", "init", "--template", "district", "-o", str(target), "--force")
    assert ran.code == 0, ran.err
    assert target.read_text(encoding="utf-8") != "# mine\n"


def test_a_missing_file_is_said_in_chinese(tmp_path: Path) -> None:
    ran = sqmy("ruleset", "check", str(tmp_path / "nope.toml"))
    assert ran.code == 2 and ran.out == ""
    assert "无法读取文件：文件或目录不存在" in ran.err
    assert "No such file" not in ran.err
    ran = sqmy("--lang", "en", "dataset", "check", str(tmp_path / "nope.json"))
    assert ran.code == 2 and "cannot read the file: no such file or directory" in ran.err


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    ran = sqmy("ruleset", "check", str(tmp_path))
    assert ran.code == 2 and ran.out == "" and "PATH" in ran.err and "是目录" in ran.err


def test_a_toml_syntax_error_is_said_in_chinese(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('format = "sqmy-ruleset/1"\norganization = \n', encoding="utf-8")
    ran = sqmy("ruleset", "check", str(bad))
    assert ran.code == 2 and ran.out == ""
    assert "TOML 语法错误：第 2 行第 16 列：值无效" in ran.err, ran.err
    assert "Invalid value" not in ran.err
    ran = sqmy("--lang", "en", "ruleset", "check", str(bad))
    assert "invalid value (at line 2, column 16)" in ran.err


def test_a_json_syntax_error_is_said_in_chinese(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "sqmy-dataset/1",}', encoding="utf-8")
    ran = sqmy("dataset", "check", str(bad))
    assert ran.code == 2 and ran.out == ""
    assert "此处应为带双引号的键名" in ran.err and "Expecting" not in ran.err, ran.err


def test_a_left_out_value_is_not_called_none(tmp_path: Path) -> None:
    ruleset = tmp_path / "r.toml"
    text = Path(RULESET).read_text(encoding="utf-8").replace('format = "sqmy-ruleset/2"\n', "")
    ruleset.write_text(text, encoding="utf-8")
    ran = sqmy("ruleset", "check", str(ruleset))
    assert ran.code == 2 and "实际为 未填写" in ran.err and "None" not in ran.err, ran.err
