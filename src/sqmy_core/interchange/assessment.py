"""The ``sqmy-assessment/1`` document: an :class:`Assessment`, rounded for the outside.

Points are rounded half-up to 2 decimals and rates to 4, only here; ranks
were decided on exact values before.  A rate over zero approvals is 0.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from sqmy_core.scoring.result import Assessment, EntityResult
from sqmy_core.scoring.rounding import round_half_up

FORMAT = "sqmy-assessment/1"


def _number(value: Fraction | None, places: int) -> float:
    return 0.0 if value is None else float(round_half_up(value, places))


def _entity(e: EntityResult) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": e.id,
        "points": _number(e.points, 2),
        "rank": e.rank,
        "adopted_pieces": e.adopted_pieces,
        "quotas_met": e.quotas_met,
    }
    if e.entity == "person":
        doc["flags"] = list(e.flags)
    doc["award"] = e.award
    return doc


def assessment_to_doc(a: Assessment) -> dict[str, Any]:
    """The JSON-ready ``sqmy-assessment/1`` document of an assessment."""
    c = a.stats.counts
    return {
        "format": FORMAT,
        "organization": a.organization,
        "year": a.year,
        "people": [_entity(p) for p in a.people],
        "units": [_entity(u) for u in a.units],
        "overdue": list(a.overdue),
        "stats": {
            "submitted": c["submitted"],
            "approved": c["approved"],
            "adopted": c["adopted"],
            "instructed": c["instructed"],
            "implemented": c["implemented"],
            "adoption_rate": _number(a.stats.adoption_rate, 4),
            "instruction_rate": _number(a.stats.instruction_rate, 4),
        },
    }
