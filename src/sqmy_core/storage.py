"""What an event store is: the small surface every storage backend implements.

The log is the source of truth: each piece has an append-only stream of
events, its state is a fold over them, and the assessment reads the same
events.  A backend therefore needs only to append with an expected version
(optimistic concurrency), read a stream, scan, and keep a small registry
(units, people, calls, clues, the ruleset in force).  Backends are chosen
through the ``sqmy_storage`` hook (see :mod:`sqmy_core.hookspecs`); the
built-in ones are in-memory and embedded SQLite, and every backend must pass
:mod:`sqmy_core.testing.conformance` unchanged.

Everything a store holds belongs to one organization (the ``organization``
the store was opened for), so one database can serve several.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any, Literal, Protocol, runtime_checkable

from attrs import field, frozen

from sqmy_core.model._convert import as_tuple

RegistryKind = Literal["unit", "person", "call", "clue"]


@frozen
class NewEvent:
    """An event to append: its type, its time (passed in, never read from a clock) and data.

    ``data`` is JSON-ready (str, int, float, bool, None, lists, dicts); times
    inside it are ISO 8601 strings with an offset.
    """

    type: str
    at: datetime
    actor: str | None = None
    data: Mapping[str, Any] = field(factory=dict)


@frozen
class StoredEvent:
    """An event as stored: its stream, its 1-based version in the stream, and a global position."""

    stream: str
    version: int
    position: int
    type: str
    at: datetime
    actor: str | None
    data: Mapping[str, Any]


@frozen
class AppendResult:
    """What an append did: the stream's version after it, and whether it was a repeat."""

    version: int
    events: tuple[StoredEvent, ...] = field(converter=as_tuple)
    repeated: bool = False


@runtime_checkable
class EventStore(Protocol):
    """The storage surface.  All methods are scoped to the store's organization.

    Concurrency: :meth:`append` writes all of ``events`` or none.  If the
    stream's current version is not ``expected_version`` (0 for a new stream)
    it raises :class:`~sqmy_core.errors.ConcurrencyConflict` and writes
    nothing.  Idempotency: an append whose ``idempotency_key`` was already
    used in this organization writes nothing and returns the earlier result
    with ``repeated=True`` (whatever the expected version).
    """

    organization: str

    def append(
        self,
        stream: str,
        expected_version: int,
        events: Sequence[NewEvent],
        idempotency_key: str | None = None,
    ) -> AppendResult: ...

    def recall(self, idempotency_key: str) -> AppendResult | None:
        """The earlier result of an append made with this key (``repeated=True``), or None.

        The workspace asks before deciding a command, so that a repeated
        command has no second effect even when the piece has moved on.
        """
        ...

    def read(self, stream: str) -> list[StoredEvent]:
        """Every event of a stream, oldest first (empty for an unknown stream)."""
        ...

    def version(self, stream: str) -> int:
        """The stream's current version (0 for an unknown stream)."""
        ...

    def streams(self) -> list[str]:
        """Every stream id, in the order the streams were started."""
        ...

    def scan(
        self,
        *,
        types: Sequence[str] | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        after_position: int = 0,
    ) -> Iterator[StoredEvent]:
        """Events in global position order, filtered by type and by ``since <= at < until``."""
        ...

    def put(self, kind: RegistryKind, ident: str, record: Mapping[str, Any]) -> None:
        """Insert or replace a registry record (JSON-ready) of one kind."""
        ...

    def get(self, kind: RegistryKind, ident: str) -> Mapping[str, Any] | None: ...

    def list(self, kind: RegistryKind) -> list[Mapping[str, Any]]:
        """Every record of one kind, in insertion order."""
        ...

    def set_ruleset(self, text: str, source: str) -> None:
        """Keep the text of the ruleset in force (TOML, already checked by the caller)."""
        ...

    def ruleset(self) -> tuple[str, str] | None:
        """``(text, source)`` of the ruleset in force, or None."""
        ...

    def organizations(self) -> builtins.list[str]:
        """Every organization of the underlying database with a ruleset in force, sorted.

        Lets a tool open a database without being told whose it is when
        there is only one.
        """
        ...

    def transaction(self) -> AbstractContextManager[None]:
        """All writes inside the block commit together or not at all (nesting joins)."""
        ...

    def close(self) -> None: ...
