"""The rule model v2's building blocks beyond per-piece points (``sqmy-ruleset/2``).

Each class is one kind of clause that real 考核办法 contain (see
``../shared/policy-variants.md`` and ``docs/rulesets.md``): declared
vocabularies and attributes, sections and tallies, custom metrics and rates,
base scores, penalties, manual adjustments, activities, points per quota
period, caps on totals, unit scores derived from members, and plugin steps.
They compose: the engine applies them in one fixed order of stages
(event → piece → section → entity → quota → flag → award), and every stage
writes explanation lines, so any combination stays explainable.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Literal

from attrs import field, frozen

from sqmy_core.model.shared_methods import shared_methods

EntityKind = Literal["person", "unit"]


class Keys(tuple[str, ...]):
    """One key expression or several (``by = "level"`` or ``by = ["level", "attributes.degree"]``).

    A key expression names what a value is looked up by: an event field
    (``body``, ``level``, ``rank``, ``route``, ``outcome``, ``kind``,
    ``stage``, ``decision``), the piece's call kind (``call_kind``), the
    number of authors (``authors``), or a declared attribute
    (``attributes.degree``: the event's, else the piece's; ``piece.attributes.x``,
    ``call.attributes.x``, ``person.attributes.x`` explicitly).  Several keys
    make a nested table (``values.national.full = 15``).
    """

    __slots__ = ()


class ValueTable(dict[str, Any]):
    """A points table: key -> number, or key -> nested table for several ``by`` keys."""


@frozen
@shared_methods
class VocabEntry:
    """A word an organization adds to a contract vocabulary (a rank, a role, a kind ...)."""

    id: str
    name: str = ""


@frozen
@shared_methods
class BodyEntry:
    """An organization's own adopting body or publication, with its level (常山县《要情快报》)."""

    id: str
    name: str
    level: str


@frozen
@shared_methods
class VocabularySpec:
    """Declared vocabularies (``[vocabulary]``): what ``sqmy-dataset/1.1`` may then name."""

    bodies: tuple[BodyEntry, ...] = ()
    ranks: tuple[VocabEntry, ...] = ()
    roles: tuple[VocabEntry, ...] = ()
    unit_kinds: tuple[VocabEntry, ...] = ()
    penalty_kinds: tuple[VocabEntry, ...] = ()
    activity_kinds: tuple[VocabEntry, ...] = ()
    clause: str = ""


@frozen
@shared_methods
class AttributeDecl:
    """A declared record attribute (``[attributes.degree]``)."""

    type: Literal["string", "number", "boolean", "choice"]
    on: tuple[str, ...]
    values: tuple[str, ...] = ()
    required: bool = False
    default: str | Fraction | bool | None = None
    label: str = ""
    clause: str = ""


@frozen
@shared_methods
class SectionSpec:
    """A part of the total (社情民意, 会议, 提案 ...) with its own caps and floor per entity-year.

    ``cap``/``floor`` bound the section's yearly points for one entity
    (桐城: 社情民意 at most 15; 安庆: deductions stop at zero with ``floor = 0``).
    ``piece_cap`` bounds what one piece earns in this section (cumulatively).
    """

    id: str
    label: str = ""
    clause: str = ""
    cap: Fraction | None = None
    floor: Fraction | None = None
    piece_cap: Fraction | None = None


@frozen
@shared_methods
class TallySpec:
    """A tally kept apart from points (稿酬 in yuan): rules with ``tally = id`` feed it."""

    id: str
    label: str = ""
    unit: str = ""
    clause: str = ""


@frozen
@shared_methods
class Condition:
    """Conditions on an event (and its piece): each given key must hold.

    The named lists keep the v1 spelling; ``match`` takes any key expression
    (see :class:`Keys`) and the values it may have, e.g.
    ``match = { "attributes.merged" = [false], kind = ["plagiarism"] }``.
    """

    call_kinds: tuple[str, ...] | None = None
    bodies: tuple[str, ...] | None = None
    levels: tuple[str, ...] | None = None
    ranks: tuple[str, ...] | None = None
    routes: tuple[str, ...] | None = None
    outcomes: tuple[str, ...] | None = None
    match: dict[str, tuple[str | Fraction | bool, ...]] | None = None


@frozen
@shared_methods
class MetricSpec:
    """A counted metric of one's own (``[[metrics]]``): distinct pieces with a matching event.

    ``city_adopted`` = pieces with an ``adopted`` event whose level is city or
    above.  Usable wherever a built-in metric is: quotas, ranking order,
    rates, award conditions.
    """

    id: str
    event: str
    when: Condition = field(factory=Condition)
    label: str = ""
    clause: str = ""


@frozen
@shared_methods
class RateSpec:
    """A rate (``[[rates]]``): numerator metric ÷ denominator metric (民建北京: 采用率 = 采用 ÷ 报送)."""

    id: str
    numerator: str
    denominator: str
    label: str = ""
    clause: str = ""


@frozen
@shared_methods
class BaseSpec:
    """A base score (基础分) for the entities it names (persons of some roles only, say)."""

    id: str
    entity: EntityKind
    points: Fraction
    roles: tuple[str, ...] | None = None
    unit_kinds: tuple[str, ...] | None = None
    label: str = ""
    clause: str = ""


@frozen
@shared_methods
class PenaltyStep:
    """What the n-th penalty costs; the last step repeats for later ones."""

    points: Fraction = Fraction(0)
    flag: str | None = None
    disqualify: bool = False
    label: str = ""


@frozen
@shared_methods
class PenaltySpec:
    """Costs of ``penalized`` events (抄袭 ...) or of late dispatches, counted per entity.

    ``on = "penalized"``: each ``penalized`` event of ``kind`` counts once for
    each person at fault (``persons``, or every author).  ``on = "late_dispatch"``:
    each dispatch after its deadline counts for the piece's submitting unit
    (``entity = "unit"``) or its authors.  ``count = "year"`` restarts the
    step count each year; ``"ever"`` counts every earlier occurrence too.
    """

    id: str
    steps: tuple[PenaltyStep, ...]
    on: Literal["penalized", "late_dispatch"] = "penalized"
    kinds: tuple[str, ...] | None = None
    entity: EntityKind = "person"
    count: Literal["year", "ever"] = "year"
    section: str | None = None
    label: str = ""
    clause: str = ""


@frozen
@shared_methods
class AdjustmentsSpec:
    """Whether manual ``adjustments`` count (加分/扣分 by decision), and where."""

    count: bool = True
    section: str | None = None
    """The section an adjustment naming none goes to (default: the first section)."""
    label: str = "加减分"
    clause: str = ""


@frozen
@shared_methods
class ActivityRule:
    """Points for activities (会议 5, 调研 2, 提案牵头 15 ...), by kind and attribute."""

    id: str
    kinds: tuple[str, ...]
    points: Fraction | None = None
    by: Keys | None = None
    values: ValueTable | None = None
    cap: Fraction | None = None
    """At most this much from this rule per person-year."""
    section: str | None = None
    tally: str | None = None
    when: Condition = field(factory=Condition)
    label: str = ""
    clause: str = ""


@frozen
@shared_methods
class PeriodPointsSpec:
    """Points per period of a quota: earned when met, lost when missed (常山, 季度扣分).

    Periods in which the entity was not in office at all are skipped; with
    ``tenure = "whole_periods"`` also those it held office for only part of.
    ``limit`` bounds the yearly total of deductions (a positive number; the
    deductions are at most that much) and ``max`` bounds the yearly earnings.
    """

    id: str
    quota: str
    met: Fraction = Fraction(0)
    missed: Fraction = Fraction(0)
    limit: Fraction | None = None
    max: Fraction | None = None
    tenure: Literal["any_time", "whole_periods"] = "any_time"
    section: str | None = None
    label: str = ""
    clause: str = ""


@frozen
@shared_methods
class TotalsSpec:
    """Bounds on an entity's year total: on the bonus over the base, and on the whole."""

    bonus_cap: Fraction | None = None
    bonus_floor: Fraction | None = None
    cap: Fraction | None = None
    floor: Fraction | None = None
    clause: str = ""


@frozen
@shared_methods
class UnitPointsSpec:
    """Where a unit's points come from (``[unit_points]``).

    ``source = "pieces"``: the pieces submitted in the unit's name (default).
    ``source = "members"``: derived from the assessed members of the unit
    (people listing it in ``units``, optionally only ``roles``):
    ``aggregate`` of their ``of`` value (``points``, ``bonus`` = points less
    the base, or a section id); ``empty`` is the value for a unit with no
    such members.
    """

    source: Literal["pieces", "members"] = "pieces"
    aggregate: Literal["sum", "average"] = "sum"
    of: str = "points"
    roles: tuple[str, ...] | None = None
    empty: Fraction = Fraction(0)
    clause: str = ""


@frozen
@shared_methods
class StepSpec:
    """A plugin step (``[[steps]]``): a named kind from a plugin applied at one stage.

    ``stage`` is ``piece`` (a piece's points), ``entity`` (an entity's
    sections and total), ``quota`` (a quota's verdict), ``flag`` (more
    flags) or ``award`` (the award label).  ``params`` are checked by the
    kind when the ruleset loads; the explanation names the step.
    """

    id: str
    kind: str
    stage: Literal["piece", "entity", "quota", "flag", "award"]
    params: dict[str, Any] | None = None
    section: str | None = None
    label: str = ""
    clause: str = ""
