"""An organization's repository: only ``.feature`` files, a ruleset and one ``scenarios(...)`` line.

Each test runs pytest (pytester) in a fresh directory laid out the way an
office's own repository is: the step library comes from the ``pytest11``
entry point, there is no conftest.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]
# Inner runs skip hypothesis's plugin: pytester drops the modules an inner run imports,
# so every run would import hypothesis again (seconds each).

REPO = Path(__file__).resolve().parents[2]

HEADER = """\
# language: zh-CN
功能: 第四条 计分

  背景:
    假如 规则集为 "rulesets/committee.toml"
    而且 考核年度为 2024 年
"""

FEATURE = (
    HEADER
    + """
  @第四条第2款
  场景: 市政协采用 3 分
    假如 委员甲 的信息被市政协采用
    那么 甲 的年度积分为 4 分

  @第四条第4款
  场景: 联名的全体作者平分
    当 2024年6月1日 委员甲、委员乙 联名提交信息 "联名稿"
    而且 2024年7月1日 信息 "联名稿" 被 市政协 采用
    那么 甲 的积分为 2 分
    而且 乙 的积分为 ２ 分
"""
)

ONE_LINE = 'from sqmy_core.bdd import scenarios\n\nscenarios("features")\n'


def _setup(pytester: pytest.Pytester, feature: str, name: str = "计分.feature") -> None:
    rulesets = pytester.path / "rulesets"
    rulesets.mkdir(exist_ok=True)
    for org in ("committee", "district"):
        text = (REPO / "rulesets" / f"{org}.toml").read_text(encoding="utf-8")
        (rulesets / f"{org}.toml").write_text(text, encoding="utf-8")
    (pytester.path / "features").mkdir(exist_ok=True)
    (pytester.path / "features" / name).write_text(feature, encoding="utf-8")
    pytester.makepyfile(test_specs=ONE_LINE)


def _run(pytester: pytest.Pytester, *args: str) -> tuple[pytest.RunResult, str]:
    result = pytester.runpytest("-p", "no:cacheprovider", "-p", "no:hypothesispytest", *args)
    return result, result.stdout.str()


def test_one_scenarios_line_runs_every_scenario(pytester: pytest.Pytester) -> None:
    _setup(pytester, FEATURE)
    result, _ = _run(pytester)
    result.assert_outcomes(passed=2)


def test_plain_pytest_bdd_scenarios_works_too(pytester: pytest.Pytester) -> None:
    _setup(pytester, FEATURE)
    pytester.makepyfile(test_specs='from pytest_bdd import scenarios\n\nscenarios("features")\n')
    result, _ = _run(pytester)
    result.assert_outcomes(passed=2)


def test_ruleset_from_the_ini_option(pytester: pytest.Pytester) -> None:
    feature = FEATURE.replace('    假如 规则集为 "rulesets/committee.toml"\n    而且', "    假如")
    _setup(pytester, feature)
    pytester.makeini("[pytest]\nsqmy_ruleset = rulesets/committee.toml\n")
    result, _ = _run(pytester)
    result.assert_outcomes(passed=2)
    # the same, said explicitly
    explicit = FEATURE.replace('假如 规则集为 "rulesets/committee.toml"', "假如 使用本组织的规则集")
    (pytester.path / "features" / "计分.feature").write_text(explicit, encoding="utf-8")
    result, _ = _run(pytester)
    result.assert_outcomes(passed=2)


def test_ruleset_from_the_command_line_and_missing_ruleset(pytester: pytest.Pytester) -> None:
    feature = FEATURE.replace('    假如 规则集为 "rulesets/committee.toml"\n    而且', "    假如")
    _setup(pytester, feature)
    result, _ = _run(pytester, "--sqmy-ruleset", "rulesets/committee.toml")
    result.assert_outcomes(passed=2)
    result, out = _run(pytester)
    result.assert_outcomes(failed=2)
    assert "还没有指定规则集" in out
    assert "sqmy_ruleset" in out


def test_clause_tags_are_markers_under_strict_markers(pytester: pytest.Pytester) -> None:
    _setup(pytester, FEATURE)
    result, _ = _run(pytester, "--strict-markers", "-m", "第四条第2款")
    result.assert_outcomes(passed=1, deselected=1)


def test_a_wrong_number_fails_in_chinese_without_traceback(pytester: pytest.Pytester) -> None:
    _setup(pytester, FEATURE.replace("甲 的年度积分为 4 分", "甲 的年度积分为 5 分"))
    result, out = _run(pytester)
    result.assert_outcomes(passed=1, failed=1)
    assert "【规格不符】features/计分.feature 第 11 行" in out
    assert "步骤：那么 甲 的年度积分为 5 分" in out
    assert "甲 的 2024 年度积分应为 5 分，实际为 4 分" in out
    assert "“甲的信息1” 提交（第四条第1款） 1 分" in out
    assert "“甲的信息1” 采用（第四条第2款） 3 分" in out
    assert "Traceback" not in out
    assert "def " not in out


def test_an_unknown_step_stops_the_scenario_before_it_runs(pytester: pytest.Pytester) -> None:
    feature = (
        HEADER
        + """
  场景: 写错了一步
    假如 委员甲 的信息被市政协采用
    那么 甲 的积分为 99 分
    而且 甲 的积分等于 4 分
"""
    )
    _setup(pytester, feature)
    result, out = _run(pytester)
    result.assert_outcomes(errors=1)
    assert "features/计分.feature 第 11 行：步骤库中没有这一步：“而且 甲 的积分等于 4 分”" in out
    assert "相近的写法：那么 甲 的 2024 年度积分为 7.2 分" in out
    assert "docs/specs.md" in out
    # the scenario did not run: the wrong number on line 10 was never checked
    assert "应为 99 分" not in out


def test_an_unchecked_refusal_fails_at_the_next_step(pytester: pytest.Pytester) -> None:
    feature = """\
# language: zh-CN
功能: 审核
  背景:
    假如 规则集为 "rulesets/district.toml"
    而且 有以下人员:
      | 姓名 | 角色   |
      | 甲   | 委员   |
      | 丙   | 初审人 |

  场景: 拒绝没有检查
    当 2024年3月1日 甲 提交信息 "X"
    而且 2024年3月2日 初审人丙 对信息 "X" 作出 "通过" 决定
    那么 信息 "X" 的状态为 "审核中"

  场景: 最后一步被拒绝
    当 2024年3月1日 甲 提交信息 "X"
    而且 2024年3月2日 初审人丙 对信息 "X" 作出 "通过" 决定

  场景: 拒绝经过检查
    当 2024年3月1日 甲 提交信息 "X"
    而且 2024年3月2日 初审人丙 对信息 "X" 作出 "通过" 决定
    那么 操作被拒绝（不允许），提示包含 "尚未确认：政治关"
    而且 提示包含 "作出“通过”决定前须逐项确认"
    而且 信息 "X" 在 "初审（社法委）" 审核中
"""
    _setup(pytester, feature, "审核.feature")
    result, out = _run(pytester)
    result.assert_outcomes(passed=1, failed=2)
    assert '第 12 行“而且 2024年3月2日 初审人丙 对信息 "X" 作出 "通过" 决定” 的操作被拒绝' in out
    assert "请紧接着写：那么 操作被拒绝" in out
    assert "场景“最后一步被拒绝”的最后一步" in out


def test_a_misnamed_body_asks_for_a_known_one(pytester: pytest.Pytester) -> None:
    feature = (
        HEADER
        + """
  场景: 机构名称写错
    假如 委员甲 的信息被市政府采用
"""
    )
    _setup(pytester, feature)
    result, out = _run(pytester)
    result.assert_outcomes(failed=1)
    assert "【规格写法需要修改】features/计分.feature 第 9 行" in out
    assert "未知的采用机构“市政府”。可用的写法：" in out
    assert "市政协" in out


def test_a_broken_ruleset_is_reported_with_its_own_message(pytester: pytest.Pytester) -> None:
    _setup(pytester, FEATURE)
    path = pytester.path / "rulesets" / "committee.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("points = 1\n", 'points = "一"\n', 1),
        encoding="utf-8",
    )
    result, out = _run(pytester)
    result.assert_outcomes(failed=2)
    assert "【出错】" in out
    assert "rulesets/committee.toml: scoring.rules[0].points" in out


def test_a_custom_step_in_conftest_uses_the_world(pytester: pytest.Pytester) -> None:
    feature = (
        HEADER
        + """
  场景: 自定义步骤
    假如 委员甲 的信息被市政协采用
    那么 甲 的积分是偶数
"""
    )
    _setup(pytester, feature)
    pytester.makeconftest(
        """
from pytest_bdd import parsers, then
from sqmy_core.bdd.errors import SpecFailure


@then(parsers.parse("{who} 的积分是偶数"))
def _(sqmy_world, who):
    points = sqmy_world.assessment(sqmy_world.year).person(sqmy_world.person(who).id).points
    if points % 2:
        raise SpecFailure(f"{who} 的积分 {points} 不是偶数")
"""
    )
    result, _ = _run(pytester)
    result.assert_outcomes(passed=1)
