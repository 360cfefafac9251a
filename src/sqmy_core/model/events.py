"""Everything that happens to a piece, as one flat event record.

One class with optional fields (rather than a class per type) keeps the
engine's inner loop free of isinstance chains and lets storage backends keep
events in one table.  Which fields a type requires is enforced where events
enter the system (the dataset validator and the workflow).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from attrs import field, frozen

from sqmy_core.model.attributes import AttrValue
from sqmy_core.model.shared_methods import shared_repr


@frozen
@shared_repr
class Event:
    """An event of a piece's stream, as in ``sqmy-dataset/1`` ``events[]``."""

    piece: str
    type: str
    at: datetime
    actor: str | None = None
    note: str | None = None
    # approved / rejected / returned / reviewed
    stage: str | None = None
    decision: str | None = None
    # dispatched
    route: str | None = None
    to: str | None = None
    # adopted
    body: str | None = None
    # instructed
    level: str | None = None
    rank: str | None = None
    # handled
    department: str | None = None
    outcome: str | None = None
    # penalized (sqmy-dataset/1.1): the declared kind, and the authors at fault (None: all)
    kind: str | None = None
    persons: tuple[str, ...] | None = None
    attributes: Mapping[str, AttrValue] = field(factory=dict)
