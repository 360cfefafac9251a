"""``sqmy report --format docx``: a Word 通报 whose tables, read back (python-docx), are the assessment's.

The layout is checked where a reader sees it: the red head, the 文号 with the
red rule under it, the title in 黑体, the body in 仿宋 with its first-line
indent, each table's header row repeated on every page, the notes, and the
sign-off and date on the right; the East Asian font is named on every run
(Word ignores a font for Chinese text otherwise).  The numbers are read back
from the cells and compared with the assessment's own, rounded as the office
reads them.
"""

from __future__ import annotations

import io
from typing import Any

import pytest

docx = pytest.importorskip("docx")

from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402

from sqmy_core.reports.document import Report  # noqa: E402
from sqmy_core.reports.writers import render_report  # noqa: E402
from sqmy_core.reports.writers.cells import percent_text  # noqa: E402
from sqmy_core.scoring.rounding import points_text  # noqa: E402
from tests.integration.reports_data import CASES, assessment_of, bulletin_of, case  # noqa: E402


def document_of(report: Report) -> Any:
    return docx.Document(io.BytesIO(render_report(report, "docx")))


def table_rows(table: Any) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def east_asian(run: Any) -> str | None:
    fonts = run._element.rPr.rFonts
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def test_the_layout_of_a_tongbao() -> None:
    report = assessment_of("district")
    d = document_of(report)
    paras = [p for p in d.paragraphs if p.text]
    red, number, title = paras[0], paras[1], paras[2]
    assert red.text == "XX区政协办公室" and red.runs[0].font.color.rgb == docx.shared.RGBColor(0xC0, 0, 0)
    assert number.text == "X政协办〔2025〕3号"
    assert number._p.pPr.find(qn("w:pBdr")) is not None  # the red rule under the 文号
    assert title.text == "关于2024年度社情民意信息工作考核情况的通报"
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER and east_asian(title.runs[0]) == "黑体"
    body = paras[3]
    assert body.text.startswith("根据《XX区政协反映社情民意信息工作考核办法》")
    assert east_asian(body.runs[0]) == "仿宋" and body.paragraph_format.first_line_indent > 0
    signoff, dated = paras[-2], paras[-1]
    assert (signoff.text, dated.text) == ("XX区政协办公室", "2025年1月10日")
    assert signoff.alignment == dated.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert len(d.tables) == len(report.tables)
    for t, table in zip(d.tables, report.tables, strict=True):
        header = t.rows[0]
        assert header._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
        assert [c.text for c in header.cells] == [c.label for c in table.columns]
        assert all(east_asian(r) for c in header.cells for p in c.paragraphs for r in p.runs)
    texts = [p.text for p in d.paragraphs]
    for table in report.tables:
        assert table.title in texts
        for note in table.notes:
            assert note in texts


@pytest.mark.parametrize("name", CASES)
def test_the_tables_read_back_are_the_assessments(name: str) -> None:
    a = case(name).assessment
    report = assessment_of(name)
    d = document_of(report)
    keys = [t.key for t in report.tables]
    people = table_rows(d.tables[keys.index("people")])
    labels = people[0]
    col = {c.key: labels.index(c.label) for c in report.tables[keys.index("people")].columns}
    assert [r[col["id"]] for r in people[1:]] == [p.id for p in a.people]
    for row, p in zip(people[1:], a.people, strict=True):
        assert row[col["name"]] == p.name
        assert row[col["points"]] == points_text(p.points)
        assert row[col["rank"]] == str(p.rank)
        assert row[col["adopted"]] == str(p.adopted_pieces)
        assert row[col["award"]] == (p.award or "")
    units = table_rows(d.tables[keys.index("units")])
    ucol = {c.key: units[0].index(c.label) for c in report.tables[keys.index("units")].columns}
    for row, u in zip(units[1:], a.units, strict=True):
        assert (row[ucol["id"]], row[ucol["points"]]) == (u.id, points_text(u.points))
    totals = table_rows(d.tables[keys.index("totals")])
    got = dict(zip(totals[0], totals[1], strict=True))
    assert got["提交"] == str(a.stats.counts["submitted"])
    assert got["采用"] == str(a.stats.counts["adopted"])
    rate = a.stats.adoption_rate
    assert got["采用率"] == ("—" if rate is None else percent_text(rate))


def test_a_bulletins_tables_read_back_are_the_bulletins() -> None:
    b, report = bulletin_of("party", "2024-05")
    d = document_of(report)
    keys = [t.key for t in report.tables]
    units = table_rows(d.tables[keys.index("units")])
    assert [r[0] for r in units[1:]] == [u.id for u in b.units]
    metrics = list(b.spec.metrics)
    for row, u in zip(units[1:], b.units, strict=True):
        assert row[3 : 3 + len(metrics)] == [str(u.tally.counts[m]) for m in metrics]
