"""A report as Markdown: GitHub pipe tables that paste into Word, WPS and work groups as tables.

Every table row starts and ends with a pipe, the header is followed by the
delimiter row (``---:`` for numbers), and nothing inside a cell can break
the table: a pipe is escaped and a line break becomes a space.  Word and
WPS only recognise a table pasted from rendered Markdown (an editor's
preview, or a converter such as pandoc), never from the raw text; the notes
follow each table as a quoted block so that they stay with it.
"""

from __future__ import annotations

from sqmy_core.reports.document import Report, Table
from sqmy_core.reports.writers.cells import cell_text, is_number


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").strip() or " "


def table_lines(table: Table) -> list[str]:
    """The pipe table of ``table`` (header, delimiter, one line per row)."""
    lines = ["| " + " | ".join(_cell(c.label) for c in table.columns) + " |"]
    lines.append("|" + "|".join("---:" if is_number(c) else "---" for c in table.columns) + "|")
    for row in table.rows:
        cells = (_cell(cell_text(v, c)) for v, c in zip(row, table.columns, strict=True))
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def render_text(report: Report) -> str:
    lines: list[str] = []
    if report.document_number:
        lines += [report.document_number, ""]
    lines.append(f"# {report.title}")
    for text in report.paragraphs:
        lines += ["", text]
    for table in report.tables:
        lines += ["", f"## {table.title}", ""]
        lines += table_lines(table)
        if table.notes:
            lines.append("")
            lines += [f"> {note}  " for note in table.notes]
    tail = [t for t in (report.signoff, report.dated_text) if t]
    if tail:
        lines += ["", *(f'<p align="right">{t}</p>' for t in tail)]
    return "\n".join(lines) + "\n"


def render(report: Report) -> bytes:
    return render_text(report).encode("utf-8")


__all__ = ["render", "render_text", "table_lines"]
