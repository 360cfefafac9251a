"""The labelled title pairs: the set is what docs/similar.md says, and the matcher keeps its figures.

The floors are what ``python -m benchmarks.similar`` measured at the chosen
threshold (precision 88.5 %, recall 23.1 %, 46 of 47 re-written titles),
less a small margin: a change to the matcher that loses them fails here.
The figures in the docs are checked against a fresh run too.
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

from benchmarks import similar as bench

PAIRS = bench.load_pairs()


def test_the_set_has_enough_varied_pairs_of_each_kind() -> None:
    assert len(PAIRS) >= 300
    assert len({frozenset((p.left, p.right)) for p in PAIRS}) == len(PAIRS)  # no pair twice
    kinds = Counter(p.kind for p in PAIRS)
    assert set(kinds) == set(bench.KINDS)
    assert all(n >= 30 for n in kinds.values()), kinds
    assert {p.same for p in PAIRS if p.kind in bench.KINDS[:3]} == {True}
    assert {p.same for p in PAIRS if p.kind in bench.KINDS[3:]} == {False}
    assert len({t for p in PAIRS for t in (p.left, p.right)}) >= 200


def test_precision_and_recall_at_the_chosen_threshold_keep_their_floor() -> None:
    v = bench.verdict(bench.indel_scores(PAIRS), PAIRS, bench.CHOSEN)
    assert v.precision >= Fraction(85, 100), float(v.precision)
    assert v.recall >= Fraction(20, 100), float(v.recall)
    near, total = v.by_kind["near_duplicate"]
    assert near >= total - 3, (near, total)
    assert v.by_kind["unrelated"][0] == 0 and v.by_kind["same_domain"][0] == 0


def test_a_higher_threshold_never_calls_more_pairs_similar() -> None:
    scores = bench.indel_scores(PAIRS)
    called = [bench.verdict(scores, PAIRS, t).tp + bench.verdict(scores, PAIRS, t).fp for t in bench.THRESHOLDS]
    assert called == sorted(called, reverse=True)


def test_the_figures_in_the_docs_come_from_a_run_of_this_set() -> None:
    doc = bench.DOC.read_text(encoding="utf-8")
    measured = doc[doc.index(bench.BEGIN) : doc.index(bench.END)]
    v = bench.verdict(bench.indel_scores(PAIRS), PAIRS, bench.CHOSEN)
    assert f"精确率 precision **{bench._pct(v.precision)}**（{v.tp} / {v.tp + v.fp}）" in measured
    assert f"召回率 recall **{bench._pct(v.recall)}**（{v.tp} / {v.tp + v.fn}）" in measured
    assert f"标注集 Labelled set: {len(PAIRS)} 对 pairs" in measured
