"""The columnar path equals the reference on the five example rulesets.

Synthetic data (:func:`sqmy_core.tools.synth.generate`, several seeds and
sizes) for the district, party and committee profiles, and the JSON examples
under ``rulesets/examples/`` for duty and county_office; then hand-made edge
cases: a year without events, a person without pieces, equal thirds of a
three-author piece, a cap reached across a year boundary, an event exactly
at a year's cut-off, ties in ranking.
"""

from __future__ import annotations

from fractions import Fraction
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
from sqmy_core.testing.builder import DatasetBuilder
from sqmy_core.tools.synth import generate

pytest.importorskip("polars")

from sqmy_core.scoring.columnar.assess import assess_frames
from sqmy_core.scoring.columnar.frames import frames_from_dataset
from sqmy_core.scoring.columnar.support import unsupported

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


# --- edge cases: each compares with the reference and pins the number it is about ----------

F = Fraction


def _people(b: DatasetBuilder) -> DatasetBuilder:
    return b.unit("u1", "sector").person("p1", "member", units=("u1",)).person(
        "p2", "member", units=("u1",)
    ).person("p3", "special_officer", units=("u1",))


def test_a_year_without_events_and_a_person_without_pieces() -> None:
    rs = ruleset("district")
    b = _people(DatasetBuilder()).person("p4", "member")
    b.piece("x1", "p1", submitted="2023-03-01", unit="u1")
    b.event("x1", "approved", "2023-03-05")
    ds = b.build()
    check(rs, ds, (2023, 2024))
    empty = assess_frames(rs, frames_from_dataset(ds), 2024)
    assert {p.id: p.points for p in empty.people} == dict.fromkeys(("p1", "p2", "p3", "p4"), 0)
    assert empty.person("p4").rank == 1 and empty.stats.counts["approved"] == 0


def test_equal_split_of_a_three_author_piece_gives_exact_thirds() -> None:
    rs = ruleset("committee")
    b = _people(DatasetBuilder())
    b.piece("x1", "p1", "p2", "p3", submitted="2024-03-01", unit="u1")
    b.event("x1", "approved", "2024-03-05")
    b.event("x1", "adopted", "2024-04-05", body="cppcc-city")
    ds = b.build()
    check(rs, ds, (2024,))
    got = assess_frames(rs, frames_from_dataset(ds), 2024)
    whole = assess(rs, ds, 2024).person("p1").points * 3
    assert whole.denominator == 1
    assert {p.points for p in got.people} == {whole / 3}
    assert got.person("p1").points.denominator == 3


def test_a_rule_cap_reached_across_a_year_boundary_counts_what_is_left() -> None:
    rs = ruleset("district")  # instructions: province 10 each, summed, at most 20 per piece
    b = _people(DatasetBuilder())
    b.piece("x1", "p1", submitted="2024-03-01", unit="u1")
    b.event("x1", "instructed", "2024-05-01", level="province", rank="deputy")
    b.event("x1", "instructed", "2024-12-31 23:59", level="city", rank="deputy")
    b.event("x1", "instructed", "2025-01-01 00:00", level="province", rank="deputy")
    b.event("x1", "instructed", "2025-02-01", level="province", rank="deputy")
    ds = b.build()
    check(rs, ds, (2024, 2025))
    frames = frames_from_dataset(ds)
    assert assess_frames(rs, frames, 2024).person("p1").points == 16  # 10 + 6
    assert assess_frames(rs, frames, 2025).person("p1").points == 4  # 20 - 16, then nothing


def test_events_exactly_at_a_year_cut_off_and_at_a_grace_cut_off() -> None:
    district, party = ruleset("district"), ruleset("party")
    b = _people(DatasetBuilder())
    b.piece("x1", "p1", submitted="2024-12-30", unit="u1")
    b.event("x1", "approved", "2025-01-01 00:00")
    b.piece("x2", "p2", submitted="2024-11-30", unit="u1")
    b.event("x2", "approved", "2024-12-31 23:59")
    b.event("x2", "adopted", "2025-01-01 00:00", body="cppcc-city")
    ds = b.build()
    check(district, ds, (2024, 2025))
    check(party, ds, (2024, 2025))
    frames = frames_from_dataset(ds)
    assert assess_frames(district, frames, 2024).person("p1").points == 0
    assert assess_frames(district, frames, 2025).person("p1").points == 1


def test_ties_share_a_rank_and_use_up_places() -> None:
    rs = ruleset("district")
    b = _people(DatasetBuilder()).person("p4", "member")
    for i, person in enumerate(("p1", "p2", "p4")):
        b.piece(f"x{i}", person, submitted="2024-03-01")
        b.event(f"x{i}", "approved", "2024-03-05")
        if person != "p4":
            b.event(f"x{i}", "adopted", "2024-04-05", body="cppcc-city")
    b.piece("y", "p4", submitted="2024-03-01")
    b.event("y", "approved", "2024-03-05")
    b.event("y", "instructed", "2024-06-05", level="county", rank="deputy")
    ds = b.build()
    check(rs, ds, (2024,))
    got = assess_frames(rs, frames_from_dataset(ds), 2024)
    # p1 and p2: 1 + 4 = 5 with one adoption; p4: 1 + 1 + 3 = 5 with none; p3: 0
    assert [(p.id, p.rank) for p in got.people] == [("p1", 1), ("p2", 1), ("p4", 3), ("p3", 4)]


SECTIONED = """
format = "sqmy-ruleset/2"
organization = "edge"
title = "分项与每篇封顶"
[scope]
roles = ["member"]
unit_kinds = ["sector"]
[[sections]]
id = "a"
[[sections]]
id = "b"
[scoring]
piece_cap = 3
[scoring.split]
mode = "equal"
[[scoring.rules]]
id = "first"
event = "approved"
points = 2
section = "b"
[[scoring.rules]]
id = "second"
event = "approved"
points = 2
section = "a"
[[scoring.rules]]
id = "kept"
event = "adopted"
points = 1
group = "shared"
combine = "highest"
section = "a"
[[scoring.rules]]
id = "also"
event = "adopted"
points = 5
group = "shared"
combine = "highest"
section = "b"
"""


def test_a_piece_cap_correction_lands_in_the_events_first_section() -> None:
    from sqmy_core.rules.load import parse_ruleset

    rs = parse_ruleset(SECTIONED, "edge.toml")
    assert unsupported(rs) == ()
    b = DatasetBuilder().unit("u1", "sector").person("p1", "member", units=("u1",))
    b.piece("x1", "p1", submitted="2024-03-01", unit="u1")
    b.event("x1", "approved", "2024-03-05")
    b.event("x1", "adopted", "2024-04-05", body="cppcc-city")
    ds = b.build()
    check(rs, ds, (2024,))
    got = assess_frames(rs, frames_from_dataset(ds), 2024).person("p1")
    # approval: b +2, a +2, the piece cap of 3 takes 1 back from b (the event's first section);
    # adoption: the group's highest is 1 (a) then 5 (b, +4), all 5 taken back from a
    assert got.sections == {"a": -2, "b": 5} and got.points == 3


def test_choosing_a_path_imports_no_polars() -> None:
    """Small data never pays polars' import: the engine module and the scoring package
    import it only when the columnar path runs."""
    import subprocess
    import sys

    code = (
        "import sys, sqmy_core.scoring, sqmy_core.scoring.columnar.engine as e\n"
        "from sqmy_core.rules.load import load_ruleset\n"
        f"rs = load_ruleset({str(RULESETS / 'district.toml')!r})\n"
        "assert e.choose_path(rs, 1000) == 'reference'\n"
        "assert e.choose_path(rs, 10**7) == 'columnar'\n"
        "print('polars' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_engine_declines_what_it_cannot_compute_and_falls_back() -> None:
    from attrs import evolve

    from sqmy_core.errors import ConfigurationError
    from sqmy_core.rules.spec_model import StepSpec
    from sqmy_core.scoring.columnar.engine import assess_any, assess_columnar, choose_path

    rs = ruleset("district")
    stepped = evolve(rs, steps=(StepSpec(id="s", kind="plugin_kind", stage="award"),))
    assert unsupported(stepped) == ("steps[0]: plugin step 'plugin_kind' (stage award)",)
    assert choose_path(stepped, 10**7) == "reference"
    ds = parsed(rs, generate("district", seed=9, year=2024, pieces=200))
    frames = frames_from_dataset(ds)
    with pytest.raises(ConfigurationError, match="steps\\[0\\]"):
        assess_columnar(stepped, frames, 2024)
    reference = assess(rs, ds, 2024)
    assert assess_any(rs, frames, 2024, path="reference") == reference
    assert assess_any(rs, ds, 2024, path="columnar") == reference
    assert assess_any(rs, frames, 2024) == reference
