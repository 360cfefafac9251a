"""The embedded SQLite event store (a file path, or ``sqlite:///path``), the default backend.

Standard-library :mod:`sqlite3` only.  Choices, each for a reason:

* WAL journal, so readers never block the writer nor the writer readers;
  ``synchronous=FULL``, because in WAL ``NORMAL`` can lose the last commits
  on power loss and an approval that was acknowledged must not vanish.
* Autocommit mode (``isolation_level=None``) with an explicit ``BEGIN
  IMMEDIATE`` for every write transaction: Python's implicit DEFERRED
  transactions read first and upgrade later, and that upgrade fails with
  SQLITE_BUSY despite ``busy_timeout``.  Taking the write lock first makes
  "check the stream's version, then insert" one atomic step across threads
  and processes; ``UNIQUE(organization, stream, version)`` is the last line
  of defence should that ever be broken.
* One connection per store object (``check_same_thread=False``), guarded by
  one re-entrant lock: a thread holds the lock for a whole transaction, so
  threads sharing a store take turns, and a nested ``transaction()`` in the
  same thread joins the outer one (as a SAVEPOINT, so a nested block that
  raises undoes only itself).  Scans read in pages and release the lock
  between pages.  For parallel writers, open one store per thread/process:
  SQLite then serialises them on the file's write lock.
* Times: ``at`` keeps the ISO text with the offset given (so it comes back
  equal, with the same offset); ``at_utc`` is a fixed-width UTC text that
  sorts as time does, for scans by time.
* ``secure_delete``: a rewritten or deleted row's bytes are zeroed, so an erased
  contact (:meth:`SqliteStore.redact_history`) leaves nothing in free space.
* JSON as text with ``ensure_ascii=False``: Chinese stays readable in the
  file and in any SQL tool.
* A ``schema_version`` table and numbered migrations (see
  :mod:`.sqlite_schema`), applied in place on open; a file written by a
  newer release is refused rather than misread.
* The transactional outbox is one more table written inside the same
  transaction as the events (queries in :mod:`.outbox_sql`); its dedup is
  a UNIQUE constraint, so it holds across processes too.
* The audit chain: a record's number, the previous hash and SQLite's own
  clock are read in one statement inside the ``BEGIN IMMEDIATE``
  transaction of the command's write, so two processes never take one
  number; every ``put`` also appends to ``registry_history``.
"""

from __future__ import annotations

import builtins
import copy
import itertools
import os
import re
import sqlite3
import threading
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence, Sized
from contextlib import AbstractContextManager, contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Final

from sqmy_core._builtin import outbox_sql
from sqmy_core._builtin.sqlite_schema import MIGRATIONS, migrate
from sqmy_core.errors import PluginError
from sqmy_core.plugins import hookimpl
from sqmy_core.storage import (
    AppendResult,
    AuditEntry,
    AuditRecord,
    EventRow,
    NewEvent,
    Notification,
    OutboxItem,
    RegistryChange,
    RegistryKind,
    RegistryRow,
    RulesetVersion,
    StoredEvent,
)
from sqmy_core.storage.audit import GENESIS, chain, entry_doc, entry_of, redactions
from sqmy_core.storage.audit_began import begin_audit
from sqmy_core.storage.checks import (
    REDACT_BATCH,
    check_append_args,
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
    storage_error,
    type_filter,
    utc_key,
)

if TYPE_CHECKING:
    from sqmy_core.interchange.fast_reader import Columns
    from sqmy_core.scoring.columnar.frames import DatasetFrames

__all__ = ["MIGRATIONS", "STORAGE_URL_FORMS", "SqliteStore", "path_from_url", "sqmy_storage"]

STORAGE_URL_FORMS: Final = ("sqlite:///PATH", "PATH (a file)")

AUDIT_SCHEMA: Final = 4
"""The schema version that brought the audit chain (a file migrated from before it gets
its ``audit_began`` records)."""

BUSY_TIMEOUT_SECONDS: Final = 30.0
"""How long a writer waits for another connection's write lock before giving up."""

SCAN_PAGE: Final = 500

_EVENT_COLUMNS: Final = "stream, version, position, type, at, actor, data"

BULK_REINDEX: Final = 200_000
"""From this many event rows, a bulk import rebuilds the events' secondary indexes after
inserting (one sorted build instead of millions of scattered updates), in the same
transaction; the ``UNIQUE`` index stays and checks every row as it is inserted."""


BULK_BATCH: Final = 100_000
"""Event rows a bulk import moves into ``events`` per statement (see ``_insert_rows``)."""

_BATCH: Final = "sqmy_import_batch"
_REGISTRY_BATCH: Final = "sqmy_import_registry"
_BATCH_COLUMNS: Final = "stream, version, type, at, at_utc, actor, data"
_BATCH_CACHE_KIB: Final = 65_536
"""A batch is about 250 bytes a row: 64 MiB of temporary cache holds one without spilling."""


class SqliteStore:
    """An :class:`~sqmy_core.storage.EventStore` in one SQLite file, scoped to one organization."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        organization: str,
        *,
        busy_timeout: float = BUSY_TIMEOUT_SECONDS,
    ) -> None:
        self.organization = organization
        self.path = os.fspath(path)
        self._lock = threading.RLock()
        self._depth = 0
        self._redacted = False
        try:
            self._conn = sqlite3.connect(
                self.path, timeout=busy_timeout, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise _open_failed(self.path, exc) from exc
        try:
            self._conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = FULL")
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._conn.execute("PRAGMA secure_delete = ON")  # erased bytes do not linger
            migrate(self._conn, self.path, self._begin_audits)
        except BaseException as exc:
            self._conn.close()
            if isinstance(exc, sqlite3.Error):
                raise _open_failed(self.path, exc) from exc
            raise

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def pragmas(self) -> dict[str, Any]:
        """The connection settings in force (journal_mode, synchronous, foreign_keys, busy_timeout,
        secure_delete)."""
        names = ("journal_mode", "synchronous", "foreign_keys", "busy_timeout", "secure_delete")
        with self._lock:
            return {name: self._conn.execute(f"PRAGMA {name}").fetchone()[0] for name in names}

    def transaction(self) -> AbstractContextManager[None]:
        """All-or-nothing block; nesting joins the outer one (see the module docstring)."""
        return self._transaction()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._lock:
            savepoint = f"sqmy_{self._depth}" if self._depth else None
            self._conn.execute(f"SAVEPOINT {savepoint}" if savepoint else "BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield
            except BaseException:
                self._depth -= 1
                if savepoint:
                    self._conn.execute(f"ROLLBACK TO {savepoint}")
                    self._conn.execute(f"RELEASE {savepoint}")
                else:
                    self._conn.execute("ROLLBACK")
                    self._redacted = False
                raise
            self._depth -= 1
            try:
                self._conn.execute(f"RELEASE {savepoint}" if savepoint else "COMMIT")
            except BaseException:
                if not savepoint and self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                    self._redacted = False
                raise
            if self._redacted and not savepoint:
                self._forget_wal()

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
        rows = [
            (
                e.type,
                e.at.isoformat(),
                utc_key(e.at),
                e.actor,
                dump_json(e.data, f"events[{i}].data"),
            )
            for i, e in enumerate(events)
        ]
        org = self.organization
        with self.transaction():
            earlier = None if idempotency_key is None else self.recall(idempotency_key)
            if earlier is not None:
                return earlier
            current = self._version(stream)
            if current != expected_version:
                raise stale_append(org, stream, expected_version, current)
            self._conn.executemany(
                "INSERT INTO events (organization, stream, version, type, at, at_utc, actor, data)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(org, stream, current + n, *row) for n, row in enumerate(rows, 1)],
            )
            last = current + len(rows)
            if idempotency_key is not None:
                self._conn.execute(
                    "INSERT INTO idempotency"
                    " (organization, key, stream, first_version, last_version, fingerprint)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (org, idempotency_key, stream, current + 1, last, fingerprint),
                )
            events_ = self._range(stream, current + 1, last)
            return AppendResult(last, events_, fingerprint=fingerprint)

    def import_rows(
        self,
        registry: Sequence[RegistryRow],
        streams: Sequence[str],
        events: Iterable[EventRow],
    ) -> builtins.list[str]:
        """Bulk import (:class:`~sqmy_core.storage.BulkImport`): one transaction, ``executemany``.

        The schema's own checks still hold every row (``UNIQUE`` stream
        versions, ``NOT NULL``, ``version >= 1``); a failure rolls back all.
        """
        for kind in {kind for kind, _, _ in registry}:
            check_kind(kind)
        org = self.organization
        # an iterable of unknown size: taken as large
        rows = len(events) if isinstance(events, Sized) else BULK_REINDEX
        with self._lock, self._page_cache(rows), self.transaction():
            started = {
                row[0]
                for row in self._conn.execute(
                    "SELECT stream FROM events WHERE organization = ? AND version = 1", (org,)
                )
            }
            taken = [s for s in streams if s in started]
            if taken:
                return taken
            self._insert_registry(registry)
            # the schema's own definitions (UNIQUE constraints have none: they stay)
            rebuild = (
                self._conn.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
                    " AND tbl_name = 'events' AND sql IS NOT NULL"
                ).fetchall()
                if rows >= BULK_REINDEX
                else []
            )
            for name, _ in rebuild:
                self._conn.execute(f'DROP INDEX "{name}"')
            self._insert_rows(events)
            for _, create in rebuild:
                self._conn.execute(create)
        return []

    def _insert_registry(self, registry: Sequence[RegistryRow]) -> None:
        """The registry records, and their history entries numbered on from the last one.

        Both go through one temporary table and one ``INSERT ... SELECT`` each, for the
        reason :meth:`_insert_rows` gives (``registry.seq`` is ``AUTOINCREMENT`` too): a
        national import puts some 650,000 people, units and calls.  The temporary table's
        rowids are 1, 2, ... in the order given, so entry ``first + rowid - 1`` is the
        record's put, as a put by put import numbers it.
        """
        if not registry:
            return
        org, conn = self.organization, self._conn
        with self._batch_table(_REGISTRY_BATCH, "kind, ident, record"):
            conn.executemany(f"INSERT INTO temp.{_REGISTRY_BATCH} VALUES (?, ?, ?)", registry)
            # ``WHERE true``: an upsert's SELECT needs a WHERE before ON CONFLICT (SQLite)
            conn.execute(
                "INSERT INTO registry (organization, kind, ident, record)"
                f" SELECT ?, kind, ident, record FROM temp.{_REGISTRY_BATCH} WHERE true"
                " ORDER BY rowid"
                " ON CONFLICT (organization, kind, ident) DO UPDATE SET record = excluded.record",
                (org,),
            )
            conn.execute(
                "INSERT INTO registry_history (organization, number, kind, ident, record)"
                f" SELECT ?, ? + rowid - 1, kind, ident, record FROM temp.{_REGISTRY_BATCH}"
                " ORDER BY rowid",
                (org, self._history_length() + 1),
            )

    def _insert_rows(self, events: Iterable[EventRow]) -> None:
        """The event rows, a batch at a time through a temporary table.

        ``events.position`` is ``AUTOINCREMENT``: each ``INSERT`` statement
        also updates ``sqlite_sequence``, so a row per statement (``executemany``
        into ``events``) pays a second b-tree write per row.  A batch goes
        into an unindexed temporary table (``temp``: never in the file, never
        synced) and then into ``events`` with one ``INSERT ... SELECT`` in row
        order, which also binds the organization once and runs in SQLite alone
        (the GIL released).  Every constraint of ``events`` still checks every
        row; a failure anywhere rolls back the caller's transaction.
        """
        conn = self._conn
        with self._batch_table(_BATCH, _BATCH_COLUMNS):
            rows = iter(events)
            while True:
                got = conn.executemany(
                    f"INSERT INTO temp.{_BATCH} VALUES (?, ?, ?, ?, ?, ?, ?)",
                    itertools.islice(rows, BULK_BATCH),
                ).rowcount
                if got <= 0:
                    return
                conn.execute(
                    "INSERT INTO events (organization, stream, version, type, at, at_utc, actor, data)"
                    f" SELECT ?, {_BATCH_COLUMNS} FROM temp.{_BATCH} ORDER BY rowid",
                    (self.organization,),
                )
                conn.execute(f"DELETE FROM temp.{_BATCH}")

    @contextmanager
    def _batch_table(self, name: str, columns: str) -> Iterator[None]:
        """A temporary table for the block, its pages kept in memory (a batch never spills
        to a temporary file); dropped, and the cache setting put back, however it ends."""
        conn = self._conn
        before = conn.execute("PRAGMA temp.cache_size").fetchone()[0]
        conn.execute(f"PRAGMA temp.cache_size = -{_BATCH_CACHE_KIB}")
        conn.execute(f"CREATE TEMP TABLE {name} ({columns})")
        try:
            yield
        finally:
            conn.execute(f"DROP TABLE IF EXISTS temp.{name}")
            conn.execute(f"PRAGMA temp.cache_size = {int(before)}")

    def dataset_frames(
        self, extra_roles: Iterable[str] = (), columns: Columns | None = None
    ) -> DatasetFrames | None:
        """The store as :class:`DatasetFrames` read by SQL (needs the ``scale`` extra), or None
        when the reference export must decide (attributes, unusual stored times); ``columns``
        as for :func:`~sqmy_core._builtin.sqlite_frames.store_frames`."""
        from sqmy_core._builtin.sqlite_frames import store_frames

        with self._lock:
            # the connection is made with check_same_thread=False: it can read ahead
            return store_frames(
                self._conn, self.organization, extra_roles, columns, read_ahead=True
            )

    @contextmanager
    def _page_cache(self, rows: int) -> Iterator[None]:
        """A page cache big enough for a bulk insert's indexes (about 1 KiB a row, at most
        256 MiB), for the duration of the insert; the setting before is put back."""
        before = self._conn.execute("PRAGMA cache_size").fetchone()[0]
        self._conn.execute(f"PRAGMA cache_size = -{min(max(rows, 2_000), 262_144)}")
        try:
            yield
        finally:
            self._conn.execute(f"PRAGMA cache_size = {int(before)}")

    def recall(self, idempotency_key: str) -> AppendResult | None:
        """The result of the earlier append with this key (``repeated=True``), or None."""
        with self._lock:
            done = self._conn.execute(
                "SELECT stream, first_version, last_version, fingerprint FROM idempotency"
                " WHERE organization = ? AND key = ?",
                (self.organization, idempotency_key),
            ).fetchone()
            if done is None:
                return None
            return AppendResult(done[2], self._range(*done[:3]), True, done[3])

    def read(self, stream: str) -> list[StoredEvent]:
        with self._lock:
            return self._range(stream, 1, None)

    def version(self, stream: str) -> int:
        with self._lock:
            return self._version(stream)

    def streams(self) -> list[str]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT stream FROM events WHERE organization = ? AND version = 1 ORDER BY position",
                (self.organization,),
            ).fetchall()
        return [row[0] for row in rows]

    def scan(
        self,
        *,
        types: Sequence[str] | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        after_position: int = 0,
    ) -> Iterator[StoredEvent]:
        """Validate now (not at the first ``next``), then read page by page.

        Each page is read in ``position`` order from where the last one ended,
        so no page may sort the rows after it: by default SQLite would take an
        index on ``organization`` and sort every later row of the organization
        for each page (quadratic; a national backup, audit check or import
        claim never ended).  Only one type has an index in ``position`` order
        (``events_by_type``); otherwise ``+organization`` keeps SQLite on the
        rowid, which is ``position``, and every page costs its own rows.
        """
        wanted = type_filter(types)
        one_type = wanted is not None and len(wanted) == 1
        where = ["organization = ?" if one_type else "+organization = ?", "position > ?"]
        params: list[Any] = [self.organization]
        if wanted is not None:
            if not wanted:
                return iter(())
            where.append(f"type IN ({', '.join('?' * len(wanted))})")
            params.extend(wanted)
        if since is not None:
            where.append("at_utc >= ?")
            params.append(utc_key(require_aware(since, "since")))
        if until is not None:
            where.append("at_utc < ?")
            params.append(utc_key(require_aware(until, "until")))
        sql = f"SELECT {_EVENT_COLUMNS} FROM events WHERE {' AND '.join(where)} ORDER BY position LIMIT {SCAN_PAGE}"
        return self._pages(sql, params, after_position)

    def _pages(self, sql: str, params: builtins.list[Any], after: int) -> Iterator[StoredEvent]:
        while True:
            with self._lock:
                rows = self._conn.execute(sql, [params[0], after, *params[1:]]).fetchall()
            yield from (_event(row) for row in rows)
            if len(rows) < SCAN_PAGE:
                return
            after = rows[-1][2]

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
        with self.transaction():
            if expected_version is not None:
                found = self._registry_version(kind, ident)
                if found != expected_version:
                    raise stale_record(self.organization, kind, ident, expected_version, found)
            self._conn.execute(
                "INSERT INTO registry (organization, kind, ident, record) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (organization, kind, ident) DO UPDATE SET record = excluded.record",
                (self.organization, kind, ident, text),
            )
            number = self._history_length() + 1
            self._conn.execute(
                "INSERT INTO registry_history (organization, number, kind, ident, record)"
                " VALUES (?, ?, ?, ?, ?)",
                (self.organization, number, kind, ident, text),
            )
            return number

    def registry_version(self, kind: RegistryKind, ident: str) -> int:
        check_kind(kind)
        with self._lock:
            return self._registry_version(kind, ident)

    def get(self, kind: RegistryKind, ident: str) -> Mapping[str, Any] | None:
        check_kind(kind)
        with self._lock:
            row = self._conn.execute(
                "SELECT record FROM registry WHERE organization = ? AND kind = ? AND ident = ?",
                (self.organization, kind, ident),
            ).fetchone()
        return None if row is None else load_json(row[0])

    def list(self, kind: RegistryKind) -> list[Mapping[str, Any]]:
        check_kind(kind)
        with self._lock:
            rows = self._conn.execute(
                "SELECT record FROM registry WHERE organization = ? AND kind = ? ORDER BY seq",
                (self.organization, kind),
            ).fetchall()
        return [load_json(row[0]) for row in rows]

    def idempotency_keys(self) -> builtins.list[str]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT key FROM idempotency WHERE organization = ?", (self.organization,)
            ).fetchall()
        return sorted(row[0] for row in rows)  # in Python: SQLite's collation is not ours

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
        """Keep every version ever applied (an audit trail); none is ever replaced."""
        check_ruleset_version(text, source, sha256, actor, applied_at, effective_from)
        with self.transaction():
            self._conn.execute(
                "INSERT INTO rulesets"
                " (organization, text, source, sha256, actor, applied_at, effective_from)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    self.organization,
                    text,
                    source,
                    sha256,
                    actor,
                    None if applied_at is None else applied_at.isoformat(),
                    None if effective_from is None else effective_from.isoformat(),
                ),
            )
            return self.ruleset_versions()[-1]

    def ruleset_versions(self) -> builtins.list[RulesetVersion]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT text, source, sha256, actor, applied_at, effective_from FROM rulesets"
                " WHERE organization = ? ORDER BY seq",
                (self.organization,),
            ).fetchall()
        return [_version_of(number, row) for number, row in enumerate(rows, 1)]

    def event_count(self) -> int:
        """How many events this organization's streams hold (one indexed count): the size by
        which an assessment picks its engine without reading the events."""
        with self._lock:
            row = self._conn.execute(
                "SELECT count(*) FROM events WHERE organization = ?", (self.organization,)
            ).fetchone()
        return int(row[0])

    def organizations(self) -> builtins.list[str]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT DISTINCT organization FROM rulesets ORDER BY organization"
            ).fetchall()
        return [r[0] for r in rows]

    # -- the audit chain and the registry's history ----------------------------

    def append_audit(
        self, entry: AuditEntry, *, recorded_at: datetime | None = None
    ) -> AuditRecord:
        """Number and time taken inside the write transaction (``BEGIN IMMEDIATE``): no two
        writers get one number; the time is SQLite's own clock (``'now'``, UTC, milliseconds)."""
        text = dump_json(entry_doc(entry), "entry")
        with self.transaction():
            now, seq, prev = self._conn.execute(
                "SELECT strftime('%Y-%m-%dT%H:%M:%f', 'now'), seq, hash FROM (SELECT 1)"
                " LEFT JOIN (SELECT seq, hash FROM audit WHERE organization = ?"
                " ORDER BY seq DESC LIMIT 1)",
                (self.organization,),
            ).fetchone()
            when = (
                datetime.fromisoformat(now + "+00:00")
                if recorded_at is None
                else require_aware(recorded_at, "recorded_at")
            )
            seq, prev = (1, GENESIS) if seq is None else (seq + 1, prev)
            record = chain(self.organization, seq, when, entry, prev)
            self._conn.execute(
                "INSERT INTO audit (organization, seq, recorded_at, entry, prev, hash)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (self.organization, seq, when.isoformat(), text, prev, record.hash),
            )
            return record

    def audit_records(self, after: int = 0) -> builtins.list[AuditRecord]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT seq, recorded_at, entry, prev, hash FROM audit"
                " WHERE organization = ? AND seq > ? ORDER BY seq",
                (self.organization, after),
            ).fetchall()
        return [
            AuditRecord(seq, datetime.fromisoformat(at), entry_of(load_json(entry)), prev, digest)
            for seq, at, entry, prev, digest in rows
        ]

    def registry_history(self, after: int = 0) -> builtins.list[RegistryChange]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT number, kind, ident, record FROM registry_history"
                " WHERE organization = ? AND number > ? ORDER BY number",
                (self.organization, after),
            ).fetchall()
        return [RegistryChange(n, kind, ident, load_json(text)) for n, kind, ident, text in rows]

    def audit_marks(self) -> tuple[int, int]:
        with self._lock:
            row = self._conn.execute(
                "SELECT COALESCE(MAX(seq), 0) FROM audit WHERE organization = ?",
                (self.organization,),
            ).fetchone()
            return int(row[0]), self._history_length()

    def redact_history(
        self, kind: RegistryKind, idents: Sequence[str], keys: Sequence[str]
    ) -> builtins.list[RegistryChange]:
        """The rows rewritten in place; ``secure_delete`` zeroes the bytes they held, and once
        the outermost transaction commits the WAL is checkpointed and truncated (see
        :meth:`_forget_wal`), so the erased text is in neither file."""
        wanted, fields = check_redaction(kind, idents, keys)
        done: builtins.list[RegistryChange] = []
        with self.transaction():
            for start in range(0, len(wanted), REDACT_BATCH):
                batch = wanted[start : start + REDACT_BATCH]
                rows = self._conn.execute(
                    "SELECT number, ident, record FROM registry_history"
                    f" WHERE organization = ? AND kind = ? AND ident IN ({', '.join('?' * len(batch))})",
                    (self.organization, kind, *batch),
                ).fetchall()
                done += redactions(kind, [(n, i, load_json(t)) for n, i, t in rows], fields)
            self._conn.executemany(
                "UPDATE registry_history SET record = ? WHERE organization = ? AND number = ?",
                [(dump_json(c.record, "record"), self.organization, c.number) for c in done],
            )
            self._redacted = self._redacted or bool(done)
        return sorted(done, key=lambda c: c.number)

    def _forget_wal(self) -> None:
        """After a committed redaction: copy the WAL into the file and truncate it, so the
        frames that held the old bytes are gone too (best effort: a reader still holding an
        older snapshot keeps its frames until the next redaction or the last close)."""
        self._redacted = False
        try:
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        except sqlite3.Error:  # committed already; the next redaction or close tries again
            self._redacted = True

    def _begin_audits(self, found: int) -> None:
        """Inside the migration of a file kept at schema ``found``: when that is before the
        chain (4), one ``audit_began`` record for each organization of the file."""
        if found >= AUDIT_SCHEMA:
            return
        orgs = self._conn.execute(
            "SELECT organization FROM events UNION SELECT organization FROM registry"
            " UNION SELECT organization FROM rulesets"
        ).fetchall()
        for (org,) in sorted(orgs):
            view = copy.copy(self)  # the same connection, inside migrate's transaction
            view.organization, view._depth = org, 1
            begin_audit(view, f"schema {found}")

    # -- the transactional outbox ---------------------------------------------

    def enqueue(self, channel: str, notifications: Sequence[Notification]) -> int:
        checked = check_notifications(channel, notifications)
        with self.transaction():
            return outbox_sql.enqueue(self._conn, self.organization, channel, checked)

    def pending(
        self, now: datetime, limit: int = 100, *, channels: Collection[str] | None = None
    ) -> builtins.list[OutboxItem]:
        """Undelivered items due at ``now`` of ``channels`` (``None``: all), oldest first
        (by ``created_at``, then queue order)."""
        require_aware(now, "now")
        limit = check_limit(limit)
        with self._lock:
            return outbox_sql.pending(self._conn, self.organization, now, limit, channels)

    def outbox(self) -> builtins.list[OutboxItem]:
        with self._lock:
            return outbox_sql.outbox(self._conn, self.organization)

    def mark_delivered(self, item_id: int, now: datetime) -> None:
        check_mark(item_id, now)
        with self.transaction():
            outbox_sql.mark_delivered(self._conn, self.organization, item_id, now)

    def mark_failed(self, item_id: int, now: datetime, error: str, retry_at: datetime) -> None:
        check_mark(item_id, now, (error, retry_at))
        with self.transaction():
            outbox_sql.mark_failed(self._conn, self.organization, item_id, error, retry_at)

    def close(self) -> None:
        """Close the connection (idempotent); an open transaction is rolled back by SQLite."""
        with self._lock:
            self._conn.close()

    # -- helpers (call with the lock held) ---------------------------------

    def _version(self, stream: str) -> int:
        row = self._conn.execute(
            "SELECT COALESCE(MAX(version), 0) FROM events WHERE organization = ? AND stream = ?",
            (self.organization, stream),
        ).fetchone()
        return int(row[0])

    def _history_length(self) -> int:
        row = self._conn.execute(
            "SELECT COALESCE(MAX(number), 0) FROM registry_history WHERE organization = ?",
            (self.organization,),
        ).fetchone()
        return int(row[0])

    def _registry_version(self, kind: str, ident: str) -> int:
        """History entries of the record; 1 for one kept before the history (schema 4)."""
        row = self._conn.execute(
            "SELECT (SELECT COUNT(*) FROM registry_history"
            "        WHERE organization = ?1 AND kind = ?2 AND ident = ?3),"
            " EXISTS (SELECT 1 FROM registry WHERE organization = ?1 AND kind = ?2 AND ident = ?3)",
            (self.organization, kind, ident),
        ).fetchone()
        return max(int(row[0]), int(row[1]))

    def _range(self, stream: str, first: int, last: int | None) -> builtins.list[StoredEvent]:
        rows = self._conn.execute(
            f"SELECT {_EVENT_COLUMNS} FROM events WHERE organization = ? AND stream = ?"
            " AND version >= ? AND version <= COALESCE(?, version) ORDER BY version",
            (self.organization, stream, first, last),
        ).fetchall()
        return [_event(row) for row in rows]


def _event(row: tuple[Any, ...]) -> StoredEvent:
    stream, version, position, type_, at, actor, data = row
    return StoredEvent(
        stream, version, position, type_, datetime.fromisoformat(at), actor, load_json(data)
    )


def _version_of(number: int, row: tuple[Any, ...]) -> RulesetVersion:
    text, source, sha256, actor, applied_at, effective_from = row
    return RulesetVersion(
        number,
        text,
        source,
        sha256,
        actor,
        None if applied_at is None else datetime.fromisoformat(applied_at),
        None if effective_from is None else date.fromisoformat(effective_from),
    )


def _open_failed(path: str, exc: BaseException) -> PluginError:
    return storage_error("storage_open_failed", url=repr(path), reason=str(exc))


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")
"""A URL scheme of two letters or more (one letter is a Windows drive, ``C:``)."""


def path_from_url(url: str) -> str | None:
    """The file path this plugin reads ``url`` as, or None for a URL of another form.

    ``sqlite:///data/x.db`` is relative, ``sqlite:////srv/x.db`` absolute (as
    in SQLAlchemy); ``sqlite:///:memory:`` is a private in-memory database.
    Anything else with a scheme (``memory:``, ``postgresql+psycopg://``,
    even ``sqlite+pysqlite://``) belongs to another plugin.
    """
    if url.startswith("sqlite:///"):
        return url[len("sqlite:///") :] or None
    if not url or _SCHEME.match(url):
        return None
    return url


@hookimpl(trylast=True)
def sqmy_storage(url: str, organization: str) -> SqliteStore | None:
    """A file path or ``sqlite:///path`` opens (creating if need be) that SQLite file."""
    path = path_from_url(url)
    return None if path is None else SqliteStore(path, organization)
