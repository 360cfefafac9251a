"""Awards (评先, 等次, 表扬): eligibility, then the first tier whose conditions hold."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from attrs import field, frozen

from sqmy_core.rules.spec import AwardSpec, AwardTier
from sqmy_core.scoring.ranking import RankKey, ranks_by_class


@frozen
class Candidate:
    """What an award looks at for one entity."""

    id: str
    points: Fraction
    rank: int
    key: RankKey
    group: str | None
    quotas_met: bool
    roles: tuple[str, ...]
    kind: str | None
    counts: Mapping[str, int] = field(factory=dict)
    rates: Mapping[str, Fraction | None] = field(factory=dict)
    flags: tuple[str, ...] = ()
    disqualified: bool = False


def _eligible(spec: AwardSpec, c: Candidate) -> bool:
    if spec.require_quotas_met and not c.quotas_met:
        return False
    if spec.exclude_disqualified and c.disqualified:
        return False
    if any(f in c.flags for f in spec.exclude_flags):
        return False
    if spec.roles is not None and not any(r in spec.roles for r in c.roles):
        return False
    return spec.unit_kinds is None or c.kind in spec.unit_kinds


def _tier_holds(tier: AwardTier, c: Candidate, rank: int, pool: int) -> bool:
    points = c.points
    if tier.require_quotas_met and not c.quotas_met:
        return False
    if tier.min_points is not None and points < tier.min_points:
        return False
    for rate, least in (tier.min_rates or {}).items():
        value = c.rates.get(rate)
        if value is None or value < least:
            return False
    for metric, least_count in (tier.min_counts or {}).items():
        if c.counts.get(metric.removesuffix("_pieces"), 0) < least_count:
            return False
    if tier.max_rank is not None and rank > tier.max_rank:
        return False
    return tier.top_percent is None or rank * 100 <= pool * tier.top_percent


def grant(specs: tuple[AwardSpec, ...], candidates: list[Candidate]) -> dict[str, str]:
    """Award labels by entity id; each entity gets at most one, from the first award that fits."""
    given: dict[str, str] = {}
    for spec in specs:
        eligible = [c for c in candidates if _eligible(spec, c)]
        if spec.rank_among == "eligible":
            ranks = ranks_by_class(
                {c.id: c.key for c in eligible}, {c.id: c.group for c in eligible}
            )
        else:
            ranks = {c.id: c.rank for c in candidates}
        pools = _pool_sizes(eligible if spec.rank_among == "eligible" else candidates)
        for c in eligible:
            if c.id in given:
                continue
            for tier in spec.tiers:
                if _tier_holds(tier, c, ranks[c.id], pools[c.group]):
                    given[c.id] = tier.label
                    break
    return given


def _pool_sizes(candidates: list[Candidate]) -> Mapping[str | None, int]:
    sizes: dict[str | None, int] = {}
    for c in candidates:
        sizes[c.group] = sizes.get(c.group, 0) + 1
    return sizes
