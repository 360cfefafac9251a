"""Periodic bulletins (通报, 亮晒): counts per person and unit for one month, quarter or year.

A ruleset's ``[[bulletins]]`` say what is reported (metrics, rates, overdue
dispatches), for whom (people and/or units in scope) and how often.  The
numbers come from the same :class:`~sqmy_core.scoring.metrics.MetricIndex`
as quotas, tie-breakers and the year-end ``stats``, so a year bulletin and
the assessment of that year never disagree, and the four quarters of a year
add up to it (a piece counts once per period in which its event falls).

Periods are months of the assessment year as the index places events: with
``attribution = "submission"`` (the party's grace period) an event carried
back into its piece's submission year counts in that year's December, not in
the January in which it happened.

Counts are exact integers and rates exact fractions; rounding happens only
where they are shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, tzinfo
from fractions import Fraction
from typing import Final, Literal

from attrs import frozen

from sqmy_core.errors import BulletinError, Problem
from sqmy_core.rules.spec import BulletinSpec, Ruleset
from sqmy_core.rules.spec_model import EntityKind
from sqmy_core.scoring.assess import LateDispatch, in_scope_people, late_dispatches
from sqmy_core.scoring.book import Book

PeriodKind = Literal["month", "quarter", "year"]

_QUARTER_ZH: Final = ("一", "二", "三", "四")
_RATE_METRIC: Final = {"adoption_rate": "adopted", "instruction_rate": "instructed"}
_PATTERNS: Final[tuple[tuple[re.Pattern[str], PeriodKind], ...]] = (
    (re.compile(r"(\d{4})(?:年)?"), "year"),
    (re.compile(r"(\d{4})-?[Qq]([1-4])"), "quarter"),
    (re.compile(r"(\d{4})年第([一二三四])季度"), "quarter"),
    (re.compile(r"(\d{4})-(\d{1,2})"), "month"),
    (re.compile(r"(\d{4})年(\d{1,2})月"), "month"),
)



@frozen
class Period:
    """A calendar month, quarter or year of the assessment calendar.

    ``index`` is the month (1–12), the quarter (1–4) or 1 for a whole year; the
    months covered follow from it, so a period is always one contiguous run of
    months within one year (which is how the metric index stores events).
    """

    kind: PeriodKind
    year: int
    index: int = 1

    def __attrs_post_init__(self) -> None:
        top = {"month": 12, "quarter": 4, "year": 1}[self.kind]
        if not 1 <= self.index <= top or not 1 <= self.year <= 9999:
            raise ValueError(f"no such {self.kind}: {self.year}/{self.index}")

    @classmethod
    def parse(cls, text: str, path: str = "period") -> Period:
        """``2024``, ``2024Q1`` / ``2024-Q1``, ``2024-03``, or the Chinese labels themselves.

        ``path`` names where the text came from in the error (``--period`` on the command line).
        """
        cleaned = text.strip()
        for pattern, kind in _PATTERNS:
            m = pattern.fullmatch(cleaned)
            if m is None:
                continue
            year = int(m.group(1))
            if kind == "year":
                index = 1
            elif m.group(2) in _QUARTER_ZH:
                index = _QUARTER_ZH.index(m.group(2)) + 1
            else:
                index = int(m.group(2))
            if year < 1 or (kind == "month" and not 1 <= index <= 12):
                break
            return cls(kind, year, index)
        raise BulletinError([Problem(path, "bulletin.bad_period", {"found": repr(text)})])

    @classmethod
    def containing(cls, kind: PeriodKind, year: int, month: int) -> Period:
        """The period of ``kind`` that month ``month`` of ``year`` belongs to."""
        if kind == "month":
            return cls("month", year, month)
        if kind == "quarter":
            return cls("quarter", year, (month - 1) // 3 + 1)
        return cls("year", year)

    @property
    def first_month(self) -> int:
        return {"month": self.index, "quarter": 3 * self.index - 2, "year": 1}[self.kind]

    @property
    def last_month(self) -> int:
        return {"month": self.index, "quarter": 3 * self.index, "year": 12}[self.kind]

    @property
    def months(self) -> range:
        return range(self.first_month, self.last_month + 1)

    def contains(self, year: int, month: int) -> bool:
        return year == self.year and self.first_month <= month <= self.last_month

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        if self.kind == "year":
            return Period("year", self.year - 1)
        top = 12 if self.kind == "month" else 4
        if self.index == 1:
            return Period(self.kind, self.year - 1, top)
        return Period(self.kind, self.year, self.index - 1)

    def bounds(self, tz: tzinfo) -> tuple[datetime, datetime]:
        """First moment and the first moment after, in local time ``tz``."""
        start = datetime(self.year, self.first_month, 1, tzinfo=tz)
        if self.last_month == 12:
            return start, datetime(self.year + 1, 1, 1, tzinfo=tz)
        return start, datetime(self.year, self.last_month + 1, 1, tzinfo=tz)

    def __str__(self) -> str:
        """The canonical text :meth:`parse` reads back (``2024Q1``, ``2024-03``, ``2024``)."""
        if self.kind == "month":
            return f"{self.year}-{self.index:02d}"
        if self.kind == "quarter":
            return f"{self.year}Q{self.index}"
        return str(self.year)

    def label(self, lang: str = "zh") -> str:
        """As a heading reads: 2024年第一季度 / 2024年3月 / 2024年 (or ``2024 Q1`` in English)."""
        if lang != "zh":
            return f"{self.year} Q{self.index}" if self.kind == "quarter" else str(self)
        if self.kind == "month":
            return f"{self.year}年{self.index}月"
        if self.kind == "quarter":
            return f"{self.year}年第{_QUARTER_ZH[self.index - 1]}季度"
        return f"{self.year}年"


def period_for(spec: BulletinSpec, on: date) -> Period:
    """The period a bulletin published on local day ``on`` covers.

    ``covers = "current"``: the period containing the day; ``"previous"``: the
    one before (the party's 每月初通报上月: published 2024-04-01, covers March).
    """
    current = Period.containing(spec.every, on.year, on.month)
    return current.previous() if spec.covers == "previous" else current


def find_bulletin(ruleset: Ruleset, ident: str | None = None) -> BulletinSpec:
    """The bulletin ``ident``, or the ruleset's first one; refused with the ids there are."""
    if not ruleset.bulletins:
        raise BulletinError([Problem("", "bulletin.none", {"title": ruleset.title})])
    if ident is None:
        return ruleset.bulletins[0]
    for spec in ruleset.bulletins:
        if spec.id == ident:
            return spec
    allowed = ", ".join(b.id for b in ruleset.bulletins)
    raise BulletinError(
        [Problem("", "bulletin.unknown", {"found": repr(ident), "allowed": allowed})]
    )


@frozen
class Tally:
    """Counts of the bulletin's metrics (in its order) and its requested rates.

    A rate is ``None`` when nothing was approved in the period (no denominator).
    """

    counts: dict[str, int]
    rates: dict[str, Fraction | None]


@frozen
class Row:
    """One person or unit of a bulletin; ``kind`` is the unit kind (None for people)."""

    id: str
    name: str
    entity: EntityKind
    kind: str | None
    tally: Tally


@frozen
class Bulletin:
    """A bulletin for one period.

    ``people`` / ``units`` are empty when the bulletin does not cover that kind
    of entity (``spec.entities`` says which it covers).  ``totals`` count each
    piece of the organization once (a joint piece is one piece), so they are
    not the sum of the rows.  ``overdue`` is ``None`` when the bulletin does not
    list late dispatches, otherwise those made in the period, in time order.
    """

    spec: BulletinSpec
    organization: str
    title: str
    period: Period
    people: tuple[Row, ...]
    units: tuple[Row, ...]
    totals: Tally
    overdue: tuple[LateDispatch, ...] | None


def _tally(book: Book, spec: BulletinSpec, period: Period, pieces: Iterable[str]) -> Tally:
    ids = set(pieces)

    def count(metric: str) -> int:
        return book.metrics.count_in_months(ids, metric, period.year, period.months)

    counts = {m: count(m) for m in spec.metrics}
    rates: dict[str, Fraction | None] = {}
    if spec.rates:
        approved = counts["approved"] if "approved" in counts else count("approved")
        for rate in spec.rates:
            metric = _RATE_METRIC[rate]
            done = counts[metric] if metric in counts else count(metric)
            rates[rate] = Fraction(done, approved) if approved else None
    return Tally(counts, rates)


def _order(rows: list[Row], spec: BulletinSpec, kind_order: Mapping[str, int]) -> list[Row]:
    """By unit kind as the scope lists them, then the first metric (most first), then id."""
    first = spec.metrics[0] if spec.metrics else None
    return sorted(
        rows,
        key=lambda r: (
            kind_order.get(r.kind, 0) if r.kind else 0,
            -r.tally.counts[first] if first else 0,
            r.id,
        ),
    )


def bulletin(book: Book, spec: BulletinSpec, period: Period) -> Bulletin:
    """The bulletin ``spec`` for ``period`` (of any length: a year summary of a quarterly one too).

    People: those in scope who took office before the period ended, counting
    every piece they wrote (a joint piece for each author).  Units: those of the
    scope's unit kinds, counting the pieces sent in their name (报送单位).
    """
    rs = book.ruleset
    _, end = period.bounds(book.clock.tz)
    people: list[Row] = []
    if "person" in spec.entities:
        for person in in_scope_people(book, period.year):
            if person.since is not None and person.since >= end:
                continue
            tally = _tally(book, spec, period, book.pieces_of_person(person.id))
            people.append(Row(person.id, person.name, "person", None, tally))
    units: list[Row] = []
    if "unit" in spec.entities:
        for unit in book.dataset.units:
            if unit.kind in rs.scope.unit_kinds:
                tally = _tally(book, spec, period, book.pieces_of_unit(unit.id))
                units.append(Row(unit.id, unit.name, "unit", unit.kind, tally))
    kind_order = {k: i for i, k in enumerate(rs.scope.unit_kinds)}
    overdue = None
    if spec.include_overdue:
        late = late_dispatches(book, period.year)
        overdue = tuple(d for d in late if period.contains(d.year, d.month))
    return Bulletin(
        spec=spec,
        organization=rs.organization,
        title=rs.title,
        period=period,
        people=tuple(_order(people, spec, kind_order)),
        units=tuple(_order(units, spec, kind_order)),
        totals=_tally(book, spec, period, book.pieces),
        overdue=overdue,
    )
