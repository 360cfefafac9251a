"""The similar-topic matcher on known pairs: exact scores, the window, the states, the order."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sqmy_core.rules.spec_similar import SimilarSpec
from sqmy_core.testing import DatasetBuilder
from sqmy_core.workflow.similar import (
    Candidate,
    SimilarMatch,
    candidates_from_dataset,
    describe,
    find_similar,
    piece_score,
    similar_lines,
    text_score,
)
from tests.unit.test_similar_rules import HEAD

BJ = timezone(timedelta(hours=8))
T0 = datetime(2024, 6, 1, 9, 0, tzinfo=BJ)
RURAL_CARE = "关于加强农村养老服务的建议"
RURAL_CARE_AGAIN = "关于进一步加强农村养老服务工作的建议"
RURAL_ROADS = "关于加强农村道路安全的建议"


def spec(**kw: object) -> SimilarSpec:
    return SimilarSpec(threshold=Fraction(4, 5), **kw)  # type: ignore[arg-type]


def cand(piece: str, title: str, days_before: float, status: str = "approved", **kw: object) -> Candidate:
    return Candidate(piece, title, T0 - timedelta(days=days_before), status, **kw)  # type: ignore[arg-type]


def test_scores_are_exact_shares_of_the_characters_kept() -> None:
    # 13 and 18 characters; 13 in common in order: 1 − (13 + 18 − 2·13) / 31 = 26/31
    assert text_score(RURAL_CARE, RURAL_CARE_AGAIN) == Fraction(26, 31)
    assert text_score(RURAL_CARE, RURAL_CARE) == 1
    assert text_score("养老", "交通") == 0
    assert text_score("", "") == 0
    # full-width letters and digits fold, whitespace is not a character of the topic
    assert text_score("关于５Ｇ基站 建设的建议", "关于5G基站建设的建议") == 1
    assert text_score(RURAL_CARE, RURAL_ROADS) < Fraction(4, 5) <= text_score(RURAL_CARE, RURAL_CARE_AGAIN)


def test_the_body_counts_only_when_asked_and_both_pieces_have_one() -> None:
    other = Candidate("x", "完全不同的标题", T0, "approved", text="村里老人没人照料，建议建设互助幸福院。")
    body = "村里老人没人照料，建议建设互助幸福院。"
    assert piece_score(spec(), "关于农村养老的建议", body, other) < Fraction(1, 2)
    assert piece_score(spec(fields=("title", "body")), "关于农村养老的建议", body, other) == 1
    assert piece_score(spec(fields=("body",)), "x", None, other) == 0


def test_matches_in_the_window_only_adopted_first_then_by_score() -> None:
    pieces = [
        cand("old", RURAL_CARE, 800),  # outside the 730-day window
        cand("near", RURAL_CARE, 10),  # the same title: 1
        cand("adopted", RURAL_CARE_AGAIN, 20, adopted=True),  # 26/31 but adopted
        cand("roads", RURAL_ROADS, 5),  # below the threshold
        cand("gone", RURAL_CARE, 3, status="withdrawn"),  # withdrawn pieces never count by default
        cand("later", RURAL_CARE, -1),  # submitted after the moment asked about
    ]
    found = find_similar(spec(), RURAL_CARE, None, T0, pieces)
    assert [(m.piece, m.score) for m in found] == [("adopted", Fraction(26, 31)), ("near", 1)]
    assert [m.state for m in found] == ["adopted", "approved"]
    by_score = find_similar(spec(prefer="score"), RURAL_CARE, None, T0, pieces)
    assert [m.piece for m in by_score] == ["near", "adopted"]
    assert find_similar(spec(lookback_days=15), RURAL_CARE, None, T0, pieces)[0].piece == "near"
    assert find_similar(spec(), RURAL_CARE, None, T0, pieces, exclude="near")[0].piece == "adopted"
    assert find_similar(spec(limit=1), RURAL_CARE, None, T0, pieces)[0].piece == "adopted"
    assert find_similar(spec(enabled=False), RURAL_CARE, None, T0, pieces) == ()
    assert find_similar(None, RURAL_CARE, None, T0, pieces) == ()


def test_states_choose_which_earlier_pieces_count() -> None:
    pieces = [
        cand("a", RURAL_CARE, 1, status="rejected"),
        cand("b", RURAL_CARE, 2, status="in_review", adopted=True),
        cand("c", RURAL_CARE, 3, status="withdrawn"),
    ]
    assert [m.piece for m in find_similar(spec(states=("adopted",)), RURAL_CARE, None, T0, pieces)] == ["b"]
    assert [m.piece for m in find_similar(spec(states=("rejected", "withdrawn")), RURAL_CARE, None, T0, pieces)] == ["c", "a"]  # earlier first


def test_ties_are_broken_by_the_earlier_submission_then_the_id() -> None:
    pieces = [cand("z", RURAL_CARE, 5), cand("b", RURAL_CARE, 9), cand("a", RURAL_CARE, 5)]
    for order in (pieces, pieces[::-1]):
        assert [m.piece for m in find_similar(spec(), RURAL_CARE, None, T0, order)] == ["b", "a", "z"]


def test_a_match_reads_as_the_reviewers_see_it_in_both_languages() -> None:
    m = SimilarMatch("2024-013", RURAL_CARE, Fraction(26, 31), "approved", True, T0)
    assert describe(m) == "相似选题：2024-013《关于加强农村养老服务的建议》（已采用，相似度 0.84）"
    assert describe(m, "en") == "Similar topic: 2024-013 “关于加强农村养老服务的建议” (adopted, similarity 0.84)"
    rejected = SimilarMatch("2024-014", RURAL_ROADS, Fraction(1), "rejected", False, T0)
    assert describe(rejected).endswith("（不予上报，相似度 1.00）")


@pytest.fixture
def dataset_with_an_adopted_topic() -> tuple[object, object]:
    from sqmy_core.rules.load import parse_ruleset

    rs = parse_ruleset(HEAD + "[similar]\nthreshold = 0.8\n", "t.toml")
    b = DatasetBuilder().person("a", "member")
    b.piece("2024-001", "a", submitted="2024-03-01", title=RURAL_CARE)
    b.event("2024-001", "adopted", "2024-04-01", body="cppcc-city")
    b.piece("2024-002", "a", submitted="2024-05-01", title=RURAL_CARE_AGAIN)
    b.piece("2024-003", "a", submitted="2024-05-02", title=RURAL_ROADS)
    return rs, b.build()


def test_a_dataset_gives_candidates_folded_as_a_workspace_folds(dataset_with_an_adopted_topic: tuple[object, object]) -> None:
    rs, ds = dataset_with_an_adopted_topic
    found = {c.piece: c for c in candidates_from_dataset(rs, ds)}  # type: ignore[arg-type]
    assert found["2024-001"].adopted and found["2024-001"].status == "accepted"
    assert not found["2024-002"].adopted
    lines = similar_lines(rs, ds, ["2024-002", "2024-003", "2024-002", "", "nope"])  # type: ignore[arg-type]
    assert lines == ["2024-002 相似选题：2024-001《关于加强农村养老服务的建议》（已采用，相似度 0.84）"]


def test_explain_lines_keep_to_each_pieces_window() -> None:
    from sqmy_core.rules.load import parse_ruleset

    rs = parse_ruleset(HEAD + "[similar]\nthreshold = 0.8\nlookback_days = 60\n", "t.toml")
    b = DatasetBuilder().person("a", "member")
    b.piece("2023-009", "a", submitted="2023-01-05", title=RURAL_CARE)  # long before both
    b.piece("2024-001", "a", submitted="2024-03-01", title=RURAL_CARE)
    b.piece("2024-002", "a", submitted="2024-04-01", title=RURAL_CARE_AGAIN)
    lines = similar_lines(rs, b.build(), iter(["2024-002", "2024-001"]))
    assert lines == ["2024-002 相似选题：2024-001《关于加强农村养老服务的建议》（已登记，相似度 0.84）"]


TEXT = st.text(alphabet="关于加强农村养老服务的建议道路安全教育 　ＡA１1", max_size=30)


@settings(deadline=None, max_examples=200)
@given(TEXT, TEXT)
def test_a_score_is_a_symmetric_exact_share(a: str, b: str) -> None:
    score = text_score(a, b)
    assert isinstance(score, Fraction) and 0 <= score <= 1
    assert score == text_score(b, a)
    if "".join(a.split()):  # a text with any character in it is wholly like itself
        assert text_score(a, a) == 1
