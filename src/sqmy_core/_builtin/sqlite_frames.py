"""The SQLite store read straight into :class:`DatasetFrames` (needs the ``scale`` extra).

The reference (:func:`~sqmy_core.workspace.transfer.export_dataset` then
:func:`~sqmy_core.scoring.columnar.frames.frames_from_dataset`) reads every
stream, folds it into attrs records and builds the columns from those.  Here
SQLite hands over each batch of events as one text per column (``_BATCH_SQL``:
no Python object per row), polars decodes the events' JSON ``data`` and does
the folding as column operations -- the same rules as
:func:`~sqmy_core.workflow.to_dataset_records`: streams in the order they were
started, a withdrawn stream (or one that does not start with ``submitted``)
left out, the latest non-empty resubmitted title, internal and unknown event
types dropped, each type's own keys only, times from the UTC key.

Each event's ``data`` is parsed once per batch, not once per key: a regular
expression (:func:`suspect_pattern`) looks for any key read here whose value is
not of the type the reference reads (text, or an array of text), and polars
decodes the keys into columns.  Only a batch where it finds one is decoded a
second time, by msgspec, which checks each key's type; a row whose value has
another type (``"department": 3``) fails that check, and the per-key SQL
(``json_type``/``json_extract`` per key, several times slower as each call
re-parses the row) reads the events instead, so such a value counts as null
exactly as before.

A caller that reads only some columns (``columns``: the columnar path's
:func:`~sqmy_core.scoring.columnar.stream.frame_columns`) gets only those of
``events`` and ``pieces``, and the other keys are never decoded.

Anything this does not handle (attributes, a registry time in another form)
makes it return None, and the caller takes the reference path.  Reading only
reads: nothing here writes to the database (no temporary table either).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Generator, Iterable
from contextlib import closing
from functools import cache
from types import GenericAlias
from typing import TYPE_CHECKING, Any, Final

from attrs import frozen

from sqmy_core.model.vocab import BODIES, BUILTIN_ROLES, EVENT_TYPES, RANKS, UNIT_KINDS
from sqmy_core.storage import records
from sqmy_core.workflow.records import FIELDS

if TYPE_CHECKING:
    import msgspec
    import polars as pl

    from sqmy_core.interchange.fast_reader import Columns
    from sqmy_core.scoring.columnar.frames import DatasetFrames

BATCH: Final = 50_000
"""Events read from SQLite and decoded at a time (50,000 holds the peak lower than 200,000
at no measured cost)."""

_TEXT_KEYS: Final = (
    "title", "unit", "topic", "call", "text", "stage", "decision", "route", "to", "body",
    "level", "rank", "department", "outcome", "kind",
)  # fmt: skip
_ARRAY_KEYS: Final = ("authors", "persons")


def _typed(key: str, json_type: str) -> str:
    """The value of a data key when it has that JSON type, else NULL (as ``_str`` reads it)."""
    at = f"'$.\"{key}\"'"
    return f"CASE WHEN json_type(e.data, {at}) = '{json_type}' THEN json_extract(e.data, {at}) END"


_FROM: Final = (
    " FROM events e JOIN (SELECT stream, position AS first FROM events"
    " WHERE organization = ? AND version = 1) s ON s.stream = e.stream"
    " WHERE e.organization = ? ORDER BY s.first, e.version"
)
_PLAIN: Final = ("stream", "version", "type", "at_utc", "actor")
_EVENTS_SQL: Final = (
    "SELECT e.stream, e.version, e.type, e.at_utc, e.actor, "
    + ", ".join(_typed(k, "text") for k in _TEXT_KEYS)
    + ", "
    + ", ".join(_typed(k, "array") for k in _ARRAY_KEYS)
    + ", json_type(e.data, '$.attributes') IS NOT NULL"
    + _FROM
)
_SEP: Final = "\x1e"
"""What separates the values of a batch's column: a control character, which JSON text
cannot hold (nor, the counts check, any value read)."""
_NO_ACTOR: Final = "\x1f"
_BATCH_SQL: Final = (
    "SELECT count(*), max(position), sum(actor = char(31)), group_concat(position),"
    " group_concat(version), CAST(group_concat(stream, char(30)) AS BLOB),"
    " CAST(group_concat(type, char(30)) AS BLOB), CAST(group_concat(at_utc, char(30)) AS BLOB),"
    " CAST(group_concat(ifnull(actor, char(31)), char(30)) AS BLOB),"
    " CAST(group_concat(data, char(30)) AS BLOB)"
    " FROM (SELECT position, version, stream, type, at_utc, actor, data FROM events"
    " WHERE +organization = ? AND position > ? ORDER BY position LIMIT ?)"
)
"""One batch of events as one text per column (its values joined by :data:`_SEP`), with its
count, last position and how many actors are :data:`_NO_ACTOR` (which stands for null).

Python never sees a row: 7 objects a row cost more than SQLite's reading.  A plain
scan: the stream order (the join in ``_FROM``) is a sort in polars.  ``+organization``:
the rowid (position) order of the table itself; without it SQLite walks an index on
``organization``, fetches each row from the table by its rowid and sorts them all."""
_BATCH_SQL_NO_ACTOR: Final = _BATCH_SQL.replace("sum(actor = char(31))", "0").replace(
    "CAST(group_concat(ifnull(actor, char(31)), char(30)) AS BLOB)", "NULL"
)
""":data:`_BATCH_SQL` for a reader of no actor (the district ruleset's frames have none):
the batch's actors are neither joined by SQLite nor split by polars (8.6 million at
national size), and come out null."""


@cache
def _data_checker() -> msgspec.json.Decoder[Any]:
    """Decodes a JSON array of event ``data`` objects, refusing a key of another type."""
    import msgspec

    fields: list[tuple[str, Any, Any]] = [(k, str | None, None) for k in _TEXT_KEYS]
    fields += [(k, list[str] | None, None) for k in _ARRAY_KEYS]
    fields.append(("attributes", msgspec.Raw | msgspec.UnsetType, msgspec.UNSET))
    return msgspec.json.Decoder(GenericAlias(list, (msgspec.defstruct("EventData", fields),)))


def suspect_pattern() -> str:
    """A regular expression that finds, in event ``data``, all that the msgspec check may refuse
    or that polars may read otherwise than the check: a text key followed by anything
    but a string or null, an array key followed by anything but an array of strings or
    null, an escaped ASCII character (a key may be written ``"\\u0062ody"``), and
    ``attributes``.

    It may also match where the check finds nothing (the same keys inside an object
    an event carries, ``\\u0001`` in a text): such a batch is only checked, never
    read otherwise.  Scanning the text is some ten times cheaper than decoding it
    into checked structs, which was a third of reading the store.
    """
    string = r'"(?:[^"\\]|\\.)*"'
    return "|".join((
        rf'"(?:{"|".join(_TEXT_KEYS)})"\s*:\s*[^"\sn]',
        rf'"(?:{"|".join(_ARRAY_KEYS)})"\s*:\s*(?:[^\[\sn]|\[\s*(?:{string}\s*,\s*)*[^"\s\]])',
        r"\\u00[0-7]",
        r'"attributes"\s*:',
    ))  # fmt: skip


def _checked_attributes(data: list[str]) -> pl.Series:
    """Whether each event's ``data`` has ``attributes``; msgspec's DecodeError for a key of
    another type (or text that is not JSON)."""
    import msgspec
    import polars as pl

    checked = _data_checker().decode("[" + ",".join(data) + "]")
    return pl.Series(
        "has_attributes", [d.attributes is not msgspec.UNSET for d in checked], pl.Boolean()
    )


class _PerKey(Exception):
    """A batch the batch decoder cannot read as the reference does: the per-key SQL reads
    the events instead (:func:`_by_sql`)."""


def _batches(
    conn: sqlite3.Connection,
    org: str,
    schema: dict[str, pl.DataType],
    read_ahead: bool = False,
    actor: bool = True,
) -> Generator[pl.DataFrame, None, None]:
    """The event rows a batch at a time, in position order, with the data keys as columns
    and ``at_us`` for ``at_utc`` (see the module docstring); raises :class:`_PerKey`.

    polars decodes each batch's ``data`` in bulk, which gives exactly the values
    the reference reads once every key has its expected type (polars alone
    would turn ``3`` into ``"3"``).  A batch in which :func:`suspect_pattern`
    finds nothing has every key of its type and no ``attributes``; any other
    batch is checked by msgspec (which also sees ``attributes``).
    """
    import msgspec
    import polars as pl

    keys: dict[str, pl.DataType] = {
        k: schema[k] for k in (*_TEXT_KEYS, *_ARRAY_KEYS) if k in schema
    }
    suspect = suspect_pattern()
    yield _timed(pl.DataFrame(schema={**schema, "position": pl.Int64()}))
    # closed here, not when the garbage is collected: a read ahead still running must be
    # done before the caller (e.g. the per-key SQL) uses the connection again
    with closing(_fetched(conn, org, read_ahead, actor)) as fetched:
        for batch in fetched:
            part = _batch_columns(batch)
            if part is None:  # a value holding a separator, or not of its column's type
                raise _PerKey
            data = part.get_column("data")
            if data.str.contains(suspect).any():
                try:
                    attributes = _checked_attributes(data.to_list())
                except msgspec.DecodeError as err:  # a key of another type (a ValidationError)
                    raise _PerKey from err
            else:  # no key of another type, no attributes: what the check would find
                attributes = pl.Series("has_attributes", [False] * part.height, pl.Boolean())
            try:
                decoded = part.with_columns(data.str.json_decode(pl.Struct(keys)))
            except pl.exceptions.ComputeError as err:  # not JSON: the per-key SQL says so
                raise _PerKey from err
            yield _timed(decoded.unnest("data").with_columns(attributes).select(*schema, "position"))


def _fetched(
    conn: sqlite3.Connection, org: str, read_ahead: bool, actor: bool = True
) -> Generator[tuple[Any, ...], None, None]:
    """The ``_BATCH_SQL`` batches in position order.

    ``read_ahead`` (a connection made with ``check_same_thread=False``): SQLite reads the
    next batch in a worker thread while the caller decodes this one (both release the GIL:
    at national size the reading is some 10 s of the store path, the decoding more).  The
    connection is used by one thread at a time: the worker, between the caller's uses."""
    from concurrent.futures import ThreadPoolExecutor

    sql = _BATCH_SQL if actor else _BATCH_SQL_NO_ACTOR

    def fetch(after: int) -> tuple[Any, ...]:
        got: tuple[Any, ...] = conn.execute(sql, (org, after, BATCH)).fetchone()
        return got

    if not read_ahead:
        after = 0
        while (batch := fetch(after))[0]:
            after = batch[1]
            yield batch
        return
    with ThreadPoolExecutor(max_workers=1) as pool:
        ahead = pool.submit(fetch, 0)
        while (batch := ahead.result())[0]:
            ahead = pool.submit(fetch, batch[1])
            yield batch


def _events(
    conn: sqlite3.Connection, org: str, schema: dict[str, pl.DataType]
) -> pl.DataFrame:
    """Every event row (the columns of :func:`_batches`, without ``position``), streams in
    the order they were started, each stream's events in version order."""
    import polars as pl

    try:
        events = pl.concat(list(_batches(conn, org, schema)), rechunk=False)
    except _PerKey:
        return _by_sql(conn, org, schema)
    return _stream_ordered(events, _names(schema))


@frozen
class _Split:
    """The event rows as :func:`store_frames` reads them, kept a batch at a time in two
    narrower frames -- never all rows with all columns at once, which at national size
    was the reader's peak -- both in stream order (streams as started, versions in order).
    """

    starts: pl.DataFrame
    """Rows that start a stream (version 1) or resubmit it: the pieces' columns."""
    events: pl.DataFrame
    """Rows of the dataset's event types (:data:`~sqmy_core.workflow.records.FIELDS`):
    the events' columns."""
    dropped: pl.Series
    """Streams withdrawn, or started by anything but a submission (the export leaves them
    out)."""
    has_attributes: bool


def _split(
    conn: sqlite3.Connection,
    org: str,
    schema: dict[str, pl.DataType],
    read_ahead: bool,
    actor: bool = True,
) -> _Split:
    import polars as pl

    names = _names(schema)
    piece = [c for c in names if c in _PIECE_KEYS]
    columns = (
        ["stream", "version", "type", "at_us", "position", *piece],
        [c for c in names if c not in {*_PIECE_KEYS, "has_attributes"}] + ["position"],
    )
    starts: list[pl.DataFrame] = []
    events: list[pl.DataFrame] = []
    dropped: list[pl.Series] = []
    attributes, in_order, before = False, True, None
    try:
        # closed on leaving, however: no read ahead outlives the loop (see _batches)
        with closing(_batches(conn, org, schema, read_ahead, actor)) as parts:
            for part in parts:  # the first is empty: it gives each frame its columns
                if part.height:
                    in_order = in_order and _in_stream_order(part, before)
                    before = part.select("stream", "version").tail(1).row(0)
                start, event, drop = _divided(part, columns)
                starts.append(start)
                events.append(event)
                dropped.append(drop)
                attributes = attributes or bool(part.get_column("has_attributes").any())
                del part
    except _PerKey:  # read in stream order, without positions: one part, none to reorder
        whole = _by_sql(conn, org, schema).with_row_index("position")
        start, event, drop = _divided(whole, columns)
        starts, events, dropped = [start], [event], [drop]
        attributes, in_order = bool(whole.get_column("has_attributes").any()), True
    s = pl.concat(starts, rechunk=False)
    e = pl.concat(events, rechunk=False)
    if not in_order:
        first = _firsts(s)
        s, e = _by_first(s, first), _by_first(e, first)
    return _Split(s.drop("position"), e.drop("version", "position"), pl.concat(dropped), attributes)


def _divided(
    part: pl.DataFrame, columns: tuple[list[str], list[str]]
) -> tuple[pl.DataFrame, pl.DataFrame, pl.Series]:
    """One part's rows that start or resubmit a stream (with the ``columns[0]``), those of the
    dataset's event types (with the ``columns[1]``), and the streams it leaves out."""
    import polars as pl

    col = pl.col
    return (
        part.filter((col("version") == 1) | (col("type") == "resubmitted")).select(columns[0]),
        part.filter(col("type").is_in(list(FIELDS))).select(columns[1]),
        part.filter(_dropping()).get_column("stream"),
    )


def _dropping() -> pl.Expr:
    """The rows that leave their stream out of the export: a withdrawal, or a start that is
    not a submission."""
    import polars as pl

    col = pl.col
    return (col("type") == "withdrawn") | ((col("version") == 1) & (col("type") != "submitted"))


def _firsts(frame: pl.DataFrame) -> pl.DataFrame:
    """Each stream and the position of its first row (``first``), from rows that hold them."""
    import polars as pl

    return frame.filter(pl.col("version") == 1).select("stream", first=pl.col("position"))


def _by_first(frame: pl.DataFrame, first: pl.DataFrame) -> pl.DataFrame:
    """The rows by their stream's first position, then version: one gather by an index
    computed from narrow columns (a join and sort of the frame would copy every column)."""

    order = (
        frame.select("stream", "version")
        .with_row_index("row")
        .join(first, on="stream", how="inner")
        .sort("first", "version")
        .get_column("row")
    )
    ordered: pl.DataFrame = frame[order]
    return ordered


def _names(schema: dict[str, pl.DataType]) -> list[str]:
    """The columns :func:`_events` gives: the schema's, with ``at_us`` for ``at_utc``."""
    return [("at_us" if name == "at_utc" else name) for name in schema]


def _timed(frame: pl.DataFrame) -> pl.DataFrame:
    """The UTC key as integer microseconds, in place of its text (made a batch at a time:
    at national size the text column alone is ~360 MiB at the reader's peak)."""
    import polars as pl

    at_us = pl.col("at_utc").str.to_datetime("%Y-%m-%dT%H:%M:%S%.f", time_unit="us")
    return frame.with_columns(at_us.cast(pl.Int64).alias("at_utc")).rename({"at_utc": "at_us"})


def _stream_ordered(events: pl.DataFrame, names: list[str]) -> pl.DataFrame:
    """The rows (read in position order) as streams in the order they were started, each
    stream's events in version order; only the columns ``names``."""
    if _in_stream_order(events):
        return events.select(names)
    return _by_first(events.select(*names, "position"), _firsts(events)).select(names)


def _in_stream_order(events: pl.DataFrame, before: tuple[str, int] | None = None) -> bool:
    """Whether the rows (in position order) are already streams in the order they were
    started, each stream's events in version order: every row starts a stream (version 1)
    or follows its own stream's previous version.  ``before``: the stream and version of
    the row before the first (None: the first row is the store's first).

    A bulk import stores each stream's rows together, so a store that has taken only
    imports passes, and the rows need no reordering -- at national size a gather of
    every column (seconds, and a second copy of the largest table at the peak).  A
    stream cannot start twice (its versions are unique), so no stream is split.
    """
    import polars as pl

    narrow = events.select("stream", "version")
    if before is not None:
        narrow = pl.concat([pl.DataFrame([before], schema=narrow.schema, orient="row"), narrow])
    stream, version = pl.col("stream"), pl.col("version")
    follows = (stream == stream.shift(1)) & (version == version.shift(1) + 1)
    ok = (version == 1) | follows.fill_null(False)
    return bool(narrow.select(ok.slice(0 if before is None else 1).all()).item())


def _batch_columns(batch: tuple[Any, ...]) -> pl.DataFrame | None:
    """The columns of one ``_BATCH_SQL`` batch, or None unless each text splits into as many
    values as the batch has rows (a value holding the separator) and each number is an
    integer."""
    import polars as pl

    count, _last, no_actor, positions, versions, *texts = batch
    if no_actor:
        return None  # an actor that is the stand-in for null
    names = ("stream", "type", "at_utc", "actor", "data")
    try:
        columns = {
            "position": pl.Series([positions]).str.split(",").explode().cast(pl.Int64),
            "version": pl.Series([versions]).str.split(",").explode().cast(pl.Int64),
            **{
                name: pl.Series([text], dtype=pl.Binary).cast(pl.Utf8).str.split(_SEP).explode()
                for name, text in zip(names, texts, strict=True)
                if text is not None or name != "actor"
            },
        }
    except pl.exceptions.PolarsError:  # not integers, or not UTF-8
        return None
    if any(c.len() != count for c in columns.values()):
        return None
    actor = pl.col("actor")
    if "actor" not in columns:  # not read (_BATCH_SQL_NO_ACTOR)
        frame = pl.DataFrame(columns).with_columns(pl.lit(None, pl.Utf8).alias("actor"))
    else:
        frame = pl.DataFrame(columns).with_columns(
            pl.when(actor != _NO_ACTOR).then(actor).alias("actor")
        )
    return frame.select(*_PLAIN, "data", "position")


def _by_sql(
    conn: sqlite3.Connection, org: str, schema: dict[str, pl.DataType]
) -> pl.DataFrame:
    import polars as pl

    s = pl.Utf8()
    sql_schema: dict[str, pl.DataType] = {
        "stream": s, "version": pl.Int64(), "type": s, "at_utc": s, "actor": s,
        **{k: s for k in (*_TEXT_KEYS, *_ARRAY_KEYS)}, "has_attributes": pl.Boolean(),
    }  # fmt: skip
    rows = _fetch(conn, _EVENTS_SQL, (org, org), sql_schema)
    arrays = [k for k in _ARRAY_KEYS if k in schema]
    return _timed(
        rows.select(list(schema)).with_columns(pl.col(k).str.json_decode(schema[k]) for k in arrays)
    )


def _fetch(
    conn: sqlite3.Connection, sql: str, params: tuple[str, ...], schema: dict[str, pl.DataType]
) -> pl.DataFrame:
    import polars as pl

    cursor = conn.execute(sql, params)
    parts = [pl.DataFrame(schema=schema)]
    while rows := cursor.fetchmany(BATCH):
        parts.append(pl.DataFrame(rows, schema=schema, orient="row"))
    return pl.concat(parts, rechunk=True)


_RECORDS_SQL: Final = "SELECT record FROM registry WHERE organization = ? AND kind = ? ORDER BY seq"
"""A kind's registry records, in the order they were put."""
_REGISTRY_SQL: Final = (
    f"SELECT count(*), CAST(group_concat(record, char(30)) AS BLOB) FROM ({_RECORDS_SQL})"
)
"""A kind's registry records as one text (joined by :data:`_SEP`, which JSON text cannot
hold unescaped), in the order they were put: no Python object per record (600,000 people
at national size)."""


def _registry(
    conn: sqlite3.Connection, org: str, kind: str, fields: dict[str, pl.DataType]
) -> pl.DataFrame | None:
    import polars as pl

    count, joined = conn.execute(_REGISTRY_SQL, (org, kind)).fetchone()
    text = pl.Series("record", [joined or b""], pl.Binary).cast(pl.Utf8).str.split(_SEP).explode()
    if not count:
        text = text.clear()
    elif text.len() != count:  # a record holding the separator: read row by row
        text = _fetch(conn, _RECORDS_SQL, (org, kind), {"record": pl.Utf8()}).get_column("record")
    got = text.to_frame()
    if text.str.contains('"attributes"', literal=True).any():
        return None  # attributes are the reference's business
    try:
        return got.select(text.str.json_decode(pl.Struct(fields)).alias("r")).unnest("r")
    except pl.exceptions.ComputeError:  # not JSON (a damaged store): the reference says so
        return None


def store_frames(
    conn: sqlite3.Connection,
    org: str,
    extra_roles: Iterable[str] = (),
    columns: Columns | None = None,
    *,
    read_ahead: bool = False,
) -> DatasetFrames | None:
    """The store's frames, or None when the reference path must decide.

    ``read_ahead``: the connection may be used from another thread (made with
    ``check_same_thread=False``), and SQLite reads the next batch of events there while
    this thread decodes the last one.

    ``columns``: the only columns of ``events`` and ``pieces`` the caller reads, as for
    :func:`~sqmy_core.interchange.fast_reader.read_frames`; the other keys are not even
    decoded (at national size each text column costs ~100 MiB even when empty).  The
    keys this reader itself looks at (the title, the authors, what makes a 1.1 dataset)
    are always decoded.
    """
    import polars as pl

    from sqmy_core.interchange import fast_checks as ck
    from sqmy_core.scoring.columnar.frames import DatasetFrames, schemas

    s, lst = pl.Utf8(), pl.List(pl.Utf8())
    units = _registry(conn, org, "unit", {"id": s, "name": s, "kind": s, "parent": s})
    people = _registry(conn, org, "person", {
        "id": s, "name": s, "roles": lst, "units": lst, "since": s, "until": s,
    })  # fmt: skip
    calls = _registry(conn, org, "call", {
        "id": s, "title": s, "kind": s, "assignees": lst, "due": s,
    })  # fmt: skip
    if units is None or people is None or calls is None:
        return None
    col = pl.col
    times = {"people": ("since", "until"), "calls": ("due",)}
    for frame, keys in ((people, times["people"]), (calls, times["calls"])):
        if not ck.all_true(frame, [ck.opt(col(k), ck.time_us(col(k))[0]) for k in keys]):
            return None  # a time in another form (fractions of a second): the reference's

    decoded = _decoded_keys(columns)
    schema: dict[str, pl.DataType] = {
        "stream": s, "version": pl.Int64(), "type": s, "at_utc": s, "actor": s,
        **{k: s for k in _TEXT_KEYS if k in decoded},
        **{k: lst for k in _ARRAY_KEYS if k in decoded},
        "has_attributes": pl.Boolean(),
    }  # fmt: skip
    actor = columns is None or "actor" in columns.get("events", ())
    rows = _split(conn, org, schema, read_ahead, actor)
    if rows.has_attributes:
        return None
    kept = ~col("stream").is_in(rows.dropped.implode())
    retitled = (
        rows.starts.lazy()
        .filter(kept & (col("type") == "resubmitted") & (col("title").str.len_chars() > 0))
        .group_by("stream", maintain_order=True)
        .agg(col("title").last().alias("retitle"))
        .collect()
    )
    first = rows.starts.filter(kept & (col("version") == 1))
    if first.get_column("title").is_null().any():  # null unless a JSON string
        return None  # a submission without a text title: the reference says what it becomes
    pieces = first.join(retitled, on="stream", how="left", maintain_order="left").with_columns(
        col("authors").fill_null(pl.lit([], dtype=lst)),
        pl.coalesce(col("retitle"), col("title"), pl.lit("")).alias("title"),
    )
    del first, retitled
    events = rows.events.filter(kept) if rows.dropped.len() else rows.events
    del rows
    masked = {
        key: pl.when(col("type").is_in([t for t, ks in FIELDS.items() if key in ks])).then(col(key))
        for key in ("stage", "decision", "route", "to", "body", "level", "rank", "department",
                    "outcome", "kind")
        if key in decoded
    }  # fmt: skip
    events = events.with_columns(**masked)

    sch = schemas()

    def shaped(name: str, frame: pl.DataFrame, exprs: dict[str, pl.Expr]) -> pl.DataFrame:
        names = list(sch[name])
        if columns is not None and name in ("events", "pieces"):
            names = [c for c in names if c in columns.get(name, ())]
        types: dict[str, pl.DataType] = {c: sch[name][c] for c in names if c != "attributes"}
        wanted: Any = types  # (polars types the mapping invariantly in its keys)
        out = frame.select([exprs.get(c, col(c)).alias(c) for c in types]).cast(wanted)
        if "attributes" not in names:
            return out
        nulls = pl.Series("attributes", [None] * frame.height, dtype=pl.Object)
        return out.with_columns(nulls).select(names)

    def seq() -> pl.Expr:
        return pl.int_range(pl.len(), dtype=pl.Int64)

    empty = pl.lit([], dtype=lst)
    adjustments = tuple(records.adjustment_of(_json(t)) for t in _records(conn, org, "adjustment"))
    activities = tuple(records.activity_of(_json(t)) for t in _records(conn, org, "activity"))
    if any(a.attributes for a in activities):
        return None
    roles = {*BUILTIN_ROLES, *extra_roles}
    v11 = bool(
        adjustments
        or activities
        or not units.get_column("kind").is_in(list(UNIT_KINDS)).all()
        or people.get_column("until").is_not_null().any()
        or not people.get_column("roles").explode().drop_nulls().is_in(list(roles)).all()
        or pieces.get_column("text").is_not_null().any()
        or not events.get_column("type").is_in(list(EVENT_TYPES)).all()
        or events.filter(
            ((col("type") == "adopted") & ~col("body").is_in(list(BODIES)))
            | ((col("type") == "instructed") & ~col("rank").is_in(list(RANKS)))
        ).height
    )
    return DatasetFrames(
        units=shaped("units", units, {}),
        people=shaped("people", people, {
            "seq": seq(), "roles": col("roles").fill_null(empty),
            "units": col("units").fill_null(empty),
            "since_us": ck.time_us(col("since"))[1], "until_us": ck.time_us(col("until"))[1],
        }),
        calls=shaped("calls", calls, {
            "assignees": col("assignees").fill_null(empty), "due_us": ck.time_us(col("due"))[1],
        }),
        pieces=shaped("pieces", pieces, {
            "seq": seq(), "id": col("stream"), "submitted_us": col("at_us"),
            "n_authors": col("authors").list.len(),
        }),
        authors=pieces.select(
            col("stream").alias("piece"),
            col("authors").alias("person"),
            col("authors").list.eval(pl.int_range(pl.len(), dtype=pl.Int64)).alias("position"),
        ).explode("person", "position").drop_nulls("person").cast(
            {"piece": s, "person": s, "position": pl.Int64}
        ),
        events=shaped("events", events, {"seq": seq(), "piece": col("stream")}),
        adjustments=adjustments,
        activities=activities,
        version="1.1" if v11 else "1",
    )  # fmt: skip


_PIECE_KEYS: Final = frozenset({"title", "unit", "topic", "call", "text", "authors"})
"""The data keys of a submission (the pieces' columns), which no event frame column reads."""

_ALWAYS: Final = frozenset({"title", "unit", "call", "authors", "text", "body", "rank"})
"""The keys :func:`store_frames` reads whatever the caller reads (pieces' titles, units,
calls and authors; ``text``, ``body`` and ``rank`` tell a 1.1 dataset)."""


def _decoded_keys(columns: Columns | None) -> frozenset[str]:
    """The data keys to decode: all of them, or what ``columns`` names and :data:`_ALWAYS`."""
    every = frozenset((*_TEXT_KEYS, *_ARRAY_KEYS))
    if columns is None:
        return every
    named = {c for table in ("events", "pieces") for c in columns.get(table, ())}
    return every & (named | _ALWAYS)


def _records(conn: sqlite3.Connection, org: str, kind: str) -> list[str]:
    rows = conn.execute(_RECORDS_SQL, (org, kind)).fetchall()
    return [r[0] for r in rows]


def _json(text: str) -> dict[str, object]:
    from sqmy_core.storage.checks import load_json

    return load_json(text)
