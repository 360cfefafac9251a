"""The live standings' own structures, and rulesets the example ones do not reach.

- the rank order (blocks, Fenwick tree, moves inside and across blocks) counts
  what is ahead exactly as a sorted list does, for any sequence of changes;
- every ranking order a ruleset may state (``id``, ``earliest_submission``,
  ``bonus``, a rate, a section, a metric of one's own, classes by role and unit
  kind), rule conditions and windows in force: random rulesets of the rule
  model so extended, fed random events, equal the assessment;
- values the scales cannot hold (a plugin rule kind's sevenths, a piece with
  more authors than the first credit scale covers, counts wider than the key
  width) make the standings grow and build again, still exact;
- a time is one integer that orders as instants do, whatever the offset.
"""

from __future__ import annotations

import random
import tomllib
from bisect import bisect_left
from collections.abc import Mapping
from datetime import date, datetime, timedelta, timezone
from fractions import Fraction
from typing import Any
from unittest import mock

import tomli_w
from attrs import evolve
from hypothesis import given
from hypothesis import strategies as st

from sqmy_core.model import Dataset, Event, Piece
from sqmy_core.rules.kinds import RuleContext
from sqmy_core.rules.load import parse_ruleset
from sqmy_core.scoring import rank_index
from sqmy_core.scoring.clock import YearClock
from sqmy_core.scoring.live.years import YearWindow
from sqmy_core.scoring.rank_index import RankOrder
from sqmy_core.scoring.standings import Standings
from sqmy_core.scoring.standings_support import supported
from sqmy_core.testing import DatasetBuilder
from tests.unit.test_plugin_rules import kinds_plugin, parse
from tests.unit.test_rule_model_properties import SETTINGS, datasets, ruleset_texts
from tests.unit.test_standings import fed_in_random_order, full, held_back, live

# -- the rank order ------------------------------------------------------------------------

changes = st.lists(st.tuples(st.integers(0, 30), st.integers(-20, 20)), max_size=300)


@given(changes, st.sampled_from([1, 2, 3, 2048]))
def test_the_rank_order_counts_what_is_ahead_as_a_sorted_list(moves: list[tuple[int, int]],
                                                              load: int) -> None:  # fmt: skip
    """Entity ``i`` takes key ``k``: added the first time, moved after (small loads make
    many blocks, so splits, emptied blocks and moves across blocks all happen)."""
    with mock.patch.object(rank_index, "LOAD", load):
        order = RankOrder()
        now: dict[int, int] = {}
        for ident, key in moves:
            if ident in now:
                order.move(now[ident], key)
            else:
                order.add(key)
            now[ident] = key
            expected = sorted(now.values())
            assert list(order) == expected and len(order) == len(expected)
            for probe in (*now.values(), -99, 99, key + 1):
                assert order.ahead(probe) == bisect_left(expected, probe)
        for ident in list(now)[::2]:
            order.remove(now.pop(ident))
            assert list(order) == sorted(now.values())


# -- rulesets beyond the examples ----------------------------------------------------------

ORDER_NAMES = ["id", "earliest_submission", "bonus", "adoption_rate", "county_adopted_pieces",
               "adopted_pieces", "approved"]  # fmt: skip


@st.composite
def extended_texts(draw: st.DrawFn) -> str:
    """A random piecewise ruleset with its own metric and rate, any ranking order and
    classes, and (sometimes) a rule with a condition and a window in force."""
    doc: dict[str, Any] = tomllib.loads(draw(ruleset_texts()))
    for key in ("penalties", "period_points", "unit_points"):
        doc.pop(key, None)
    doc["metrics"] = [{"id": "county_adopted", "event": "adopted", "when": {"levels": ["county"]}}]
    doc["rates"] = [{"id": "adoption_rate", "numerator": "adopted", "denominator": "submitted"}]
    names = ORDER_NAMES + [f"section:{s['id']}" for s in doc.get("sections", [])]
    people = ["points", *draw(st.lists(st.sampled_from(names), unique=True, max_size=3))]
    units = draw(st.permutations(["points", *draw(st.lists(st.sampled_from(names), unique=True,
                                                           max_size=2))]))  # fmt: skip
    doc["rankings"] = {
        "people": {"order": people, "group_by": draw(st.sampled_from(["none", "role"]))},
        "units": {"order": list(units), "group_by": draw(st.sampled_from(["none", "unit_kind"]))},
    }
    rule = doc["scoring"]["rules"][0]
    if draw(st.booleans()):
        rule["applies_from"] = date(2024, 3, 1)
    if rule["event"] == "adopted" and draw(st.booleans()):
        rule["when"] = {"bodies": ["kuaibao", "cppcc-city"]}
    return tomli_w.dumps(doc)


@SETTINGS
@given(extended_texts(), datasets(), st.randoms(use_true_random=False))
def test_random_orders_classes_and_conditions_fed_in_random_order_equal_the_assessment(
    text: str, ds: Dataset, rnd: random.Random
) -> None:
    rs = parse_ruleset(text, "random.toml")
    assert supported(rs)
    fed_in_random_order(rs, ds, rnd)


# -- scales that grow ------------------------------------------------------------------------


class Sevenths:
    """The n-th event of its type on a piece is worth n/7 (a denominator no table has)."""

    name = "test.sevenths"

    def check(self, params: Mapping[str, Any]) -> list[Any]:
        return []

    def value(self, params: Mapping[str, Any], event: Event, context: RuleContext) -> Fraction:
        return Fraction(1 + sum(e.type == event.type for e in context.history), 7)


SEVENTHS = {"sevenths": kinds_plugin("sevenths", Sevenths())}


def _plugin_dataset() -> Dataset:
    b = DatasetBuilder().unit("u1", "sector")
    for i in range(3):
        b.person(f"p{i}", "member", units=("u1",))
    for k in range(6):
        b.piece(f"x{k}", *[f"p{i}" for i in range(k % 3 + 1)], submitted=f"2024-02-0{k + 1}",
                unit="u1")  # fmt: skip
        for d in range(k % 4 + 1):
            b.event(f"x{k}", "adopted", f"2024-0{d + 3}-1{k} 10:00", body="cppcc-city")
    return b.build()


def test_a_plugin_value_the_ledger_scale_cannot_hold_grows_it() -> None:
    from sqmy_core.plugins import ruleset_extensions

    rs = parse(
        '[[scoring.rules]]\nid = "s"\nevent = "adopted"\nkind = "test.sevenths"\ncombine = "sum"\n',
        '["sevenths"]',
        extensions_for=lambda names: ruleset_extensions(names, available=SEVENTHS),
    )
    ds = _plugin_dataset()
    start, later = held_back(ds, random.Random(4), 0.5)
    standings = Standings(rs, start, 2024)
    assert standings.ledger_scale % 7 == 0
    for ev in later:
        standings.apply(ev)
    assert live(standings) == full(rs, ds, 2024)
    assert any(s.points.denominator % 7 == 0 for s in live(standings).values())


def test_a_piece_with_shares_the_credit_scale_lacks_grows_it() -> None:
    from tests.unit.test_standings import ruleset_of, synthetic

    rs, ds = ruleset_of("district"), synthetic("district", 7)
    people = [p.id for p in ds.people if "member" in p.roles][:14]
    assert len(people) == 14
    standings = Standings(rs, ds, 2024)
    before = standings.credit_scale
    piece = evolve(ds.pieces[0], id="many", authors=tuple(people))  # 0.4/13 = 2/65 each but one
    events = [evolve(e, piece="many") for e in ds.events if e.piece == ds.pieces[0].id]
    standings.put_piece(piece, events)
    assert standings.credit_scale % 13 == 0 and standings.credit_scale > before
    grown = evolve(ds, pieces=(*ds.pieces, piece), events=(*ds.events, *events))
    assert live(standings) == full(rs, grown, 2024)


def test_a_count_wider_than_the_key_width_widens_it() -> None:
    from tests.unit.test_standings import ruleset_of, synthetic

    rs, ds = ruleset_of("district"), synthetic("district", 8)
    first, *rest = ds.pieces
    start = evolve(ds, pieces=(first,), events=tuple(e for e in ds.events if e.piece == first.id))
    with mock.patch.object(Standings, "COUNT_BITS", 1):
        standings = Standings(rs, start, 2024)
        width = standings.count_width
        for piece in rest:
            standings.put_piece(piece, [e for e in ds.events if e.piece == piece.id])
        assert standings.count_width > width > len(start.pieces)
    assert live(standings) == full(rs, ds, 2024)


# -- times ---------------------------------------------------------------------------------

instants = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1),
                        timezones=st.sampled_from([timezone(timedelta(hours=h, minutes=m))
                                                   for h, m in ((8, 0), (0, 0), (-5, 0), (5, 45))]))  # fmt: skip


@given(instants, instants)
def test_a_time_is_one_integer_that_orders_as_instants_do(a: datetime, b: datetime) -> None:
    from sqmy_core.rules import load_ruleset
    from tests.unit.test_standings import RULESETS

    window = YearWindow(YearClock(load_ruleset(RULESETS / "district.toml").year), 2024)
    ta, tb = window.micros(a), window.micros(b)
    assert (ta < tb) == (a < b) and (ta == tb) == (a == b)
    assert (window.lo <= ta < window.hi) == (a.astimezone(window.tz).year == 2024)


def test_the_piece_record_of_a_part_is_the_one_put() -> None:
    from tests.unit.test_standings import ruleset_of, synthetic

    rs, ds = ruleset_of("district"), synthetic("district", 7)
    standings = Standings(rs, ds, 2024)
    piece: Piece = ds.pieces[3]
    moved = evolve(piece, unit=None)
    standings.put_piece(moved, [e for e in ds.events if e.piece == piece.id])
    assert standings.parts.parts[piece.id].piece == moved
    changed = evolve(ds, pieces=tuple(moved if p.id == piece.id else p for p in ds.pieces))
    assert live(standings) == full(rs, changed, 2024)
