"""The spec runs of ``sqmy compare``: the organization's ruleset is replaced, nothing else is.

An organization's repository is laid out in a scratch folder: its own ruleset,
another organization's, and specs naming each, one using the configured ruleset
and one with its ruleset written out.  Run against a draft of the organization's
ruleset, only the scenarios of that ruleset change; the repository is only read.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sqmy_core.bdd.spec_runs import run_specs, spec_root
from sqmy_core.errors import SqmyError
from sqmy_core.reports.compare_clauses import clause_diff

REPO = Path(__file__).resolve().parents[2]

FEATURE = """\
# language: zh-CN
功能: 计分

  @第五条第2款
  场景: 区政协办法：市政协采用
    假如 规则集为 "rulesets/district.toml"
    而且 考核年度为 2024 年
    而且 委员甲 的信息被市政协采用
    那么 甲 的年度积分为 4 分

  @第四条第2款
  场景: 民宗委办法：市政协采用
    假如 规则集为 "rulesets/committee.toml"
    而且 考核年度为 2024 年
    而且 委员甲 的信息被市政协采用
    那么 甲 的年度积分为 4 分

  场景: 本组织的规则集
    假如 使用本组织的规则集
    而且 考核年度为 2024 年
    而且 委员甲 的信息被市政协采用
    那么 甲 的年度积分为 4 分

  场景: 写在规格里的规则集
    假如 规则集为以下内容：
      \"\"\"
      format = "sqmy-ruleset/2"
      organization = "district"
      title = "演示"
      [scope]
      roles = ["member"]
      [scoring.split]
      mode = "full"
      [[scoring.rules]]
      id = "adopted"
      event = "adopted"
      points = 3
      combine = "once"
      \"\"\"
    而且 考核年度为 2024 年
    而且 委员甲 的信息被市政协采用
    那么 甲 的年度积分为 3 分
"""


def _repository(root: Path) -> tuple[Path, Path]:
    (root / "rulesets").mkdir()
    for org in ("district", "committee"):
        text = (REPO / "rulesets" / f"{org}.toml").read_text(encoding="utf-8")
        (root / "rulesets" / f"{org}.toml").write_text(text, encoding="utf-8")
    (root / "features").mkdir()
    (root / "features" / "计分.feature").write_text(FEATURE, encoding="utf-8")
    draft = root / "draft.toml"
    text = (root / "rulesets" / "district.toml").read_text(encoding="utf-8")
    draft.write_text(text.replace("cppcc-city = 4", "cppcc-city = 5"), encoding="utf-8")
    return root / "rulesets" / "district.toml", draft


def _listing(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


def test_only_the_organizations_ruleset_is_replaced(tmp_path: Path) -> None:
    baseline, draft = _repository(tmp_path)
    listing = _listing(tmp_path)
    specs = tmp_path / "features"
    assert spec_root(specs) == tmp_path.resolve()
    before = run_specs(specs, baseline, "district")
    after = run_specs(specs, draft, "district")
    assert _listing(tmp_path) == listing  # no cache, no bytecode, nothing written
    assert [r.outcome for r in before] == ["passed"] * 4
    outcomes = {r.name: r.outcome for r in after}
    assert outcomes == {
        "区政协办法：市政协采用": "failed",
        "民宗委办法：市政协采用": "passed",
        "本组织的规则集": "failed",
        "写在规格里的规则集": "passed",
    }
    diff = clause_diff(before, after)
    failing = [r for r, _ in diff.now_failing]
    assert [r.key for r in failing] == ["features/计分.feature:5", "features/计分.feature:18"]
    assert failing[0].tags == ("第五条第2款",)
    assert "甲 的 2024 年度积分应为 4 分，实际为 5 分" in failing[0].message


def test_a_feature_file_that_cannot_be_read_refuses_the_run(tmp_path: Path) -> None:
    baseline, _ = _repository(tmp_path)
    bad = tmp_path / "features" / "计分.feature"
    bad.write_text(FEATURE.replace("功能: 计分", "功能：计分"), encoding="utf-8")
    with pytest.raises(SqmyError) as err:
        run_specs(tmp_path / "features", baseline, "district")
    text = err.value.render()
    assert "--specs" in text and "计分.feature" in text and "冒号" in text
