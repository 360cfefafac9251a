"""Loading rulesets: the three example rulesets, exact numbers, defaults, ``extends``.

Error cases (one bad key at a time, in Chinese and English) are in
``test_ruleset_errors.py``; this module checks what a good ruleset turns into
and how ``extends`` resolves parents written as files beside the child.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
import tomli_w

from sqmy_core.errors import RulesetError, SqmyError
from sqmy_core.rules import Ruleset, load_ruleset, parse_ruleset, unstructure
from sqmy_core.rules.load import FORMAT, merge
from sqmy_core.rules.spec import (
    CalendarSpec,
    RankingSpec,
    YearSpec,
)

ROOT = Path(__file__).resolve().parents[2]
RULESETS = ROOT / "rulesets"
NAMES = ("district", "party", "committee", "duty", "county_office")


def _no_parent(name: str, from_source: str) -> tuple[str, str]:
    raise OSError(f"no parent expected, asked for {name!r} from {from_source!r}")


# A ruleset with only the required keys: everything else takes its default.
MINIMAL = """\
format = "sqmy-ruleset/1"
organization = "mini"
title = "最小规则集"

[year]

[scope]
roles = ["member"]

[scoring.split]
mode = "equal"

[[scoring.rules]]
id = "submitted"
event = "submitted"
points = 1
"""


# --------------------------------------------------------------------------
# The three example rulesets
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_example_ruleset_loads(name: str) -> None:
    rs = load_ruleset(RULESETS / f"{name}.toml")
    assert isinstance(rs, Ruleset)
    assert rs.format == FORMAT
    assert rs.organization == name
    assert rs.title
    assert rs.scoring.rules
    assert rs.extends is None


@pytest.mark.parametrize("name", NAMES)
def test_example_ruleset_loads_from_a_str_path_and_from_text(name: str) -> None:
    path = RULESETS / f"{name}.toml"
    from_path = load_ruleset(path)
    assert load_ruleset(str(path)) == from_path
    assert parse_ruleset(path.read_text(encoding="utf-8"), str(path), _no_parent) == from_path


@pytest.mark.parametrize("name", NAMES)
def test_resolved_ruleset_round_trips_through_toml(name: str) -> None:
    """What ``sqmy ruleset show`` prints (the resolved document) loads back unchanged."""
    rs = load_ruleset(RULESETS / f"{name}.toml")
    text = tomli_w.dumps(unstructure(rs))
    assert parse_ruleset(text, f"{name}-shown.toml", _no_parent) == rs


def test_district_ruleset_says_what_the_policy_says() -> None:
    rs = load_ruleset(RULESETS / "district.toml")
    assert rs.year == YearSpec(timezone="+08:00", attribution="event", clause=rs.year.clause)
    assert rs.scope.roles == ("member", "special_officer")
    assert rs.scope.unit_kinds == ("sector", "committee", "liaison")
    assert rs.scoring.split.mode == "first_share"
    assert rs.scoring.split.first_share == Fraction(3, 5)
    rules = {r.id: r for r in rs.scoring.rules}
    assert rules["adopted"].by == ("body",)
    assert rules["adopted"].combine == "highest"
    assert rules["adopted"].values == {
        "cppcc-county": 2,
        "cppcc-city": 4,
        "cppcc-province": 8,
        "cppcc-national": 15,
    }
    (bonus,) = rules["instructed"].multipliers
    assert bonus.by == ("rank",)
    assert bonus.values == {"principal": Fraction(3, 2)}
    assert rules["instructed"].cap == 20
    assert rules["commissioned"].when.call_kinds == ("commission", "key_topic")
    assert [q.min for q in rs.quotas] == [1, 5, 5]
    assert rs.flags[0].quota == "member"
    assert rs.flags[0].consecutive_years == 2
    assert rs.deadlines is not None
    assert rs.deadlines.routes == {"direct": 2, "reference": 5, "transfer": 14}
    assert rs.review is not None
    assert [s.role for s in rs.review.stages] == [
        "reviewer_initial",
        "reviewer_deputy",
        "reviewer_chair",
    ]
    assert rs.reviewer_roles == ("reviewer_initial", "expert", "reviewer_deputy", "reviewer_chair")


def test_party_ruleset_attributes_by_submission_with_grace() -> None:
    rs = load_ruleset(RULESETS / "party.toml")
    assert rs.year.attribution == "submission"
    assert rs.year.grace_until == "01-31"
    assert rs.scoring.split.mode == "full"
    rules = {r.id: r for r in rs.scoring.rules}
    assert rules["submitted"].points == Fraction(1, 2)
    assert rules["adopted"].combine == "sum_distinct"
    assert rules["adopted"].cap == 20
    assert rs.rankings.units.group_by == "unit_kind"
    assert rs.quotas[0].member_of_unit_kinds == ("committee",)


def test_committee_ruleset_reminds_from_july() -> None:
    rs = load_ruleset(RULESETS / "committee.toml")
    assert rs.scoring.split.mode == "equal"
    assert rs.reminders[0].from_month == 7
    assert rs.reminders[0].on == "first_working_day"
    assert rs.awards[0].tiers[0].max_rank == 3
    assert rs.deadlines is None


# --------------------------------------------------------------------------
# Exact numbers and defaults
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "exact"),
    [
        ("0.6", Fraction(3, 5)),
        ("0.1", Fraction(1, 10)),
        ("1.5", Fraction(3, 2)),
        ("2", Fraction(2)),
        ("-0.5", Fraction(-1, 2)),
        ("1e-2", Fraction(1, 100)),
        ("0.333", Fraction(333, 1000)),
    ],
)
def test_numbers_are_read_as_the_decimal_written(written: str, exact: Fraction) -> None:
    rs = parse_ruleset(MINIMAL.replace("points = 1", f"points = {written}"), "t", _no_parent)
    points = rs.scoring.rules[0].points
    assert isinstance(points, Fraction)
    assert points == exact


def test_decimal_parts_add_up_exactly() -> None:
    text = MINIMAL.replace('mode = "equal"', 'mode = "first_share"\nfirst_share = 0.7')
    text = text.replace("points = 1", "points = 0.1")
    rs = parse_ruleset(text, "t", _no_parent)
    share = rs.scoring.split.first_share
    assert share is not None
    assert share + Fraction(3, 10) == 1  # 0.7 + 0.3 is exactly 1, unlike binary floats
    assert rs.scoring.rules[0].points * 3 == Fraction(3, 10)


def test_minimal_ruleset_takes_every_default() -> None:
    rs = parse_ruleset(MINIMAL, "mini.toml", _no_parent)
    assert rs.year == YearSpec()
    assert rs.year.timezone == "+08:00"
    assert rs.year.attribution == "event"
    assert rs.scope.unit_kinds == ()
    assert rs.scoring.unit_credit == "full"
    assert rs.scoring.piece_cap is None
    assert rs.scoring.base_points == 0
    rule = rs.scoring.rules[0]
    assert rule.combine == "sum"
    assert rule.cap is None
    assert rule.by is None and rule.values is None
    assert rule.when.call_kinds is None
    assert rs.quotas == () and rs.flags == () and rs.awards == ()
    assert rs.reminders == () and rs.bulletins == ()
    assert rs.rankings.people == RankingSpec(order=("points",), group_by="none")
    assert rs.rankings.units == RankingSpec()
    assert rs.calendar == CalendarSpec(weekend=(6, 7), holidays=(), workdays=())
    assert rs.deadlines is None
    assert rs.review is None


def test_negative_points_are_allowed_for_deductions() -> None:
    text = MINIMAL + '\n[[scoring.rules]]\nid = "returned"\nevent = "returned"\npoints = -0.5\n'
    rs = parse_ruleset(text, "t", _no_parent)
    assert rs.scoring.rules[1].points == Fraction(-1, 2)


def test_review_stage_roles_extend_the_role_vocabulary() -> None:
    text = MINIMAL.replace('roles = ["member"]', 'roles = ["member", "office_director"]')
    text += (
        '\n[[review.stages]]\nid = "only"\nrole = "office_director"\n'
        'decisions = ["pass", "reject"]\n'
    )
    rs = parse_ruleset(text, "t", _no_parent)
    assert rs.scope.roles == ("member", "office_director")
    assert rs.review is not None
    assert rs.review.require_checks is True
    assert rs.review.return_to == "first"
    assert rs.review.stages[0].require_checks is None


# --------------------------------------------------------------------------
# extends
# --------------------------------------------------------------------------


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def district_base(tmp_path: Path) -> Path:
    """A copy of the district ruleset to extend, in its own folder."""
    return _write(
        tmp_path / "base" / "district.toml",
        (RULESETS / "district.toml").read_text(encoding="utf-8"),
    )


def test_child_overrides_a_scalar(tmp_path: Path, district_base: Path) -> None:
    child = _write(
        tmp_path / "base" / "town.toml",
        'extends = "district.toml"\norganization = "town"\ntitle = "某镇办法"\n',
    )
    base = load_ruleset(district_base)
    rs = load_ruleset(child)
    assert rs.organization == "town"
    assert rs.title == "某镇办法"
    assert rs.extends == "district.toml"
    # everything not named by the child is the parent's
    assert rs.scoring == base.scoring
    assert rs.quotas == base.quotas
    assert rs.review == base.review


def test_child_merges_a_table_key_by_key(tmp_path: Path, district_base: Path) -> None:
    child = _write(
        tmp_path / "base" / "child.toml",
        'extends = "district.toml"\n\n[scoring.split]\nfirst_share = 0.5\n\n'
        '[year]\nattribution = "submission"\ngrace_until = "02-15"\n',
    )
    base = load_ruleset(district_base)
    rs = load_ruleset(child)
    assert rs.scoring.split.first_share == Fraction(1, 2)
    assert rs.scoring.split.mode == "first_share"  # kept from the parent
    assert rs.scoring.split.clause == base.scoring.split.clause
    assert rs.year.attribution == "submission"
    assert rs.year.grace_until == "02-15"
    assert rs.year.timezone == "+08:00"
    assert rs.year.clause == base.year.clause


def test_child_merges_arrays_of_tables_by_id(tmp_path: Path, district_base: Path) -> None:
    child = _write(
        tmp_path / "base" / "child.toml",
        'extends = "district.toml"\n\n'
        '[[scoring.rules]]\nid = "adopted"\ncombine = "sum_distinct"\n'
        "values = { cppcc-city = 5 }\n\n"
        '[[scoring.rules]]\nid = "dispatched"\nevent = "dispatched"\npoints = 0.25\n'
        'combine = "once"\n\n'
        '[[quotas]]\nid = "special_officer"\nmin = 3\n',
    )
    base = load_ruleset(district_base)
    rs = load_ruleset(child)
    ids = [r.id for r in rs.scoring.rules]
    # known ids stay in place, new ids are appended
    assert ids == [*(r.id for r in base.scoring.rules), "dispatched"]
    adopted = next(r for r in rs.scoring.rules if r.id == "adopted")
    base_adopted = next(r for r in base.scoring.rules if r.id == "adopted")
    assert adopted.combine == "sum_distinct"
    assert adopted.event == "adopted"  # untouched keys kept
    assert adopted.label == base_adopted.label
    # the values table is itself merged: the child changes one key, keeps the rest
    assert adopted.values == {**(base_adopted.values or {}), "cppcc-city": Fraction(5)}
    assert rs.scoring.rules[-1].points == Fraction(1, 4)
    quotas = {q.id: q for q in rs.quotas}
    assert quotas["special_officer"].min == 3
    assert quotas["special_officer"].roles == ("special_officer",)
    assert [q.id for q in rs.quotas] == [q.id for q in base.quotas]


def test_arrays_without_ids_are_replaced(tmp_path: Path, district_base: Path) -> None:
    child = _write(
        tmp_path / "base" / "child.toml",
        'extends = "district.toml"\n\n[scope]\nroles = ["member"]\n\n'
        '[[awards]]\nid = "unit_grade"\ntiers = [{ label = "优秀", max_rank = 2 }]\n',
    )
    rs = load_ruleset(child)
    assert rs.scope.roles == ("member",)
    assert rs.scope.unit_kinds == ("sector", "committee", "liaison")
    grade = next(a for a in rs.awards if a.id == "unit_grade")
    assert [t.label for t in grade.tiers] == ["优秀"]
    assert grade.require_quotas_met is True


def test_extends_path_is_relative_to_the_file_not_the_cwd(
    tmp_path: Path, district_base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    child = _write(
        tmp_path / "orgs" / "town" / "ruleset.toml",
        'extends = "../../base/district.toml"\norganization = "town"\n',
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert load_ruleset(child).organization == "town"


def test_extends_chain_of_three(tmp_path: Path, district_base: Path) -> None:
    _write(
        tmp_path / "base" / "middle.toml",
        'extends = "district.toml"\norganization = "middle"\n[scoring]\nbase_points = 60\n',
    )
    leaf = _write(
        tmp_path / "leaf.toml",
        'extends = "base/middle.toml"\norganization = "leaf"\n',
    )
    rs = load_ruleset(leaf)
    assert rs.organization == "leaf"
    assert rs.scoring.base_points == 60
    assert rs.scoring.split.first_share == Fraction(3, 5)
    assert rs.extends == "base/middle.toml"


def test_extends_through_a_custom_resolver() -> None:
    files = {"parent.toml": MINIMAL}
    asked: list[tuple[str, str]] = []

    def resolver(name: str, from_source: str) -> tuple[str, str]:
        asked.append((name, from_source))
        return name, files[name]

    rs = parse_ruleset('extends = "parent.toml"\ntitle = "子规则集"\n', "child", resolver)
    assert asked == [("parent.toml", "child")]
    assert rs.title == "子规则集"
    assert rs.organization == "mini"


def test_the_child_is_checked_after_merging(tmp_path: Path, district_base: Path) -> None:
    """A child can be valid only together with its parent; checks run on the result."""
    child = _write(
        tmp_path / "base" / "child.toml",
        'extends = "district.toml"\n[scoring.split]\nmode = "equal"\n',
    )
    with pytest.raises(RulesetError) as info:
        load_ruleset(child)
    # the parent's first_share is kept and is no longer allowed with mode "equal"
    assert [(p.path, p.code) for p in info.value.problems] == [
        ("scoring.split.first_share", "only_for")
    ]


def test_extends_cycle_is_refused_and_shows_the_chain(tmp_path: Path) -> None:
    a = _write(tmp_path / "a.toml", 'extends = "b.toml"\n' + MINIMAL)
    b = _write(tmp_path / "b.toml", 'extends = "a.toml"\n')
    with pytest.raises(RulesetError) as info:
        load_ruleset(a)
    err = info.value
    assert err.source == str(a)
    assert [(p.path, p.code) for p in err.problems] == [("extends", "extends_cycle")]
    chain = f"{a} -> {b} -> {a}"
    assert err.render("en") == f"{a}: extends: extends forms a cycle: {chain}"
    assert err.render("zh") == f"{a}: extends: extends 形成循环：{chain}"


def test_extends_itself_is_a_cycle(tmp_path: Path) -> None:
    a = _write(tmp_path / "a.toml", 'extends = "a.toml"\n' + MINIMAL)
    with pytest.raises(RulesetError) as info:
        load_ruleset(a)
    assert info.value.problems[0].code == "extends_cycle"
    assert f"{a} -> {a}" in info.value.render("en")


def test_extends_cycle_through_differently_written_paths_is_refused(tmp_path: Path) -> None:
    a = _write(tmp_path / "d" / "a.toml", 'extends = "b.toml"\n' + MINIMAL)
    _write(tmp_path / "d" / "b.toml", 'extends = "../d/a.toml"\n')
    with pytest.raises(RulesetError) as info:
        load_ruleset(a)
    assert info.value.problems[0].code == "extends_cycle"


def test_extends_names_a_missing_file(tmp_path: Path) -> None:
    child = _write(tmp_path / "child.toml", 'extends = "nope.toml"\n' + MINIMAL)
    with pytest.raises(RulesetError) as info:
        load_ruleset(child)
    err = info.value
    assert [(p.path, p.code) for p in err.problems] == [("extends", "extends_missing")]
    en = err.render("en")
    zh = err.render("zh")
    assert en.startswith(
        f"{child}: extends: the ruleset named by extends, 'nope.toml', cannot be read ("
    )
    assert zh.startswith(f"{child}: extends: extends 指向的规则集 'nope.toml' 无法读取（")
    assert str(tmp_path / "nope.toml") in en  # the reason names where it looked


def test_extends_must_be_a_string() -> None:
    with pytest.raises(RulesetError) as info:
        parse_ruleset('extends = ["a.toml"]\n' + MINIMAL, "t.toml", _no_parent)
    assert info.value.render("en") == "t.toml: extends: expected a string, got ['a.toml']"
    assert info.value.render("zh") == "t.toml: extends: 应为字符串，实际为 ['a.toml']"


def test_syntax_error_in_a_parent_names_the_parent(tmp_path: Path) -> None:
    _write(tmp_path / "bad.toml", "organization = \n")
    child = _write(tmp_path / "child.toml", 'extends = "bad.toml"\n')
    with pytest.raises(RulesetError) as info:
        load_ruleset(child)
    assert info.value.problems[0].code == "toml_syntax"
    assert info.value.render("en").startswith(f"{tmp_path / 'bad.toml'}: TOML syntax error: ")


def test_non_utf8_parent_is_a_ruleset_error(tmp_path: Path) -> None:
    parent = tmp_path / "gbk.toml"
    parent.write_bytes(MINIMAL.encode("gbk"))
    child = _write(tmp_path / "child.toml", 'extends = "gbk.toml"\n')
    with pytest.raises(RulesetError) as info:
        load_ruleset(child)
    assert info.value.problems[0].code == "bad_utf8"
    assert str(parent) in info.value.render("en")


def test_merge_rules_directly() -> None:
    parent = {
        "a": 1,
        "t": {"x": 1, "y": {"deep": 1}},
        "items": [{"id": "one", "v": 1, "w": 1}, {"id": "two", "v": 2}],
        "plain": [1, 2, 3],
    }
    child = {
        "a": 2,
        "t": {"y": {"other": 2}},
        "items": [{"id": "two", "v": 20}, {"id": "three", "v": 3}],
        "plain": [9],
    }
    assert merge(parent, child) == {
        "a": 2,
        "t": {"x": 1, "y": {"deep": 1, "other": 2}},
        "items": [{"id": "one", "v": 1, "w": 1}, {"id": "two", "v": 20}, {"id": "three", "v": 3}],
        "plain": [9],
    }
    # the parent document is not changed by merging
    assert parent["items"] == [{"id": "one", "v": 1, "w": 1}, {"id": "two", "v": 2}]


# --------------------------------------------------------------------------
# Nothing half-built
# --------------------------------------------------------------------------


def test_a_failed_load_returns_nothing_and_raises_a_sqmy_error() -> None:
    result: Ruleset | None = None
    with pytest.raises(RulesetError) as info:
        result = parse_ruleset(MINIMAL.replace("points = 1", 'points = "1"'), "t", _no_parent)
    assert result is None
    assert isinstance(info.value, SqmyError)
    assert isinstance(info.value.problems, tuple)


def test_a_failed_file_load_returns_nothing(tmp_path: Path) -> None:
    path = _write(tmp_path / "bad.toml", MINIMAL.replace('mode = "equal"', 'mode = "half"'))
    result: Ruleset | None = None
    with pytest.raises(RulesetError):
        result = load_ruleset(path)
    assert result is None
