"""What each version of ``sqmy-dataset`` allows: formats, keys, event types and limits.

One table per version, so that a ``sqmy-dataset/1`` document is held to exactly
the keys it had before 1.1 (a 1.1 addition there is an unknown key, with the
same message as ever), and the writer and the JSON Schemas can follow the same
tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from sqmy_core.model import vocab

DATASET_FORMAT: Final = "sqmy-dataset/1"
DATASET_FORMAT_11: Final = "sqmy-dataset/1.1"
FORMATS: Final = {DATASET_FORMAT: "1", DATASET_FORMAT_11: "1.1"}
"""Format string -> the version :attr:`~sqmy_core.model.Dataset.version` records."""

MAX_PROBLEMS: Final = 50
"""At most this many problems are listed; one more problem counts the rest."""

# -- limits (all versions) ---------------------------------------------------

MAX_ID: Final = 128
"""Longest id, in characters (every store keeps it in an indexed column)."""
MAX_NAME: Final = 500
"""Longest name, title, topic, clause, ``to`` or department, in characters."""
MAX_TEXT: Final = 100_000
"""Longest note, reason, piece body or string attribute, in characters."""
MAX_DEPTH: Final = 4
"""The contract's own nesting: document, list, record, attributes object or id list."""
MAX_NUMBER: Final = 10**9
"""Largest magnitude of a number (adjustment points, number attributes)."""
MAX_DECIMALS: Final = 12
"""Most digits after the decimal point of a number."""

# -- records ------------------------------------------------------------------

LISTS: Final = ("units", "people", "calls", "pieces", "events")
LISTS_11: Final = (*LISTS, "adjustments", "activities")
TOP_KEYS: Final = ("format", *LISTS)
TOP_KEYS_11: Final = ("format", *LISTS_11)

UNIT_KEYS: Final = ("id", "name", "kind", "parent")
PERSON_KEYS: Final = ("id", "name", "roles", "units", "since")
CALL_KEYS: Final = ("id", "title", "kind", "assignees", "due")
PIECE_KEYS: Final = ("id", "title", "authors", "submitted_at", "unit", "topic", "call")

UNIT_KEYS_11: Final = (*UNIT_KEYS, "attributes")
PERSON_KEYS_11: Final = (*PERSON_KEYS, "until", "attributes")
CALL_KEYS_11: Final = (*CALL_KEYS, "attributes")
PIECE_KEYS_11: Final = (*PIECE_KEYS, "body", "attributes")
ADJUSTMENT_KEYS: Final = (
    "id",
    "person",
    "unit",
    "points",
    "at",
    "reason",
    "approved_by",
    "clause",
    "section",
)
ACTIVITY_KEYS: Final = ("id", "person", "kind", "at", "attributes", "note")

# -- events -------------------------------------------------------------------

EVENT_FIELDS: Final[Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    # type: (required keys, optional keys) besides piece, type, at
    "approved": ((), ("actor", "note", "stage")),
    "rejected": ((), ("actor", "note", "stage")),
    "returned": ((), ("actor", "note", "stage")),
    "reviewed": (("stage", "decision", "actor"), ("note",)),
    "dispatched": (("route",), ("actor", "note", "to")),
    "adopted": (("body",), ("actor", "note")),
    "instructed": (("level", "rank"), ("actor", "note")),
    "handled": (("outcome",), ("actor", "note", "department")),
}
"""Which keys each event type requires and allows in ``sqmy-dataset/1`` (``piece``,
``type`` and ``at`` are required for every type).  ``stage`` on
approved/rejected/returned is an optional extension: the review level that took
the decision."""

EVENT_FIELDS_11: Final[Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    **{t: (req, (*opt, "attributes")) for t, (req, opt) in EVENT_FIELDS.items()},
    "penalized": (("kind",), ("actor", "note", "persons", "attributes")),
}
"""``sqmy-dataset/1.1``: every type may carry ``attributes``; ``penalized`` is new."""

EVENT_KEYS: Final = (
    "piece",
    "type",
    "at",
    "actor",
    "note",
    "stage",
    "decision",
    "route",
    "to",
    "body",
    "level",
    "rank",
    "department",
    "outcome",
)
"""Every key a ``sqmy-dataset/1`` event may have, in the order the writer writes them."""

EVENT_KEYS_11: Final = (*EVENT_KEYS, "kind", "persons", "attributes")

EVENT_TYPES_11: Final = (*vocab.EVENT_TYPES, "penalized")
