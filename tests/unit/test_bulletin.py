"""Hand-worked bulletins (通报, 亮晒) for the three example rulesets, and periods.

district 第七条: each quarter, per unit and person, 提交/审定通过/采用/批示/落实反馈,
采用率 = 采用 ÷ 审定通过, 批示率 = 批示 ÷ 审定通过, and the pieces dispatched late.
party 第六条第1款: at the start of each month, the previous month's 提交/采用/批示 per
organization.  committee 第五条第1款: each month, each member's 提交/采用.

Every expected number is worked out by hand from the dataset below; times
without an offset are Beijing time (+08:00).
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from attrs import evolve

from sqmy_core.errors import BulletinError
from sqmy_core.rules.spec import Ruleset
from sqmy_core.scoring.assess import assess_book, overdue_pieces
from sqmy_core.scoring.book import Book
from sqmy_core.scoring.bulletin import (
    Bulletin,
    Period,
    Row,
    bulletin,
    find_bulletin,
    period_for,
)
from sqmy_core.testing.builder import DatasetBuilder

F = Fraction
DISTRICT_METRICS = ("submitted", "approved", "adopted", "instructed", "implemented")


def counts(row: Row) -> tuple[int, ...]:
    return tuple(row.tally.counts.values())


def by_id(rows: tuple[Row, ...]) -> dict[str, Row]:
    return {r.id: r for r in rows}


# --------------------------------------------------------------------------- district


def district_book(district: Ruleset) -> Book:
    """One year of a small district.

    A  p1+p2 joint, unit s-z: submitted 01-10, approved 01-15, dispatched direct 01-16
       (on time), adopted 02-20, instructed 03-01, implemented 03-20      -> all in Q1
    B  p1, unit c1: submitted 03-10, approved 03-28 10:00 (Q1); dispatched by reference
       04-05 (due 04-02 10:00: late, Q2), adopted 04-10 (Q2)
    C  p3, unit s-z: submitted 02-01, approved 02-05 10:00, dispatched direct 02-08 10:00
       (due 02-07 10:00: late by one day, Q1); never adopted
    D  p2, unit l1: submitted 03-31 23:30 (Q1), approved 04-01 09:00 (Q2)
    E  p3: submitted 2023-12-31 23:59 (2023), approved 2024-01-02 (Q1)
    F  st (staff, not in scope), unit x1 (studio, not in scope): submitted 01-20
    G  p1: submitted 2024-03-31T16:30Z = 04-01 00:30 Beijing (Q2, not Q1)
    H1, H2  p3, no unit: submitted in February, nothing else
    p4 took office 2024-05-01: not in Q1's bulletin, in Q2's.
    """
    b = (
        DatasetBuilder()
        .unit("s-a", "sector", "农业界")
        .unit("s-z", "sector", "经济界")
        .unit("c1", "committee", "社法委")
        .unit("l1", "liaison", "城关工委")
        .unit("x1", "studio", "委员工作室")
        .person("p1", "member", units=("s-z",), name="张三")
        .person("p2", "member", units=("s-z",), name="李四")
        .person("p3", "special_officer", name="王五")
        .person("p4", "member", since="2024-05-01", name="赵六")
        .person("st", "staff", name="机关干部")
    )
    b.piece("A", "p1", "p2", submitted="2024-01-10 09:00", unit="s-z")
    b.event("A", "approved", "2024-01-15 10:00")
    b.event("A", "dispatched", "2024-01-16 10:00", route="direct", to="市政协")
    b.event("A", "adopted", "2024-02-20 10:00", body="cppcc-city")
    b.event("A", "instructed", "2024-03-01 10:00", level="city", rank="deputy")
    b.event("A", "handled", "2024-03-20 10:00", department="区住建局", outcome="implemented")
    b.piece("B", "p1", submitted="2024-03-10 09:00", unit="c1")
    b.event("B", "approved", "2024-03-28 10:00")
    b.event("B", "dispatched", "2024-04-05 10:00", route="reference", to="区委")
    b.event("B", "adopted", "2024-04-10 10:00", body="cppcc-county")
    b.piece("C", "p3", submitted="2024-02-01 09:00", unit="s-z")
    b.event("C", "approved", "2024-02-05 10:00")
    b.event("C", "dispatched", "2024-02-08 10:00", route="direct", to="市政协")
    b.piece("D", "p2", submitted="2024-03-31 23:30", unit="l1")
    b.event("D", "approved", "2024-04-01 09:00")
    b.piece("E", "p3", submitted="2023-12-31 23:59")
    b.event("E", "approved", "2024-01-02 10:00")
    b.piece("F", "st", submitted="2024-01-20 09:00", unit="x1")
    b.piece("G", "p1", submitted="2024-03-31T16:30:00+00:00")
    b.piece("H1", "p3", submitted="2024-02-10 09:00")
    b.piece("H2", "p3", submitted="2024-02-11 09:00")
    return Book(district, b.build())


def district_quarter(district: Ruleset, period: str) -> Bulletin:
    book = district_book(district)
    return bulletin(book, find_bulletin(district), Period.parse(period))


def test_第七条_季度通报_个人(district):
    """Joint piece A counts for both authors; rows by 提交 (most first), then id."""
    b = district_quarter(district, "2024Q1")
    assert b.spec.id == "quarterly" and b.spec.metrics == DISTRICT_METRICS
    assert [r.id for r in b.people] == ["p3", "p1", "p2"]  # 3, 2, 2 submitted; p4 not yet in office
    rows = by_id(b.people)
    # p1: A, B submitted and approved; A adopted, instructed, implemented (B's adoption is April)
    assert counts(rows["p1"]) == (2, 2, 1, 1, 1)
    assert rows["p1"].tally.rates == {"adoption_rate": F(1, 2), "instruction_rate": F(1, 2)}
    # p2: A and D submitted (D at 03-31 23:30); only A approved in Q1
    assert counts(rows["p2"]) == (2, 1, 1, 1, 1)
    assert rows["p2"].tally.rates == {"adoption_rate": F(1), "instruction_rate": F(1)}
    # p3: C, H1, H2 submitted (E was submitted in 2023); C and E approved; nothing adopted
    assert counts(rows["p3"]) == (3, 2, 0, 0, 0)
    assert rows["p3"].tally.rates == {"adoption_rate": F(0), "instruction_rate": F(0)}


def test_第七条_季度通报_单位(district):
    """Units by kind as the scope lists them (界别, 专委会, 镇街工委), then 提交, then id."""
    b = district_quarter(district, "2024Q1")
    assert [r.id for r in b.units] == ["s-z", "s-a", "c1", "l1"]  # x1 (studio) is not in scope
    rows = by_id(b.units)
    assert counts(rows["s-z"]) == (2, 2, 1, 1, 1)  # A and C sent in its name
    assert rows["s-z"].tally.rates == {"adoption_rate": F(1, 2), "instruction_rate": F(1, 2)}
    assert counts(rows["s-a"]) == (0, 0, 0, 0, 0)
    assert rows["s-a"].tally.rates == {"adoption_rate": None, "instruction_rate": None}
    assert counts(rows["c1"]) == (1, 1, 0, 0, 0)  # B
    assert counts(rows["l1"]) == (1, 0, 0, 0, 0)  # D, approved in April
    assert rows["l1"].tally.rates["adoption_rate"] is None  # nothing approved: no rate
    assert rows["s-z"].kind == "sector" and rows["s-z"].name == "经济界"


def test_第七条_季度合计_每篇只计一次(district):
    """Totals count the organization's pieces once each (A is not counted twice)."""
    b = district_quarter(district, "2024Q1")
    # submitted: A B C D F H1 H2 = 7; approved: A B C E = 4; adopted/instructed/implemented: A
    assert b.totals.counts == dict(zip(DISTRICT_METRICS, (7, 4, 1, 1, 1), strict=True))
    assert b.totals.rates == {"adoption_rate": F(1, 4), "instruction_rate": F(1, 4)}


def test_第七条_逾期报送的信息_按报送时间归季度(district):
    """C's late dispatch (02-08) is Q1's; B approved in Q1 but dispatched late in Q2 is Q2's."""
    q1 = district_quarter(district, "2024Q1")
    assert q1.overdue is not None
    assert [d.piece for d in q1.overdue] == ["C"]
    (c,) = q1.overdue
    assert c.route == "direct" and (c.dispatched_at - c.due).days == 1
    q2 = district_quarter(district, "2024Q2")
    assert q2.overdue is not None and [d.piece for d in q2.overdue] == ["B"]


def test_第七条_三月审定通过四月采用_分属两个季度(district):
    """B: 审定通过 03-28 counts in Q1, 采用 04-10 in Q2, so Q2's rate has no denominator for p1."""
    q2 = district_quarter(district, "2024Q2")
    rows = by_id(q2.people)
    # p1: G submitted 04-01 00:30 Beijing; B adopted; nothing approved in Q2
    assert counts(rows["p1"]) == (1, 0, 1, 0, 0)
    assert rows["p1"].tally.rates == {"adoption_rate": None, "instruction_rate": None}
    assert counts(by_id(q2.units)["c1"]) == (0, 0, 1, 0, 0)
    # p2: D approved 04-01; p4 took office 05-01, within Q2
    assert counts(rows["p2"]) == (0, 1, 0, 0, 0)
    assert counts(rows["p4"]) == (0, 0, 0, 0, 0)


def test_全年通报与年度考核口径一致(district):
    """A year bulletin counts exactly what the assessment's counts, stats and overdue say."""
    book = district_book(district)
    year = bulletin(book, find_bulletin(district), Period.parse("2024"))
    a = assess_book(book, 2024)
    for results, rows in ((a.people, year.people), (a.units, year.units)):
        assert {r.id for r in results} == {r.id for r in rows}
        got = by_id(rows)
        for r in results:
            assert got[r.id].tally.counts == {m: r.counts[m] for m in DISTRICT_METRICS}
    assert year.totals.counts == {m: a.stats.counts[m] for m in DISTRICT_METRICS}
    assert year.totals.rates == {
        "adoption_rate": a.stats.adoption_rate,
        "instruction_rate": a.stats.instruction_rate,
    }
    assert year.overdue is not None
    assert sorted({d.piece for d in year.overdue}) == overdue_pieces(book, 2024) == ["B", "C"]
    # the four quarters add up to the year for every row (each event falls in one quarter)
    quarters = [bulletin(book, year.spec, Period("quarter", 2024, q)) for q in range(1, 5)]
    for row in year.people + year.units:
        for m in DISTRICT_METRICS:
            assert sum(
                by_id(q.people + q.units)[row.id].tally.counts[m]
                for q in quarters
                if row.id in by_id(q.people + q.units)
            ) == row.tally.counts[m]


# --------------------------------------------------------------------------- party


def test_第六条第1款_月初通报上月(party):
    """每月初通报上月: published 2024-04-01, the bulletin covers March; January covers December."""
    spec = find_bulletin(party)
    assert spec.id == "monthly" and spec.covers == "previous"
    assert period_for(spec, date(2024, 4, 1)) == Period("month", 2024, 3)
    assert period_for(spec, date(2024, 4, 30)) == Period("month", 2024, 3)
    assert period_for(spec, date(2024, 1, 2)) == Period("month", 2023, 12)


def test_第六条第1款_各组织的提交采用批示(party):
    """Units only, by kind (区县委会, 基层组织, 专委会); grace-period events count in December."""
    b = (
        DatasetBuilder()
        .unit("g1", "grassroots")
        .unit("d1", "district_branch")
        .unit("d2", "district_branch")
        .person("m1", "member", units=("d1",))
        .person("m2", "member", units=("g1",))
    )
    b.piece("x", "m1", "m2", submitted="2024-03-05", unit="d1")
    b.event("x", "adopted", "2024-03-20", body="party-city")
    b.event("x", "instructed", "2024-04-02", level="city", rank="principal")
    b.piece("y", "m2", submitted="2024-03-06", unit="g1")
    b.piece("z", "m2", submitted="2024-03-07", unit="g1")
    # submitted in 2024, adopted 2025-01-15: within the grace period, so 2024's December
    b.piece("w", "m1", submitted="2024-12-20", unit="d2")
    b.event("w", "adopted", "2025-01-15", body="cppcc-city")
    book = Book(party, b.build())
    spec = find_bulletin(party)
    march = bulletin(book, spec, period_for(spec, date(2024, 4, 1)))
    assert str(march.period) == "2024-03"
    assert march.people == ()  # entities = ["unit"]
    assert [r.id for r in march.units] == ["d1", "d2", "g1"]
    assert {r.id: counts(r) for r in march.units} == {
        "d1": (1, 1, 0),  # x submitted and adopted in March; its instruction is April's
        "d2": (0, 0, 0),
        "g1": (2, 0, 0),  # y, z (m2's share of x does not make it g1's)
    }
    assert march.overdue is None and march.totals.rates == {}
    april = bulletin(book, spec, Period.parse("2024-04"))
    assert counts(by_id(april.units)["d1"]) == (0, 0, 1)
    december = bulletin(book, spec, Period.parse("2024-12"))
    assert counts(by_id(december.units)["d2"]) == (1, 1, 0)
    january = bulletin(book, spec, Period.parse("2025-01"))
    assert counts(by_id(january.units)["d2"]) == (0, 0, 0)


# --------------------------------------------------------------------------- committee


def test_第五条第1款_每月亮晒各委员提交采用(committee):
    """People only (委员 and 特邀信息员), current month; joint pieces for every author."""
    b = (
        DatasetBuilder()
        .unit("cm", "committee")
        .person("a", "member", units=("cm",))
        .person("b", "member", units=("cm",))
        .person("o", "special_officer")
        .person("e", "editor")
    )
    b.piece("j", "a", "b", submitted="2024-07-03", unit="cm")
    b.event("j", "adopted", "2024-07-25", body="cppcc-city")
    b.piece("k", "o", submitted="2024-07-10")
    b.piece("l", "o", submitted="2024-07-11")
    b.piece("m", "a", submitted="2024-08-01")
    book = Book(committee, b.build())
    spec = find_bulletin(committee)
    assert spec.id == "monthly_showcase" and spec.entities == ("person",)
    assert period_for(spec, date(2024, 7, 31)) == Period("month", 2024, 7)
    july = bulletin(book, spec, period_for(spec, date(2024, 7, 31)))
    assert july.units == ()
    assert [(r.id, counts(r)) for r in july.people] == [
        ("o", (2, 0)),
        ("a", (1, 1)),
        ("b", (1, 1)),
    ]
    assert july.people[0].tally.rates == {} and july.overdue is None
    assert july.totals.counts == {"submitted": 3, "adopted": 1}


# --------------------------------------------------------------------------- choosing


def test_没有通报或未知的通报标识(district):
    assert find_bulletin(district).id == "quarterly"
    assert find_bulletin(district, "quarterly").id == "quarterly"
    with pytest.raises(BulletinError) as unknown:
        find_bulletin(district, "weekly")
    assert unknown.value.problems[0].code == "bulletin.unknown"
    assert "'weekly'" in unknown.value.render() and "quarterly" in unknown.value.render()
    with pytest.raises(BulletinError) as none:
        find_bulletin(evolve(district, bulletins=()))
    assert none.value.problems[0].code == "bulletin.none"
    assert "没有定义通报" in none.value.render("zh")


def test_covers_current_and_year_periods(district):
    spec = find_bulletin(district)
    assert period_for(spec, date(2024, 4, 1)) == Period("quarter", 2024, 2)
    assert period_for(spec, date(2024, 12, 31)) == Period("quarter", 2024, 4)
    yearly = evolve(spec, every="year", covers="previous")
    assert period_for(yearly, date(2025, 1, 2)) == Period("year", 2024)


# --------------------------------------------------------------------------- periods


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024", Period("year", 2024)),
        ("2024Q1", Period("quarter", 2024, 1)),
        ("2024-Q1", Period("quarter", 2024, 1)),
        ("2024q4", Period("quarter", 2024, 4)),
        ("2024-03", Period("month", 2024, 3)),
        ("2024-3", Period("month", 2024, 3)),
        (" 2024-12 ", Period("month", 2024, 12)),
        ("2024年", Period("year", 2024)),
        ("2024年第三季度", Period("quarter", 2024, 3)),
        ("2024年11月", Period("month", 2024, 11)),
    ],
)
def test_period_parse(text: str, expected: Period) -> None:
    assert Period.parse(text) == expected


@pytest.mark.parametrize(
    "text", ["", "24", "2024Q5", "2024Q0", "2024-13", "2024-00", "2024/03", "Q1", "0000",
             "2024-03-01", "2024年第五季度", "二〇二四年"]
)
def test_period_parse_refuses(text: str) -> None:
    with pytest.raises(BulletinError) as err:
        Period.parse(text)
    assert err.value.problems[0].code == "bulletin.bad_period"
    assert repr(text) in err.value.render("zh") and "2024Q1" in err.value.render("en")


def test_period_texts_and_arithmetic() -> None:
    q1, march, year = Period.parse("2024Q1"), Period.parse("2024-03"), Period.parse("2024")
    assert [p.label() for p in (q1, march, year)] == ["2024年第一季度", "2024年3月", "2024年"]
    assert [p.label("en") for p in (q1, march, year)] == ["2024 Q1", "2024-03", "2024"]
    for p in (q1, march, year, Period("quarter", 2024, 4)):
        assert Period.parse(str(p)) == p == Period.parse(p.label())
    assert list(q1.months) == [1, 2, 3] and list(year.months) == list(range(1, 13))
    assert q1.contains(2024, 3) and not q1.contains(2024, 4) and not q1.contains(2023, 1)
    assert q1.previous() == Period("quarter", 2023, 4)
    assert Period("month", 2024, 1).previous() == Period("month", 2023, 12)
    assert march.previous() == Period("month", 2024, 2) and year.previous() == Period("year", 2023)
    assert Period.containing("quarter", 2024, 6) == Period("quarter", 2024, 2)
    with pytest.raises(ValueError):
        Period("month", 2024, 13)
