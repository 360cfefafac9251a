"""A report on the terminal (rich): the title, the body, one table per table, its notes.

The console does not look for emoji codes nor highlight numbers: the cells
are names and figures, shown as :mod:`~sqmy_core.reports.writers.cells`
writes them.  Charts are not drawn here; their data is in the tables.
"""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table as RichTable

from sqmy_core.reports.document import Report, Table
from sqmy_core.reports.writers.cells import cell_text, is_number

WIDTH = 160


def _console(file: io.StringIO | None = None) -> Console:
    return Console(
        file=file, soft_wrap=False, width=WIDTH, highlight=False, emoji=False, markup=False
    )


def rich_table(table: Table) -> RichTable:
    """One table of the report as rich lays it out (numbers on the right), without its title."""
    t = RichTable()
    for col in table.columns:
        t.add_column(col.label, justify="right" if is_number(col) else "left")
    for row in table.rows:
        t.add_row(*(cell_text(c, col) for c, col in zip(row, table.columns, strict=True)))
    return t


def print_report(report: Report, console: Console | None = None) -> None:
    """Print the whole report on ``console`` (standard output when ``None``)."""
    out = console or _console()
    if report.document_number:
        out.print(report.document_number)
    out.print(report.title, style="bold")
    for text in report.paragraphs:
        out.print(text)
    for table in report.tables:
        out.print(
            table.title, style="bold"
        )  # above, not rich's title: that wraps at the table's width
        out.print(rich_table(table))
        for note in table.notes:
            out.print(note)
    if report.signoff:
        out.print(report.signoff, justify="right")
    out.print(report.dated_text, justify="right")


def render(report: Report) -> bytes:
    """The terminal view as plain text (no colours), for a file or a pipe."""
    buf = io.StringIO()
    print_report(report, _console(buf))
    return buf.getvalue().encode("utf-8")


__all__ = ["print_report", "render", "rich_table"]
