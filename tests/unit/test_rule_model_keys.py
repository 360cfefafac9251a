"""Hand-worked cases for three v2 keys: points on ``penalized`` events, factors by the
author (role or person attribute), and the last tie-breaks a policy states (id, earliest)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from sqmy_core.errors import RulesetError
from sqmy_core.rules.load import parse_ruleset
from sqmy_core.scoring.assess import assess
from sqmy_core.testing.builder import DatasetBuilder

HEAD = """
format = "sqmy-ruleset/2"
organization = "t"
title = "测试"
[scope]
roles = ["member", "special_officer"]
[vocabulary]
penalty_kinds = [{ id = "plagiarism", name = "抄袭" }]
[attributes.invited]
type = "boolean"
on = ["person"]
default = false
"""


def test_a_points_rule_on_penalized_events_deducts_per_piece_and_splits() -> None:
    rs = parse_ruleset(
        HEAD
        + """
[scoring.split]
mode = "equal"
[[scoring.rules]]
id = "submitted"
event = "submitted"
points = 2
[[scoring.rules]]
id = "plagiarism"
event = "penalized"
points = -6
combine = "once"
when = { match = { kind = ["plagiarism"] } }
""",
        "t.toml",
    )
    b = DatasetBuilder().person("a", "member").person("b", "member")
    b.piece("x", "a", "b", submitted="2024-03-01")
    b.penalize("x", "2024-04-01", "plagiarism")
    b.penalize("x", "2024-05-01", "plagiarism")  # once per piece: no second deduction
    a = assess(rs, b.build(), 2024)
    # (2 − 6) ÷ 2 = −2 each
    assert a.person("a").points == -2 and a.person("b").points == -2


FACTORS = (
    HEAD
    + """
[scoring.split]
mode = "full"
author_factors = [
  { by = "role", values = { special_officer = 2 } },
  { by = "person.attributes.invited", values = { true = 1.5 } },
]
[[scoring.rules]]
id = "adopted"
event = "adopted"
points = 4
"""
)


def test_factors_by_the_authors_role_and_attribute() -> None:
    rs = parse_ruleset(FACTORS, "t.toml")
    b = (
        DatasetBuilder()
        .person("m", "member")
        .person("o", "special_officer")
        .person("i", "member", attributes={"invited": True})
    )
    b.piece("x", "m", "o", "i", submitted="2024-03-01")
    b.event("x", "adopted", "2024-04-01", body="cppcc-city")
    a = assess(rs, b.build(), 2024)
    # every author the full 4; the officer × 2 = 8; the invited member × 1.5 = 6
    assert a.person("m").points == 4
    assert a.person("o").points == 8
    assert a.person("i").points == 6


def test_author_factors_must_read_the_author() -> None:
    with pytest.raises(RulesetError) as err:
        parse_ruleset(FACTORS.replace('by = "role"', 'by = "level"'), "t.toml")
    assert "scoring.split.author_factors[0].by[0]" in err.value.render("en")
    with pytest.raises(RulesetError) as err:
        parse_ruleset(FACTORS.replace("special_officer = 2", "chief = 2"), "t.toml")
    assert "scoring.split.author_factors[0].values.chief" in err.value.render("en")


def test_the_last_tie_breaks_stated_by_the_policy() -> None:
    base = (
        HEAD
        + """
[scoring.split]
mode = "full"
[[scoring.rules]]
id = "submitted"
event = "submitted"
points = 1
[rankings.people]
"""
    )
    b = DatasetBuilder().person("b", "member").person("a", "member").person("c", "member")
    b.piece("x1", "b", submitted="2024-02-01")
    b.piece("x2", "a", submitted="2024-03-01")
    b.piece("x3", "c", submitted="2024-01-15")
    ds = b.build()
    shared = assess(parse_ruleset(base + 'order = ["points"]\n', "t.toml"), ds, 2024)
    assert {p.id: p.rank for p in shared.people} == {"a": 1, "b": 1, "c": 1}
    by_id = assess(parse_ruleset(base + 'order = ["points", "id"]\n', "t.toml"), ds, 2024)
    assert [(p.id, p.rank) for p in by_id.people] == [("a", 1), ("b", 2), ("c", 3)]
    first = assess(
        parse_ruleset(base + 'order = ["points", "earliest_submission"]\n', "t.toml"), ds, 2024
    )
    # c submitted first (1-15), then b (2-01), then a (3-01)
    assert [(p.id, p.rank) for p in first.people] == [("c", 1), ("b", 2), ("a", 3)]
    assert first.person("c").points == Fraction(1)


def test_a_tier_may_require_the_quotas_while_lower_tiers_do_not() -> None:
    """未完成任务指标的不得评为优秀（仍可评为称职）."""
    rs = parse_ruleset(
        HEAD
        + """
[scoring.split]
mode = "full"
[[scoring.rules]]
id = "adopted"
event = "adopted"
points = 50
[[bases]]
id = "base"
entity = "person"
points = 40
[[quotas]]
id = "q"
entity = "person"
roles = ["member"]
metric = "submitted"
min = 2
[[grades]]
id = "g"
entity = "person"
tiers = [
  { label = "优秀", min_points = 85, require_quotas_met = true },
  { label = "称职", min_points = 60 },
  { label = "不称职" },
]
""",
        "t.toml",
    )
    b = DatasetBuilder().person("a", "member").person("b", "member")
    b.piece("a1", "a", submitted="2024-03-01").piece("a2", "a", submitted="2024-03-02")
    b.piece("b1", "b", submitted="2024-03-01")
    b.event("a1", "adopted", "2024-04-01", body="cppcc-city")
    b.event("b1", "adopted", "2024-04-01", body="cppcc-city")
    a = assess(rs, b.build(), 2024)
    # both 40 + 50 = 90; a met the quota (2 pieces) → 优秀; b did not (1) → 称职
    assert (a.person("a").points, a.person("a").award) == (90, "优秀")
    assert (a.person("b").points, a.person("b").award) == (90, "称职")


def test_a_penalty_flag_beside_a_flag_makes_the_output_1_1() -> None:
    """Several flags are possible (a 谈话 flag and a penalty's 警告): sqmy-assessment/1.1."""
    from sqmy_core.scoring.assess import output_version

    one = HEAD + """
[scoring.split]
mode = "full"
[[scoring.rules]]
id = "s"
event = "submitted"
points = 1
[[flags]]
id = "low"
below_points = 1
"""
    assert output_version(parse_ruleset(one, "t.toml")) == "1"
    two = one + """
[[penalties]]
id = "pen"
kinds = ["plagiarism"]
steps = [{ points = 0, flag = "warned" }]
"""
    assert output_version(parse_ruleset(two, "t.toml")) == "1.1"
