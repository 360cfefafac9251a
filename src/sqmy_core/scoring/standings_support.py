"""Which rulesets the live standings can keep exact one piece at a time.

The incremental path holds, per piece, what its ledger gives each author and
its unit, and per entity the sums of that plus the entity's fixed records
(activities, adjustments).  That is exact when an entity's points depend only
on its own pieces and records.  A ruleset that reaches further -- the n-th
penalty counted across pieces, points per quota period, a unit's points from
its members' totals, plugin steps -- is kept by a full recomputation instead
(:class:`~sqmy_core.scoring.standings.Standings` does it for those), never
approximated.
"""

from __future__ import annotations

from sqmy_core.rules.spec import Ruleset


def unsupported_reasons(ruleset: Ruleset) -> tuple[str, ...]:
    """Why the ruleset's standings cannot be updated piece by piece (empty: they can)."""
    reasons: list[str] = []
    if ruleset.penalties:
        reasons.append("penalties: the n-th occurrence of a penalty is counted across pieces")
    if ruleset.period_points:
        reasons.append("period_points: points per quota period depend on every period's counts")
    if ruleset.unit_points.source == "members":
        reasons.append("unit_points.source = members: a unit's points follow its members' totals")
    if ruleset.steps:
        reasons.append("steps: plugin steps may read more than one piece")
    return tuple(reasons)


def supported(ruleset: Ruleset) -> bool:
    """Whether :func:`unsupported_reasons` is empty."""
    return not unsupported_reasons(ruleset)
