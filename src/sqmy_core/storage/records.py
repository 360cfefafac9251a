"""Registry records (units, people, calls, adjustments, activities, clues) as the JSON a store keeps.

Records are stored in their ``sqmy-dataset/1.1`` form, so a registry can be
exported as it is and checked by the same validator as an import.  A record
without any 1.1 addition has the same form in ``/1`` and ``/1.1`` (optional
keys are left out), so registries kept before 1.1 read back unchanged.  A
record is validated when it is registered (the ruleset's declarations,
references to records already registered), never again when read back.

Attribute values are kept as the document writes them (text, true/false,
JSON numbers) and read back as exact numbers the way the parser reads them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from fractions import Fraction
from typing import Any

from sqmy_core.errors import DatasetError, Problem
from sqmy_core.interchange import dataset_to_doc, parse_dataset, parse_time
from sqmy_core.interchange.dataset_common import exact_number
from sqmy_core.interchange.dataset_doc import number_doc
from sqmy_core.interchange.times import format_time
from sqmy_core.model import Activity, Adjustment, Call, Clue, Dataset, Person, Unit
from sqmy_core.model.attributes import AttrValue, Declarations
from sqmy_core.model.vocab import CLUE_CHANNELS

FORMAT = "sqmy-dataset/1.1"


def _doc(ds: Dataset, name: str) -> dict[str, Any]:
    return dict(dataset_to_doc(ds)[name][0])


def unit_doc(u: Unit) -> dict[str, Any]:
    return _doc(Dataset(units=[u], version="1.1"), "units")


def person_doc(p: Person) -> dict[str, Any]:
    return _doc(Dataset(people=[p], version="1.1"), "people")


def call_doc(c: Call) -> dict[str, Any]:
    return _doc(Dataset(calls=[c], version="1.1"), "calls")


def adjustment_doc(a: Adjustment) -> dict[str, Any]:
    return _doc(Dataset(adjustments=[a], version="1.1"), "adjustments")


def activity_doc(a: Activity) -> dict[str, Any]:
    return _doc(Dataset(activities=[a], version="1.1"), "activities")


def attributes_doc(attributes: Mapping[str, AttrValue]) -> dict[str, Any]:
    """Attributes as a document writes them (numbers as JSON numbers)."""
    return {k: number_doc(v) if isinstance(v, Fraction) else v for k, v in attributes.items()}


def attributes_of(value: object) -> dict[str, AttrValue]:
    """Stored attributes back as values: text and truth values as they are, numbers exact."""
    if not isinstance(value, Mapping):
        return {}
    out: dict[str, AttrValue] = {}
    for key, v in value.items():
        if isinstance(v, str | bool):
            out[key] = v
        else:
            n = exact_number(v)
            assert n is not None, f"store holds a number it validated: {v!r}"
            out[key] = n
    return out


def _time(text: str) -> datetime:
    moment = parse_time(text)
    assert moment is not None, f"registry holds a time it validated: {text!r}"
    return moment


def _maybe_time(text: str | None) -> datetime | None:
    return _time(text) if text else None


def unit_of(doc: Mapping[str, Any]) -> Unit:
    return Unit(
        doc["id"], doc["name"], doc["kind"], doc.get("parent"), attributes_of(doc.get("attributes"))
    )


def person_of(doc: Mapping[str, Any]) -> Person:
    return Person(
        doc["id"],
        doc["name"],
        doc.get("roles", ()),
        doc.get("units", ()),
        _maybe_time(doc.get("since")),
        _maybe_time(doc.get("until")),
        attributes_of(doc.get("attributes")),
    )


def call_of(doc: Mapping[str, Any]) -> Call:
    return Call(
        doc["id"],
        doc["title"],
        doc["kind"],
        doc.get("assignees", ()),
        _maybe_time(doc.get("due")),
        attributes_of(doc.get("attributes")),
    )


def adjustment_of(doc: Mapping[str, Any]) -> Adjustment:
    points = exact_number(doc["points"])
    assert points is not None, f"registry holds points it validated: {doc['points']!r}"
    return Adjustment(
        doc["id"],
        points,
        _time(doc["at"]),
        doc["reason"],
        doc["approved_by"],
        doc.get("person"),
        doc.get("unit"),
        doc.get("clause"),
        doc.get("section"),
    )


def activity_of(doc: Mapping[str, Any]) -> Activity:
    return Activity(
        doc["id"],
        doc["person"],
        doc["kind"],
        _time(doc["at"]),
        attributes_of(doc.get("attributes")),
        doc.get("note"),
    )


def clue_doc(c: Clue) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": c.id,
        "channel": c.channel,
        "received_at": format_time(c.received_at),
        "summary": c.summary,
    }
    if c.contact is not None:
        doc["contact"] = c.contact
    return doc


def clue_of(doc: Mapping[str, Any]) -> Clue:
    return Clue(
        doc["id"], doc["channel"], _time(doc["received_at"]), doc["summary"], doc.get("contact")
    )


def check_records(
    *,
    units: Iterable[Mapping[str, Any]] = (),
    people: Iterable[Mapping[str, Any]] = (),
    calls: Iterable[Mapping[str, Any]] = (),
    adjustments: Iterable[Mapping[str, Any]] = (),
    activities: Iterable[Mapping[str, Any]] = (),
    extra_roles: Iterable[str] = (),
    declarations: Declarations | None = None,
    source: str = "registry",
) -> Dataset:
    """Validate records with the dataset validator (references must be among them).

    ``declarations`` are the ruleset's (:func:`sqmy_core.rules.declared.declarations_of`):
    what a 1.1 import would be checked against.
    """
    doc = {
        "format": FORMAT,
        "units": list(units),
        "people": list(people),
        "calls": list(calls),
        "adjustments": list(adjustments),
        "activities": list(activities),
    }
    return parse_dataset(doc, source=source, extra_roles=extra_roles, declarations=declarations)


def check_clue(c: Clue) -> None:
    problems: list[Problem] = []
    if not c.id:
        problems.append(Problem("id", "empty"))
    if c.channel not in CLUE_CHANNELS:
        problems.append(
            Problem(
                "channel",
                "unknown_value",
                {
                    "what": "clue_channel",
                    "found": repr(c.channel),
                    "allowed": ", ".join(CLUE_CHANNELS),
                },
            )
        )
    if c.received_at.tzinfo is None:
        problems.append(
            Problem("received_at", "time_without_offset", {"found": str(c.received_at)})
        )
    if problems:
        raise DatasetError(problems, f"clues[{c.id}]")
