"""The text formats of a report: terminal tables, Markdown that pastes into Word, JSON with stable keys.

Markdown is checked for the shape a converter (an editor's preview, pandoc,
WPS) needs to make a table of it: every row of a table has as many cells as
its header, a delimiter row follows the header, nothing in a cell breaks the
row, and each table's notes follow it.  JSON is checked key for key against
the report it was written from, in both languages.
"""

from __future__ import annotations

import json
import re
from fractions import Fraction

import pytest

from sqmy_core.reports.document import Column, Report, Table
from sqmy_core.reports.writers import render_report
from sqmy_core.reports.writers.cells import cell_text
from sqmy_core.reports.writers.markdown import table_lines
from sqmy_core.scoring.rounding import round_half_up
from tests.integration.reports_data import CASES, DATED, assessment_of, bulletin_of, case

_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def cells(line: str) -> list[str]:
    assert line.startswith("| ") or line.startswith("|-") or line.startswith("|:")
    assert line.endswith("|")
    return [c.strip() for c in _CELL_SPLIT.split(line)[1:-1]]


@pytest.mark.parametrize("name", CASES)
def test_markdown_tables_have_the_shape_word_needs(name: str) -> None:
    report = assessment_of(name)
    lines = render_report(report, "markdown").decode("utf-8").splitlines()
    assert lines[0] == report.document_number and lines[2] == f"# {report.title}"
    for table in report.tables:
        at = lines.index(f"## {table.title}")
        assert lines[at + 1] == ""
        header, delimiter = lines[at + 2], lines[at + 3]
        assert cells(header) == [c.label for c in table.columns]
        assert len(cells(delimiter)) == len(table.columns)
        body = lines[at + 4 : at + 4 + len(table.rows)]
        for line, row in zip(body, table.rows, strict=True):
            got = cells(line)
            assert len(got) == len(table.columns)
            assert got == [cell_text(v, c) or "" for v, c in zip(row, table.columns, strict=True)]
        after = lines[at + 4 + len(table.rows) :]
        if table.notes:
            assert after[0] == "" and [ln[2:].rstrip() for ln in after[1 : 1 + len(table.notes)]] == list(table.notes)


def test_a_cell_with_a_pipe_or_a_line_break_stays_one_cell() -> None:
    t = Table("t", "T", (Column("id", "编号", "id"), Column("title", "标题")),
              (("a|1", "第一行\n第二行"),))  # fmt: skip
    _, delimiter, row = table_lines(t)
    assert delimiter == "|---|---|"
    assert cells(row) == ["a\\|1", "第一行 第二行"]


def test_numbers_are_right_aligned_and_ids_lead_the_rows() -> None:
    report = assessment_of("district")
    table = next(t for t in report.tables if t.key == "people")
    delimiter = table_lines(table)[1]
    kinds = [c.kind for c in table.columns]
    assert cells(delimiter) == ["---:" if k in ("count", "points", "percent") else "---" for k in kinds]
    assert "id" in kinds and all(isinstance(r[kinds.index("id")], str) for r in table.rows)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_json_has_stable_keys_and_the_reports_numbers(lang: str) -> None:
    report = assessment_of("district", lang)
    doc = json.loads(render_report(report, "json"))
    assert doc["format"] == "sqmy-report/1" and doc["kind"] == "assessment"
    assert doc["lang"] == lang and doc["dated"] == DATED.isoformat()
    assert [t["key"] for t in doc["tables"]] == [t.key for t in report.tables]
    for got, table in zip(doc["tables"], report.tables, strict=True):
        assert [c["key"] for c in got["columns"]] == [c.key for c in table.columns]
        for row, exact in zip(got["rows"], table.rows, strict=True):
            for col, value in zip(table.columns, exact, strict=True):
                shown = row[col.key]
                if isinstance(value, Fraction):
                    places = 4 if col.kind == "percent" else 2
                    assert shown == float(round_half_up(value, places))
                elif value is not None and not isinstance(value, str | int):
                    assert shown == value.isoformat()
                else:
                    assert shown == value
    assert [c["key"] for c in doc["charts"]] == [c.key for c in report.charts]
    zh = json.loads(render_report(assessment_of("district", "zh"), "json"))
    assert [t["key"] for t in zh["tables"]] == [t["key"] for t in doc["tables"]]


def test_the_terminal_view_shows_every_table_its_notes_and_the_signoff() -> None:
    report = assessment_of("party")
    text = render_report(report, "table").decode("utf-8")
    for table in report.tables:
        assert table.title in text
        for note in table.notes:
            assert note[:30] in text
    assert text.rstrip().endswith("2025年1月10日") and "XX区政协办公室" in text
    people = next(t for t in report.tables if t.key == "people")
    keys = [c.key for c in people.columns]
    i, n, p = keys.index("id"), keys.index("name"), keys.index("points")
    for row in people.rows[:5]:
        ident, name = str(row[i]), str(row[n])
        points = cell_text(row[p], people.columns[p])
        assert re.search(rf"│ {re.escape(ident)} +│ {re.escape(name)} +│ +{re.escape(points)} │", text)


def test_a_bulletin_report_in_english_translates_its_own_words() -> None:
    _, report = bulletin_of("committee", "2024-04", "en")
    text = render_report(report, "markdown").decode("utf-8")
    assert report.title.startswith("Bulletin monthly_showcase") and "## People" in text
    assert "| ID | Name | Submitted | Adopted |" in text
    assert not re.search(r"[\u4e00-\u9fff]", _without_names(report, text))


def _without_names(report: Report, text: str) -> str:
    """The text less what comes from the data (names, titles): those stay as recorded."""
    for table in report.tables:
        for row in table.rows:
            for v in row:
                if isinstance(v, str):
                    text = text.replace(v, "")
    for chart in report.charts:
        for label in chart.labels:
            text = text.replace(label, "")
    rs = case("committee").book.ruleset
    for words in (rs.title, *(b.clause for b in rs.bulletins), report.document_number or ""):
        text = text.replace(words, "")
    return text


def test_html_is_one_table_per_table_with_every_cell_escaped() -> None:
    from html.parser import HTMLParser

    report = assessment_of("district")
    page = render_report(report, "html").decode("utf-8")

    class Cells(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.tables: list[list[list[str]]] = []
            self.cell: list[str] | None = None

        def handle_starttag(self, tag: str, attrs: object) -> None:
            if tag == "table":
                self.tables.append([])
            elif tag == "tr":
                self.tables[-1].append([])
            elif tag in ("td", "th"):
                self.cell = []

        def handle_endtag(self, tag: str) -> None:
            if tag in ("td", "th") and self.cell is not None:
                self.tables[-1][-1].append("".join(self.cell))
                self.cell = None

        def handle_data(self, data: str) -> None:
            if self.cell is not None:
                self.cell.append(data)

    parsed = Cells()
    parsed.feed(page)
    assert len(parsed.tables) == len(report.tables)
    for got, table in zip(parsed.tables, report.tables, strict=True):
        assert got[0] == [c.label for c in table.columns]
        assert got[1:] == [[cell_text(v, c) for v, c in zip(r, table.columns, strict=True)]
                           for r in table.rows]  # fmt: skip
    t = Table("t", "T<1>", (Column("title", "标题"),), (("<b>&</b>",),))
    from sqmy_core.reports.writers.html import table_html

    assert "<tr><td>&lt;b&gt;&amp;&lt;/b&gt;</td></tr>" in table_html(t)
