"""A dataset file's bytes straight to :class:`DatasetFrames`: fast, and as strict as the reference.

The reference reader (:func:`~sqmy_core.interchange.decode_dataset_bytes`
then :func:`~sqmy_core.interchange.parse_dataset`) builds a Python dict and an
attrs record per record; at national size (millions of events) that is most
of the run and several GiB.  This reader decodes each list with msgspec into
typed structs a chunk at a time (:mod:`.fast_structs`: wrong JSON types and
unknown keys are refused there), re-encodes the chunk and lets polars read
the columns, then checks the rest -- ids, references, vocabularies, each event
type's keys, times, limits -- as column operations (:mod:`.fast_checks`).

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
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Final

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

__all__ = ["Tables", "fast_frames", "fast_tables", "read_frames", "reference_frames"]

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
) -> DatasetFrames:
    """The frames of a ``sqmy-dataset/1`` or ``/1.1`` file's bytes (needs the ``scale`` extra).

    The same parameters, result and errors as
    ``frames_from_dataset(parse_dataset(decode_dataset_bytes(data, ...), ...))``.
    """
    roles = tuple(extra_roles)
    frames = fast_frames(data, extra_roles=roles, declarations=declarations)
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
) -> DatasetFrames | None:
    """The frames of a document this reader can vouch for; None for any other (never an error)."""
    tables = fast_tables(data, extra_roles=extra_roles, declarations=declarations)
    return None if tables is None else _frames(tables)


def fast_tables(
    data: bytes,
    *,
    extra_roles: Iterable[str] = (),
    declarations: Declarations | None = None,
) -> Tables | None:
    """The checked columns of a document this reader can vouch for; None for any other."""
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
    for name in ("adjustments", "activities"):
        # an unknown key in 1.0, even empty; in 1.1 few, and the reference's business
        if raws[name] is not msgspec.UNSET and (version == "1" or not _empty(raws[name])):
            return None
    d = declarations or CONTRACT
    if version == "1.1" and any(a.required for a in d.attributes.values()):
        return None
    colons = 1 + sum(raw is not msgspec.UNSET for raw in raws.values())
    tables: dict[str, pl.DataFrame] = {}
    for name, record in fs.RECORDS[version].items():
        got = _table(raws[name], record)
        if got is None:
            return None
        tables[name], n = got
        colons += n
    if colons != data.count(b":"):
        return None  # a repeated key somewhere: the reference names it
    fields = Fields(Problems(MAX_PROBLEMS), version, extra_roles, d)
    return _checked(tables, fields, version)


def _empty(raw: Any) -> bool:
    return bytes(raw).strip() in (b"null", b"[]")


def _table(raw: Any, record: type[Any]) -> tuple[pl.DataFrame, int] | None:
    """The list's columns (as strings and string lists) and the colons of its re-encoding."""
    import msgspec
    import polars as pl

    fields = record.__struct_fields__
    string_lists = {"roles", "units", "assignees", "authors", "persons"}
    schema = {f: pl.List(pl.Utf8) if f in string_lists else pl.Utf8 for f in fields}
    schema.pop("attributes", None)
    empty = pl.DataFrame(schema=schema)
    if raw is msgspec.UNSET:
        return empty, 0
    try:
        items = msgspec.json.decode(raw, type=list[msgspec.Raw] | None)
    except (msgspec.DecodeError, RecursionError):
        return None
    if not items:
        return empty, 0
    chunks: list[pl.DataFrame] = []
    colons = 0
    decoder = msgspec.json.Decoder(list[record])  # type: ignore[valid-type]
    encoder = msgspec.json.Encoder()
    while items:
        text = b"[" + b",".join(items[:CHUNK]) + b"]"
        del items[:CHUNK]  # each record's raw slice goes as soon as it is decoded
        try:
            records = decoder.decode(text)
        except (msgspec.DecodeError, RecursionError):  # ValidationError is a DecodeError
            return None
        again = encoder.encode_lines(records)  # newline-delimited: polars reads it in parallel
        del records
        colons += again.count(b":")
        chunks.append(pl.read_ndjson(io.BytesIO(again), schema=schema))
    return pl.concat(chunks, rechunk=True), colons


def _members(frame: pl.DataFrame) -> pl.Series:
    """The table's ids, as one list (what ``is_in`` looks values up in)."""
    return frame.get_column("id").implode()


def _vocab(words: Iterable[str]) -> pl.Series:
    import polars as pl

    return pl.Series(list(words), dtype=pl.Utf8).implode()


def _checked(t: dict[str, pl.DataFrame], f: Fields, version: str) -> Tables | None:
    """The frames, if every column check passes; None at the first that does not."""
    import polars as pl

    from sqmy_core.interchange import fast_checks as ck

    col = pl.col
    units, people, calls, pieces, events = (
        t["units"], t["people"], t["calls"], t["pieces"], t["events"],
    )  # fmt: skip
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
    pieces = pieces.with_columns(sub_us.alias("submitted_us"))

    events = events.join(
        pieces.select(col("id").alias("piece"), col("submitted_us")),
        on="piece",
        how="left",
        maintain_order="left",
    )
    if not _events_ok(events, f, person_ids):
        return None

    def seq() -> pl.Expr:
        return pl.int_range(pl.len(), dtype=pl.Int64).alias("seq")

    return Tables(
        units=units,
        people=people.with_columns(
            seq(), since_us.alias("since_us"), until_us.alias("until_us")
        ),
        calls=calls.with_columns(due_us.alias("due_us")),
        pieces=pieces.with_columns(seq()),
        events=events.with_columns(seq(), ck.time_us(col("at"))[1].alias("at_us")),
        version=version,
    )


def _events_ok(events: pl.DataFrame, f: Fields, person_ids: pl.Series) -> bool:
    import polars as pl

    from sqmy_core.interchange import fast_checks as ck

    col = pl.col
    at_ok, at_us = ck.time_us(col("at"))
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
        col("submitted_us").is_not_null(),  # the piece exists
        at_ok,
        at_us >= col("submitted_us"),
        *(ck.opt(col(key), kinds[key]) for key in _EVENT_KEYS),
    ]
    if "kind" in events.columns:
        checks += [col("kind").is_null(), col("persons").is_null()]
    for key in _EVENT_KEYS:
        need = [t for t, (req, _) in EVENT_FIELDS.items() if key in req]
        allowed = [t for t, (req, opt) in EVENT_FIELDS.items() if key in req or key in opt]
        if need:
            checks.append(~col("type").is_in(need) | col(key).is_not_null())
        if len(allowed) < len(EVENT_FIELDS):
            checks.append(col("type").is_in(allowed) | col(key).is_null())
    return ck.all_true(events, checks)


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


def _frames(t: Tables) -> DatasetFrames:
    """The frames' columns of checked tables."""
    import polars as pl

    col = pl.col
    sch = schemas()
    empty_list = pl.lit([], dtype=pl.List(pl.Utf8))

    def shaped(name: str, frame: pl.DataFrame, exprs: dict[str, pl.Expr]) -> pl.DataFrame:
        nulls = {"attributes": pl.Series("attributes", [None] * frame.height, dtype=pl.Object)}
        out = frame.select(
            [exprs.get(c, col(c)).alias(c) for c in sch[name] if c != "attributes"]
        ).with_columns(**nulls)
        return out.cast({c: d for c, d in sch[name].items() if c != "attributes"})

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
