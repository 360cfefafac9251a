"""The in-memory event store (URLs ``memory:`` and ``memory://NAME``), for tests and demos.

It keeps data exactly as the SQLite store does -- event data and registry
records as JSON text, times as given -- so that code tested against it
behaves the same on disk: a value that is not JSON fails here too, and
what a caller mutates after an append does not change the log.

``memory:`` gives a private store.  ``memory://NAME`` gives a store on the
process-wide database called NAME, so two opens (two workspaces, or a test
reopening "the same database") share data; :func:`forget` drops one.

Concurrency: one re-entrant lock per database serialises transactions, as
SQLite's ``BEGIN IMMEDIATE`` does.  Rollback uses an undo log (one closure
per change) rather than a copy of the state, so a transaction costs what it
changes, not what the store holds.  A nested block that raises undoes its
own changes (like a savepoint) and the error goes on to the outer block.
The outbox is kept in the same database under the same undo log, so an
enqueue made inside a transaction is undone with the append it came with;
so are the audit chain and the registry's history.  A memory store has no
server: the "store's own time" of an audit record is this process's clock.
"""

from __future__ import annotations

import builtins
import threading
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, date, datetime
from typing import Any, Final

from attrs import evolve, frozen

from sqmy_core.plugins import hookimpl
from sqmy_core.storage import (
    AppendResult,
    AuditEntry,
    AuditRecord,
    NewEvent,
    Notification,
    OutboxItem,
    RegistryChange,
    RegistryKind,
    RulesetVersion,
    StoredEvent,
)
from sqmy_core.storage.audit import GENESIS, chain, entry_doc, redactions
from sqmy_core.storage.checks import (
    check_append_args,
    check_channels,
    check_expected_version,
    check_fingerprint,
    check_kind,
    check_limit,
    check_mark,
    check_notifications,
    check_redaction,
    check_ruleset_version,
    dump_json,
    load_json,
    require_aware,
    stale_append,
    stale_record,
    type_filter,
    unknown_item,
)

STORAGE_URL_FORMS: Final = ("memory:", "memory://NAME")

_Row = tuple[str, str, int, str, datetime, str | None, str]
"""organization, stream, version, type, at, actor, data JSON; position is the index + 1."""


@frozen
class _Queued:
    """One outbox row: the notification without its data, which is kept as JSON text (copied in and out)."""

    organization: str
    channel: str
    notification: Notification
    data: str
    attempts: int
    next_attempt_at: datetime
    delivered_at: datetime | None = None
    last_error: str | None = None

    def item(self, item_id: int) -> OutboxItem:
        notification = evolve(self.notification, data=load_json(self.data))
        return OutboxItem(
            item_id,
            self.channel,
            notification,
            self.attempts,
            self.next_attempt_at,
            self.delivered_at,
            self.last_error,
        )


class _Database:
    """Everything one memory database holds, for all organizations (like one SQLite file)."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.depth = 0
        self.undo: list[Callable[[], None]] = []
        self.events: list[_Row] = []
        self.streams: dict[tuple[str, str], list[int]] = {}  # -> indices into events
        self.stream_order: dict[str, list[str]] = {}
        # -> stream, first, last, fingerprint
        self.keys: dict[tuple[str, str], tuple[str, int, int, str | None]] = {}
        self.registry: dict[tuple[str, str], dict[str, str]] = {}
        self.rulesets: dict[str, list[RulesetVersion]] = {}  # organization -> versions
        self.outbox: dict[int, _Queued] = {}  # id -> row; ids are 1, 2, 3 ... in queue order
        self.outbox_keys: dict[tuple[str, str, str], int] = {}  # organization, channel, key -> id
        self.audit: dict[str, list[AuditRecord]] = {}  # organization -> its chain
        self.history: dict[str, list[tuple[str, str, str]]] = {}  # organization -> kind, ident, JSON

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.lock:
            mark = len(self.undo)
            self.depth += 1
            try:
                yield
            except BaseException:
                while len(self.undo) > mark:
                    self.undo.pop()()
                raise
            finally:
                self.depth -= 1
                if self.depth == 0:
                    self.undo.clear()


_NAMED: dict[str, _Database] = {}
_NAMED_LOCK = threading.Lock()


def named_database(name: str) -> _Database:
    """The process-wide database called ``name``, created empty on first use."""
    with _NAMED_LOCK:
        return _NAMED.setdefault(name, _Database())


def forget(name: str) -> None:
    """Drop the named database (tests call this to free memory); later opens start empty."""
    with _NAMED_LOCK:
        _NAMED.pop(name, None)


class MemoryStore:
    """An :class:`~sqmy_core.storage.EventStore` held in memory, scoped to one organization."""

    def __init__(self, organization: str, database: _Database | None = None) -> None:
        self.organization = organization
        self._db = database if database is not None else _Database()

    def __enter__(self) -> MemoryStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def transaction(self) -> AbstractContextManager[None]:
        """All-or-nothing block; nesting joins the outer one (see the module docstring)."""
        return self._db.transaction()

    def append(
        self,
        stream: str,
        expected_version: int,
        events: Sequence[NewEvent],
        idempotency_key: str | None = None,
        fingerprint: str | None = None,
    ) -> AppendResult:
        check_append_args(stream, expected_version, events)
        check_fingerprint(idempotency_key, fingerprint)
        texts = [dump_json(e.data, f"events[{i}].data") for i, e in enumerate(events)]
        org, db = self.organization, self._db
        with db.transaction():
            earlier = None if idempotency_key is None else self.recall(idempotency_key)
            if earlier is not None:
                return earlier
            indices = db.streams.get((org, stream), [])
            current = len(indices)
            if current != expected_version:
                raise stale_append(org, stream, expected_version, current)
            if events and not indices:
                self._change(db.streams, (org, stream), [])
                self._push(db.stream_order.setdefault(org, []), stream)
            for offset, (event, text) in enumerate(zip(events, texts, strict=True)):
                row = (org, stream, current + offset + 1, event.type, event.at, event.actor, text)
                self._push(db.events, row)
                self._push(db.streams[(org, stream)], len(db.events) - 1)
            last = current + len(events)
            if idempotency_key is not None:
                done = (stream, current + 1, last, fingerprint)
                self._change(db.keys, (org, idempotency_key), done)
            return AppendResult(last, self._slice(stream, current + 1, last), False, fingerprint)

    def recall(self, idempotency_key: str) -> AppendResult | None:
        """The result of the earlier append with this key (``repeated=True``), or None."""
        with self._db.lock:
            done = self._db.keys.get((self.organization, idempotency_key))
            if done is None:
                return None
            stream, first, last, fingerprint = done
            return AppendResult(last, self._slice(stream, first, last), True, fingerprint)

    def read(self, stream: str) -> list[StoredEvent]:
        with self._db.lock:
            return self._slice(stream, 1, self.version(stream))

    def version(self, stream: str) -> int:
        with self._db.lock:
            return len(self._db.streams.get((self.organization, stream), ()))

    def streams(self) -> list[str]:
        with self._db.lock:
            return list(self._db.stream_order.get(self.organization, ()))

    def scan(
        self,
        *,
        types: Sequence[str] | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        after_position: int = 0,
    ) -> Iterator[StoredEvent]:
        wanted = type_filter(types)
        low = require_aware(since, "since") if since is not None else None
        high = require_aware(until, "until") if until is not None else None
        start = max(after_position, 0)
        with self._db.lock:  # collect under the lock, yield without it
            found = [
                _stored(index, row)
                for index, row in enumerate(self._db.events[start:], start)
                if row[0] == self.organization
                and (wanted is None or row[3] in wanted)
                and (low is None or row[4] >= low)
                and (high is None or row[4] < high)
            ]
        return iter(found)

    def put(
        self,
        kind: RegistryKind,
        ident: str,
        record: Mapping[str, Any],
        *,
        expected_version: int | None = None,
    ) -> int:
        check_kind(kind)
        check_expected_version(expected_version)
        text = dump_json(record, "record")
        with self._db.transaction():
            if expected_version is not None:
                found = self.registry_version(kind, ident)
                if found != expected_version:
                    raise stale_record(self.organization, kind, ident, expected_version, found)
            records = self._db.registry.get((self.organization, kind))
            if records is None:
                records = {}
                self._change(self._db.registry, (self.organization, kind), records)
            self._change(records, ident, text)  # a replaced record keeps its place
            history = self._list_of(self._db.history)
            self._push(history, (kind, ident, text))
            return len(history)

    def registry_version(self, kind: RegistryKind, ident: str) -> int:
        """History entries of the record, counted (a memory store is small)."""
        check_kind(kind)
        with self._db.lock:
            kept = self._db.history.get(self.organization, ())
            return sum(1 for k, i, _ in kept if k == kind and i == ident)

    def get(self, kind: RegistryKind, ident: str) -> Mapping[str, Any] | None:
        check_kind(kind)
        with self._db.lock:
            text = self._db.registry.get((self.organization, kind), {}).get(ident)
        return None if text is None else load_json(text)

    def list(self, kind: RegistryKind) -> list[Mapping[str, Any]]:
        check_kind(kind)
        with self._db.lock:
            texts = list(self._db.registry.get((self.organization, kind), {}).values())
        return [load_json(text) for text in texts]

    def idempotency_keys(self) -> builtins.list[str]:
        with self._db.lock:
            return sorted(key for org, key in self._db.keys if org == self.organization)

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
        check_ruleset_version(text, source, sha256, actor, applied_at, effective_from)
        with self._db.transaction():
            kept = self._db.rulesets.get(self.organization)
            if kept is None:
                kept = []
                self._change(self._db.rulesets, self.organization, kept)
            version = RulesetVersion(
                len(kept) + 1, text, source, sha256, actor, applied_at, effective_from
            )
            self._push(kept, version)
            return version

    def ruleset_versions(self) -> builtins.list[RulesetVersion]:
        with self._db.lock:
            return list(self._db.rulesets.get(self.organization, ()))

    def organizations(self) -> builtins.list[str]:
        with self._db.lock:
            return sorted(org for org, kept in self._db.rulesets.items() if kept)

    # -- the audit chain and the registry's history ----------------------------

    def append_audit(self, entry: AuditEntry, *, recorded_at: datetime | None = None) -> AuditRecord:
        """The store's time is this process's clock (a memory store has no server)."""
        when = datetime.now(UTC) if recorded_at is None else require_aware(recorded_at, "recorded_at")
        with self._db.transaction():
            kept = self._list_of(self._db.audit)
            prev = kept[-1].hash if kept else GENESIS
            record = chain(self.organization, len(kept) + 1, when, entry, prev)
            dump_json(entry_doc(entry), "entry")  # JSON, as a database would require
            self._push(kept, record)
            return record

    def audit_records(self, after: int = 0) -> builtins.list[AuditRecord]:
        with self._db.lock:
            return list(self._db.audit.get(self.organization, ())[max(after, 0) :])

    def registry_history(self, after: int = 0) -> builtins.list[RegistryChange]:
        with self._db.lock:
            kept = self._db.history.get(self.organization, [])
            start = max(after, 0)
            return [
                RegistryChange(number, kind, ident, load_json(text))
                for number, (kind, ident, text) in enumerate(kept[start:], start + 1)
            ]

    def audit_marks(self) -> tuple[int, int]:
        with self._db.lock:
            org = self.organization
            return len(self._db.audit.get(org, ())), len(self._db.history.get(org, ()))

    def redact_history(
        self, kind: RegistryKind, idents: Sequence[str], keys: Sequence[str]
    ) -> builtins.list[RegistryChange]:
        wanted, fields = check_redaction(kind, idents, keys)
        chosen = set(wanted)
        with self._db.transaction():
            kept = self._db.history.get(self.organization, [])
            mine = [
                (n, i, load_json(text))
                for n, (k, i, text) in enumerate(kept, 1)
                if k == kind and i in chosen
            ]
            done = redactions(kind, mine, fields)
            for c in done:
                self._replace(kept, c.number - 1, (kind, c.ident, dump_json(c.record, "record")))
            return done

    def _replace(self, items: builtins.list[Any], index: int, item: Any) -> None:
        """Replace one item of a list, and log how to put the old one back."""
        old = items[index]
        items[index] = item
        self._db.undo.append(lambda: items.__setitem__(index, old))

    def _list_of(self, lists: dict[str, builtins.list[Any]]) -> builtins.list[Any]:
        """The organization's list in ``lists``, made (undoably) if it has none yet."""
        kept = lists.get(self.organization)
        if kept is None:
            kept = []
            self._change(lists, self.organization, kept)
        return kept

    # -- the transactional outbox ---------------------------------------------

    def enqueue(self, channel: str, notifications: Sequence[Notification]) -> int:
        checked = check_notifications(channel, notifications)
        db, added = self._db, 0
        with db.transaction():
            for notification, _, data in checked:
                dedup = (self.organization, channel, notification.key)
                if dedup in db.outbox_keys:
                    continue
                item_id = len(db.outbox) + 1  # a rollback takes back the newest ids first
                queued = _Queued(
                    self.organization,
                    channel,
                    evolve(notification, data={}),
                    data,
                    attempts=0,
                    next_attempt_at=notification.created_at,
                )
                self._change(db.outbox, item_id, queued)
                self._change(db.outbox_keys, dedup, item_id)
                added += 1
        return added

    def pending(
        self, now: datetime, limit: int = 100, *, channels: Collection[str] | None = None
    ) -> builtins.list[OutboxItem]:
        """Undelivered items due at ``now`` of ``channels`` (``None``: all), oldest first
        (by ``created_at``, then queue order)."""
        require_aware(now, "now")
        limit = check_limit(limit)
        wanted = check_channels(channels)
        with self._db.lock:
            due = [
                (queued.notification.created_at, item_id, queued)
                for item_id, queued in self._db.outbox.items()
                if queued.organization == self.organization
                and (wanted is None or queued.channel in wanted)
                and queued.delivered_at is None
                and queued.next_attempt_at <= now
            ]
        due.sort(key=lambda entry: entry[:2])
        return [queued.item(item_id) for _, item_id, queued in due[:limit]]

    def outbox(self) -> builtins.list[OutboxItem]:
        with self._db.lock:
            return [
                queued.item(item_id)
                for item_id, queued in self._db.outbox.items()
                if queued.organization == self.organization
            ]

    def mark_delivered(self, item_id: int, now: datetime) -> None:
        """Delivery counts as an attempt; marking a delivered item again changes nothing."""
        check_mark(item_id, now)
        with self._db.transaction():
            queued = self._queued(item_id)
            if queued.delivered_at is None:
                done = evolve(queued, attempts=queued.attempts + 1, delivered_at=now)
                self._change(self._db.outbox, item_id, done)

    def mark_failed(self, item_id: int, now: datetime, error: str, retry_at: datetime) -> None:
        """A delivered item stays delivered (a late failure report from a second worker is ignored)."""
        check_mark(item_id, now, (error, retry_at))
        with self._db.transaction():
            queued = self._queued(item_id)
            if queued.delivered_at is None:
                failed = evolve(
                    queued,
                    attempts=queued.attempts + 1,
                    next_attempt_at=retry_at,
                    last_error=error,
                )
                self._change(self._db.outbox, item_id, failed)

    def close(self) -> None:
        """Nothing to release: the data lives as long as the database object (or its name)."""

    # -- helpers -----------------------------------------------------------

    def _slice(self, stream: str, first: int, last: int) -> builtins.list[StoredEvent]:
        indices = self._db.streams.get((self.organization, stream), [])
        return [_stored(i, self._db.events[i]) for i in indices[first - 1 : last]]

    def _queued(self, item_id: int) -> _Queued:
        queued = self._db.outbox.get(item_id)
        if queued is None or queued.organization != self.organization:
            raise unknown_item(self.organization, item_id)
        return queued

    def _push(self, items: builtins.list[Any], item: Any) -> None:
        """Append, and log how to take it back."""
        items.append(item)
        self._db.undo.append(items.pop)

    def _change(self, mapping: dict[Any, Any], key: Any, value: Any) -> None:
        """Set a key, and log how to restore what was there (or its absence)."""
        if key in mapping:
            old = mapping[key]
            self._db.undo.append(lambda: mapping.__setitem__(key, old))
        else:
            self._db.undo.append(lambda: mapping.pop(key))
        mapping[key] = value


def _stored(index: int, row: _Row) -> StoredEvent:
    _, stream, version, type_, at, actor, text = row
    return StoredEvent(stream, version, index + 1, type_, at, actor, load_json(text))


@hookimpl(trylast=True)
def sqmy_storage(url: str, organization: str) -> MemoryStore | None:
    """``memory:`` opens a private store; ``memory://NAME`` the process-wide store NAME."""
    if url == "memory:":
        return MemoryStore(organization)
    if url.startswith("memory://") and len(url) > len("memory://"):
        return MemoryStore(organization, named_database(url[len("memory://") :]))
    return None
