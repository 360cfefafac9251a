"""Domain records and vocabularies (pure; no I/O)."""

from sqmy_core.model.dataset import Dataset
from sqmy_core.model.entities import Call, Clue, Person, Piece, Unit
from sqmy_core.model.events import Event

__all__ = ["Call", "Clue", "Dataset", "Event", "Person", "Piece", "Unit"]
