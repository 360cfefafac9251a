"""A report as JSON (``sqmy-report/1``): the same tables with stable keys, for other programs.

::

    {
      "format": "sqmy-report/1", "kind": "assessment", "organization": "district",
      "title": "…", "lang": "zh", "period": "2024年", "dated": "2025-01-10",
      "document_number": "…" | null, "signoff": "…" | null, "red_head": "…" | null,
      "paragraphs": ["…"],
      "tables": [{"key": "people", "title": "…", "notes": ["…"],
                  "columns": [{"key": "id", "label": "编号", "kind": "id"}, …],
                  "rows": [{"id": "p001", "name": "张三", "points": 12.5, …}]}],
      "charts": [{"key": "funnel", "kind": "funnel", "title": "…", "unit": "篇",
                  "labels": ["线索", …], "series": [{"name": "…", "values": [12, …]}]}]
    }

Rows are objects keyed by the columns' ``key`` (the same in both languages);
counts are integers, points numbers rounded half up to two decimals, rates
fractions of 1 rounded to four decimals (0.6667 is 66.67 %), dates and
times ISO 8601, an empty cell ``null``.  Labels and texts are in ``lang``.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from fractions import Fraction
from typing import Any, Final

from sqmy_core.reports.document import Cell, Column, Report, Table
from sqmy_core.scoring.rounding import round_half_up

FORMAT: Final = "sqmy-report/1"


def _value(cell: Cell, column: Column) -> Any:
    if cell is None or isinstance(cell, str):
        return cell
    if isinstance(cell, date | datetime):
        return cell.isoformat()
    if column.kind == "percent":
        return float(round_half_up(Fraction(cell), 4))
    if column.kind == "points" or isinstance(cell, Fraction):
        return float(round_half_up(Fraction(cell), 2))
    return cell


def _table(t: Table) -> dict[str, Any]:
    return {
        "key": t.key,
        "title": t.title,
        "columns": [{"key": c.key, "label": c.label, "kind": c.kind} for c in t.columns],
        "rows": [
            {c.key: _value(v, c) for v, c in zip(row, t.columns, strict=True)} for row in t.rows
        ],
        "notes": list(t.notes),
    }


def report_doc(report: Report) -> dict[str, Any]:
    """The document described in this module's docstring."""
    return {
        "format": FORMAT,
        "kind": report.kind,
        "organization": report.organization,
        "title": report.title,
        "lang": report.lang,
        "period": report.period_label,
        "dated": report.dated.isoformat(),
        "document_number": report.document_number,
        "signoff": report.signoff,
        "red_head": report.red_head,
        "paragraphs": list(report.paragraphs),
        "tables": [_table(t) for t in report.tables],
        "charts": [
            {
                "key": c.key,
                "kind": c.kind,
                "title": c.title,
                "unit": c.unit,
                "labels": list(c.labels),
                "series": [
                    {"name": s.name, "values": [_number(v) for v in s.values]} for s in c.series
                ],
            }
            for c in report.charts
        ],
    }


def _number(v: int | Fraction) -> int | float:
    return v if isinstance(v, int) else float(round_half_up(v, 4))


def render(report: Report) -> bytes:
    text = json.dumps(report_doc(report), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


__all__ = ["FORMAT", "render", "report_doc"]
