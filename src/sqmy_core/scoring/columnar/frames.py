"""A dataset as columns: the input of the columnar batch path (needs the ``scale`` extra).

The reference engine walks attrs records event by event; at provincial and
national size the cost is those per-event Python objects.  The columnar path
reads the same dataset as a handful of polars tables instead — built from a
parsed :class:`~sqmy_core.model.Dataset` (:func:`frames_from_dataset`), by the
fast JSON reader straight from the bytes, or from a workspace store — so every
producer of frames must give exactly these columns and types.  The one
exception is asked for by the consumer: the fast reader, given the columnar
path's :func:`~sqmy_core.scoring.columnar.stream.frame_columns`, leaves the
other columns of ``events`` and ``pieces`` out (such frames cannot be turned
back into a dataset; their reader reads the file again for the reference).

Times are integers: microseconds since the Unix epoch (UTC), so period and
year cut-offs are integer comparisons against values computed once from the
ruleset's :class:`~sqmy_core.scoring.clock.YearClock`.  Record order is kept
in ``seq`` (the index in the dataset's list), which is also the tie-break of
events at the same time, as in the reference engine.  ``attributes`` holds the
record's attribute mapping (``None`` when it has none) as a Python object;
adjustments and activities are few and stay records.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from attrs import frozen

from sqmy_core.model import Activity, Adjustment, Call, Dataset, Event, Person, Piece, Unit

if TYPE_CHECKING:
    import polars as pl

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

UNIT_COLUMNS = ("id", "name", "kind", "parent", "attributes")
PERSON_COLUMNS = ("seq", "id", "name", "roles", "units", "since_us", "until_us", "attributes")
CALL_COLUMNS = ("id", "title", "kind", "assignees", "due_us", "attributes")
PIECE_COLUMNS = (
    "seq", "id", "title", "unit", "topic", "call", "submitted_us", "n_authors", "attributes",
)  # fmt: skip
AUTHOR_COLUMNS = ("piece", "person", "position")
EVENT_COLUMNS = (
    "seq", "piece", "type", "at_us", "actor", "stage", "decision", "route", "to", "body",
    "level", "rank", "department", "outcome", "kind", "persons", "attributes",
)  # fmt: skip
"""Column names of each table, in order (the types are in :func:`schemas`)."""


def micros(at: datetime) -> int:
    """A timezone-aware time as integer microseconds since the epoch (exact)."""
    delta = at - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def schemas() -> dict[str, dict[str, Any]]:
    """The polars schema of each table (imported lazily: polars is an extra)."""
    import polars as pl

    s, i64, lst, obj = pl.Utf8, pl.Int64, pl.List(pl.Utf8), pl.Object
    return {
        "units": {"id": s, "name": s, "kind": s, "parent": s, "attributes": obj},
        "people": {
            "seq": i64, "id": s, "name": s, "roles": lst, "units": lst,
            "since_us": i64, "until_us": i64, "attributes": obj,
        },
        "calls": {
            "id": s, "title": s, "kind": s, "assignees": lst, "due_us": i64, "attributes": obj,
        },
        "pieces": {
            "seq": i64, "id": s, "title": s, "unit": s, "topic": s, "call": s,
            "submitted_us": i64, "n_authors": i64, "attributes": obj,
        },
        "authors": {"piece": s, "person": s, "position": i64},
        "events": {
            "seq": i64, "piece": s, "type": s, "at_us": i64, "actor": s, "stage": s,
            "decision": s, "route": s, "to": s, "body": s, "level": s, "rank": s,
            "department": s, "outcome": s, "kind": s, "persons": lst, "attributes": obj,
        },
    }  # fmt: skip


@frozen
class DatasetFrames:
    """One dataset as polars tables (columns and types as in :func:`schemas`)."""

    units: pl.DataFrame
    people: pl.DataFrame
    calls: pl.DataFrame
    pieces: pl.DataFrame
    authors: pl.DataFrame
    events: pl.DataFrame
    adjustments: tuple[Adjustment, ...] = ()
    activities: tuple[Activity, ...] = ()
    version: str = "1"


def _attrs(value: Mapping[str, object]) -> Mapping[str, object] | None:
    return value or None


def _us(at: datetime | None) -> int | None:
    return None if at is None else micros(at)


def frames_from_dataset(dataset: Dataset) -> DatasetFrames:
    """The columns of a parsed dataset (the reference producer other producers are tested against)."""
    import polars as pl

    sch = schemas()

    def frame(name: str, rows: list[tuple[object, ...]]) -> pl.DataFrame:
        return pl.DataFrame(rows, schema=sch[name], orient="row")

    return DatasetFrames(
        units=frame("units", [(u.id, u.name, u.kind, u.parent, _attrs(u.attributes))
                              for u in dataset.units]),
        people=frame("people", [
            (i, p.id, p.name, list(p.roles), list(p.units), _us(p.since), _us(p.until),
             _attrs(p.attributes)) for i, p in enumerate(dataset.people)]),
        calls=frame("calls", [(c.id, c.title, c.kind, list(c.assignees), _us(c.due),
                               _attrs(c.attributes)) for c in dataset.calls]),
        pieces=frame("pieces", [
            (i, p.id, p.title, p.unit, p.topic, p.call, micros(p.submitted_at), len(p.authors),
             _attrs(p.attributes)) for i, p in enumerate(dataset.pieces)]),
        authors=frame("authors", [(p.id, a, pos) for p in dataset.pieces
                                  for pos, a in enumerate(p.authors)]),
        events=frame("events", [
            (i, e.piece, e.type, micros(e.at), e.actor, e.stage, e.decision, e.route, e.to,
             e.body, e.level, e.rank, e.department, e.outcome, e.kind,
             None if e.persons is None else list(e.persons), _attrs(e.attributes))
            for i, e in enumerate(dataset.events)]),
        adjustments=dataset.adjustments,
        activities=dataset.activities,
        version=dataset.version,
    )  # fmt: skip


def _at(us: int | None) -> datetime | None:
    return None if us is None else EPOCH + timedelta(microseconds=us)


def dataset_from_frames(frames: DatasetFrames) -> Dataset:
    """The records back from the columns, for the reference path (times in UTC).

    What the frames do not carry (event notes, piece texts) is not needed to
    assess; everything an assessment reads is restored exactly.
    """
    authors: dict[str, list[tuple[int, str]]] = {}
    for piece, person, position in frames.authors.iter_rows():
        authors.setdefault(piece, []).append((position, person))
    return Dataset(
        units=tuple(Unit(i, n, k, p, a or {}) for i, n, k, p, a in frames.units.iter_rows()),
        people=tuple(
            Person(i, n, tuple(r or ()), tuple(u or ()), _at(s), _at(t), a or {})
            for _, i, n, r, u, s, t, a in frames.people.sort("seq").iter_rows()
        ),
        calls=tuple(Call(i, t, k, tuple(s or ()), _at(d), a or {})
                    for i, t, k, s, d, a in frames.calls.iter_rows()),
        pieces=tuple(
            Piece(id=i, title=t, authors=tuple(p for _, p in sorted(authors.get(i, []))),
                  submitted_at=EPOCH + timedelta(microseconds=s), unit=u, topic=tp, call=c,
                  attributes=a or {})
            for _, i, t, u, tp, c, s, _n, a in frames.pieces.sort("seq").iter_rows()
        ),
        events=tuple(
            Event(piece=p, type=ty, at=EPOCH + timedelta(microseconds=at), actor=ac, stage=st,
                  decision=de, route=ro, to=to, body=bo, level=le, rank=ra, department=dp,
                  outcome=ou, kind=ki, persons=None if pe is None else tuple(pe),
                  attributes=a or {})
            for _, p, ty, at, ac, st, de, ro, to, bo, le, ra, dp, ou, ki, pe, a
            in frames.events.sort("seq").iter_rows()
        ),
        adjustments=frames.adjustments,
        activities=frames.activities,
        version=frames.version,
    )  # fmt: skip
