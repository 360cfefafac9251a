"""Checks of the rule model v2's clauses beyond points rules.

Declared vocabularies and attributes, sections, tallies, metrics, rates,
bases, penalties, adjustments, activities, points per quota period, totals,
unit points, grades and plugin steps: references must resolve, numbers must
be sane, and combinations that cannot mean anything are refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from fractions import Fraction

from sqmy_core.errors import Problem
from sqmy_core.model import vocab
from sqmy_core.model.attributes import RECORD_TYPES
from sqmy_core.rules.check_points import (
    Words,
    check_condition,
    check_expression,
    check_number,
    check_table,
)
from sqmy_core.rules.expressions import key_text
from sqmy_core.rules.spec import Ruleset

STEP_STAGES = ("piece", "entity", "quota", "flag", "award")


def _p(path: str, code: str, **params: object) -> Problem:
    return Problem(path, code, params)


def _unique(path: str, items: Iterable[object]) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        ident = getattr(item, "id", "")
        if not ident or not str(ident).strip():
            yield _p(f"{path}[{i}].id", "empty")
        elif ident in seen:
            yield _p(
                f"{path}[{i}].id", "duplicate_id", found=repr(ident), first=f"{path}[{seen[ident]}]"
            )
        else:
            seen[ident] = i


def _ref(path: str, what: str, value: str | None, known: Iterable[str]) -> Iterator[Problem]:
    known = tuple(known)
    if value is not None and value not in known:
        yield _p(
            path, "unknown_value", what=what, found=repr(value), allowed=", ".join(known) or "—"
        )


def check_model(rs: Ruleset, words: Words) -> Iterator[Problem]:
    yield from _check_vocabulary(rs)
    yield from _check_attributes(rs)
    yield from _unique("sections", rs.sections)
    for i, s in enumerate(rs.sections):
        for key in ("cap", "floor", "piece_cap"):
            yield from check_number(f"sections[{i}].{key}", getattr(s, key))
        if s.cap is not None and s.floor is not None and s.floor > s.cap:
            yield _p(f"sections[{i}].floor", "floor_above_cap", found=key_text(s.floor))
    yield from _unique("tallies", rs.tallies)
    yield from _unique("metrics", rs.metrics)
    for i, m in enumerate(rs.metrics):
        if m.id in vocab.METRICS:
            yield _p(f"metrics[{i}].id", "builtin_metric", found=repr(m.id))
        yield from _ref(f"metrics[{i}].event", "event_type", m.event, vocab.SCORABLE_EVENTS)
        yield from check_condition(f"metrics[{i}].when", m.when, m.event, words)
    yield from _unique("rates", rs.rates)
    for i, r in enumerate(rs.rates):
        yield from _ref(f"rates[{i}].numerator", "metric", r.numerator, words.metrics)
        yield from _ref(f"rates[{i}].denominator", "metric", r.denominator, words.metrics)
    yield from _check_bases(rs, words)
    yield from _check_penalties(rs, words)
    if rs.adjustments is not None:
        yield from _ref("adjustments.section", "section", rs.adjustments.section, words.sections)
    yield from _check_activities(rs, words)
    yield from _check_period_points(rs, words)
    for key in ("bonus_cap", "bonus_floor", "cap", "floor"):
        yield from check_number(f"totals.{key}", getattr(rs.totals, key))
    up = rs.unit_points
    if up.source == "members":
        if up.of not in ("points", "bonus", *words.sections):
            yield _p("unit_points.of", "unknown_value", what="unit_points_of", found=repr(up.of),
                     allowed=", ".join(("points", "bonus", *words.sections)))  # fmt: skip
        for i, role in enumerate(up.roles or ()):
            yield from _ref(f"unit_points.roles[{i}]", "role", role, words.decl.roles)
    yield from _check_steps(rs, words)
    if rs.effective_from is not None and not 1900 <= rs.effective_from.year <= 2199:
        yield _p(
            "effective_from", "year_out_of_range", low=1900, high=2199, found=str(rs.effective_from)
        )


def _check_vocabulary(rs: Ruleset) -> Iterator[Problem]:
    v = rs.vocabulary
    for name in ("bodies", "ranks", "roles", "unit_kinds", "penalty_kinds", "activity_kinds"):
        yield from _unique(f"vocabulary.{name}", getattr(v, name))
    builtin = {
        "bodies": tuple(vocab.BODIES),
        "ranks": vocab.RANKS,
        "roles": vocab.BUILTIN_ROLES,
        "unit_kinds": vocab.UNIT_KINDS,
    }
    for name, words in builtin.items():
        for i, entry in enumerate(getattr(v, name)):
            if entry.id in words:
                yield _p(f"vocabulary.{name}[{i}].id", "builtin_word", found=repr(entry.id))
    for i, b in enumerate(v.bodies):
        yield from _ref(f"vocabulary.bodies[{i}].level", "level", b.level, vocab.LEVELS)


def _check_attributes(rs: Ruleset) -> Iterator[Problem]:
    event_types = (*vocab.EVENT_TYPES, "penalized")
    for name, a in rs.attributes.items():
        path = f"attributes.{name}"
        if not name or "." in name:
            yield _p(path, "bad_attribute_name", found=repr(name))
        if not a.on:
            yield _p(f"{path}.on", "empty")
        for i, where in enumerate(a.on):
            yield from _ref(f"{path}.on[{i}]", "record_type", where, (*RECORD_TYPES, *event_types))
        if a.type == "choice" and not a.values:
            yield _p(f"{path}.values", "requires_for", other=f"{path}.type", value="choice")
        if a.type != "choice" and a.values:
            yield _p(f"{path}.values", "only_for", other=f"{path}.type", value="choice")
        if a.required and a.default is not None:
            yield _p(f"{path}.default", "not_with_required")
        d = a.default
        if d is not None:
            ok = (
                (a.type == "string" and isinstance(d, str))
                or (a.type == "boolean" and isinstance(d, bool))
                or (a.type == "number" and isinstance(d, Fraction))
                or (a.type == "choice" and d in a.values)
            )
            if not ok:
                yield _p(f"{path}.default", "bad_default", found=repr(key_text(d)), type=a.type)


def _check_bases(rs: Ruleset, words: Words) -> Iterator[Problem]:
    yield from _unique("bases", rs.bases)
    for i, b in enumerate(rs.bases):
        yield from check_number(f"bases[{i}].points", b.points)
        if b.entity == "person" and b.unit_kinds is not None:
            yield _p(f"bases[{i}].unit_kinds", "only_for", other=f"bases[{i}].entity", value="unit")
        if b.entity == "unit" and b.roles is not None:
            yield _p(f"bases[{i}].roles", "only_for", other=f"bases[{i}].entity", value="person")
        for j, role in enumerate(b.roles or ()):
            yield from _ref(f"bases[{i}].roles[{j}]", "role", role, words.decl.roles)
        for j, kind in enumerate(b.unit_kinds or ()):
            yield from _ref(f"bases[{i}].unit_kinds[{j}]", "unit_kind", kind, words.decl.unit_kinds)


def _check_penalties(rs: Ruleset, words: Words) -> Iterator[Problem]:
    yield from _unique("penalties", rs.penalties)
    for i, pen in enumerate(rs.penalties):
        path = f"penalties[{i}]"
        if not pen.steps:
            yield _p(f"{path}.steps", "empty")
        for j, step in enumerate(pen.steps):
            yield from check_number(f"{path}.steps[{j}].points", step.points)
        if pen.on == "penalized":
            for j, kind in enumerate(pen.kinds or ()):
                yield from _ref(
                    f"{path}.kinds[{j}]", "penalty_kind", kind, words.decl.penalty_kinds
                )
        else:
            if pen.kinds is not None:
                yield _p(f"{path}.kinds", "only_for", other=f"{path}.on", value="penalized")
            if rs.deadlines is None:
                yield _p(f"{path}.on", "needs_deadlines")
        yield from _ref(f"{path}.section", "section", pen.section, words.sections)


def _check_activities(rs: Ruleset, words: Words) -> Iterator[Problem]:
    yield from _unique("activities", rs.activities)
    for i, a in enumerate(rs.activities):
        path = f"activities[{i}]"
        if not a.kinds:
            yield _p(f"{path}.kinds", "empty")
        for j, kind in enumerate(a.kinds):
            yield from _ref(f"{path}.kinds[{j}]", "activity_kind", kind, words.decl.activity_kinds)
        if (a.points is None) == (a.values is None):
            yield _p(path, "exactly_one", first="points", second="values")
        yield from check_number(f"{path}.points", a.points)
        yield from check_number(f"{path}.cap", a.cap)
        if a.values is not None:
            if a.by is None:
                yield _p(f"{path}.by", "requires_with", other=f"{path}.values")
            else:
                bad = [
                    p
                    for e in a.by
                    for p in check_expression(f"{path}.by", e, None, words, "activity")
                ]
                yield from bad
                if not bad:
                    yield from check_table(f"{path}.values", a.values, a.by, words)
        yield from check_condition(f"{path}.when", a.when, None, words, "activity")
        yield from _ref(f"{path}.section", "section", a.section, words.sections)
        yield from _ref(f"{path}.tally", "tally", a.tally, words.tallies)


def _check_period_points(rs: Ruleset, words: Words) -> Iterator[Problem]:
    quotas = {q.id for q in rs.quotas}
    yield from _unique("period_points", rs.period_points)
    for i, pp in enumerate(rs.period_points):
        path = f"period_points[{i}]"
        yield from _ref(f"{path}.quota", "quota", pp.quota, quotas)
        for key in ("met", "missed", "limit", "max"):
            yield from check_number(f"{path}.{key}", getattr(pp, key))
        if pp.missed > 0:
            yield _p(f"{path}.missed", "not_negative_points", found=key_text(pp.missed))
        if pp.limit is not None and not pp.limit > 0:
            yield _p(f"{path}.limit", "not_positive", found=key_text(pp.limit))
        yield from _ref(f"{path}.section", "section", pp.section, words.sections)


def _check_steps(rs: Ruleset, words: Words) -> Iterator[Problem]:
    yield from _unique("steps", rs.steps)
    rule_ids = {r.id: f"scoring.rules[{j}]" for j, r in enumerate(rs.scoring.rules)}
    for i, s in enumerate(rs.steps):
        yield from _ref(f"steps[{i}].section", "section", s.section, words.sections)
        if s.id in rule_ids:  # a piece step's lines are named by its id, as a rule's are
            yield _p(f"steps[{i}].id", "duplicate_id", found=repr(s.id), first=rule_ids[s.id])
        impl = rs.step_kinds.get(s.kind)
        if impl is None:
            yield _p(f"steps[{i}].kind", "unknown_kind", found=repr(s.kind),
                     allowed=", ".join(sorted(rs.step_kinds)) or "—")  # fmt: skip
            continue
        if getattr(impl, "stage", s.stage) != s.stage:
            yield _p(
                f"steps[{i}].stage", "step_stage", found=repr(s.stage), expected_stage=impl.stage
            )
        for problem in impl.check(s.params or {}):
            sub = f"steps[{i}].params.{problem.path}" if problem.path else f"steps[{i}].params"
            yield Problem(sub, problem.code, problem.params)
