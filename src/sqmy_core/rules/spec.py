"""The ruleset schema: frozen attrs classes that a TOML ruleset structures into.

Every field below is a ruleset key (see ``docs/rulesets.md``).  The classes
are data only; whole-ruleset consistency is checked in :mod:`.check` and the
engine reads them directly.  Numbers are :class:`fractions.Fraction` so that
points stay exact (``0.6`` in TOML is six tenths, not a binary float).

Mappings are stored as ``dict`` (attrs frozen classes with dict fields are
not hashable; nothing hashes a spec).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from fractions import Fraction
from typing import Any, Literal

from attrs import field, frozen

from sqmy_core.model.shared_methods import shared_methods
from sqmy_core.rules.spec_model import (
    ActivityRule,
    AdjustmentsSpec,
    AttributeDecl,
    BaseSpec,
    Condition,
    EntityKind,
    Keys,
    MetricSpec,
    PenaltySpec,
    PeriodPointsSpec,
    RateSpec,
    SectionSpec,
    StepSpec,
    TallySpec,
    TotalsSpec,
    UnitPointsSpec,
    ValueTable,
    VocabularySpec,
)
from sqmy_core.rules.spec_similar import SimilarSpec

Combine = Literal["sum", "sum_distinct", "highest", "once"]
Period = Literal["year", "half", "quarter", "month"]
FORMATS = ("sqmy-ruleset/1", "sqmy-ruleset/2")


@frozen
@shared_methods
class YearSpec:
    """Which assessment year an event belongs to (考核年度).

    ``attribution = "event"``: the year of the event's own date.
    ``attribution = "submission"``: the year of the piece's submission; events
    up to the end of ``grace_until`` (``MM-DD``) of the following year still
    count there, later ones count in their own year.
    """

    timezone: str = "+08:00"
    attribution: Literal["event", "submission"] = "event"
    grace_until: str | None = None
    clause: str = ""


@frozen
@shared_methods
class ScopeSpec:
    """Who and which units are assessed at all (适用范围)."""

    roles: tuple[str, ...]
    unit_kinds: tuple[str, ...] = ()
    clause: str = ""


When = Condition
"""The v1 name of :class:`Condition` (extra conditions an event must meet)."""


@frozen
@shared_methods
class PointsRule:
    """Points for one kind of event on one piece (计分标准的一项).

    Exactly one of ``points`` (flat) or ``values`` (a table keyed by ``by``)
    is given.  An event whose key is missing from ``values`` scores nothing
    and does not count as the rule's event (so ``once`` waits for a scoring
    one).  ``combine`` says how several such events on one piece add up:
    ``sum`` (累加), ``highest`` (按最高级别计一次) or ``once`` (每篇计一次).
    ``cap`` limits the rule's total per piece (封顶); both ``highest`` and
    ``cap`` work on cumulative values, so a later year gets the difference.
    """

    id: str
    event: str
    clause: str = ""
    label: str = ""
    points: Fraction | None = None
    by: Keys | None = None
    """What ``values`` is keyed by: one key expression or several (see :class:`Keys`)."""
    values: ValueTable | None = None
    rank_multiplier: dict[str, Fraction] | None = None
    multipliers: tuple[Multiplier, ...] = ()
    """Factors applied in order after the lookup (主要领导加 50%: ``{by = "rank", values = {principal = 1.5}}``)."""
    combine: Combine = "sum"
    distinct_by: Keys | None = None
    """For ``sum_distinct``: what makes two events the same (default: ``by``)."""
    cap: Fraction | None = None
    floor: Fraction | None = None
    when: Condition = field(factory=Condition)
    kind: str | None = None
    """A rule kind registered by a plugin (instead of ``points``/``values``)."""
    params: dict[str, Any] | None = None
    """Parameters for ``kind``, checked by the kind when the ruleset is loaded."""
    section: str | None = None
    """The section the points go to (default: the first section)."""
    tally: str | None = None
    """A tally (``[[tallies]]``) this rule feeds instead of points (稿酬)."""
    split: SplitSpec | None = None
    """This rule's own joint-author split (default: ``scoring.split``)."""
    entities: tuple[EntityKind, ...] = ("person", "unit")
    """Who is credited: the authors, the submitting unit, or both."""
    applies_from: date | None = None
    """The rule counts events from this date on (a revised table in force from a date)."""
    applies_until: date | None = None
    """The rule counts events before this date only."""
    group: str | None = None
    """Rules of one group share one cumulative value (a table revised mid-year keeps
    "highest once" across the change); the group's first rule gives combine, cap and floor."""


@frozen
@shared_methods
class Multiplier:
    """A factor looked up by a key expression; keys missing from ``values`` give 1."""

    by: Keys
    values: ValueTable


@frozen
@shared_methods
class SplitSpec:
    """How a joint piece's points are shared among its ordered authors (联名)."""

    mode: Literal["first_share", "equal", "full", "positions"]
    first_share: Fraction | None = None
    shares: tuple[Fraction, ...] = ()
    """``positions``: each author's factor by position; the last repeats (牵头 1, 参与 0.2)."""
    max_authors: int | None = None
    """Only the first N authors are credited; shares are computed over them (桐城: at most three)."""
    author_factors: tuple[Multiplier, ...] = ()
    """Factors by the author: ``by = "role"`` (the author's first role in the table) or
    ``by = "person.attributes.x"`` (特邀信息员的稿件加倍 ...); a missing key gives 1."""
    clause: str = ""


@frozen
@shared_methods
class ScoringSpec:
    """Points: the rules, the joint-author split and unit credit."""

    split: SplitSpec
    rules: tuple[PointsRule, ...]
    unit_credit: Literal["full", "none"] = "full"
    piece_cap: Fraction | None = None
    base_points: Fraction = Fraction(0)
    unit_clause: str = ""


@frozen
@shared_methods
class QuotaSpec:
    """A minimum count per period (任务指标).

    For people: who it applies to by ``roles`` and optionally by belonging to
    a unit of one of ``member_of_unit_kinds``; ``joint`` says who counts a
    joint piece (``each`` author or only the ``first``).  For units: which
    ``unit_kinds``; a unit counts the pieces it submitted (报送单位).
    With ``period`` quarter or month the minimum applies to every period.
    """

    id: str
    entity: EntityKind
    metric: str
    min: int
    clause: str = ""
    label: str = ""
    roles: tuple[str, ...] | None = None
    member_of_unit_kinds: tuple[str, ...] | None = None
    unit_kinds: tuple[str, ...] | None = None
    joint: Literal["each", "first"] = "each"
    period: Period = "year"
    tenure: Literal["ignore", "in_office", "prorate"] = "ignore"
    """``in_office``: periods with no time in office are not assessed (met);
    ``prorate``: the minimum is scaled by the share of the year in office, rounded up."""


@frozen
@shared_methods
class FlagSpec:
    """A person flag for failing a quota several years in a row (e.g. 谈话引导)."""

    id: str
    quota: str | None = None
    consecutive_years: int = 1
    clause: str = ""
    label: str = ""
    full_tenure: bool = True
    below_points: Fraction | None = None
    """Flag when the ``of`` value is below this in each of the years (济南: under 60)."""
    of: str = "points"
    """``points``, ``bonus`` or a section id, for ``below_points``."""
    roles: tuple[str, ...] | None = None
    level: int = 1
    """How serious the flag is (1 lowest); several flags may have several levels."""


@frozen
@shared_methods
class RankingSpec:
    """How one kind of entity is ranked: keys in order, classes ranked apart."""

    order: tuple[str, ...] = ("points",)
    group_by: Literal["none", "unit_kind", "role"] = "none"
    """Classes ranked apart: unit kinds (units), or roles (people: the first scope role
    a person has, e.g. 人大代表 and 政协委员 on scoreboards of their own)."""
    clause: str = ""


@frozen
@shared_methods
class RankingsSpec:
    people: RankingSpec = field(factory=RankingSpec)
    units: RankingSpec = field(factory=RankingSpec)


@frozen
@shared_methods
class AwardTier:
    """One grade of an award; the first tier whose conditions hold is given."""

    label: str
    min_points: Fraction | None = None
    max_rank: int | None = None
    top_percent: Fraction | None = None
    min_rates: dict[str, Fraction] | None = None
    """Rate ids (``[[rates]]``) and the least value each must reach."""
    min_counts: dict[str, int] | None = None
    """Metric ids and the least count of distinct pieces each must reach."""
    require_quotas_met: bool = False
    """This tier only for entities that met their quotas (未完成指标的不得评为优秀, may be 称职)."""


@frozen
@shared_methods
class AwardSpec:
    """An award (评先, 等次, 表扬) with eligibility and tiers."""

    id: str
    entity: EntityKind
    tiers: tuple[AwardTier, ...]
    clause: str = ""
    require_quotas_met: bool = False
    roles: tuple[str, ...] | None = None
    unit_kinds: tuple[str, ...] | None = None
    rank_among: Literal["all", "eligible"] = "all"
    exclude_flags: tuple[str, ...] = ()
    """Entities with any of these flags are not eligible."""
    exclude_disqualified: bool = True
    """Entities a penalty disqualified are not eligible."""


@frozen
@shared_methods
class DeadlineSpec:
    """Dispatch deadlines per route, counted from the approval (报送时限)."""

    routes: dict[str, int]
    count: Literal["calendar_days", "working_days"] = "calendar_days"
    clause: str = ""


@frozen
@shared_methods
class CalendarSpec:
    """Working days: weekends, holidays and make-up working days (调休)."""

    weekend: tuple[int, ...] = (6, 7)
    holidays: tuple[str, ...] = ()
    workdays: tuple[str, ...] = ()


@frozen
@shared_methods
class StageSpec:
    """One review level: who decides and which decisions they may take."""

    id: str
    role: str
    decisions: tuple[str, ...]
    name: str = ""
    clause: str = ""
    escalate_role: str | None = None
    require_checks: bool | None = None


@frozen
@shared_methods
class ReviewSpec:
    """The review levels in order (审核流程), with the rules common to all."""

    stages: tuple[StageSpec, ...]
    clause: str = ""
    checks: tuple[str, ...] = ("political", "policy", "factual", "format", "wording")
    require_checks: bool = True
    return_to: Literal["first", "same"] = "first"
    authors_may_review: bool = False


@frozen
@shared_methods
class ReminderSpec:
    """When people are reminded (提醒): of an unmet quota, or of a call coming due."""

    id: str
    about: Literal["quota", "call_due"]
    clause: str = ""
    label: str = ""
    every: Literal["month", "quarter"] | None = None
    on: Literal["first_day", "first_working_day", "last_day", "last_working_day"] = "first_day"
    from_month: int = 1
    quotas: tuple[str, ...] | None = None
    days_before: int | None = None
    call_kinds: tuple[str, ...] | None = None
    subject: str | None = None
    """Overrides the built-in Chinese subject (placeholders: see ``docs/rulesets.md``)."""
    body: str | None = None


@frozen
@shared_methods
class BulletinSpec:
    """A periodic report (通报, 亮晒) of counts per entity."""

    id: str
    every: Literal["month", "quarter", "year"]
    metrics: tuple[str, ...]
    clause: str = ""
    label: str = ""
    covers: Literal["previous", "current"] = "current"
    entities: tuple[EntityKind, ...] = ("person", "unit")
    rates: tuple[Literal["adoption_rate", "instruction_rate"], ...] = ()
    include_overdue: bool = False
    points: tuple[str, ...] = ()
    """Points earned in the period: ``points`` (every section) or ``section:<id>``
    (民进吕梁: one publication ranked quarterly), before the yearly caps."""
    rank_by: str | None = None
    """One of ``points`` to rank the rows by (competition ranks, units per class)."""


@frozen
@shared_methods
class NotificationSpec:
    """Who is told what, when something happens (反馈, 待审提醒, 逾期提醒).

    ``on`` is a piece event (``approved``, ``returned``, ``rejected``,
    ``dispatched``, ``adopted``, ``instructed``, ``handled``), ``stage_reached``
    (a piece arrives at a review level), or ``overdue`` (a dispatch deadline
    passed; sent by the daily run).  ``to`` names the audiences: ``authors``,
    ``reviewers`` (the holders of the stage's role, authors excepted),
    ``staff`` (everyone with the role ``staff``).  ``subject`` and ``body``
    override the built-in Chinese templates (placeholders: see
    ``docs/rulesets.md``).
    """

    id: str
    on: str
    to: tuple[str, ...]
    clause: str = ""
    subject: str | None = None
    body: str | None = None


@frozen
@shared_methods
class CluesSpec:
    """Who may read a clue's contact (the citizen's personal data), and for how long it is kept.

    ``contact_readers`` are the roles that may read a contact; none (the
    default) means no one can: personal data is closed unless the ruleset
    opens it (PIPL: the least access needed).  ``contact_retention_days``:
    a contact is unreadable once this many days have passed since the clue
    was received, and the daily run erases it; none keeps it until erased.
    """

    contact_readers: tuple[str, ...] = ()
    contact_retention_days: int | None = None
    clause: str = ""


@frozen
@shared_methods
class Ruleset:
    """One organization's rules, resolved (after ``extends``) and checked."""

    format: str
    organization: str
    title: str
    scope: ScopeSpec
    scoring: ScoringSpec
    effective_from: date | None = None
    """施行日期: the ruleset is in force from this date (versions in a workspace)."""
    vocabulary: VocabularySpec = field(factory=VocabularySpec)
    attributes: dict[str, AttributeDecl] = field(factory=dict)
    sections: tuple[SectionSpec, ...] = ()
    tallies: tuple[TallySpec, ...] = ()
    metrics: tuple[MetricSpec, ...] = ()
    rates: tuple[RateSpec, ...] = ()
    bases: tuple[BaseSpec, ...] = ()
    penalties: tuple[PenaltySpec, ...] = ()
    adjustments: AdjustmentsSpec | None = None
    activities: tuple[ActivityRule, ...] = ()
    period_points: tuple[PeriodPointsSpec, ...] = ()
    totals: TotalsSpec = field(factory=TotalsSpec)
    unit_points: UnitPointsSpec = field(factory=UnitPointsSpec)
    grades: tuple[AwardSpec, ...] = ()
    """Grades (等次): like awards; the label goes to ``grade`` when awards exist too."""
    steps: tuple[StepSpec, ...] = ()
    year: YearSpec = field(factory=YearSpec)
    """Defaults: Beijing time (+08:00), events counted in the year they happen."""
    quotas: tuple[QuotaSpec, ...] = ()
    flags: tuple[FlagSpec, ...] = ()
    rankings: RankingsSpec = field(factory=RankingsSpec)
    awards: tuple[AwardSpec, ...] = ()
    deadlines: DeadlineSpec | None = None
    calendar: CalendarSpec = field(factory=CalendarSpec)
    review: ReviewSpec | None = None
    reminders: tuple[ReminderSpec, ...] = ()
    bulletins: tuple[BulletinSpec, ...] = ()
    notifications: tuple[NotificationSpec, ...] = ()
    clues: CluesSpec = field(factory=CluesSpec)
    """Clue contacts: who reads them, how long they are kept (``[clues]``)."""
    similar: SimilarSpec | None = None
    """Similar earlier topics (``[similar]``); none: no matching."""
    plugins: tuple[str, ...] = ()
    """Installed plugins (entry-point names in the ``sqmy`` group) this ruleset needs."""
    extends: str | None = None
    rule_kinds: Mapping[str, Any] = field(factory=dict, eq=False, repr=False)
    step_kinds: Mapping[str, Any] = field(factory=dict, eq=False, repr=False)
    """The step kinds the named plugins provide (``[[steps]]``), attached when loading."""
    """The rule kinds the named plugins provide, attached when loading (never written in TOML)."""

    @property
    def default_section(self) -> str:
        """Where points go when a rule names no section ('' when the ruleset has none)."""
        return self.sections[0].id if self.sections else ""

    @property
    def reviewer_roles(self) -> tuple[str, ...]:
        """Roles the review stages define (they extend the dataset's role vocabulary)."""
        if self.review is None:
            return ()
        roles: list[str] = []
        for st in self.review.stages:
            for r in (st.role, st.escalate_role):
                if r and r not in roles:
                    roles.append(r)
        return tuple(roles)
