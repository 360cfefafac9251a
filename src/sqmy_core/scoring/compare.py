"""What a revised ruleset would change: two assessments of one year, entity by entity.

A committee that revises its points table wants to know, before adopting it,
whose points, rank, quota result, flag, grade or award would change.  The
answer is a pure function of two :class:`~sqmy_core.scoring.result.Assessment`
objects of the same records and year -- one under the ruleset in force (the
baseline), one under the draft -- so it is exact (points stay ``Fraction``)
and needs no second run by hand and no hand-made diff.

Only entities with a change are listed; the totals count the movements over
everyone (how many moved up or down, who gained or lost each award, how many
hold each flag before and after).  The two rulesets may declare different
awards, flags, quotas or sections: what only one side has is gained or lost.
An entity assessed on one side only (the draft changed the scope) is listed
with nothing on the other side.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from fractions import Fraction
from typing import Literal

from attrs import frozen

from sqmy_core.errors import Problem, RulesetError, SqmyError
from sqmy_core.scoring.quotas import QuotaResult
from sqmy_core.scoring.result import Assessment, EntityResult

__all__ = [
    "Comparison",
    "EntityChange",
    "FlagCount",
    "LabelMove",
    "QuotaChange",
    "QuotaMove",
    "SectionChange",
    "Totals",
    "compare",
    "period_verdicts",
    "same_organization",
]

Change = Literal["gained", "lost", "changed"]


@frozen
class QuotaChange:
    """One quota whose verdict changed for one entity (``None``: the quota does not apply there)."""

    quota: str
    label: str
    before: bool | None
    after: bool | None
    periods_before: tuple[bool | None, ...]
    """Each period's verdict (``None`` for a period not assessed), as in :func:`period_verdicts`."""
    periods_after: tuple[bool | None, ...]


@frozen
class SectionChange:
    """One section's points before and after (both rulesets define sections)."""

    section: str
    before: Fraction | None
    after: Fraction | None


@frozen
class EntityChange:
    """Everything that changed for one person or unit; ``None`` on a side that does not assess it."""

    id: str
    name: str
    entity: Literal["person", "unit"]
    group_before: str | None
    group_after: str | None
    points_before: Fraction | None
    points_after: Fraction | None
    rank_before: int | None
    rank_after: int | None
    quotas: tuple[QuotaChange, ...]
    flags_added: tuple[str, ...]
    flags_removed: tuple[str, ...]
    award_before: str | None
    award_after: str | None
    grade_before: str | None
    grade_after: str | None
    sections: tuple[SectionChange, ...] = ()

    @property
    def delta(self) -> Fraction:
        """Points after minus before (a side that does not assess the entity counts as 0)."""
        return (self.points_after or Fraction(0)) - (self.points_before or Fraction(0))

    @property
    def rank_move(self) -> int | None:
        """Places gained (positive: moved up, rank 5 -> 2 is +3); ``None`` unless ranked on both
        sides in the same class."""
        if self.rank_before is None or self.rank_after is None:
            return None
        if self.group_before != self.group_after:
            return None
        return self.rank_before - self.rank_after

    @property
    def award_change(self) -> Change | None:
        return _change(self.award_before, self.award_after)

    @property
    def grade_change(self) -> Change | None:
        return _change(self.grade_before, self.grade_after)


def _change(before: str | None, after: str | None) -> Change | None:
    if before == after:
        return None
    if before is None:
        return "gained"
    return "lost" if after is None else "changed"


@frozen
class LabelMove:
    """An award (or grade) label: holders before and after, and who gained or lost it."""

    label: str
    before: int
    after: int
    gained: int
    lost: int


@frozen
class FlagCount:
    """A flag: how many hold it before and after, how many were added or removed."""

    flag: str
    before: int
    after: int
    added: int
    removed: int


@frozen
class QuotaMove:
    """A quota: how many now meet it who missed it, and how many now miss it who met it (an
    entity the quota applies to on one side only is counted in neither)."""

    quota: str
    label: str
    now_met: int
    now_missed: int


@frozen
class Totals:
    """The movements of one kind of entity (people or units) over the whole assessment."""

    assessed_before: int
    assessed_after: int
    changed: int
    entered: int
    """Assessed only under the draft."""
    left: int
    """Assessed only under the baseline."""
    points_up: int
    points_down: int
    rank_up: int
    rank_down: int
    awards: tuple[LabelMove, ...]
    grades: tuple[LabelMove, ...]
    flags: tuple[FlagCount, ...]
    quotas: tuple[QuotaMove, ...]


@frozen
class Comparison:
    """Baseline against draft for one organization's year."""

    organization: str
    year: int
    people: tuple[EntityChange, ...]
    units: tuple[EntityChange, ...]
    people_totals: Totals
    unit_totals: Totals


def period_verdicts(q: QuotaResult) -> tuple[bool | None, ...]:
    """Met or missed in each period (``None`` where the period is not assessed, e.g. out of office)."""
    mins = q.minimums or (q.min,) * len(q.counts)
    assessed = q.assessed or (True,) * len(q.counts)
    return tuple((c >= m) if a else None for c, m, a in zip(q.counts, mins, assessed, strict=True))


def same_organization(baseline: str, draft: str, source: str | None = None) -> None:
    """Refuse a draft of another organization (``source``: the draft's file, for the message)."""
    if baseline != draft:
        problem = Problem(
            "organization", "compare.other_organization", {"found": draft, "expected": baseline}
        )
        raise RulesetError([problem], source)


def compare(baseline: Assessment, draft: Assessment) -> Comparison:
    """What the draft changes against the baseline; both must assess one organization's year."""
    same_organization(baseline.organization, draft.organization)
    if baseline.year != draft.year:
        raise SqmyError(
            [
                Problem(
                    "year", "compare.other_year", {"found": draft.year, "expected": baseline.year}
                )
            ]
        )
    people = _changes(baseline.people, draft.people)
    units = _changes(baseline.units, draft.units)
    return Comparison(
        organization=baseline.organization,
        year=baseline.year,
        people=people,
        units=units,
        people_totals=_totals(baseline.people, draft.people, people),
        unit_totals=_totals(baseline.units, draft.units, units),
    )


def _changes(
    before: tuple[EntityResult, ...], after: tuple[EntityResult, ...]
) -> tuple[EntityChange, ...]:
    old = {r.id: r for r in before}
    new = {r.id: r for r in after}
    found = [
        change
        for ident in sorted(old.keys() | new.keys())
        if (change := _entity_change(old.get(ident), new.get(ident))) is not None
    ]
    found.sort(key=lambda c: (-abs(c.delta), -abs(c.rank_move or 0), c.id))
    return tuple(found)


def _entity_change(a: EntityResult | None, b: EntityResult | None) -> EntityChange | None:
    some = b if b is not None else a
    assert some is not None
    quotas = _quota_changes(a.quotas if a else (), b.quotas if b else ())
    flags_a = a.flags if a else ()
    flags_b = b.flags if b else ()
    change = EntityChange(
        id=some.id,
        name=some.name,
        entity=some.entity,
        group_before=a.group if a else None,
        group_after=b.group if b else None,
        points_before=a.points if a else None,
        points_after=b.points if b else None,
        rank_before=a.rank if a else None,
        rank_after=b.rank if b else None,
        quotas=quotas,
        flags_added=tuple(f for f in flags_b if f not in flags_a),
        flags_removed=tuple(f for f in flags_a if f not in flags_b),
        award_before=a.award if a else None,
        award_after=b.award if b else None,
        grade_before=a.grade if a else None,
        grade_after=b.grade if b else None,
        sections=_section_changes(a, b),
    )
    same = (
        a is not None
        and b is not None
        and a.points == b.points
        and a.rank == b.rank
        and a.group == b.group
        and not quotas
        and not change.flags_added
        and not change.flags_removed
        and a.award == b.award
        and a.grade == b.grade
        and not change.sections
    )
    return None if same else change


def _quota_changes(
    before: Iterable[QuotaResult], after: Iterable[QuotaResult]
) -> tuple[QuotaChange, ...]:
    old = {q.quota: q for q in before}
    new = {q.quota: q for q in after}
    out = []
    for ident in [*old, *(k for k in new if k not in old)]:
        qa, qb = old.get(ident), new.get(ident)
        periods_a = period_verdicts(qa) if qa else ()
        periods_b = period_verdicts(qb) if qb else ()
        met_a = qa.met if qa else None
        met_b = qb.met if qb else None
        if met_a == met_b and periods_a == periods_b:
            continue
        label = next((q.label for q in (qb, qa) if q is not None and q.label), ident)
        out.append(QuotaChange(ident, label, met_a, met_b, periods_a, periods_b))
    return tuple(out)


def _section_changes(a: EntityResult | None, b: EntityResult | None) -> tuple[SectionChange, ...]:
    if a is None or b is None or a.sections is None or b.sections is None:
        return ()
    names = [*a.sections, *(k for k in b.sections if k not in a.sections)]
    return tuple(
        SectionChange(s, a.sections.get(s), b.sections.get(s))
        for s in names
        if a.sections.get(s) != b.sections.get(s)
    )


def _totals(
    before: tuple[EntityResult, ...],
    after: tuple[EntityResult, ...],
    changes: tuple[EntityChange, ...],
) -> Totals:
    return Totals(
        assessed_before=len(before),
        assessed_after=len(after),
        changed=len(changes),
        entered=sum(1 for c in changes if c.points_before is None),
        left=sum(1 for c in changes if c.points_after is None),
        points_up=sum(1 for c in changes if c.delta > 0),
        points_down=sum(1 for c in changes if c.delta < 0),
        rank_up=sum(1 for c in changes if (c.rank_move or 0) > 0),
        rank_down=sum(1 for c in changes if (c.rank_move or 0) < 0),
        awards=_label_moves(
            [r.award for r in before],
            [r.award for r in after],
            [(c.award_before, c.award_after) for c in changes],
        ),
        grades=_label_moves(
            [r.grade for r in before],
            [r.grade for r in after],
            [(c.grade_before, c.grade_after) for c in changes],
        ),
        flags=_flag_counts(before, after, changes),
        quotas=_quota_moves(changes),
    )


def _label_moves(
    before: list[str | None], after: list[str | None], moves: list[tuple[str | None, str | None]]
) -> tuple[LabelMove, ...]:
    held_a = Counter(x for x in before if x is not None)
    held_b = Counter(x for x in after if x is not None)
    gained = Counter(b for a, b in moves if b is not None and a != b)
    lost = Counter(a for a, b in moves if a is not None and a != b)
    labels = _ordered([*held_a, *held_b])
    return tuple(
        LabelMove(label, held_a[label], held_b[label], gained[label], lost[label])
        for label in labels
    )


def _flag_counts(
    before: tuple[EntityResult, ...],
    after: tuple[EntityResult, ...],
    changes: tuple[EntityChange, ...],
) -> tuple[FlagCount, ...]:
    held_a = Counter(f for r in before for f in r.flags)
    held_b = Counter(f for r in after for f in r.flags)
    added = Counter(f for c in changes for f in c.flags_added)
    removed = Counter(f for c in changes for f in c.flags_removed)
    return tuple(
        FlagCount(f, held_a[f], held_b[f], added[f], removed[f])
        for f in _ordered([*held_a, *held_b])
    )


def _quota_moves(changes: tuple[EntityChange, ...]) -> tuple[QuotaMove, ...]:
    labels: dict[str, str] = {}
    met: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    for c in changes:
        for q in c.quotas:
            labels.setdefault(q.quota, q.label)
            if q.before is False and q.after is True:
                met[q.quota] += 1
            elif q.before is True and q.after is False:
                missed[q.quota] += 1
    return tuple(QuotaMove(q, labels[q], met[q], missed[q]) for q in labels)


def _ordered(names: Iterable[str]) -> list[str]:
    """Names in first-seen order, each once (baseline's first, then the draft's own)."""
    return list(dict.fromkeys(names))
