"""Properties of the rule model v2 over random rulesets drawn from the whole model.

Each example draws a ruleset (sections with caps and floors, tallies, points
rules keyed by fields and attributes with multipliers, every combine mode,
rule caps and floors, splits incl. positions and first N authors, bases,
activities, penalties, adjustments, points per quota period, bonus and
total bounds, member-derived unit points, grades and awards) and a dataset
over two years, then checks what must hold for any organization's rules:

- explanations add up: base + the point lines = points, the tally lines = amounts;
- a year is the difference of cumulative totals: a piece's ledger lines up to
  a year's end equal what the piece is worth when only the events up to then exist;
- results do not depend on the order events are listed in;
- a 1.0 dataset and its 1.1 copy give the same result.
"""

from __future__ import annotations

import os
import random
from fractions import Fraction

import tomli_w
from attrs import evolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sqmy_core.interchange import dataset_to_doc, parse_dataset
from sqmy_core.model import Dataset
from sqmy_core.rules.declared import declarations_of
from sqmy_core.rules.load import parse_ruleset
from sqmy_core.rules.spec import Ruleset
from sqmy_core.scoring.assess import assess_book
from sqmy_core.scoring.book import Book
from sqmy_core.scoring.explain import explain
from sqmy_core.testing.builder import DatasetBuilder

LEVELS = ["county", "city", "province", "national"]
BODIES = ["cppcc-county", "cppcc-city", "cppcc-province", "cppcc-national", "kuaibao"]
DEGREES = ["full", "half", "viewpoint"]
SETTINGS = settings(
    max_examples=int(os.environ.get("SQMY_PROPERTY_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

points = st.integers(min_value=0, max_value=20).map(lambda n: n / 2)
maybe_cap = st.one_of(st.none(), st.integers(min_value=1, max_value=30))


@st.composite
def rule_docs(draw: st.DrawFn, i: int, sections: list[str], tallies: list[str]) -> dict:
    event = draw(st.sampled_from(["submitted", "approved", "adopted", "instructed", "handled"]))
    rule: dict = {"id": f"r{i}", "event": event, "label": f"规则{i}", "clause": f"第{i + 1}条"}
    if event == "adopted" and draw(st.booleans()):
        rule["by"] = ["level", "attributes.degree"]
        rule["values"] = {lv: {d: draw(points) for d in DEGREES} for lv in LEVELS}
    elif event == "adopted":
        rule["by"] = "body"
        rule["values"] = {
            b: draw(points)
            for b in draw(st.lists(st.sampled_from(BODIES), min_size=1, unique=True))
        }
    elif event == "instructed":
        rule["by"] = "level"
        rule["values"] = {lv: draw(points) for lv in LEVELS}
        if draw(st.booleans()):
            rule["multipliers"] = [{"by": "rank", "values": {"principal": 1.5}}]
    elif event == "handled":
        rule["by"] = "outcome"
        rule["values"] = {"implemented": draw(points)}
    else:
        rule["points"] = draw(points)
    rule["combine"] = draw(st.sampled_from(["sum", "highest", "once", "sum_distinct"]))
    if rule["combine"] == "sum_distinct" and "by" not in rule:
        rule["combine"] = "sum"
    cap = draw(maybe_cap)
    if cap is not None:
        rule["cap"] = cap
    if sections and draw(st.booleans()):
        rule["section"] = draw(st.sampled_from(sections))
    if tallies and draw(st.integers(0, 4)) == 0:
        rule["tally"] = tallies[0]
    if draw(st.integers(0, 3)) == 0:
        rule["split"] = draw(split_docs())
    if draw(st.integers(0, 4)) == 0:
        rule["entities"] = [draw(st.sampled_from(["person", "unit"]))]
    return rule


@st.composite
def split_docs(draw: st.DrawFn) -> dict:
    mode = draw(st.sampled_from(["first_share", "equal", "full", "positions"]))
    split: dict = {"mode": mode}
    if mode == "first_share":
        split["first_share"] = draw(st.sampled_from([0.5, 0.6, 1]))
    if mode == "positions":
        split["shares"] = draw(st.lists(st.sampled_from([1, 0.5, 0.2]), min_size=1, max_size=3))
    if draw(st.booleans()):
        split["max_authors"] = draw(st.integers(1, 3))
    return split


@st.composite
def ruleset_texts(draw: st.DrawFn) -> str:
    sections = [f"s{i}" for i in range(draw(st.integers(0, 3)))]
    tallies = ["fee"] if draw(st.booleans()) else []
    doc: dict = {
        "format": "sqmy-ruleset/2",
        "organization": "random",
        "title": "随机规则集",
        "scope": {"roles": ["member", "special_officer"], "unit_kinds": ["sector", "committee"]},
        "vocabulary": {
            "bodies": [{"id": "kuaibao", "name": "《快报》", "level": "county"}],
            "activity_kinds": [{"id": "meeting", "name": "会议"}],
            "penalty_kinds": [{"id": "plagiarism", "name": "抄袭"}],
        },
        "attributes": {
            "degree": {
                "type": "choice",
                "values": DEGREES,
                "on": ["adopted"],
                "default": "viewpoint",
            }
        },
    }
    if draw(st.booleans()):
        doc["year"] = {"attribution": "submission", "grace_until": "01-31"}
    if sections:
        doc["sections"] = []
        for s in sections:
            sec: dict = {"id": s, "label": f"分项{s}"}
            cap = draw(maybe_cap)
            if cap is not None:
                sec["cap"] = cap
            if draw(st.booleans()):
                sec["floor"] = 0
            if draw(st.integers(0, 3)) == 0:
                sec["piece_cap"] = draw(st.integers(1, 20))
            doc["sections"].append(sec)
    if tallies:
        doc["tallies"] = [{"id": "fee", "label": "稿酬", "unit": "元"}]
    scoring: dict = {"split": draw(split_docs())}
    if draw(st.integers(0, 3)) == 0:
        scoring["piece_cap"] = draw(st.integers(1, 25))
    scoring["rules"] = [
        draw(rule_docs(i, sections, tallies)) for i in range(draw(st.integers(1, 5)))
    ]
    doc["scoring"] = scoring
    doc["quotas"] = [
        {"id": "q", "entity": "person", "roles": ["member"], "metric": "approved", "min": 1,
         "period": draw(st.sampled_from(["year", "half", "quarter"])),
         "tenure": draw(st.sampled_from(["ignore", "in_office", "prorate"]))},
    ]  # fmt: skip
    if draw(st.booleans()):
        doc["period_points"] = [
            {"id": "pp", "quota": "q", "met": draw(points), "missed": -draw(points), "limit": 5}
        ]
    if draw(st.booleans()):
        doc["bases"] = [{"id": "b", "entity": "person", "roles": ["member"], "points": 60}]
    if draw(st.booleans()):
        doc["activities"] = [{"id": "act", "kinds": ["meeting"], "points": 5, "cap": 12}]
    if draw(st.booleans()):
        doc["penalties"] = [
            {"id": "pen", "kinds": ["plagiarism"], "count": draw(st.sampled_from(["year", "ever"])),
             "steps": [{"points": 0, "flag": "warned"}, {"points": -5}, {"points": -10, "disqualify": True}]}
        ]  # fmt: skip
    if draw(st.booleans()):
        doc["adjustments"] = {"count": True}
    totals: dict = {}
    for key in ("bonus_cap", "cap"):
        value = draw(maybe_cap)
        if value is not None:
            totals[key] = value * 3
    if draw(st.booleans()):
        totals["floor"] = 0
    if totals:
        doc["totals"] = totals
    if draw(st.booleans()):
        doc["unit_points"] = {
            "source": "members",
            "aggregate": draw(st.sampled_from(["sum", "average"])),
            "of": draw(st.sampled_from(["points", "bonus", *sections])),
        }
    doc["grades"] = [
        {"id": "g", "entity": "person",
         "tiers": [{"label": "优秀", "min_points": 20}, {"label": "称职", "min_points": 5}, {"label": "不称职"}]}
    ]  # fmt: skip
    doc["awards"] = [
        {"id": "aw", "entity": "unit", "require_quotas_met": False,
         "tiers": [{"label": "一等", "max_rank": 1}, {"label": "二等", "top_percent": 50}]}
    ]  # fmt: skip
    return tomli_w.dumps(doc)


@st.composite
def datasets(draw: st.DrawFn) -> Dataset:
    seed = draw(st.integers(0, 10**6))
    rnd = random.Random(seed)
    b = DatasetBuilder().unit("u1", "sector").unit("u2", "committee").unit("u3", "sector")
    people = [f"p{i}" for i in range(rnd.randint(1, 5))]
    for i, p in enumerate(people):
        since = rnd.choice([None, None, "2024-04-01"])
        until = rnd.choice([None, None, None, "2025-09-01"])
        b.person(p, rnd.choice(["member", "special_officer"]), units=(rnd.choice(["u1", "u2"]),),
                 since=since, until=until)  # fmt: skip
        if i == 0:
            b.person("staff1", "staff")
    stamp = iter(range(10**6))

    def when(year: int) -> str:
        day = next(stamp) % 28 + 1
        month = rnd.randint(1, 12)
        return f"{year}-{month:02d}-{day:02d} {rnd.randint(0, 23):02d}:{rnd.randint(0, 59):02d}"

    for k in range(rnd.randint(1, 8)):
        authors = rnd.sample(people, rnd.randint(1, min(3, len(people))))
        year = rnd.choice([2024, 2024, 2025])
        piece = f"x{k}"
        b.piece(piece, *authors, submitted=f"{year}-01-0{rnd.randint(1, 9)}",
                unit=rnd.choice([None, "u1", "u2"]))  # fmt: skip
        for _ in range(rnd.randint(0, 5)):
            kind = rnd.choice(
                ["approved", "adopted", "adopted", "instructed", "handled", "penalized"]
            )
            y = rnd.choice([year, 2025])
            if kind == "adopted":
                b.event(piece, "adopted", when(y), body=rnd.choice(BODIES),
                        attributes={"degree": rnd.choice(DEGREES)} if rnd.random() < 0.7 else {})  # fmt: skip
            elif kind == "instructed":
                b.event(piece, "instructed", when(y), level=rnd.choice(LEVELS),
                        rank=rnd.choice(["principal", "deputy"]))  # fmt: skip
            elif kind == "handled":
                b.event(piece, "handled", when(y), outcome=rnd.choice(["implemented", "declined"]))
            elif kind == "penalized":
                b.penalize(piece, when(y), "plagiarism")
            else:
                b.event(piece, kind, when(y))
    for k in range(rnd.randint(0, 4)):
        b.activity(f"a{k}", rnd.choice(people), "meeting", when(rnd.choice([2024, 2025])))
    for k in range(rnd.randint(0, 2)):
        b.adjustment(f"adj{k}", rnd.choice([-3, 2, "1.5"]), when(2024), person=rnd.choice(people),
                     approved_by="staff1")  # fmt: skip
    ds = b.build()
    # events must not precede their piece's submission (the contract refuses that)
    submitted = {p.id: p.submitted_at for p in ds.pieces}
    return evolve(ds, events=tuple(e for e in ds.events if e.at >= submitted[e.piece]))


def _summary(rs: Ruleset, ds: Dataset, year: int) -> list[tuple]:
    a = assess_book(Book(rs, ds), year)
    return [
        (e.id, e.points, e.rank, e.award, e.grade, e.flags, e.quotas_met,
         tuple(sorted((e.sections or {}).items())), tuple(sorted((e.amounts or {}).items())))
        for e in (*a.people, *a.units)
    ]  # fmt: skip


@SETTINGS
@given(ruleset_texts(), datasets())
def test_explanations_add_up(text: str, ds: Dataset) -> None:
    rs = parse_ruleset(text, "random.toml")
    book = Book(rs, ds)
    for year in (2024, 2025):
        a = assess_book(book, year)
        for kind, pool in (("person", a.people), ("unit", a.units)):
            for r in pool:
                ex = explain(book, year, kind, r.id, a)  # type: ignore[arg-type]
                assert (
                    ex.base_points + sum((ln.points for ln in ex.point_lines), Fraction(0))
                    == r.points
                )
                for tally, amount in (r.amounts or {}).items():
                    lines = [ln.points for ln in ex.lines if ln.tally == tally]
                    assert sum(lines, Fraction(0)) == amount
                if r.sections is not None:
                    assert set(r.sections) == {s.id for s in rs.sections}


@SETTINGS
@given(ruleset_texts(), datasets())
def test_a_year_is_the_difference_of_cumulative_totals(text: str, ds: Dataset) -> None:
    rs = parse_ruleset(text, "random.toml")
    book = Book(rs, ds)
    for year in (2024, 2025):
        cut = book.clock.start(year + 1)
        cutoff_ds = evolve(ds, events=tuple(e for e in ds.events if book.clock.attributed_year(
            e.at, book.pieces[e.piece].submitted_at) <= year))  # fmt: skip
        truncated = Book(rs, cutoff_ds)
        for piece in ds.pieces:
            if book.clock.year_of(piece.submitted_at) > year:
                continue
            upto = sum(
                (
                    ln.delta
                    for ln in book.ledger
                    if ln.piece == piece.id and ln.year <= year and ln.tally is None
                ),
                Fraction(0),
            )
            whole = sum(
                (ln.delta for ln in truncated.ledger if ln.piece == piece.id and ln.tally is None),
                Fraction(0),
            )
            assert upto == whole, (piece.id, year, cut)


@SETTINGS
@given(ruleset_texts(), datasets(), st.randoms(use_true_random=False))
def test_results_do_not_depend_on_event_order(text: str, ds: Dataset, rnd: random.Random) -> None:
    rs = parse_ruleset(text, "random.toml")
    events = list(ds.events)
    rnd.shuffle(events)
    shuffled = evolve(ds, events=tuple(events))
    for year in (2024, 2025):
        assert _summary(rs, ds, year) == _summary(rs, shuffled, year)


@SETTINGS
@given(ruleset_texts(), datasets())
def test_a_1_0_dataset_and_its_1_1_copy_give_the_same_result(text: str, ds: Dataset) -> None:
    rs = parse_ruleset(text, "random.toml")
    plain = evolve(
        ds,
        people=tuple(evolve(p, until=None) for p in ds.people),
        events=tuple(
            e
            for e in ds.events
            if e.type != "penalized" and not e.attributes and e.body != "kuaibao"
        ),
        adjustments=(),
        activities=(),
        version="1",
    )
    doc = dataset_to_doc(plain)
    assert doc["format"] == "sqmy-dataset/1"
    decl = declarations_of(rs)
    v10 = parse_dataset(doc, declarations=decl)
    v11 = parse_dataset({**doc, "format": "sqmy-dataset/1.1"}, declarations=decl)
    assert v11.version == "1.1"
    for year in (2024, 2025):
        assert _summary(rs, v10, year) == _summary(rs, v11, year) == _summary(rs, plain, year)
