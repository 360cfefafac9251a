"""What an assessment gives back, exact; rounding happens only when reporting."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Literal

from attrs import frozen

from sqmy_core.scoring.quotas import QuotaResult


@frozen
class StepNote:
    """One verdict a plugin step changed for one entity in one year."""

    step: str
    """The ``[[steps]]`` id."""
    label: str
    """The step's label (its id when it has none)."""
    clause: str
    stage: str
    """``quota``, ``flag`` or ``award``."""
    subject: str
    """The quota id (``quota``), the flag id added (``flag``), ``""`` (``award``)."""
    before: str | bool | None
    """What it replaced: the quota's verdict, ``None`` (flag), the award label or ``None``."""
    after: str | bool | None
    """What it decided: the verdict, the flag id, the award label or ``None`` (taken away)."""


@frozen
class EntityResult:
    """One assessed person or unit in one year."""

    id: str
    name: str
    entity: Literal["person", "unit"]
    group: str | None
    """The ranking class (the unit kind where units are ranked by kind)."""
    points: Fraction
    rank: int
    adopted_pieces: int
    quotas_met: bool
    quotas: tuple[QuotaResult, ...]
    flags: tuple[str, ...]
    award: str | None
    counts: Mapping[str, int]
    sections: Mapping[str, Fraction] | None = None
    """Points per section after its caps and floors, every section the ruleset
    defines (``None`` when the ruleset defines no sections)."""
    amounts: Mapping[str, Fraction] | None = None
    """Tallies kept apart from points (稿酬 ...), ``None`` when the ruleset keeps none."""
    grade: str | None = None
    """The grade label when the ruleset gives both a grade and an award."""
    steps: tuple[StepNote, ...] = ()
    """What plugin steps of stage ``quota``, ``flag`` and ``award`` decided, in order."""


@frozen
class Stats:
    """Distinct pieces with each metric in the year, and the two rates over approvals."""

    counts: Mapping[str, int]
    adoption_rate: Fraction | None
    instruction_rate: Fraction | None


@frozen
class Assessment:
    """A year's assessment under one ruleset (``sqmy-assessment/1`` before rounding)."""

    organization: str
    title: str
    year: int
    people: tuple[EntityResult, ...]
    units: tuple[EntityResult, ...]
    overdue: tuple[str, ...]
    stats: Stats
    version: str = "1"
    """``1.1`` when the ruleset uses sections, amounts, grades beside awards or
    several flags; the output document then says ``sqmy-assessment/1.1``."""

    def person(self, ident: str) -> EntityResult:
        return next(p for p in self.people if p.id == ident)

    def unit(self, ident: str) -> EntityResult:
        return next(u for u in self.units if u.id == ident)
