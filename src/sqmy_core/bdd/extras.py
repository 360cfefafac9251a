"""The ``sqmy-dataset/1.1`` records a scenario adds beside the pieces' streams.

The workflow's streams carry what the OA system records (submissions,
reviews, adoptions ... with their attributes, which the export
:func:`~sqmy_core.workflow.to_dataset_records` gives back).  What a spec adds
beside the streams is kept here and laid over the exported records: piece
attributes (单篇/综合), penalties (处罚), manual adjustments (加减分) and
activities (活动), so the engine sees exactly the dataset a 1.1 import would give.
"""

from __future__ import annotations

from datetime import datetime

from sqmy_core.model import Activity, Adjustment, Event
from sqmy_core.model.attributes import AttrValue


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
