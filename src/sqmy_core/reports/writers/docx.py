"""A report as a Word document (python-docx) in the layout of an official 通报.

From the top, after the national standard for official documents (GB/T 9704)
as offices use it for a 通报: the issuing body in red (红头, when given),
the 文号 centred above a red rule, the title in 黑体 二号 centred, the body
text in 仿宋 三号 with a first-line indent of two characters, then each
table under its heading (黑体), its header row repeated on every page and
its notes (``注：``) below it, and last the sign-off and the date on the
right.  Fonts are named for East Asian text too (``w:eastAsia``): Word
otherwise shows Chinese in the theme's font whatever the run says.

The tables hold the same figures as the other formats (rounded as
:mod:`~sqmy_core.reports.writers.cells` shows them); wide tables use a
smaller size so that they fit the page.
"""

from __future__ import annotations

import io
from typing import Any, Final

from sqmy_core.reports.document import Report, Table
from sqmy_core.reports.writers.cells import cell_text, is_number, text_width
from sqmy_core.reports.writers.extra import require

BODY_FONT: Final = "仿宋"
HEAD_FONT: Final = "黑体"
LATIN_FONT: Final = "Times New Roman"
RED: Final = (0xC0, 0x00, 0x00)
TEXT_WIDTH_CM: Final = 21 - 2.8 - 2.6
"""The A4 page less the left and right margins: what a table may span."""


def table_size(table: Table) -> float:
    """The font size (pt) of a table's cells: smaller as it gets wider."""
    n = len(table.columns)
    return 12 if n <= 6 else 10.5 if n <= 9 else 9


def column_widths(table: Table, size: float) -> list[float]:
    """Each column's width (cm): its widest text at ``size`` points, header included.

    Word and LibreOffice would otherwise give every column the same width and
    break a unit's name over three lines beside an empty rank column.  When
    the natural widths do not fit the page, only the widest columns give way
    (they wrap), down to one common cap; narrow columns keep their width.
    """
    pad = 0.45
    natural = []
    for j, col in enumerate(table.columns):
        widest = max(
            [text_width(col.label), *(text_width(cell_text(r[j], col)) for r in table.rows)]
        )
        natural.append(widest * size * 0.0353 / 2 + pad)
    total = sum(natural)
    if total <= TEXT_WIDTH_CM:
        return [w * TEXT_WIDTH_CM / total for w in natural]
    ordered = sorted(natural)
    spent, cap = 0.0, TEXT_WIDTH_CM / len(natural)
    for k, w in enumerate(ordered):
        rest = len(ordered) - k
        if spent + w * rest > TEXT_WIDTH_CM:
            cap = (TEXT_WIDTH_CM - spent) / rest
            break
        spent += w
    return [min(w, cap) for w in natural]


class _Doc:
    """One document being written, with python-docx's modules at hand."""

    def __init__(self) -> None:
        self.docx = require("docx", "docx")
        self.shared = require("docx.shared", "docx")
        self.enum_text = require("docx.enum.text", "docx")
        self.enum_table = require("docx.enum.table", "docx")
        self.enum_style = require("docx.enum.style", "docx")
        self.oxml = require("docx.oxml", "docx")
        self.ns = require("docx.oxml.ns", "docx")
        self.doc = self.docx.Document()
        self._page()

    def _page(self) -> None:
        cm = self.shared.Cm
        for section in self.doc.sections:
            section.page_width, section.page_height = cm(21), cm(29.7)
            section.top_margin, section.bottom_margin = cm(3.7), cm(3.5)
            section.left_margin, section.right_margin = cm(2.8), cm(2.6)
        normal = self.doc.styles["Normal"]
        self.font(normal.font, BODY_FONT, 16)

    def font(self, font: Any, name: str, size: float, *, bold: bool = False) -> None:
        """Set ``name`` for Latin and East Asian text alike, ``size`` in points."""
        font.name = LATIN_FONT if name == BODY_FONT else name
        font.size = self.shared.Pt(size)
        font.bold = bold
        rpr = font.element.get_or_add_rPr()
        fonts = rpr.get_or_add_rFonts()
        fonts.set(self.ns.qn("w:eastAsia"), name)

    def cell_style(self, size: float) -> Any:
        """A paragraph style for table cells at ``size``: the cell's own paragraph mark is
        then that small too (at the body's 三号 every row would stand a line too tall)."""
        name = f"SQMY Table {size:g}"
        styles = self.doc.styles
        if name not in [s.name for s in styles]:
            style = styles.add_style(name, self.enum_style.WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
            self.font(style.font, BODY_FONT, size)
            style.paragraph_format.space_after = self.shared.Pt(0)
            style.paragraph_format.line_spacing = 1.0
        return styles[name]

    def paragraph(
        self,
        text: str,
        *,
        name: str = BODY_FONT,
        size: float = 16,
        bold: bool = False,
        align: str = "left",
        indent: bool = False,
        color: tuple[int, int, int] | None = None,
        after: float = 0,
    ) -> Any:
        p = self.doc.add_paragraph()
        fmt = p.paragraph_format
        fmt.alignment = getattr(self.enum_text.WD_ALIGN_PARAGRAPH, align.upper())
        fmt.space_before = self.shared.Pt(0)
        fmt.space_after = self.shared.Pt(after)
        fmt.line_spacing = self.shared.Pt(max(28, size * 1.5))
        if indent:
            fmt.first_line_indent = self.shared.Pt(size * 2)
        run = p.add_run(text)
        self.font(run.font, name, size, bold=bold)
        if color is not None:
            run.font.color.rgb = self.shared.RGBColor(*color)
        return p

    def red_rule(self, paragraph: Any) -> None:
        """A red line under ``paragraph`` (its bottom border), as under a 文号."""
        ppr = paragraph._p.get_or_add_pPr()
        border = self.oxml.parse_xml(
            f'<w:pBdr {self.ns.nsdecls("w")}><w:bottom w:val="single" w:sz="18" w:space="4" '
            'w:color="C00000"/></w:pBdr>'
        )
        ppr.append(border)

    def table(self, table: Table) -> None:
        self.paragraph(table.title, name=HEAD_FONT, size=16, after=6)
        size = table_size(table)
        t = self.doc.add_table(rows=1, cols=len(table.columns))
        t.style = "Table Grid"
        t.autofit = False
        t.alignment = self.enum_table.WD_TABLE_ALIGNMENT.CENTER
        head = t.rows[0]
        trpr = head._tr.get_or_add_trPr()
        trpr.append(self.oxml.parse_xml(f"<w:tblHeader {self.ns.nsdecls('w')}/>"))
        for cell, col in zip(head.cells, table.columns, strict=True):
            self._cell(cell, col.label, size, bold=True, align="center", name=HEAD_FONT)
        for row in table.rows:
            cells = t.add_row().cells
            for cell, value, col in zip(cells, row, table.columns, strict=True):
                align = "right" if is_number(col) else "left"
                self._cell(cell, cell_text(value, col), size, align=align)
        widths = [self.shared.Cm(w) for w in column_widths(table, size)]
        for j, width in enumerate(widths):
            t.columns[j].width = width
            for row in t.rows:
                row.cells[j].width = width
        for note in table.notes:
            self.paragraph(note, size=12)
        self.paragraph("", size=8)

    def _cell(
        self,
        cell: Any,
        text: str,
        size: float,
        *,
        bold: bool = False,
        align: str = "left",
        name: str = BODY_FONT,
    ) -> None:
        p = cell.paragraphs[0]
        p.style = self.cell_style(size)
        p.paragraph_format.alignment = getattr(self.enum_text.WD_ALIGN_PARAGRAPH, align.upper())
        p.paragraph_format.space_after = self.shared.Pt(0)
        p.paragraph_format.line_spacing = 1.0
        run = p.add_run(text)
        self.font(run.font, name, size, bold=bold)

    def save(self) -> bytes:
        buf = io.BytesIO()
        self.doc.save(buf)
        return buf.getvalue()


def render(report: Report) -> bytes:
    d = _Doc()
    d.doc.core_properties.title = report.title
    d.doc.core_properties.author = report.signoff or report.organization
    if report.red_head:
        d.paragraph(
            report.red_head, name=HEAD_FONT, size=36, bold=True, align="center", color=RED, after=12
        )
    number = d.paragraph(report.document_number or "", size=16, align="center", after=18)
    if report.red_head or report.document_number:
        d.red_rule(number)
    d.paragraph(report.title, name=HEAD_FONT, size=22, align="center", after=18)
    for text in report.paragraphs:
        d.paragraph(text, indent=True)
    d.paragraph("", size=8)
    for table in report.tables:
        d.table(table)
    if report.signoff:
        d.paragraph(report.signoff, align="right")
    d.paragraph(report.dated_text, align="right")
    return d.save()


__all__ = ["BODY_FONT", "HEAD_FONT", "column_widths", "render", "table_size"]
