"""Where an entity's points come from in a year: one :class:`Contribution` per reason.

Pieces (the ledger lines times the entity's share), activities, penalties,
manual adjustments and points per quota period each yield contributions;
:mod:`.totals` then applies the section, bonus and total bounds as further
contributions.  The assessment sums them and ``explain`` lists them, so an
explanation always adds up to the reported points.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from fractions import Fraction
from functools import partial
from typing import TYPE_CHECKING

from attrs import frozen

from sqmy_core.model import Activity, Person
from sqmy_core.rules.spec import QuotaSpec, SplitSpec
from sqmy_core.rules.spec_model import (
    ActivityRule,
    Condition,
    PenaltySpec,
    PeriodPointsSpec,
)
from sqmy_core.scoring.conditions import condition_terms
from sqmy_core.scoring.keys import key_text, lookup
from sqmy_core.scoring.ledger import PIECE_CAP_RULE

if TYPE_CHECKING:
    from sqmy_core.scoring.book import Book

Key = tuple[str, str]
"""(``person`` or ``unit``, id)."""
ZERO = Fraction(0)
ONE = Fraction(1)


@frozen
class Contribution:
    """One reason for a change of one entity's points (or tally) in one year."""

    piece: str
    """The piece's id, or '' for a contribution not from a piece."""
    title: str
    event_type: str
    """The event's type, or the source: ``activity``, ``penalized``, ``adjustment``,
    ``period``, ``member``, ``cap``, ``step``."""
    at: datetime | None
    rule: str
    label: str
    clause: str
    piece_delta: Fraction
    share: Fraction
    points: Fraction
    section: str | None = ""
    """The section it counts in; ``None`` for a bound on the whole total."""
    tally: str | None = None


def piece_contributions(
    book: Book, year: int, wanted: set[Key]
) -> Iterator[tuple[Key, Contribution]]:
    """The ledger lines of ``year``, times each author's share, and the units' full credit."""
    rs = book.ruleset
    rules = {r.id: r for r in rs.scoring.rules}
    steps = {s.id: s for s in rs.steps if s.stage == "piece"}
    unit_credit = rs.scoring.unit_credit == "full" and rs.unit_points.source == "pieces"
    for line in book.lines_in(year):
        piece = book.pieces[line.piece]
        rule = rules.get(line.rule)
        entities = rule.entities if rule is not None else ("person", "unit")
        label = rule.label if rule is not None else PIECE_CAP_RULE
        clause = rule.clause if rule is not None else ""
        step = steps.get(line.rule) if rule is None else None
        if step is not None:  # a piece step's line: shown with the step's label and clause
            label, clause = step.label or step.id, step.clause
        if "person" in entities:
            split = rule.split if rule is not None and rule.split is not None else rs.scoring.split
            shares = book.shares(piece, split)
            for author, base_share in zip(piece.authors, shares, strict=True):
                key = ("person", author)
                share = (
                    base_share * author_factor(book, split, author)
                    if split.author_factors
                    else base_share
                )
                if share and key in wanted:
                    yield key, Contribution(
                        piece.id, piece.title, line.event_type, line.at, line.rule, label,
                        clause, line.delta, share, line.delta * share, line.section, line.tally,
                    )  # fmt: skip
        if unit_credit and "unit" in entities and piece.unit is not None:
            key = ("unit", piece.unit)
            if key in wanted:
                yield key, Contribution(
                    piece.id, piece.title, line.event_type, line.at, line.rule, label, clause,
                    line.delta, ONE, line.delta, line.section, line.tally,
                )  # fmt: skip


def author_factor(book: Book, split: SplitSpec, author: str) -> Fraction:
    """The product of a split's ``author_factors`` for one author (1 where a key is missing)."""
    person = book.people.get(author)
    factor = ONE
    for m in split.author_factors:
        node: object = m.values
        for expr in m.by:
            if not isinstance(node, dict):
                break
            if expr == "role":
                key = next((r for r in (person.roles if person else ()) if r in node), None)
            else:
                name = expr.split(".")[-1]
                value = person.attributes.get(name) if person else None
                if value is None:
                    value = book.declarations.attribute_default(name)
                key = key_text(value)
            node = node.get(key) if key is not None else None
        if isinstance(node, Fraction):
            factor *= node
    return factor


def _activity_reader(book: Book, expr: str) -> Callable[[Activity, Person | None], str | None]:
    """Key expressions on activities: ``kind``, ``attributes.x`` (activity, then person)."""
    defaults = book.declarations.attributes
    if expr == "kind":
        return lambda act, person: act.kind
    name = expr.split(".")[-1]
    default = defaults[name].default if name in defaults else None
    scope = expr.split(".")[0] if expr.count(".") == 2 else "any"

    def read(act: Activity, person: Person | None) -> str | None:
        value = act.attributes.get(name) if scope in ("any", "activity") else None
        if value is None and person is not None and scope in ("any", "person"):
            value = person.attributes.get(name)
        return key_text(default if value is None else value)

    return read


def _activity_holds(book: Book, when: Condition) -> Callable[[Activity, Person | None], bool]:
    terms = [(_activity_reader(book, e), allowed) for e, allowed in condition_terms(when)]
    return lambda act, person: all(r(act, person) in allowed for r, allowed in terms)


def activity_contributions(
    book: Book, year: int, wanted: set[Key]
) -> Iterator[tuple[Key, Contribution]]:
    """Activities of ``year`` scored by the ruleset's ``[[activities]]``, capped per rule and person."""
    rs = book.ruleset
    compiled: list[tuple[ActivityRule, Callable[[Activity, Person | None], bool], list[Callable[[Activity, Person | None], str | None]]]] = [
        (r, _activity_holds(book, r.when), [_activity_reader(book, e) for e in r.by or ()])
        for r in rs.activities
    ]  # fmt: skip
    running: dict[tuple[str, str], Fraction] = {}
    acts = sorted(book.dataset.activities, key=lambda a: (a.at, a.id))
    for act in acts:
        key = ("person", act.person)
        if key not in wanted or book.clock.year_of(act.at) != year:
            continue
        person = book.people.get(act.person)
        for rule, holds, readers in compiled:
            if act.kind not in rule.kinds or not holds(act, person):
                continue
            value = rule.points
            if value is None:
                value = lookup(rule.values or {}, [r(act, person) for r in readers])
            if not value:
                continue
            if rule.cap is not None:
                before = running.get((rule.id, act.person), ZERO)
                running[(rule.id, act.person)] = before + value
                value = min(before + value, rule.cap) - min(before, rule.cap)
                if not value:
                    continue
            section = rule.section or rs.default_section
            yield key, Contribution(
                "", act.note or act.kind, "activity", act.at, rule.id, rule.label, rule.clause,
                value, ONE, value, section, rule.tally,
            )  # fmt: skip


def _penalty_occurrences(
    book: Book, spec: PenaltySpec
) -> list[tuple[datetime, int, str, int, str, str]]:
    """(time, order, target id, attributed year, piece id, title) of every occurrence."""
    out: list[tuple[datetime, int, str, int, str, str]] = []
    clock = book.clock
    if spec.on == "penalized":
        for piece_id, stream in book.events_by_piece.items():
            piece = book.pieces[piece_id]
            for index, ev in stream:
                if ev.type != "penalized" or (spec.kinds is not None and ev.kind not in spec.kinds):
                    continue
                y = clock.attributed_year(ev.at, piece.submitted_at)
                targets = (
                    (ev.persons or piece.authors) if spec.entity == "person"
                    else ((piece.unit,) if piece.unit else ())
                )  # fmt: skip
                out.extend((ev.at, index, t, y, piece.id, piece.title) for t in targets)
    else:
        from sqmy_core.scoring.late import late_dispatches

        for order, d in enumerate(late_dispatches(book)):
            piece = book.pieces[d.piece]
            targets = (
                piece.authors if spec.entity == "person" else ((piece.unit,) if piece.unit else ())
            )
            out.extend((d.dispatched_at, order, t, d.year, piece.id, piece.title) for t in targets)
    out.sort(key=lambda o: (o[0], o[1], o[2]))
    return out


@frozen
class PenaltyOutcome:
    """Penalty flags and disqualifications of one entity in one year."""

    flags: tuple[str, ...]
    disqualified: bool


def penalty_contributions(
    book: Book, year: int, wanted: set[Key], outcomes: dict[Key, PenaltyOutcome]
) -> Iterator[tuple[Key, Contribution]]:
    """The n-th occurrence of each penalty costs its n-th step (the last step repeats)."""
    for spec in book.ruleset.penalties:
        seen: dict[tuple[str, int | None], int] = {}
        for at, _order, target, y, piece_id, title in _penalty_occurrences(book, spec):
            counter = (target, y if spec.count == "year" else None)
            n = seen.get(counter, 0)
            seen[counter] = n + 1
            key = (spec.entity, target)
            if y != year or key not in wanted:
                continue
            step = spec.steps[min(n, len(spec.steps) - 1)]
            if step.flag or step.disqualify:
                old = outcomes.get(key, PenaltyOutcome((), False))
                flags = old.flags + (
                    (step.flag,) if step.flag and step.flag not in old.flags else ()
                )
                outcomes[key] = PenaltyOutcome(flags, old.disqualified or step.disqualify)
            if step.points:
                label = step.label or spec.label
                section = spec.section or book.ruleset.default_section
                yield key, Contribution(
                    piece_id, title, "penalized", at, spec.id, label, spec.clause, step.points,
                    ONE, step.points, section,
                )  # fmt: skip


def adjustment_contributions(
    book: Book, year: int, wanted: set[Key]
) -> Iterator[tuple[Key, Contribution]]:
    """Manual additions and deductions of ``year``, where the ruleset lets them count."""
    spec = book.ruleset.adjustments
    if spec is None or not spec.count:
        return
    for adj in sorted(book.dataset.adjustments, key=lambda a: (a.at, a.id)):
        key = ("person", adj.person) if adj.person is not None else ("unit", adj.unit or "")
        if key not in wanted or book.clock.year_of(adj.at) != year:
            continue
        section = adj.section or spec.section or book.ruleset.default_section
        yield key, Contribution(
            "", adj.reason, "adjustment", adj.at, adj.id, spec.label, adj.clause or spec.clause,
            adj.points, ONE, adj.points, section,
        )  # fmt: skip


PERIOD_NAMES = {
    "year": ("全年",),
    "half": ("上半年", "下半年"),
    "quarter": ("第一季度", "第二季度", "第三季度", "第四季度"),
    "month": tuple(f"{m}月" for m in range(1, 13)),
}


def period_contributions(
    book: Book,
    year: int,
    wanted: set[Key],
    judge: Callable[[QuotaSpec, str, int], object] | None = None,
) -> Iterator[tuple[Key, Contribution]]:
    """Points earned for each period a quota is met, or lost for each it is missed.

    ``judge(quota, entity_id, year)`` gives the quota's result (default: the
    reference's ``evaluate`` on ``book``); the columnar path passes its own, so
    both paths share everything else here.
    """
    from sqmy_core.scoring.quotas import applies_to_person, applies_to_unit, evaluate, period_bounds

    if judge is None:
        judge = partial(evaluate, book)

    rs = book.ruleset
    quotas = {q.id: q for q in rs.quotas}
    for spec in rs.period_points:
        q = quotas[spec.quota]
        bounds = period_bounds(book.clock, q.period, year)
        for kind, ident in sorted(wanted):
            if kind != q.entity:
                continue
            if kind == "person":
                person = book.people[ident]
                if not applies_to_person(q, person, book.units):
                    continue
            else:
                person = None
                if not applies_to_unit(q, book.units[ident]):
                    continue
            result = judge(q, ident, year)
            yield from _periods(book, spec, q.period, (kind, ident), person, result, bounds)


def _periods(book: Book, spec: PeriodPointsSpec, period: str, key: Key, person: Person | None, result: object, bounds: list[tuple[datetime, datetime]]) -> Iterator[tuple[Key, Contribution]]:  # fmt: skip
    from sqmy_core.scoring.quotas import QuotaResult

    assert isinstance(result, QuotaResult)
    lost = earned = ZERO
    names = PERIOD_NAMES[period]
    section = spec.section or book.ruleset.default_section
    for i, (start, end) in enumerate(bounds):
        if person is not None:
            inside = (
                person.in_office_throughout(start, end) if spec.tenure == "whole_periods"
                else person.in_office(start, end)
            )  # fmt: skip
            if not inside:
                continue
        minimum = result.minimums[i] if result.minimums else result.min
        value = spec.met if result.counts[i] >= minimum else spec.missed
        if value < 0 and spec.limit is not None:
            value = max(value, -spec.limit - lost)
            lost += value
        elif value > 0 and spec.max is not None:
            value = min(value, spec.max - earned)
            earned += value
        if value:
            label = f"{spec.label}（{names[i]}）" if spec.label else names[i]
            yield key, Contribution(
                "", names[i], "period", end, spec.id, label, spec.clause, value, ONE, value, section,
            )  # fmt: skip
