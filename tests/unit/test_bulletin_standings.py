"""Variant 26 (民进吕梁): quarterly rankings for one publication, yearly ones for the rest.

The ruleset keeps the publication's points in a section of its own; a quarterly
bulletin reports and ranks the points of that section earned in the quarter,
while the year-end assessment ranks the whole total.  Hand-worked below.
"""

from __future__ import annotations

from fractions import Fraction

from sqmy_core.rules.load import parse_ruleset
from sqmy_core.scoring.assess import assess_book
from sqmy_core.scoring.book import Book
from sqmy_core.scoring.bulletin import Period, bulletin
from sqmy_core.testing.builder import DatasetBuilder

RULESET = """
format = "sqmy-ruleset/2"
organization = "lvliang"
title = "民进吕梁市委（示例）"
[scope]
roles = ["member"]
[vocabulary]
bodies = [{ id = "kuaibao", name = "《民进快报》", level = "city" }]
[[sections]]
id = "kuaibao"
label = "快报"
[[sections]]
id = "other"
label = "其他"
[scoring.split]
mode = "full"
[[scoring.rules]]
id = "kuaibao"
event = "adopted"
points = 5
when = { bodies = ["kuaibao"] }
section = "kuaibao"
combine = "once"
[[scoring.rules]]
id = "others"
event = "adopted"
by = "body"
values = { cppcc-city = 10, cppcc-national = 30 }
section = "other"
combine = "sum_distinct"
[[bulletins]]
id = "kuaibao_quarterly"
label = "《快报》季度排名"
every = "quarter"
metrics = ["adopted"]
entities = ["person"]
points = ["section:kuaibao"]
rank_by = "section:kuaibao"
"""


def _data() -> DatasetBuilder:
    b = DatasetBuilder().person("a", "member").person("b", "member").person("c", "member")
    for who, n in (("a", 1), ("b", 2), ("c", 1)):
        for i in range(n):
            b.piece(f"{who}{i}", who, submitted="2024-01-05")
    b.event("a0", "adopted", "2024-02-01", body="kuaibao")  # a: Q1 快报 5
    b.event("a0", "adopted", "2024-03-01", body="cppcc-national")  # a: 其他 30
    b.event("b0", "adopted", "2024-02-10", body="kuaibao")  # b: Q1 快报 5
    b.event("b1", "adopted", "2024-03-10", body="kuaibao")  # b: Q1 快报 5 more = 10
    b.event("c0", "adopted", "2024-04-10", body="kuaibao")  # c: Q2 快报 5
    return b


def test_the_quarter_ranks_the_publications_points_earned_in_it() -> None:
    rs = parse_ruleset(RULESET, "lvliang.toml")
    book = Book(rs, _data().build())
    q1 = bulletin(book, rs.bulletins[0], Period("quarter", 2024, 1))
    rows = {r.id: r for r in q1.people}
    # Q1: b 10, a 5, c 0 → ranks 1, 2, 3 (a's national adoption is not the publication's)
    assert rows["b"].points == {"section:kuaibao": Fraction(10)} and rows["b"].rank == 1
    assert rows["a"].points == {"section:kuaibao": Fraction(5)} and rows["a"].rank == 2
    assert rows["c"].points == {"section:kuaibao": Fraction(0)} and rows["c"].rank == 3
    assert [r.id for r in q1.people] == ["b", "a", "c"]
    q2 = bulletin(book, rs.bulletins[0], Period("quarter", 2024, 2))
    assert {r.id: r.rank for r in q2.people} == {"c": 1, "a": 2, "b": 2}


def test_the_year_ranks_the_whole_total() -> None:
    rs = parse_ruleset(RULESET, "lvliang.toml")
    a = assess_book(Book(rs, _data().build()), 2024)
    # a: 5 + 30 = 35; b: 10; c: 5
    assert [(p.id, p.points, p.rank) for p in a.people] == [
        ("a", Fraction(35), 1),
        ("b", Fraction(10), 2),
        ("c", Fraction(5), 3),
    ]
    assert a.person("a").sections == {"kuaibao": Fraction(5), "other": Fraction(30)}


def test_rank_by_must_be_one_of_the_points_measures() -> None:
    import pytest

    from sqmy_core.errors import RulesetError

    bad = RULESET.replace('rank_by = "section:kuaibao"', 'rank_by = "section:nope"')
    with pytest.raises(RulesetError) as err:
        parse_ruleset(bad, "lvliang.toml")
    assert "bulletins[0].rank_by" in err.value.render("en")


def test_people_ranked_per_role_on_scoreboards_of_their_own() -> None:
    """Variant 13: delegates (人大代表) and members have tallies of their own."""
    text = RULESET.replace(
        'roles = ["member"]\n[vocabulary]',
        'roles = ["member", "delegate"]\n[vocabulary]\nroles = [{ id = "delegate", name = "人大代表" }]',
    )
    text += '\n[rankings.people]\norder = ["points"]\ngroup_by = "role"\n'
    rs = parse_ruleset(text, "lvliang.toml")
    b = _data().person("d", "delegate").piece("d0", "d", submitted="2024-01-05")
    b.event("d0", "adopted", "2024-05-01", body="cppcc-city")  # d: 10, first among delegates
    a = assess_book(Book(rs, b.build()), 2024)
    assert [(p.id, p.group, p.rank) for p in a.people] == [
        ("a", "member", 1),
        ("b", "member", 2),
        ("c", "member", 3),
        ("d", "delegate", 1),
    ]
