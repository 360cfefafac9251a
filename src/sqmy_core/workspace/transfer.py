"""Import and export between a store and ``sqmy-dataset/1`` / ``/1.1``.

An import is one transaction: every registry record and every piece's stream
is written, or none (a piece that already exists, a stale stream, any error
rolls the whole import back).  It is an act of a named person (staff), and
its records obey the workflow as if their actors did them now
(:mod:`sqmy_core.workspace.import_gate`): a refusal names every offending
record and stores nothing.  An export reads the registry and folds every
stream back into the contract's records, so assessing a workspace and
assessing its export give the same result.

The workspace keeps every 1.1 addition (attributes, ``until``, piece text,
``penalized`` events, adjustments, activities, declared vocabularies), and
an export says ``sqmy-dataset/1.1`` exactly when it holds one of them: a
workspace with none exports ``sqmy-dataset/1`` as it always did.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from attrs import evolve, frozen

from sqmy_core.errors import ConcurrencyConflict, DatasetError, Problem
from sqmy_core.interchange import decode_dataset_bytes, parse_dataset
from sqmy_core.model import Dataset, Event, Piece
from sqmy_core.model.vocab import BODIES, BUILTIN_ROLES, EVENT_TYPES, RANKS, UNIT_KINDS
from sqmy_core.rules import Ruleset
from sqmy_core.rules.declared import declarations_of
from sqmy_core.storage import BulkImport, EventRow, EventStore, NewEvent, RegistryKind, records
from sqmy_core.storage.audit import Digest
from sqmy_core.storage.checks import dump_json, utc_key
from sqmy_core.workflow import to_dataset_records
from sqmy_core.workspace.files import read_dataset_bytes
from sqmy_core.workspace.import_gate import check_dataset, importer_of, marked
from sqmy_core.workspace.progress import Progress, tell

if TYPE_CHECKING:
    from sqmy_core.interchange.fast_reader import Tables


def import_dataset(
    store: EventStore,
    ruleset: Ruleset,
    dataset: Dataset,
    *,
    actor: str,
    source: str | None = None,
) -> None:
    """Store a validated dataset in one transaction: all of it, or nothing.

    ``actor`` is the person importing (see
    :func:`~sqmy_core.workspace.import_gate.importer_of`); every piece's
    events must obey the ruleset's workflow as if their actors did them now
    (:mod:`sqmy_core.workflow.import_check`), or the import is refused with
    every offending record before anything is written.  A store with the
    :class:`~sqmy_core.storage.BulkImport` capability gets every row in one
    insert; any other store record by record.
    """
    importer = importer_of(store, {p.id: p for p in dataset.people}, actor)
    streams = [marked(s, importer.id) for s in check_dataset(ruleset, dataset, importer, source)]
    _store(store, dataset, streams)


def _store(store: EventStore, dataset: Dataset, streams: list[list[NewEvent]]) -> None:
    """Write the registry and the checked, marked streams (``dataset.pieces`` order): all, or none."""
    if isinstance(store, BulkImport):
        _bulk_import(store, dataset, streams)
        return
    with store.transaction():
        for kind, ident, record in _registry(dataset):
            store.put(kind, ident, record)
        for i, (piece, stream) in enumerate(zip(dataset.pieces, streams, strict=True)):
            try:
                store.append(piece.id, 0, stream)
            except ConcurrencyConflict:
                raise _piece_exists(i, piece.id) from None


def _registry(dataset: Dataset) -> Iterator[tuple[RegistryKind, str, dict[str, Any]]]:
    for u in dataset.units:
        yield "unit", u.id, records.unit_doc(u)
    for p in dataset.people:
        yield "person", p.id, records.person_doc(p)
    for c in dataset.calls:
        yield "call", c.id, records.call_doc(c)
    for a in dataset.adjustments:
        yield "adjustment", a.id, records.adjustment_doc(a)
    for act in dataset.activities:
        yield "activity", act.id, records.activity_doc(act)


def _bulk_import(store: BulkImport, dataset: Dataset, streams: list[list[NewEvent]]) -> None:
    registry = [(kind, ident, dump_json(rec, "record")) for kind, ident, rec in _registry(dataset)]
    rows: list[EventRow] = []
    for piece, stream in zip(dataset.pieces, streams, strict=True):
        for n, e in enumerate(stream, 1):
            data = dump_json(e.data, f"events[{n - 1}].data")
            rows.append((piece.id, n, e.type, e.at.isoformat(), utc_key(e.at), e.actor, data))
    ids = [p.id for p in dataset.pieces]
    raise_taken(store.import_rows(registry, ids, rows), ids)


def raise_taken(taken: Sequence[str], ids: Sequence[str]) -> None:
    """Refuse an import whose pieces are already in the store (the first one, by its index)."""
    if taken:
        first = dict.fromkeys(taken)
        i = next(i for i, pid in enumerate(ids) if pid in first)
        raise _piece_exists(i, ids[i])


def _piece_exists(i: int, piece: str) -> DatasetError:
    return DatasetError([Problem(f"pieces[{i}].id", "piece_exists", {"found": repr(piece)})])


FAST_IMPORT_BYTES: Final = 4 << 20
"""From this size on, a file imported into a bulk-capable store is checked by the fast
reader when the ``scale`` extra is installed (a small file never pays its imports)."""


@frozen
class Imported:
    """How many records of each list an import stored."""

    units: int
    people: int
    calls: int
    pieces: int
    events: int


def import_file(
    store: EventStore,
    ruleset: Ruleset,
    path: str | Path,
    *,
    actor: str,
    progress: Progress | None = None,
) -> Imported:
    """Read, validate and store a dataset file in one transaction: all of it, or nothing.

    ``actor`` imports, and the records obey the workflow, as in :func:`import_dataset`.
    ``progress`` is told three steps: the file read, its records checked, stored.

    A large file going into a :class:`~sqmy_core.storage.BulkImport` store is
    checked by the fast reader and stored from its columns; any other file --
    or one the fast reader does not vouch for -- by the reference reader, whose
    errors name the record and key.  Both accept and store the same.
    """
    return _import_file(store, ruleset, path, actor=actor, progress=progress)[0]


def import_file_claimed(
    store: EventStore,
    ruleset: Ruleset,
    path: str | Path,
    *,
    actor: str,
    progress: Progress | None = None,
) -> tuple[Imported, dict[str, Any]]:
    """:func:`import_file`, and the audit claim of what it stored
    (:func:`~sqmy_core.workspace.audit_claims.import_claim`'s); call it inside the
    transaction that audits the import.

    The bulk path makes the claim from the columns it stores
    (:mod:`~sqmy_core.workspace.bulk_claims`); the record-by-record path reads
    its rows back.  Both claims are the same for the same rows.
    """
    from sqmy_core.workspace.audit_claims import import_claim
    from sqmy_core.workspace.bulk_claims import stored_claim

    with store.transaction():
        streams, history = len(store.streams()), store.audit_marks()[1]
        imported, digests = _import_file(store, ruleset, path, actor=actor, progress=progress)
        if digests is None:
            return imported, import_claim(store, streams, history)
        return imported, stored_claim(streams, imported.pieces, digests[0], history, digests[1])


def _import_file(
    store: EventStore,
    ruleset: Ruleset,
    path: str | Path,
    *,
    actor: str,
    progress: Progress | None,
) -> tuple[Imported, tuple[Digest, Digest] | None]:
    """:func:`import_file`, with the bulk path's digests of the events and history it stored."""
    extra_roles, declarations = ruleset.reviewer_roles, declarations_of(ruleset)
    data = read_dataset_bytes(path)
    tell(progress, 1, _STEPS)
    if len(data) >= FAST_IMPORT_BYTES and isinstance(store, BulkImport) and _scale():
        from sqmy_core.interchange.fast_reader import fast_tables

        tables = fast_tables(data, extra_roles=extra_roles, declarations=declarations)
        if tables is not None:
            del data  # the tables hold their own copies; the rows need the memory
            tell(progress, 2, _STEPS)
            digests = import_tables(store, ruleset, tables, actor=actor, source=str(path))
            tell(progress, 3, _STEPS)
            t = tables
            counts = (x.height for x in (t.units, t.people, t.calls, t.pieces, t.events))
            return Imported(*counts), digests
    source = str(path)
    dataset = parse_dataset(
        decode_dataset_bytes(data, source=source),
        source=source,
        extra_roles=extra_roles,
        declarations=declarations,
    )
    tell(progress, 2, _STEPS)
    import_dataset(store, ruleset, dataset, actor=actor, source=source)
    tell(progress, 3, _STEPS)
    d = dataset
    return Imported(len(d.units), len(d.people), len(d.calls), len(d.pieces), len(d.events)), None


_STEPS: Final = 3
"""What :func:`import_file` tells its progress callback: read, checked, stored."""


def import_tables(
    store: EventStore, ruleset: Ruleset, tables: Tables, *, actor: str, source: str | None = None
) -> tuple[Digest, Digest]:
    """Store the fast reader's checked tables (the same check and rows as :func:`import_dataset`)
    in a store with the :class:`~sqmy_core.storage.BulkImport` capability.

    Returns the audit digests of the event rows and of the registry history entries stored
    (:mod:`~sqmy_core.workspace.bulk_claims`), made from the columns as they were inserted.
    """
    from sqmy_core.workspace.bulk_rows import (
        event_rows,
        registry_digest,
        registry_frame,
        registry_rows,
    )
    from sqmy_core.workspace.import_gate import TablePeople, check_tables

    if not isinstance(store, BulkImport):
        raise TypeError(f"{type(store).__name__} cannot import rows in bulk")
    importer = importer_of(store, TablePeople(tables), actor)
    check_tables(ruleset, tables, importer, source)
    ids: list[str] = tables.pieces.get_column("id").to_list()
    rows = event_rows(tables, importer.id)
    registry = registry_frame(tables)
    with store.transaction():
        # the history numbers the store gives the registry rows, in this transaction
        history = registry_digest(registry, store.audit_marks()[1] + 1)
        raise_taken(store.import_rows(registry_rows(registry), ids, rows), ids)
    return rows.stored, history


def _scale() -> bool:
    """Whether the ``scale`` extra (polars, msgspec) is installed."""
    return all(find_spec(name) is not None for name in ("polars", "msgspec"))


def export_dataset(store: EventStore, extra_roles: Iterable[str] = ()) -> Dataset:
    """The store's records; ``extra_roles`` (the ruleset's reviewer roles) are allowed in ``/1``."""
    pieces: list[Piece] = []
    events: list[Event] = []
    for stream in store.streams():
        folded = to_dataset_records(store.read(stream))
        if folded is None:
            continue
        piece, evs = folded
        pieces.append(piece)
        events.extend(evs)
    ds = Dataset(
        units=[records.unit_of(d) for d in store.list("unit")],
        people=[records.person_of(d) for d in store.list("person")],
        calls=[records.call_of(d) for d in store.list("call")],
        pieces=pieces,
        events=events,
        adjustments=[records.adjustment_of(d) for d in store.list("adjustment")],
        activities=[records.activity_of(d) for d in store.list("activity")],
    )
    return evolve(ds, version="1.1") if needs_11(ds, extra_roles) else ds


def needs_11(ds: Dataset, extra_roles: Iterable[str] = ()) -> bool:
    """Whether ``ds`` holds anything a ``sqmy-dataset/1`` document cannot say."""
    roles = {*BUILTIN_ROLES, *extra_roles}
    return bool(
        ds.adjustments
        or ds.activities
        or any(u.attributes or u.kind not in UNIT_KINDS for u in ds.units)
        or any(
            p.attributes or p.until is not None or not roles.issuperset(p.roles) for p in ds.people
        )
        or any(c.attributes for c in ds.calls)
        or any(x.attributes or x.text is not None for x in ds.pieces)
        or any(_event_needs_11(e) for e in ds.events)
    )


def _event_needs_11(e: Event) -> bool:
    return bool(
        e.attributes
        or e.type not in EVENT_TYPES
        or (e.type == "adopted" and e.body not in BODIES)
        or (e.type == "instructed" and e.rank not in RANKS)
    )
