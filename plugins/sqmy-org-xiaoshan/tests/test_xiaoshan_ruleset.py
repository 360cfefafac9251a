"""rulesets/xiaoshan.toml with the installed plugin: loading, hand-worked points, load-time errors.

The plugin must be installed (``pip install -e plugins/sqmy-org-xiaoshan``):
these tests go through the ``sqmy`` entry point exactly as a user's
``sqmy_core.load_ruleset`` does.

The dataset ``data/xiaoshan-small.json``, worked by hand (district points:
审定通过 1, 约稿 +1, 采用 by body: 县 2 / 市 4 / 省 8, highest counted;
Xiaoshan: 信息小组 +1 on approval, 多家采用 +3 once two city-or-higher bodies
adopted)::

    2024-001 张三       group call   approved 02-05: 1 + 1
                                     adopted 县政协 02-20: 2; 市政协 03-10: +2 (one
                                     counting body); 省政协 05-10: +4, and 2 bodies: +3   = 13
    2024-002 李四       征集目录     approved 03-03: 1 (prefix zj-: no group bonus)
                                     adopted 党派市委 03-20: 0 (no district value; 1 body)
                                     市政协 04-01: 4, and 2 city bodies: +3                = 8
    2024-003 张三 60%   约稿 c1      approved 06-05: 1 + 1
             李四 40%                adopted 市政协 06-10: 4; 市政协 again 06-20: 0
                                     (same body); 县政协 06-25: 0 (below city)             = 6
    2024-004 张三       group call   approved 11-05: 1 + 1; 市政协 12-10: 4               = 6 (2024)
                                     省政协 2025-01-15: +4, and 2 bodies: +3              = 7 (2025)

    2024-005 王五       approved 04-05: 1; 省政协 05-01: 8                          = 9
    2024-006 王五       approved 08-03: 1; 市政协 09-01: 4                          = 5
    2024-007, 2024-008 王五: submitted only (01-10, 10-10)                         = 0

Steps (``[[steps]]``, see ``test_xiaoshan_steps.py`` for the 1.1 records):
三家以上采用 +3 on 2024-001 at 05-10 (县、市、省: the third body), and on
2024-004 at 2025-03-01 (市、省、党派市委); 每季度报送: 张三 submitted nothing in
Q3 (1/1/0/1), 李四 nothing in Q3 and Q4 (1/1/0/0) -> 预警, 王五 in every quarter.

    2024: 张三 13 + 3 + 3.6 + 6 = 25.6 (quarterly quota missed: no 先进个人 without
          the sick-leave record of the 1.1 data); 李四 8 + 2.4 = 10.4, 预警;
          王五 14; 经济界 13 + 3 + 6 + 6 = 28; 法律界 14; 农业界 8.
    2025: 张三 7 + 3 = 10 (全年累计计分: a bonus counts in the year of the adoption
          that earned it); 经济界 10.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from fractions import Fraction
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from sqmy_core import RulesetError, Workspace, assess, load_dataset_file, load_ruleset
from sqmy_core.model import Person
from sqmy_core.plugins import get_plugin_manager, ruleset_extensions
from sqmy_core.rules import load_ruleset as load_without_plugins
from sqmy_core.scoring import Book
from sqmy_core.scoring.explain import explain

PLUGIN = Path(__file__).resolve().parents[1]
RULESET = PLUGIN / "rulesets" / "xiaoshan.toml"
DISTRICT = PLUGIN.parents[1] / "rulesets" / "district.toml"
DATA = PLUGIN / "tests" / "data" / "xiaoshan-small.json"


def write(tmp_path: Path, body: str, extends: Path = RULESET, name: str = "r.toml") -> Path:
    """A ruleset file extending ``extends`` (an absolute path) with ``body`` after it."""
    path = tmp_path / name
    path.write_text(f"extends = {json.dumps(str(extends))}\n{body}", encoding="utf-8")
    return path


def problems(exc: pytest.ExceptionInfo[RulesetError]) -> list[tuple[str, str]]:
    return [(p.path, p.code) for p in exc.value.problems]


# -- loading -------------------------------------------------------------------


def test_the_plugin_is_installed_under_the_sqmy_entry_point_group() -> None:
    (ep,) = [ep for ep in entry_points(group="sqmy") if ep.name == "xiaoshan"]
    assert ep.value == "sqmy_org_xiaoshan.plugin"


def test_ruleset_loads_with_the_named_plugin_and_the_district_base() -> None:
    rs = load_ruleset(RULESET)
    assert rs.organization == "xiaoshan" and rs.plugins == ("xiaoshan",)
    # extends is resolved from the file's own folder, so it may reach across folders
    assert rs.extends == "../../../rulesets/district.toml"
    ids = [r.id for r in rs.scoring.rules]
    assert ids == [
        "approved",
        "adopted",
        "instructed",
        "implemented",
        "commissioned",
        "group_activity",
        "multi_adoption",
    ]
    assert set(rs.rule_kinds) == {"xiaoshan.multi_adoption_bonus", "xiaoshan.group_activity_bonus"}
    assert [(s.id, s.kind, s.stage) for s in rs.steps] == [
        ("wide_adoption", "xiaoshan.wide_adoption", "piece"),
        ("liaison", "xiaoshan.liaison_bonus", "entity"),
        ("sick_leave", "xiaoshan.sick_leave", "quota"),
        ("silent", "xiaoshan.silent_quarters", "flag"),
        ("veto", "xiaoshan.discipline_veto", "award"),
    ]
    assert sorted(rs.step_kinds) == sorted(s.kind for s in rs.steps)
    multi = rs.scoring.rules[6]
    assert multi.kind == "xiaoshan.multi_adoption_bonus"
    assert multi.params == {"bodies": 2, "points": 3, "min_level": "city"}
    assert multi.combine == "once" and multi.clause == "意见四之5（多家采用）"


def test_loading_without_plugins_says_the_ruleset_needs_them() -> None:
    with pytest.raises(RulesetError) as caught:
        load_without_plugins(RULESET)
    assert problems(caught) == [("plugins", "needs_plugins")]
    assert "xiaoshan" in caught.value.render("zh")


def test_installed_plugin_does_not_break_other_managers() -> None:
    """Installed, the plugin is registered in every manager: its hooks must all be known."""
    pm = get_plugin_manager()
    assert pm.has_plugin("xiaoshan")
    extensions = ruleset_extensions(("xiaoshan",))
    assert sorted(extensions.kinds) == [
        "xiaoshan.group_activity_bonus",
        "xiaoshan.multi_adoption_bonus",
    ]


def test_a_ruleset_that_does_not_name_the_plugin_cannot_use_its_kinds(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'format = "sqmy-ruleset/1"\n'
        "[[scoring.rules]]\n"
        'id = "group"\nevent = "approved"\nkind = "xiaoshan.group_activity_bonus"\n'
        'params = { points = 1, call_prefix = "g" }\n',
        extends=DISTRICT,
    )
    with pytest.raises(RulesetError) as caught:
        load_ruleset(path)
    assert problems(caught) == [("scoring.rules[5].kind", "unknown_kind")]


# -- hand-worked points --------------------------------------------------------


def _points(year: int) -> tuple[dict[str, Fraction], dict[str, Fraction]]:
    rs = load_ruleset(RULESET)
    result = assess(rs, load_dataset_file(DATA, extra_roles=rs.reviewer_roles), year)
    return {p.id: p.points for p in result.people}, {u.id: u.points for u in result.units}


def test_assessment_2024() -> None:
    people, units = _points(2024)
    assert people == {"p001": Fraction(256, 10), "p002": Fraction(104, 10), "p003": Fraction(14)}
    assert units == {"sec-econ": Fraction(28), "sec-agri": Fraction(8), "sec-law": Fraction(14)}


def test_assessment_2025_gets_the_bonus_of_the_adoption_made_then() -> None:
    people, units = _points(2025)
    assert people == {"p001": Fraction(10), "p002": Fraction(0), "p003": Fraction(0)}
    assert units["sec-econ"] == Fraction(10)


def test_explanation_names_the_kind_rules_and_their_clauses() -> None:
    rs = load_ruleset(RULESET)
    book = Book(rs, load_dataset_file(DATA))
    lines = [
        (ln.piece, ln.rule, ln.clause, ln.points)
        for ln in explain(book, 2024, "person", "p001").lines
        if ln.rule in ("group_activity", "multi_adoption")
    ]
    assert lines == [
        ("2024-001", "group_activity", "意见四之2（信息小组集中采编）", Fraction(1)),
        ("2024-001", "multi_adoption", "意见四之5（多家采用）", Fraction(3)),
        ("2024-004", "group_activity", "意见四之2（信息小组集中采编）", Fraction(1)),
    ]
    p002 = [(ln.piece, ln.rule, ln.points) for ln in explain(book, 2024, "person", "p002").lines]
    assert ("2024-002", "multi_adoption", Fraction(3)) in p002
    assert not any(rule == "group_activity" for _, rule, _ in p002)  # 征集目录 zj-: no bonus
    assert not any(piece == "2024-003" and rule == "multi_adoption" for piece, rule, _ in p002)


def test_workspace_keeps_the_plugins_and_reattaches_the_kinds(tmp_path: Path) -> None:
    db = str(tmp_path / "xiaoshan.db")
    with Workspace.open(db, ruleset=RULESET) as ws:
        ws.apply_ruleset(ws.ruleset, actor="admin", at=datetime(2024, 1, 1, tzinfo=UTC))
        ws.register_person(Person("s", "办公室", ["staff"]))  # who imports
        ws.import_dataset(load_dataset_file(DATA), actor="s")
    with Workspace.open(db, organization="xiaoshan") as ws:
        assert ws.ruleset.plugins == ("xiaoshan",)
        assert set(ws.ruleset.rule_kinds) == {
            "xiaoshan.multi_adoption_bonus",
            "xiaoshan.group_activity_bonus",
        }
        points = {p.id: p.points for p in ws.assess(2024).people}
    assert points == {"p001": Fraction(256, 10), "p002": Fraction(104, 10), "p003": Fraction(14)}


# -- errors at load time -------------------------------------------------------


def test_bad_params_are_errors_at_load_time_naming_the_key_path(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'format = "sqmy-ruleset/1"\nplugins = ["xiaoshan"]\n'
        "[[scoring.rules]]\n"
        'id = "bad_multi"\nevent = "adopted"\nkind = "xiaoshan.multi_adoption_bonus"\n'
        'params = { bodies = 1, points = "three", min_level = "town", extra = 1 }\n'
        "[[scoring.rules]]\n"
        'id = "bad_group"\nevent = "approved"\nkind = "xiaoshan.group_activity_bonus"\n'
        "params = { points = true }\n"
        "[[scoring.rules]]\n"
        'id = "no_params"\nevent = "approved"\nkind = "xiaoshan.group_activity_bonus"\n',
        extends=DISTRICT,
    )
    with pytest.raises(RulesetError) as caught:
        load_ruleset(path)
    assert problems(caught) == [
        ("scoring.rules[5].params.extra", "unknown_key"),
        ("scoring.rules[5].params.points", "wrong_type"),
        ("scoring.rules[5].params.min_level", "unknown_value"),
        ("scoring.rules[5].params.bodies", "out_of_range"),
        ("scoring.rules[6].params.points", "wrong_type"),
        ("scoring.rules[6].params.call_prefix", "missing"),
        ("scoring.rules[7].params.points", "missing"),
        ("scoring.rules[7].params.call_prefix", "missing"),
    ]
    text = caught.value.render("zh").splitlines()
    assert f"{path}: scoring.rules[5].params.bodies: 应在 2 到 10 之间，实际为 1" in text
    assert f"{path}: scoring.rules[6].params.points: 应为数值，实际为 true" in text
    assert f"{path}: scoring.rules[7].params.call_prefix: 缺少必填项" in text


def test_a_bad_param_in_an_override_is_found_after_merging(tmp_path: Path) -> None:
    """A child ruleset changes one param of the Xiaoshan rule (params tables merge key by key)."""
    path = write(
        tmp_path,
        '[[scoring.rules]]\nid = "multi_adoption"\nparams = { bodies = 6, min_level = "province" }\n',
    )
    with pytest.raises(RulesetError) as caught:
        load_ruleset(path)
    assert caught.value.render("en") == (
        f"{path}: scoring.rules[6].params.bodies: expected a value from 2 to 5, got 6"
    )


def test_the_organization_rule_refuses_call_bonuses_above_two_points(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "[[scoring.rules]]\n"
        'id = "commissioned"\npoints = 3\n'
        "[[scoring.rules]]\n"
        'id = "group_activity"\nparams = { points = 2.5 }\n'
        "[[scoring.rules]]\n"
        'id = "multi_adoption"\nevent = "approved"\n'
        "[[scoring.rules]]\n"
        'id = "commission_adopted"\nevent = "adopted"\nby = "body"\n'
        "values = { cppcc-city = 2, cppcc-province = 4 }\n"
        'when = { call_kinds = ["commission"] }\n',
    )
    with pytest.raises(RulesetError) as caught:
        load_ruleset(path)
    assert problems(caught) == [
        ("scoring.rules[4].points", "out_of_range"),
        ("scoring.rules[5].params.points", "out_of_range"),
        ("scoring.rules[6].event", "not_for_event"),
        ("scoring.rules[7].values.cppcc-province", "out_of_range"),
    ]
    text = caught.value.render("zh").splitlines()
    assert f"{path}: scoring.rules[4].points: 应在 0 到 2 之间，实际为 3" in text
    assert f"{path}: scoring.rules[5].params.points: 应在 0 到 2 之间，实际为 2.5" in text
    assert (
        f"{path}: scoring.rules[6].event: kind = 'xiaoshan.multi_adoption_bonus' 不适用于“approved”事件"
        in text
    )


def test_two_points_is_allowed(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[[scoring.rules]]\nid = "commissioned"\npoints = 2\n'
        '[[scoring.rules]]\nid = "group_activity"\nparams = { points = 2 }\n',
    )
    rs = load_ruleset(path)
    assert rs.scoring.rules[4].points == 2 and rs.scoring.rules[5].params == {
        "points": 2,
        "call_prefix": "xz-group-",
    }


def test_the_organization_rule_applies_only_to_rulesets_naming_the_plugin(tmp_path: Path) -> None:
    path = write(tmp_path, '[[scoring.rules]]\nid = "commissioned"\npoints = 3\n', extends=DISTRICT)
    assert load_ruleset(path).scoring.rules[4].points == 3
