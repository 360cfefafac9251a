"""Build small datasets in tests without writing JSON.

Times are written as office staff write them, ``"2024-03-01"`` or
``"2024-03-01 09:00"``, and read as Beijing time (+08:00) unless they carry
an offset.  The builder returns a plain :class:`~sqmy_core.model.Dataset`;
it checks nothing beyond what the records themselves need, so tests of the
validator build bad data with it too.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from sqmy_core.model import Call, Dataset, Event, Person, Piece, Unit

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


class DatasetBuilder:
    """Accumulates records; :meth:`build` returns the dataset."""

    def __init__(self) -> None:
        self.units: list[Unit] = []
        self.people: list[Person] = []
        self.calls: list[Call] = []
        self.pieces: list[Piece] = []
        self.events: list[Event] = []

    def unit(
        self, ident: str, kind: str, name: str | None = None, parent: str | None = None
    ) -> DatasetBuilder:
        self.units.append(Unit(ident, name or ident, kind, parent))
        return self

    def person(
        self,
        ident: str,
        *roles: str,
        units: tuple[str, ...] = (),
        name: str | None = None,
        since: str | None = None,
    ) -> DatasetBuilder:
        self.people.append(Person(ident, name or ident, roles, units, at(since) if since else None))
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
    ) -> DatasetBuilder:
        self.pieces.append(Piece(ident, title or ident, authors, at(submitted), unit, topic, call))
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
        self.events.append(Event(piece=piece, type=type_, at=at(when), **fields))
        return self

    def build(self) -> Dataset:
        return Dataset(self.units, self.people, self.calls, self.pieces, self.events)
