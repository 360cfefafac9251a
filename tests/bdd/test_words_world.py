"""Chinese words for the vocabularies, and how a scenario's world finds people, units and pieces."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sqmy_core.bdd import words
from sqmy_core.bdd.errors import SpecError
from sqmy_core.bdd.numbers import parse_when
from sqmy_core.bdd.world import World
from sqmy_core.rules.load import load_ruleset

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("市政协", "cppcc-city"),
        ("区政协《社情民意》", "cppcc-county"),
        ("区政协刊物《社情民意》", "cppcc-county"),
        ("民建市委《社情民意》", "party-city"),
        ("民建中央", "party-central"),
        ("省委办公厅", "cpc-province-office"),
        ("全国政协", "cppcc-national"),
        ("“市政协”", "cppcc-city"),
        ("cppcc-province", "cppcc-province"),
    ],
)
def test_bodies(text: str, body: str) -> None:
    assert words.body(text) == body


def test_unknown_body_lists_the_known_words() -> None:
    with pytest.raises(SpecError, match=r"未知的采用机构“市政府”。可用的写法：.*市政协"):
        words.body("市政府")


@pytest.mark.parametrize(
    ("text", "level", "rank"),
    [
        ("市级主要领导", "city", "principal"),
        ("市级领导", "city", "deputy"),
        ("市级分管领导", "city", "deputy"),
        ("区级领导", "county", "deputy"),
        ("县级主要领导", "county", "principal"),
        ("省部级领导", "province", "deputy"),
        ("省级及以上领导", "province", "deputy"),
        ("国家级主要领导", "national", "principal"),
    ],
)
def test_leaders(text: str, level: str, rank: str) -> None:
    assert words.leader(text) == (level, rank)


def test_unknown_leader() -> None:
    with pytest.raises(SpecError, match="市级主要领导"):
        words.leader("书记")


def test_reviewer_role_words_come_from_the_ruleset_stages() -> None:
    district = words.role_words(load_ruleset(REPO / "rulesets" / "district.toml"))
    assert district["初审人"] == district["社法委"] == district["初审"] == "reviewer_initial"
    assert district["分管副主席"] == district["复审人"] == "reviewer_deputy"
    assert district["主席"] == district["审定人"] == "reviewer_chair"
    assert district["专家"] == "expert"
    committee = words.role_words(load_ruleset(REPO / "rulesets" / "committee.toml"))
    assert committee["委办专人"] == "editor"
    assert committee["办公室主任"] == "office_director"
    assert committee["专委会领导"] == "committee_leader"
    assert words.role_words(None)["特邀信息员"] == words.role_words(None)["特约信息员"]


def test_lists_and_checks() -> None:
    assert words.split_list("甲、乙，丙,丁") == ["甲", "乙", "丙", "丁"]
    assert words.split_list('"X"、“Y”') == ["X", "Y"]
    ruleset = load_ruleset(REPO / "rulesets" / "district.toml")
    assert words.checks("五关", ruleset) == ["political", "policy", "factual", "format", "wording"]
    assert words.checks("政治关、文字关", ruleset) == ["political", "wording"]
    with pytest.raises(SpecError, match="未知的把关项“安全关”"):
        words.checks("安全关", ruleset)


@pytest.fixture
def world() -> World:
    w = World(REPO)
    w.load_ruleset("rulesets/district.toml")
    return w


def test_people_by_id_name_or_role_word(world: World) -> None:
    world.add_person("p1", "张三", ("member",))
    assert world.person("p1").id == world.person("张三").id == world.person("委员张三").id == "p1"
    created = world.person("特约信息员李四")
    assert (created.id, created.roles) == ("李四", ("special_officer",))
    assert world.person("初审人王五").roles == ("reviewer_initial",)
    with pytest.raises(SpecError, match="“张三”不是特约信息员"):
        world.person("特约信息员张三")
    with pytest.raises(SpecError, match="不认识人员“赵六”"):
        world.person("赵六")
    world.add_person("p2", "张三", ("member",))
    with pytest.raises(SpecError, match="有多个人叫“张三”"):
        world.person("张三")


def test_units_and_entities(world: World) -> None:
    world.add_unit("s1", "经济界", "sector")
    world.add_person("p1", "甲", ("member",))
    assert world.unit('单位 "经济界"').id == world.unit("s1").id == "s1"
    assert world.entity('单位 "经济界"') == ("unit", "s1")
    assert world.entity("经济界") == ("unit", "s1")
    assert world.entity("甲") == ("person", "p1")
    with pytest.raises(SpecError, match="不认识单位“农业界”"):
        world.unit("农业界")
    with pytest.raises(SpecError, match="单位“s1”重复"):
        world.add_unit("s1", "经济界", "sector")


def test_pieces_go_through_the_workflow_and_into_the_dataset(world: World) -> None:
    author = world.person("委员甲")
    pid = world.submit(title="X", authors=[author], actor=author, at=parse_when("2024-03-01"))
    assert pid == "X"
    world.record("X", "approved", parse_when("2024-03-05"))
    world.record("X", "adopted", parse_when("2024-04-01"), body="cppcc-city")
    assert world.state("X").status == "approved"
    dataset = world.dataset()
    assert [p.id for p in dataset.pieces] == ["X"]
    assert [e.type for e in dataset.events] == ["approved", "adopted"]
    assert world.assessment(2024).person("甲").points == 5
    with pytest.raises(SpecError, match="信息“X”已经提交过"):
        world.new_piece_id("X")
    with pytest.raises(SpecError, match="没有信息“Y”"):
        world.piece("Y")


def test_a_refused_submission_is_kept_for_the_next_step(world: World) -> None:
    author, other = world.person("委员甲"), world.person("委员乙")
    assert (
        world.submit(title="X", authors=[author], actor=other, at=parse_when("2024-03-01")) is None
    )
    assert world.refusal is not None
    assert "只有作者本人或角色 staff" in world.refusal.render()
    assert "X" not in world.streams


def test_undated_events_need_a_year(world: World) -> None:
    with pytest.raises(SpecError, match="考核年度为 2024 年"):
        world.when(None)
    world.year = 2024
    first, second = world.when(None), world.when(None)
    assert first < second
    assert first.year == 2024


def test_missing_ruleset_and_files() -> None:
    world = World(REPO)
    with pytest.raises(SpecError, match="还没有指定规则集"):
        _ = world.ruleset
    with pytest.raises(SpecError, match=re.escape("找不到文件“rulesets/nope.toml”")):
        world.load_ruleset("rulesets/nope.toml")
