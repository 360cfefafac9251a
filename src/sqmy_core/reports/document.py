"""A report as an office circulates it, before any file format is chosen.

Every output of ``sqmy report`` and ``sqmy compare`` is built first as a
:class:`Report` -- a title, a document number, body paragraphs, tables and
charts, a sign-off and a date -- and then laid out by one writer per format
(terminal, Markdown, JSON, Excel, Word, PNG).  Keeping the content in one
structure is what makes the formats agree: the numbers read back from the
workbook and the Word document are the same cells the terminal shows.

Cells keep exact values (``int`` counts, ``Fraction`` points and rates,
``date``/``datetime``); a writer rounds only for display, using the
column's ``kind``.  Labels and texts are already in the report's language:
a writer translates nothing.  Rows carry ids (a column of kind ``id``) so that
two members with one name can be told apart.
"""

from __future__ import annotations

from datetime import date, datetime
from fractions import Fraction
from typing import Literal

from attrs import frozen

CellKind = Literal["text", "id", "count", "points", "percent", "date", "datetime"]
"""How a column's cells are shown: ``percent`` cells are fractions of 1 (0.5 is 50 %)."""

Cell = str | int | Fraction | date | datetime | None
"""One cell's exact value; None is shown as a dash (nothing to show, e.g. a rate over zero)."""

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

ChartKind = Literal["ranking", "funnel", "trend", "units_by_class"]


@frozen
class Column:
    """One column: ``key`` is stable across languages (JSON keys, tests), ``label`` is shown."""

    key: str
    label: str
    kind: CellKind = "text"
    mark_over_one: str = ""
    """For a ``percent`` column: a mark shown after a rate above 100 % (the
    table's note that starts with the same mark says why such a rate occurs)."""


@frozen
class Table:
    """One table of a report: one sheet of the workbook, one table of the Word document.

    ``notes`` are printed under the table: how each rate is defined, why a
    rate can exceed 100 %, what a flag means -- a reader of a pasted table
    has nothing else to go by.
    """

    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    notes: tuple[str, ...] = ()


@frozen
class Series:
    """One named series of a chart, one value per label of the chart."""

    name: str
    values: tuple[int | Fraction, ...]


@frozen
class Chart:
    """A chart's data; the PNG writer draws it (ranking bars, funnel, monthly trend, units by class)."""

    key: str
    kind: ChartKind
    title: str
    labels: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str = ""
    shares: tuple[Fraction | None, ...] = ()
    """Per label, a share shown beside its value (a funnel stage over the one before;
    ``None`` where there is none to show); empty when the chart shows none."""


@frozen
class Report:
    """A whole report: what every writer lays out.

    ``kind`` says which report it is (``bulletin``, ``assessment``,
    ``compare``); ``document_number`` is the office's 文号 when given;
    ``paragraphs`` are the body text (the period's highlights); ``signoff``
    is the issuing office and ``dated`` the date under it.
    """

    kind: str
    organization: str
    title: str
    lang: str
    period_label: str
    dated: date
    paragraphs: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    charts: tuple[Chart, ...] = ()
    document_number: str | None = None
    signoff: str | None = None
    red_head: str | None = None
    """The issuing body's name printed in red above the 文号 (红头), when wanted."""

    @property
    def dated_text(self) -> str:
        """The date as it stands under the sign-off: ``2025年1月10日`` / ``10 January 2025``."""
        d = self.dated
        if self.lang == "zh":
            return f"{d.year}年{d.month}月{d.day}日"
        return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"
