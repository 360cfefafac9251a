"""The gate every import passes: who imports, and whether the records obey the workflow.

An import is an act of a named person, held to the same rules as the
commands (:mod:`sqmy_core.workflow.import_check`).  This module resolves
the importer (registered in the workspace, or -- for the import that fills
an empty workspace -- in the dataset itself), checks every piece's stream
before anything is written, and refuses with every offending record at once
(:class:`~sqmy_core.errors.DatasetError`), so a refused import stores
nothing.  Both readers' results pass the same check: the reference reader's
:class:`~sqmy_core.model.Dataset` here, the fast reader's tables by
:func:`check_tables`, each stream built in the order the import stores it.

The events that name no actor are stored as the importer's: their data's
``imported_by`` names the importer (:func:`marked`), their actor stays none,
so an export gives back the dataset as it was imported.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from sqmy_core.errors import DatasetError, PermissionDenied, Problem
from sqmy_core.interchange.times import parse_time
from sqmy_core.model import Dataset, Event, Person
from sqmy_core.rules import Ruleset
from sqmy_core.storage import EventStore, NewEvent, StoredEvent, records
from sqmy_core.workflow import from_dataset_records
from sqmy_core.workflow.import_check import (
    IMPORTED_MARK,
    ImportCheck,
    may_import,
    piece_problems,
)

if TYPE_CHECKING:
    import polars as pl

    from sqmy_core.interchange.fast_reader import Tables


def importer_of(store: EventStore, people: Mapping[str, Person], actor: str) -> Person:
    """The person importing: registered in the workspace, else among the dataset's people.

    Raises :class:`~sqmy_core.errors.PermissionDenied` for someone unknown or
    without the role ``staff``.
    """
    doc = store.get("person", actor)
    person = records.person_of(doc) if doc is not None else None
    if person is None:
        person = people.get(actor)
    if person is None:
        raise PermissionDenied([Problem("", "unknown_actor", {"found": repr(actor)})])
    refusal = may_import(person)
    if refusal is not None:
        raise PermissionDenied([refusal])
    return person


def marked(events: Sequence[NewEvent], importer: str) -> list[NewEvent]:
    """The stream as stored: an event without an actor is the importer's, marked
    ``imported_by`` (:data:`~sqmy_core.workflow.import_check.IMPORTED_MARK`)."""
    return [
        e
        if e.actor is not None
        else NewEvent(e.type, e.at, None, {**e.data, IMPORTED_MARK: importer})
        for e in events
    ]


def _stored(piece: str, events: Sequence[NewEvent]) -> list[StoredEvent]:
    return [
        StoredEvent(piece, n, 0, e.type, e.at, e.actor, e.data) for n, e in enumerate(events, 1)
    ]


def _indexed(
    piece: str, stream: Sequence[NewEvent], indexed: Sequence[tuple[int, Event]]
) -> tuple[list[StoredEvent], list[int]]:
    return _stored(piece, stream), [i for i, _ in indexed]


def _refuse(found: list[tuple[int, Problem]], source: str | None) -> None:
    if found:
        found.sort(key=lambda item: item[0])
        raise DatasetError([p for _, p in found], source)


def _unknown_actors(
    indexed: Iterable[tuple[int, str | None]], people: Mapping[str, Person]
) -> list[tuple[int, Problem]]:
    """Actors the dataset's validator did not see (a dataset built in code): named, not known."""
    return [
        (i, Problem(f"events[{i}].actor", "unknown_actor", {"found": repr(a)}))
        for i, a in indexed
        if a is not None and a not in people
    ]


def check_dataset(
    ruleset: Ruleset, dataset: Dataset, importer: Person, source: str | None = None
) -> list[list[NewEvent]]:
    """Every piece's stream (unmarked, in ``dataset.pieces`` order) once all obey the workflow.

    Raises :class:`~sqmy_core.errors.DatasetError` naming every offending
    record (``events[i]``), in dataset order.
    """
    people = {p.id: p for p in dataset.people}
    people.setdefault(importer.id, importer)
    events_of: dict[str, list[tuple[int, Event]]] = {}
    for i, ev in enumerate(dataset.events):
        events_of.setdefault(ev.piece, []).append((i, ev))
    found = _unknown_actors(((i, e.actor) for i, e in enumerate(dataset.events)), people)
    _refuse(found, source)
    check = ImportCheck(ruleset, people, importer)
    streams: list[list[NewEvent]] = []
    for piece in dataset.pieces:
        indexed = sorted(events_of.get(piece.id, []), key=lambda item: item[1].at)
        stream = from_dataset_records(piece, [e for _, e in indexed])
        streams.append(stream)
        shape = check.shape(
            piece.authors, ((e.type, e.stage, e.decision, e.actor) for _, e in indexed)
        )
        found.extend(check.problems(shape, partial(_indexed, piece.id, stream, indexed)))
    _refuse(found, source)
    return streams


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_DATA = ("stage", "decision", "route", "body", "level", "rank", "outcome", "kind")
_US = timedelta(microseconds=1)
_NONE = "\x00"  # a key's null (ids are never empty, but may be anything else)


def check_tables(
    ruleset: Ruleset, tables: Tables, importer: Person, source: str | None = None
) -> None:
    """The fast reader's tables pass the same check as :func:`check_dataset` (same problems).

    The pieces' shapes (:class:`~sqmy_core.workflow.import_check.ImportCheck`)
    are built as columns: one text per piece joining its events' type,
    stage, decision, actor's role class and authorship in stream order (time,
    then file order, as the bulk import stores it).  One piece of each shape
    is folded; when it passes, so do the others; when it fails, every piece of
    that shape is folded, so each refusal names its own records.
    """
    import polars as pl

    col = pl.col
    people = TablePeople(tables)
    check = ImportCheck(ruleset, people, importer)
    pieces = tables.pieces.select(col("id"), col("seq").alias("pseq"), "authors", "submitted_us")
    given = tables.events.columns
    cols = [c for c in _DATA if c in given]
    absent = [pl.lit(None, dtype=pl.Utf8).alias(c) for c in ("stage", "decision") if c not in given]
    cols.extend(c for c in ("stage", "decision") if c not in given)
    events = (
        tables.events.with_columns(absent)
        .join(pieces.select(col("id").alias("piece"), "pseq", "authors"), on="piece")
        .select("pseq", "seq", "type", "at_us", "actor", "authors", *cols)
        .sort(["pseq", "at_us", "seq"])
    )
    shapes = _shapes(check, pieces, events, tables.people)
    known = shapes.filter(col("pseq") == col("pseq").min().over("shape"))
    wanted = _failing(check, known, events, cols)
    found: list[tuple[int, Problem]] = []
    if wanted:
        others = shapes.filter(col("shape").is_in(list(wanted)))
        for _, stream, indices in _streams(others, events, cols):
            found.extend(piece_problems(ruleset, stream, indices, people, check.importer))
    _refuse(found, source)


def _shapes(
    check: ImportCheck, pieces: pl.DataFrame, events: pl.DataFrame, people: pl.DataFrame
) -> pl.DataFrame:
    """``pieces`` with their ``shape`` text (see :func:`check_tables`)."""
    import polars as pl

    col = pl.col
    roles = list(check.roles)
    terms = [col(c).is_not_null() for c in ("since", "until") if c in people.columns]
    role_class = people.select(
        col("id").alias("actor"),
        col("roles")
        .fill_null([])
        .list.eval(pl.element().filter(pl.element().is_in(roles)))
        .list.sort()
        .list.join(",")
        .alias("role_class"),
        pl.any_horizontal(terms).alias("term") if terms else pl.lit(False).alias("term"),
    )
    unnamed = col("actor").is_null()
    token = pl.concat_str(
        [
            col("type"),
            col("stage").fill_null(_NONE),
            col("decision").fill_null(_NONE),
            pl.when(unnamed).then(pl.lit(check.role_class(check.importer))).otherwise("role_class"),
            pl.when(unnamed)
            .then(col("authors").list.contains(pl.lit(check.importer.id)))
            .otherwise(col("authors").list.contains(col("actor")))
            .fill_null(False)
            .cast(pl.Utf8),
            # an actor with a term of office: the piece is its own shape (ImportCheck.shape)
            pl.when(~unnamed & col("term").fill_null(False))
            .then(col("pseq").cast(pl.Utf8))
            .otherwise(pl.lit("")),
        ],
        separator="\x1f",
    )
    per_piece = (
        events.join(role_class, on="actor", how="left", maintain_order="left")
        .select("pseq", token.alias("token"))
        .group_by("pseq", maintain_order=True)
        .agg(col("token").str.join("\x1e").alias("shape"))
    )
    return pieces.join(per_piece, on="pseq", how="left", maintain_order="left").with_columns(
        col("shape").fill_null("")
    )


def _failing(
    check: ImportCheck, known: pl.DataFrame, events: pl.DataFrame, cols: list[str]
) -> set[str]:
    """The shapes whose first piece the workflow refuses."""
    import polars as pl

    failing: set[str] = set()
    shape_of = dict(known.select("pseq", "shape").iter_rows())
    firsts = events.filter(pl.col("pseq").is_in(list(shape_of)))
    for pseq, stream, indices in _streams(known, firsts, cols):
        if piece_problems(check.ruleset, stream, indices, check.actors, check.importer):
            failing.add(shape_of[pseq])
    return failing


def _streams(
    pieces: pl.DataFrame, events: pl.DataFrame, cols: list[str]
) -> Iterator[tuple[int, list[StoredEvent], list[int]]]:
    """Each of ``pieces``' streams built from ``events`` (sorted by piece, then stream order),
    with only what the check reads: types, UTC times, actors and the workflow's data keys."""
    import polars as pl

    rows = events.filter(pl.col("pseq").is_in(pieces.get_column("pseq").implode()))
    ev = {c: rows.get_column(c).to_list() for c in ("pseq", "seq", "type", "at_us", "actor", *cols)}
    n, k = rows.height, 0
    pseqs = ev["pseq"]
    order = pieces.select("id", "pseq", "authors", "submitted_us").sort("pseq")
    for pid, pseq, authors, sub_us in order.iter_rows():
        while k < n and pseqs[k] < pseq:
            k += 1
        data0: dict[str, Any] = {"authors": authors or []}
        stream = [StoredEvent(pid, 1, 0, "submitted", _EPOCH + sub_us * _US, None, data0)]
        indices: list[int] = []
        while k < n and pseqs[k] == pseq:
            data = {c: ev[c][k] for c in cols if ev[c][k] is not None}
            at = _EPOCH + ev["at_us"][k] * _US
            stream.append(
                StoredEvent(pid, len(stream) + 1, 0, ev["type"][k], at, ev["actor"][k], data)
            )
            indices.append(ev["seq"][k])
            k += 1
        yield pseq, stream, indices


class TablePeople(Mapping[str, Person]):
    """The tables' people by id, each made a :class:`~sqmy_core.model.Person` (id, name, roles,
    term of office: what the check reads) only when asked for: the check folds few pieces, a
    national file has 600,000 people."""

    def __init__(self, tables: Tables) -> None:
        terms = [c for c in ("since", "until") if c in tables.people.columns]
        frame = tables.people.select("id", "name", "roles", *terms)
        ids, names, roles = (frame.get_column(c).to_list() for c in ("id", "name", "roles"))
        none: list[str | None] = [None] * len(ids)
        since, until = (
            frame.get_column(c).to_list() if c in terms else none for c in ("since", "until")
        )
        self._rows = {
            i: (n, r, a, b) for i, n, r, a, b in zip(ids, names, roles, since, until, strict=True)
        }
        self._made: dict[str, Person] = {}

    def __getitem__(self, ident: str) -> Person:
        person = self._made.get(ident)
        if person is None:
            name, roles, since, until = self._rows[ident]
            person = self._made[ident] = Person(
                ident,
                name,
                tuple(roles or ()),
                since=parse_time(since) if since else None,
                until=parse_time(until) if until else None,
            )
        return person

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)
