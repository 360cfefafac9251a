"""A report as one HTML page: the tables a browser shows and Word opens or pastes as real tables.

Markdown becomes a table only through a converter; HTML is a table already:
opened in Word or WPS (or copied from a browser and pasted) each ``<table>``
stays a table with its header row.  The page is self-contained (an inline
style, no scripts, nothing fetched), every text escaped.
"""

from __future__ import annotations

from html import escape

from sqmy_core.reports.document import Report, Table
from sqmy_core.reports.writers.cells import cell_text, is_number

STYLE = (
    "body{font-family:'FangSong','仿宋','Noto Serif CJK SC',serif;margin:2em auto;max-width:60em}"
    "h1{font-family:'SimHei','黑体','Noto Sans CJK SC',sans-serif;text-align:center}"
    ".head{color:#c00000;text-align:center;font-size:2em;font-weight:bold}"
    ".number{text-align:center;border-bottom:2px solid #c00000;padding-bottom:.5em}"
    "table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #808080;padding:2px 6px}"
    "th{background:#d9e1f2}td.n{text-align:right}.note{font-size:.9em}.right{text-align:right}"
)


def table_html(table: Table) -> list[str]:
    out = [f"<h2>{escape(table.title)}</h2>", "<table>", "<thead><tr>"]
    out += [f"<th>{escape(c.label)}</th>" for c in table.columns]
    out += ["</tr></thead>", "<tbody>"]
    for row in table.rows:
        cells = (
            f'<td class="n">{escape(cell_text(v, c))}</td>'
            if is_number(c)
            else f"<td>{escape(cell_text(v, c))}</td>"
            for v, c in zip(row, table.columns, strict=True)
        )
        out.append("<tr>" + "".join(cells) + "</tr>")
    out += ["</tbody>", "</table>"]
    out += [f'<p class="note">{escape(note)}</p>' for note in table.notes]
    return out


def render_text(report: Report) -> str:
    lang = "zh-CN" if report.lang == "zh" else "en"
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        f"<title>{escape(report.title)}</title><style>{STYLE}</style></head><body>",
    ]
    if report.red_head:
        out.append(f'<p class="head">{escape(report.red_head)}</p>')
    if report.document_number:
        out.append(f'<p class="number">{escape(report.document_number)}</p>')
    out.append(f"<h1>{escape(report.title)}</h1>")
    out += [f"<p>{escape(p)}</p>" for p in report.paragraphs]
    for table in report.tables:
        out += table_html(table)
    out += [f'<p class="right">{escape(t)}</p>' for t in (report.signoff, report.dated_text) if t]
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def render(report: Report) -> bytes:
    return render_text(report).encode("utf-8")


__all__ = ["render", "render_text", "table_html"]
