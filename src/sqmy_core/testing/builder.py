"""Build small datasets in tests without writing JSON.

Times are written as office staff write them, ``"2024-03-01"`` or
``"2024-03-01 09:00"``, and read as Beijing time (+08:00) unless they carry
an offset.  The builder returns a plain :class:`~sqmy_core.model.Dataset`;
it checks nothing beyond what the records themselves need, so tests of the
validator build bad data with it too.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sqmy_core.model import Activity, Adjustment, Call, Dataset, Event, Person, Piece, Unit
from sqmy_core.model.attributes import AttrValue

BEIJING = timezone(timedelta(hours=8))


def at(text: str, tz: timezone = BEIJING) -> datetime:
    """``"2024-03-01"`` / ``"2024-03-01 09:00"`` / ISO with offset -> aware datetime."""
    text = text.strip()
    if "24:00" in text:
        day = datetime.fromisoformat(text.replace("24:00", "00:00"))
        moment = day + timedelta(days=1)
    else:
        moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=tz)


def attrs_of(values: Mapping[str, Any] | None) -> dict[str, AttrValue]:
    """Attributes as the parser keeps them: numbers exact (``0.5`` -> ``Fraction(1, 2)``)."""
    out: dict[str, AttrValue] = {}
    for k, v in (values or {}).items():
        if isinstance(v, bool | str | Fraction):
            out[k] = v
        elif isinstance(v, int):
            out[k] = Fraction(v)
        else:
            out[k] = Fraction(Decimal(str(v)))
    return out


def exact(value: int | float | str | Fraction) -> Fraction:
    """``-2.5``, ``"-2.5"`` or ``3`` as an exact number."""
    if isinstance(value, Fraction):
        return value
    return Fraction(Decimal(str(value)))


class DatasetBuilder:
    """Accumulates records; :meth:`build` returns the dataset."""

    def __init__(self) -> None:
        self.units: list[Unit] = []
        self.people: list[Person] = []
        self.calls: list[Call] = []
        self.pieces: list[Piece] = []
        self.events: list[Event] = []
        self.adjustments: list[Adjustment] = []
        self.activities: list[Activity] = []
        self.version = "1"

    def unit(
        self,
        ident: str,
        kind: str,
        name: str | None = None,
        parent: str | None = None,
        attributes: Mapping[str, Any] | None = None,
    ) -> DatasetBuilder:
        self.units.append(Unit(ident, name or ident, kind, parent, attrs_of(attributes)))
        return self

    def person(
        self,
        ident: str,
        *roles: str,
        units: tuple[str, ...] = (),
        name: str | None = None,
        since: str | None = None,
        until: str | None = None,
        attributes: Mapping[str, Any] | None = None,
    ) -> DatasetBuilder:
        self.people.append(
            Person(
                ident,
                name or ident,
                roles,
                units,
                at(since) if since else None,
                at(until) if until else None,
                attrs_of(attributes),
            )
        )
        return self

    def call(
        self,
        ident: str,
        kind: str,
        assignees: tuple[str, ...] = (),
        due: str | None = None,
        title: str | None = None,
    ) -> DatasetBuilder:
        self.calls.append(Call(ident, title or ident, kind, assignees, at(due) if due else None))
        return self

    def piece(
        self,
        ident: str,
        *authors: str,
        submitted: str,
        unit: str | None = None,
        call: str | None = None,
        title: str | None = None,
        topic: str | None = None,
        text: str | None = None,
        attributes: Mapping[str, Any] | None = None,
    ) -> DatasetBuilder:
        self.pieces.append(
            Piece(
                ident,
                title or ident,
                authors,
                at(submitted),
                unit,
                topic,
                call,
                text,
                attrs_of(attributes),
            )
        )
        return self

    def many(
        self, prefix: str, n: int, *authors: str, submitted: str, unit: str | None = None
    ) -> DatasetBuilder:
        """``n`` pieces ``<prefix>0`` … ``<prefix>{n-1}`` by ``authors``, all submitted at once
        (quota and ranking tests need counts, not individual pieces)."""
        for i in range(n):
            self.piece(f"{prefix}{i}", *authors, submitted=submitted, unit=unit)
        return self

    def event(self, piece: str, type_: str, when: str, **fields: Any) -> DatasetBuilder:
        """An event; ``attributes={...}`` and ``persons=(...)`` as in ``sqmy-dataset/1.1``."""
        if "attributes" in fields:
            fields["attributes"] = attrs_of(fields["attributes"])
        if fields.get("persons") is not None:
            fields["persons"] = tuple(fields["persons"])
        self.events.append(Event(piece=piece, type=type_, at=at(when), **fields))
        return self

    def penalize(
        self, piece: str, when: str, kind: str, persons: tuple[str, ...] | None = None
    ) -> DatasetBuilder:
        """A ``penalized`` event (1.1) of ``kind``; ``persons`` absent means every author."""
        self.version = "1.1"
        return self.event(piece, "penalized", when, kind=kind, persons=persons)

    def adjustment(
        self,
        ident: str,
        points: int | float | str | Fraction,
        when: str,
        *,
        person: str | None = None,
        unit: str | None = None,
        reason: str = "加减分",
        approved_by: str = "office",
        clause: str | None = None,
        section: str | None = None,
    ) -> DatasetBuilder:
        """A manual adjustment (1.1) for exactly one of ``person`` and ``unit``."""
        self.version = "1.1"
        self.adjustments.append(
            Adjustment(
                ident, exact(points), at(when), reason, approved_by, person, unit, clause, section
            )
        )
        return self

    def activity(
        self,
        ident: str,
        person: str,
        kind: str,
        when: str,
        attributes: Mapping[str, Any] | None = None,
        note: str | None = None,
    ) -> DatasetBuilder:
        """An activity (1.1) of a declared ``kind``."""
        self.version = "1.1"
        self.activities.append(Activity(ident, person, kind, at(when), attrs_of(attributes), note))
        return self

    def build(self) -> Dataset:
        version = self.version
        if any(p.until or p.attributes for p in self.people) or any(
            e.attributes or e.type == "penalized" for e in self.events
        ):
            version = "1.1"
        return Dataset(
            self.units,
            self.people,
            self.calls,
            self.pieces,
            self.events,
            self.adjustments,
            self.activities,
            version,
        )
