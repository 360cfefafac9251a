"""The assessment writers give ``json.dumps(doc, ensure_ascii=False, indent=2)``, byte for byte.

Two writers make the text (:mod:`sqmy_core.interchange.assessment`): the
standard-library one and, for large documents when the ``scale`` extra is
installed, msgspec's.  Both are compared with ``json.dumps`` on every example
ruleset's assessment, on a synthetic city and on random assessments (huge
points, lone surrogates, Chinese text), and so is what ``sqmy assess --format
json`` writes to standard output.
"""

from __future__ import annotations

import io
import json
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sqmy_core.cli.assess_cmd import write_json
from sqmy_core.interchange.assessment import (
    assessment_json_bytes,
    assessment_to_doc,
    assessment_to_json,
    rounded,
)
from sqmy_core.interchange.dataset import parse_dataset
from sqmy_core.rules.declared import declarations_of
from sqmy_core.scoring.assess import assess
from sqmy_core.scoring.result import Assessment, EntityResult, Stats
from sqmy_core.scoring.rounding import round_half_up
from sqmy_core.tools.synth import generate
from sqmy_core.workspace.files import load_ruleset, read_dataset_with

REPO = Path(__file__).resolve().parents[2]
NEVER: int = 10**12
"""A ``fast_from`` no assessment reaches: the standard-library writer only."""


def expected(a: Assessment) -> bytes:
    return json.dumps(assessment_to_doc(a), ensure_ascii=False, indent=2).encode("utf-8")


def assert_every_writer_gives_json_dumps(a: Assessment) -> None:
    want = expected(a)
    assert assessment_to_json(a).encode("utf-8") == want
    assert assessment_json_bytes(a, fast_from=NEVER) == want
    assert assessment_json_bytes(a, fast_from=0) == want  # msgspec when installed


def _synthetic(profile: str, people: int, pieces: int) -> Assessment:
    ruleset = load_ruleset(REPO / "rulesets" / f"{profile}.toml")
    doc = generate(profile, seed=7, year=2024, people=people, pieces=pieces)
    return assess(ruleset, parse_dataset(
        doc, extra_roles=ruleset.reviewer_roles, declarations=declarations_of(ruleset)
    ), 2024)




@pytest.mark.parametrize("profile", ["district", "party", "committee"])
def test_example_rulesets_on_synthetic_data(profile: str) -> None:
    assert_every_writer_gives_json_dumps(_synthetic(profile, 120, 400))


@pytest.mark.parametrize("name", ["county_office", "duty"])
def test_example_rulesets_on_their_example_data(name: str) -> None:
    ruleset = load_ruleset(REPO / "rulesets" / f"{name}.toml")
    dataset = read_dataset_with(ruleset, REPO / "rulesets" / "examples" / f"{name}-2024.json")
    a = assess(ruleset, dataset, 2024)
    assert a.people
    assert_every_writer_gives_json_dumps(a)


def test_a_synthetic_city() -> None:
    a = _synthetic("district", 3600, 14000)
    assert len(a.people) + len(a.units) > 2000  # large enough for msgspec by default
    want = expected(a)
    assert assessment_json_bytes(a) == want
    assert assessment_to_json(a).encode("utf-8") == want


fractions = st.fractions(max_denominator=10**6) | st.builds(
    Fraction, st.integers(min_value=-(10**400), max_value=10**400), st.integers(1, 10**3)
)


@settings(max_examples=300, deadline=None)
@given(fractions, st.sampled_from([2, 4]))
def test_rounding_is_round_half_up_as_a_float(value: Fraction, places: int) -> None:
    assert rounded(value, places) == float(round_half_up(value, places))
    assert str(rounded(value, places)) == str(float(round_half_up(value, places)))


names = st.text(max_size=6) | st.sampled_from(["张三", "先进个人", "a\u2028b", "\x00\x1f\"\\", "\ud800"])


@st.composite
def entities(draw: st.DrawFn, entity: str) -> EntityResult:
    keys = st.lists(names, max_size=3, unique=True)
    sections = draw(st.none() | keys.map(lambda ks: {k: Fraction(len(k), 3) for k in ks}))
    amounts = draw(st.none() | st.dictionaries(names, fractions, max_size=2))
    return EntityResult(
        id=draw(names),
        name=draw(names),
        entity=entity,  # type: ignore[arg-type]
        group=None,
        points=draw(fractions),
        rank=draw(st.integers(1, 10**6)),
        adopted_pieces=draw(st.integers(0, 10**4)),
        quotas_met=draw(st.booleans()),
        quotas=(),
        flags=tuple(draw(st.lists(names, max_size=3))),
        award=draw(st.none() | names),
        counts={},
        sections=sections,
        amounts=amounts,
        grade=draw(st.none() | names),
    )


@st.composite
def assessments(draw: st.DrawFn) -> Assessment:
    counts = {k: draw(st.integers(0, 10**6)) for k in
              ("submitted", "approved", "adopted", "instructed", "implemented")}  # fmt: skip
    return Assessment(
        organization=draw(names),
        title=draw(names),
        year=2024,
        people=tuple(draw(st.lists(entities("person"), max_size=4))),
        units=tuple(draw(st.lists(entities("unit"), max_size=3))),
        overdue=tuple(draw(st.lists(names, max_size=2))),
        stats=Stats(counts, draw(st.none() | fractions), draw(st.none() | fractions)),
        version=draw(st.sampled_from(["1", "1.1"])),
    )


@settings(max_examples=150, deadline=None)
@given(assessments())
def test_random_assessments(a: Assessment) -> None:
    want = json.dumps(assessment_to_doc(a), ensure_ascii=False, indent=2)
    assert assessment_to_json(a) == want
    for fast_from in (0, NEVER):
        try:
            got = assessment_json_bytes(a, "surrogatepass", fast_from=fast_from)
        except OverflowError:  # a number past a float's range: json.dumps says Infinity
            continue
        assert got == want.encode("utf-8", "surrogatepass")


def test_huge_points_are_written_as_json_writes_them() -> None:
    a = _synthetic("district", 40, 60)
    person = a.people[0]
    from attrs import evolve

    for points in (Fraction(10**16), Fraction(-(10**17), 3), Fraction(10**400)):
        big = evolve(a, people=(evolve(person, points=points), *a.people[1:]))
        assert_every_writer_gives_json_dumps(big)


class _Stdout(io.TextIOWrapper):
    pass


@pytest.mark.parametrize("encoding", ["utf-8", "UTF8", "gbk", "utf-16"])
def test_standard_output_gets_the_text_its_encoding_would_write(
    encoding: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = _synthetic("committee", 40, 120)
    raw = io.BytesIO()
    out = _Stdout(raw, encoding=encoding, newline="\n")
    monkeypatch.setattr(sys, "stdout", out)
    write_json(a)
    out.flush()
    assert raw.getvalue() == (assessment_to_json(a) + "\n").encode(encoding)
