"""What an event store is: the small surface every storage backend implements.

The log is the source of truth: each piece has an append-only stream of
events, its state is a fold over them, and the assessment reads the same
events.  A backend therefore needs only to append with an expected version
(optimistic concurrency), read a stream, scan, and keep a small registry
(units, people, calls, clues, and the ``sqmy-dataset/1.1`` adjustments and
activities, which belong to no piece, and the service's API credentials,
stored hashed) and every version of the ruleset the
organization has put in force.  Backends are chosen
through the ``sqmy_storage`` hook (see :mod:`sqmy_core.hookspecs`); the
built-in ones are in-memory and embedded SQLite, and every backend must pass
:mod:`sqmy_core.testing.conformance` unchanged.

Everything a store holds belongs to one organization (the ``organization``
the store was opened for), so one database can serve several.
"""

from __future__ import annotations

import builtins
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime
from typing import Any, Literal, Protocol, runtime_checkable

from attrs import field, frozen

from sqmy_core.model._convert import as_tuple
from sqmy_core.storage.audit import AuditEntry, AuditRecord, RegistryChange

RegistryKind = Literal[
    "unit", "person", "call", "clue", "adjustment", "activity", "webhook", "credential"
]
"""``webhook``: an OA's event subscription (:mod:`sqmy_core.workflow.webhooks`), never exported;
``credential``: a calling system's API credential (its hash, :mod:`sqmy_core.workspace.credentials`),
never exported."""


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
    """What an append did: the stream's version after it, and whether it was a repeat.

    ``fingerprint`` is the one kept with the append's idempotency key (None:
    no key, or a key kept without one -- before schema 5, or from a backup
    that had none).
    """

    version: int
    events: tuple[StoredEvent, ...] = field(converter=as_tuple)
    repeated: bool = False
    fingerprint: str | None = None


@frozen
class RulesetVersion:
    """One ruleset an organization put in force: the act of applying it, kept for ever.

    ``number`` is its place in the order of application (1 for the first),
    ``text`` the resolved TOML (no ``extends`` left), ``sha256`` the hex
    digest of ``text`` in UTF-8, ``source`` where it came from (a file
    name), ``actor`` who applied it and ``applied_at`` when, and
    ``effective_from`` the first day it governs.  ``actor``, ``applied_at``
    and ``effective_from`` are None only on versions kept before versions
    were recorded (schema 3): such a version governs from the beginning.
    """

    number: int
    text: str
    source: str
    sha256: str
    actor: str | None
    applied_at: datetime | None
    effective_from: date | None


@frozen
class Notification:
    """A message the log causes (采用反馈, 待审提醒, 逾期提醒 ...), before delivery.

    ``key`` deduplicates: a notification whose key is already in the outbox
    (for that channel) is not queued again, so a repeated command or a second
    reminder run on the same day sends nothing twice.  ``recipients`` are
    person ids; a channel maps them to addresses from its own configuration,
    never from piece content.  ``data`` is JSON-ready.
    """

    key: str
    kind: str
    recipients: tuple[str, ...] = field(converter=as_tuple)
    subject: str
    body: str
    created_at: datetime
    piece: str | None = None
    data: Mapping[str, Any] = field(factory=dict)


@frozen
class OutboxItem:
    """One notification for one delivery channel, with its delivery state."""

    id: int
    channel: str
    notification: Notification
    attempts: int
    next_attempt_at: datetime
    delivered_at: datetime | None
    last_error: str | None


@runtime_checkable
class EventStore(Protocol):
    """The storage surface.  All methods are scoped to the store's organization.

    Concurrency: :meth:`append` writes all of ``events`` or none.  If the
    stream's current version is not ``expected_version`` (0 for a new stream)
    it raises :class:`~sqmy_core.errors.ConcurrencyConflict` and writes
    nothing.  Idempotency: an append whose ``idempotency_key`` was already
    used in this organization writes nothing and returns the earlier result
    with ``repeated=True`` (whatever the expected version), with the
    ``fingerprint`` kept with the key: the store keeps it, the caller
    decides whether the two requests are the same
    (:mod:`sqmy_core.workspace.guards`).
    """

    organization: str

    def append(
        self,
        stream: str,
        expected_version: int,
        events: Sequence[NewEvent],
        idempotency_key: str | None = None,
        fingerprint: str | None = None,
    ) -> AppendResult:
        """Append at ``expected_version``; ``fingerprint`` (64 hex digits, only with a key) is
        kept with the key, in the same transaction."""
        ...

    def recall(self, idempotency_key: str) -> AppendResult | None:
        """The earlier result of an append made with this key (``repeated=True``, with the
        key's fingerprint), or None.

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

    def put(
        self,
        kind: RegistryKind,
        ident: str,
        record: Mapping[str, Any],
        *,
        expected_version: int | None = None,
    ) -> int:
        """Insert or replace a registry record (JSON-ready) of one kind; the history number.

        Every put also appends the record to the registry's history (in the
        same transaction), numbered per organization from 1: a replaced
        record's earlier states are kept (:meth:`registry_history`).
        Returns the number of the history entry it wrote.  Given
        ``expected_version`` and the record's :meth:`registry_version` is
        another, raises :class:`~sqmy_core.errors.ConcurrencyConflict`
        (:func:`~sqmy_core.storage.checks.stale_record`) and writes nothing:
        checked under the write lock, so two racing puts with one expected
        version leave one.
        """
        ...

    def registry_version(self, kind: RegistryKind, ident: str) -> int:
        """How many times the record was put: its history entries (0: never registered).

        A record kept before the history existed (schema 4) and never put
        since counts as 1: it exists.
        """
        ...

    def get(self, kind: RegistryKind, ident: str) -> Mapping[str, Any] | None: ...

    def list(self, kind: RegistryKind) -> list[Mapping[str, Any]]:
        """Every record of one kind, in insertion order."""
        ...

    def idempotency_keys(self) -> builtins.list[str]:
        """Every idempotency key used in the organization, sorted (for a backup; see :meth:`recall`)."""
        ...

    def add_ruleset_version(
        self,
        text: str,
        source: str,
        *,
        sha256: str,
        actor: str | None,
        applied_at: datetime | None,
        effective_from: date | None,
    ) -> RulesetVersion:
        """Keep one more ruleset version (TOML already checked by the caller); never replaces one.

        Checked as :func:`sqmy_core.storage.checks.check_ruleset_version`
        says before anything is written; returns the version as stored.
        """
        ...

    def ruleset_versions(self) -> builtins.list[RulesetVersion]:
        """Every version of the organization, in the order they were applied (empty when none)."""
        ...

    def organizations(self) -> builtins.list[str]:
        """Every organization of the underlying database with a ruleset version, sorted.

        Lets a tool open a database without being told whose it is when
        there is only one.
        """
        ...

    # -- the transactional outbox ---------------------------------------------

    def enqueue(self, channel: str, notifications: Sequence[Notification]) -> int:
        """Queue notifications for one channel; returns how many were new.

        Call it inside the same :meth:`transaction` as the :meth:`append`
        whose events caused them: a rolled-back append queues nothing.  A
        notification whose ``key`` is already queued for ``channel`` is
        skipped.  New items are due at once (``next_attempt_at`` = the
        notification's ``created_at``).
        """
        ...

    def pending(
        self, now: datetime, limit: int = 100, *, channels: Collection[str] | None = None
    ) -> builtins.list[OutboxItem]:
        """Undelivered items due at ``now``, oldest first, of the channels asked for.

        - ``now``: an aware time; an item is due when its ``next_attempt_at``
          is at or before it (a naive time is refused with ``ValueError``).
        - ``limit``: at most this many items, a whole number, 0 or more
          (0 gives nothing; :func:`~sqmy_core.storage.checks.check_limit`).
        - ``channels``: only items of these channels; ``None`` (the default)
          is every channel and an empty collection none.  One string is
          refused, not read as its letters
          (:func:`~sqmy_core.storage.checks.check_channels`).  A deliverer
          passes the channels it can send, so that the items of a channel
          configured only elsewhere -- a robot on another host, webhook
          subscriptions (``webhook-out:<id>``) without the key here -- take
          no place in its ``limit`` however many pile up.

        Oldest first means by the notification's ``created_at`` as an
        instant, then in queue order, across every channel asked for.
        Reading only: nothing is claimed or changed.
        """
        ...

    def outbox(self) -> builtins.list[OutboxItem]:
        """Every outbox item of the organization, delivered or not, in queue order."""
        ...

    def mark_delivered(self, item_id: int, now: datetime) -> None: ...

    def mark_failed(self, item_id: int, now: datetime, error: str, retry_at: datetime) -> None:
        """Count a failed attempt and put the item off until ``retry_at``."""
        ...

    # -- the audit chain and the registry's history ---------------------------

    def append_audit(self, entry: AuditEntry, *, recorded_at: datetime | None = None) -> AuditRecord:
        """Append one record to the organization's audit chain, inside the current transaction.

        Numbered one more than the last record (1 for the first), read
        inside the write transaction so that concurrent writers never skip
        or repeat a number, and chained to the last record's hash
        (:func:`sqmy_core.storage.audit.chain`).  ``recorded_at`` is the
        store's own time -- the database server's clock, not the caller's
        -- unless given: only a restore passes it, to keep a backed-up
        record as it was.  Returns the record as stored.
        """
        ...

    def audit_records(self, after: int = 0) -> builtins.list[AuditRecord]:
        """The organization's audit records numbered above ``after``, in order of number."""
        ...

    def registry_history(self, after: int = 0) -> builtins.list[RegistryChange]:
        """The organization's registry history entries numbered above ``after``, in order."""
        ...

    def audit_marks(self) -> tuple[int, int]:
        """``(last audit record number, last registry history number)``, 0 for none (cheap)."""
        ...

    def redact_history(
        self, kind: RegistryKind, idents: Sequence[str], keys: Sequence[str]
    ) -> builtins.list[RegistryChange]:
        """Redact the history of some records: the only change ever made to a kept entry.

        Every registry history entry of ``kind`` and one of ``idents`` whose
        record holds any of the top-level ``keys`` (personal data being
        erased: a clue's sealed contact) has its record replaced, in place
        and inside the current transaction, by its
        :func:`~sqmy_core.storage.audit.tombstone`
        (:func:`~sqmy_core.storage.audit.redactions` makes them); numbers,
        kinds and idents stay.  Entries already redacted, entries without
        those keys and the registry records themselves are left alone.
        Returns the entries redacted now, as stored now, in number order
        (empty when none).  Many idents cost one query per
        :data:`~sqmy_core.storage.checks.REDACT_BATCH`, not one each.  A
        backend that keeps old bytes on disk (SQLite's free pages)
        overwrites them.
        """
        ...

    def transaction(self) -> AbstractContextManager[None]:
        """All writes inside the block commit together or not at all (nesting joins)."""
        ...

    def close(self) -> None: ...


RegistryRow = tuple[RegistryKind, str, str]
"""``(kind, ident, record as JSON text)``: a registry record ready to insert."""

EventRow = tuple[str, int, str, str, str, str | None, str]
"""``(stream, version, type, at as ISO text, at as UTC key, actor, data as JSON text)``."""


@runtime_checkable
class BulkImport(Protocol):
    """An optional capability of a store: many records and new streams in one insert.

    Not part of :class:`EventStore`, so every store keeps working without it:
    an import into a store that lacks it puts and appends record by record
    (:func:`sqmy_core.workspace.transfer.import_dataset`).
    """

    def import_rows(
        self,
        registry: Sequence[RegistryRow],
        streams: Sequence[str],
        events: Iterable[EventRow],
    ) -> builtins.list[str]:
        """Insert everything in one transaction, or nothing.

        ``events`` may be made as they are consumed (a generator, or anything
        with a ``len`` that iterates once): a national import need not hold
        its rows as Python objects all at once.

        ``streams`` are the new streams ``events`` start (each event row's
        version counts from 1 within its stream; rows are inserted in the
        order given, so the streams start in the order of their first row).
        Returns the streams of ``streams`` that already exist, having written
        nothing, or ``[]`` once everything is written.  Registry records
        replace those with the same kind and ident, as :meth:`EventStore.put`,
        and are appended to the registry's history as a put's are.
        """
        ...
