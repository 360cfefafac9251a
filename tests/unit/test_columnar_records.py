"""The columnar path's shortcuts for large sizes give what the plain way gives.

Integer rank keys rank as the fractions do; the polars output order is
Python's; flag and quota codes give back each row's own values; the field
order that positional records rely on; each author's counts from bit masks
with an author named twice on a piece, against the reference.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from attrs import fields
from hypothesis import given, settings
from hypothesis import strategies as st

from sqmy_core.rules.spec import QuotaSpec
from sqmy_core.scoring.quotas import QuotaResult
from sqmy_core.scoring.ranking import ranks_by_class
from sqmy_core.scoring.result import EntityResult
from sqmy_core.testing.builder import DatasetBuilder
from tests.unit.test_columnar_examples import _people, check, ruleset

pytest.importorskip("polars")

import polars as pl

from sqmy_core.scoring.columnar.assess import assess_frames
from sqmy_core.scoring.columnar.frames import frames_from_dataset
from sqmy_core.scoring.columnar.records import flag_codes, in_output_order, quota_codes
from sqmy_core.scoring.columnar.results import whole_keys

values = st.one_of(
    st.integers(-5, 5),
    st.fractions(min_value=-3, max_value=3, max_denominator=12),
)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.text("abc", min_size=1, max_size=3),
                    st.tuples(values, values, st.integers(0, 3)), max_size=30),
    st.integers(1, 3),
)  # fmt: skip
def test_integer_rank_keys_give_the_fractions_ranks(keys: dict, n_classes: int) -> None:
    exact = {k: tuple(Fraction(v) for v in key) for k, key in keys.items()}
    classes = {k: hash(k) % n_classes for k in keys}
    whole = whole_keys(exact)
    assert all(isinstance(v, int) for key in whole.values() for v in key)
    assert ranks_by_class(whole, classes) == ranks_by_class(exact, classes)


def test_the_polars_output_order_is_pythons() -> None:
    ids = ["委员10", "委员9", "a", "B", "b", "_x", "é", "z1", "Z", "委", "10", "9"]
    roles = ["member", "special_officer"]
    groups = [None, "member", "special_officer", "other"] * 3
    ranks = [3, 1, 1, 2, 2, 1, 3, 1, 2, 1, 1, 2]
    table = pl.DataFrame({"id": ids, "group": groups, "rank": ranks})
    order = {r: i for i, r in enumerate(roles)}
    expected = sorted(zip(ids, groups, ranks, strict=True), key=lambda r: (
        order.get(r[1], 0) if r[1] else 0, r[2], r[0]))  # fmt: skip
    got = in_output_order(table, roles)
    assert list(got.iter_rows()) == expected


def test_flag_codes_give_each_rows_flags_back() -> None:
    flags = [[], ["talk"], ["talk", "late"], ["late", "talk"], [], ["late"], ["talk"]]
    table = pl.DataFrame({"flags": flags}, schema={"flags": pl.List(pl.Utf8)})
    codes, sets = flag_codes(table)
    assert [sets[c] for c in codes.to_list()] == [tuple(f) for f in flags]
    assert len(sets) == len({tuple(f) for f in flags})


def _quota(qid: str, period: str) -> QuotaSpec:
    return QuotaSpec(id=qid, clause="", label=qid, entity="person", metric="approved", min=2,
                     period=period)  # fmt: skip


def test_quota_codes_give_each_rows_applying_results_back() -> None:
    q0, q1 = _quota("a", "year"), _quota("b", "half")
    rows = [  # (q0 on, counts, minimums, assessed, met), (q1 ...)
        ((True, [3], [2], [True], True), (True, [1, 2], [2, 2], [True, True], False)),
        ((True, [3], [2], [True], True), (False, [1, 2], [2, 2], [True, True], False)),
        ((False, [0], [2], [True], False), (True, [2, 2], [2, 2], [True, False], True)),
        ((True, [1], [2], [True], False), (True, [1, 2], [2, 2], [True, True], False)),
        ((True, [3], [2], [True], True), (True, [1, 2], [2, 2], [True, True], False)),
    ]
    data: dict[str, list[object]] = {}
    for i, _q in enumerate((q0, q1)):
        for k, x in enumerate(("on", "c", "m", "a", "met")):
            data[f"q{i}_{x}"] = [r[i][k] for r in rows]
    codes, sets = quota_codes(pl.DataFrame(data), [(0, q0), (1, q1)])
    expected = [
        tuple(QuotaResult(quota=q.id, label=q.label, clause=q.clause, metric=q.metric,
                          min=q.min, counts=tuple(c), met=met, minimums=tuple(m),
                          assessed=tuple(a))
              for q, (on, c, m, a, met) in zip((q0, q1), r, strict=True) if on)
        for r in rows
    ]  # fmt: skip
    assert [sets[c] for c in codes.to_list()] == expected
    assert len(sets) == len(set(expected))


def test_positional_records_follow_the_field_order() -> None:
    """``records.person_records`` and ``results._ranked`` make records with positional
    arguments, in this order."""
    assert [f.name for f in fields(EntityResult)] == [
        "id", "name", "entity", "group", "points", "rank", "adopted_pieces", "quotas_met",
        "quotas", "flags", "award", "counts", "sections", "amounts", "grade", "steps",
    ]  # fmt: skip


def test_counts_of_an_author_named_twice_and_of_every_metric() -> None:
    rs = ruleset("district")
    b = _people(DatasetBuilder())
    b.piece("x1", "p1", "p1", "p2", submitted="2024-03-01", unit="u1")
    b.event("x1", "approved", "2024-03-05")
    b.event("x1", "approved", "2024-03-06")  # a repeated metric row in the same month
    b.event("x1", "adopted", "2024-04-05", body="cppcc-city")
    b.event("x1", "instructed", "2024-05-01", level="province", rank="deputy")
    b.piece("x2", "p1", submitted="2024-06-01", unit="u1")
    b.event("x2", "approved", "2024-06-05")
    ds = b.build()
    check(rs, ds, (2024,))
    got = assess_frames(rs, frames_from_dataset(ds), 2024)
    assert got.person("p1").counts["approved"] == 2
    assert got.person("p1").counts["adopted"] == 1 == got.person("p2").counts["instructed"]


@settings(max_examples=60, deadline=None)
@given(st.sets(st.tuples(st.integers(0, 12), st.sampled_from(range(9))), max_size=60),
       st.lists(st.tuples(st.sampled_from("uvwxyz"), st.integers(0, 12)), max_size=40,
                unique=True))  # fmt: skip
def test_counts_from_bit_masks_equal_the_distinct_counts(rows: set, owners: list) -> None:
    from sqmy_core.scoring.columnar.quotas import (
        entity_counts,
        entity_counts_masked,
        metric_masks,
    )

    names = ("submitted", "approved", "adopted", "instructed", "implemented", "handled",
             "dispatched", "rejected", "returned")  # fmt: skip
    metrics = pl.DataFrame(
        {"pseq": [p for p, _ in rows], "metric": [names[m] for _, m in rows]},
        schema={"pseq": pl.Int64, "metric": pl.Enum(list(names))},
    )
    who = pl.DataFrame({"owner": [o for o, _ in owners], "pseq": [p for _, p in owners]},
                       schema={"owner": pl.Utf8, "pseq": pl.Int64})  # fmt: skip
    assert entity_counts_masked(who, metric_masks(metrics), names) == entity_counts(who, metrics)
