"""``@engine_bug``: a scenario the engine does not meet yet is a strict expected failure.

Runs pytest (pytester) on a tiny organization repository: a wrong expectation
tagged ``@engine_bug`` is reported as xfailed; the same tag on a scenario that
passes fails the run (strict), so the tag cannot outlive the fix.
"""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

FEATURE = '''\
# language: zh-CN
功能: 已知缺陷

  背景:
    假如 规则集为以下内容：
      """
      format = "sqmy-ruleset/2"
      organization = "bug"
      title = "已知缺陷"
      [scope]
      roles = ["member"]
      [scoring.split]
      mode = "full"
      [[sections]]
      id = "sqmy"
      label = "社情民意"
      cap = 15
      [[scoring.rules]]
      id = "submitted"
      event = "submitted"
      points = 10
      """
    而且 考核年度为 2024 年

  @{tag}
  场景: 分项封顶 15 分
    当 2024年3月1日 委员甲 提交 2 篇信息
    # 2 × 10 = 20，封顶 15
    那么 甲 的 "社情民意" 分项为 {expected} 分
'''


def _run(pytester: pytest.Pytester, tag: str, expected: str) -> pytest.RunResult:
    (pytester.path / "features").mkdir(exist_ok=True)
    text = FEATURE.replace("{tag}", tag).replace("{expected}", expected)
    (pytester.path / "features" / "缺陷.feature").write_text(text, encoding="utf-8")
    pytester.makepyfile(test_specs='from sqmy_core.bdd import scenarios\n\nscenarios("features")\n')
    return pytester.runpytest("-p", "no:cacheprovider", "-p", "no:hypothesispytest", "-rxX")


def test_a_failing_scenario_tagged_engine_bug_is_an_expected_failure(
    pytester: pytest.Pytester,
) -> None:
    result = _run(pytester, "engine_bug", "20")
    result.assert_outcomes(xfailed=1)


def test_the_tag_on_a_passing_scenario_fails_the_run(pytester: pytest.Pytester) -> None:
    result = _run(pytester, "已知缺陷", "15")
    result.assert_outcomes(failed=1)
    assert "XPASS(strict)" in result.stdout.str()


def test_without_the_tag_a_wrong_expectation_fails_with_the_explanation(
    pytester: pytest.Pytester,
) -> None:
    result = _run(pytester, "第一条", "20")
    result.assert_outcomes(failed=1)
    out = result.stdout.str()
    assert "甲 的 2024 年度“社情民意”分项应为 20 分，实际为 15 分" in out
    assert "明细：" in out and "甲的信息1" in out
