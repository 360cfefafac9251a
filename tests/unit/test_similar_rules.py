"""``[similar]`` in a ruleset: what it structures into, every refusal with its key path, its docs."""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import attrs
import pytest

from sqmy_core.errors import RulesetError
from sqmy_core.i18n import message
from sqmy_core.rules.load import parse_ruleset
from sqmy_core.rules.spec_similar import SimilarSpec

DOCS = Path(__file__).resolve().parents[2] / "docs"
RULESETS = Path(__file__).resolve().parents[2] / "rulesets"
HEAD = """format = "sqmy-ruleset/2"
organization = "t"
title = "t"
[scope]
roles = ["member"]
[scoring.split]
mode = "equal"
[[scoring.rules]]
id = "submitted"
event = "submitted"
points = 1
"""


def _parse(similar: str) -> SimilarSpec | None:
    return parse_ruleset(HEAD + "[similar]\n" + similar, "t.toml").similar


def test_the_section_structures_exactly_with_its_defaults() -> None:
    spec = _parse("threshold = 0.85\n")
    assert spec == SimilarSpec(threshold=Fraction(17, 20))
    assert (spec.enabled, spec.lookback_days, spec.states, spec.prefer, spec.fields, spec.limit) == (
        True, 730, (), "adopted", ("title",), 5,
    )  # fmt: skip
    full = _parse(
        'threshold = 0.7\nlookback_days = 90\nstates = ["adopted", "approved"]\n'
        'prefer = "score"\nfields = ["title", "body"]\nlimit = 3\nenabled = false\nclause = "第八条"\n'
    )
    assert full == SimilarSpec(
        Fraction(7, 10), False, 90, ("adopted", "approved"), "score", ("title", "body"), 3, "第八条"
    )


def test_no_section_means_no_matching_and_the_example_rulesets_have_none() -> None:
    assert parse_ruleset(HEAD, "t.toml").similar is None
    for path in sorted(RULESETS.glob("*.toml")):  # the policies say nothing of similar topics
        assert parse_ruleset(path.read_text(encoding="utf-8"), path.name).similar is None, path


@pytest.mark.parametrize(
    ("body", "path", "zh", "en"),
    [
        ("threshold = 1.5", "similar.threshold", "不超过 1", "at most 1"),
        ("threshold = 0", "similar.threshold", "大于 0", "above 0"),
        ('threshold = "0.8"', "similar.threshold", "应为数值", "expected a number"),
        ("threshold = 0.12345678", "similar.threshold", "6 位", "6 decimals"),
        ("lookback_days = 30", "similar.threshold", "缺少必填项", "missing"),
        ("threshold = 0.8\nlookback_days = 0", "similar.lookback_days", "36500", "36500"),
        ("threshold = 0.8\nlookback_days = 1.5", "similar.lookback_days", "整数", "integer"),
        ("threshold = 0.8\nlimit = 1000", "similar.limit", "100", "100"),
        ("threshold = 0.8\nfields = []", "similar.fields", "不能为空", "empty"),
        ('threshold = 0.8\nfields = "title"', "similar.fields", "列表", "list"),
        ('threshold = 0.8\nfields = ["title", "title"]', "similar.fields[1]", "重复", "twice"),
        ('threshold = 0.8\nfields = ["text"]', "similar.fields[0]", "'text'", "'text'"),
        ('threshold = 0.8\nstates = ["adoptd"]', "similar.states[0]", "adopted", "adopted"),
        ('threshold = 0.8\nprefer = "newest"', "similar.prefer", "'newest'", "'newest'"),
        ("threshold = 0.8\nlookbak_days = 3", "similar.lookbak_days", "未知的键", "unknown key"),
        ("threshold = 0.8\nenabled = 1", "similar.enabled", "布尔", "boolean"),
    ],
)
def test_a_bad_section_is_refused_naming_the_key(body: str, path: str, zh: str, en: str) -> None:
    with pytest.raises(RulesetError) as caught:
        _parse(body + "\n")
    text = str(caught.value)
    assert text.startswith(f"t.toml: {path}: "), text
    assert zh in text, text
    problem = next(p for p in caught.value.problems if p.path == path)
    assert en in message(problem.code, "en", **problem.params)


def test_every_key_is_documented_with_a_loadable_example() -> None:
    text = (DOCS / "rulesets.md").read_text(encoding="utf-8")
    section = text[text.index("## 22b. similar") : text.index("## 23. plugins")]
    for f in attrs.fields(SimilarSpec):
        assert f"`{f.name}`" in section, f.name
    block = re.search(r"```toml\n(# 完整规则集.*?)```", section, flags=re.S)
    assert block is not None
    spec = parse_ruleset(block.group(1), "rulesets.md#22b").similar
    assert spec is not None and spec.threshold == Fraction(4, 5)
    assert "similar" in (DOCS / "rule-model.md").read_text(encoding="utf-8")


def test_the_generated_ruleset_document_states_the_rule_in_both_languages() -> None:
    from sqmy_core.reports.similar_doc import similar_items

    rs = parse_ruleset(HEAD + '[similar]\nthreshold = 0.75\nlookback_days = 365\nclause = "第八条"\n', "t")
    [(clause, title, zh)] = similar_items(rs, "zh")
    assert (clause, title) == ("第八条", "相似选题")
    assert "365 天" in zh and "0.75" in zh and "已采用的排在前面" in zh
    [(_, title_en, en)] = similar_items(rs, "en")
    assert title_en == "Similar topics" and "365 days" in en and "0.75" in en
    off = parse_ruleset(HEAD + "[similar]\nthreshold = 0.75\nenabled = false\n", "t")
    assert similar_items(off, "zh") == []
