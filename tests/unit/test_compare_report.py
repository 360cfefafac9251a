"""The ``compare`` report: the diff's numbers in cells, zh and en, and the clause runs side by side."""

from __future__ import annotations

from datetime import date

import pytest

from sqmy_core.interchange import parse_dataset
from sqmy_core.reports.compare_clauses import ScenarioRun, clause_diff, clause_tags
from sqmy_core.reports.compare_doc import Sources, compare_report
from sqmy_core.reports.document import Report, Table
from sqmy_core.rules.declared import declarations_of
from sqmy_core.scoring.assess import assess
from sqmy_core.scoring.compare import Comparison, compare
from sqmy_core.tools.synth import generate
from tests.unit.test_compare import BASELINE, CHANGES, ruleset_with

DRAFT = ruleset_with(*CHANGES)
SOURCES = Sources("rulesets/district.toml", "draft.toml", "d.json")


def _run(
    key: str, outcome: str, tags: tuple[str, ...] = ("第五条第2款",), msg: str = ""
) -> ScenarioRun:
    feature, line = key.split(":")
    return ScenarioRun(key, feature, int(line), f"场景{line}", tags, outcome, msg)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def comparison() -> Comparison:
    doc = generate("district", seed=7, year=2024, people=120, pieces=400)
    ds = parse_dataset(
        doc, extra_roles=BASELINE.reviewer_roles, declarations=declarations_of(BASELINE)
    )
    return compare(assess(BASELINE, ds, 2024), assess(DRAFT, ds, 2024))


def _table(report: Report, key: str) -> Table:
    return next(t for t in report.tables if t.key == key)


def _rows(t: Table) -> list[dict[str, object]]:
    keys = [c.key for c in t.columns]
    return [dict(zip(keys, row, strict=True)) for row in t.rows]


def test_the_tables_carry_the_diff_exactly(comparison: Comparison) -> None:
    report = compare_report(comparison, BASELINE, DRAFT, SOURCES, lang="zh", dated=date(2025, 1, 5))
    assert report.kind == "compare" and report.lang == "zh"
    people = _rows(_table(report, "people"))
    assert [r["id"] for r in people] == [c.id for c in comparison.people]
    for row, ch in zip(people, comparison.people, strict=True):
        assert (row["points_before"], row["points_after"], row["delta"]) == (
            ch.points_before, ch.points_after, ch.delta,
        )  # fmt: skip
        assert (row["rank_before"], row["rank_after"], row["rank_move"]) == (
            ch.rank_before, ch.rank_after, ch.rank_move,
        )  # fmt: skip
        assert ("+谈话引导（1 级）" in str(row["flags"])) == ("talk" in ch.flags_added)
        if ch.award_change == "gained":
            assert row["award"] == f"— → {ch.award_after}"
    assert [r["id"] for r in _rows(_table(report, "units"))] == [c.id for c in comparison.units]
    totals = _rows(_table(report, "totals"))
    talk = next(r for r in totals if r["item"] == "标记" and r["entity"] == "人员")
    flags = comparison.people_totals.flags[0]
    assert (talk["before"], talk["after"], talk["more"]) == (flags.before, flags.after, flags.added)
    assert all(t.notes for t in report.tables)
    assert any("谈话引导" in p for p in report.paragraphs)
    assert "clauses" not in {t.key for t in report.tables}


def test_english(comparison: Comparison) -> None:
    report = compare_report(
        comparison, BASELINE, DRAFT, SOURCES, lang="en", dated=date(2025, 1, 5),
        specs_not_run="--no-specs",
    )  # fmt: skip
    assert report.title.endswith("what the revised ruleset changes (2024)")
    labels = {c.key: c.label for c in _table(report, "people").columns}
    assert labels["points_before"] == "Points (baseline)" and "group" not in labels
    assert any(p.startswith("People: 107 assessed") for p in report.paragraphs)
    assert report.paragraphs[-1] == "The specs were not run (--no-specs)."
    assert all(
        not any("\u4e00" <= ch <= "\u9fff" for ch in n) for t in report.tables for n in t.notes
    )


def test_clause_diff_lists_what_the_draft_breaks_and_mends() -> None:
    baseline = [_run("a.feature:3", "passed"), _run("a.feature:9", "failed", msg="旧"),
                _run("b.feature:1", "xfailed"), _run("b.feature:5", "passed")]  # fmt: skip
    draft = [_run("a.feature:3", "failed", msg="【规格不符】乙：积分应为 5 分，实际为 6 分"),
             _run("a.feature:9", "passed"), _run("b.feature:1", "xpassed"),
             _run("b.feature:5", "passed")]  # fmt: skip
    diff = clause_diff(baseline, draft)
    assert [r.key for r, _ in diff.now_failing] == ["a.feature:3", "b.feature:1"]
    assert [r.key for r, _ in diff.now_passing] == ["a.feature:9"]
    assert (diff.scenarios, diff.baseline_failing, diff.draft_failing) == (4, 1, 2)
    assert clause_tags(_run("x:1", "passed", ("第五条第2款", "slow", "变体12"))) == (
        "第五条第2款", "变体12",
    )  # fmt: skip


def test_the_clause_table(comparison: Comparison) -> None:
    diff = clause_diff(
        [_run("f.feature:3", "passed")],
        [
            _run(
                "f.feature:3",
                "failed",
                msg="【规格不符】features/A 计分.feature 第 7 行\n  场景：场景3\n  乙：积分应为 5 分，实际为 6 分",
            )
        ],
    )
    report = compare_report(
        comparison, BASELINE, DRAFT, SOURCES, lang="zh", dated=date(2025, 1, 5), clauses=diff
    )
    rows = _rows(_table(report, "clauses"))
    assert rows == [
        {
            "feature": "f.feature", "line": 3, "scenario": "场景3", "clauses": "@第五条第2款",
            "baseline": "通过", "draft": "失败",
            "reason": "【规格不符】第 7 行\n  乙：积分应为 5 分，实际为 6 分",
        }
    ]  # fmt: skip
    assert "草稿新致失败 1 个" in report.paragraphs[-1]
    specs = next(r for r in _rows(_table(report, "totals")) if r["item"].startswith("规格"))  # type: ignore[union-attr]
    assert (specs["before"], specs["after"], specs["less"]) == (0, 1, 1)
