"""Bad rulesets: each mistake raises RulesetError with the key path, in zh and en.

Every case starts from ``BASE`` (a sound ruleset that uses every section) and
changes one thing; the test then checks the exact key path, the message code
and the rendered line in both languages, which names what was expected and
what was found.  ``edit`` insists that the text it replaces occurs exactly
once, so a change to ``BASE`` cannot silently turn a case into a no-op.
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest

from sqmy_core.errors import Problem, RulesetError
from sqmy_core.i18n import CATALOG
from sqmy_core.i18n import ruleset as ruleset_messages
from sqmy_core.model import vocab
from sqmy_core.rules import parse_ruleset
from sqmy_core.rules.load import load_ruleset
from sqmy_core.rules.spec import PointsRule

SRC = "org.toml"

BASE = """\
format = "sqmy-ruleset/1"
organization = "org"
title = "测试规则集"

[year]
clause = "第一条"
timezone = "+08:00"
attribution = "event"

[scope]
clause = "第一条"
roles = ["member", "special_officer"]
unit_kinds = ["sector", "committee"]

[scoring]
unit_credit = "full"
unit_clause = "第五条第7款"

[scoring.split]
clause = "第五条第6款"
mode = "first_share"
first_share = 0.6

[[scoring.rules]]
id = "approved"
event = "approved"
points = 1
combine = "once"

[[scoring.rules]]
id = "adopted"
event = "adopted"
by = "body"
values = { cppcc-county = 2, cppcc-city = 4 }
combine = "highest"

[[scoring.rules]]
id = "instructed"
event = "instructed"
by = "level"
values = { county = 3, city = 6 }
rank_multiplier = { principal = 1.5 }
combine = "sum"
cap = 20

[[scoring.rules]]
id = "implemented"
event = "handled"
by = "outcome"
values = { implemented = 2 }
combine = "once"

[[scoring.rules]]
id = "commissioned"
label = "约稿加分"
event = "approved"
points = 1
combine = "once"
when = { call_kinds = ["commission", "key_topic"] }

[[quotas]]
id = "member"
entity = "person"
roles = ["member"]
metric = "approved"
min = 1

[[quotas]]
id = "officer"
entity = "person"
roles = ["special_officer"]
metric = "approved"
min = 5
period = "year"

[[quotas]]
id = "unit"
entity = "unit"
unit_kinds = ["sector", "committee"]
metric = "approved"
min = 5

[[flags]]
id = "talk"
quota = "member"
consecutive_years = 2

[rankings.people]
order = ["points", "adopted_pieces"]

[rankings.units]
order = ["points", "adopted_pieces"]
group_by = "unit_kind"

[[awards]]
id = "advanced"
entity = "person"
require_quotas_met = true
tiers = [{ label = "先进个人", min_points = 20 }]

[[awards]]
id = "grade"
entity = "unit"
rank_among = "eligible"
tiers = [{ label = "一等", max_rank = 1 }, { label = "二等", top_percent = 30 }]

[deadlines]
count = "working_days"
routes = { direct = 2, reference = 5 }

[calendar]
weekend = [6, 7]
holidays = ["2024-10-01"]
workdays = ["2024-10-12"]

[review]
checks = ["political", "policy", "factual", "format", "wording"]
require_checks = true
return_to = "first"

[[review.stages]]
id = "initial"
role = "reviewer_initial"
decisions = ["pass", "return", "reject", "escalate"]
escalate_role = "expert"

[[review.stages]]
id = "deputy"
role = "reviewer_deputy"
decisions = ["pass", "return", "reject"]

[[review.stages]]
id = "chair"
role = "reviewer_chair"
decisions = ["pass", "return", "reject"]

[[reminders]]
id = "quota_reminder"
about = "quota"
every = "month"
on = "first_working_day"
from_month = 7
quotas = ["member", "officer"]

[[reminders]]
id = "call_due"
about = "call_due"
days_before = 7
call_kinds = ["commission"]

[[bulletins]]
id = "quarterly"
every = "quarter"
metrics = ["submitted", "approved", "adopted"]
rates = ["adoption_rate"]
"""


def edit(old: str, new: str, text: str = BASE) -> str:
    """``text`` with the one occurrence of ``old`` replaced by ``new``."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def _no_parent(name: str, from_source: str) -> tuple[str, str]:
    raise OSError(f"no such ruleset: {name}")


def fails(text: str) -> RulesetError:
    """The error loading ``text`` raises (the test fails if it loads)."""
    with pytest.raises(RulesetError) as info:
        parse_ruleset(text, SRC, _no_parent)
    return info.value


def only(err: RulesetError) -> Problem:
    assert len(err.problems) == 1, err.render("en")
    return err.problems[0]


def test_base_is_sound() -> None:
    rs = parse_ruleset(BASE, SRC, _no_parent)
    assert rs.organization == "org"
    assert rs.review is not None and len(rs.review.stages) == 3


# --------------------------------------------------------------------------
# Wrong TOML types: no coercion
# --------------------------------------------------------------------------

TYPE_CASES = [
    pytest.param(
        (
            'points = 1\ncombine = "once"\n\n[[scoring.rules]]\nid = "adopted"',
            'points = "4"\ncombine = "once"\n\n[[scoring.rules]]\nid = "adopted"',
        ),
        "scoring.rules[0].points",
        "expected a number, got '4'",
        "应为数值，实际为 '4'",
        id="string-for-number",
    ),
    pytest.param(
        ("cppcc-city = 4 }", 'cppcc-city = "4" }'),
        "scoring.rules[1].values.cppcc-city",
        "expected a number, got '4'",
        "应为数值，实际为 '4'",
        id="string-for-number-in-values",
    ),
    pytest.param(
        ("first_share = 0.6", 'first_share = "60%"'),
        "scoring.split.first_share",
        "expected a number, got '60%'",
        "应为数值，实际为 '60%'",
        id="percent-string-for-number",
    ),
    pytest.param(
        ('metric = "approved"\nmin = 5\nperiod', 'metric = "approved"\nmin = 5.0\nperiod'),
        "quotas[1].min",
        "expected an integer, got 5.0",
        "应为整数，实际为 5.0",
        id="float-for-integer",
    ),
    pytest.param(
        ("direct = 2,", "direct = 2.5,"),
        "deadlines.routes.direct",
        "expected an integer, got 2.5",
        "应为整数，实际为 2.5",
        id="float-for-integer-in-table",
    ),
    pytest.param(
        ("cap = 20", "cap = true"),
        "scoring.rules[2].cap",
        "expected a number, got true",
        "应为数值，实际为 true",
        id="true-for-number",
    ),
    pytest.param(
        ("consecutive_years = 2", "consecutive_years = false"),
        "flags[0].consecutive_years",
        "expected an integer, got false",
        "应为整数，实际为 false",
        id="false-for-integer",
    ),
    pytest.param(
        ('roles = ["member", "special_officer"]', 'roles = "member"'),
        "scope.roles",
        "expected a list, got 'member'",
        "应为列表，实际为 'member'",
        id="string-for-list",
    ),
    pytest.param(
        ('tiers = [{ label = "先进个人", min_points = 20 }]', 'tiers = "先进个人"'),
        "awards[0].tiers",
        "expected a list, got '先进个人'",
        "应为列表，实际为 '先进个人'",
        id="string-for-list-of-tables",
    ),
    pytest.param(
        ('organization = "org"', "organization = 5"),
        "organization",
        "expected a string, got 5",
        "应为字符串，实际为 5",
        id="integer-for-string",
    ),
    pytest.param(
        ('label = "约稿加分"', "label = true"),
        "scoring.rules[4].label",
        "expected a string, got true",
        "应为字符串，实际为 true",
        id="boolean-for-string",
    ),
    pytest.param(
        ("require_checks = true\nreturn_to", 'require_checks = "yes"\nreturn_to'),
        "review.require_checks",
        "expected a boolean (true/false), got 'yes'",
        "应为布尔值（true/false），实际为 'yes'",
        id="string-for-boolean",
    ),
    pytest.param(
        ("require_quotas_met = true", "require_quotas_met = 1"),
        "awards[0].require_quotas_met",
        "expected a boolean (true/false), got 1",
        "应为布尔值（true/false），实际为 1",
        id="integer-for-boolean",
    ),
    pytest.param(
        ("values = { implemented = 2 }", "values = [2]"),
        "scoring.rules[3].values",
        "expected a table, got [...]",
        "应为表（键值对），实际为 [...]",
        id="list-for-table",
    ),
    pytest.param(
        ('holidays = ["2024-10-01"]', 'holidays = ["2024-10-01", 20241002]'),
        "calendar.holidays[1]",
        "expected a string, got 20241002",
        "应为字符串，实际为 20241002",
        id="integer-in-list-of-strings",
    ),
    pytest.param(
        ('combine = "highest"', 'combine = "max"'),
        "scoring.rules[1].combine",
        "unknown value 'max' (expected one of: sum, sum_distinct, highest, once)",
        "未知的取值 'max'（应为以下之一：sum, sum_distinct, highest, once）",
        id="unknown-choice",
    ),
    pytest.param(
        ('attribution = "event"', 'attribution = "submitted"'),
        "year.attribution",
        "unknown value 'submitted' (expected one of: event, submission)",
        "未知的取值 'submitted'（应为以下之一：event, submission）",
        id="unknown-attribution",
    ),
    pytest.param(
        ('period = "year"', 'period = "week"'),
        "quotas[1].period",
        "unknown value 'week' (expected one of: year, half, quarter, month)",
        "未知的取值 'week'（应为以下之一：year, half, quarter, month）",
        id="unknown-period",
    ),
    pytest.param(
        ('id = "member"\nentity = "person"', 'id = "member"\nentity = 1'),
        "quotas[0].entity",
        "unknown value 1 (expected one of: person, unit)",
        "未知的取值 1（应为以下之一：person, unit）",
        id="integer-for-choice",
    ),
]


@pytest.mark.parametrize(("change", "path", "en", "zh"), TYPE_CASES)
def test_wrong_type_is_reported_with_path_expected_and_found(
    change: tuple[str, str], path: str, en: str, zh: str
) -> None:
    err = fails(edit(*change))
    assert only(err).path == path
    assert err.render("en") == f"{SRC}: {path}: {en}"
    assert err.render("zh") == f"{SRC}: {path}: {zh}"


def test_default_language_is_chinese() -> None:
    err = fails(edit("cap = 20", 'cap = "20"'))
    assert str(err) == err.render() == err.render("zh")
    assert str(err) == f"{SRC}: scoring.rules[2].cap: 应为数值，实际为 '20'"


def test_quoted_number_is_not_coerced_anywhere() -> None:
    """A quoted "4" is not 4, 5.0 is not 5, true is not 1: each is reported, all at once."""
    text = edit("min = 1\n", 'min = "1"\n')
    text = edit("min = 5\nperiod", "min = 5.0\nperiod", text)
    text = edit("days_before = 7", "days_before = true", text)
    err = fails(text)
    assert [(p.path, p.code, p.params["found"]) for p in err.problems] == [
        ("quotas[0].min", "wrong_type", "'1'"),
        ("quotas[1].min", "wrong_type", "5.0"),
        ("reminders[1].days_before", "wrong_type", "true"),
    ]


# --------------------------------------------------------------------------
# Unknown keys (typos) in every kind of table
# --------------------------------------------------------------------------

UNKNOWN_KEY_CASES = [
    pytest.param(('title = "测试规则集"', 'titel = "测试规则集"'), "titel", "format", id="top"),
    pytest.param(
        ('timezone = "+08:00"', 'time_zone = "+08:00"'), "year.time_zone", "timezone", id="year"
    ),
    pytest.param(
        ('roles = ["member", "special_officer"]', 'role = ["member"]'),
        "scope.role",
        "roles",
        id="scope",
    ),
    pytest.param(
        ('unit_credit = "full"', 'unit_credits = "full"'),
        "scoring.unit_credits",
        "unit_credit",
        id="scoring",
    ),
    pytest.param(
        ('mode = "first_share"', 'mode = "first_share"\nfirst = 0.6'),
        "scoring.split.first",
        "first_share",
        id="split",
    ),
    pytest.param(("cap = 20", "max = 20"), "scoring.rules[2].max", "cap", id="rule"),
    pytest.param(
        (
            'when = { call_kinds = ["commission", "key_topic"] }',
            'when = { call_kind = ["commission"] }',
        ),
        "scoring.rules[4].when.call_kind",
        "call_kinds",
        id="when",
    ),
    pytest.param(("min = 1\n", "min = 1\nminimum = 1\n"), "quotas[0].minimum", "min", id="quota"),
    pytest.param(
        ("consecutive_years = 2", "consecutive_years = 2\nyears = 2"),
        "flags[0].years",
        "consecutive_years",
        id="flag",
    ),
    pytest.param(
        ("[rankings.people]\norder", '[rankings.people]\nsort = ["points"]\norder'),
        "rankings.people.sort",
        "order",
        id="ranking",
    ),
    pytest.param(
        ("[rankings.people]", "[rankings.persons]"), "rankings.persons", "people", id="rankings"
    ),
    pytest.param(
        ("require_quotas_met = true", "require_quota_met = true"),
        "awards[0].require_quota_met",
        "require_quotas_met",
        id="award",
    ),
    pytest.param(
        ('{ label = "先进个人", min_points = 20 }', '{ label = "先进个人", min_point = 20 }'),
        "awards[0].tiers[0].min_point",
        "min_points",
        id="tier",
    ),
    pytest.param(
        ('count = "working_days"', 'counting = "working_days"'),
        "deadlines.counting",
        "count",
        id="deadlines",
    ),
    pytest.param(
        ('workdays = ["2024-10-12"]', 'work_days = ["2024-10-12"]'),
        "calendar.work_days",
        "workdays",
        id="calendar",
    ),
    pytest.param(
        ('return_to = "first"', 'return = "first"'), "review.return", "return_to", id="review"
    ),
    pytest.param(
        ('escalate_role = "expert"', 'escalate_to = "expert"'),
        "review.stages[0].escalate_to",
        "escalate_role",
        id="stage",
    ),
    pytest.param(
        ("from_month = 7", "start_month = 7"),
        "reminders[0].start_month",
        "from_month",
        id="reminder",
    ),
    pytest.param(
        ('rates = ["adoption_rate"]', 'rate = ["adoption_rate"]'),
        "bulletins[0].rate",
        "rates",
        id="bulletin",
    ),
]


@pytest.mark.parametrize(("change", "path", "allowed_key"), UNKNOWN_KEY_CASES)
def test_unknown_key_is_reported_with_the_keys_allowed_there(
    change: tuple[str, str], path: str, allowed_key: str
) -> None:
    err = fails(edit(*change))
    problem = next(p for p in err.problems if p.code == "unknown_key")
    assert problem.path == path
    key = path.rsplit(".", 1)[-1]
    allowed = problem.params["allowed"]
    assert allowed_key in allowed.split(", ")
    assert (
        f"{SRC}: {path}: unknown key '{key}' (allowed keys: {allowed})"
        in err.render("en").splitlines()
    )
    assert (
        f"{SRC}: {path}: 未知的键 '{key}'（可用的键：{allowed}）" in err.render("zh").splitlines()
    )


def test_key_placed_by_toml_in_the_last_scoring_rule() -> None:
    """A [scoring] key written after the last [[scoring.rules]] belongs to that rule."""
    text = edit('[[quotas]]\nid = "member"', 'piece_cap = 30\n\n[[quotas]]\nid = "member"')
    err = fails(text)
    problem = only(err)
    assert problem.path == "scoring.rules[4].piece_cap"
    assert problem.code == "unknown_key"
    allowed = problem.params["allowed"].split(", ")
    assert allowed == [a.name for a in attrs.fields(PointsRule)]
    assert allowed[:8] == ["id", "event", "clause", "label", "points", "by", "values", "rank_multiplier"]
    assert err.render("en") == (
        f"{SRC}: scoring.rules[4].piece_cap: unknown key 'piece_cap' (allowed keys: "
        f"{', '.join(allowed)})"
    )
    assert err.render("zh") == (
        f"{SRC}: scoring.rules[4].piece_cap: 未知的键 'piece_cap'（可用的键："
        f"{', '.join(allowed)}）"
    )


def test_key_placed_by_toml_in_the_last_review_stage() -> None:
    text = edit(
        'decisions = ["pass", "return", "reject"]\n\n[[reminders]]',
        'decisions = ["pass", "return", "reject"]\nauthors_may_review = false\n\n[[reminders]]',
    )
    problem = only(fails(text))
    assert problem.path == "review.stages[2].authors_may_review"
    assert problem.code == "unknown_key"


def test_misspelt_section_is_both_unknown_and_missing() -> None:
    err = fails(edit("[scoring.split]", "[scoring.splt]"))
    assert [(p.path, p.code) for p in err.problems] == [
        ("scoring.split", "missing"),
        ("scoring.splt", "unknown_key"),
    ]
    assert err.render("en").splitlines()[0] == f"{SRC}: scoring.split: missing required key"
    assert err.render("zh").splitlines()[0] == f"{SRC}: scoring.split: 缺少必填项"


def test_missing_required_key_in_an_array_item() -> None:
    err = fails(edit('id = "approved"\nevent = "approved"', 'event = "approved"'))
    assert only(err).path == "scoring.rules[0].id"
    assert err.render("en") == f"{SRC}: scoring.rules[0].id: missing required key"


# --------------------------------------------------------------------------
# Unknown words from the vocabularies
# --------------------------------------------------------------------------

VOCAB_CASES = [
    pytest.param(
        ("cppcc-city = 4 }", "cppcc-cty = 4 }"),
        "scoring.rules[1].values.cppcc-cty",
        "body",
        "采用机构",
        "'cppcc-cty'",
        vocab.BODIES,
        id="body",
    ),
    pytest.param(
        ("county = 3,", "town = 3,"),
        "scoring.rules[2].values.town",
        "level",
        "级别",
        "'town'",
        vocab.LEVELS,
        id="level",
    ),
    pytest.param(
        ("rank_multiplier = { principal = 1.5 }", "rank_multiplier = { chief = 1.5 }"),
        "scoring.rules[2].rank_multiplier.chief",
        "rank",
        "领导类别",
        "'chief'",
        vocab.RANKS,
        id="rank",
    ),
    pytest.param(
        ("values = { implemented = 2 }", "values = { done = 2 }"),
        "scoring.rules[3].values.done",
        "outcome",
        "办理结果",
        "'done'",
        vocab.OUTCOMES,
        id="outcome",
    ),
    pytest.param(
        ('roles = ["member", "special_officer"]', 'roles = ["member", "officer"]'),
        "scope.roles[1]",
        "role",
        "角色",
        "'officer'",
        vocab.BUILTIN_ROLES,
        id="role",
    ),
    pytest.param(
        ('roles = ["special_officer"]', 'roles = ["informant"]'),
        "quotas[1].roles[0]",
        "role",
        "角色",
        "'informant'",
        vocab.BUILTIN_ROLES,
        id="quota-role",
    ),
    pytest.param(
        (
            'unit_kinds = ["sector", "committee"]\n\n[scoring]',
            'unit_kinds = ["sector", "comittee"]\n\n[scoring]',
        ),
        "scope.unit_kinds[1]",
        "unit kind",
        "单位类别",
        "'comittee'",
        vocab.UNIT_KINDS,
        id="unit-kind",
    ),
    pytest.param(
        ('metric = "approved"\nmin = 1', 'metric = "adopt"\nmin = 1'),
        "quotas[0].metric",
        "metric",
        "统计口径",
        "'adopt'",
        vocab.METRICS,
        id="metric",
    ),
    pytest.param(
        ('metrics = ["submitted", "approved", "adopted"]', 'metrics = ["submitted", "approval"]'),
        "bulletins[0].metrics[1]",
        "metric",
        "统计口径",
        "'approval'",
        vocab.METRICS,
        id="bulletin-metric",
    ),
    pytest.param(
        ('event = "handled"', 'event = "implemented"'),
        "scoring.rules[3].event",
        "event type",
        "事件类型",
        "'implemented'",
        vocab.SCORABLE_EVENTS,
        id="event",
    ),
    pytest.param(
        ("reference = 5", "referral = 5"),
        "deadlines.routes.referral",
        "route",
        "报送方式",
        "'referral'",
        vocab.ROUTES,
        id="route",
    ),
    pytest.param(
        ('"commission", "key_topic"', '"commission", "keytopic"'),
        "scoring.rules[4].when.call_kinds[1]",
        "call kind",
        "约稿类别",
        "'keytopic'",
        vocab.CALL_KINDS,
        id="call-kind",
    ),
    pytest.param(
        ('call_kinds = ["commission"]', 'call_kinds = ["invitation"]'),
        "reminders[1].call_kinds[0]",
        "call kind",
        "约稿类别",
        "'invitation'",
        vocab.CALL_KINDS,
        id="reminder-call-kind",
    ),
    pytest.param(
        (
            'checks = ["political", "policy", "factual", "format", "wording"]',
            'checks = ["political", "policy", "facts"]',
        ),
        "review.checks[2]",
        "check",
        "把关项",
        "'facts'",
        vocab.CHECKS,
        id="check",
    ),
    pytest.param(
        (
            'id = "deputy"\nrole = "reviewer_deputy"\ndecisions = ["pass", "return", "reject"]',
            'id = "deputy"\nrole = "reviewer_deputy"\ndecisions = ["pass", "revise", "reject"]',
        ),
        "review.stages[1].decisions[1]",
        "decision",
        "审核决定",
        "'revise'",
        vocab.DECISIONS,
        id="decision",
    ),
    pytest.param(
        (
            'order = ["points", "adopted_pieces"]\n\n[rankings.units]',
            'order = ["points", "adoptions"]\n\n[rankings.units]',
        ),
        "rankings.people.order[1]",
        "ranking key",
        "排名依据",
        "'adoptions'",
        ("points", "adopted_pieces"),
        id="ranking-key",
    ),
]


@pytest.mark.parametrize(("change", "path", "what_en", "what_zh", "found", "allowed"), VOCAB_CASES)
def test_unknown_word_is_reported_with_the_words_allowed(
    change: tuple[str, str], path: str, what_en: str, what_zh: str, found: str, allowed: object
) -> None:
    err = fails(edit(*change))
    problem = only(err)
    assert problem.path == path
    assert problem.code == "unknown_value"
    listed = problem.params["allowed"].split(", ")
    for word in allowed:  # type: ignore[attr-defined]
        assert word in listed
    en = err.render("en")
    zh = err.render("zh")
    assert (
        en
        == f"{SRC}: {path}: unknown {what_en} {found} (expected one of: {problem.params['allowed']})"
    )
    assert (
        zh == f"{SRC}: {path}: 未知的{what_zh} {found}（应为以下之一：{problem.params['allowed']}）"
    )


def test_reviewer_roles_of_the_stages_are_allowed_and_listed() -> None:
    err = fails(edit('roles = ["member", "special_officer"]', 'roles = ["reviewer_chair", "x"]'))
    problem = only(err)
    assert problem.path == "scope.roles[1]"
    listed = problem.params["allowed"].split(", ")
    assert {"reviewer_initial", "reviewer_deputy", "reviewer_chair"} <= set(listed)


def test_allowed_roles_are_listed_once() -> None:
    err = fails(edit('roles = ["member", "special_officer"]', 'roles = ["member", "officer"]'))
    listed = only(err).params["allowed"].split(", ")
    assert len(listed) == len(set(listed)), listed


# --------------------------------------------------------------------------
# References between sections
# --------------------------------------------------------------------------


def test_flag_naming_a_missing_quota() -> None:
    err = fails(edit('quota = "member"', 'quota = "members"'))
    assert only(err).path == "flags[0].quota"
    assert err.render("en") == (
        f"{SRC}: flags[0].quota: refers to a quota that does not exist: 'members'"
    )
    assert err.render("zh") == f"{SRC}: flags[0].quota: 引用了不存在的任务指标 'members'"


def test_reminder_naming_a_missing_quota() -> None:
    err = fails(edit('quotas = ["member", "officer"]', 'quotas = ["member", "officers"]'))
    assert only(err).path == "reminders[0].quotas[1]"
    assert err.render("en") == (
        f"{SRC}: reminders[0].quotas[1]: refers to a quota that does not exist: 'officers'"
    )
    assert err.render("zh") == f"{SRC}: reminders[0].quotas[1]: 引用了不存在的任务指标 'officers'"


def test_flag_naming_a_unit_quota_says_it_is_not_a_person_quota() -> None:
    err = fails(edit('quota = "member"', 'quota = "unit"'))
    assert only(err).path == "flags[0].quota"
    assert "does not exist" not in err.render("en")
    assert "person" in err.render("en")


def test_reminder_about_quotas_needs_every() -> None:
    err = fails(edit('every = "month"\n', ""))
    assert only(err).path == "reminders[0].every"
    assert (
        err.render("en") == f"{SRC}: reminders[0].every: required when reminders[0].about is quota"
    )


def test_call_due_reminder_needs_days_before() -> None:
    err = fails(edit("days_before = 7\n", ""))
    assert only(err).path == "reminders[1].days_before"
    assert err.render("zh") == (
        f"{SRC}: reminders[1].days_before: reminders[1].about 为 call_due 时必须填写此项"
    )


# --------------------------------------------------------------------------
# Scoring rules
# --------------------------------------------------------------------------


def test_first_share_missing_for_mode_first_share() -> None:
    err = fails(edit("first_share = 0.6\n", ""))
    assert only(err).path == "scoring.split.first_share"
    assert err.render("en") == (
        f"{SRC}: scoring.split.first_share: required when scoring.split.mode is first_share"
    )
    assert err.render("zh") == (
        f"{SRC}: scoring.split.first_share: scoring.split.mode 为 first_share 时必须填写此项"
    )


def test_first_share_given_for_another_mode() -> None:
    err = fails(edit('mode = "first_share"', 'mode = "equal"'))
    assert only(err).path == "scoring.split.first_share"
    assert err.render("en") == (
        f"{SRC}: scoring.split.first_share: only allowed when scoring.split.mode is 'first_share'"
    )


def test_first_share_above_one() -> None:
    err = fails(edit("first_share = 0.6", "first_share = 1.5"))
    problem = only(err)
    assert (problem.path, problem.code) == ("scoring.split.first_share", "above_and_at_most")


def test_out_of_range_shows_the_number_as_written() -> None:
    err = fails(edit("first_share = 0.6", "first_share = 1.5"))
    assert err.render("en").endswith("got 1.5")


def test_range_message_does_not_include_the_refused_bound() -> None:
    err = fails(edit("top_percent = 30", "top_percent = 0"))
    problem = only(err)
    assert problem.path == "awards[1].tiers[1].top_percent"
    assert "from 0 to 100" not in err.render("en")
    assert "0 到 100 之间" not in err.render("zh")


def test_both_points_and_values() -> None:
    err = fails(edit("values = { implemented = 2 }", "values = { implemented = 2 }\npoints = 2"))
    assert only(err).path == "scoring.rules[3]"
    assert err.render("en") == f"{SRC}: scoring.rules[3]: give exactly one of 'points' and 'values'"
    assert err.render("zh") == f"{SRC}: scoring.rules[3]: 'points' 与 'values' 必须且只能写一个"


def test_neither_points_nor_values() -> None:
    err = fails(edit('points = 1\ncombine = "once"\nwhen', 'combine = "once"\nwhen'))
    assert only(err).path == "scoring.rules[4]"
    assert only(err).code == "exactly_one"
    assert err.render("en") == f"{SRC}: scoring.rules[4]: give exactly one of 'points' and 'values'"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('by = "outcome"', 'by = "body"'), "by = 'body' does not apply to 'handled' events"),
        (('by = "level"', 'by = "route"'), "by = 'route' does not apply to 'instructed' events"),
        (('by = "body"', 'by = "rank"'), "by = 'rank' does not apply to 'adopted' events"),
    ],
)
def test_by_not_fitting_the_event(change: tuple[str, str], message: str) -> None:
    err = fails(edit(*change))
    problem = err.problems[0]
    assert problem.path.endswith(".by")
    assert problem.code == "not_for_event"
    assert err.render("en").splitlines()[0] == f"{SRC}: {problem.path}: {message}"


def test_by_not_fitting_the_event_in_chinese() -> None:
    err = fails(edit('by = "outcome"', 'by = "body"'))
    assert err.render("zh") == f"{SRC}: scoring.rules[3].by: by = 'body' 不适用于“handled”事件"


def test_by_level_fits_adoptions() -> None:
    """``by = "level"`` on adoptions is the level of the adopting body."""
    rs = parse_ruleset(
        edit(
            'by = "body"\nvalues = { cppcc-county = 2, cppcc-city = 4 }',
            'by = "level"\nvalues = { county = 5, city = 10, province = 30, national = 100 }',
        ),
        SRC,
        _no_parent,
    )
    assert rs.scoring.rules[1].values == {"county": 5, "city": 10, "province": 30, "national": 100}


def test_unknown_by() -> None:
    err = fails(edit('by = "outcome"', 'by = "outcomes"'))
    assert only(err).path == "scoring.rules[3].by"
    assert err.render("en") == (
        f"{SRC}: scoring.rules[3].by: unknown key expression 'outcomes' "
        "(expected one of: body, level, rank, route, to, outcome, kind, stage, decision, "
        "call_kind, authors, type, unit_kind, attributes.<name>)"
    )


def test_by_without_values_message_names_values_plainly() -> None:
    err = fails(edit("values = { implemented = 2 }", "points = 2"))
    problem = only(err)
    assert problem.path == "scoring.rules[3].by"
    assert "'...'" not in err.render("en")
    assert "'...'" not in err.render("zh")


def test_values_without_by_message_names_values_plainly() -> None:
    err = fails(edit('by = "outcome"\n', ""))
    problem = only(err)
    assert problem.path == "scoring.rules[3].by"
    assert "..." not in err.render("en")
    assert "..." not in err.render("zh")


def test_group_by_on_people_message_is_plain() -> None:
    err = fails(edit("[rankings.people]\n", '[rankings.people]\ngroup_by = "unit_kind"\n'))
    problem = only(err)
    assert problem.path == "rankings.people.group_by"
    assert "'...'" not in err.render("en")


def test_rank_multiplier_only_for_instructions() -> None:
    err = fails(
        edit('combine = "highest"', 'combine = "highest"\nrank_multiplier = { principal = 2 }')
    )
    assert only(err).path == "scoring.rules[1].rank_multiplier"
    assert err.render("en") == (
        f"{SRC}: scoring.rules[1].rank_multiplier: rank_multiplier does not apply to 'adopted' events"
    )


def test_when_condition_not_fitting_the_event() -> None:
    err = fails(edit("cap = 20", 'cap = 20\nwhen = { bodies = ["cppcc-city"] }'))
    assert only(err).path == "scoring.rules[2].when.bodies"
    assert err.render("zh") == (
        f"{SRC}: scoring.rules[2].when.bodies: bodies 不适用于“instructed”事件"
    )


@pytest.mark.parametrize(
    ("change", "path", "found"),
    [
        (("cap = 20", "cap = 0"), "scoring.rules[2].cap", "0"),
        (("cap = 20", "cap = -5"), "scoring.rules[2].cap", "-5"),
        (('unit_credit = "full"', 'unit_credit = "full"\npiece_cap = 0'), "scoring.piece_cap", "0"),
        (("principal = 1.5", "principal = 0"), "scoring.rules[2].rank_multiplier.principal", "0"),
        (("consecutive_years = 2", "consecutive_years = 0"), "flags[0].consecutive_years", "0"),
        (("max_rank = 1", "max_rank = 0"), "awards[1].tiers[0].max_rank", "0"),
    ],
)
def test_value_must_be_positive(change: tuple[str, str], path: str, found: str) -> None:
    err = fails(edit(*change))
    assert only(err).path == path
    assert err.render("en") == f"{SRC}: {path}: expected a positive number, got {found}"
    assert err.render("zh") == f"{SRC}: {path}: 应为正数，实际为 {found}"


@pytest.mark.parametrize(
    ("change", "path", "found"),
    [
        (("min = 1\n", "min = -1\n"), "quotas[0].min", "-1"),
        (("direct = 2,", "direct = -2,"), "deadlines.routes.direct", "-2"),
        (("days_before = 7", "days_before = -7"), "reminders[1].days_before", "-7"),
    ],
)
def test_value_must_not_be_negative(change: tuple[str, str], path: str, found: str) -> None:
    err = fails(edit(*change))
    assert only(err).path == path
    assert err.render("en") == f"{SRC}: {path}: must not be negative, got {found}"


def test_tier_without_condition() -> None:
    err = fails(edit('{ label = "先进个人", min_points = 20 }', '{ label = "先进个人" }'))
    assert only(err).path == "awards[0].tiers[0]"
    assert err.render("en") == (
        f"{SRC}: awards[0].tiers[0]: a tier needs at least one of min_points, max_rank, top_percent"
    )


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (('organization = "org"', 'organization = "  "'), "organization"),
        (('roles = ["member", "special_officer"]', "roles = []"), "scope.roles"),
        (('label = "先进个人"', 'label = ""'), "awards[0].tiers[0].label"),
        (('id = "talk"', 'id = ""'), "flags[0].id"),
        (
            ('order = ["points", "adopted_pieces"]\ngroup_by', "order = []\ngroup_by"),
            "rankings.units.order",
        ),
    ],
)
def test_must_not_be_empty(change: tuple[str, str], path: str) -> None:
    err = fails(edit(*change))
    assert only(err).path == path
    assert err.render("en") == f"{SRC}: {path}: must not be empty"
    assert err.render("zh") == f"{SRC}: {path}: 不能为空"


def test_person_quota_needs_roles_and_unit_quota_needs_unit_kinds() -> None:
    text = edit('entity = "person"\nroles = ["member"]\n', 'entity = "person"\n')
    text = edit(
        'entity = "unit"\nunit_kinds = ["sector", "committee"]\n', 'entity = "unit"\n', text
    )
    err = fails(text)
    assert [(p.path, p.code) for p in err.problems] == [
        ("quotas[0].roles", "missing"),
        ("quotas[2].unit_kinds", "missing"),
    ]


def test_person_keys_on_a_unit_quota() -> None:
    err = fails(
        edit('id = "unit"\nentity = "unit"\n', 'id = "unit"\nentity = "unit"\nroles = ["member"]\n')
    )
    assert only(err).path == "quotas[2].roles"
    assert (
        err.render("en")
        == f"{SRC}: quotas[2].roles: only allowed when quotas[2].entity is 'person'"
    )


# --------------------------------------------------------------------------
# Review stages
# --------------------------------------------------------------------------


def test_last_stage_without_pass() -> None:
    err = fails(
        edit(
            'id = "chair"\nrole = "reviewer_chair"\ndecisions = ["pass", "return", "reject"]',
            'id = "chair"\nrole = "reviewer_chair"\ndecisions = ["return", "reject"]',
        )
    )
    assert only(err).path == "review.stages[2].decisions"
    assert err.render("en") == (
        f"{SRC}: review.stages[2].decisions: the last stage 'chair' has no 'pass' decision: "
        "nothing can ever be approved"
    )
    assert err.render("zh") == (
        f"{SRC}: review.stages[2].decisions: 最后一个审级“chair”没有“pass”决定，稿件永远不能审定通过"
    )


def test_middle_stage_without_pass() -> None:
    err = fails(
        edit(
            'id = "deputy"\nrole = "reviewer_deputy"\ndecisions = ["pass", "return", "reject"]',
            'id = "deputy"\nrole = "reviewer_deputy"\ndecisions = ["return", "reject"]',
        )
    )
    assert only(err).path == "review.stages[1].decisions"
    assert err.render("en") == (
        f"{SRC}: review.stages[1].decisions: stage 'deputy' has no 'pass' decision: "
        "the stages after it can never be reached"
    )
    assert err.render("zh") == (
        f"{SRC}: review.stages[1].decisions: 审级“deputy”没有“pass”决定，其后的审级永远到达不了"
    )


def test_escalate_without_escalate_role() -> None:
    err = fails(edit('escalate_role = "expert"\n', ""))
    problem = only(err)
    assert problem.path == "review.stages[0].escalate_role"
    assert problem.code == "requires_decision"
    assert "review.stages[0].decisions" in err.render("en")
    assert "escalate" in err.render("en").split(": ", 2)[-1]


def test_escalate_message_says_the_list_includes_it() -> None:
    err = fails(edit('escalate_role = "expert"\n', ""))
    assert "includes 'escalate'" in err.render("en")
    assert "含有" in err.render("zh") or "包含" in err.render("zh")


def test_escalate_role_without_escalate() -> None:
    err = fails(
        edit(
            'id = "deputy"\nrole = "reviewer_deputy"\n',
            'id = "deputy"\nrole = "reviewer_deputy"\nescalate_role = "expert"\n',
        )
    )
    assert only(err).path == "review.stages[1].escalate_role"
    assert only(err).code == "only_with_decision"


def test_review_without_stages() -> None:
    text = (
        BASE.split("[[review.stages]]")[0]
        + "stages = []\n"
        + "\n[[reminders]]"
        + (BASE.split("[[reminders]]", 1)[1])
    )
    err = fails(text)
    assert only(err).path == "review.stages"
    assert err.render("en") == f"{SRC}: review.stages: must not be empty"


# --------------------------------------------------------------------------
# Format, year, calendar
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "found"),
    [
        (('format = "sqmy-ruleset/1"', 'format = "sqmy-ruleset/9"'), "'sqmy-ruleset/9'"),
        (('format = "sqmy-ruleset/1"\n', ""), None),
    ],
    ids=["wrong", "missing"],
)
def test_wrong_format(change: tuple[str, str], found: str | None) -> None:
    err = fails(edit(*change))
    assert only(err).path == "format"
    # a format left out reads as "missing" / "未填写", never as Python's None
    en, zh = (found, found) if found else ("missing", "未填写")
    assert err.render("en") == (
        f"{SRC}: format: format must be 'sqmy-ruleset/2' (the older 'sqmy-ruleset/1' still loads), "
        f"got {en}"
    )
    assert err.render("zh") == (
        f"{SRC}: format: format 应为 'sqmy-ruleset/2'（旧版 'sqmy-ruleset/1' 仍可读取），实际为 {zh}"
    )


def test_ruleset_messages_are_not_overridden_by_other_catalogs() -> None:
    for code, templates in ruleset_messages.MESSAGES.items():
        assert CATALOG[code] is templates, code


@pytest.mark.parametrize("tz", ["Asia/Shanghai", "+8:00", "UTC+8", "+08", "+15:00", "08:00"])
def test_bad_timezone(tz: str) -> None:
    err = fails(edit('timezone = "+08:00"', f'timezone = "{tz}"'))
    assert only(err).path == "year.timezone"
    assert (
        err.render("en")
        == f"{SRC}: year.timezone: expected a UTC offset such as +08:00, got '{tz}'"
    )
    assert err.render("zh") == (
        f"{SRC}: year.timezone: 时区应写成 +08:00 这样的 UTC 偏移，实际为 '{tz}'"
    )


@pytest.mark.parametrize("grace", ["02-30", "02-29", "1-31", "01/31", "Jan 31", "13-01", "01-31x"])
def test_bad_grace_until(grace: str) -> None:
    err = fails(
        edit('attribution = "event"', f'attribution = "submission"\ngrace_until = "{grace}"')
    )
    assert only(err).path == "year.grace_until"
    assert err.render("en") == (
        f"{SRC}: year.grace_until: expected a month-day such as 01-31, got '{grace}'"
    )
    assert err.render("zh") == f"{SRC}: year.grace_until: 应为“月-日”（如 01-31），实际为 '{grace}'"


def test_grace_until_needs_submission_attribution() -> None:
    err = fails(edit('attribution = "event"', 'attribution = "event"\ngrace_until = "01-31"'))
    assert only(err).path == "year.grace_until"
    assert err.render("en") == (
        f"{SRC}: year.grace_until: only allowed when year.attribution is 'submission'"
    )
    assert err.render("zh") == (
        f"{SRC}: year.grace_until: 只有 year.attribution 为 'submission' 时才能填写此项"
    )


def test_grace_until_with_submission_attribution_loads() -> None:
    rs = parse_ruleset(
        edit('attribution = "event"', 'attribution = "submission"\ngrace_until = "01-31"'),
        SRC,
        _no_parent,
    )
    assert rs.year.grace_until == "01-31"


def test_bad_calendar_entries() -> None:
    text = edit("weekend = [6, 7]", "weekend = [6, 8]")
    text = edit('holidays = ["2024-10-01"]', 'holidays = ["2024-10-32"]', text)
    text = edit('workdays = ["2024-10-12"]', 'workdays = ["10/12/2024"]', text)
    err = fails(text)
    assert err.render("en").splitlines() == [
        f"{SRC}: calendar.weekend[1]: expected a value from 1 to 7, got 8",
        f"{SRC}: calendar.holidays[0]: expected a date such as 2024-10-01, got '2024-10-32'",
        f"{SRC}: calendar.workdays[0]: expected a date such as 2024-10-01, got '10/12/2024'",
    ]


def test_unquoted_toml_date_is_shown_as_written() -> None:
    err = fails(edit('holidays = ["2024-10-01"]', "holidays = [2024-10-02]"))
    assert only(err).path == "calendar.holidays[0]"
    assert "datetime" not in err.render("en")
    assert "2024-10-02" in err.render("en")


def test_scalar_for_a_table_shows_the_value_found() -> None:
    text = edit('[year]\nclause = "第一条"\ntimezone = "+08:00"\nattribution = "event"\n', "")
    text = edit('title = "测试规则集"', 'title = "测试规则集"\nyear = "2024"', text)
    err = fails(text)
    assert only(err).path == "year"
    assert err.render("en") == f"{SRC}: year: expected a table, got '2024'"


def test_infinite_number_is_refused_as_a_number() -> None:
    err = fails(edit("cap = 20", "cap = inf"))
    assert only(err).path == "scoring.rules[2].cap"
    assert err.render("en") == f"{SRC}: scoring.rules[2].cap: expected a number, got inf"


# --------------------------------------------------------------------------
# Duplicate ids
# --------------------------------------------------------------------------

DUPLICATE_CASES = [
    pytest.param(
        ('id = "commissioned"', 'id = "approved"'),
        "scoring.rules[4].id",
        "'approved'",
        "scoring.rules[0]",
        id="scoring-rule",
    ),
    pytest.param(
        ('id = "unit"\nentity', 'id = "member"\nentity'),
        "quotas[2].id",
        "'member'",
        "quotas[0]",
        id="quota",
    ),
    pytest.param(
        ('id = "grade"', 'id = "advanced"'), "awards[1].id", "'advanced'", "awards[0]", id="award"
    ),
    pytest.param(
        ('id = "chair"', 'id = "initial"'),
        "review.stages[2].id",
        "'initial'",
        "review.stages[0]",
        id="stage",
    ),
    pytest.param(
        ('id = "call_due"', 'id = "quota_reminder"'),
        "reminders[1].id",
        "'quota_reminder'",
        "reminders[0]",
        id="reminder",
    ),
    pytest.param(
        (
            'metrics = ["submitted", "approved", "adopted"]',
            'metrics = ["submitted"]\n\n[[bulletins]]\nid = "quarterly"\nevery = "month"\n'
            'metrics = ["adopted"]',
        ),
        "bulletins[1].id",
        "'quarterly'",
        "bulletins[0]",
        id="bulletin",
    ),
    pytest.param(
        (
            "consecutive_years = 2",
            'consecutive_years = 2\n\n[[flags]]\nid = "talk"\n'
            'quota = "officer"\nconsecutive_years = 3',
        ),
        "flags[1].id",
        "'talk'",
        "flags[0]",
        id="flag",
    ),
]


@pytest.mark.parametrize(("change", "path", "found", "first"), DUPLICATE_CASES)
def test_duplicate_id(change: tuple[str, str], path: str, found: str, first: str) -> None:
    err = fails(edit(*change))
    problem = next(p for p in err.problems if p.code == "duplicate_id")
    assert problem.path == path
    lines_en = err.render("en").splitlines()
    lines_zh = err.render("zh").splitlines()
    assert f"{SRC}: {path}: duplicate id {found} (first at {first})" in lines_en
    assert f"{SRC}: {path}: id {found} 重复（第一次出现在 {first}）" in lines_zh


# --------------------------------------------------------------------------
# Several problems at once
# --------------------------------------------------------------------------


def test_every_problem_is_listed_at_once() -> None:
    text = edit('timezone = "+08:00"', 'timezone = "CST"')
    text = edit('quota = "member"', 'quota = "nobody"', text)
    text = edit("reference = 5", "referral = 5", text)
    text = edit(
        'id = "chair"\nrole = "reviewer_chair"\ndecisions = ["pass", "return", "reject"]',
        'id = "chair"\nrole = "reviewer_chair"\ndecisions = ["return"]',
        text,
    )
    err = fails(text)
    assert [p.path for p in err.problems] == [
        "year.timezone",
        "flags[0].quota",
        "deadlines.routes.referral",
        "review.stages[2].decisions",
    ]
    assert len(err.render("en").splitlines()) == 4
    assert all(line.startswith(f"{SRC}: ") for line in err.render("zh").splitlines())


def test_structure_errors_are_all_listed_before_meaning_is_checked() -> None:
    """Type errors anywhere are reported together; checks of meaning wait for a sound shape."""
    text = edit('timezone = "+08:00"', 'timezone = "CST"')  # a meaning error ...
    text = edit("cap = 20", 'cap = "20"', text)  # ... and two shape errors
    text = edit("days_before = 7", 'days_before = "7"', text)
    err = fails(text)
    assert [p.path for p in err.problems] == ["scoring.rules[2].cap", "reminders[1].days_before"]


# --------------------------------------------------------------------------
# TOML syntax, encoding, missing file
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (BASE + "\nbroken = \n", BASE.count("\n") + 2),
        (edit('id = "approved"\n', 'id = "approved"\nid = "again"\n'), None),
        (edit("[scope]", "[scope"), None),
        (edit('title = "测试规则集"', "title = “测试规则集”"), 3),
    ],
    ids=["missing-value", "duplicate-key", "unclosed-header", "chinese-quotes"],
)
def test_toml_syntax_error(text: str, line: int | None) -> None:
    err = fails(text)
    problem = only(err)
    assert problem.path == ""
    assert problem.code == "toml_syntax"
    en = err.render("en")
    zh = err.render("zh")
    assert en.startswith(f"{SRC}: TOML syntax error: ")
    assert zh.startswith(f"{SRC}: TOML 语法错误：")
    assert "(at line " in en
    # tomllib's English stays out of the Chinese: the line and column are said in Chinese
    assert re.search(r"TOML 语法错误：第 \d+ 行第 \d+ 列：[^A-Za-z]+$", zh), zh
    if line is not None:
        assert f"(at line {line}, column " in en
        assert f"第 {line} 行" in zh


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "gbk.toml"
    path.write_bytes(BASE.encode("gbk"))
    with pytest.raises(RulesetError) as info:
        load_ruleset(path)
    err = info.value
    assert [(p.path, p.code) for p in err.problems] == [("", "bad_utf8")]
    assert err.render("en") == f"{path}: not UTF-8 text"
    assert err.render("zh") == f"{path}: 不是 UTF-8 编码的文本"


def test_utf8_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "ok.toml"
    path.write_text(BASE, encoding="utf-8")
    assert load_ruleset(path).title == "测试规则集"


def test_utf8_file_with_bom_loads_or_says_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + BASE.encode("utf-8"))
    try:
        load_ruleset(path)
    except RulesetError as err:
        assert "BOM" in err.render("en")


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.toml"
    with pytest.raises(RulesetError) as info:
        load_ruleset(path)
    err = info.value
    assert [(p.path, p.code) for p in err.problems] == [("", "read_failed")]
    assert err.source == str(path)
    assert err.render("en") == f"{path}: cannot read the file: no such file or directory"
    assert err.render("zh") == f"{path}: 无法读取文件：文件或目录不存在"


def test_a_directory_is_not_a_ruleset(tmp_path: Path) -> None:
    with pytest.raises(RulesetError) as info:
        load_ruleset(tmp_path)
    assert info.value.problems[0].code == "read_failed"
