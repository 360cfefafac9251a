"""A report as an Excel workbook (openpyxl): one sheet per table, ready to print.

Each sheet has the report's title in its first row, the table's title in
the second, bold headers in the third (repeated on every printed page) and
the rows below; the header row and the columns up to the id are frozen, so
a long list scrolls with names and ids in view.  Cells are numbers, not
text: counts as integers, points with the format ``0.00`` and rates with
``0.00%`` (a rate above 100 % shows its mark through the number format, the
value stays a number), written from the exact values (a float of the
fraction, which is what a spreadsheet keeps).  The notes follow the table.
Pages are landscape, one page wide.  A first sheet holds the title, the
文号, the body text and the sign-off.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from fractions import Fraction
from typing import Any, Final

from sqmy_core.reports.document import Cell, Column, Report, Table
from sqmy_core.reports.writers.cells import text_width
from sqmy_core.reports.writers.extra import require

FORMATS: Final = {
    "count": "0",
    "points": "0.00",
    "percent": "0.00%",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
}
HEADER_ROW: Final = 3
COVER_WIDTH: Final = 80
"""The summary sheet's one column, in characters of the default 11-point font."""
_BAD_TITLE: Final = re.compile(r"[\[\]:*?/\\]")


def sheet_title(title: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (≤ 31 characters, none of ``[]:*?/\\``), unique in the book."""
    base = _BAD_TITLE.sub("_", title).strip("'") or "Sheet"
    name, n = base[:31], 1
    while name.lower() in taken:
        n += 1
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
    taken.add(name.lower())
    return name


def _value(cell: Cell) -> Any:
    if isinstance(cell, Fraction):
        return float(cell)
    if isinstance(cell, datetime):
        return cell.replace(tzinfo=None)  # a workbook keeps local wall time, no offset
    return cell


def _number_format(column: Column, cell: Cell) -> str | None:
    fmt = FORMATS.get(column.kind)
    if fmt == "0.00%" and column.mark_over_one and isinstance(cell, int | Fraction) and cell > 1:
        return f'0.00%"{column.mark_over_one}"'
    if column.kind == "id" or column.kind == "text":
        return "@"
    return fmt


def _write_table(ws: Any, report: Report, table: Table, styles: Any) -> None:
    width = max(len(table.columns), 1)
    ws.cell(row=1, column=1, value=report.title).font = styles.Font(bold=True, size=14)
    ws.cell(row=2, column=1, value=table.title).font = styles.Font(bold=True, size=12)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    thin = styles.Side(style="thin", color="808080")
    border = styles.Border(left=thin, right=thin, top=thin, bottom=thin)
    fill = styles.PatternFill("solid", fgColor="D9E1F2")
    widths = [text_width(c.label) for c in table.columns]
    for j, col in enumerate(table.columns, start=1):
        c = ws.cell(row=HEADER_ROW, column=j, value=col.label)
        c.font = styles.Font(bold=True)
        c.fill = fill
        c.border = border
        c.alignment = styles.Alignment(horizontal="center", vertical="center", wrap_text=True)
    for i, row in enumerate(table.rows, start=HEADER_ROW + 1):
        for j, (value, col) in enumerate(zip(row, table.columns, strict=True), start=1):
            c = ws.cell(row=i, column=j, value=_value(value))
            c.border = border
            fmt = _number_format(col, value)
            if fmt is not None:
                c.number_format = fmt
            shown = value if isinstance(value, str) else str(_value(value) or "")
            widths[j - 1] = max(widths[j - 1], text_width(shown) if col.kind != "percent" else 9)
    note_row = HEADER_ROW + len(table.rows) + 2
    for k, note in enumerate(table.notes):
        ws.cell(row=note_row + k, column=1, value=note).font = styles.Font(italic=True)
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[_letter(j)].width = min(max(w + 2, 6), 60)
    ids = [j for j, c in enumerate(table.columns, start=1) if c.kind == "id"]
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=(ids[0] + 1) if ids else 1)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "&P / &N"


def _letter(j: int) -> str:
    return str(require("openpyxl.utils", "xlsx").get_column_letter(j))


def _cover(ws: Any, report: Report, styles: Any) -> None:
    lines: list[tuple[str, Any]] = []
    if report.red_head:
        lines.append((report.red_head, styles.Font(bold=True, size=18, color="C00000")))
    if report.document_number:
        lines.append((report.document_number, styles.Font(size=11)))
    lines.append((report.title, styles.Font(bold=True, size=14)))
    lines += [(p, styles.Font(size=11)) for p in report.paragraphs]
    lines += [(t, styles.Font(size=11)) for t in (report.signoff, report.dated_text) if t]
    for i, (text, font) in enumerate(lines, start=1):
        c = ws.cell(row=i, column=1, value=text)
        c.font = font
        c.alignment = styles.Alignment(wrap_text=True, vertical="top")
        # a spreadsheet does not grow a row for wrapped text it did not lay out itself
        wrapped = -(-text_width(text) * font.size // (COVER_WIDTH * 11)) or 1
        ws.row_dimensions[i].height = wrapped * font.size * 1.5
    ws.column_dimensions["A"].width = COVER_WIDTH
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def render(report: Report) -> bytes:
    openpyxl = require("openpyxl", "xlsx")
    styles = require("openpyxl.styles", "xlsx")
    wb = openpyxl.Workbook()
    taken: set[str] = set()
    cover = wb.active
    cover.title = sheet_title("概况" if report.lang == "zh" else "Summary", taken)
    _cover(cover, report, styles)
    for table in report.tables:
        ws = wb.create_sheet(sheet_title(table.title, taken))
        _write_table(ws, report, table, styles)
    wb.properties.title = report.title
    wb.properties.creator = report.signoff or report.organization
    if isinstance(report.dated, date):
        wb.properties.created = datetime(report.dated.year, report.dated.month, report.dated.day)
        wb.properties.modified = wb.properties.created
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


__all__ = ["FORMATS", "render", "sheet_title"]
