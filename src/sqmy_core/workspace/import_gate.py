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
from sqmy_core.model import Dataset, Event, Person
from sqmy_core.rules import Ruleset
from sqmy_core.storage import EventStore, NewEvent, StoredEvent, records
from sqmy_core.workflow import from_dataset_records
from sqmy_core.workflow.import_check import IMPORTED_MARK, ImportCheck, may_import

if TYPE_CHECKING:
    from sqmy_core.interchange.fast_reader import Tables


def importer_of(store: EventStore, people: Iterable[Person], actor: str) -> Person:
    """The person importing: registered in the workspace, else among the dataset's people.

    Raises :class:`~sqmy_core.errors.PermissionDenied` for someone unknown or
    without the role ``staff``.
    """
    doc = store.get("person", actor)
    person = records.person_of(doc) if doc is not None else None
    if person is None:
        person = next((p for p in people if p.id == actor), None)
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


def check_tables(
    ruleset: Ruleset, tables: Tables, importer: Person, source: str | None = None
) -> None:
    """The fast reader's tables pass the same check as :func:`check_dataset` (same problems).

    Each piece's stream is in the order the bulk import stores it (time, then
    file order); a piece's events become stored events only when its shape
    has not passed yet.
    """
    import polars as pl

    people = {p.id: p for p in table_people(tables)}
    people.setdefault(importer.id, importer)
    check = ImportCheck(ruleset, people, importer)
    pieces = tables.pieces.select("id", "seq", "authors", "submitted_us").sort("seq")
    given = tables.events.columns
    cols = [c for c in _DATA if c in given]
    absent = [pl.lit(None, dtype=pl.Utf8).alias(c) for c in ("stage", "decision") if c not in given]
    cols.extend(c for c in ("stage", "decision") if c not in given)
    events = (
        tables.events.join(
            pieces.select(pl.col("id").alias("piece"), pl.col("seq").alias("pseq")), on="piece"
        )
        .with_columns(absent)
        .select("pseq", "seq", "type", "at_us", "actor", *cols)
        .sort(["pseq", "at_us", "seq"])
    )
    ev = {c: events.get_column(c).to_list() for c in events.columns}
    types, stages, decisions, actors = ev["type"], ev["stage"], ev["decision"], ev["actor"]
    found: list[tuple[int, Problem]] = []
    pseqs, n, k = ev["pseq"], events.height, 0
    for pid, pseq, authors, sub_us in pieces.iter_rows():
        start = k
        while k < n and pseqs[k] == pseq:
            k += 1
        rows = range(start, k)
        shape = check.shape(
            authors or (), ((types[r], stages[r], decisions[r], actors[r]) for r in rows)
        )

        def stream(pid: str = pid, authors: list[str] = authors, sub_us: int = sub_us,
                   rows: range = rows) -> tuple[list[StoredEvent], list[int]]:  # fmt: skip
            out = [StoredEvent(pid, 1, 0, "submitted", _EPOCH + sub_us * _US, None,
                               {"authors": authors or []})]  # fmt: skip
            for r in rows:
                data: dict[str, Any] = {c: ev[c][r] for c in cols if ev[c][r] is not None}
                at = _EPOCH + ev["at_us"][r] * _US
                out.append(StoredEvent(pid, len(out) + 1, 0, types[r], at, actors[r], data))
            return out, [ev["seq"][r] for r in rows]

        found.extend(check.problems(shape, stream))
    _refuse(found, source)


def table_people(tables: Tables) -> Iterator[Person]:
    """The tables' people with what the check reads of them (id, roles)."""
    frame = tables.people.select("id", "name", "roles")
    for ident, name, roles in frame.iter_rows():
        yield Person(ident, name, tuple(roles or ()))
