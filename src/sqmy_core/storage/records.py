"""Registry records (units, people, calls, clues) as the JSON a store keeps.

Records are stored in their ``sqmy-dataset/1`` form, so a registry can be
exported as it is and checked by the same validator as an import.  A record
is validated when it is registered (vocabularies, references to records
already registered), never again when read back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqmy_core.errors import DatasetError, Problem
from sqmy_core.interchange import dataset_to_doc, parse_dataset, parse_time
from sqmy_core.interchange.times import format_time
from sqmy_core.model import Call, Clue, Dataset, Person, Unit
from sqmy_core.model.vocab import CLUE_CHANNELS

FORMAT = "sqmy-dataset/1"


def unit_doc(u: Unit) -> dict[str, Any]:
    return dict(dataset_to_doc(Dataset(units=[u]))["units"][0])


def person_doc(p: Person) -> dict[str, Any]:
    return dict(dataset_to_doc(Dataset(people=[p]))["people"][0])


def call_doc(c: Call) -> dict[str, Any]:
    return dict(dataset_to_doc(Dataset(calls=[c]))["calls"][0])


def _time(text: str) -> datetime:
    moment = parse_time(text)
    assert moment is not None, f"registry holds a time it validated: {text!r}"
    return moment


def unit_of(doc: Mapping[str, Any]) -> Unit:
    return Unit(doc["id"], doc["name"], doc["kind"], doc.get("parent"))


def person_of(doc: Mapping[str, Any]) -> Person:
    since = doc.get("since")
    return Person(
        doc["id"],
        doc["name"],
        doc.get("roles", ()),
        doc.get("units", ()),
        _time(since) if since else None,
    )


def call_of(doc: Mapping[str, Any]) -> Call:
    due = doc.get("due")
    return Call(
        doc["id"], doc["title"], doc["kind"], doc.get("assignees", ()), _time(due) if due else None
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
    extra_roles: Iterable[str] = (),
    source: str = "registry",
) -> Dataset:
    """Validate records with the dataset validator (references must be among them)."""
    doc = {"format": FORMAT, "units": list(units), "people": list(people), "calls": list(calls)}
    return parse_dataset(doc, source=source, extra_roles=extra_roles)


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
