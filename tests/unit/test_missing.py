"""What is missing for an unmet quota, award or grade, hand-worked on the district ruleset.

District (rulesets/district.toml): approval 1, adoption by body (county 2, city 4,
province 8, national 15, highest once), joint pieces 60% / 40%; 先进个人 needs 20
points and the quotas met; special officers need 5 approvals a year.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from sqmy_core.reports.missing_text import points_needed, shortfall_lines
from sqmy_core.rules.load import parse_ruleset
from sqmy_core.scoring.assess import assess_book
from sqmy_core.scoring.book import Book
from sqmy_core.scoring.missing import Via, shortfalls
from sqmy_core.testing.builder import DatasetBuilder
from tests.cli.conftest import sqmy

REPO = Path(__file__).resolve().parents[2]
DISTRICT = REPO / "rulesets" / "district.toml"
RS = parse_ruleset(DISTRICT.read_text(encoding="utf-8"), str(DISTRICT))


def _book() -> Book:
    b = DatasetBuilder()
    b.person("m1", "member")
    b.person("o1", "special_officer")
    b.person("m2", "member")
    # m1: approved 1 + national 15 = 16; joint p2 (first author) city 4 x 60% = 2.4 -> 18.4
    b.piece("p1", "m1", submitted="2024-03-01")
    b.event("p1", "approved", "2024-03-02")
    b.event("p1", "adopted", "2024-04-01", body="cppcc-national")
    b.piece("p2", "m1", "o1", submitted="2024-03-01")
    b.event("p2", "adopted", "2024-04-01", body="cppcc-city")
    # o1: four approvals of five; points 4 + 4 x 40% = 5.6
    for i in range(4):
        b.piece(f"o{i}", "o1", submitted="2024-02-01")
        b.event(f"o{i}", "approved", "2024-02-02")
    # m2: 18.6 points, quota met
    b.piece("q1", "m2", submitted="2024-05-01")
    b.event("q1", "approved", "2024-05-02")
    b.event("q1", "adopted", "2024-06-01", body="cppcc-national")
    b.piece("q2", "m2", "o1", submitted="2024-05-01")
    b.event("q2", "instructed", "2024-06-02", level="county")  # 3 x 60% = 1.8
    b.piece("q3", "m1", "m2", submitted="2024-05-01")
    b.event("q3", "handled", "2024-06-03", outcome="implemented")  # 2 x 40% = 0.8
    return Book(RS, b.build())


def test_a_member_at_18_6_with_the_quota_met_needs_1_4_points() -> None:
    book = _book()
    m2 = shortfalls(book, 2024, "person", "m2")
    assert len(m2) == 1 and m2[0].kind == "award"
    assert m2[0].points == Fraction(7, 5)  # 20 - (1 + 15 + 1.8 + 0.8)
    assert not m2[0].needs_quotas
    lines = shortfall_lines(RS, m2, "zh")
    assert lines[0] == "再有 1.4 分即可评为先进个人"
    # one county-level adoption (2 points) is the smallest single event that covers 1.4
    assert m2[0].via == Via(
        rule="adopted", event="adopted", count=1, key="body", value="cppcc-county"
    )
    assert lines[1] == "再有 1 篇县（区）政协（含本级刊物采用）采用即可评为先进个人"


def test_an_officer_with_four_of_five_approvals() -> None:
    o1 = shortfalls(_book(), 2024, "person", "o1")
    quota = [s for s in o1 if s.kind == "quota"]
    assert [(s.pieces, s.metric) for s in quota] == [(1, "approved")]
    lines = shortfall_lines(RS, o1, "zh")
    assert lines[0] == "再有 1 篇审定通过即可完成任务指标“特约信息员每年至少 5 篇审定通过”"
    award = next(s for s in o1 if s.kind == "award")
    assert award.points == 20 - book_points(_book(), "o1") and award.needs_quotas
    assert "（另须完成任务指标）" in lines[1]
    assert shortfall_lines(RS, o1, "en")[0] == (
        "1 more approved pieces would meet the quota 特约信息员每年至少 5 篇审定通过"
    )


def book_points(book: Book, ident: str) -> Fraction:
    return assess_book(book, 2024).person(ident).points


def test_a_big_gap_is_closed_by_the_fewest_pieces_of_one_kind() -> None:
    b = DatasetBuilder()
    b.person("m3", "member")
    b.piece("a", "m3", submitted="2024-01-05")
    b.event("a", "approved", "2024-01-06")
    book = Book(RS, b.build())
    (s,) = shortfalls(book, 2024, "person", "m3")
    assert s.points == 19
    # national adoption is worth 15; two cover 19 (instructed: 10 per piece, also two; 15 is
    # the fewest, ties broken by the smaller value: national instruction 10 x 2 = 20 >= 19)
    assert s.via is not None and s.via.count == 2
    assert s.via.event in ("adopted", "instructed")


def test_a_unit_short_of_its_quota() -> None:
    b = DatasetBuilder()
    b.unit("u1", "sector")
    b.person("m", "member", units=["u1"])
    for i in range(3):
        b.piece(f"x{i}", "m", submitted="2024-02-01", unit="u1")
        b.event(f"x{i}", "approved", "2024-02-02")
    quota, award = shortfalls(Book(RS, b.build()), 2024, "unit", "u1")
    assert quota.kind == "quota" and quota.pieces == 2
    # the lowest unit grade (三等, ranks 4-6) is in reach by rank already: only the quota lacks
    assert award.target == "三等" and award.max_rank is None and award.needs_quotas
    assert shortfall_lines(RS, (quota, award), "zh")[1] == "完成任务指标即可评为三等"


def test_points_needed_never_rounds_down() -> None:
    assert points_needed(Fraction(7, 5)) == "1.4"
    assert points_needed(Fraction(1, 3)) == "0.34"


def test_explain_prints_what_is_missing(small_district: Path) -> None:
    args = ("explain", "--ruleset", str(DISTRICT), "--data", str(small_district), "--year", "2024")
    ran = sqmy(*args, "--person", "p003")
    assert ran.code == 0, ran.err
    assert "还差什么" in ran.out
    assert "再有 4 篇审定通过即可完成任务指标“特约信息员每年至少 5 篇审定通过”" in ran.out
    assert "再有 19 分即可评为先进个人（另须完成任务指标）" in ran.out
    ran = sqmy(*args, "--person", "p003", "--lang", "en")
    assert "4 more approved pieces would meet the quota" in ran.out
