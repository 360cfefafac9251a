"""``sqmy report --format xlsx``: the workbook read back (openpyxl) holds the assessment's numbers.

Every sheet is one table of the report; each cell read back is compared with
the exact value it was written from, and the rankings, totals and funnel are
compared with the :class:`~sqmy_core.scoring.result.Assessment` itself (not
with the report built from it), so a builder that dropped or shifted a
figure fails here as surely as a writer that mangled one.
"""

from __future__ import annotations

import io
from datetime import datetime
from fractions import Fraction
from typing import Any

import pytest

openpyxl = pytest.importorskip("openpyxl")

from sqmy_core.reports.document import Report, Table  # noqa: E402
from sqmy_core.reports.writers import render_report  # noqa: E402
from sqmy_core.scoring.rounding import round_half_up  # noqa: E402
from tests.integration.reports_data import CASES, assessment_of, bulletin_of, case  # noqa: E402

HEADER_ROW = 3


def workbook(report: Report) -> Any:
    return openpyxl.load_workbook(io.BytesIO(render_report(report, "xlsx")))


def sheet_of(wb: Any, table: Table) -> Any:
    for ws in wb.worksheets:
        if ws.cell(row=2, column=1).value == table.title:
            return ws
    raise AssertionError(f"no sheet for {table.title}")


def rows_of(ws: Any, table: Table) -> list[list[Any]]:
    n = len(table.columns)
    return [
        [ws.cell(row=HEADER_ROW + 1 + i, column=j + 1).value for j in range(n)]
        for i in range(len(table.rows))
    ]


def same_number(got: Any, exact: Fraction) -> bool:
    """A number cell holds ``exact`` as a spreadsheet can: to 15 significant digits (Excel's).

    openpyxl writes a float with 16 digits, so 61/6 reads back as
    10.16666666666667; what an office reads -- two decimals -- is the exact value's.
    """
    if not isinstance(got, int | float) or isinstance(got, bool):
        return False
    close = abs(Fraction(got) - exact) <= abs(exact) * Fraction(1, 10**14)
    return close and round_half_up(Fraction(got), 2) == round_half_up(exact, 2)


def by_id(ws: Any, table: Table) -> dict[str, dict[str, Any]]:
    keys = [c.key for c in table.columns]
    return {row[keys.index("id")]: dict(zip(keys, row, strict=True)) for row in rows_of(ws, table)}


@pytest.mark.parametrize("name", CASES)
def test_every_cell_reads_back_as_the_exact_value_it_was_written_from(name: str) -> None:
    report = assessment_of(name)
    wb = workbook(report)
    assert len(wb.worksheets) == len(report.tables) + 1  # a summary sheet, then one per table
    for table in report.tables:
        ws = sheet_of(wb, table)
        assert ws.cell(row=1, column=1).value == report.title
        header = [ws.cell(row=HEADER_ROW, column=j + 1).value for j in range(len(table.columns))]
        assert header == [c.label for c in table.columns]
        for got, want in zip(rows_of(ws, table), table.rows, strict=True):
            for g, w, col in zip(got, want, table.columns, strict=True):
                if isinstance(w, Fraction):
                    assert same_number(g, w), (table.key, col.key, g, w)
                elif isinstance(w, datetime):
                    assert g == w.replace(tzinfo=None)
                elif w == "":
                    assert g in ("", None)
                else:
                    assert g == w, (table.key, col.key)
        notes = [ws.cell(row=HEADER_ROW + len(table.rows) + 2 + k, column=1).value
                 for k in range(len(table.notes))]  # fmt: skip
        assert notes == list(table.notes)


@pytest.mark.parametrize("name", CASES)
def test_the_rankings_totals_and_funnel_are_the_assessments(name: str) -> None:
    c = case(name)
    a = c.assessment
    report = assessment_of(name)
    wb = workbook(report)
    tables = {t.key: t for t in report.tables}
    people = by_id(sheet_of(wb, tables["people"]), tables["people"])
    assert list(people) == [p.id for p in a.people]
    for p in a.people:
        row = people[p.id]
        assert (row["name"], row["rank"], row["adopted"]) == (p.name, p.rank, p.adopted_pieces)
        assert same_number(row["points"], p.points)
        for section, value in (p.sections or {}).items():
            assert same_number(row[f"section:{section}"], value)
        assert (row["award"] or None) == p.award
    units = by_id(sheet_of(wb, tables["units"]), tables["units"])
    assert list(units) == [u.id for u in a.units]
    for u in a.units:
        assert same_number(units[u.id]["points"], u.points) and units[u.id]["rank"] == u.rank
    totals = tables["totals"]
    (row,) = rows_of(sheet_of(wb, totals), totals)
    got = dict(zip((col.key for col in totals.columns), row, strict=True))
    for metric in ("submitted", "approved", "dispatched", "adopted", "instructed", "handled"):
        assert got[metric] == a.stats.counts[metric]
    rate = a.stats.adoption_rate
    assert got["adoption_rate"] is None if rate is None else same_number(got["adoption_rate"], rate)
    funnel = tables["funnel"]
    counts = [r[1] for r in rows_of(sheet_of(wb, funnel), funnel)]
    stats = a.stats.counts
    assert counts == [17, stats["submitted"], stats["approved"], stats["dispatched"],
                      stats["adopted"], stats["handled"]]  # fmt: skip


def test_number_formats_frozen_panes_and_print_setup() -> None:
    report = assessment_of("district")
    wb = workbook(report)
    tables = {t.key: t for t in report.tables}
    ws = sheet_of(wb, tables["people"])
    keys = [c.key for c in tables["people"].columns]
    first = HEADER_ROW + 1
    assert ws.cell(row=first, column=keys.index("points") + 1).number_format == "0.00"
    assert ws.cell(row=first, column=keys.index("rank") + 1).number_format == "0"
    assert ws.cell(row=HEADER_ROW, column=1).font.bold
    # the header row and every column up to the id stay in view
    id_col = keys.index("id") + 1
    assert ws.freeze_panes == f"{openpyxl.utils.get_column_letter(id_col + 1)}{first}"
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    totals = tables["totals"]
    ws = sheet_of(wb, totals)
    col = [c.key for c in totals.columns].index("adoption_rate") + 1
    assert ws.cell(row=first, column=col).number_format.startswith("0.00%")


def test_a_bulletin_workbook_holds_its_counts_and_rates() -> None:
    b, report = bulletin_of("district", "2024Q2")
    wb = workbook(report)
    table = next(t for t in report.tables if t.key == "people")
    rows = by_id(sheet_of(wb, table), table)
    assert list(rows) == [r.id for r in b.people]
    for r in b.people:
        for metric, n in r.tally.counts.items():
            assert rows[r.id][metric] == n
        for rate, v in r.tally.rates.items():
            assert rows[r.id][rate] is None if v is None else same_number(rows[r.id][rate], v)


def test_sheet_names_are_what_excel_accepts() -> None:
    from sqmy_core.reports.writers.xlsx import sheet_title

    taken: set[str] = set()
    names = [sheet_title(t, taken) for t in ("工作链条（线索 → 采集）/上报:采用*", "a" * 40, "a" * 40)]
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)
    assert len({n.lower() for n in names}) == 3
