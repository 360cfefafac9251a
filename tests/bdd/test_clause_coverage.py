"""Every article and clause of the three policies has a scenario tagged with it.

``features/<org>/policy.md`` is a verbatim copy of ``../shared/policies/<org>.md``
(first line: a comment naming the source); the coverage is computed from it
and from the scenario tags.  A clause without a scenario fails the test with
the list of such clauses.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sqmy_core.bdd import coverage

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "policies"
ORGS = ("district", "party", "committee")


def _policy(org: str) -> str:
    return (REPO / "features" / org / "policy.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("org", ORGS)
def test_policy_copy_equals_the_shared_policy(org: str) -> None:
    source = SHARED / f"{org}.md"
    assert source.exists(), f"找不到办法原文 {source}（仓库旁应有 shared/policies/）"
    header, _, body = _policy(org).partition("\n")
    assert header.startswith("<!--") and f"../shared/policies/{org}.md" in header
    assert body == source.read_text(encoding="utf-8"), (
        f"features/{org}/policy.md 与 {source} 不一致：请重新复制原文"
    )


@pytest.mark.parametrize("org", ORGS)
def test_every_clause_has_a_scenario(org: str) -> None:
    cov = coverage.coverage(_policy(org), coverage.collect(REPO / "features" / org))
    problems = [c.label for c in cov.missing] + [
        f"{sc.feature}:{sc.line} @{coverage.label(ref)}" for sc, ref in cov.unknown
    ]
    assert not problems, f"features/{org}：\n" + coverage.report(cov)


EXPECTED_CLAUSES = {
    "district": [
        "第一条",
        "第二条",
        *[f"第二条第{i}款" for i in range(1, 6)],
        "第三条",
        *[f"第三条第{i}款" for i in range(1, 7)],
        "第四条",
        "第五条",
        *[f"第五条第{i}款" for i in range(1, 9)],
        "第六条",
        *[f"第六条第{i}款" for i in range(1, 4)],
        "第七条",
    ],
    "party": [
        "第一条",
        "第二条",
        "第三条",
        *[f"第三条第{i}款" for i in range(1, 8)],
        "第四条",
        "第四条第1款",
        "第四条第2款",
        "第五条",
        *[f"第五条第{i}款" for i in range(1, 5)],
        "第六条",
        "第六条第1款",
        "第六条第2款",
    ],
    "committee": [
        "第一条",
        "第二条",
        *[f"第二条第{i}款" for i in range(1, 5)],
        "第三条",
        *[f"第三条第{i}款" for i in range(1, 4)],
        "第四条",
        *[f"第四条第{i}款" for i in range(1, 6)],
        "第五条",
        *[f"第五条第{i}款" for i in range(1, 4)],
    ],
}


@pytest.mark.parametrize("org", ORGS)
def test_the_policy_parses_into_its_articles_and_clauses(org: str) -> None:
    assert [c.label for c in coverage.parse_policy(_policy(org))] == EXPECTED_CLAUSES[org]


POLICY = """\
# 示例办法
## 第一条 范围
适用于委员。
## 第二条 计分
1. 提交 1 分。
2. 采用 3 分。
   续行不是新的一款。
## 第十二条 附则
"""


def test_missing_clauses_and_tags_that_point_nowhere(tmp_path: Path) -> None:
    (tmp_path / "a.feature").write_text(
        """\
# language: zh-CN
@第一条
功能: 示例

  @第二条第1款 @其他标签
  场景: 提交
    假如 考核年度为 2024 年

  @第2条第三款 @第九条
  场景: 不存在的条款
    假如 考核年度为 2024 年
""",
        encoding="utf-8",
    )
    cov = coverage.coverage(POLICY, coverage.collect(tmp_path))
    assert [c.label for c in cov.clauses] == [
        "第一条",
        "第二条",
        "第二条第1款",
        "第二条第2款",
        "第十二条",
    ]
    assert [c.label for c in cov.missing] == ["第二条第2款", "第十二条"]
    assert [coverage.label(ref) for _, ref in cov.unknown] == ["第二条第3款", "第九条"]
    # 第二条 is covered through its clause; the feature tag @第一条 covers both scenarios
    assert len(cov.proofs[(2, None)]) == 1
    assert len(cov.proofs[(1, None)]) == 2
    text = coverage.report(cov)
    assert "缺少场景：第二条第2款（采用 3 分。）——请写一个场景并加标签 @第二条第2款" in text
    assert "标签 @第九条 指向办法中没有的条款" in text


def test_tags() -> None:
    assert coverage.parse_tag("@第五条第3款") == (5, 3)
    assert coverage.parse_tag("第五条第三款") == (5, 3)
    assert coverage.parse_tag("第5条") == (5, None)
    assert coverage.parse_tag("第十二条第10款") == (12, 10)
    assert coverage.parse_tag("审核流程") is None
    assert coverage.label((12, None)) == "第十二条"
    assert coverage.label((20, 1)) == "第二十条第1款"


def test_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    org = REPO / "features" / "committee"
    assert coverage.main([str(org / "policy.md"), str(org)]) == 0
    assert "第五条第3款" in capsys.readouterr().out
    (tmp_path / "policy.md").write_text(POLICY, encoding="utf-8")
    assert coverage.main([str(tmp_path / "policy.md"), str(tmp_path)]) == 1
    assert "缺少场景：第一条" in capsys.readouterr().out
