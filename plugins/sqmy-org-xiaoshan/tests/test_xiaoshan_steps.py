"""The five step kinds (hook ``sqmy_step_kinds``): on their own, then in ``rulesets/xiaoshan.toml``.

The ruleset runs on ``data/xiaoshan-small.json`` plus the records only a
``sqmy-dataset/1.1`` document can carry (added here in code until the 1.1
reader lands): 张三's approved sick leave (``sick_leave = "2024Q3"``), 王五's
联络组活动 (3 in 2024, 1 in 2025) and a ``discipline`` penalty of 王五's on
2024-006 (2024-09-15).  Worked by hand (the rest as in ``test_xiaoshan_ruleset.py``)::

    piece   三家以上采用 +3: 2024-001 at 05-10 (张三, 2024), 2024-004 at 2025-03-01 (张三, 2025)
    entity  联络组活动 2 each, at most 10: 王五 3 x 2 = 6 (2024), 2 (2025)
    quota   张三's quarterly counts 1/1/0/1: Q3 is sick leave -> met -> 先进个人 (25.6 >= 20)
    flag    李四 1/1/0/0: two silent quarters -> 预警
    award   王五 9 + 5 + 6 = 20 >= 20, every quota met -> 先进个人, vetoed (discipline) -> none

    2024: 张三 25.6 先进个人; 王五 20, no award; 李四 10.4 预警.  2025: 张三 10, 王五 2.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from contextlib import redirect_stdout
from datetime import UTC, datetime, timedelta, timezone
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from attrs import evolve
from sqmy_org_xiaoshan import plugin
from sqmy_org_xiaoshan.steps import (
    DisciplineVeto,
    LiaisonBonus,
    SickLeave,
    SilentQuarters,
    WideAdoption,
    quarter_of,
)

from sqmy_core import (
    Dataset,
    Event,
    Piece,
    PieceView,
    Problem,
    StepDelta,
    StepKind,
    assess,
    load_dataset_file,
    load_ruleset,
)
from sqmy_core.cli.render import print_explanation
from sqmy_core.model import Activity
from sqmy_core.scoring import Book
from sqmy_core.scoring.explain import explain
from sqmy_core.scoring.steps import StepNote, verdict_notes

PLUGIN = Path(__file__).resolve().parents[1]
RULESET = PLUGIN / "rulesets" / "xiaoshan.toml"
DATA = PLUGIN / "tests" / "data" / "xiaoshan-small.json"
BJ = timezone(timedelta(hours=8))


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=BJ)


def codes(problems: list[Problem]) -> list[tuple[str, str]]:
    return [(pr.path, pr.code) for pr in problems]


def dataset_1_1() -> Dataset:
    """The JSON dataset with the 1.1 records the steps look at."""
    ds = load_dataset_file(DATA)
    people = tuple(
        evolve(p, attributes={"sick_leave": "2024Q3"}) if p.id == "p001" else p for p in ds.people
    )
    activities = tuple(
        Activity(f"act-{i}", "p003", "liaison", at(when), note="第三联络组活动")
        for i, when in enumerate(
            ("2024-03-15T14:00", "2024-06-20T14:00", "2024-11-08T14:00", "2025-01-05T14:00"),
            start=1,
        )
    )
    penalty = Event(
        piece="2024-006", type="penalized", at=at("2024-09-15T10:00"), kind="discipline",
        persons=("p003",), note="违反信息工作保密纪律",
    )  # fmt: skip
    return evolve(
        ds, people=people, activities=activities, events=(*ds.events, penalty), version="1.1"
    )


# -- the hook and the kinds on their own -------------------------------------------


def test_sqmy_step_kinds_gives_one_kind_per_later_stage() -> None:
    kinds = plugin.sqmy_step_kinds()
    assert [(k.name, k.stage) for k in kinds] == [
        ("xiaoshan.wide_adoption", "piece"),
        ("xiaoshan.liaison_bonus", "entity"),
        ("xiaoshan.sick_leave", "quota"),
        ("xiaoshan.silent_quarters", "flag"),
        ("xiaoshan.discipline_veto", "award"),
    ]
    assert all(isinstance(k, StepKind) for k in kinds)


@pytest.mark.parametrize(
    ("kind", "params", "expected"),
    [
        (WideAdoption(), {"bodies": 3, "points": 3}, []),
        (WideAdoption(), {"bodies": 1, "points": 0, "x": 1},
         [("x", "unknown_key"), ("bodies", "out_of_range"), ("points", "not_positive")]),
        (LiaisonBonus(), {"kinds": ["liaison"], "per": 2, "max": 10}, []),
        (LiaisonBonus(), {"kinds": [], "per": True}, [("per", "wrong_type"), ("kinds", "empty")]),
        (LiaisonBonus(), {"kinds": "liaison", "per": 1, "max": -1},
         [("max", "not_positive"), ("kinds", "wrong_type")]),
        (SickLeave(), {"attribute": "sick_leave", "quotas": ["quarterly"]}, []),
        (SickLeave(), {"attribute": ""}, [("attribute", "empty"), ("quotas", "missing")]),
        (SilentQuarters(), {"quarters": 5, "flag": "预警"}, [("quarters", "out_of_range")]),
        (SilentQuarters(), {}, [("quarters", "missing"), ("flag", "missing")]),
        (DisciplineVeto(), {"kind": "discipline"}, []),
        (DisciplineVeto(), {"kinds": "x"}, [("kinds", "unknown_key"), ("kind", "missing")]),
    ],
)  # fmt: skip
def test_params(kind: Any, params: Mapping[str, Any], expected: list[tuple[str, str]]) -> None:
    assert codes(kind.check(params)) == expected


def test_wide_adoption_counts_distinct_bodies_and_names_the_event() -> None:
    piece = Piece("x", "标题", ("p001",), at("2024-01-01T09:00"))
    events = [
        Event(piece="x", type="submitted", at=at("2024-01-01T09:00")),
        Event(piece="x", type="adopted", at=at("2024-02-01T09:00"), body="cppcc-city"),
        Event(piece="x", type="adopted", at=at("2024-03-01T09:00"), body="cppcc-city"),
        Event(piece="x", type="adopted", at=at("2024-04-01T09:00"), body="party-city"),
        Event(piece="x", type="adopted", at=at("2024-05-01T09:00"), body="cppcc-county"),
    ]
    params = {"bodies": 3, "points": 1.5}
    view = PieceView(piece, None, events, ())
    assert WideAdoption().apply(params, view) == [StepDelta(Fraction(3, 2), "3 家机构采用", event=4)]
    assert WideAdoption().apply(params, PieceView(piece, None, events[:4], ())) == []


def test_quarters_are_beijing_quarters() -> None:
    assert quarter_of(datetime(2024, 3, 31, 17, 0, tzinfo=UTC)) == (2024, 2)
    assert quarter_of(at("2024-03-31T23:00")) == (2024, 1)


# -- in the ruleset -------------------------------------------------------------


def test_every_stage_worked_by_hand() -> None:
    rs = load_ruleset(RULESET)
    a = assess(rs, dataset_1_1(), 2024)
    zhang, li, wang = a.person("p001"), a.person("p002"), a.person("p003")
    assert (zhang.points, zhang.quotas_met, zhang.award) == (Fraction(256, 10), True, "先进个人")
    (quarterly,) = [q for q in zhang.quotas if q.quota == "quarterly"]
    assert quarterly.counts == (1, 1, 0, 1) and quarterly.met
    assert quarterly.label == "信息员每季度至少报送 1 篇（因病请假视为完成）"
    assert (li.points, li.flags, li.award) == (Fraction(104, 10), ("预警",), None)
    assert (wang.points, wang.quotas_met, wang.award) == (Fraction(20), True, None)
    assert a.unit("sec-law").points == Fraction(14)  # 联络组活动 count for persons only
    nxt = assess(rs, dataset_1_1(), 2025)
    assert (nxt.person("p001").points, nxt.person("p003").points) == (Fraction(10), Fraction(2))


def test_the_explanation_shows_the_piece_and_entity_steps_and_adds_up() -> None:
    book = Book(load_ruleset(RULESET), dataset_1_1())
    rows = [
        (ln.piece, ln.rule, ln.label, ln.clause, ln.points)
        for ln in explain(book, 2024, "person", "p001").lines
        if ln.rule == "wide_adoption"
    ]
    assert rows == [
        ("2024-001", "wide_adoption", "三家以上采用加分", "意见四之5（三家以上采用）", Fraction(3))
    ]
    (liaison,) = [ln for ln in explain(book, 2024, "person", "p003").lines if ln.rule == "liaison"]
    assert (liaison.event_type, liaison.label, liaison.title, liaison.points) == (
        "step", "联络组活动加分", "联络组活动 3 次", Fraction(6)
    )  # fmt: skip
    for year in (2024, 2025):
        result = assess(book.ruleset, book.dataset, year)
        for r in (*result.people, *result.units):
            ex = explain(book, year, r.entity, r.id, result)
            assert ex.base_points + sum(ln.points for ln in ex.point_lines) == r.points


def test_the_verdict_steps_say_what_they_decided() -> None:
    book = Book(load_ruleset(RULESET), dataset_1_1())
    assert verdict_notes(book, 2024, "person", "p001") == (
        StepNote("sick_leave", "因病请假视为完成", "意见四之2（请假）", "quota", "quarterly",
                 False, True),
    )  # fmt: skip
    assert verdict_notes(book, 2024, "person", "p002") == (
        StepNote("silent", "连续两季度零报送预警", "意见四之2（预警）", "flag", "预警", None, "预警"),
    )
    assert verdict_notes(book, 2024, "person", "p003") == (
        StepNote("veto", "一票否决", "意见四之5（一票否决）", "award", "", "先进个人", None),
    )


def explained(person: str, lang: str = "zh") -> str:
    """What ``sqmy explain`` prints for ``person`` in 2024 (the same renderer, on the 1.1 data)."""
    book = Book(load_ruleset(RULESET), dataset_1_1())
    out = io.StringIO()
    with redirect_stdout(out):
        print_explanation(explain(book, 2024, "person", person), book, 2024, lang)
    return out.getvalue()


def test_explain_prints_each_verdict_step() -> None:
    zhang = explained("p001")
    assert "插件步骤「因病请假视为完成」：任务指标 quarterly 改判为完成" in zhang
    assert "信息员每季度至少报送 1 篇（因病请假视为完成）" in zhang
    assert "评先：先进个人" in zhang
    wang = explained("p003")
    assert "插件步骤「一票否决」：评先由 先进个人 改为 无" in wang
    assert "联络组活动加分" in wang and "合计 20.00 分" in wang
    assert "plugin step veto: award changed from 先进个人 to none" in explained("p003", "en")
