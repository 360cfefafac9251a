"""A bulletin (通报, 亮晒) of one period as a :class:`~sqmy_core.reports.document.Report`.

The figures are :func:`sqmy_core.scoring.bulletin.bulletin`'s, cell for
cell: people and units with their ids, the bulletin's metrics, rates and
period points, the totals (each piece once) and the late dispatches.  The
body text states the period's highlights; every rate is defined under its
table and a rate above 100 % is marked and explained there.  The charts
rank people and units by the bulletin's leading metric (采用 when it counts
adoptions) and show the period's funnel.
"""

from __future__ import annotations

from datetime import date, datetime
from fractions import Fraction
from typing import Final

from sqmy_core.i18n import message
from sqmy_core.model.vocab import ROUTE_NAMES
from sqmy_core.reports.document import Cell, Chart, Column, Report, Series, Table
from sqmy_core.reports.report_parts import (
    col,
    joined,
    metric_col,
    name_id,
    rate_col,
    table,
    unit_kind_name,
)
from sqmy_core.reports.writers.cells import percent_text
from sqmy_core.scoring.book import Book
from sqmy_core.scoring.bulletin import Bulletin, Row

TOP: Final = 15
"""How many people or units a ranking chart shows."""
FUNNEL: Final = ("submitted", "approved", "dispatched", "adopted", "handled")


def heading(b: Bulletin, lang: str) -> str:
    """``2024年第一季度社情民意信息季度通报`` / ``quarterly: 2024 Q1``."""
    label = (b.spec.label or b.spec.id) if lang == "zh" else b.spec.id
    return message("report.bulletin_heading", lang, period=b.period.label(lang), label=label)


def _measure_col(b: Bulletin, measure: str, lang: str) -> Column:
    if measure == "points":
        return col("points", lang, "points")
    section = measure.removeprefix("section:")
    label = (b.section_labels.get(section) or section) if lang == "zh" else section
    return Column(measure, message("report.col.section", lang, section=label), "points")


def _columns(b: Bulletin, units: bool, lang: str) -> list[Column]:
    cols = [col("id", lang, "id"), col("name", lang)]
    if units:
        cols.append(col("kind", lang))
    cols += [metric_col(m, lang) for m in b.spec.metrics]
    cols += [rate_col(r, lang) for r in b.spec.rates]
    cols += [_measure_col(b, m, lang) for m in b.spec.points]
    if b.spec.rank_by is not None:
        cols.append(col("rank", lang, "count"))
    return cols


def _cells(b: Bulletin, r: Row, lang: str) -> list[Cell]:
    cells: list[Cell] = [r.id, r.name]
    if r.entity == "unit":
        cells.append(unit_kind_name(r.kind, lang))
    cells += [r.tally.counts[m] for m in b.spec.metrics]
    cells += [r.tally.rates[x] for x in b.spec.rates]
    cells += [r.points[m] for m in b.spec.points]
    if b.spec.rank_by is not None:
        cells.append(r.rank)
    return cells


def _entity_table(b: Bulletin, units: bool, lang: str) -> Table:
    rows = b.units if units else b.people
    key = "units" if units else "people"
    columns = _columns(b, units, lang)
    return table(
        key, message(f"report.table.{key}", lang), columns, [_cells(b, r, lang) for r in rows], lang
    )


def _totals_table(b: Bulletin, lang: str) -> Table:
    columns = [metric_col(m, lang) for m in b.spec.metrics]
    columns += [rate_col(r, lang) for r in b.spec.rates]
    row: list[Cell] = [b.totals.counts[m] for m in b.spec.metrics]
    row += [b.totals.rates[r] for r in b.spec.rates]
    title = message("report.table.totals", lang)
    entities = set(b.spec.entities)
    code = (
        "report.note.joint"
        if entities == {"person", "unit"}
        else "report.note.joint_people"
        if entities == {"person"}
        else "report.note.joint_units"
    )
    return table("totals", title, columns, [row], lang, message(code, lang))


def _local(at: datetime, book: Book) -> datetime:
    return at.astimezone(book.clock.tz)


def _overdue_table(b: Bulletin, book: Book, lang: str) -> Table:
    columns = [
        col("piece", lang, "id"),
        col("title", lang),
        col("route", lang),
        col("approved_at", lang, "datetime"),
        col("due", lang, "datetime"),
        col("dispatched_at", lang, "datetime"),
        col("late_by", lang, "points"),
    ]
    rows: list[list[Cell]] = []
    for d in b.overdue or ():
        late = d.dispatched_at - d.due
        rows.append(
            [
                d.piece,
                book.pieces[d.piece].title,
                ROUTE_NAMES.get(d.route, d.route) if lang == "zh" else d.route,
                _local(d.approved_at, book),
                _local(d.due, book),
                _local(d.dispatched_at, book),
                Fraction(late.days * 86400 + late.seconds, 86400),
            ]
        )
    title = message("report.table.overdue", lang)
    return table("overdue", title, columns, rows, lang, message("report.note.overdue", lang))


def _lead_metric(b: Bulletin) -> str | None:
    if "adopted" in b.spec.metrics:
        return "adopted"
    return b.spec.metrics[0] if b.spec.metrics else None


def _ranking_chart(b: Bulletin, units: bool, metric: str, lang: str) -> Chart:
    rows = sorted(b.units if units else b.people, key=lambda r: (-r.tally.counts[metric], r.id))
    rows = rows[:TOP]
    code = "report.chart.bulletin_units" if units else "report.chart.bulletin_people"
    name = message(f"cli.metric.{metric}", lang)
    return Chart(
        key="units" if units else "people",
        kind="ranking",
        title=message(code, lang, metric=name, n=len(rows)),
        labels=tuple(name_id(r.name, r.id, lang) for r in rows),
        series=(Series(name, tuple(r.tally.counts[metric] for r in rows)),),
        unit=message("report.unit.pieces", lang),
    )


def _funnel_chart(b: Bulletin, book: Book, lang: str) -> Chart:
    year, months = b.period.year, b.period.months
    counts = tuple(book.metrics.count_in_months(book.pieces, m, year, months) for m in FUNNEL)
    return Chart(
        key="funnel",
        kind="funnel",
        title=message("report.chart.funnel", lang),
        labels=tuple(message(f"report.stage.{m}", lang) for m in FUNNEL),
        series=(Series(message("report.col.count", lang), counts),),
        unit=message("report.unit.pieces", lang),
        shares=tuple(
            Fraction(n, counts[i - 1]) if i > 0 and counts[i - 1] else None
            for i, n in enumerate(counts)
        ),
    )


def _leaders(rows: tuple[Row, ...], metric: str, lang: str) -> tuple[list[str], int]:
    best = max((r.tally.counts[metric] for r in rows), default=0)
    if best == 0:
        return [], 0
    return [name_id(r.name, r.id, lang) for r in rows if r.tally.counts[metric] == best], best


def _paragraphs(b: Bulletin, lang: str) -> tuple[str, ...]:
    spec = b.spec
    clause = message("report.body.clause", lang, clause=spec.clause) if spec.clause else ""
    out = [
        message(
            "report.body.basis", lang, title=b.title, clause=clause, period=b.period.label(lang)
        )
    ]
    items = [
        message("report.body.count", lang, metric=message(f"cli.metric.{m}", lang), count=n)
        for m, n in b.totals.counts.items()
    ]
    items += [
        message(
            "report.body.rate",
            lang,
            rate=message(f"cli.col.{r}", lang),
            value="—" if v is None else percent_text(v),
        )
        for r, v in b.totals.rates.items()
    ]
    out.append(
        message(
            "report.body.bulletin_totals",
            lang,
            period=b.period.label(lang),
            items=joined(items, lang),
        )
    )
    metric = _lead_metric(b)
    if metric is not None:
        for who, rows in (("people", b.people), ("units", b.units)):
            names, count = _leaders(rows, metric, lang)
            if names:
                out.append(
                    message(
                        "report.body.leader",
                        lang,
                        who=message(f"report.body.who.{who}", lang),
                        metric=message(f"cli.metric.{metric}", lang),
                        leaders=joined(names, lang, "report.list_sep"),
                        count=count,
                    )
                )
    if b.overdue:
        out.append(message("report.body.overdue", lang, n=len(b.overdue)))
    return tuple(out)


def bulletin_report(
    b: Bulletin,
    book: Book,
    lang: str,
    *,
    dated: date,
    document_number: str | None = None,
    signoff: str | None = None,
    red_head: str | None = None,
) -> Report:
    """The report of bulletin ``b`` (computed from ``book``) in ``lang``, dated ``dated``."""
    tables: list[Table] = []
    if "person" in b.spec.entities:
        tables.append(_entity_table(b, False, lang))
    if "unit" in b.spec.entities:
        tables.append(_entity_table(b, True, lang))
    tables.append(_totals_table(b, lang))
    if b.overdue is not None:
        tables.append(_overdue_table(b, book, lang))
    charts: list[Chart] = []
    metric = _lead_metric(b)
    if metric is not None:
        if "person" in b.spec.entities:
            charts.append(_ranking_chart(b, False, metric, lang))
        if "unit" in b.spec.entities:
            charts.append(_ranking_chart(b, True, metric, lang))
    charts.append(_funnel_chart(b, book, lang))
    return Report(
        kind="bulletin",
        organization=b.organization,
        title=heading(b, lang),
        lang=lang,
        period_label=b.period.label(lang),
        dated=dated,
        paragraphs=_paragraphs(b, lang),
        tables=tuple(tables),
        charts=tuple(charts),
        document_number=document_number,
        signoff=signoff,
        red_head=red_head,
    )


__all__ = ["TOP", "bulletin_report", "heading"]
