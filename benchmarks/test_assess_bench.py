"""How long a year-end assessment takes, from a parsed dataset and end to end.

Run with ``make bench``.  Sizes: a county (default demo size), and a city of
about 20 counties.  Timings are reported by pytest-benchmark, never asserted.
"""

from __future__ import annotations

import json

import pytest

from sqmy_core.interchange import decode_dataset_bytes, parse_dataset
from sqmy_core.rules import load_ruleset
from sqmy_core.scoring import Book, assess_book
from sqmy_core.tools.synth import REVIEWER_ROLES, generate

from .conftest import RULESETS

SIZES = {"county": (180, 700), "city": (3600, 14000)}


@pytest.fixture(scope="module", params=sorted(SIZES))
def district_bytes(request: pytest.FixtureRequest) -> tuple[str, bytes]:
    people, pieces = SIZES[request.param]
    doc = generate("district", seed=7, year=2024, people=people, pieces=pieces)
    return request.param, json.dumps(doc, ensure_ascii=False).encode("utf-8")


def test_parse_dataset(benchmark, district_bytes):  # type: ignore[no-untyped-def]
    _, data = district_bytes
    roles = REVIEWER_ROLES["district"]
    benchmark(lambda: parse_dataset(decode_dataset_bytes(data, source="bench"),
                                    extra_roles=roles))


def test_assess_year(benchmark, district_bytes):  # type: ignore[no-untyped-def]
    _, data = district_bytes
    ruleset = load_ruleset(RULESETS / "district.toml")
    dataset = parse_dataset(decode_dataset_bytes(data, source="bench"),
                            extra_roles=ruleset.reviewer_roles)
    benchmark(lambda: assess_book(Book(ruleset, dataset), 2024))
