"""Reading an office's workbook: every cell checked, every bad one named (``名册!C7``).

openpyxl reads the file in read-only mode (rows stream from the sheet's
XML; a formula gives its last computed value).  Memory stays bounded
whatever the file claims: the file's size and the zip members' unpacked
sizes are checked before anything is parsed, at most
:data:`MAX_COLUMNS` columns are read per row and :data:`MAX_ROWS` rows per
sheet.  A workbook that is not one (another zip, a text file) is refused in
one line.  A row whose cells are all empty is skipped.

A cell is converted by its column's kind (:mod:`sqmy_core.intake.layout`):
an id may be a text or a whole number (Excel turns ``001`` into 1: write
ids as text); a time is an Excel date, ``YYYY-MM-DD``, ``YYYY-MM-DD HH:MM``
or ISO 8601 with an offset, read in the ruleset's timezone -- a date alone
is midnight for a term's start or end and noon for a ledger's record (so
an adoption recorded on the day of its dispatch follows it); a vocabulary
word is its id or its Chinese name.  All problems are collected -- up to
the contract's :data:`~sqmy_core.interchange.MAX_PROBLEMS` -- and raised
together as one :class:`~sqmy_core.errors.DatasetError`: nothing is
stored from a workbook with a bad cell.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, tzinfo
from typing import Any, Final

from attrs import frozen

from sqmy_core.errors import DatasetError, Problem
from sqmy_core.intake.layout import (
    FIRST_DATA_ROW,
    HEADER_ROW,
    KEY_ROW,
    SHEETS,
    Column,
    Sheet,
    vocabularies,
)
from sqmy_core.intake.openpyxl_needed import openpyxl_module
from sqmy_core.interchange.dataset_spec import MAX_PROBLEMS
from sqmy_core.interchange.times import in_range, parse_time
from sqmy_core.rules import Ruleset
from sqmy_core.scoring.clock import parse_offset

MAX_FILE_BYTES: Final = 64 << 20
"""The largest workbook file read (a year of an office is well under a megabyte)."""
MAX_UNPACKED_BYTES: Final = 512 << 20
"""The most its zip members may unpack to (a zip bomb is refused before it is opened)."""
MAX_ROWS: Final = 200_000
"""The most rows a sheet may hold (past it the sheet is refused, not read on)."""
MAX_COLUMNS: Final = 64
"""The columns read from each row (the layouts have fewer than ten)."""
MAX_TEXT: Final = 100_000
"""The longest cell text kept (longer ones are refused by the contract's limits anyway)."""

_SEPARATORS: Final = re.compile(r"[、,，;；\s]+")
_DAY: Final = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_LOCAL: Final = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?")
_NOON: Final = time(12, 0)
_MIDNIGHT: Final = time(0, 0)


@frozen
class Row:
    """One record's row: its sheet, its row number, its values by key and each value's cell."""

    sheet: Sheet
    number: int
    values: Mapping[str, Any]
    cells: Mapping[str, str]

    def cell(self, key: str) -> str:
        """The cell of field ``key`` (``采用!C5``), else the row's first cell."""
        return self.cells.get(key) or f"{self.sheet.name}!A{self.number}"


@frozen
class Workbook:
    """The rows of every known sheet the workbook holds, in sheet order, and the problems of the
    cells left out (a row with a bad cell is not among the rows)."""

    rows: Mapping[str, tuple[Row, ...]]
    problems: tuple[Problem, ...] = ()
    more: int = 0
    """Problems past :data:`MAX_PROBLEMS`, counted only."""

    def of(self, sheet: Sheet) -> tuple[Row, ...]:
        return self.rows.get(sheet.name, ())


def cell_name(sheet: str, row: int, column: int) -> str:
    """``名册!C7``: the sheet, the column's letter, the row."""
    from openpyxl.utils import get_column_letter

    return f"{sheet}!{get_column_letter(column)}{row}"


class _Problems:
    """The problems found so far; past :data:`MAX_PROBLEMS` the rest are counted only."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.found: list[Problem] = []
        self.more = 0

    def add(self, path: str, code: str, **params: Any) -> None:
        if len(self.found) < MAX_PROBLEMS:
            self.found.append(Problem(path, code, params))
        else:
            self.more += 1

    def raise_any(self) -> None:
        if self.found:
            raise DatasetError(with_more(self.found, self.more), self.source)


def with_more(problems: Iterable[Problem], more: int) -> list[Problem]:
    """The problems, and a last line counting those not listed."""
    extra = [Problem("", "intake.more_problems", {"count": more})] if more else []
    return [*problems, *extra]


def read_workbook(data: bytes, ruleset: Ruleset, source: str) -> Workbook:
    """The workbook's known sheets as checked rows, and the problems of every bad cell.

    A file that is no workbook, or holds no known sheet, is refused here; a
    bad cell is the caller's to refuse (:func:`Workbook.refuse`), after it has
    checked the good rows too.
    """
    openpyxl = openpyxl_module()
    _check_container(data, source)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises whatever its parsers raise for a broken file
        raise DatasetError(
            [Problem("", "intake.unreadable", {"reason": type(exc).__name__})], source
        ) from None
    problems = _Problems(source)
    zone = parse_offset(ruleset.year.timezone)
    words = _word_ids(ruleset)
    rows: dict[str, tuple[Row, ...]] = {}
    try:
        for name in wb.sheetnames:
            spec = SHEETS.get(name)
            if spec is None:
                continue
            rows[name] = tuple(_sheet_rows(wb[name], spec, zone, words, problems))
    except Exception as exc:  # a sheet's XML broken past the part openpyxl read first
        if isinstance(exc, DatasetError):
            raise
        raise DatasetError(
            [Problem("", "intake.unreadable", {"reason": type(exc).__name__})], source
        ) from None
    finally:
        wb.close()
    if not rows:
        problems.add("", "intake.no_sheet", sheets="、".join(SHEETS))
        problems.raise_any()
    return Workbook(rows, tuple(problems.found), problems.more)


def _check_container(data: bytes, source: str) -> None:
    """A zip of bounded size whose members unpack to a bounded size, else refused."""
    if len(data) > MAX_FILE_BYTES:
        raise DatasetError(
            [Problem("", "intake.too_large", {"found": len(data), "limit": MAX_FILE_BYTES})],
            source,
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            unpacked = sum(max(i.file_size, 0) for i in z.infolist())
            names = set(z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise DatasetError([Problem("", "intake.not_xlsx", {})], source) from None
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise DatasetError([Problem("", "intake.not_xlsx", {})], source)
    if unpacked > MAX_UNPACKED_BYTES:
        raise DatasetError(
            [Problem("", "intake.too_large", {"found": unpacked, "limit": MAX_UNPACKED_BYTES})],
            source,
        )


def _word_ids(ruleset: Ruleset) -> dict[str, dict[str, str]]:
    """Each vocabulary's accepted texts (id or Chinese name) -> id."""
    out: dict[str, dict[str, str]] = {}
    for vocab, pairs in vocabularies(ruleset).items():
        table: dict[str, str] = {}
        for ident, name in pairs:
            table.setdefault(name, ident)
        for ident, _ in pairs:
            table[ident] = ident
        out[vocab] = table
    return out


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _sheet_rows(
    ws: Any,
    spec: Sheet,
    zone: tzinfo,
    words: Mapping[str, Mapping[str, str]],
    problems: _Problems,
) -> Iterable[Row]:
    """The sheet's data rows, each cell converted; problems collected, bad rows left out."""
    it = ws.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True)
    header = next(it, None) or ()
    second = next(it, None) or ()
    columns, first = _columns(spec, header, second)
    missing = [c for c in spec.columns if c.required and c.key not in columns]
    for c in missing:
        problems.add(f"{spec.name}!{HEADER_ROW}", "intake.missing_column", header=c.header, key=c.key)
    if missing:
        return
    if first == KEY_ROW:  # no key row: the second row is data
        it = _chain(second, it)
    for number, values in enumerate(it, first):
        if number - first >= MAX_ROWS:
            problems.add(f"{spec.name}!{number}", "intake.too_many_rows", limit=MAX_ROWS)
            return
        if all(_blank(v) for v in values):
            continue
        row = _row(spec, number, values, columns, zone, words, problems)
        if row is not None:
            yield row


def _chain(first: tuple[Any, ...], rest: Iterable[tuple[Any, ...]]) -> Iterable[tuple[Any, ...]]:
    yield first
    yield from rest


def _columns(
    spec: Sheet, header: tuple[Any, ...], second: tuple[Any, ...]
) -> tuple[dict[str, int], int]:
    """Where each column is (key -> 1-based index) and the first data row.

    By the hidden key row when it is there, else by the Chinese headers (an
    asterisk marks a required one).
    """
    keys = {c.key for c in spec.columns}
    by_key = {str(v).strip(): i for i, v in enumerate(second, 1) if isinstance(v, str)}
    if keys & set(by_key):
        return {k: i for k, i in by_key.items() if k in keys}, FIRST_DATA_ROW
    headers = {c.header: c.key for c in spec.columns}
    found: dict[str, int] = {}
    for i, v in enumerate(header, 1):
        text = str(v).strip().rstrip("*＊").strip() if v is not None else ""
        if text in headers:
            found.setdefault(headers[text], i)
    return found, KEY_ROW


def _row(
    spec: Sheet,
    number: int,
    values: tuple[Any, ...],
    columns: Mapping[str, int],
    zone: tzinfo,
    words: Mapping[str, Mapping[str, str]],
    problems: _Problems,
) -> Row | None:
    out: dict[str, Any] = {}
    cells: dict[str, str] = {}
    ok = True
    for column in spec.columns:
        index = columns.get(column.key)
        if index is None:
            continue
        where = cell_name(spec.name, number, index)
        cells[column.key] = where
        raw = values[index - 1] if index - 1 < len(values) else None
        if _blank(raw):
            if column.required:
                problems.add(where, "intake.required", header=column.header)
                ok = False
            continue
        converted = _convert(column, raw, spec.record, zone, words)
        if isinstance(converted, Problem):
            problems.add(where, converted.code, **converted.params)
            ok = False
        else:
            out[column.key] = converted
    return Row(spec, number, out, cells) if ok else None


def _shown(value: Any) -> str:
    text = value.isoformat(sep=" ") if isinstance(value, datetime) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _convert(
    column: Column,
    raw: Any,
    record: str,
    zone: tzinfo,
    words: Mapping[str, Mapping[str, str]],
) -> Any:
    """The cell's value as the record takes it, or the :class:`Problem` with it."""
    kind = column.kind
    if kind == "time":
        return _time(raw, zone, _MIDNIGHT if record in ("person", "unit") else _NOON)
    text = _text(raw)
    if text is None:
        return Problem("", "intake.expected_text", {"header": column.header, "found": _shown(raw)})
    if len(text) > MAX_TEXT:
        return Problem("", "intake.too_long", {"limit": MAX_TEXT, "found": len(text)})
    if kind in ("id", "text"):
        return text
    parts = [p for p in _SEPARATORS.split(text) if p] if kind in ("ids", "words") else [text]
    if kind == "ids":
        return parts
    assert column.vocab is not None
    table = words[column.vocab]
    ids: list[str] = []
    for part in parts:
        ident = table.get(part)
        if ident is None:
            names = [n for n, i in table.items() if n != i]
            allowed = "、".join(names[:30]) + ("……" if len(names) > 30 else "")
            return Problem(
                "", "intake.unknown_word", {"header": column.header, "allowed": allowed,
                                            "found": _shown(part)}
            )
        ids.append(ident)
    return ids if kind == "words" else ids[0]


def _text(raw: Any) -> str | None:
    """A text cell's text; a whole number as its digits; anything else (a date, a fraction,
    true/false) is not text."""
    if isinstance(raw, str):
        return raw.strip()
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return str(raw)
    if isinstance(raw, float) and raw.is_integer() and abs(raw) < 1e15:
        return str(int(raw))
    return None


def _time(raw: Any, zone: tzinfo, day_time: time) -> datetime | Problem:
    """A date or time cell in the ruleset's timezone (a date alone at ``day_time``)."""
    moment: datetime | None = None
    if isinstance(raw, datetime):
        if raw.tzinfo is not None:
            moment = raw
        elif raw.time() == _MIDNIGHT:
            moment = datetime.combine(raw.date(), day_time, zone)
        else:
            moment = raw.replace(tzinfo=zone)
    elif isinstance(raw, date):
        moment = datetime.combine(raw, day_time, zone)
    elif isinstance(raw, str):
        moment = _time_text(raw.strip(), zone, day_time)
    if moment is None or not in_range(moment):
        return Problem("", "intake.bad_time", {"found": _shown(raw)})
    return moment


def _time_text(text: str, zone: tzinfo, day_time: time) -> datetime | None:
    try:
        m = _DAY.fullmatch(text)
        if m:
            return datetime.combine(date(*map(int, m.groups())), day_time, zone)
        m = _LOCAL.fullmatch(text)
        if m:
            y, mo, d, h, mi, s = (int(g) if g else 0 for g in m.groups())
            return datetime(y, mo, d, h, mi, s, tzinfo=zone)
    except ValueError:  # 2024-13-01, 2024-02-30 25:00
        return None
    return parse_time(text)


__all__ = [
    "MAX_COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "MAX_UNPACKED_BYTES",
    "Row",
    "Workbook",
    "cell_name",
    "read_workbook",
    "with_more",
]
