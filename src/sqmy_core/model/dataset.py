"""A year's records as handed over by an OA system (``sqmy-dataset/1``)."""

from __future__ import annotations

from attrs import field, frozen

from sqmy_core.model._convert import as_tuple
from sqmy_core.model.entities import Activity, Adjustment, Call, Person, Piece, Unit
from sqmy_core.model.events import Event
from sqmy_core.model.shared_methods import shared_repr


@frozen
@shared_repr
class Dataset:
    """Units, people, calls, pieces and events, already validated.

    The lists keep the order they were given in; the engine builds its own
    indexes.
    """

    units: tuple[Unit, ...] = field(converter=as_tuple, default=())
    people: tuple[Person, ...] = field(converter=as_tuple, default=())
    calls: tuple[Call, ...] = field(converter=as_tuple, default=())
    pieces: tuple[Piece, ...] = field(converter=as_tuple, default=())
    events: tuple[Event, ...] = field(converter=as_tuple, default=())
    adjustments: tuple[Adjustment, ...] = field(converter=as_tuple, default=())
    activities: tuple[Activity, ...] = field(converter=as_tuple, default=())
    version: str = "1"
    """The contract version the document said (``1`` or ``1.1``); results do not depend on it."""
