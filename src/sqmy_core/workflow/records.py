"""Map a piece's stream to ``sqmy-dataset/1`` and ``/1.1`` records, and back (exports and imports).

Export (:func:`to_dataset_records`):

- ``submitted`` gives the :class:`~sqmy_core.model.Piece`: ``submitted_at``
  is the (first) submission's time; the title is the latest one (a
  resubmission may change it);
- ``reviewed``, ``approved``, ``returned``, ``rejected``, ``dispatched``,
  ``adopted``, ``instructed`` and ``handled`` become model
  :class:`~sqmy_core.model.Event` records with their fields, ``actor`` and
  ``note``; approved/returned/rejected carry the ``stage`` that decided;
- internal details the contract has no field for stay in the stream only:
  ``expert_reviewed`` and ``resubmitted`` events are dropped, and so are the
  ``checks`` of a ``reviewed`` event, the planned ``routes`` of
  ``approved``, and the ``clue`` and ``note`` of ``submitted`` (the audit
  trail keeps them);
- a withdrawn piece gives ``None``: the author took it back, so it is left
  out of exports and therefore of assessments (it never counts as
  submitted);
- unknown event types are skipped, so streams written by a newer version
  still export.

Import (:func:`from_dataset_records`) is the inverse: a ``submitted`` event
from the piece, then the events in time order (stable; the assessment
orders them the same way).  ``to_dataset_records`` of the result gives back
the same Piece and Events.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from sqmy_core.errors import DatasetError, Problem
from sqmy_core.model.entities import Piece
from sqmy_core.model.events import Event
from sqmy_core.storage import NewEvent, StoredEvent
from sqmy_core.storage.records import attributes_doc, attributes_of

FIELDS: Final[Mapping[str, tuple[str, ...]]] = {
    "reviewed": ("stage", "decision"),
    "approved": ("stage",),
    "returned": ("stage",),
    "rejected": ("stage",),
    "dispatched": ("route", "to"),
    "adopted": ("body",),
    "instructed": ("level", "rank"),
    "handled": ("outcome", "department"),
    "penalized": ("kind",),
}
"""The event types a dataset carries, and the data keys that become Event fields."""

INTERNAL_TYPES: Final = ("expert_reviewed", "resubmitted")
"""Stream-only event types (dropped from exports)."""


def _str(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    return value if isinstance(value, str) else None


def to_dataset_records(state_events: Sequence[StoredEvent]) -> tuple[Piece, list[Event]] | None:
    """The piece and its dataset events, or None for a withdrawn (or empty) stream."""
    if not state_events or state_events[0].type != "submitted":
        return None
    first = state_events[0]
    title = str(first.data.get("title", ""))
    events: list[Event] = []
    for ev in state_events[1:]:
        if ev.type == "withdrawn":
            return None
        if ev.type == "resubmitted":
            title = _str(ev.data, "title") or title
            continue
        event = dataset_event(first.stream, ev)
        if event is not None:
            events.append(event)
    d = first.data
    piece = Piece(
        id=first.stream,
        title=title,
        authors=tuple(d.get("authors", ())),
        submitted_at=first.at,
        unit=_str(d, "unit"),
        topic=_str(d, "topic"),
        call=_str(d, "call"),
        text=_str(d, "text"),
        attributes=attributes_of(d.get("attributes")),
    )
    return piece, events


def dataset_event(piece_id: str, ev: StoredEvent) -> Event | None:
    """The dataset event one stored event of the piece gives (None: a type the contract does
    not carry).  ``withdrawn`` and ``resubmitted`` change the piece itself: see
    :func:`to_dataset_records`."""
    keys = FIELDS.get(ev.type)
    if keys is None:
        return None
    fields: dict[str, Any] = {k: _str(ev.data, k) for k in keys}
    persons = ev.data.get("persons")
    if isinstance(persons, list):
        fields["persons"] = tuple(persons)
    return Event(
        piece_id,
        ev.type,
        ev.at,
        ev.actor,
        _str(ev.data, "note"),
        attributes=attributes_of(ev.data.get("attributes")),
        **fields,
    )


def _event_data(ev: Event) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key in FIELDS[ev.type]:
        value = getattr(ev, key)
        if value is not None:
            data[key] = value
    if ev.persons is not None:
        data["persons"] = list(ev.persons)
    if ev.type == "approved":
        data["routes"] = []
    if ev.note is not None:
        data["note"] = ev.note
    if ev.attributes:
        data["attributes"] = attributes_doc(ev.attributes)
    return data


def from_dataset_records(piece: Piece, events: Sequence[Event]) -> list[NewEvent]:
    """The stream that imports ``piece`` and its ``events`` (all of this piece, already validated).

    Raises :class:`~sqmy_core.errors.DatasetError` for an event of another
    piece or of a type the contract does not know.
    """
    problems: list[Problem] = []
    for i, ev in enumerate(events):
        if ev.piece != piece.id:
            problems.append(
                Problem(
                    f"events[{i}].piece",
                    "wf_other_piece",
                    {"found": repr(ev.piece), "piece": piece.id},
                )
            )
        elif ev.type not in FIELDS:
            problems.append(
                Problem(
                    f"events[{i}].type",
                    "unknown_value",
                    {"what": "event_type", "found": repr(ev.type), "allowed": ", ".join(FIELDS)},
                )
            )
    if problems:
        raise DatasetError(problems)
    submitted: dict[str, Any] = {"title": piece.title, "authors": list(piece.authors)}
    for key in ("unit", "call", "topic", "text"):
        value = getattr(piece, key)
        if value is not None:
            submitted[key] = value
    if piece.attributes:
        submitted["attributes"] = attributes_doc(piece.attributes)
    out = [NewEvent("submitted", piece.submitted_at, None, submitted)]
    for ev in sorted(events, key=lambda e: e.at):
        out.append(NewEvent(ev.type, ev.at, ev.actor, _event_data(ev)))
    return out
