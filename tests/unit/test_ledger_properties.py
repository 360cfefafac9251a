"""Properties of the points ledger that hold for any data.

- ``explain`` lines add up to the reported points, for every person and unit;
- a piece's points over all years add up to its cumulative value at the end
  (years are differences of cumulative totals, as the policies require);
- caps and "highest only" are never exceeded, whatever the order of events.
"""

from __future__ import annotations

from datetime import timedelta
from fractions import Fraction
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sqmy_core.interchange import parse_dataset
from sqmy_core.rules import Ruleset, load_ruleset
from sqmy_core.scoring import Book, assess_book
from sqmy_core.scoring.explain import explain
from sqmy_core.testing import DatasetBuilder, at
from sqmy_core.tools.synth import REVIEWER_ROLES, generate

RULESETS = Path(__file__).resolve().parents[2] / "rulesets"


@cache
def ruleset_of(profile: str) -> Ruleset:
    return load_ruleset(RULESETS / f"{profile}.toml")


@pytest.mark.parametrize("profile", ["district", "party", "committee"])
def test_explanations_add_up_to_the_points(profile: str) -> None:
    ruleset = ruleset_of(profile)
    doc = generate(profile, seed=11, year=2024)
    book = Book(ruleset, parse_dataset(doc, extra_roles=REVIEWER_ROLES[profile]))
    result = assess_book(book, 2024)
    for entity, pool in (("person", result.people), ("unit", result.units)):
        for r in pool:
            ex = explain(book, 2024, entity, r.id, result)  # type: ignore[arg-type]
            assert ex.base_points + sum((ln.points for ln in ex.lines), Fraction(0)) == r.points


BODIES = [
    "cppcc-county",
    "cppcc-city",
    "cppcc-province",
    "cppcc-national",
    "party-city",
    "party-central",
    "cpc-province-office",
]
event = st.one_of(
    st.tuples(st.just("adopted"), st.sampled_from(BODIES)),
    st.tuples(
        st.just("instructed"),
        st.sampled_from(["county", "city", "province", "national"]),
        st.sampled_from(["principal", "deputy"]),
    ),
    st.tuples(st.just("handled"), st.sampled_from(["implemented", "under_study", "declined"])),
    st.tuples(st.just("approved")),
)


@settings(max_examples=60, deadline=None)
@given(
    profile=st.sampled_from(["district", "party", "committee"]),
    events=st.lists(st.tuples(st.integers(0, 900), event), max_size=12),
)
def test_years_are_differences_of_cumulative_totals(profile: str, events: list) -> None:  # type: ignore[type-arg]
    ruleset = ruleset_of(profile)
    b = DatasetBuilder().unit("u", "sector").person("a", "member", units=("u",))
    b.piece("x", "a", submitted="2024-06-01 09:00", unit="u")
    start = at("2024-06-01 09:00")
    for day, ev in sorted(events, key=lambda e: e[0]):
        when = (start + timedelta(days=day, hours=1)).isoformat()
        if ev[0] == "adopted":
            b.event("x", "adopted", when, body=ev[1])
        elif ev[0] == "instructed":
            b.event("x", "instructed", when, level=ev[1], rank=ev[2])
        elif ev[0] == "handled":
            b.event("x", "handled", when, outcome=ev[1])
        else:
            b.event("x", "approved", when)
    book = Book(ruleset, b.build())
    per_year = [sum((ln.delta for ln in book.lines_in(y)), Fraction(0)) for y in (2024, 2025, 2026)]
    total = sum((ln.delta for ln in book.ledger), Fraction(0))
    assert sum(per_year) == total
    by_rule: dict[str, Fraction] = {}
    for ln in book.ledger:
        by_rule[ln.rule] = by_rule.get(ln.rule, Fraction(0)) + ln.delta
    for rule in ruleset.scoring.rules:
        value = by_rule.get(rule.id, Fraction(0))
        if rule.cap is not None:
            assert value <= rule.cap
        if rule.combine in ("once", "highest") and rule.values:
            assert value <= max(rule.values.values()) * max(
                (rule.rank_multiplier or {}).values(), default=Fraction(1)
            ) or value <= (rule.points or 0)
