"""The ``sqmy-dataset/1.1`` records a scenario adds beside the pieces' streams.

The workflow's streams carry what the OA system records (submissions,
reviews, adoptions ...); its export (:func:`~sqmy_core.workflow.to_dataset_records`)
knows nothing of the 1.1 additions.  A spec still needs them: attributes on
pieces and events (采用程度、单篇/综合), penalties (处罚), manual adjustments
(加减分) and activities (活动).  They are kept here and laid over the exported
records, so the engine sees exactly the dataset a 1.1 import would give.

Event attributes are stored in the stream event's data under ``attributes``
(the stream keeps them for the audit trail); :func:`with_attributes` copies them
onto the exported events, which come out one per stream event of a type the
export carries, in stream order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from attrs import evolve

from sqmy_core.model import Activity, Adjustment, Event
from sqmy_core.model.attributes import AttrValue
from sqmy_core.storage import StoredEvent
from sqmy_core.workflow.records import FIELDS


class Extras:
    """Piece attributes, penalties, adjustments and activities of one scenario."""

    def __init__(self) -> None:
        self.piece_attributes: dict[str, dict[str, AttrValue]] = {}
        self.penalties: list[Event] = []
        self.adjustments: list[Adjustment] = []
        self.activities: list[Activity] = []

    def used(self) -> bool:
        """Whether anything of ``sqmy-dataset/1.1`` was added."""
        return bool(self.piece_attributes or self.penalties or self.adjustments or self.activities)

    def penalties_until(self, pieces: set[str], until: datetime | None) -> list[Event]:
        return [e for e in self.penalties if e.piece in pieces and (until is None or e.at <= until)]

    def adjustments_until(self, until: datetime | None) -> list[Adjustment]:
        return [a for a in self.adjustments if until is None or a.at <= until]

    def activities_until(self, until: datetime | None) -> list[Activity]:
        return [a for a in self.activities if until is None or a.at <= until]


def with_attributes(stream: Sequence[StoredEvent], events: Sequence[Event]) -> list[Event]:
    """``events`` (the export of ``stream``) with the attributes their stream events carry."""
    carried = [e for e in stream[1:] if e.type in FIELDS]
    if len(carried) != len(events):  # pragma: no cover - the export changed its rules
        return list(events)
    out: list[Event] = []
    for stored, event in zip(carried, events, strict=True):
        attrs = stored.data.get("attributes")
        out.append(evolve(event, attributes=dict(attrs)) if isinstance(attrs, Mapping) else event)
    return out
