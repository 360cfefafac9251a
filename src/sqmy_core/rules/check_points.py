"""Checks of points rules (``[[scoring.rules]]`` and ``[[activities]]``): keys, tables, conditions.

A rule's ``by`` names key expressions (``level``, ``attributes.degree`` ...);
each must make sense for the rule's event, and every key of its (nested)
``values`` table must be a word that key can have: a known body, a declared
rank, a declared attribute's value.  Problems name the key path.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from fractions import Fraction
from typing import Any

from attrs import frozen

from sqmy_core.errors import Problem
from sqmy_core.model import vocab
from sqmy_core.model.attributes import Declarations
from sqmy_core.model.shared_methods import shared_methods
from sqmy_core.rules.expressions import (
    PIECE_FIELDS,
    attribute_names,
    key_text,
    valid_expression,
)
from sqmy_core.rules.spec import PointsRule, Ruleset, SplitSpec
from sqmy_core.rules.spec_model import Condition

MAX_NUMBER = 10**9
"""The largest magnitude any points, cap or factor may have (sane bounds refuse typos)."""

FIELD_EVENTS: Mapping[str, tuple[str, ...]] = {
    "body": ("adopted",),
    "level": ("adopted", "instructed"),
    "rank": ("instructed",),
    "route": ("dispatched",),
    "to": ("dispatched",),
    "outcome": ("handled",),
    "kind": ("penalized",),
    "stage": ("reviewed",),
    "decision": ("reviewed",),
}
_WHEN_NAMES = {
    "call_kinds": "call_kind",
    "bodies": "body",
    "levels": "level",
    "ranks": "rank",
    "routes": "route",
    "outcomes": "outcome",
}


@frozen
@shared_methods
class Words:
    """Every vocabulary a rule may use: the contract's plus the ruleset's declarations."""

    decl: Declarations
    metrics: tuple[str, ...]
    sections: tuple[str, ...]
    tallies: tuple[str, ...]

    def allowed(self, expr: str) -> tuple[str, ...] | None:
        """The keys an expression can have, or ``None`` when any text is possible."""
        closed: dict[str, tuple[str, ...]] = {
            "body": tuple(self.decl.bodies),
            "level": vocab.LEVELS,
            "rank": self.decl.ranks,
            "route": vocab.ROUTES,
            "outcome": vocab.OUTCOMES,
            "kind": self.decl.penalty_kinds,
            "decision": vocab.DECISIONS,
            "call_kind": vocab.CALL_KINDS,
            "unit_kind": self.decl.unit_kinds,
        }
        if expr in closed:
            return closed[expr]
        name = attribute_names(expr)
        if name is not None and name in self.decl.attributes:
            a = self.decl.attributes[name]
            if a.type == "choice":
                return a.values
            if a.type == "boolean":
                return ("true", "false")
        return None


def _p(path: str, code: str, **params: object) -> Problem:
    return Problem(path, code, params)


def check_number(path: str, value: object) -> Iterator[Problem]:
    """Numbers beyond :data:`MAX_NUMBER` are refused (a typo, never a policy)."""
    if isinstance(value, bool) or not isinstance(value, Fraction | int):
        return
    number = Fraction(value)
    if abs(number) > MAX_NUMBER or number.denominator > 10**6:
        text = key_text(number) or ""
        shown = text if len(text) <= 40 else f"{text[:40]}…（{len(text)}）"
        yield _p(path, "number_out_of_range", high=MAX_NUMBER, found=shown)


def check_expression(
    path: str,
    expr: str,
    event: str | None,
    words: Words,
    record: str = "event",
    label: str | None = None,
) -> Iterator[Problem]:
    """A key expression must exist, fit the event, and name a declared attribute."""
    if not valid_expression(expr) and not (record == "activity" and expr == "kind"):
        yield _p(path, "unknown_value", what="key_expression", found=repr(expr),
                 allowed=", ".join((*FIELD_EVENTS, *PIECE_FIELDS, "attributes.<name>")))  # fmt: skip
        return
    name = attribute_names(expr)
    if name is not None:
        decl = words.decl.attributes.get(name)
        if decl is None:
            yield _p(path, "undeclared_attribute", found=repr(name))
        elif record == "activity" and not (
            decl.allowed_on("activity") or decl.allowed_on("person")
        ):
            yield _p(path, "attribute_not_on", found=repr(name), record="activity")
        return
    if record == "event" and expr in FIELD_EVENTS and event not in FIELD_EVENTS[expr]:
        yield _p(path, "not_for_event", key=label or expr, event=event or "")


def check_table(
    path: str,
    table: Mapping[str, Any],
    exprs: Sequence[str],
    words: Words,
    factors: bool = False,
) -> Iterator[Problem]:
    """Every key at every depth of a (nested) values table must be possible for its expression."""
    if not table:
        yield _p(path, "empty")
        return
    allowed = words.allowed(exprs[0])
    for key, sub in table.items():
        here = f"{path}.{key}"
        if allowed is not None and key not in allowed:
            what = (
                exprs[0]
                if exprs[0] in FIELD_EVENTS or exprs[0] in PIECE_FIELDS
                else "attribute_value"
            )
            yield _p(here, "unknown_value", what=what, found=repr(key), allowed=", ".join(allowed))
        if len(exprs) > 1:
            if not isinstance(sub, dict):
                yield _p(here, "wrong_type", expected="table", found=key_text(sub))
            else:
                yield from check_table(here, sub, exprs[1:], words, factors)
        elif isinstance(sub, dict):
            yield _p(here, "wrong_type", expected="number", found="{...}")
        else:
            if factors and not sub > 0:
                yield _p(here, "not_positive", found=key_text(sub))
            yield from check_number(here, sub)


def check_condition(
    path: str, when: Condition, event: str | None, words: Words, record: str = "event"
) -> Iterator[Problem]:
    for name, expr in _WHEN_NAMES.items():
        values = getattr(when, name)
        if values is None:
            continue
        if record == "event" and expr in FIELD_EVENTS and event not in FIELD_EVENTS[expr]:
            yield _p(f"{path}.{name}", "not_for_event", key=name, event=event or "")
        known: tuple[str, ...] = words.allowed(expr) or ()
        for i, v in enumerate(values):
            if v not in known:
                yield _p(
                    f"{path}.{name}[{i}]",
                    "unknown_value",
                    what=expr,
                    found=repr(v),
                    allowed=", ".join(known),
                )
    for expr, values in (when.match or {}).items():
        yield from check_expression(f"{path}.match.{expr}", expr, event, words, record)
        allowed = words.allowed(expr)
        for i, v in enumerate(values):
            text = key_text(v)
            if allowed is not None and text not in allowed:
                yield _p(
                    f"{path}.match.{expr}[{i}]",
                    "unknown_value",
                    what="table_key",
                    found=repr(text),
                    allowed=", ".join(allowed),
                )


def check_rule(path: str, rule: PointsRule, rs: Ruleset, words: Words) -> Iterator[Problem]:
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
        yield from _check_kind(path, rule, rs.rule_kinds)
    else:
        if rule.params is not None:
            yield _p(f"{path}.params", "only_with", other=f"{path}.kind")
        if (rule.points is None) == (rule.values is None):
            yield _p(path, "exactly_one", first="points", second="values")
        yield from check_number(f"{path}.points", rule.points)
        if rule.values is not None:
            if rule.by is None:
                yield _p(f"{path}.by", "requires_with", other=f"{path}.values")
            else:
                bad = False
                for i, expr in enumerate(rule.by):
                    for problem in check_expression(
                        f"{path}.by" + (f"[{i}]" if len(rule.by) > 1 else ""),
                        expr,
                        rule.event,
                        words,
                        label=f"by = {expr!r}",
                    ):
                        bad = True
                        yield problem
                if not bad:
                    yield from check_table(f"{path}.values", rule.values, rule.by, words)
        elif rule.by is not None:
            yield _p(f"{path}.by", "only_with", other=f"{path}.values")
    if rule.rank_multiplier is not None and rule.kind is None:
        if rule.event != "instructed":
            yield _p(
                f"{path}.rank_multiplier", "not_for_event", key="rank_multiplier", event=rule.event
            )
        else:
            yield from check_table(
                f"{path}.rank_multiplier", rule.rank_multiplier, ("rank",), words, factors=True
            )
    for i, m in enumerate(rule.multipliers):
        mpath = f"{path}.multipliers[{i}]"
        problems = [
            p
            for j, e in enumerate(m.by)
            for p in check_expression(f"{mpath}.by[{j}]", e, rule.event, words)
        ]
        yield from problems
        if not problems:
            yield from check_table(f"{mpath}.values", m.values, m.by, words, factors=True)
    for i, expr in enumerate(rule.distinct_by or ()):
        yield from check_expression(f"{path}.distinct_by[{i}]", expr, rule.event, words)
    if rule.distinct_by is not None and rule.combine != "sum_distinct":
        yield _p(f"{path}.distinct_by", "only_for", other=f"{path}.combine", value="sum_distinct")
    if rule.cap is not None and not rule.cap > 0:
        yield _p(f"{path}.cap", "not_positive", found=key_text(rule.cap))
    yield from check_number(f"{path}.cap", rule.cap)
    yield from check_number(f"{path}.floor", rule.floor)
    if rule.cap is not None and rule.floor is not None and rule.floor > rule.cap:
        yield _p(f"{path}.floor", "floor_above_cap", found=key_text(rule.floor))
    yield from check_condition(f"{path}.when", rule.when, rule.event, words)
    if rule.section is not None and rule.section not in words.sections:
        yield _p(f"{path}.section", "unknown_ref", what="section", found=repr(rule.section))
    if rule.tally is not None and rule.tally not in words.tallies:
        yield _p(f"{path}.tally", "unknown_ref", what="tally", found=repr(rule.tally))
    if not rule.entities:
        yield _p(f"{path}.entities", "empty")
    if rule.applies_from and rule.applies_until and rule.applies_until <= rule.applies_from:
        yield _p(f"{path}.applies_until", "not_after", other=f"{path}.applies_from")


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


def check_groups(rs: Ruleset) -> Iterator[Problem]:
    """Rules of one group must agree on the event and on how they combine."""
    first: dict[str, tuple[int, PointsRule]] = {}
    for i, rule in enumerate(rs.scoring.rules):
        if rule.group is None:
            continue
        if rule.group not in first:
            first[rule.group] = (i, rule)
            continue
        j, head = first[rule.group]
        for key in ("event", "combine"):
            if getattr(rule, key) != getattr(head, key):
                yield _p(
                    f"scoring.rules[{i}].{key}",
                    "group_mismatch",
                    key=key,
                    first=f"scoring.rules[{j}]",
                )


def check_author_factors(path: str, split: SplitSpec, words: Words) -> Iterator[Problem]:
    """``author_factors`` read the author: ``role`` or a declared person attribute."""
    for i, m in enumerate(split.author_factors):
        mpath = f"{path}.author_factors[{i}]"
        bad = False
        for j, expr in enumerate(m.by):
            name = attribute_names(expr)
            if expr == "role":
                continue
            if not expr.startswith("person.attributes.") or name is None:
                bad = True
                yield _p(f"{mpath}.by[{j}]", "unknown_value", what="key_expression",
                         found=repr(expr), allowed="role, person.attributes.<name>")  # fmt: skip
            elif name not in words.decl.attributes:
                bad = True
                yield _p(f"{mpath}.by[{j}]", "undeclared_attribute", found=repr(name))
            elif not words.decl.attributes[name].allowed_on("person"):
                bad = True
                yield _p(f"{mpath}.by[{j}]", "attribute_not_on", found=repr(name), record="person")
        if not bad:
            yield from _check_factor_table(f"{mpath}.values", m.values, m.by, words)


def _check_factor_table(
    path: str, table: Mapping[str, Any], exprs: Sequence[str], words: Words
) -> Iterator[Problem]:
    if exprs[0] == "role":
        for key in table:
            if key not in words.decl.roles:
                yield _p(f"{path}.{key}", "unknown_value", what="role", found=repr(key),
                         allowed=", ".join(words.decl.roles))  # fmt: skip
        if len(exprs) == 1:
            for key, sub in table.items():
                if isinstance(sub, dict) or not sub > 0:
                    yield _p(
                        f"{path}.{key}",
                        "not_positive",
                        found=key_text(sub) if not isinstance(sub, dict) else "{...}",
                    )
            return
        for key, sub in table.items():
            if isinstance(sub, dict):
                yield from _check_factor_table(f"{path}.{key}", sub, exprs[1:], words)
        return
    yield from check_table(path, table, exprs, words, factors=True)
