"""One entity's live standing, and the standings a full assessment gives (to compare).

A standing is read after every command (an OA page shows the author's new
points and rank at once), so it is a named tuple: immutable, compared field
by field, and made in a fraction of what a frozen attrs instance costs to
build -- on the live path that difference was a quarter of the time per event.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import NamedTuple

from sqmy_core.scoring.contributions import Key
from sqmy_core.scoring.result import Assessment


class Standing(NamedTuple):
    """One assessed entity's place in the year, exact."""

    entity: str
    """``person`` or ``unit``."""
    id: str
    points: Fraction
    rank: int
    """Competition rank (1, 2, 2, 4) within ``group``."""
    group: str | None
    """The ranking class (role or unit kind), ``None`` when all rank together."""
    counts: Mapping[str, int]
    """Distinct pieces per metric in the year (``adopted``, ``approved`` ...)."""
    sections: Mapping[str, Fraction] | None
    """Points per section after the section bounds; ``None`` when the ruleset has none."""

    @property
    def adopted_pieces(self) -> int:
        return self.counts["adopted"]


def from_assessment(assessment: Assessment) -> dict[Key, Standing]:
    """The standings a full assessment gives (what the live ones must equal)."""
    out: dict[Key, Standing] = {}
    for r in (*assessment.people, *assessment.units):
        out[(r.entity, r.id)] = Standing(
            entity=r.entity,
            id=r.id,
            points=r.points,
            rank=r.rank,
            group=r.group,
            counts=dict(r.counts),
            sections=dict(r.sections) if r.sections is not None else None,
        )
    return out
