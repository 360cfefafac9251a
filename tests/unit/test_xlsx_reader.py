"""The workbook reader on malformed input: a refusal naming the problem, never anything else.

Wrong types in every column, merged cells, empty sheets, a sheet claiming a
million rows and sixteen thousand columns, a zip that is not a workbook, a
zip bomb, random and truncated bytes: each gives a
:class:`~sqmy_core.errors.DatasetError` (or good rows), with bounded work.
Random cell values (hypothesis) never make it raise anything else.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sqmy_core.errors import DatasetError
from sqmy_core.rules import load_ruleset

openpyxl = pytest.importorskip("openpyxl")

from sqmy_core.intake.layout import PEOPLE  # noqa: E402
from sqmy_core.intake.reader import MAX_COLUMNS, read_workbook  # noqa: E402
from sqmy_core.intake.template import template_bytes  # noqa: E402

RULES = load_ruleset(Path(__file__).resolve().parents[2] / "rulesets" / "district.toml")


def workbook(rows: dict[str, list[list[Any]]], *, keys: bool = True) -> Any:
    """A workbook from the roster template with ``rows`` from row 3 on."""
    wb = openpyxl.load_workbook(io.BytesIO(template_bytes("ledger" if "采用" in rows else "roster", RULES)))
    for sheet, values in rows.items():
        ws = wb[sheet]
        if not keys:
            ws.delete_rows(2)
        for r, row in enumerate(values, 3 if keys else 2):
            for c, value in enumerate(row, 1):
                ws.cell(r, c, value)
    return wb


def data_of(wb: Any) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def read(data: bytes) -> Any:
    return read_workbook(data, RULES, "x.xlsx")


def paths(book: Any) -> list[str]:
    return [p.path for p in book.problems]


def test_good_rows_are_converted() -> None:
    wb = workbook({"名册": [["p1", "张三", "委员、常委", "u1, u2", date(2024, 1, 1), "2024-07-01 08:30"],
                           [1, "李四", "member", None, datetime(2024, 2, 1, 9, 0), None]]})
    book = read(data_of(wb))
    assert book.problems == ()
    first, second = book.of(PEOPLE)
    assert first.values["roles"] == ["member", "standing_member"]
    assert first.values["units"] == ["u1", "u2"]
    assert first.values["since"].isoformat() == "2024-01-01T00:00:00+08:00"
    assert first.values["until"].isoformat() == "2024-07-01T08:30:00+08:00"
    assert second.values["id"] == "1"  # a number Excel made of an id: its digits
    assert second.values["since"].isoformat() == "2024-02-01T09:00:00+08:00"


def test_ledger_dates_alone_are_noon() -> None:
    book = read(data_of(workbook({"采用": [["x", "市政协", date(2024, 4, 2), None]]})))
    (row,) = book.rows["采用"]
    assert row.values["at"].timetz() == time(12, 0, tzinfo=row.values["at"].tzinfo)


def test_wrong_types_in_every_column_are_each_named() -> None:
    wb = workbook({"名册": [[2.5, True, 7, datetime(2024, 1, 1), "yesterday", 3]]})
    book = read(data_of(wb))
    assert paths(book) == ["名册!A3", "名册!B3", "名册!C3", "名册!D3", "名册!E3", "名册!F3"]
    assert book.of(PEOPLE) == ()


def test_headers_alone_locate_the_columns_when_the_key_row_is_gone() -> None:
    wb = workbook({"名册": [["p1", "张三", "委员", None, None, None], ["p2", None, "委员", None, None, None]]},
                  keys=False)
    book = read(data_of(wb))
    assert paths(book) == ["名册!B3"]
    assert [r.values["id"] for r in book.of(PEOPLE)] == ["p1"]


def test_merged_cells_read_as_their_first_cell() -> None:
    wb = workbook({"名册": [["p1", "张三", "委员", None, None, None], ["p2", "李四", None, None, None, None]]})
    wb["名册"].merge_cells("C3:C4")  # one role for two people, as offices do
    book = read(data_of(wb))
    assert paths(book) == ["名册!C4"]  # the merged-away cell is empty: named, not guessed


def test_empty_and_unknown_sheets() -> None:
    empty = openpyxl.Workbook()
    empty.active.title = "Sheet1"
    with pytest.raises(DatasetError) as err:
        read(data_of(empty))
    assert err.value.problems[0].code == "intake.no_sheet"
    wb = openpyxl.Workbook()
    wb.active.title = "名册"  # the right name, nothing in it
    book = read(data_of(wb))
    assert {p.code for p in book.problems} == {"intake.missing_column"}
    assert book.of(PEOPLE) == ()


def test_a_sheet_claiming_huge_dimensions_is_read_within_bounds() -> None:
    wb = workbook({"名册": [["p1", "张三", "委员", None, None, None]]})
    ws = wb["名册"]
    ws.cell(1_048_576, 16_384, "far away")  # the sheet's dimension: A1:XFD1048576
    ws.cell(5, MAX_COLUMNS + 10, "ignored")
    book = read(data_of(wb))
    assert [r.values["id"] for r in book.of(PEOPLE)] == ["p1"]


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not a zip at all",
        b"PK\x03\x04" + b"\x00" * 40,
        b"\xff" * 1000,
    ],
)
def test_what_is_not_a_workbook_is_refused_in_one_line(data: bytes) -> None:
    with pytest.raises(DatasetError) as err:
        read(data)
    assert [p.code for p in err.value.problems] == ["intake.not_xlsx"]


def test_another_zip_is_not_a_workbook() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(DatasetError) as err:
        read(out.getvalue())
    assert err.value.problems[0].code == "intake.not_xlsx"


def test_a_truncated_or_corrupted_workbook_is_refused() -> None:
    good = data_of(workbook({"名册": [["p1", "张三", "委员", None, None, None]]}))
    for cut in (len(good) // 2, len(good) - 30):
        with pytest.raises(DatasetError) as err:
            read(good[:cut])
        assert err.value.problems[0].code in ("intake.not_xlsx", "intake.unreadable")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                body = body[: len(body) // 2]  # XML cut mid-element
            dst.writestr(item, body)
    with pytest.raises(DatasetError) as err:
        read(out.getvalue())
    assert err.value.problems[0].code == "intake.unreadable"


def test_a_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("xl/sharedStrings.xml", "w") as f:
            chunk = b"\x00" * (1 << 20)
            for _ in range(600):  # 600 MB unpacked, well under a megabyte packed
                f.write(chunk)
    data = out.getvalue()
    assert len(data) < 2 << 20
    with pytest.raises(DatasetError) as err:
        read(data)
    assert err.value.problems[0].code == "intake.too_large"


_CELL = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.datetimes(min_value=datetime(1800, 1, 1), max_value=datetime(2300, 12, 31)),
)
_SAFE = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30
)  # openpyxl refuses control characters when writing


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.one_of(_CELL.filter(lambda v: not isinstance(v, str)), _SAFE),
                         min_size=0, max_size=8), max_size=6))
def test_random_cells_give_rows_or_named_problems(rows: list[list[Any]]) -> None:
    book = read(data_of(workbook({"名册": rows})))
    bad = set()
    for p in book.problems:
        assert p.path.startswith("名册!") and p.code.startswith("intake.")
        bad.add(int("".join(ch for ch in p.path.split("!")[1] if ch.isdigit())))
    good = {r.number for r in book.of(PEOPLE)}
    assert not good & bad
    filled = {n for n, row in enumerate(rows, 3) if any(_filled(v) for v in row)}
    assert good | bad == filled


def _filled(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def test_the_intake_sits_on_the_workspace_and_nothing_below_imports_it() -> None:
    """intake/ may import workspace/ (like tools/), never the command line; nothing below it
    imports intake/, and it imports openpyxl only inside functions (the ``reports`` extra)."""
    import ast

    src = Path(__file__).resolve().parents[2] / "src" / "sqmy_core"
    for path in (src / "intake").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:  # module level only: function-level imports are lazy
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            )
            for name in names:
                assert not name.startswith(("sqmy_core.cli", "sqmy_core.bdd", "openpyxl")), path
    for layer in ("workspace", "tools", "model", "rules", "scoring", "workflow", "storage",
                  "interchange"):
        for path in (src / layer).rglob("*.py"):
            assert "sqmy_core.intake" not in path.read_text(encoding="utf-8"), path
