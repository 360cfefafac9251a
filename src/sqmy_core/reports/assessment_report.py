"""A year's assessment as a :class:`~sqmy_core.reports.document.Report` (the year-end 通报).

The rankings are the assessment's rows as they are (ids, exact points,
points by section, adopted pieces, quotas, flags, awards and grades); the
quotas table lists every quota of every entity period by period; the funnel
线索 → 采集 → 采编 → 上报 → 采用 → 落实 counts the year's distinct pieces per
stage exactly as the assessment's ``stats`` (clues only when the caller
knows them: a workspace registers clues, a dataset file has none); the
monthly trend and the units-by-class table count through the same metric
index.  Every rate is defined under its table; a rate above 100 % is
marked and explained there.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from fractions import Fraction
from typing import Final

from sqmy_core.i18n import message
from sqmy_core.reports.document import Cell, Chart, Column, Report, Series, Table
from sqmy_core.reports.report_parts import (
    col,
    joined,
    metric_col,
    name_id,
    rate,
    rate_col,
    table,
    unit_kind_name,
)
from sqmy_core.reports.writers.cells import DASH, percent_text
from sqmy_core.scoring.book import Book
from sqmy_core.scoring.result import Assessment, EntityResult
from sqmy_core.scoring.rounding import points_text

TOP: Final = 15
"""How many people or units a ranking chart shows."""
STAGES: Final = ("submitted", "approved", "dispatched", "adopted", "handled")
"""The funnel after the clues: 采集, 采编, 上报, 采用, 落实."""
TREND: Final = ("submitted", "approved", "adopted", "instructed", "handled")


def _quotas_cell(e: EntityResult, lang: str) -> str:
    if not e.quotas:
        return message("report.no_quota", lang)
    return message("report.met" if e.quotas_met else "report.not_met", lang)


def _flag_name(flag: str, lang: str) -> str:
    return {"talk": "谈话引导"}.get(flag, flag) if lang == "zh" else flag


def _ranking_table(a: Assessment, book: Book, units: bool, lang: str) -> Table:
    rs = book.ruleset
    rows = a.units if units else a.people
    classed = units or any(e.group is not None for e in rows)
    columns = [col("rank", lang, "count")]
    if classed:
        columns.append(col("kind", lang))
    columns += [col("id", lang, "id"), col("name", lang), col("points", lang, "points")]
    sections = [s for s in rs.sections] if any(e.sections for e in rows) else []
    for s in sections:
        label = (s.label or s.id) if lang == "zh" else s.id
        columns.append(
            Column(f"section:{s.id}", message("report.col.section", lang, section=label), "points")
        )
    columns += [col("adopted", lang, "count"), col("quotas", lang)]
    if not units:
        columns.append(col("flags", lang))
    columns.append(col("award", lang))
    graded = any(e.grade for e in rows)
    if graded:
        columns.append(col("grade", lang))
    cells: list[list[Cell]] = []
    for e in rows:
        row: list[Cell] = [e.rank]
        if classed:
            kind = book.units[e.id].kind if units else e.group
            row.append(unit_kind_name(kind, lang) if units else (kind or ""))
        row += [e.id, e.name, e.points]
        row += [(e.sections or {}).get(s.id, Fraction(0)) for s in sections]
        row += [e.adopted_pieces, _quotas_cell(e, lang)]
        if not units:
            row.append(message("report.list_sep", lang).join(_flag_name(f, lang) for f in e.flags))
        row.append(e.award or "")
        if graded:
            row.append(e.grade or "")
        cells.append(row)
    key = "units" if units else "people"
    title = message(f"report.table.{key}_ranking", lang)
    return table(key, title, columns, cells, lang, message("report.note.points", lang))


def _quota_rows(rows: Sequence[EntityResult], lang: str) -> list[list[Cell]]:
    out: list[list[Cell]] = []
    for e in rows:
        for q in e.quotas:
            n = len(q.counts)
            mins = q.minimums or (q.min,) * n
            assessed = q.assessed or (True,) * n
            for i, done in enumerate(q.counts):
                if not assessed[i]:
                    continue
                period = (
                    message("report.period.year", lang)
                    if n == 1
                    else message("report.period.nth", lang, n=i + 1, of=n)
                )
                met = done >= mins[i]
                out.append(
                    [
                        message(f"report.entity.{e.entity}", lang),
                        e.id,
                        e.name,
                        (q.label or q.quota) if lang == "zh" else q.quota,
                        message(f"cli.metric.{q.metric}", lang)
                        if q.metric in _METRICS
                        else q.metric,
                        period,
                        mins[i],
                        done,
                        message("report.met" if met else "report.not_met", lang),
                    ]
                )
    return out


_METRICS: Final = frozenset(
    (
        "submitted",
        "approved",
        "adopted",
        "instructed",
        "implemented",
        "handled",
        "dispatched",
        "rejected",
        "returned",
    )
)


def _quotas_table(a: Assessment, lang: str) -> Table:
    columns = [
        col("entity", lang),
        col("id", lang, "id"),
        col("name", lang),
        col("quota", lang),
        col("metric", lang),
        col("period", lang),
        col("required", lang, "count"),
        col("done", lang, "count"),
        col("met", lang),
    ]
    rows = _quota_rows(a.people, lang) + _quota_rows(a.units, lang)
    title = message("report.table.quotas", lang)
    return table("quotas", title, columns, rows, lang, message("report.note.quotas", lang))


def funnel_counts(a: Assessment, clues: int | None) -> list[tuple[str, int]]:
    """(stage, count) from the clues (when known) to 落实, as the assessment's stats count them."""
    stages: list[tuple[str, int]] = [("clues", clues)] if clues is not None else []
    return [*stages, *((m, a.stats.counts.get(m, 0)) for m in STAGES)]


def funnel_shares(stages: Sequence[tuple[str, int]]) -> tuple[Fraction | None, ...]:
    """Each stage over the one before; none for the first, nor from the clues (a piece need
    not come from a clue, so the pieces are no share of them)."""
    return tuple(
        rate(n, stages[i - 1][1]) if i > 0 and stages[i - 1][0] != "clues" else None
        for i, (_, n) in enumerate(stages)
    )


def _funnel_table(a: Assessment, clues: int | None, lang: str) -> Table:
    stages = funnel_counts(a, clues)
    submitted = a.stats.counts.get("submitted", 0)
    columns = [
        col("stage", lang),
        col("count", lang, "count"),
        col("of_previous", lang, "percent"),
        col("of_submitted", lang, "percent"),
    ]
    rows: list[list[Cell]] = [
        [
            message(f"report.stage.{stage}", lang),
            n,
            before,
            rate(n, submitted) if stage != "clues" else None,
        ]
        for (stage, n), before in zip(stages, funnel_shares(stages), strict=True)
    ]
    notes = [message("report.note.funnel", lang)]
    if clues is not None:
        notes.append(message("report.note.clues", lang))
    notes.append(message("report.note.of_previous", lang))
    return table("funnel", message("report.table.funnel", lang), columns, rows, lang, *notes)


def _totals_table(a: Assessment, lang: str) -> Table:
    metrics = (
        "submitted",
        "approved",
        "dispatched",
        "adopted",
        "instructed",
        "implemented",
        "handled",
    )
    columns = [metric_col(m, lang) for m in metrics]
    columns += [rate_col("adoption_rate", lang), rate_col("instruction_rate", lang)]
    row: list[Cell] = [a.stats.counts.get(m, 0) for m in metrics]
    row += [a.stats.adoption_rate, a.stats.instruction_rate]
    title = message("report.table.totals", lang)
    return table("totals", title, columns, [row], lang, message("report.note.joint", lang))


def monthly_counts(book: Book, year: int) -> dict[str, tuple[int, ...]]:
    """Distinct pieces per trend metric in each month 1-12 of ``year``."""
    return {
        m: tuple(
            book.metrics.count_in_months(book.pieces, m, year, (month,)) for month in range(1, 13)
        )
        for m in TREND
    }


def _month_label(month: int, lang: str) -> str:
    names = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    return message("report.month", lang, month=month, name=names[month - 1])


def _trend_table(months: dict[str, tuple[int, ...]], lang: str) -> Table:
    columns = [col("month", lang), *(metric_col(m, lang) for m in TREND)]
    rows: list[list[Cell]] = [
        [_month_label(i + 1, lang), *(months[m][i] for m in TREND)] for i in range(12)
    ]
    return table(
        "trend",
        message("report.table.trend", lang),
        columns,
        rows,
        lang,
        message("report.note.trend", lang),
    )


def class_rows(
    a: Assessment, book: Book, year: int
) -> list[tuple[str, int, dict[str, int], Fraction]]:
    """Per unit class (in scope order): (kind, units, counts of distinct pieces, points in all)."""
    kinds: dict[str, list[EntityResult]] = {}
    for k in book.ruleset.scope.unit_kinds:
        kinds.setdefault(k, [])
    for u in a.units:
        kinds.setdefault(book.units[u.id].kind, []).append(u)
    out = []
    for kind, members in kinds.items():
        if not members:
            continue
        pieces = {p for u in members for p in book.pieces_of_unit(u.id)}
        counts = {
            m: book.metrics.count(pieces, m, year) for m in ("submitted", "approved", "adopted")
        }
        out.append((kind, len(members), counts, sum((u.points for u in members), Fraction(0))))
    return out


def _class_table(classes: list[tuple[str, int, dict[str, int], Fraction]], lang: str) -> Table:
    columns = [
        col("kind", lang),
        col("units", lang, "count"),
        metric_col("submitted", lang),
        metric_col("approved", lang),
        metric_col("adopted", lang),
        rate_col("adoption_rate", lang),
        col("points_total", lang, "points"),
    ]
    rows: list[list[Cell]] = [
        [
            unit_kind_name(kind, lang),
            n,
            c["submitted"],
            c["approved"],
            c["adopted"],
            rate(c["adopted"], c["approved"]),
            pts,
        ]
        for kind, n, c, pts in classes
    ]
    return table(
        "by_class",
        message("report.table.by_class", lang),
        columns,
        rows,
        lang,
        message("report.note.by_class", lang),
    )


def _overdue_table(a: Assessment, book: Book, lang: str) -> Table:
    columns = [col("piece", lang, "id"), col("title", lang)]
    rows: list[list[Cell]] = [[p, book.pieces[p].title] for p in a.overdue]
    return table("overdue", message("report.table.overdue", lang), columns, rows, lang)


def _ranking_chart(rows: Sequence[EntityResult], units: bool, lang: str) -> Chart:
    top = sorted(rows, key=lambda e: (-e.points, e.rank, e.id))[:TOP]
    code = "report.chart.units" if units else "report.chart.people"
    return Chart(
        key="units" if units else "people",
        kind="ranking",
        title=message(code, lang, n=len(top)),
        labels=tuple(name_id(e.name, e.id, lang) for e in top),
        series=(Series(message("report.col.points", lang), tuple(e.points for e in top)),),
        unit=message("report.unit.points", lang),
    )


def _charts(
    a: Assessment,
    clues: int | None,
    months: dict[str, tuple[int, ...]],
    classes: list[tuple[str, int, dict[str, int], Fraction]],
    lang: str,
) -> tuple[Chart, ...]:
    pieces = message("report.unit.pieces", lang)
    charts: list[Chart] = []
    if a.people:
        charts.append(_ranking_chart(a.people, False, lang))
    if a.units:
        charts.append(_ranking_chart(a.units, True, lang))
    stages = funnel_counts(a, clues)
    charts.append(
        Chart(
            key="funnel",
            kind="funnel",
            title=message("report.chart.funnel", lang),
            labels=tuple(message(f"report.stage.{s}", lang) for s, _ in stages),
            series=(Series(message("report.col.count", lang), tuple(n for _, n in stages)),),
            unit=pieces,
            shares=funnel_shares(stages),
        )
    )
    charts.append(
        Chart(
            key="trend",
            kind="trend",
            title=message("report.chart.trend", lang),
            labels=tuple(_month_label(m, lang) for m in range(1, 13)),
            series=tuple(Series(message(f"cli.metric.{m}", lang), months[m]) for m in TREND[:3]),
            unit=pieces,
        )
    )
    if classes:
        charts.append(
            Chart(
                key="by_class",
                kind="units_by_class",
                title=message("report.chart.by_class", lang),
                labels=tuple(unit_kind_name(k, lang) for k, _, _, _ in classes),
                series=tuple(
                    Series(message(f"cli.metric.{m}", lang), tuple(c[m] for _, _, c, _ in classes))
                    for m in ("submitted", "adopted")
                ),
                unit=pieces,
            )
        )
    return tuple(charts)


def _firsts(rows: Sequence[EntityResult], lang: str) -> tuple[str, str] | None:
    if not rows:
        return None
    best = max(e.points for e in rows)
    names = [name_id(e.name, e.id, lang) for e in rows if e.points == best and e.rank == 1]
    if not names:
        return None
    return joined(names, lang, "report.list_sep"), points_text(best)


def _paragraphs(a: Assessment, clues: int | None, lang: str) -> tuple[str, ...]:
    c = a.stats.counts
    out = [message("report.body.basis_year", lang, title=a.title, year=a.year)]
    out.append(
        message(
            "report.body.year_totals",
            lang,
            year=a.year,
            clues=message("report.body.clues", lang, n=clues) if clues is not None else "",
            submitted=c.get("submitted", 0),
            approved=c.get("approved", 0),
            dispatched=c.get("dispatched", 0),
            adopted=c.get("adopted", 0),
            instructed=c.get("instructed", 0),
            handled=c.get("handled", 0),
            adoption_rate=DASH
            if a.stats.adoption_rate is None
            else percent_text(a.stats.adoption_rate),
            instruction_rate=DASH
            if a.stats.instruction_rate is None
            else percent_text(a.stats.instruction_rate),
        )
    )
    for who, rows in (("people", a.people), ("units", a.units)):
        first = _firsts(rows, lang)
        if first is not None:
            leaders, points = first
            out.append(
                message(
                    "report.body.first",
                    lang,
                    who=message(f"report.body.who.{who}", lang),
                    leaders=leaders,
                    points=points,
                )
            )
        quota_rows = [e for e in rows if e.quotas]
        if quota_rows:
            met = sum(1 for e in quota_rows if e.quotas_met)
            out.append(
                message(
                    "report.body.quotas",
                    lang,
                    who=message(f"report.body.who.{who}", lang),
                    each=message(f"report.body.each.{who}", lang),
                    met=met,
                    unmet=len(quota_rows) - met,
                )
            )
    awards: dict[str, int] = {}
    for e in (*a.people, *a.units):
        if e.award:
            awards[e.award] = awards.get(e.award, 0) + 1
    if awards:
        items = [message("report.body.award_count", lang, award=k, n=n) for k, n in awards.items()]
        out.append(
            message("report.body.awards", lang, awards=joined(items, lang, "report.list_sep"))
        )
    return tuple(out)


def assessment_report(
    a: Assessment,
    book: Book,
    lang: str,
    *,
    dated: date,
    clues: int | None = None,
    document_number: str | None = None,
    signoff: str | None = None,
    red_head: str | None = None,
) -> Report:
    """The year-end report of assessment ``a`` (computed from ``book``) in ``lang``.

    ``clues`` is the number of clues received in the year, when the caller
    knows it (a workspace); the funnel then starts with them.
    """
    months = monthly_counts(book, a.year)
    classes = class_rows(a, book, a.year)
    tables: list[Table] = []
    if a.people:
        tables.append(_ranking_table(a, book, False, lang))
    if a.units:
        tables.append(_ranking_table(a, book, True, lang))
    if any(e.quotas for e in (*a.people, *a.units)):
        tables.append(_quotas_table(a, lang))
    tables.append(_totals_table(a, lang))
    tables.append(_funnel_table(a, clues, lang))
    tables.append(_trend_table(months, lang))
    if classes:
        tables.append(_class_table(classes, lang))
    if a.overdue:
        tables.append(_overdue_table(a, book, lang))
    return Report(
        kind="assessment",
        organization=a.organization,
        title=message("report.assessment_title", lang, year=a.year),
        lang=lang,
        period_label=str(a.year),
        dated=dated,
        paragraphs=_paragraphs(a, clues, lang),
        tables=tuple(tables),
        charts=_charts(a, clues, months, classes, lang),
        document_number=document_number,
        signoff=signoff,
        red_head=red_head,
    )


__all__ = ["STAGES", "TOP", "assessment_report", "class_rows", "funnel_counts", "monthly_counts"]
