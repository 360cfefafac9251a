"""The rows an import stores, built as columns from the fast reader's checked tables (polars).

The record-by-record import (:func:`~sqmy_core.workspace.transfer.import_dataset`)
turns each piece into a stream with
:func:`~sqmy_core.workflow.from_dataset_records` and each record into its
registry document; at national size that is millions of Python objects and
``json.dumps`` calls.  This builds the same rows with column operations: the
same streams (a ``submitted`` event, then the piece's events in time order,
ties in file order), the same times (ISO text in the offset given, and the
fixed-width UTC key), the same JSON values for the registry records and the
events' data.  The tests check both imports store the same thing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

from sqmy_core.storage import EventRow, RegistryRow

if TYPE_CHECKING:
    import polars as pl

    from sqmy_core.interchange.fast_reader import Tables

_EVENT_DATA: Final = (
    "stage", "decision", "route", "to", "body", "level", "rank", "outcome", "department",
)  # fmt: skip
"""Event keys stored in an event's data, in the order the record-by-record import writes them
(each type's keys are a subset, in this order; keys foreign to a type are null there)."""


def iso(c: pl.Expr) -> pl.Expr:
    """A checked time as ``datetime.isoformat`` writes it (``Z`` as ``+00:00``, 24:00 as the
    next day's 00:00)."""
    import polars as pl

    offset = pl.when(c.str.ends_with("Z")).then(pl.lit("+00:00")).otherwise(c.str.slice(19))
    next_day = (c.str.slice(0, 10).str.to_date("%Y-%m-%d") + pl.duration(days=1)).dt.strftime(
        "%Y-%m-%d"
    )
    return (
        pl.when(c.str.slice(11, 8) == "24:00:00")
        .then(next_day + "T00:00:00")
        .otherwise(c.str.slice(0, 19))
        + offset
    )


def utc_text(us: pl.Expr) -> pl.Expr:
    """Microseconds UTC as the store's fixed-width key (``utc_key``: no offset, 6 decimals)."""
    import polars as pl

    return pl.from_epoch(us, time_unit="us").dt.strftime("%Y-%m-%dT%H:%M:%S%.6f")


_NEEDS_ESCAPE: Final = r'[\\"\x00-\x1f\x7f\x{2028}\x{2029}]'
"""Characters a JSON string may have to escape (a column with none is quoted as it is)."""


def _plain(frame: pl.DataFrame, name: str) -> bool:
    """Whether no string of a string (or string list) column needs a JSON escape."""
    import polars as pl

    c = frame.get_column(name)
    if c.dtype == pl.List(pl.Utf8):
        c = c.explode()
    return not c.str.contains(_NEEDS_ESCAPE).any()


def _json_value(frame: pl.DataFrame, name: str, c: pl.Expr) -> pl.Expr:
    """The JSON text of a string or string-list column ``name`` of ``frame`` (as ``c``).

    Strings without anything to escape (ids, vocabulary words, most text) are
    just quoted -- a column operation; a column with one is encoded by polars.
    """
    import polars as pl

    if _plain(frame, name):
        if frame.schema[name] == pl.List(pl.Utf8):
            joined = c.list.join('","')
            return pl.when(c.list.len() == 0).then(pl.lit("[]")).otherwise('["' + joined + '"]')
        return '"' + c + '"'
    wrapped = pl.struct(c.alias("v")).struct.json_encode()
    return wrapped.str.strip_prefix('{"v":').str.strip_suffix("}")


def json_object(
    frame: pl.DataFrame, parts: Sequence[tuple[str, str, bool]], *, inner: bool = False
) -> pl.Expr:
    """A JSON object per row: ``(key, column, always)``; a null is left out unless ``always``.

    ``inner``: without the braces (to be joined with more members).
    """
    import json

    import polars as pl

    items = []
    for key, name, always in parts:
        c = pl.col(name)
        item = pl.lit(json.dumps(key) + ":") + pl.when(c.is_not_null()).then(
            _json_value(frame, name, c)
        ).otherwise(pl.lit("null"))
        items.append(item if always else pl.when(c.is_not_null()).then(item))
    members = pl.concat_str(items, separator=",", ignore_nulls=True)
    return members if inner else pl.lit("{") + members + pl.lit("}")


def _rows(frame: pl.DataFrame) -> list[tuple[Any, ...]]:
    return list(zip(*(frame.get_column(c).to_list() for c in frame.columns), strict=True))


def registry_rows(t: Tables) -> list[RegistryRow]:
    """Units, people and calls as the registry documents ``records.*_doc`` write."""
    import polars as pl

    col = pl.col
    none: list[str] = []
    units = t.units
    people = t.people.with_columns(
        col("units").fill_null(pl.lit(none, dtype=pl.List(pl.Utf8))),
        iso(col("since")).alias("since"),
        *((iso(col("until")).alias("until"),) if "until" in t.people.columns else ()),
    )
    calls = t.calls.with_columns(
        col("assignees").fill_null(pl.lit(none, dtype=pl.List(pl.Utf8))),
        iso(col("due")).alias("due"),
    )
    until = (("until", "until", False),) if "until" in people.columns else ()
    frames = [
        units.select(pl.lit("unit").alias("kind"), col("id"), json_object(units, [
            ("id", "id", True), ("name", "name", True), ("kind", "kind", True),
            ("parent", "parent", True),
        ]).alias("record")),
        people.select(pl.lit("person").alias("kind"), col("id"), json_object(people, [
            ("id", "id", True), ("name", "name", True), ("roles", "roles", True),
            ("units", "units", True), ("since", "since", False), *until,
        ]).alias("record")),
        calls.select(pl.lit("call").alias("kind"), col("id"), json_object(calls, [
            ("id", "id", True), ("title", "title", True), ("kind", "kind", True),
            ("assignees", "assignees", True), ("due", "due", False),
        ]).alias("record")),
    ]  # fmt: skip
    out: list[RegistryRow] = []
    for frame in frames:
        out.extend(_rows(frame))
    return out


def event_rows(t: Tables) -> list[EventRow]:
    """Every stream's rows: ``submitted`` (version 1), then the piece's events by time."""
    import polars as pl

    col = pl.col
    pieces = t.pieces
    body = [("text", "body", False)] if "body" in pieces.columns else []
    submitted = pieces.select(
        col("id").alias("stream"),
        col("seq").alias("pseq"),
        pl.lit(0).alias("k"),
        pl.lit(-1, dtype=pl.Int64).alias("eseq"),
        pl.lit("submitted").alias("type"),
        iso(col("submitted_at")).alias("at"),
        col("submitted_us").alias("at_us"),
        pl.lit(None, dtype=pl.Utf8).alias("actor"),
        json_object(pieces, [
            ("title", "title", True), ("authors", "authors", True), ("unit", "unit", False),
            ("call", "call", False), ("topic", "topic", False), *body,
        ]).alias("data"),
    )  # fmt: skip
    events = t.events.join(
        pieces.select(col("id").alias("piece"), col("seq").alias("pseq")),
        on="piece",
        how="left",
        maintain_order="left",
    ).select(
        col("piece").alias("stream"),
        col("pseq"),
        pl.lit(1).alias("k"),
        col("seq").alias("eseq"),
        col("type"),
        iso(col("at")).alias("at"),
        col("at_us"),
        col("actor"),
        _event_data(t.events).alias("data"),
    )
    # sorted by piece: a stream's version is the row's distance from its first row, plus one
    row = pl.int_range(pl.len(), dtype=pl.Int64)
    first = pl.when(col("pseq") != col("pseq").shift(1, fill_value=-1)).then(row).forward_fill()
    rows = (
        pl.concat([submitted, events])
        .sort(["pseq", "k", "at_us", "eseq"])
        .select(
            col("stream"),
            (row - first + 1).alias("version"),
            col("type"),
            col("at"),
            utc_text(col("at_us")).alias("at_utc"),
            col("actor"),
            col("data"),
        )
    )
    return _rows(rows)


def _event_data(events: pl.DataFrame) -> pl.Expr:
    """An event's data: its type's keys, ``"routes": []`` for an approval, then the note."""
    import polars as pl

    col = pl.col
    fields = json_object(events, [(key, key, False) for key in _EVENT_DATA], inner=True)
    note = json_object(events, [("note", "note", False)], inner=True)
    routes = pl.when(col("type") == "approved").then(pl.lit('"routes":[]'))
    parts = [pl.when(x != "").then(x) for x in (fields, routes, note)]
    return "{" + pl.concat_str(parts, separator=",", ignore_nulls=True).fill_null("") + "}"
