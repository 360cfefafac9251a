"""Writing a :class:`~sqmy_core.model.Dataset` back as a ``sqmy-dataset`` document.

The inverse of :func:`~sqmy_core.interchange.parse_dataset`: a dataset read
from a ``/1`` document is written as ``/1``, exactly as before 1.1; one read
from ``/1.1`` (``version == "1.1"``) as ``/1.1`` with its additions.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sqmy_core.interchange.dataset_spec import DATASET_FORMAT, DATASET_FORMAT_11, EVENT_KEYS
from sqmy_core.interchange.times import format_time
from sqmy_core.model import Activity, Adjustment, Call, Dataset, Event, Person, Piece, Unit
from sqmy_core.model.attributes import AttrValue


def dataset_to_doc(ds: Dataset) -> dict[str, Any]:
    """``ds`` as a JSON-ready ``sqmy-dataset/1`` (or ``/1.1``) document.

    Optional fields that are ``None`` are left out, except a unit's ``parent``
    (written as ``null``, as in the contract's example); lists are always
    written (in 1.1 also ``adjustments`` and ``activities``); ``attributes``
    only when there are some.  Times keep their own offset.  Numbers are
    written as JSON integers where whole, else as the shortest float that reads
    back to the same decimal; adjustment points that are not whole are written
    as decimal strings (``"-2.5"``), which are exact.  The result is meant for
    valid datasets: ``parse_dataset(dataset_to_doc(ds), declarations=d) == ds``.
    """
    v11 = ds.version == "1.1"
    doc: dict[str, Any] = {
        "format": DATASET_FORMAT_11 if v11 else DATASET_FORMAT,
        "units": [_unit_doc(u, v11) for u in ds.units],
        "people": [_person_doc(x, v11) for x in ds.people],
        "calls": [_call_doc(c, v11) for c in ds.calls],
        "pieces": [_piece_doc(x, v11) for x in ds.pieces],
        "events": [_event_doc(e, v11) for e in ds.events],
    }
    if v11:
        doc["adjustments"] = [_adjustment_doc(a) for a in ds.adjustments]
        doc["activities"] = [_activity_doc(a) for a in ds.activities]
    return doc


def number_doc(value: Fraction) -> int | float:
    """An exact number as JSON writes it: an integer, or the float that reads back as it."""
    if value.denominator == 1:
        return int(value)
    return float(value)


def decimal_text(value: Fraction) -> str:
    """A number of finitely many decimals as a plain decimal string (``-2.5``)."""
    d = Decimal(value.numerator) / Decimal(value.denominator)
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _attributes(d: dict[str, Any], attributes: Mapping[str, AttrValue], v11: bool) -> None:
    if v11 and attributes:
        d["attributes"] = {
            k: number_doc(v) if isinstance(v, Fraction) else v for k, v in attributes.items()
        }


def _unit_doc(u: Unit, v11: bool) -> dict[str, Any]:
    d: dict[str, Any] = {"id": u.id, "name": u.name, "kind": u.kind, "parent": u.parent}
    _attributes(d, u.attributes, v11)
    return d


def _person_doc(x: Person, v11: bool) -> dict[str, Any]:
    d: dict[str, Any] = {"id": x.id, "name": x.name, "roles": list(x.roles), "units": list(x.units)}
    if x.since is not None:
        d["since"] = format_time(x.since)
    if v11 and x.until is not None:
        d["until"] = format_time(x.until)
    _attributes(d, x.attributes, v11)
    return d


def _call_doc(c: Call, v11: bool) -> dict[str, Any]:
    d: dict[str, Any] = {"id": c.id, "title": c.title, "kind": c.kind}
    d["assignees"] = list(c.assignees)
    if c.due is not None:
        d["due"] = format_time(c.due)
    _attributes(d, c.attributes, v11)
    return d


def _piece_doc(x: Piece, v11: bool) -> dict[str, Any]:
    d: dict[str, Any] = {"id": x.id, "title": x.title, "authors": list(x.authors)}
    if x.unit is not None:
        d["unit"] = x.unit
    d["submitted_at"] = format_time(x.submitted_at)
    if x.topic is not None:
        d["topic"] = x.topic
    if x.call is not None:
        d["call"] = x.call
    if v11 and x.text is not None:
        d["body"] = x.text
    _attributes(d, x.attributes, v11)
    return d


def _event_doc(e: Event, v11: bool) -> dict[str, Any]:
    d: dict[str, Any] = {"piece": e.piece, "type": e.type, "at": format_time(e.at)}
    for key in EVENT_KEYS[3:]:
        v = getattr(e, key)
        if v is not None:
            d[key] = v
    if v11:
        if e.kind is not None:
            d["kind"] = e.kind
        if e.persons is not None:
            d["persons"] = list(e.persons)
        _attributes(d, e.attributes, v11)
    return d


def _adjustment_doc(a: Adjustment) -> dict[str, Any]:
    d: dict[str, Any] = {"id": a.id}
    if a.person is not None:
        d["person"] = a.person
    if a.unit is not None:
        d["unit"] = a.unit
    d["points"] = int(a.points) if a.points.denominator == 1 else decimal_text(a.points)
    d["at"] = format_time(a.at)
    d["reason"] = a.reason
    d["approved_by"] = a.approved_by
    if a.clause is not None:
        d["clause"] = a.clause
    if a.section is not None:
        d["section"] = a.section
    return d


def _activity_doc(a: Activity) -> dict[str, Any]:
    d: dict[str, Any] = {"id": a.id, "person": a.person, "kind": a.kind, "at": format_time(a.at)}
    _attributes(d, a.attributes, True)
    if a.note is not None:
        d["note"] = a.note
    return d
