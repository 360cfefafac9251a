"""The columnar path equals the reference on the five example rulesets.

Synthetic data (:func:`sqmy_core.tools.synth.generate`, several seeds and
sizes) for the district, party and committee profiles, and the JSON examples
under ``rulesets/examples/`` for duty and county_office; then hand-made edge
cases: a year without events, a person without pieces, equal thirds of a
three-author piece, a cap reached across a year boundary, an event exactly
at a year's cut-off, ties in ranking.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from attrs import asdict

from sqmy_core.interchange import decode_dataset_bytes, parse_dataset
from sqmy_core.model import Dataset
from sqmy_core.rules.declared import declarations_of
from sqmy_core.rules.load import load_ruleset
from sqmy_core.rules.spec import Ruleset
from sqmy_core.scoring.assess import assess
from sqmy_core.scoring.result import Assessment
from sqmy_core.tools.synth import generate

pytest.importorskip("polars")

from sqmy_core.scoring.columnar.assess import assess_frames  # noqa: E402
from sqmy_core.scoring.columnar.frames import frames_from_dataset  # noqa: E402
from sqmy_core.scoring.columnar.support import unsupported  # noqa: E402

RULESETS = Path(__file__).resolve().parents[2] / "rulesets"
ALL = ("district", "party", "committee", "duty", "county_office")


def first_difference(ref: Assessment, col: Assessment) -> str:
    """The first entity (or field) in which two assessments differ, both sides shown."""
    for a, b in zip(ref.people + ref.units, col.people + col.units, strict=False):
        if a != b:
            da, db = asdict(a), asdict(b)
            keys = [k for k in da if da[k] != db[k]]
            return f"{a.entity} {a.id} / {b.id}: " + "; ".join(
                f"{k}: reference {da[k]!r} columnar {db[k]!r}" for k in keys
            )
    da, db = asdict(ref), asdict(col)
    return "; ".join(f"{k}: {da[k]!r} vs {db[k]!r}" for k in da if da[k] != db[k])


def ruleset(name: str) -> Ruleset:
    return load_ruleset(RULESETS / f"{name}.toml")


def parsed(rs: Ruleset, doc: object) -> Dataset:
    return parse_dataset(doc, extra_roles=rs.reviewer_roles, declarations=declarations_of(rs))


def check(rs: Ruleset, ds: Dataset, years: tuple[int, ...]) -> None:
    frames = frames_from_dataset(ds)
    for year in years:
        ref = assess(rs, ds, year)
        col = assess_frames(rs, frames, year)
        assert col == ref, f"{year}: {first_difference(ref, col)}"


@pytest.mark.parametrize("name", ALL)
def test_every_example_ruleset_is_supported(name: str) -> None:
    assert unsupported(ruleset(name)) == ()


@pytest.mark.parametrize("name", ("district", "party", "committee"))
@pytest.mark.parametrize(
    ("seed", "people", "pieces"), [(1, None, None), (2, None, None), (3, 300, 1500), (4, 60, 40)]
)
def test_synthetic_data_gives_the_reference_assessment(
    name: str, seed: int, people: int | None, pieces: int | None
) -> None:
    rs = ruleset(name)
    kw = {} if people is None else {"people": people, "pieces": pieces}
    ds = parsed(rs, generate(name, seed=seed, year=2024, **kw))  # type: ignore[arg-type]
    check(rs, ds, (2022, 2023, 2024, 2025))


@pytest.mark.parametrize("name", ("duty", "county_office"))
def test_the_json_examples_give_the_reference_assessment(name: str) -> None:
    rs = ruleset(name)
    doc = decode_dataset_bytes((RULESETS / "examples" / f"{name}-2024.json").read_bytes())
    check(rs, parsed(rs, doc), (2023, 2024, 2025))
