"""Whole-ruleset checks, run once when a ruleset is loaded.

Structure (types, unknown keys) is cattrs' job; this module checks meaning:
vocabularies (bodies, levels, roles, unit kinds, metrics), references between
sections (a flag names a quota, a reminder names quotas), and the shape of
the workflow (every review stage reachable, a final approval exists).  It
returns every problem found so an office sees them all at once.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from fractions import Fraction
from typing import Any

from sqmy_core.errors import Problem
from sqmy_core.model import vocab
from sqmy_core.rules.convert import fraction_text
from sqmy_core.rules.spec import PointsRule, QuotaSpec, Ruleset

_TZ = re.compile(r"^[+-](0\d|1[0-4]):[0-5]\d$")
_MONTH_DAY = re.compile(r"^(\d\d)-(\d\d)$")

RANKING_KEYS = ("points", *(f"{m}_pieces" for m in vocab.METRICS))
"""Keys a ranking may order by: the points, or a count of distinct pieces."""

_BY_EVENTS = {
    "body": ("adopted",),
    "level": ("adopted", "instructed"),
    "rank": ("instructed",),
    "route": ("dispatched",),
    "outcome": ("handled",),
}
_BY_VOCAB: dict[str, tuple[str, ...]] = {
    "body": tuple(vocab.BODIES),
    "level": vocab.LEVELS,
    "rank": vocab.RANKS,
    "route": vocab.ROUTES,
    "outcome": vocab.OUTCOMES,
}
_WHEN_EVENTS = {
    "bodies": ("adopted",),
    "levels": ("adopted", "instructed"),
    "ranks": ("instructed",),
    "routes": ("dispatched",),
    "outcomes": ("handled",),
}
_WHEN_VOCAB = {
    "call_kinds": ("call_kind", vocab.CALL_KINDS),
    "bodies": ("body", tuple(vocab.BODIES)),
    "levels": ("level", vocab.LEVELS),
    "ranks": ("rank", vocab.RANKS),
    "routes": ("route", vocab.ROUTES),
    "outcomes": ("outcome", vocab.OUTCOMES),
}


def _p(path: str, code: str, **params: object) -> Problem:
    return Problem(path, code, params)


def _vocab(
    path: str, what: str, values: Iterable[str], allowed: Iterable[str]
) -> Iterator[Problem]:
    allowed = tuple(dict.fromkeys(allowed))
    for i, v in enumerate(values):
        if v not in allowed:
            yield _p(
                f"{path}[{i}]",
                "unknown_value",
                what=what,
                found=repr(v),
                allowed=", ".join(allowed),
            )


def _unique_ids(path: str, items: Iterable[object]) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        ident = getattr(item, "id", None)
        if not isinstance(ident, str):
            continue
        if not ident:
            yield _p(f"{path}[{i}].id", "empty")
        elif ident in seen:
            yield _p(
                f"{path}[{i}].id", "duplicate_id", found=repr(ident), first=f"{path}[{seen[ident]}]"
            )
        else:
            seen[ident] = i


def check_ruleset(rs: Ruleset) -> list[Problem]:
    """Every problem of meaning in a structured ruleset (empty when it is sound)."""
    roles = (*vocab.BUILTIN_ROLES, *rs.reviewer_roles)
    out: list[Problem] = []
    if not rs.organization.strip():
        out.append(_p("organization", "empty"))
    out += _check_year(rs)
    out += _vocab("scope.roles", "role", rs.scope.roles, roles)
    out += _vocab("scope.unit_kinds", "unit_kind", rs.scope.unit_kinds, vocab.UNIT_KINDS)
    if not rs.scope.roles:
        out.append(_p("scope.roles", "empty"))
    out += _check_scoring(rs)
    out += _check_quotas(rs, roles)
    out += _check_flags(rs)
    out += _check_rankings(rs)
    out += _check_awards(rs, roles)
    out += _check_deadlines(rs)
    out += _check_calendar(rs)
    out += _check_review(rs)
    out += _check_reminders(rs)
    out += _check_bulletins(rs)
    out += _check_notifications(rs)
    return out


def _check_year(rs: Ruleset) -> Iterator[Problem]:
    y = rs.year
    if not _TZ.match(y.timezone):
        yield _p("year.timezone", "bad_timezone", found=repr(y.timezone))
    if y.grace_until is not None:
        if y.attribution != "submission":
            yield _p(
                "year.grace_until", "requires_value", other="year.attribution", value="submission"
            )
        elif not _valid_month_day(y.grace_until):
            yield _p("year.grace_until", "bad_month_day", found=repr(y.grace_until))


def _valid_month_day(text: str) -> bool:
    m = _MONTH_DAY.match(text)
    if not m:
        return False
    try:
        date(2023, int(m.group(1)), int(m.group(2)))  # a common year: no 02-29
    except ValueError:
        return False
    return True


def _num(value: Fraction | int) -> str:
    return fraction_text(value) if isinstance(value, Fraction) else str(value)


def _positive(path: str, value: Fraction | int | None) -> Iterator[Problem]:
    if value is not None and not value > 0:
        yield _p(path, "not_positive", found=_num(value))


def _check_scoring(rs: Ruleset) -> Iterator[Problem]:
    sc = rs.scoring
    split = sc.split
    if split.mode == "first_share":
        if split.first_share is None:
            yield _p(
                "scoring.split.first_share",
                "requires_for",
                other="scoring.split.mode",
                value="first_share",
            )
        elif not 0 < split.first_share <= 1:
            yield _p(
                "scoring.split.first_share",
                "above_and_at_most",
                low=0,
                high=1,
                found=_num(split.first_share),
            )
    elif split.first_share is not None:
        yield _p(
            "scoring.split.first_share", "only_for", other="scoring.split.mode", value="first_share"
        )
    yield from _positive("scoring.piece_cap", sc.piece_cap)
    if not sc.rules:
        yield _p("scoring.rules", "empty")
    yield from _unique_ids("scoring.rules", sc.rules)
    for i, rule in enumerate(sc.rules):
        yield from _check_rule(f"scoring.rules[{i}]", rule, rs.rule_kinds)


def _check_rule(path: str, rule: PointsRule, kinds: Mapping[str, Any]) -> Iterator[Problem]:
    if rule.event not in vocab.SCORABLE_EVENTS:
        yield _p(
            f"{path}.event",
            "unknown_value",
            what="event_type",
            found=repr(rule.event),
            allowed=", ".join(vocab.SCORABLE_EVENTS),
        )
        return
    if rule.kind is not None:
        yield from _check_kind(path, rule, kinds)
    else:
        yield from _check_table(path, rule)
    yield from _positive(f"{path}.cap", rule.cap)
    for name, (what, allowed) in _WHEN_VOCAB.items():
        values = getattr(rule.when, name)
        if values is None:
            continue
        events = _WHEN_EVENTS.get(name)
        if events is not None and rule.event not in events:
            yield _p(f"{path}.when.{name}", "not_for_event", key=name, event=rule.event)
        yield from _vocab(f"{path}.when.{name}", what, values, allowed)


def _check_table(path: str, rule: PointsRule) -> Iterator[Problem]:
    """A built-in rule: flat points or a table keyed by ``by``."""
    if rule.params is not None:
        yield _p(f"{path}.params", "only_with", other=f"{path}.kind")
    if (rule.points is None) == (rule.values is None):
        yield _p(path, "exactly_one", first="points", second="values")
    if rule.values is not None:
        if not rule.values:
            yield _p(f"{path}.values", "empty")
        if rule.by is None:
            yield _p(f"{path}.by", "requires_with", other=f"{path}.values")
        elif rule.event not in _BY_EVENTS[rule.by]:
            yield _p(f"{path}.by", "not_for_event", key=f"by = {rule.by!r}", event=rule.event)
        else:
            allowed = _BY_VOCAB[rule.by]
            for key in rule.values:
                if key not in allowed:
                    yield _p(
                        f"{path}.values.{key}",
                        "unknown_value",
                        what=rule.by,
                        found=repr(key),
                        allowed=", ".join(allowed),
                    )
    elif rule.by is not None:
        yield _p(f"{path}.by", "only_with", other=f"{path}.values")
    if rule.rank_multiplier is not None:
        if rule.event != "instructed":
            yield _p(
                f"{path}.rank_multiplier", "not_for_event", key="rank_multiplier", event=rule.event
            )
        for key, factor in rule.rank_multiplier.items():
            if key not in vocab.RANKS:
                yield _p(
                    f"{path}.rank_multiplier.{key}",
                    "unknown_value",
                    what="rank",
                    found=repr(key),
                    allowed=", ".join(vocab.RANKS),
                )
            yield from _positive(f"{path}.rank_multiplier.{key}", factor)


def _check_kind(path: str, rule: PointsRule, kinds: Mapping[str, Any]) -> Iterator[Problem]:
    """A plugin rule: the kind must be provided, and it checks its own params."""
    for key in ("points", "values", "by", "rank_multiplier"):
        if getattr(rule, key) is not None:
            yield _p(f"{path}.{key}", "not_with_kind", other=f"{path}.kind")
    assert rule.kind is not None
    impl = kinds.get(rule.kind)
    if impl is None:
        yield _p(
            f"{path}.kind",
            "unknown_kind",
            found=repr(rule.kind),
            allowed=", ".join(sorted(kinds)) or "—",
        )
        return
    for problem in impl.check(rule.params or {}):
        sub = f"{path}.params.{problem.path}" if problem.path else f"{path}.params"
        yield Problem(sub, problem.code, problem.params)


def _check_quotas(rs: Ruleset, roles: tuple[str, ...]) -> Iterator[Problem]:
    yield from _unique_ids("quotas", rs.quotas)
    for i, q in enumerate(rs.quotas):
        path = f"quotas[{i}]"
        if q.metric not in vocab.METRICS:
            yield _p(
                f"{path}.metric",
                "unknown_value",
                what="metric",
                found=repr(q.metric),
                allowed=", ".join(vocab.METRICS),
            )
        if q.min < 0:
            yield _p(f"{path}.min", "negative", found=str(q.min))
        yield from _quota_targets(path, q, roles)


def _quota_targets(path: str, q: QuotaSpec, roles: tuple[str, ...]) -> Iterator[Problem]:
    if q.entity == "person":
        if q.unit_kinds is not None:
            yield _p(f"{path}.unit_kinds", "only_for", other=f"{path}.entity", value="unit")
        if q.roles is None:
            yield _p(f"{path}.roles", "missing")
        else:
            yield from _vocab(f"{path}.roles", "role", q.roles, roles)
        if q.member_of_unit_kinds is not None:
            yield from _vocab(
                f"{path}.member_of_unit_kinds",
                "unit_kind",
                q.member_of_unit_kinds,
                vocab.UNIT_KINDS,
            )
    else:
        for key in ("roles", "member_of_unit_kinds"):
            if getattr(q, key) is not None:
                yield _p(f"{path}.{key}", "only_for", other=f"{path}.entity", value="person")
        if q.unit_kinds is None:
            yield _p(f"{path}.unit_kinds", "missing")
        else:
            yield from _vocab(f"{path}.unit_kinds", "unit_kind", q.unit_kinds, vocab.UNIT_KINDS)


def _quota_ref(path: str, quota: str, rs: Ruleset) -> Problem:
    """The problem of naming ``quota`` where a person quota is needed."""
    if any(q.id == quota for q in rs.quotas):
        return _p(path, "not_person_quota", found=repr(quota))
    return _p(path, "unknown_ref", what="quota", found=repr(quota))


def _check_flags(rs: Ruleset) -> Iterator[Problem]:
    person_quotas = {q.id for q in rs.quotas if q.entity == "person"}
    yield from _unique_ids("flags", rs.flags)
    for i, f in enumerate(rs.flags):
        if f.quota not in person_quotas:
            yield _quota_ref(f"flags[{i}].quota", f.quota, rs)
        if f.consecutive_years < 1:
            yield _p(
                f"flags[{i}].consecutive_years", "not_positive", found=str(f.consecutive_years)
            )


def _check_rankings(rs: Ruleset) -> Iterator[Problem]:
    for name, spec in (("people", rs.rankings.people), ("units", rs.rankings.units)):
        yield from _vocab(f"rankings.{name}.order", "ranking_key", spec.order, RANKING_KEYS)
        if not spec.order:
            yield _p(f"rankings.{name}.order", "empty")
        if name == "people" and spec.group_by != "none":
            yield _p("rankings.people.group_by", "units_only", other="rankings.units")


def _check_awards(rs: Ruleset, roles: tuple[str, ...]) -> Iterator[Problem]:
    yield from _unique_ids("awards", rs.awards)
    for i, a in enumerate(rs.awards):
        path = f"awards[{i}]"
        if not a.tiers:
            yield _p(f"{path}.tiers", "empty")
        for j, t in enumerate(a.tiers):
            if t.min_points is None and t.max_rank is None and t.top_percent is None:
                yield _p(f"{path}.tiers[{j}]", "tier_without_condition")
            if t.max_rank is not None and t.max_rank < 1:
                yield _p(f"{path}.tiers[{j}].max_rank", "not_positive", found=str(t.max_rank))
            if t.top_percent is not None and not 0 < t.top_percent <= 100:
                yield _p(
                    f"{path}.tiers[{j}].top_percent",
                    "above_and_at_most",
                    low=0,
                    high=100,
                    found=_num(t.top_percent),
                )
            if not t.label.strip():
                yield _p(f"{path}.tiers[{j}].label", "empty")
        if a.entity == "person":
            if a.unit_kinds is not None:
                yield _p(f"{path}.unit_kinds", "only_for", other=f"{path}.entity", value="unit")
            if a.roles is not None:
                yield from _vocab(f"{path}.roles", "role", a.roles, roles)
        else:
            if a.roles is not None:
                yield _p(f"{path}.roles", "only_for", other=f"{path}.entity", value="person")
            if a.unit_kinds is not None:
                yield from _vocab(f"{path}.unit_kinds", "unit_kind", a.unit_kinds, vocab.UNIT_KINDS)


def _check_deadlines(rs: Ruleset) -> Iterator[Problem]:
    if rs.deadlines is None:
        return
    for route, days in rs.deadlines.routes.items():
        if route not in vocab.ROUTES:
            yield _p(
                f"deadlines.routes.{route}",
                "unknown_value",
                what="route",
                found=repr(route),
                allowed=", ".join(vocab.ROUTES),
            )
        if days < 0:
            yield _p(f"deadlines.routes.{route}", "negative", found=str(days))


def _check_calendar(rs: Ruleset) -> Iterator[Problem]:
    cal = rs.calendar
    for i, d in enumerate(cal.weekend):
        if not 1 <= d <= 7:
            yield _p(f"calendar.weekend[{i}]", "out_of_range", low=1, high=7, found=str(d))
    for name in ("holidays", "workdays"):
        for i, text in enumerate(getattr(cal, name)):
            try:
                date.fromisoformat(text)
            except ValueError:
                yield _p(f"calendar.{name}[{i}]", "bad_date", found=repr(text))


def _check_review(rs: Ruleset) -> Iterator[Problem]:
    rv = rs.review
    if rv is None:
        return
    if not rv.stages:
        yield _p("review.stages", "empty")
        return
    yield from _unique_ids("review.stages", rv.stages)
    yield from _vocab("review.checks", "check", rv.checks, vocab.CHECKS)
    for i, st in enumerate(rv.stages):
        path = f"review.stages[{i}]"
        yield from _vocab(f"{path}.decisions", "decision", st.decisions, vocab.DECISIONS)
        if "pass" not in st.decisions:
            code = "no_final_approval" if i == len(rv.stages) - 1 else "stage_blocks_next"
            yield _p(f"{path}.decisions", code, stage=st.id)
        if "escalate" in st.decisions and st.escalate_role is None:
            yield _p(
                f"{path}.escalate_role",
                "requires_decision",
                other=f"{path}.decisions",
                value="escalate",
            )
        if st.escalate_role is not None and "escalate" not in st.decisions:
            yield _p(
                f"{path}.escalate_role",
                "only_with_decision",
                other=f"{path}.decisions",
                value="escalate",
            )


def _check_reminders(rs: Ruleset) -> Iterator[Problem]:
    person_quotas = {q.id for q in rs.quotas if q.entity == "person"}
    yield from _unique_ids("reminders", rs.reminders)
    for i, r in enumerate(rs.reminders):
        path = f"reminders[{i}]"
        yield from _check_reminder_texts(path, r.about, {"subject": r.subject, "body": r.body})
        if not 1 <= r.from_month <= 12:
            yield _p(f"{path}.from_month", "out_of_range", low=1, high=12, found=str(r.from_month))
        if r.about == "quota":
            if r.every is None:
                yield _p(f"{path}.every", "requires_for", other=f"{path}.about", value="quota")
            for j, q in enumerate(r.quotas or ()):
                if q not in person_quotas:
                    yield _quota_ref(f"{path}.quotas[{j}]", q, rs)
        else:
            if r.days_before is None:
                yield _p(
                    f"{path}.days_before", "requires_for", other=f"{path}.about", value="call_due"
                )
            elif r.days_before < 0:
                yield _p(f"{path}.days_before", "negative", found=str(r.days_before))
            if r.call_kinds is not None:
                yield from _vocab(f"{path}.call_kinds", "call_kind", r.call_kinds, vocab.CALL_KINDS)


REMINDER_FIELDS = {
    "quota": ("quota", "done", "required", "organization"),
    "call_due": ("call", "due", "organization"),
}


def _check_reminder_texts(path: str, about: str, texts: dict[str, str | None]) -> Iterator[Problem]:
    for key, text in texts.items():
        if text is not None:
            yield from _template(f"{path}.{key}", text, REMINDER_FIELDS[about])


def _check_bulletins(rs: Ruleset) -> Iterator[Problem]:
    yield from _unique_ids("bulletins", rs.bulletins)
    for i, b in enumerate(rs.bulletins):
        yield from _vocab(f"bulletins[{i}].metrics", "metric", b.metrics, vocab.METRICS)


NOTIFY_ON = (
    "approved",
    "returned",
    "rejected",
    "dispatched",
    "adopted",
    "instructed",
    "handled",
    "stage_reached",
    "overdue",
)
NOTIFY_TO = ("authors", "reviewers", "staff")


def _check_notifications(rs: Ruleset) -> Iterator[Problem]:
    yield from _unique_ids("notifications", rs.notifications)
    for i, n in enumerate(rs.notifications):
        path = f"notifications[{i}]"
        if n.on not in NOTIFY_ON:
            yield _p(
                f"{path}.on",
                "unknown_value",
                what="notify_on",
                found=repr(n.on),
                allowed=", ".join(NOTIFY_ON),
            )
        if not n.to:
            yield _p(f"{path}.to", "empty")
        yield from _vocab(f"{path}.to", "audience", n.to, NOTIFY_TO)
        if "reviewers" in n.to and n.on != "stage_reached":
            yield _p(f"{path}.to", "reviewers_only_on_stage")
        for key in ("subject", "body"):
            text = getattr(n, key)
            if text is not None:
                yield from _template(f"{path}.{key}", text)


TEMPLATE_FIELDS = (
    "piece",
    "title",
    "authors",
    "stage",
    "decision",
    "body_name",
    "level",
    "rank",
    "outcome",
    "route",
    "due",
    "organization",
    "event",
)


def _template(
    path: str, text: str, allowed: tuple[str, ...] = TEMPLATE_FIELDS
) -> Iterator[Problem]:
    """A template may only name the documented placeholders (a typo must not pass)."""
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
    except ValueError as exc:
        yield _p(path, "bad_template", reason=str(exc))
        return
    for name in fields:
        if name not in allowed:
            yield _p(path, "unknown_placeholder", found=repr(name), allowed=", ".join(allowed))
