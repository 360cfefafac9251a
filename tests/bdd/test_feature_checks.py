"""Feature files are checked before they run: BOM, GBK, full-width colons, syntax, unknown steps.

Every message is Chinese and names the file, the line and the fix.  The same
checks run three ways: ``sqmy_core.bdd.scenarios`` (before pytest-bdd parses),
the plugin (translating pytest-bdd's own parse errors when plain
``pytest_bdd.scenarios`` is used) and ``python -m sqmy_core.bdd.lint``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sqmy_core.bdd import lint

pytest_plugins = ["pytester"]
# Inner runs skip hypothesis's plugin: pytester drops the modules an inner run imports,
# so every run would import hypothesis again (seconds each).

REPO = Path(__file__).resolve().parents[2]

GOOD = """\
# language: zh-CN
功能: 第四条 计分

  背景:
    假如 规则集为 "rulesets/committee.toml"
    而且 考核年度为 2024 年

  场景: 市政协采用 3 分
    假如 委员甲 的信息被市政协采用
    那么 甲 的年度积分为 4 分
"""

FULL_WIDTH_COLON = GOOD.replace("  场景: 市政协", "  场景：市政协")


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------- the checks themselves


def test_a_good_file_has_no_findings(tmp_path: Path) -> None:
    assert lint.lint_file(_write(tmp_path / "a.feature", GOOD.encode())) == []


def test_bom(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.feature", b"\xef\xbb\xbf" + GOOD.encode())
    (finding,) = lint.lint_file(path)
    assert finding.line == 1
    assert "UTF-8 BOM" in finding.message
    assert "另存为“UTF-8”编码（不带 BOM" in finding.fix
    assert finding.render().startswith(f"{path} 第 1 行：")


def test_gbk(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.feature", GOOD.encode("gbk"))
    (finding,) = lint.lint_file(path)
    assert finding.line == 2  # the first Chinese text is on line 2
    assert "GBK 编码" in finding.message
    assert "另存为“UTF-8”" in finding.fix


def test_not_utf8_nor_gbk(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.feature", GOOD.encode() + b"\n# \xff\xfe\xff\n")
    (finding,) = lint.lint_file(path)
    assert "不是 UTF-8 编码" in finding.message


def test_full_width_colon_after_a_keyword(tmp_path: Path) -> None:
    text = FULL_WIDTH_COLON.replace("功能: 第四条", "功能：第四条")
    findings = lint.lint_file(_write(tmp_path / "a.feature", text.encode()))
    assert [(f.line, f.message) for f in findings] == [
        (2, "关键字“功能”后用了全角冒号“：”，Gherkin 只认半角冒号"),
        (8, "关键字“场景”后用了全角冒号“：”，Gherkin 只认半角冒号"),
    ]
    assert findings[1].fix == "改为半角冒号，写成 场景:市政协采用 3 分"


def test_colon_after_a_step_keyword_and_full_width_tag_and_pipe(tmp_path: Path) -> None:
    text = GOOD.replace("    假如 委员甲", "    假如：委员甲").replace(
        "  场景: 市政协", "  ＠第四条\n  场景: 市政协"
    )
    text += "    ｜ 姓名 |\n"
    findings = lint.check_text("a.feature", text)
    assert [f.line for f in findings] == [8, 10, 12]
    assert "不要加冒号" in findings[1].message
    assert "全角的“＠”" in findings[0].message
    assert "全角竖线" in findings[2].message


def test_missing_or_misspelt_language_header(tmp_path: Path) -> None:
    missing = lint.check_text("a.feature", GOOD.split("\n", 1)[1])
    assert missing[0].message.startswith("缺少语言声明")
    assert missing[0].fix == "在文件第一行写 # language: zh-CN"
    wrong = lint.check_text("a.feature", GOOD.replace("# language: zh-CN", "# language：zh-CN"))
    assert wrong[0].message.startswith("语言声明写法不对")


def test_other_syntax_errors_name_the_line(tmp_path: Path) -> None:
    text = GOOD + "  背景:\n    假如 考核年度为 2025 年\n"
    findings = lint.lint_file(_write(tmp_path / "a.feature", text.encode()))
    assert [(f.line, f.message) for f in findings] == [(11, "这一行不符合 Gherkin 语法：“背景:”")]


def test_unknown_steps_with_suggestions(tmp_path: Path) -> None:
    text = GOOD.replace("那么 甲 的年度积分为 4 分", "那么 甲 的年度积分是四分整")
    (finding,) = lint.lint_file(_write(tmp_path / "a.feature", text.encode()))
    assert finding.line == 10
    assert finding.message == "步骤库中没有这一步：“那么 甲 的年度积分是四分整”"
    assert "相近的写法：" in finding.fix
    assert "docs/specs.md" in finding.fix


def test_a_then_sentence_after_a_given_keyword_is_unknown(tmp_path: Path) -> None:
    text = GOOD.replace("    那么 甲 的年度积分为 4 分", "    而且 甲 的年度积分为 4 分")
    (finding,) = lint.lint_file(_write(tmp_path / "a.feature", text.encode()))
    assert "而且 甲 的年度积分为 4 分" in finding.message


def test_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(tmp_path / "good" / "a.feature", GOOD.encode())
    assert lint.main([str(tmp_path / "good")]) == 0
    assert "没有发现问题" in capsys.readouterr().out
    _write(tmp_path / "bad" / "a.feature", b"\xef\xbb\xbf" + GOOD.encode())
    _write(tmp_path / "bad" / "b.feature", FULL_WIDTH_COLON.encode())
    assert lint.main([str(tmp_path / "bad")]) == 1
    out = capsys.readouterr().out
    assert "a.feature 第 1 行" in out
    assert "b.feature 第 8 行" in out
    assert "共 2 处问题" in out


def test_the_repository_features_are_clean() -> None:
    assert lint.render(lint.lint_paths([REPO / "features"])) == ""


# ---------------------------------------------------------------- inside a pytest run


def _project(pytester: pytest.Pytester, data: bytes, line: str) -> None:
    (pytester.path / "rulesets").mkdir()
    ruleset = (REPO / "rulesets" / "committee.toml").read_text(encoding="utf-8")
    (pytester.path / "rulesets" / "committee.toml").write_text(ruleset, encoding="utf-8")
    _write(pytester.path / "features" / "计分.feature", data)
    pytester.makepyfile(test_specs=line)


SQMY_LINE = 'from sqmy_core.bdd import scenarios\n\nscenarios("features")\n'
BDD_LINE = 'from pytest_bdd import scenarios\n\nscenarios("features")\n'
BAD_FILES = {
    "bom": (b"\xef\xbb\xbf" + GOOD.encode(), "第 1 行：文件以 UTF-8 BOM", "另存为“UTF-8”"),
    "gbk": (GOOD.encode("gbk"), "第 2 行：文件是 GBK 编码", "另存为“UTF-8”"),
    "colon": (FULL_WIDTH_COLON.encode(), "第 8 行：关键字“场景”后用了全角冒号", "改为半角冒号"),
}


@pytest.mark.parametrize(
    "line", [SQMY_LINE, BDD_LINE], ids=["sqmy_scenarios", "pytest_bdd_scenarios"]
)
@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_bad_file_is_reported_in_chinese_before_anything_runs(
    pytester: pytest.Pytester, case: str, line: str
) -> None:
    data, where, fix = BAD_FILES[case]
    _project(pytester, data, line)
    result = pytester.runpytest("-p", "no:cacheprovider", "-p", "no:hypothesispytest")
    result.assert_outcomes(errors=1)
    out = result.stdout.str()
    assert "以下 .feature 文件需要修改后才能运行" in out
    assert f"计分.feature {where}" in out
    assert fix in out
    assert "Traceback" not in out
