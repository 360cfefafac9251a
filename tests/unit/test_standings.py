"""Live standings equal a full assessment, whatever order the events arrive in.

- built from a dataset, the standings of every assessed person and unit equal
  :func:`assess`'s points, ranks, groups, counts and sections (the example
  rulesets on synthetic data, and random rulesets of the rule model);
- built from a dataset with some events held back, then fed those events one
  by one in random order, they equal the assessment of the whole dataset;
- pieces added and withdrawn on the way are taken in and out exactly;
- the rank index gives competition ranks (1, 2, 2, 4) per class for any keys,
  also when new denominators make it rescale;
- rulesets the incremental path cannot keep say why, and are answered by a
  full recomputation.
"""

from __future__ import annotations

import random
import tomllib
from fractions import Fraction
from functools import cache
from pathlib import Path
from unittest import mock

import pytest
import tomli_w
from attrs import evolve
from hypothesis import given
from hypothesis import strategies as st

from sqmy_core.interchange import parse_dataset
from sqmy_core.model import Dataset
from sqmy_core.rules import Ruleset, load_ruleset
from sqmy_core.rules.load import parse_ruleset
from sqmy_core.scoring import assess
from sqmy_core.scoring.rank_index import RankIndex
from sqmy_core.scoring.ranking import ranks_by_class
from sqmy_core.scoring.standings import Standing, Standings, from_assessment
from sqmy_core.scoring.standings_support import supported, unsupported_reasons
from sqmy_core.tools.synth import REVIEWER_ROLES, generate
from tests.unit.test_rule_model_properties import SETTINGS, datasets, ruleset_texts

RULESETS = Path(__file__).resolve().parents[2] / "rulesets"
PROFILES = ["district", "party", "committee"]


@cache
def ruleset_of(profile: str) -> Ruleset:
    return load_ruleset(RULESETS / f"{profile}.toml")


@cache
def synthetic(profile: str, seed: int) -> Dataset:
    doc = generate(profile, seed=seed, year=2024)
    return parse_dataset(doc, extra_roles=REVIEWER_ROLES[profile])


def live(standings: Standings) -> dict[tuple[str, str], Standing]:
    return {(kind, ident): s for kind in ("person", "unit") for ident, s in
            standings.all(kind).items()}  # fmt: skip


def full(rs: Ruleset, ds: Dataset, year: int) -> dict[tuple[str, str], Standing]:
    return from_assessment(assess(rs, ds, year))


def held_back(ds: Dataset, rnd: random.Random, share: float) -> tuple[Dataset, list]:  # type: ignore[type-arg]
    """The dataset without a random share of its events, and those events shuffled."""
    events = list(ds.events)
    later = [e for e in events if rnd.random() < share]
    ids = {id(e) for e in later}
    rnd.shuffle(later)
    return evolve(ds, events=tuple(e for e in events if id(e) not in ids)), later


@pytest.mark.parametrize("profile", PROFILES)
def test_example_rulesets_are_kept_incrementally(profile: str) -> None:
    assert supported(ruleset_of(profile)), unsupported_reasons(ruleset_of(profile))


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("year", [2023, 2024])
def test_built_standings_equal_the_assessment(profile: str, year: int) -> None:
    rs, ds = ruleset_of(profile), synthetic(profile, 7)
    standings = Standings(rs, ds, year)
    expected = full(rs, ds, year)
    assert expected and live(standings) == expected
    assert any(s.points for s in expected.values())


@pytest.mark.parametrize("profile", PROFILES)
def test_events_fed_one_by_one_in_any_order_equal_the_assessment(profile: str) -> None:
    rs, ds = ruleset_of(profile), synthetic(profile, 8)
    rnd = random.Random(profile)
    start, later = held_back(ds, rnd, 0.4)
    standings = Standings(rs, start, 2024)
    assert live(standings) != full(rs, ds, 2024)  # what was held back matters
    for i, ev in enumerate(later):
        standings.apply(ev)
        if i % 97 == 0:  # on the way too, against the events fed so far
            assert live(standings) == full(rs, standings.as_dataset(), 2024)
    assert live(standings) == full(rs, ds, 2024)


@pytest.mark.parametrize("profile", PROFILES)
def test_pieces_put_and_dropped_are_taken_in_and_out(profile: str) -> None:
    rs, ds = ruleset_of(profile), synthetic(profile, 9)
    rnd = random.Random(9)
    pieces = list(ds.pieces)
    late = rnd.sample(pieces, len(pieces) // 5)
    late_ids = {p.id for p in late}
    start = evolve(
        ds,
        pieces=tuple(p for p in pieces if p.id not in late_ids),
        events=tuple(e for e in ds.events if e.piece not in late_ids),
    )
    standings = Standings(rs, start, 2024)
    for piece in late:
        standings.put_piece(piece, [e for e in ds.events if e.piece == piece.id])
    assert live(standings) == full(rs, ds, 2024)
    gone = rnd.sample(sorted(late_ids), 5)
    for piece_id in gone:
        standings.drop_piece(piece_id)
    rest = evolve(
        ds,
        pieces=tuple(p for p in ds.pieces if p.id not in gone),
        events=tuple(e for e in ds.events if e.piece not in gone),
    )
    assert live(standings) == full(rs, rest, 2024)


def test_an_unknown_entity_has_no_standing() -> None:
    standings = Standings(ruleset_of("district"), synthetic("district", 7), 2024)
    assert standings.standing("person", "nobody") is None
    with pytest.raises(KeyError):
        standings.apply(evolve(synthetic("district", 7).events[0], piece="nowhere"))


def _piecewise(text: str) -> str:
    """The ruleset without what reaches beyond one entity's own pieces and records."""
    doc = tomllib.loads(text)
    for key in ("penalties", "period_points", "unit_points"):
        doc.pop(key, None)
    return tomli_w.dumps(doc)


@SETTINGS
@given(
    ruleset_texts(), datasets(), st.randoms(use_true_random=False), st.booleans(), st.booleans()
)
def test_random_rulesets_fed_in_random_order_equal_the_assessment(
    text: str, ds: Dataset, rnd: random.Random, piecewise: bool, grow: bool
) -> None:
    rs = parse_ruleset(_piecewise(text) if piecewise else text, "random.toml")
    if piecewise:
        assert supported(rs), unsupported_reasons(rs)
    # a credit scale of 1 must grow with most shares: the growth path, exercised throughout
    with mock.patch.object(Standings, "START_SCALE", 1 if grow else Standings.START_SCALE):
        fed_in_random_order(rs, ds, rnd)


def fed_in_random_order(rs: Ruleset, ds: Dataset, rnd: random.Random) -> None:
    """Built without a random 60 % of the events, which are then applied shuffled: equal to the
    assessment before and after, in both years the data reach."""
    start, later = held_back(ds, rnd, 0.6)
    for year in (2024, 2025):
        standings = Standings(rs, start, year)
        assert live(standings) == full(rs, start, year)
        for ev in later:
            standings.apply(ev)
        assert live(standings) == full(rs, ds, year)


@pytest.mark.parametrize("profile", PROFILES)
def test_the_scale_grows_exactly_when_a_value_needs_it(profile: str) -> None:
    rs, ds = ruleset_of(profile), synthetic(profile, 8)
    start, later = held_back(ds, random.Random(3), 0.5)
    with mock.patch.object(Standings, "START_SCALE", 1):
        standings = Standings(rs, start, 2024)
        first = standings.scale
        for ev in later:
            standings.apply(ev)
    assert live(standings) == full(rs, ds, 2024)
    assert standings.scale > 1 and first > 1  # it did grow


def test_unsupported_rulesets_say_why_and_are_recomputed_in_full() -> None:
    rs = ruleset_of("district")
    for extra, word in (
        ('[[penalties]]\nid = "p"\nkinds = ["plagiarism"]\n[[penalties.steps]]\npoints = -5\n',
         "penalties"),
        ('[unit_points]\nsource = "members"\n', "members"),
    ):  # fmt: skip
        text = (RULESETS / "district.toml").read_text(encoding="utf-8")
        text += '\n[vocabulary]\npenalty_kinds = [{id = "plagiarism", name = "抄袭"}]\n'
        other = parse_ruleset(text + extra, "district.toml")
        reasons = unsupported_reasons(other)
        assert any(word in r for r in reasons) and not supported(other)
        ds = synthetic("district", 7)
        start, later = held_back(ds, random.Random(1), 0.1)
        standings = Standings(other, start, 2024)
        for ev in later:
            standings.apply(ev)
        assert live(standings) == full(other, ds, 2024)
    assert supported(rs)


keys = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c", "d", "e", "f", "g"]),
        st.tuples(
            st.fractions(min_value=-50, max_value=50, max_denominator=12),
            st.integers(0, 3),
        ),
        st.sampled_from(["x", "y"]),
    ),
    max_size=40,
)


@given(keys)
def test_the_rank_index_gives_competition_ranks_per_class(changes: list) -> None:  # type: ignore[type-arg]
    index = RankIndex()
    now: dict[str, tuple[Fraction, int]] = {}
    group: dict[str, str] = {}
    for ident, key, cls in changes:
        index.put(ident, key, cls)
        now[ident], group[ident] = key, cls
        expected = ranks_by_class(now, group)
        assert {i: index.rank(i) for i in now} == expected
