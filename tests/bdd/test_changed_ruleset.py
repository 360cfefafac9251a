"""Changing a number in a ruleset makes the matching scenario fail with a readable Chinese message.

The repository's own feature files are run (pytester) against a copy of the
ruleset with one number changed, the way an office would notice a typo in
its TOML or prove a draft.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]
# Inner runs skip hypothesis's plugin: pytester drops the modules an inner run imports,
# so every run would import hypothesis again (seconds each).

REPO = Path(__file__).resolve().parents[2]


def _run_with_change(
    pytester: pytest.Pytester, org: str, feature: str, old: str, new: str
) -> pytest.RunResult:
    (pytester.path / "rulesets").mkdir()
    text = (REPO / "rulesets" / f"{org}.toml").read_text(encoding="utf-8")
    assert old in text
    (pytester.path / "rulesets" / f"{org}.toml").write_text(
        text.replace(old, new, 1), encoding="utf-8"
    )
    (pytester.path / "features").mkdir()
    shutil.copy(REPO / "features" / org / feature, pytester.path / "features" / feature)
    pytester.makepyfile(test_specs='from sqmy_core.bdd import scenarios\n\nscenarios("features")\n')
    return pytester.runpytest("-p", "no:cacheprovider", "-p", "no:hypothesispytest")


def test_district_city_adoption_points(pytester: pytest.Pytester) -> None:
    """市政协采用 4 分 改成 5 分：第五条第2款、第8款的场景失败，写明应为、实际和明细。"""
    result = _run_with_change(
        pytester, "district", "第五条_计分标准.feature", "cppcc-city = 4", "cppcc-city = 5"
    )
    out = result.stdout.str()
    failed = {
        line.split("::")[1].split(" ")[0] for line in out.splitlines() if line.startswith("FAILED")
    }
    assert failed == {
        "test_各级采用的分值其他机构采用不计分",
        "test_办法原例次年被更高级别采用的补计差额",
        "test_积分归属于计分事件发生的年度",
        "test_综合例联名单位与跨年度",
    }
    assert "【规格不符】features/第五条_计分标准.feature 第 44 行" in out
    assert "  场景：各级采用的分值，其他机构采用不计分" in out
    assert "  乙：积分应为 5 分，实际为 6 分" in out
    assert "“乙的稿” 采用（第五条第2款） 5 分" in out
    assert "甲 的 2025 年度积分应为 2 分，实际为 3 分" in out
    assert "Traceback" not in out


def test_party_cap(pytester: pytest.Pytester) -> None:
    """采用封顶 20 分 改成 25 分：封顶的场景失败。"""
    result = _run_with_change(pytester, "party", "第三条_计分标准.feature", "cap = 20", "cap = 25")
    out = result.stdout.str()
    result.assert_outcomes(failed=3, passed=10)
    assert "甲 的 2024 年度积分应为 20.5 分，实际为 25.5 分" in out
    assert "“封顶的稿” 采用（第三条第2款、第7款） 3 分" in out
    assert "甲 的 2025 年度积分应为 4 分，实际为 9 分" in out


def test_committee_joint_split(pytester: pytest.Pytester) -> None:
    """联名平分 改成 每位作者得全部分值：第四条第4款的场景失败，写明精确值。"""
    result = _run_with_change(
        pytester, "committee", "第四条_计分.feature", 'mode = "equal"', 'mode = "full"'
    )
    out = result.stdout.str()
    result.assert_outcomes(failed=3, passed=7)
    assert "甲 的 2024 年度积分应为 8/3 分（约 2.67 分），实际为 8 分" in out
