"""What is missing (还差什么): for an unmet quota, award or grade, how far the entity is.

A pure function of the books and one entity's result.  For each unmet quota
(each unmet period of it) it gives the pieces missing.  For awards and grades
it looks at one tier per award: the next tier above the one obtained, or,
when none was obtained, the last tier that has a condition (the easiest);
an entity that holds an award from another award of the same list is not told
about this one.  For the tier it gives the points missing (threshold less
points), the pieces missing for each ``min_counts`` metric, the rank or top
share to reach, the rate to reach, and why it cannot be given at all (a flag
excluded, disqualified).

Where a points gap could be closed by one kind of event alone (``via``), the
rule is: among the points rules that value a new piece of the entity's own
(a sole author for a person; submitted in the unit's name for a unit) without
conditions, windows outside the year's last day, plugins, tallies or several
keys, each rule and each value of its table is a candidate worth its value
times the sole author's share, bounded by the rule's cap; the candidate
needing the fewest pieces (ties: the smaller value, then the ruleset's order)
is checked by re-scoring the year with that many such pieces added on the
year's last day, and offered only if the points then reach the threshold
(caps on sections or totals can make a candidate fail; then the next one is
checked, at most three).  Multipliers are left at 1 (the count is then
enough whatever the rank), and the other events such a piece would also get
(its approval, say) are ignored, so the count is never too small unless
those events cost points.
"""

from __future__ import annotations

import math
from datetime import datetime
from fractions import Fraction
from typing import Literal

from attrs import evolve, frozen

from sqmy_core.model import Event, Piece
from sqmy_core.model.vocab import BODIES
from sqmy_core.rules.spec import AwardSpec, AwardTier, PointsRule, Ruleset
from sqmy_core.rules.spec_model import Condition
from sqmy_core.scoring.assess import assess_book
from sqmy_core.scoring.book import Book, split_shares
from sqmy_core.scoring.result import Assessment, EntityResult
from sqmy_core.scoring.totals import year_totals

_KEYS = ("body", "level", "rank", "outcome", "route")
MAX_CHECKS = 3


@frozen
class Via:
    """``count`` more pieces with one ``event`` (keyed ``key`` = ``value``) close a points gap."""

    rule: str
    event: str
    count: int
    key: str | None = None
    value: str | None = None


@frozen
class Shortfall:
    """What one entity lacks for one quota (period) or one award or grade tier."""

    kind: Literal["quota", "award", "grade"]
    target: str
    """The quota's label (else id) or the tier's label."""
    pieces: int = 0
    metric: str | None = None
    period: str = "year"
    period_index: int = 0
    """1-based period of a quota with ``period`` other than ``year`` (0 for a year quota)."""
    points: Fraction | None = None
    via: Via | None = None
    counts: tuple[tuple[str, int], ...] = ()
    max_rank: int | None = None
    rank: int | None = None
    rates: tuple[tuple[str, Fraction, Fraction | None], ...] = ()
    needs_quotas: bool = False
    blocked_by: str | None = None
    """``flag:<id>`` or ``disqualified``: the tier cannot be given whatever is added."""


def shortfalls(
    book: Book,
    year: int,
    entity: Literal["person", "unit"],
    ident: str,
    assessment: Assessment | None = None,
) -> tuple[Shortfall, ...]:
    """Everything ``ident`` lacks in ``year``: unmet quotas first, then awards, then grades
    (pass the year's ``assessment`` when it is at hand, so it is not computed again)."""
    if assessment is None:
        assessment = assess_book(book, year)
    rs = book.ruleset
    pool = assessment.people if entity == "person" else assessment.units
    result = next(r for r in pool if r.id == ident)
    out: list[Shortfall] = []
    for q in result.quotas:
        if q.met:
            continue
        spec = next((s for s in rs.quotas if s.id == q.quota), None)
        period = spec.period if spec else "year"
        mins = q.minimums or (q.min,) * len(q.counts)
        for i, (count, least) in enumerate(zip(q.counts, mins, strict=True)):
            if count < least:
                out.append(
                    Shortfall(
                        kind="quota",
                        target=q.label or q.quota,
                        pieces=least - count,
                        metric=q.metric,
                        period=period,
                        period_index=0 if period == "year" else i + 1,
                    )
                )
    award_label = result.award if rs.awards else None
    grade_label = result.grade if rs.awards else result.award
    total = (
        year_totals(book, year).people if entity == "person" else year_totals(book, year).units
    )[ident]
    plan: tuple[tuple[Literal["award", "grade"], tuple[AwardSpec, ...], str | None], ...] = (
        ("award", rs.awards, award_label),
        ("grade", rs.grades, grade_label),
    )
    for kind, specs, label in plan:
        for award in specs:
            if award.entity != entity or not _applies(book, award, entity, ident):
                continue
            tier = _target_tier(award, label, specs)
            if tier is None:
                continue
            out.append(
                _tier_shortfall(
                    book, year, kind, award, tier, result, pool, total.flags, total.disqualified
                )
            )
    return tuple(out)


def _applies(book: Book, spec: AwardSpec, entity: str, ident: str) -> bool:
    if entity == "person":
        person = book.people.get(ident)
        return spec.roles is None or (person is not None and person.has_any_role(spec.roles))
    unit = book.units.get(ident)
    return spec.unit_kinds is None or (unit is not None and unit.kind in spec.unit_kinds)


def _target_tier(
    spec: AwardSpec, label: str | None, specs: tuple[AwardSpec, ...]
) -> AwardTier | None:
    labels = [t.label for t in spec.tiers]
    if label is not None and label in labels:
        i = labels.index(label)
        return spec.tiers[i - 1] if i > 0 else None
    if label is not None and any(label in (t.label for t in s.tiers) for s in specs):
        return None
    conditional = [t for t in spec.tiers if _has_condition(t)]
    return conditional[-1] if conditional else None


def _has_condition(t: AwardTier) -> bool:
    return any(
        x is not None and x != {}
        for x in (t.min_points, t.max_rank, t.top_percent, t.min_rates, t.min_counts)
    )


def _tier_shortfall(
    book: Book,
    year: int,
    kind: Literal["award", "grade"],
    spec: AwardSpec,
    tier: AwardTier,
    result: EntityResult,
    pool: tuple[EntityResult, ...],
    flags: tuple[str, ...],
    disqualified: bool,
) -> Shortfall:
    blocked = next(
        (f"flag:{f}" for f in spec.exclude_flags if f in result.flags or f in flags), None
    )
    if blocked is None and spec.exclude_disqualified and disqualified:
        blocked = "disqualified"
    gap = None
    via = None
    if tier.min_points is not None and result.points < tier.min_points:
        gap = tier.min_points - result.points
        if blocked is None:
            via = closing_events(book, year, result, tier.min_points)
    counts = tuple(
        (m.removesuffix("_pieces"), least - result.counts.get(m.removesuffix("_pieces"), 0))
        for m, least in (tier.min_counts or {}).items()
        if result.counts.get(m.removesuffix("_pieces"), 0) < least
    )
    max_rank = tier.max_rank
    if tier.top_percent is not None:
        size = sum(1 for r in pool if r.group == result.group)
        by_share = math.floor(size * tier.top_percent / 100)
        max_rank = by_share if max_rank is None else min(max_rank, by_share)
    rank_needed = max_rank if max_rank is not None and result.rank > max_rank else None
    rates = tuple(_rate_gaps(book.ruleset, tier, result))
    return Shortfall(
        kind=kind,
        target=tier.label,
        points=gap,
        via=via,
        counts=counts,
        max_rank=rank_needed,
        rank=result.rank if rank_needed is not None else None,
        rates=rates,
        needs_quotas=spec.require_quotas_met and not result.quotas_met,
        blocked_by=blocked,
    )


def _rate_gaps(
    rs: Ruleset, tier: AwardTier, r: EntityResult
) -> list[tuple[str, Fraction, Fraction | None]]:
    out = []
    for rate_id, least in (tier.min_rates or {}).items():
        spec = next((x for x in rs.rates if x.id == rate_id), None)
        if spec is None:
            continue
        den = r.counts.get(spec.denominator, 0)
        value = Fraction(r.counts.get(spec.numerator, 0), den) if den else None
        if value is None or value < least:
            out.append((rate_id, least, value))
    return out


def _candidates(
    book: Book, entity: str, at: datetime
) -> list[tuple[int, Fraction, int, PointsRule, str | None, str | None]]:
    """(unused count, value, order, rule, key, value id) of every rule a new piece could score."""
    rs = book.ruleset
    out = []
    for order, rule in enumerate(rs.scoring.rules):
        if rule.kind or rule.tally or rule.when != Condition() or entity not in rule.entities:
            continue
        if rule.applies_from and at.date() < rule.applies_from:
            continue
        if rule.applies_until and at.date() >= rule.applies_until:
            continue
        if entity == "person":
            share = split_shares(rule.split or rs.scoring.split, 1)[0]
        else:
            share = (
                Fraction(1)
                if rs.scoring.unit_credit == "full" and rs.unit_points.source == "pieces"
                else Fraction(0)
            )
        entries: list[tuple[str | None, str | None, Fraction]] = []
        if rule.points is not None:
            entries.append((None, None, rule.points))
        elif rule.by and len(rule.by) == 1 and rule.by[0] in _KEYS:
            for k, v in (rule.values or {}).items():
                if isinstance(v, (int, Fraction)):
                    entries.append((rule.by[0], k, Fraction(v)))
        for key, value_id, value in entries:
            worth = value * share
            if rule.cap is not None:
                worth = min(worth, rule.cap)
            if worth > 0:
                out.append((0, worth, order, rule, key, value_id))
    return out


def closing_events(book: Book, year: int, result: EntityResult, threshold: Fraction) -> Via | None:
    """The fewest pieces of one event kind that lift ``result`` to ``threshold`` (see the module)."""
    gap = threshold - result.points
    at = datetime(year, 12, 31, 12, tzinfo=book.clock.tz)
    ranked = sorted(
        (
            (math.ceil(gap / worth), worth, order, rule, key, value)
            for _, worth, order, rule, key, value in _candidates(book, result.entity, at)
        ),
        key=lambda c: (c[0], c[1], c[2]),
    )
    for count, _, _, rule, key, value in ranked[:MAX_CHECKS]:
        if _rescored(book, year, result, rule, key, value, count, at) >= threshold:
            return Via(rule=rule.id, event=rule.event, count=count, key=key, value=value)
    return None


def _rescored(
    book: Book,
    year: int,
    result: EntityResult,
    rule: PointsRule,
    key: str | None,
    value: str | None,
    count: int,
    at: datetime,
) -> Fraction:
    """The entity's points in ``year`` with ``count`` such pieces added (a new book, same ruleset)."""
    ds = book.dataset
    pieces = list(ds.pieces)
    events = list(ds.events)
    for i in range(count):
        pid = f"~missing-{i}"
        person = result.entity == "person"
        pieces.append(
            Piece(
                id=pid,
                title="",
                authors=(result.id,) if person else ("~missing-author",),
                submitted_at=at,
                unit=None if person else result.id,
            )
        )
        if rule.event != "submitted":
            events.append(_event(pid, at, _fields(book, rule.event, key, value), rule.event))
    trial = Book(book.ruleset, evolve(ds, pieces=tuple(pieces), events=tuple(events)))
    totals = year_totals(trial, year)
    pool = totals.people if result.entity == "person" else totals.units
    return pool[result.id].points if result.id in pool else result.points


def _event(piece: str, at: datetime, f: dict[str, str], event: str) -> Event:
    return Event(
        piece=piece,
        type=event,
        at=at,
        body=f.get("body"),
        level=f.get("level"),
        rank=f.get("rank"),
        outcome=f.get("outcome"),
        route=f.get("route"),
    )


def _fields(book: Book, event: str, key: str | None, value: str | None) -> dict[str, str]:
    if key is None or value is None:
        return {}
    if key == "level" and event == "adopted":
        declared = {b.id: b.level for b in book.ruleset.vocabulary.bodies}
        levels = {k: b.level for k, b in BODIES.items()} | declared
        body = next((b for b, lv in levels.items() if lv == value), None)
        return {"body": body} if body else {}
    return {key: value}
