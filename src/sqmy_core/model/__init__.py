"""Domain records and vocabularies (pure; no I/O)."""

from sqmy_core.model.attributes import AttributeSpec, AttrValue, Declarations
from sqmy_core.model.dataset import Dataset
from sqmy_core.model.entities import Activity, Adjustment, Call, Clue, Person, Piece, Unit
from sqmy_core.model.events import Event

__all__ = [
    "Activity",
    "Adjustment",
    "AttrValue",
    "AttributeSpec",
    "Call",
    "Clue",
    "Dataset",
    "Declarations",
    "Event",
    "Person",
    "Piece",
    "Unit",
]
