"""``sqmy ruleset doc``: the 计分标准 is generated from the ruleset, with every clause and number."""

from __future__ import annotations

import ast
import re
import tomllib
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from sqmy_core.reports import render_ruleset_doc
from sqmy_core.reports.words import chinese_number, clause_position, num, percent
from sqmy_core.rules.load import parse_ruleset
from tests.cli.conftest import sqmy

REPO = Path(__file__).resolve().parents[2]
NAMES = ("district", "party", "committee", "duty", "county_office")
SKIPPED = {("calendar", "weekend")}
"""Weekdays are named (周六、周日), not numbered."""


def _load(name: str) -> Any:
    path = REPO / "rulesets" / f"{name}.toml"
    return parse_ruleset(path.read_text(encoding="utf-8"), str(path))


def _walk(data: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    out: list[tuple[tuple[str, ...], Any]] = []
    if isinstance(data, dict):
        for k, v in data.items():
            out += _walk(v, (*path, str(k)))
    elif isinstance(data, list):
        for v in data:
            out += _walk(v, path)
    else:
        out.append((path, data))
    return out


def _appears(text: str, token: str) -> bool:
    return re.search(rf"(?<![0-9.]){re.escape(token)}(?![0-9])", text) is not None


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_clause_and_every_number_is_in_the_doc(name: str, lang: str) -> None:
    raw = tomllib.loads((REPO / "rulesets" / f"{name}.toml").read_text(encoding="utf-8"))
    doc = render_ruleset_doc(_load(name), lang)
    for path, value in _walk(raw):
        if path[-1] in ("clause", "unit_clause") and value:
            assert value in doc, f"{name}: clause {value!r} of {'.'.join(path)} is missing"
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        if path[-2:] in SKIPPED or any(p in SKIPPED for p in [path[-2:]]):
            continue
        f = Fraction(str(value))
        if f == 0 and lang == "zh" and "不扣分" in doc:
            continue  # a step of 0 points is said in words (第 1 次不扣分)
        tokens = {num(f), percent(f), percent(abs(f - 1)), num(abs(f))}
        assert any(_appears(doc, t) for t in tokens), f"{name}: {'.'.join(path)} = {value}"


def test_the_district_excerpts() -> None:
    doc = render_ruleset_doc(_load("district"))
    assert (
        "- **批示**（第五条第3款）：批示按级别计分：县（区）级 3 分、市级 6 分、省级 10 分、国家级 10 分；"
        "表中未列的不计分；按领导职务：主要领导加 50%；多次的累加；每篇合计不超过 20 分。"
    ) in doc
    assert (
        "- **联名信息的分值拆分**（第五条第6款）：仅一位作者的得全部分值；多位作者的，"
        "第一作者得 60%，其余作者平分 40%。"
    ) in doc
    assert (
        "第 1 名的，评为“一等”；第 2–3 名的，评为“二等”；第 4–6 名的，评为“三等”；依次取第一个符合的等次。"
    ) in doc
    # articles in order, each once
    heads = re.findall(r"^## 第(.+?)条$", doc, flags=re.M)
    assert heads == ["一", "二", "三", "四", "五", "六", "七"]


def test_party_highest_and_distinct_and_the_grace_period() -> None:
    doc = render_ruleset_doc(_load("party"))
    assert "按采用机构分别计分、累加（同一采用机构只计一次）；每篇合计不超过 20 分" in doc
    assert "发生在报送次年 1 月 31 日 24 时前的计入报送年度" in doc
    assert "每篇信息提交计 0.5 分" in doc


def test_numbers_and_chinese_numerals() -> None:
    assert num(Fraction(3, 2)) == "1.5"
    assert num(Fraction(1, 3)) == "1/3"
    assert num(Fraction(-5)) == "-5"
    assert num(Fraction(1, 40)) == "0.025"
    assert percent(Fraction(3, 5)) == "60%"
    assert chinese_number("十二") == 12
    assert chinese_number("二十") == 20
    assert chinese_number("一百零三") == 103
    assert clause_position("第十二条第3款、第5款") == (12, 3)
    assert clause_position("第二条口径") == (2, 0)
    assert clause_position("附则") is None


EVERYTHING = """
format = "sqmy-ruleset/2"
organization = "all"
title = "全部构件"
effective_from = 2025-01-01
[year]
clause = "第一条"
attribution = "submission"
[scope]
clause = "第一条"
roles = ["member", "delegate"]
unit_kinds = ["sector", "township"]
[vocabulary]
clause = "第十条"
bodies = [{ id = "yaoqing", name = "《要情快报》", level = "county" }]
ranks = [{ id = "psc", name = "常委领导" }]
roles = [{ id = "delegate", name = "人大代表" }]
unit_kinds = [{ id = "township", name = "乡镇" }]
penalty_kinds = [{ id = "plagiarism", name = "抄袭" }]
activity_kinds = [{ id = "meeting", name = "参加会议" }]
[attributes.degree]
type = "choice"
values = ["full", "half"]
on = ["adopted"]
default = "half"
label = "采用程度"
[[sections]]
id = "sqmy"
label = "社情民意"
clause = "第二条第1款"
cap = 15
floor = 0
piece_cap = 12
[[sections]]
id = "duty"
label = "履职"
clause = "第二条第2款"
[[tallies]]
id = "fee"
label = "稿酬"
unit = "元"
clause = "第九条"
[scoring]
unit_clause = "第三条第9款"
piece_cap = 30
[scoring.split]
clause = "第三条第8款"
mode = "positions"
shares = [1, 0.2]
max_authors = 3
[[scoring.rules]]
id = "adopted"
clause = "第三条第1款"
label = "采用"
event = "adopted"
by = ["level", "attributes.degree"]
values = { national = { full = 15, half = 10 }, county = { full = 4, half = 0.5 } }
combine = "highest"
group = "adoption"
cap = 20
floor = 0
applies_from = 2025-01-01
applies_until = 2026-01-01
section = "sqmy"
[[scoring.rules]]
id = "instructed"
clause = "第三条第2款"
event = "instructed"
by = "level"
values = { city = 6 }
multipliers = [{ by = "rank", values = { psc = 1.5 } }]
combine = "sum_distinct"
distinct_by = "rank"
entities = ["person"]
split = { mode = "first_share", first_share = 0.7 }
when = { levels = ["city"], match = { "attributes.degree" = ["full"] } }
[[scoring.rules]]
id = "fee"
clause = "第九条"
event = "adopted"
points = 200
tally = "fee"
combine = "once"
[[bases]]
id = "member_base"
clause = "第四条"
entity = "person"
roles = ["member"]
points = 60
[totals]
clause = "第四条第2款"
bonus_cap = 50
bonus_floor = -10
cap = 100
floor = 0
[[penalties]]
id = "plagiarism"
clause = "第五条"
on = "penalized"
kinds = ["plagiarism"]
count = "ever"
steps = [{ points = 0, flag = "warned", label = "警告" }, { points = -5 }, { points = -10, disqualify = true }]
[adjustments]
clause = "第五条第2款"
section = "duty"
[[activities]]
id = "meeting"
clause = "第六条"
kinds = ["meeting"]
by = "attributes.role"
values = { host = 5, guest = 2 }
cap = 20
section = "duty"
[attributes.role]
type = "choice"
values = ["host", "guest"]
on = ["activity"]
required = true
[[quotas]]
id = "quarterly"
clause = "第七条"
label = "每季度 1 篇"
entity = "person"
roles = ["member"]
metric = "approved"
min = 1
period = "quarter"
tenure = "prorate"
joint = "first"
[[period_points]]
id = "q_deduct"
clause = "第七条第2款"
quota = "quarterly"
met = 1
missed = -2
limit = 6
max = 3
tenure = "whole_periods"
[unit_points]
clause = "第八条"
source = "members"
aggregate = "average"
of = "bonus"
roles = ["member"]
empty = 0
[[metrics]]
id = "city_adopted"
clause = "第八条第2款"
label = "市级以上采用"
event = "adopted"
when = { levels = ["city", "province", "national"] }
[[rates]]
id = "rate"
clause = "第八条第3款"
label = "采用率"
numerator = "adopted"
denominator = "submitted"
[[flags]]
id = "low"
clause = "第八条第4款"
label = "低分"
below_points = 60
consecutive_years = 2
level = 2
[rankings.people]
clause = "第十一条"
order = ["points", "city_adopted", "rate", "section:sqmy", "bonus"]
[rankings.units]
clause = "第十一条"
group_by = "unit_kind"
[[awards]]
id = "top"
clause = "第十二条"
entity = "person"
exclude_flags = ["low"]
tiers = [{ label = "一等", max_rank = 1 }, { label = "优秀", top_percent = 10 },
         { label = "达标", min_points = 85, min_rates = { rate = 0.3 }, min_counts = { city_adopted = 2 } }]
[[grades]]
id = "grade"
clause = "第十三条"
entity = "person"
tiers = [{ label = "称职", min_points = 60 }, { label = "不称职" }]
"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_ruleset_using_every_construct_renders(lang: str) -> None:
    rs = parse_ruleset(EVERYTHING, "everything.toml")
    doc = render_ruleset_doc(rs, lang)
    heads = re.findall(r"^## .*$", doc, flags=re.M)
    assert len(heads) >= 13
    for token in ("50%", "70%", "20%", "0.5", "200", "-10", "30%", "10%", "85"):
        assert _appears(doc, token), token
    if lang == "zh":
        assert "第 1 位作者得 100%、第 2 位及以后的作者各得 20%；只计前 3 位作者" in doc
        assert "国家级：全文 15 分" not in doc  # choice values print as declared (full/half)
        assert "国家级：full 10 分" not in doc
        assert "国家级：full 15 分、half 10 分；县（区）级：full 4 分、half 0.5 分" in doc
        assert "常委领导加 50%" in doc
        assert "第 1 次不扣分、标记“warned”、（警告）；第 2 次扣 5 分" in doc
        assert "相同的依次以市级以上采用篇数、采用率、社情民意、加分（积分减基础分）多者居前" in doc
        assert "经决定的加分、扣分记录计入积分；计入分项“履职”。" in doc
        assert "第 3 次及以后每次扣 10 分、取消评先评优资格" in doc
        assert "单位积分为其委员加分（积分减基础分）的平均值；没有这样的成员的单位计 0 分" in doc
        assert "其余的为“不称职”" in doc
        assert "采用机构“《要情快报》”（yaoqing）：县（区）级" in doc
        assert "施行日期：2025年1月1日" in doc


def test_the_doc_command(tmp_path: Path) -> None:
    out = sqmy("ruleset", "doc", str(REPO / "rulesets" / "district.toml"))
    assert out.code == 0, out.err
    assert out.out == render_ruleset_doc(_load("district"))
    target = tmp_path / "d.md"
    out = sqmy(
        "ruleset", "doc", str(REPO / "rulesets" / "party.toml"), "-o", str(target), "--lang", "en"
    )
    assert out.code == 0, out.err
    assert target.read_text(encoding="utf-8") == render_ruleset_doc(_load("party"), "en")
    assert sqmy("ruleset", "doc", str(tmp_path / "nope.toml")).code == 2


@pytest.mark.parametrize("name", NAMES)
def test_the_published_docs_are_current(name: str) -> None:
    published = (REPO / "docs" / "计分标准" / f"{name}.md").read_text(encoding="utf-8")
    assert published == render_ruleset_doc(_load(name)), (
        f"docs/计分标准/{name}.md 已过时：运行 sqmy ruleset doc rulesets/{name}.toml "
        f"-o docs/计分标准/{name}.md"
    )


def test_reports_sit_below_the_cli_and_the_workspace() -> None:
    for path in sorted((REPO / "src" / "sqmy_core" / "reports").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith(
                    ("sqmy_core.cli", "sqmy_core.workspace", "sqmy_core.tools")
                ), f"{path.name} imports {node.module}"
