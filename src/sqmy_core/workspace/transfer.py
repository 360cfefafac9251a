"""Import and export between a store and ``sqmy-dataset/1``.

An import is one transaction: every registry record and every piece's stream
is written, or none (a piece that already exists, a stale stream, any error
rolls the whole import back).  An export reads the registry and folds every
stream back into the contract's records, so assessing a workspace and
assessing its export give the same result.
"""

from __future__ import annotations

from sqmy_core.errors import ConcurrencyConflict, DatasetError, Problem
from sqmy_core.model import Dataset, Event, Piece
from sqmy_core.storage import EventStore, records
from sqmy_core.workflow import from_dataset_records, to_dataset_records


def import_dataset(store: EventStore, dataset: Dataset) -> None:
    events_of: dict[str, list[Event]] = {}
    for ev in dataset.events:
        events_of.setdefault(ev.piece, []).append(ev)
    with store.transaction():
        for u in dataset.units:
            store.put("unit", u.id, records.unit_doc(u))
        for p in dataset.people:
            store.put("person", p.id, records.person_doc(p))
        for c in dataset.calls:
            store.put("call", c.id, records.call_doc(c))
        for i, piece in enumerate(dataset.pieces):
            evs = sorted(events_of.get(piece.id, []), key=lambda e: e.at)
            try:
                store.append(piece.id, 0, from_dataset_records(piece, evs))
            except ConcurrencyConflict:
                raise DatasetError(
                    [Problem(f"pieces[{i}].id", "piece_exists", {"found": repr(piece.id)})]
                ) from None


def export_dataset(store: EventStore) -> Dataset:
    pieces: list[Piece] = []
    events: list[Event] = []
    for stream in store.streams():
        folded = to_dataset_records(store.read(stream))
        if folded is None:
            continue
        piece, evs = folded
        pieces.append(piece)
        events.extend(evs)
    return Dataset(
        units=[records.unit_of(d) for d in store.list("unit")],
        people=[records.person_of(d) for d in store.list("person")],
        calls=[records.call_of(d) for d in store.list("call")],
        pieces=pieces,
        events=events,
    )
