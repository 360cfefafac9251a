"""The typed shapes the fast reader decodes a dataset into (msgspec, needs the ``scale`` extra).

Each record is a :class:`msgspec.Struct` that refuses unknown keys and any
value of the wrong JSON type, so that what the decoder accepts is already a
document of the contract's shape; the closer checks (ids, vocabularies,
references, times) are column operations afterwards.  Keys the contract
makes optional default to ``UNSET``, so that a record re-encoded from its
struct has exactly the keys it was given (once each): that is how the reader
finds repeated keys, which every fast decoder silently collapses.

``sqmy-dataset/1`` and ``/1.1`` records are separate types: a 1.1 addition
in a 1.0 document is an unknown key, so the decoder refuses it and the
reference reader names it.  Non-empty ``attributes`` are not this reader's
business (the reference reader checks them against the declarations): the
only object accepted there is ``{}``.
"""

from __future__ import annotations

from msgspec import UNSET, Raw, Struct, UnsetType

OptStr = str | None | UnsetType
OptList = list[str] | None | UnsetType


class NoAttributes(Struct, forbid_unknown_fields=True, gc=False):
    """``{}``: an attributes object with nothing in it."""


OptAttrs = NoAttributes | None | UnsetType


class Top(Struct, forbid_unknown_fields=True, gc=False):
    """The document: each list kept raw, decoded afterwards by its version's record type."""

    format: str
    units: Raw | UnsetType = UNSET
    people: Raw | UnsetType = UNSET
    calls: Raw | UnsetType = UNSET
    pieces: Raw | UnsetType = UNSET
    events: Raw | UnsetType = UNSET
    adjustments: Raw | UnsetType = UNSET
    activities: Raw | UnsetType = UNSET


class Unit(Struct, forbid_unknown_fields=True, gc=False):
    id: str
    name: str
    kind: str
    parent: OptStr = UNSET


class Unit11(Unit, forbid_unknown_fields=True, gc=False):
    attributes: OptAttrs = UNSET


class Person(Struct, forbid_unknown_fields=True, gc=False):
    id: str
    name: str
    roles: list[str]
    units: OptList = UNSET
    since: OptStr = UNSET


class Person11(Person, forbid_unknown_fields=True, gc=False):
    until: OptStr = UNSET
    attributes: OptAttrs = UNSET


class Call(Struct, forbid_unknown_fields=True, gc=False):
    id: str
    title: str
    kind: str
    assignees: OptList = UNSET
    due: OptStr = UNSET


class Call11(Call, forbid_unknown_fields=True, gc=False):
    attributes: OptAttrs = UNSET


class Piece(Struct, forbid_unknown_fields=True, gc=False):
    id: str
    title: str
    authors: list[str]
    submitted_at: str
    unit: OptStr = UNSET
    topic: OptStr = UNSET
    call: OptStr = UNSET


class Piece11(Piece, forbid_unknown_fields=True, gc=False):
    body: OptStr = UNSET
    attributes: OptAttrs = UNSET


class Event(Struct, forbid_unknown_fields=True, gc=False):
    piece: str
    type: str
    at: str
    actor: OptStr = UNSET
    note: OptStr = UNSET
    stage: OptStr = UNSET
    decision: OptStr = UNSET
    route: OptStr = UNSET
    to: OptStr = UNSET
    body: OptStr = UNSET
    level: OptStr = UNSET
    rank: OptStr = UNSET
    department: OptStr = UNSET
    outcome: OptStr = UNSET


class Event11(Event, forbid_unknown_fields=True, gc=False):
    kind: OptStr = UNSET
    persons: OptList = UNSET
    attributes: OptAttrs = UNSET


RECORDS: dict[str, dict[str, type[Struct]]] = {
    "1": {"units": Unit, "people": Person, "calls": Call, "pieces": Piece, "events": Event},
    "1.1": {
        "units": Unit11,
        "people": Person11,
        "calls": Call11,
        "pieces": Piece11,
        "events": Event11,
    },
}
"""Each version's record type per list."""
