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

An event's data and a registry record are written once, with their keys
sorted: that text is both what is stored (a JSON value; the order of its
keys means nothing to a reader) and what the import's audit claim hashes
(:mod:`~sqmy_core.workspace.bulk_claims`), so no row is encoded twice.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Final

from sqmy_core.storage import EventRow, RegistryRow
from sqmy_core.storage.audit import Digest
from sqmy_core.workspace.bulk_claims import add_items, item_text

if TYPE_CHECKING:
    import polars as pl

    from sqmy_core.interchange.fast_reader import Tables

__all__ = [
    "FrameRows", "canonical_object", "event_rows", "iso", "json_object", "registry_digest",
    "registry_frame", "registry_rows",
    "utc_text",
]  # fmt: skip

_EVENT_DATA: Final = (
    "stage", "decision", "route", "to", "body", "level", "rank", "outcome", "department",
)  # fmt: skip
"""Event keys stored in an event's data, in the order the record-by-record import writes them
(each type's keys are a subset, in this order; keys foreign to a type are null there)."""


def iso(c: pl.Expr) -> pl.Expr:
    """A checked time as ``datetime.isoformat`` writes it (``Z`` and ``-00:00`` as ``+00:00``,
    24:00 as the next day's 00:00)."""
    import polars as pl

    utc = c.str.ends_with("Z") | c.str.ends_with("-00:00")  # ``-00:00`` reads as ``+00:00``
    offset = pl.when(utc).then(pl.lit("+00:00")).otherwise(c.str.slice(19))
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


def json_object(parts: Sequence[tuple[str, pl.Expr]], optional: Sequence[str] = ()) -> pl.Expr:
    """A JSON object per row, its keys in order; an ``optional`` key whose value is null is left out.

    polars encodes every member (``"key":value``, a one-field object with its
    braces cut; a run of required keys as one object); an optional member is
    null where its value is, and the members are joined skipping nulls.  Each
    member is the text encoding the whole object would give it.  (Encoding
    the whole object with its nulls and cutting the null members out with a
    regular expression cost more than twice the CPU: the cut rewrites every row.)
    """
    import polars as pl

    def members(run: Sequence[tuple[str, pl.Expr]]) -> pl.Expr:
        return (
            pl.struct([v.alias(k) for k, v in run]).struct.json_encode().str.slice(1).str.head(-1)
        )

    keep = set(optional)
    joined: list[pl.Expr] = []
    run: list[tuple[str, pl.Expr]] = []
    for key, value in parts:
        if key not in keep:
            run.append((key, value))
            continue
        if run:
            joined.append(members(run))
            run = []
        joined.append(pl.when(value.is_not_null()).then(members([(key, value)])))
    if run:
        joined.append(members(run))
    body = pl.concat_str(joined, separator=",", ignore_nulls=True)
    return pl.concat_str([pl.lit("{"), body, pl.lit("}")])


def canonical_object(parts: Sequence[tuple[str, pl.Expr]], optional: Sequence[str] = ()) -> pl.Expr:
    """:func:`json_object` with its keys sorted: the text the audit hashes (``sort_keys``)."""
    return json_object(sorted(parts, key=lambda part: part[0]), optional)


def registry_frame(t: Tables) -> pl.DataFrame:
    """Units, people and calls: ``kind``, ``id`` and the ``record`` text, the values
    ``records.*_doc`` write with their keys sorted (stored, and hashed by the audit as is)."""
    import polars as pl

    col = pl.col
    none = pl.lit([], dtype=pl.List(pl.Utf8))
    until = [("until", iso(col("until")))] if "until" in t.people.columns else []
    return pl.concat([
        t.units.select(pl.lit("unit").alias("kind"), col("id"), canonical_object([
            ("id", col("id")), ("name", col("name")), ("kind", col("kind")),
            ("parent", col("parent")),
        ]).alias("record")),
        t.people.select(pl.lit("person").alias("kind"), col("id"), canonical_object([
            ("id", col("id")), ("name", col("name")), ("roles", col("roles")),
            ("units", col("units").fill_null(none)), ("since", iso(col("since"))), *until,
        ], ("since", "until")).alias("record")),
        t.calls.select(pl.lit("call").alias("kind"), col("id"), canonical_object([
            ("id", col("id")), ("title", col("title")), ("kind", col("kind")),
            ("assignees", col("assignees").fill_null(none)), ("due", iso(col("due"))),
        ], ("due",)).alias("record")),
    ])  # fmt: skip


def registry_rows(frame: pl.DataFrame) -> list[RegistryRow]:
    """The :func:`registry_frame`'s rows, as the store's ``import_rows`` takes them."""
    return frame.rows()


def registry_digest(frame: pl.DataFrame, first: int) -> Digest:
    """The digest of the registry history entries of :func:`registry_rows`, numbered from
    ``first`` in their order (as the store's ``import_rows`` numbers them)."""
    import polars as pl

    col = pl.col
    number = pl.int_range(pl.len(), dtype=pl.Int64) + first
    head = [("ident", col("id")), ("kind", col("kind")), ("number", number)]
    items = frame.select(item_text(head, ("record", col("record")), []).cast(pl.Binary))
    digest = Digest()
    add_items(digest, items.to_series().to_list())
    return digest


class FrameRows:
    """A frame's rows as tuples, made a slice at a time as they are consumed.

    ``finish`` turns a slice of the frame (for :func:`event_rows`, the rows'
    order: which unsorted row comes next, and its version) into the row
    columns, so the rows in order and their derived text -- ISO times, UTC
    keys, JSON data -- exist for two slices at a time (the one consumed, the
    next being finished) and a national import never holds millions of row
    tuples, nor a sorted copy of its events, at once.
    """

    SLICE = 100_000

    def __init__(self, frame: pl.DataFrame, finish: Callable[[pl.DataFrame], pl.DataFrame]):
        self.frame = frame
        self.finish = finish
        self.stored = Digest()
        """The audit digest of the rows consumed so far (complete once iterated through)."""

    def __len__(self) -> int:
        return self.frame.height

    def __iter__(self) -> Iterator[EventRow]:
        """The rows, a slice at a time (``chain`` hands them on in C, not a generator
        resumed per row)."""
        self.stored = Digest()
        return itertools.chain.from_iterable(self._slices())

    def _slices(self) -> Iterator[Iterator[EventRow]]:
        """The next slice is finished (by polars, without the GIL) in a worker thread while
        the consumer -- SQLite's insert, which releases the GIL too -- takes this one's rows."""
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=1) as pool:
            parts = self.frame.iter_slices(self.SLICE)
            ahead = [pool.submit(self.finish, part) for part in itertools.islice(parts, 1)]
            while ahead:
                done = ahead.pop().result()
                ahead.extend(pool.submit(self.finish, part) for part in itertools.islice(parts, 1))
                add_items(self.stored, done.get_column(_ITEM).to_list())
                # a list per column zipped: fewer objects made than ``rows()``'s tuples, as
                # ``zip`` reuses its tuple once the insert has bound it
                columns = [done.get_column(c).to_list() for c in done.columns if c != _ITEM]
                yield zip(*columns, strict=True)


_ITEM: Final = "sqmy_item"
"""The column of each row's audit item text (UTF-8), hashed as the rows are consumed."""

_ROW: Final = "sqmy_row"

_AT: Final = "sqmy_at"
"""The column of the order frame: a row's position among the unsorted rows."""


def event_rows(t: Tables, importer: str) -> FrameRows:
    """Every stream's rows: ``submitted`` (version 1), then the piece's events by time.

    A row without an actor is the ``importer``'s: its data's ``imported_by`` names them
    (as :func:`~sqmy_core.workspace.import_gate.marked` marks it).  Iterating the rows also
    sums their audit items (``FrameRows.stored``, :mod:`~sqmy_core.workspace.bulk_claims`).
    """
    import polars as pl

    col = pl.col
    pieces = t.pieces
    has_body = "body" in pieces.columns
    submitted = pieces.select(
        col("id").alias("stream"),
        col("seq").alias("pseq"),
        pl.lit(0).alias("k"),
        pl.lit(-1, dtype=pl.Int64).alias("eseq"),
        pl.lit("submitted").alias("type"),
        col("submitted_at").alias("at"),
        col("submitted_us").alias("at_us"),
        pl.lit(None, dtype=pl.Utf8).alias("actor"),
        "title", "authors", "unit", "call", "topic",
        *(("body",) if has_body else ()),
    )  # fmt: skip
    # only the piece column is joined: a join of the whole table copies every column
    pseq = (
        t.events.select("piece")
        .join(
            pieces.select(col("id").alias("piece"), col("seq").alias("pseq")),
            on="piece",
            how="left",
            maintain_order="left",
        )
        .get_column("pseq")
    )
    events = t.events.with_columns(pseq).select(
        col("piece").alias("stream"),
        col("pseq"),
        pl.lit(1).alias("k"),
        col("seq").alias("eseq"),
        "type", "at", "at_us", "actor", *_EVENT_DATA, "note",
    )  # fmt: skip
    # The rows in stream order are gathered a slice at a time from the unsorted rows (a
    # sorted copy of every column at once was the import's largest allocation); the order
    # is the sorted positions, and a stream's version is a row's distance from its stream's
    # first row in that order, plus one.
    rows = pl.concat([submitted, events], how="diagonal")
    order = rows.select(pl.arg_sort_by(["pseq", "k", "at_us", "eseq"]).alias(_AT))
    row = pl.int_range(pl.len(), dtype=pl.Int64)
    first = pl.when(col("pseq") != col("pseq").shift(1, fill_value=-1)).then(row).forward_fill()
    frame = order.with_columns(
        rows.get_column("pseq").gather(order.get_column(_AT)).alias("pseq")
    ).select(_AT, (row - first + 1).alias("version"))
    body = [("text", col("body"))] if has_body else []
    mark = ("imported_by", pl.when(col("actor").is_null()).then(pl.lit(importer)))
    piece_data = canonical_object([
        ("title", col("title")), ("authors", col("authors")), ("unit", col("unit")),
        ("call", col("call")), ("topic", col("topic")), *body, mark,
    ], ("unit", "call", "topic", "text", "imported_by"))  # fmt: skip
    # an approval's planned routes: none in a dataset
    routes = pl.when(col("type") == "approved").then(pl.lit([], dtype=pl.List(pl.Utf8)))
    keys = [*_EVENT_DATA, "routes", "note", "imported_by"]
    event_data = canonical_object([*((k, col(k)) for k in _EVENT_DATA), ("routes", routes),
                                   ("note", col("note")), mark], keys)  # fmt: skip
    # event_item's keys, sorted: actor, at, data, stream, type, version
    head = [("actor", col("actor")), ("at", col("at"))]
    tail = [("stream", col("stream")), ("type", col("type")), ("version", col("version"))]
    item = item_text(head, ("data", col("data")), tail).cast(pl.Binary).alias(_ITEM)

    def finish(taken: pl.DataFrame) -> pl.DataFrame:
        # the slice's rows, in stream order, with their versions
        part = rows.select(pl.all().gather(taken.get_column(_AT))).with_columns(
            taken.get_column("version")
        )
        # each kind of row's data made from its own rows (``when`` would make both for all)
        part = part.with_row_index(_ROW)
        is_piece = col("k") == 0
        data = (
            pl.concat([
                part.filter(is_piece).select(_ROW, piece_data.alias("data")),
                part.filter(~is_piece).select(_ROW, event_data.alias("data")),
            ])
            .sort(_ROW)
            .get_column("data")
        )  # fmt: skip
        done = part.select(
            col("stream"),
            col("version"),
            col("type"),
            iso(col("at")).alias("at"),
            utc_text(col("at_us")).alias("at_utc"),
            col("actor"),
        ).with_columns(data)
        return done.with_columns(item)

    return FrameRows(frame, finish)
