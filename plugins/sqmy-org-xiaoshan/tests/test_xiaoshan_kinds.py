"""The two rule kinds on their own: what their params may be, and what an event is worth.

Everything here calls the kinds directly (no ruleset, no entry point); the
ruleset and CLI tests check that the core wires them up the same way.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from fractions import Fraction
from typing import Any

import pytest
from sqmy_org_xiaoshan import plugin
from sqmy_org_xiaoshan.kinds import GroupActivityBonus, MultiAdoptionBonus, bodies_at_or_above

from sqmy_core import Event, Piece, Problem, RuleContext, RuleKind

BJ = timezone(timedelta(hours=8))
T0 = datetime(2024, 3, 1, 9, 0, tzinfo=BJ)
MULTI = MultiAdoptionBonus()
GROUP = GroupActivityBonus()


def adopted(body: str, day: int = 10) -> Event:
    return Event(piece="x", type="adopted", at=T0 + timedelta(days=day), body=body)


def context(*history: Event, call: str | None = None) -> RuleContext:
    piece = Piece("x", "标题", ("p001",), T0, call=call)
    submitted = Event(piece="x", type="submitted", at=T0)
    return RuleContext(piece, "call" if call else None, (submitted, *history))


def codes(problems: list[Problem]) -> list[tuple[str, str]]:
    return [(pr.path, pr.code) for pr in problems]


# -- the plugin's hook ---------------------------------------------------------


def test_sqmy_rule_kinds_gives_both_kinds_prefixed_by_the_plugin() -> None:
    kinds = plugin.sqmy_rule_kinds()
    assert [k.name for k in kinds] == [
        "xiaoshan.multi_adoption_bonus",
        "xiaoshan.group_activity_bonus",
    ]
    assert all(isinstance(k, RuleKind) for k in kinds)


def test_bodies_by_level() -> None:
    assert set(bodies_at_or_above("national")) == {"cppcc-national", "party-central"}
    assert len(bodies_at_or_above("county")) == 10
    assert "cppcc-county" not in bodies_at_or_above("city")


# -- xiaoshan.multi_adoption_bonus: params -------------------------------------

MULTI_PARAMS: list[tuple[Mapping[str, Any], list[tuple[str, str]]]] = [
    ({"bodies": 2, "points": 3}, []),
    ({"bodies": 2, "points": 0.5, "min_level": "national"}, []),
    ({"bodies": 5, "points": 3, "min_level": "province"}, []),
    ({}, [("points", "missing"), ("bodies", "missing")]),
    ({"bodies": 2.0, "points": 3}, [("bodies", "wrong_type")]),
    ({"bodies": True, "points": 3}, [("bodies", "wrong_type")]),
    ({"bodies": "2", "points": 3}, [("bodies", "wrong_type")]),
    ({"bodies": 1, "points": 3}, [("bodies", "out_of_range")]),
    ({"bodies": 11, "points": 3}, [("bodies", "out_of_range")]),
    ({"bodies": 6, "points": 3, "min_level": "province"}, [("bodies", "out_of_range")]),
    ({"bodies": 2, "points": 0}, [("points", "not_positive")]),
    ({"bodies": 2, "points": -1.5}, [("points", "not_positive")]),
    ({"bodies": 2, "points": "3"}, [("points", "wrong_type")]),
    ({"bodies": 2, "points": math.inf}, [("points", "wrong_type")]),
    ({"bodies": 2, "points": math.nan}, [("points", "wrong_type")]),
    ({"bodies": 2, "points": 3, "min_level": "town"}, [("min_level", "unknown_value")]),
    ({"bodies": 2, "points": 3, "min_level": 2}, [("min_level", "wrong_type")]),
    ({"bodies": 2, "points": 3, "body": "cppcc-city"}, [("body", "unknown_key")]),
]


@pytest.mark.parametrize(("params", "expected"), MULTI_PARAMS)
def test_multi_adoption_params(params: Mapping[str, Any], expected: list[tuple[str, str]]) -> None:
    assert codes(MULTI.check(params)) == expected


def test_multi_adoption_params_messages_name_range_and_value() -> None:
    (problem,) = MULTI.check({"bodies": 6, "points": 3, "min_level": "province"})
    # province or higher: 省政协、全国政协、党派省委、党派中央、省委办公厅 = 5 bodies
    assert problem.render("zh") == "bodies: 应在 2 到 5 之间，实际为 6"
    assert problem.render("en") == "bodies: expected a value from 2 to 5, got 6"
    (problem,) = MULTI.check({"bodies": 2, "points": "3"})
    assert problem.render("zh") == "points: 应为数值，实际为 '3'"
    (problem,) = MULTI.check({"bodies": 2, "points": 3, "min_level": "town"})
    assert problem.render("en") == (
        "min_level: unknown level 'town' (expected one of: county, city, province, national)"
    )
    (problem,) = MULTI.check({"bodies": True, "points": 3})
    assert problem.render("en") == "bodies: expected an integer, got true"


# -- xiaoshan.multi_adoption_bonus: values -------------------------------------

CITY = {"bodies": 2, "points": 3, "min_level": "city"}


@pytest.mark.parametrize(
    ("params", "history", "body", "expected"),
    [
        # the first adoption: one body so far
        (CITY, [], "cppcc-city", None),
        # 县政协 is below min_level: city + county is still one counting body
        (CITY, ["cppcc-county"], "cppcc-city", None),
        # ... but without min_level every level counts
        ({"bodies": 2, "points": 3}, ["cppcc-county"], "cppcc-city", Fraction(3)),
        # the same body twice is one body
        (CITY, ["cppcc-city"], "cppcc-city", None),
        # 党派市委 and 市政协: two city-level bodies
        (CITY, ["party-city"], "cppcc-city", Fraction(3)),
        # two bodies already, but this adoption is by a county body: it does not count
        (CITY, ["cppcc-city", "cppcc-province"], "cppcc-county", None),
        # three bodies needed; points exact as written (1.5, not a binary float)
        (
            {"bodies": 3, "points": 1.5},
            ["cppcc-city", "party-city"],
            "cppcc-province",
            Fraction(3, 2),
        ),
        ({"bodies": 3, "points": 1.5}, ["cppcc-city"], "cppcc-province", None),
        # an unknown body never counts
        ({"bodies": 2, "points": 3}, ["cppcc-city"], "newspaper", None),
        ({"bodies": 2, "points": 0.1}, ["cppcc-city"], "cppcc-national", Fraction(1, 10)),
    ],
)
def test_multi_adoption_value(
    params: Mapping[str, Any], history: list[str], body: str, expected: Fraction | None
) -> None:
    earlier = [adopted(b, day=i) for i, b in enumerate(history, start=1)]
    assert MULTI.value(params, adopted(body, day=30), context(*earlier)) == expected


def test_multi_adoption_counts_only_adopted_events() -> None:
    approved = Event(piece="x", type="approved", at=T0, body="cppcc-city")
    assert MULTI.value(CITY, approved, context(adopted("party-city"))) is None
    dispatched = Event(piece="x", type="dispatched", at=T0, route="direct", to="cppcc-city")
    assert MULTI.value(CITY, adopted("party-city"), context(dispatched)) is None


# -- xiaoshan.group_activity_bonus ---------------------------------------------

GROUP_PARAMS: list[tuple[Mapping[str, Any], list[tuple[str, str]]]] = [
    ({"points": 1, "call_prefix": "xz-group-"}, []),
    ({}, [("points", "missing"), ("call_prefix", "missing")]),
    ({"points": 1, "call_prefix": ""}, [("call_prefix", "empty")]),
    ({"points": 1, "call_prefix": "  "}, [("call_prefix", "empty")]),
    ({"points": 1, "call_prefix": 5}, [("call_prefix", "wrong_type")]),
    ({"points": True, "call_prefix": "g"}, [("points", "wrong_type")]),
    ({"points": 1, "call_prefix": "g", "call_kinds": ["call"]}, [("call_kinds", "unknown_key")]),
]


@pytest.mark.parametrize(("params", "expected"), GROUP_PARAMS)
def test_group_activity_params(params: Mapping[str, Any], expected: list[tuple[str, str]]) -> None:
    assert codes(GROUP.check(params)) == expected


def test_group_activity_unknown_key_lists_the_allowed_ones() -> None:
    (problem,) = GROUP.check({"points": 1, "call_prefix": "g", "prefix": "g"})
    assert problem.render("zh") == "prefix: 未知的键 'prefix'（可用的键：points, call_prefix）"


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        ("xz-group-1-2024q1", Fraction(1)),
        ("xz-group-5-2024q4", Fraction(1)),
        ("zj-2024-01", None),
        ("XZ-GROUP-1-2024q1", None),  # ids are compared exactly
        (None, None),
    ],
)
def test_group_activity_value(call: str | None, expected: Fraction | None) -> None:
    params = {"points": 1, "call_prefix": "xz-group-"}
    approved = Event(piece="x", type="approved", at=T0)
    assert GROUP.value(params, approved, context(call=call)) == expected


def test_group_activity_points_are_exact() -> None:
    params = {"points": 0.6, "call_prefix": "xz-group-"}
    approved = Event(piece="x", type="approved", at=T0)
    assert GROUP.value(params, approved, context(call="xz-group-2-2024q2")) == Fraction(3, 5)
