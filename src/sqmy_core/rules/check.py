"""Whole-ruleset checks, run once when a ruleset is loaded.

Structure (types, unknown keys) is cattrs' job; this module checks meaning:
vocabularies (bodies, levels, roles, unit kinds, metrics), references between
sections (a flag names a quota, a reminder names quotas), and the shape of
the workflow (every review stage reachable, a final approval exists).  It
returns every problem found so an office sees them all at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from sqmy_core.errors import Problem
from sqmy_core.model import vocab
from sqmy_core.rules.check_bounds import check_bounds
from sqmy_core.rules.check_common import num as _num
from sqmy_core.rules.check_common import p as _p
from sqmy_core.rules.check_common import positive as _positive
from sqmy_core.rules.check_common import quota_ref as _quota_ref
from sqmy_core.rules.check_common import unique_ids as _unique_ids
from sqmy_core.rules.check_common import vocab_problems as _vocab
from sqmy_core.rules.check_common import words_of
from sqmy_core.rules.check_model import check_model
from sqmy_core.rules.check_points import (
    Words,
    check_author_factors,
    check_groups,
    check_number,
    check_rule,
)
from sqmy_core.rules.check_process import (
    check_bulletins,
    check_calendar,
    check_clues,
    check_deadlines,
    check_notifications,
    check_reminders,
    check_review,
)
from sqmy_core.rules.check_similar import check_similar
from sqmy_core.rules.spec import AwardSpec, QuotaSpec, Ruleset, SplitSpec

_TZ = re.compile(r"^[+-](0\d|1[0-4]):[0-5]\d$")
_MONTH_DAY = re.compile(r"^(\d\d)-(\d\d)$")


def check_ruleset(rs: Ruleset) -> list[Problem]:
    """Every problem of meaning in a structured ruleset (empty when it is sound)."""
    words = words_of(rs)
    roles = words.decl.roles
    unit_kinds = words.decl.unit_kinds
    out: list[Problem] = []
    if not rs.organization.strip():
        out.append(_p("organization", "empty"))
    out += _check_year(rs)
    out += _vocab("scope.roles", "role", rs.scope.roles, roles)
    out += _vocab("scope.unit_kinds", "unit_kind", rs.scope.unit_kinds, unit_kinds)
    if not rs.scope.roles:
        out.append(_p("scope.roles", "empty"))
    out += check_model(rs, words)
    out += _check_scoring(rs, words)
    out += _check_quotas(rs, roles, words)
    out += _check_flags(rs, words)
    out += _check_rankings(rs, words)
    out += _check_awards(rs, roles, words, "awards", rs.awards)
    out += _check_awards(rs, roles, words, "grades", rs.grades)
    out += check_deadlines(rs)
    out += check_calendar(rs)
    out += check_review(rs)
    out += check_reminders(rs)
    out += check_bulletins(rs)
    out += check_notifications(rs)
    out += check_clues(rs)
    out += check_similar(rs)
    reported = {p.path for p in out}
    out += [p for p in check_bounds(rs) if p.path not in reported]
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


def _check_scoring(rs: Ruleset, words: Words) -> Iterator[Problem]:
    sc = rs.scoring
    yield from _check_split("scoring.split", sc.split, words)
    for i, rule in enumerate(sc.rules):
        if rule.split is not None:
            yield from _check_split(f"scoring.rules[{i}].split", rule.split, words)
    yield from _positive("scoring.piece_cap", sc.piece_cap)
    yield from check_number("scoring.piece_cap", sc.piece_cap)
    yield from check_number("scoring.base_points", sc.base_points)
    if not sc.rules and not rs.activities:
        yield _p("scoring.rules", "empty")
    yield from _unique_ids("scoring.rules", sc.rules)
    for i, rule in enumerate(sc.rules):
        yield from check_rule(f"scoring.rules[{i}]", rule, rs, words)
    yield from check_groups(rs)


def _check_split(path: str, split: SplitSpec, words: Words) -> Iterator[Problem]:
    yield from check_author_factors(path, split, words)
    if split.mode == "first_share":
        if split.first_share is None:
            yield _p(
                f"{path}.first_share", "requires_for", other=f"{path}.mode", value="first_share"
            )
        elif not 0 < split.first_share <= 1:
            yield _p(
                f"{path}.first_share",
                "above_and_at_most",
                low=0,
                high=1,
                found=_num(split.first_share),
            )
    elif split.first_share is not None:
        yield _p(f"{path}.first_share", "only_for", other=f"{path}.mode", value="first_share")
    if split.mode == "positions" and not split.shares:
        yield _p(f"{path}.shares", "requires_for", other=f"{path}.mode", value="positions")
    if split.mode != "positions" and split.shares:
        yield _p(f"{path}.shares", "only_for", other=f"{path}.mode", value="positions")
    for i, share in enumerate(split.shares):
        if share < 0:
            yield _p(f"{path}.shares[{i}]", "negative", found=_num(share))
        yield from check_number(f"{path}.shares[{i}]", share)
    if split.max_authors is not None and not 1 <= split.max_authors <= 1000:
        yield _p(
            f"{path}.max_authors",
            "int_out_of_range",
            low=1,
            high=1000,
            found=str(split.max_authors),
        )


def _check_quotas(rs: Ruleset, roles: tuple[str, ...], words: Words) -> Iterator[Problem]:
    yield from _unique_ids("quotas", rs.quotas)
    for i, q in enumerate(rs.quotas):
        path = f"quotas[{i}]"
        if q.metric not in words.metrics:
            yield _p(
                f"{path}.metric",
                "unknown_value",
                what="metric",
                found=repr(q.metric),
                allowed=", ".join(words.metrics),
            )
        if q.min < 0:
            yield _p(f"{path}.min", "negative", found=str(q.min))
        elif q.min > 100_000:
            yield _p(f"{path}.min", "int_out_of_range", low=0, high=100_000, found=str(q.min))
        if q.entity == "unit" and q.tenure != "ignore":
            yield _p(f"{path}.tenure", "only_for", other=f"{path}.entity", value="person")
        yield from _quota_targets(path, q, roles, words.decl.unit_kinds)


def _quota_targets(
    path: str, q: QuotaSpec, roles: tuple[str, ...], unit_kinds: tuple[str, ...] = vocab.UNIT_KINDS
) -> Iterator[Problem]:
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
                unit_kinds,
            )
    else:
        for key in ("roles", "member_of_unit_kinds"):
            if getattr(q, key) is not None:
                yield _p(f"{path}.{key}", "only_for", other=f"{path}.entity", value="person")
        if q.unit_kinds is None:
            yield _p(f"{path}.unit_kinds", "missing")
        else:
            yield from _vocab(f"{path}.unit_kinds", "unit_kind", q.unit_kinds, unit_kinds)


def _check_flags(rs: Ruleset, words: Words) -> Iterator[Problem]:
    person_quotas = {q.id for q in rs.quotas if q.entity == "person"}
    yield from _unique_ids("flags", rs.flags)
    for i, f in enumerate(rs.flags):
        if f.quota is None and f.below_points is None:
            yield _p(f"flags[{i}]", "flag_without_condition")
        if f.quota is not None and f.quota not in person_quotas:
            yield _quota_ref(f"flags[{i}].quota", f.quota, rs)
        if f.consecutive_years < 1:
            yield _p(
                f"flags[{i}].consecutive_years", "not_positive", found=str(f.consecutive_years)
            )
        elif f.consecutive_years > 50:
            yield _p(
                f"flags[{i}].consecutive_years",
                "int_out_of_range",
                low=1,
                high=50,
                found=str(f.consecutive_years),
            )
        yield from check_number(f"flags[{i}].below_points", f.below_points)
        if f.of not in ("points", "bonus", *words.sections):
            yield _p(f"flags[{i}].of", "unknown_value", what="flag_of", found=repr(f.of),
                     allowed=", ".join(("points", "bonus", *words.sections)))  # fmt: skip
        yield from _vocab(f"flags[{i}].roles", "role", f.roles or (), words.decl.roles)


def ranking_keys(rs: Ruleset, words: Words) -> tuple[str, ...]:
    """Keys a ranking may order by: points, bonus, metrics, rates, sections."""
    return (
        "points",
        "bonus",
        *(f"{m}_pieces" for m in words.metrics),
        *words.metrics,
        *(r.id for r in rs.rates),
        *(f"section:{s}" for s in words.sections),
        "earliest_submission",
        "id",
    )


def _check_rankings(rs: Ruleset, words: Words) -> Iterator[Problem]:
    keys = ranking_keys(rs, words)
    for name, spec in (("people", rs.rankings.people), ("units", rs.rankings.units)):
        yield from _vocab(f"rankings.{name}.order", "ranking_key", spec.order, keys)
        if not spec.order:
            yield _p(f"rankings.{name}.order", "empty")
        if name == "people" and spec.group_by == "unit_kind":
            yield _p("rankings.people.group_by", "units_only", other="rankings.units")
        if name == "units" and spec.group_by == "role":
            yield _p("rankings.units.group_by", "units_only", other="rankings.people")


def _check_awards(
    rs: Ruleset, roles: tuple[str, ...], words: Words, key: str, specs: tuple[AwardSpec, ...]
) -> Iterator[Problem]:
    yield from _unique_ids(key, specs)
    rates = {r.id for r in rs.rates}
    for i, a in enumerate(specs):
        path = f"{key}[{i}]"
        if not a.tiers:
            yield _p(f"{path}.tiers", "empty")
        for f in a.exclude_flags:
            if f not in {fl.id for fl in rs.flags} | {
                s.flag for p in rs.penalties for s in p.steps if s.flag
            }:
                yield _p(f"{path}.exclude_flags", "unknown_ref", what="flag", found=repr(f))
        for j, t in enumerate(a.tiers):
            conditions = (t.min_points, t.max_rank, t.top_percent, t.min_rates, t.min_counts)
            last_grade = key == "grades" and j == len(a.tiers) - 1
            if all(c is None for c in conditions) and not last_grade:
                yield _p(f"{path}.tiers[{j}]", "tier_without_condition")
            yield from check_number(f"{path}.tiers[{j}].min_points", t.min_points)
            for rate in t.min_rates or {}:
                if rate not in rates:
                    yield _p(
                        f"{path}.tiers[{j}].min_rates.{rate}",
                        "unknown_ref",
                        what="rate",
                        found=repr(rate),
                    )
            for metric in t.min_counts or {}:
                if metric.removesuffix("_pieces") not in words.metrics:
                    yield _p(f"{path}.tiers[{j}].min_counts.{metric}", "unknown_value", what="metric",
                             found=repr(metric), allowed=", ".join(words.metrics))  # fmt: skip
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
                yield from _vocab(
                    f"{path}.unit_kinds", "unit_kind", a.unit_kinds, words.decl.unit_kinds
                )
