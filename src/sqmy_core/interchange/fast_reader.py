"""A dataset file's bytes straight to :class:`DatasetFrames`: fast, and as strict as the reference.

The reference reader (:func:`~sqmy_core.interchange.decode_dataset_bytes`
then :func:`~sqmy_core.interchange.parse_dataset`) builds a Python dict and an
attrs record per record; at national size (millions of events) that is most
of the run and several GiB.  This reader decodes each list with msgspec into
typed structs a chunk at a time (:mod:`.fast_structs`: wrong JSON types and
unknown keys are refused there), re-encodes the chunk and lets polars read
the columns, then checks the rest -- ids, references, vocabularies, each event
type's keys, times, limits -- as column operations (:mod:`.fast_checks`).
The units, people, calls and pieces are checked whole, then the events chunk
by chunk as polars reads them (in a worker thread, while msgspec decodes the
next chunk), so that a caller asking for only some columns never holds all
the events' columns at once: at national size that is the reader's peak.

It decides only one thing itself: that a document is surely valid.  Whenever
any check fails, or the document uses something this reader does not handle
(non-empty ``attributes``, adjustments, activities, ``penalized`` events,
required attributes, times with fractions of a second or ``24:00``, escapes
that could hide a colon or a lone surrogate), the reference reader reads the
same bytes and either returns the same frames or raises the same
:class:`~sqmy_core.errors.DatasetError`.  So the accepted documents, the
frames and the messages are those of the reference, by construction.

Duplicate keys: msgspec (like orjson and simdjson) keeps the last value of a
repeated key.  Every key of the document is followed by exactly one
structural colon, and every other colon is inside a string; a chunk
re-encoded from its structs has each key once and the same strings.  So the
document repeats no key exactly when its colons number the top-level keys
plus the colons of the re-encoded chunks -- unless an escape (``\\u003a``)
hides a colon in a string, and then the reference reader decides.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Collection, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, Final, cast

from attrs import frozen

from sqmy_core.interchange.dataset_common import Problems
from sqmy_core.interchange.dataset_fields import Fields
from sqmy_core.interchange.dataset_spec import (
    EVENT_FIELDS,
    FORMATS,
    MAX_NAME,
    MAX_PROBLEMS,
    MAX_TEXT,
)
from sqmy_core.model import vocab
from sqmy_core.model.attributes import CONTRACT, Declarations
from sqmy_core.scoring.columnar.frames import DatasetFrames, schemas

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "Columns", "Tables", "fast_frames", "fast_tables", "read_frames", "reference_frames",
]  # fmt: skip

Columns = Mapping[str, Collection[str]]
"""The frames' columns a consumer reads, per table (:func:`read_frames`)."""

CHUNK: Final = 100_000
"""Records decoded into structs at a time (bounds the Python objects alive at once)."""

_UNSURE_ESCAPE: Final = re.compile(rb"\\u(?:003[aA]|[dD][89a-fA-F])")
"""An escaped colon (would defeat the colon count) or a surrogate (lone ones are refused)."""

_EVENT_KEYS: Final = (
    "actor", "note", "stage", "decision", "route", "to", "body", "level", "rank",
    "department", "outcome",
)  # fmt: skip


def read_frames(
    data: bytes,
    *,
    source: str | None = None,
    extra_roles: Iterable[str] = (),
    declarations: Declarations | None = None,
    columns: Columns | None = None,
) -> DatasetFrames:
    """The frames of a ``sqmy-dataset/1`` or ``/1.1`` file's bytes (needs the ``scale`` extra).

    The same parameters, result and errors as
    ``frames_from_dataset(parse_dataset(decode_dataset_bytes(data, ...), ...))``.
    ``columns``: the only columns of ``events`` and ``pieces`` the caller reads
    (:func:`sqmy_core.scoring.columnar.stream.frame_columns`); the fast reader
    then leaves the others out of those two frames, which at national size is
    most of their memory.  Every column is still checked.  None: all columns.
    """
    roles = tuple(extra_roles)
    frames = fast_frames(data, extra_roles=roles, declarations=declarations, columns=columns)
    if frames is not None:
        return frames
    return reference_frames(data, source=source, extra_roles=roles, declarations=declarations)


def reference_frames(
    data: bytes,
    *,
    source: str | None = None,
    extra_roles: Iterable[str] = (),
    declarations: Declarations | None = None,
) -> DatasetFrames:
    """The reference reader's frames (or its :class:`~sqmy_core.errors.DatasetError`)."""
    from sqmy_core.interchange.dataset_decode import decode_dataset_bytes
    from sqmy_core.interchange.dataset_parse import parse_dataset
    from sqmy_core.scoring.columnar.frames import frames_from_dataset

    doc = decode_dataset_bytes(data, source=source)
    dataset = parse_dataset(
        doc, source=source, extra_roles=extra_roles, declarations=declarations
    )
    return frames_from_dataset(dataset)


@frozen
class Tables:
    """A document the fast reader vouched for, as its own columns (strings as written).

    Besides the decoded keys: ``seq`` (record order) on people, pieces and
    events, and every time also in integer microseconds UTC (``since_us``,
    ``until_us``, ``due_us``, ``submitted_us``, ``at_us``; events also carry
    their piece's ``submitted_us``).  What an import stores is built from
    these (:mod:`sqmy_core.workspace.bulk_rows`); :func:`fast_frames` selects
    the frames' columns.
    """

    units: pl.DataFrame
    people: pl.DataFrame
    calls: pl.DataFrame
    pieces: pl.DataFrame
    events: pl.DataFrame
    version: str


def fast_frames(
    data: bytes,
    *,
    extra_roles: Iterable[str] = (),
    declarations: Declarations | None = None,
    columns: Columns | None = None,
) -> DatasetFrames | None:
    """The frames of a document this reader can vouch for; None for any other (never an error).

    ``columns``: as for :func:`read_frames`.
    """
    tables = fast_tables(data, extra_roles=extra_roles, declarations=declarations, columns=columns)
    return None if tables is None else _frames(tables, columns)


def fast_tables(
    data: bytes,
    *,
    extra_roles: Iterable[str] = (),
    declarations: Declarations | None = None,
    columns: Columns | None = None,
) -> Tables | None:
    """The checked columns of a document this reader can vouch for; None for any other.

    ``columns`` (the frames' columns wanted per table, as for :func:`read_frames`):
    the events and pieces keep only what those frames need, dropped chunk by chunk
    as soon as they are checked; None keeps every column (what an import stores).
    """
    import msgspec

    from sqmy_core.interchange import fast_structs as fs

    view = memoryview(data)
    if data.startswith(b"\xef\xbb\xbf"):
        view = view[3:]
    if data.find(b"\\u") >= 0 and _UNSURE_ESCAPE.search(data):
        return None
    try:
        top = msgspec.json.decode(view, type=fs.Top)
    except (msgspec.DecodeError, RecursionError):  # ValidationError is a DecodeError
        return None
    version = FORMATS.get(top.format)
    if version is None:
        return None
    raws = {name: getattr(top, name) for name in top.__struct_fields__[1:]}
    del top
    for name in ("adjustments", "activities"):
        # an unknown key in 1.0, even empty; in 1.1 few, and the reference's business
        if raws[name] is not msgspec.UNSET and (version == "1" or not _empty(raws[name])):
            return None
    d = declarations or CONTRACT
    if version == "1.1" and any(a.required for a in d.attributes.values()):
        return None
    colons = 1 + sum(raw is not msgspec.UNSET for raw in raws.values())
    records = fs.RECORDS[version]
    tables: dict[str, pl.DataFrame] = {}
    for name in _REGISTRY:
        got = _table(raws.pop(name), records[name])
        if got is None:
            return None
        tables[name], n = got
        colons += n
    fields = Fields(Problems(MAX_PROBLEMS), version, extra_roles, d)
    registry = _registry_checked(tables, fields, version, columns)
    if registry is None:
        return None
    check = _EventChunks(fields, registry.person_ids, registry.pieces, columns)
    got = _table(raws.pop("events"), records["events"], check)
    if got is None:
        return None
    events, n = got
    colons += n
    if colons != data.count(b":"):
        return None  # a repeated key somewhere: the reference names it
    return Tables(
        units=registry.units,
        people=registry.people,
        calls=registry.calls,
        pieces=registry.pieces,
        events=events,
        version=version,
    )


_REGISTRY: Final = ("units", "people", "calls", "pieces")
"""The lists checked whole before the events (which are checked a chunk at a time)."""


def _empty(raw: Any) -> bool:
    return bytes(raw).strip() in (b"null", b"[]")


Chunk = Callable[["pl.DataFrame", int], "pl.DataFrame | None"]
"""Checks one decoded chunk (its first record's index given) and returns what to keep of it."""


def _table(
    raw: Any, record: type[Any], chunk: Chunk | None = None
) -> tuple[pl.DataFrame, int] | None:
    """The list's columns (as strings and string lists) and the colons of its re-encoding.

    ``chunk`` sees each chunk's columns as they are decoded (None: every chunk
    is kept whole), so that a large list never has all its columns at once.
    """
    import msgspec
    import polars as pl

    fields = record.__struct_fields__
    string_lists = {"roles", "units", "assignees", "authors", "persons"}
    schema = {f: pl.List(pl.Utf8) if f in string_lists else pl.Utf8 for f in fields}
    schema.pop("attributes", None)
    empty = pl.DataFrame(schema=schema)
    if raw is msgspec.UNSET:
        items: list[Any] | None = []
    else:
        try:
            items = msgspec.json.decode(raw, type=list[msgspec.Raw] | None)
        except (msgspec.DecodeError, RecursionError):
            return None
        del raw
    if not items:
        got = empty if chunk is None else chunk(empty, 0)
        return None if got is None else (got, 0)
    decoder = msgspec.json.Decoder(list[record])  # type: ignore[valid-type]
    encoder = msgspec.json.Encoder()

    def columns_of(again: bytes, first: int) -> pl.DataFrame | None:
        frame = pl.read_ndjson(io.BytesIO(again), schema=schema)
        return frame if chunk is None else chunk(frame, first)

    chunks: list[pl.DataFrame] = []
    colons = done = 0
    items.reverse()  # taken from the end: each raw slice goes as soon as it is decoded
    # polars reads and checks one chunk (without the GIL) while msgspec decodes the next
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending: Future[pl.DataFrame | None] | None = None
        while items:
            part = items[-CHUNK:]
            del items[-CHUNK:]
            part.reverse()
            text = b"[" + b",".join(part) + b"]"
            del part
            try:
                records = decoder.decode(text)
            except (msgspec.DecodeError, RecursionError):  # ValidationError is a DecodeError
                return None
            del text
            again = encoder.encode_lines(records)  # newline-delimited: read in parallel
            n = len(records)
            del records
            colons += again.count(b":")
            if pending is not None:
                got = pending.result()
                if got is None:
                    return None
                chunks.append(got)
            pending = pool.submit(columns_of, again, done)
            del again
            done += n
        assert pending is not None
        got = pending.result()
    if got is None:
        return None
    chunks.append(got)
    # the events (checked by chunk) are not rechunked here: that would be one more copy of
    # the largest table at the reader's peak (the columnar stream makes them one chunk)
    return pl.concat(chunks, rechunk=chunk is None), colons


def _members(frame: pl.DataFrame) -> pl.Series:
    """The table's ids, as one list (what ``is_in`` looks values up in)."""
    return frame.get_column("id").implode()


def _vocab(words: Iterable[str]) -> pl.Series:
    import polars as pl

    return pl.Series(list(words), dtype=pl.Utf8).implode()


@frozen
class _Registry:
    """The checked units, people, calls and pieces, and what the events are checked against."""

    units: pl.DataFrame
    people: pl.DataFrame
    calls: pl.DataFrame
    pieces: pl.DataFrame
    person_ids: pl.Series


def _registry_checked(
    t: dict[str, pl.DataFrame], f: Fields, version: str, columns: Columns | None
) -> _Registry | None:
    """The lists before the events, if every column check passes; None at the first that
    does not."""
    import polars as pl

    from sqmy_core.interchange import fast_checks as ck

    col = pl.col
    units, people, calls, pieces = t["units"], t["people"], t["calls"], t["pieces"]
    for frame in (units, people, calls, pieces):
        if frame.get_column("id").is_duplicated().any():
            return None
    unit_ids, person_ids = _members(units), _members(people)
    call_ids = _members(calls)
    v11 = version == "1.1"

    if not ck.all_true(units, [
        ck.id_ok(col("id")),
        ck.text_ok(col("name"), MAX_NAME, nonempty=True),
        col("kind").is_in(_vocab(f.unit_kind.members)),  # type: ignore[arg-type]
        ck.opt(col("parent"), col("parent").is_in(unit_ids)),
    ]) or _has_cycle(units):  # fmt: skip
        return None

    since_ok, since_us = ck.time_us(col("since"))
    person_checks = [
        ck.id_ok(col("id")),
        ck.text_ok(col("name"), MAX_NAME, nonempty=True),
        ck.words_ok(col("roles"), _vocab(f.role.members)),  # type: ignore[arg-type]
        ck.words_ok(col("units"), unit_ids),
        ck.opt(col("since"), since_ok),
    ]
    until_us: pl.Expr = pl.lit(None, dtype=pl.Int64)
    if v11:
        until_ok, until_us = ck.time_us(col("until"))
        person_checks.append(ck.opt(col("until"), until_ok))
        ordered = col("since").is_null() | col("until").is_null() | (until_us > since_us)
        person_checks.append(ordered)
    if not ck.all_true(people, person_checks):
        return None

    due_ok, due_us = ck.time_us(col("due"))
    if not ck.all_true(calls, [
        ck.id_ok(col("id")),
        ck.text_ok(col("title"), MAX_NAME, nonempty=True),
        col("kind").is_in(_vocab(vocab.CALL_KINDS)),
        ck.words_ok(col("assignees"), person_ids),
        ck.opt(col("due"), due_ok),
    ]):  # fmt: skip
        return None

    sub_ok, sub_us = ck.time_us(col("submitted_at"))
    piece_checks = [
        ck.id_ok(col("id")),
        ck.text_ok(col("title"), MAX_NAME, nonempty=True),
        ck.words_ok(col("authors"), person_ids, nonempty=True),
        sub_ok,
        ck.opt(col("unit"), col("unit").is_in(unit_ids)),
        ck.opt(col("topic"), ck.text_ok(col("topic"), MAX_NAME, nonempty=False)),
        ck.opt(col("call"), col("call").is_in(call_ids)),
    ]
    if v11:
        piece_checks.append(ck.opt(col("body"), ck.text_ok(col("body"), MAX_TEXT, nonempty=False)))
    if not ck.all_true(pieces, piece_checks):
        return None
    pieces = pieces.with_columns(sub_us.alias("submitted_us"), _seq())
    if columns is not None:
        wanted = set(columns.get("pieces", ()))
        pieces = pieces.select(
            c for c in pieces.columns if c in wanted or c in ("id", "authors", "submitted_us")
        )
    return _Registry(
        units=units,
        people=people.with_columns(
            _seq(), since_us.alias("since_us"), until_us.alias("until_us")
        ),
        calls=calls.with_columns(due_us.alias("due_us")),
        pieces=pieces,
        person_ids=person_ids,
    )


def _seq() -> pl.Expr:
    import polars as pl

    return pl.int_range(pl.len(), dtype=pl.Int64).alias("seq")


class _EventChunks:
    """Checks one chunk of events whole -- its own keys and values, its piece, its time
    against the piece's submission -- and keeps what the frames want of it (``columns``),
    or all of it.

    A chunk's pieces are found by binary search in the piece ids sorted once, not by
    a join (which would hash two million ids again for every chunk)."""

    def __init__(
        self, f: Fields, person_ids: pl.Series, pieces: pl.DataFrame, columns: Columns | None
    ) -> None:
        by_id = pieces.select("id", "submitted_us").sort("id")
        self.ids = by_id.get_column("id")
        self.submitted = by_id.get_column("submitted_us")
        self.checks = _event_checks(f, person_ids)
        self.columns = columns

    def __call__(self, chunk: pl.DataFrame, first: int) -> pl.DataFrame | None:
        import polars as pl

        from sqmy_core.interchange import fast_checks as ck

        col = pl.col
        n = self.ids.len()
        if chunk.height and not n:
            return None  # no pieces: every event names a missing one
        at = self.ids.search_sorted(chunk.get_column("piece"), side="left")
        at = at.clip(0, max(n - 1, 0))
        checks = [*self.checks, self.ids.gather(at) == col("piece")]  # the piece exists
        if "kind" in chunk.columns:
            checks += [col("kind").is_null(), col("persons").is_null()]
        chunk = chunk.with_columns(
            (pl.int_range(pl.len(), dtype=pl.Int64) + first).alias("seq"),
            ck.time_us(col("at"))[1].alias("at_us"),
            self.submitted.gather(at).alias("submitted_us"),
        )
        checks.append(col("at_us") >= col("submitted_us"))
        if not ck.all_true(chunk, checks):
            return None
        if self.columns is None:
            return chunk
        wanted = set(self.columns.get("events", ()))
        return chunk.select(c for c in chunk.columns if c in wanted)


def _event_checks(f: Fields, person_ids: pl.Series) -> list[pl.Expr]:
    import polars as pl

    from sqmy_core.interchange import fast_checks as ck

    col = pl.col
    at_ok, _ = ck.time_us(col("at"))
    kinds: dict[str, pl.Expr] = {
        "actor": col("actor").is_in(person_ids),
        "note": ck.text_ok(col("note"), MAX_TEXT, nonempty=False),
        "stage": ck.id_ok(col("stage")),
        "decision": col("decision").is_in(_vocab(vocab.DECISIONS)),
        "route": col("route").is_in(_vocab(vocab.ROUTES)),
        "to": ck.text_ok(col("to"), MAX_NAME, nonempty=False),
        "body": col("body").is_in(_vocab(f.body.members)),  # type: ignore[arg-type]
        "level": col("level").is_in(_vocab(vocab.LEVELS)),
        "rank": col("rank").is_in(_vocab(f.rank.members)),  # type: ignore[arg-type]
        "department": ck.text_ok(col("department"), MAX_NAME, nonempty=False),
        "outcome": col("outcome").is_in(_vocab(vocab.OUTCOMES)),
    }
    checks = [
        col("type").is_in(_vocab(EVENT_FIELDS)),  # penalized (1.1): the reference's
        at_ok,
        *(ck.opt(col(key), kinds[key]) for key in _EVENT_KEYS),
    ]
    for key in _EVENT_KEYS:
        need = [t for t, (req, _) in EVENT_FIELDS.items() if key in req]
        allowed = [t for t, (req, opt) in EVENT_FIELDS.items() if key in req or key in opt]
        if need:
            checks.append(~col("type").is_in(need) | col(key).is_not_null())
        if len(allowed) < len(EVENT_FIELDS):
            checks.append(col("type").is_in(allowed) | col(key).is_null())
    return checks


def _has_cycle(units: pl.DataFrame) -> bool:
    """Whether ``parent`` links loop (units are few: a walk in Python)."""
    parent = {
        u: p for u, p in zip(units.get_column("id"), units.get_column("parent"), strict=True) if p
    }
    done: set[str] = set()
    for start in parent:
        trail: set[str] = set()
        cur: str | None = start
        while cur is not None and cur not in done:
            if cur in trail:
                return True
            trail.add(cur)
            cur = parent.get(cur)
        done |= trail
    return False


def _frames(t: Tables, columns: Columns | None = None) -> DatasetFrames:
    """The frames' columns of checked tables (of events and pieces only ``columns``, if given)."""
    import polars as pl

    col = pl.col
    sch = schemas()
    empty_list = pl.lit([], dtype=pl.List(pl.Utf8))

    def shaped(name: str, frame: pl.DataFrame, exprs: dict[str, pl.Expr]) -> pl.DataFrame:
        names = list(sch[name])
        if columns is not None and name in ("events", "pieces"):
            names = [c for c in names if c in columns.get(name, ())]
        types: dict[str, Any] = {c: sch[name][c] for c in names if c != "attributes"}
        out = frame.select([exprs.get(c, col(c)).alias(c) for c in types]).cast(
            cast("Any", types)
        )
        if "attributes" not in names:
            return out
        nulls = pl.Series("attributes", [None] * frame.height, dtype=pl.Object)
        return out.with_columns(nulls).select(names)

    events = t.events
    none_s = pl.lit(None, dtype=pl.Utf8)
    return DatasetFrames(
        units=shaped("units", t.units, {}),
        people=shaped("people", t.people, {"units": col("units").fill_null(empty_list)}),
        calls=shaped("calls", t.calls, {"assignees": col("assignees").fill_null(empty_list)}),
        pieces=shaped("pieces", t.pieces, {"n_authors": col("authors").list.len()}),
        authors=t.pieces.select(
            col("id").alias("piece"),
            col("authors").alias("person"),
            col("authors").list.eval(pl.int_range(pl.len(), dtype=pl.Int64)).alias("position"),
        ).explode("person", "position"),
        events=shaped("events", events, {
            "kind": col("kind") if "kind" in events.columns else none_s,
            "persons": (
                col("persons") if "persons" in events.columns
                else pl.lit(None, dtype=pl.List(pl.Utf8))
            ),
        }),
        version=t.version,
    )  # fmt: skip
