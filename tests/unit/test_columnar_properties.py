"""The columnar path equals the reference on random rulesets and datasets of the rule model.

The rulesets and datasets are those of the rule model's own property tests
(:mod:`tests.unit.test_rule_model_properties`): sections with caps and floors,
tallies, every combine mode, rule caps, splits, bases, activities, penalties,
adjustments, points per period, total bounds, member-derived unit points,
grades and awards.  Whenever :func:`unsupported` accepts a ruleset, the two
assessments must be equal in every field, for each year.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings

from sqmy_core.model import Dataset
from sqmy_core.rules.load import parse_ruleset
from sqmy_core.scoring.assess import assess_book
from sqmy_core.scoring.book import Book
from sqmy_core.scoring.columnar.assess import assess_frames
from sqmy_core.scoring.columnar.frames import frames_from_dataset
from sqmy_core.scoring.columnar.support import unsupported
from tests.unit.test_columnar_examples import first_difference
from tests.unit.test_rule_model_properties import datasets, ruleset_texts

pytest.importorskip("polars")

SETTINGS = settings(
    max_examples=int(os.environ.get("SQMY_PROPERTY_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@SETTINGS
@given(ruleset_texts(), datasets())
def test_columnar_equals_reference_whenever_supported(text: str, ds: Dataset) -> None:
    rs = parse_ruleset(text, "random.toml")
    if unsupported(rs):
        return
    book = Book(rs, ds)
    frames = frames_from_dataset(ds)
    for year in (2023, 2024, 2025, 2026):
        ref = assess_book(book, year)
        col = assess_frames(rs, frames, year)
        assert col == ref, first_difference(ref, col)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ruleset_texts())
def test_every_random_ruleset_of_the_rule_model_is_supported(text: str) -> None:
    """Not vacuous: the generator draws only features the columnar path computes exactly."""
    assert unsupported(parse_ruleset(text, "random.toml")) == ()
