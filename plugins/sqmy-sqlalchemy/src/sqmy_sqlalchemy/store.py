"""The event store on SQLAlchemy 2 Core, for PostgreSQL (psycopg 3) and MySQL/MariaDB (PyMySQL).

Same schema ideas and semantics as the built-in SQLite store; how the
concurrency guarantees are kept on a server database:

* Transactions belong to a thread (:mod:`sqmy_sqlalchemy._tx`): a nested
  ``transaction()``, and every write inside a block, is a SAVEPOINT.
* Every write first takes the organization's write lock (see
  :func:`sqmy_sqlalchemy._dialect.lock_organization`), held to commit.  An
  append checks the stream's version and inserts under that lock, in one
  transaction; ``UNIQUE (organization, stream, version)`` is the last line
  of defence.  A unique violation, a serialization failure or a deadlock in
  an append becomes :class:`~sqmy_core.errors.ConcurrencyConflict` with the
  built-in stores' message -- after a few retries of the whole append when
  it is not nested in an outer block (a retry re-checks the version, so an
  idempotent repeat is then recognised as such).
* Times: ``at`` keeps the ISO text with the offset given; ``at_utc`` is a
  fixed-width UTC text that sorts as time does.  Data and records are JSON
  text with ``ensure_ascii=False`` (not JSON/JSONB columns: text keeps the
  key order written and is the same on both servers).
"""

from __future__ import annotations

import builtins
import copy
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import date, datetime
from typing import Any, Final

import sqlalchemy as sa
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

from sqmy_core.kit import (
    GENESIS,
    REDACT_BATCH,
    AppendResult,
    AuditEntry,
    AuditRecord,
    EventRow,
    NewEvent,
    Notification,
    OutboxItem,
    PluginError,
    RegistryChange,
    RegistryKind,
    RegistryRow,
    RulesetVersion,
    StoredEvent,
    begin_audit,
    chain,
    check_expected_version,
    check_fingerprint,
    check_kind,
    check_redaction,
    check_ruleset_version,
    dump_json,
    entry_doc,
    entry_of,
    load_json,
    redactions,
    require_aware,
    stale_append,
    stale_record,
    storage_error,
    type_filter,
    utc_key,
)
from sqmy_sqlalchemy import _bulk, _dialect, migrations
from sqmy_sqlalchemy import outbox as _outbox
from sqmy_sqlalchemy._checks import check_append_args, check_length, check_text
from sqmy_sqlalchemy._scan import COLUMNS, SCAN_PAGE, page_query
from sqmy_sqlalchemy._tx import ThreadTransactions
from sqmy_sqlalchemy.schema import audit, events, idempotency, registry, registry_history, rulesets
from sqmy_sqlalchemy.schema import events as events_table

AUDIT_SCHEMA: Final = 4
"""The schema version that brought the audit chain (a database migrated from before it
gets its ``audit_began`` records)."""

LOCK_TIMEOUT_SECONDS: Final = 30.0
"""How long a writer waits for another transaction's lock before the database gives up."""

APPEND_ATTEMPTS: Final = 3
"""Tries of a top-level append that lost a race at the database level (not a stale version)."""

_EVENT_COLUMNS: Final = COLUMNS


class SqlAlchemyStore:
    """An :class:`~sqmy_core.storage.EventStore` in a PostgreSQL or MySQL database, for one organization."""

    def __init__(
        self,
        url: str | URL,
        organization: str,
        *,
        lock_timeout: float = LOCK_TIMEOUT_SECONDS,
        engine_options: Mapping[str, Any] | None = None,
    ) -> None:
        check_text(organization, "organization", "organization")
        self.organization = organization
        try:
            self.url = _dialect.normalise_url(make_url(url))
        except (ArgumentError, ValueError) as exc:
            raise _open_failed(_dialect.hide_password(str(url)), exc) from exc
        self.shown_url = self.url.render_as_string(hide_password=True)
        try:
            self._engine = _dialect.make_engine(self.url, lock_timeout, engine_options or {})
        except (SQLAlchemyError, ImportError) as exc:  # ImportError: driver not installed
            raise _open_failed(self.shown_url, exc) from exc
        self._tx = ThreadTransactions(self._engine)
        try:
            self.schema_version = migrations.migrate(
                self._engine, self.shown_url, upgraded=self._begin_audits
            )
        except BaseException as exc:
            self._engine.dispose()
            if isinstance(exc, SQLAlchemyError):
                raise _open_failed(self.shown_url, exc) from exc
            raise

    def __enter__(self) -> SqlAlchemyStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"SqlAlchemyStore({self.shown_url!r}, {self.organization!r})"

    @property
    def engine(self) -> sa.Engine:
        return self._engine

    # -- transactions ----------------------------------------------------------

    def transaction(self) -> AbstractContextManager[None]:
        """All-or-nothing block; nesting joins the outer one as a SAVEPOINT (see :mod:`._tx`)."""
        return self._block()

    @contextmanager
    def _block(self) -> Iterator[None]:
        with self._tx.begin():
            yield

    # -- events ----------------------------------------------------------------

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
        if idempotency_key is not None:
            check_text(idempotency_key, "idempotency_key", "idempotency_key")
        rows = [
            {
                "type": e.type,
                "at": e.at.isoformat(),
                "at_utc": utc_key(e.at),
                "actor": e.actor,
                "data": dump_json(e.data, f"events[{i}].data"),
            }
            for i, e in enumerate(events)
        ]
        attempts = 1 if self._tx.active else APPEND_ATTEMPTS
        for attempt in range(1, attempts + 1):
            try:
                with self._tx.begin() as conn:
                    return self._append(
                        conn, stream, expected_version, rows, idempotency_key, fingerprint
                    )
            except DBAPIError as exc:
                if _dialect.lost_race(exc) is None:
                    raise
                if attempt == attempts:
                    actual = self._actual_version(stream)
                    raise stale_append(self.organization, stream, expected_version, actual) from exc
        raise AssertionError("unreachable")  # pragma: no cover

    def _append(
        self,
        conn: Connection,
        stream: str,
        expected: int,
        rows: builtins.list[dict[str, Any]],
        key: str | None,
        fingerprint: str | None,
    ) -> AppendResult:
        org = self.organization
        _dialect.lock_organization(conn, org)
        earlier = None if key is None else self._recall(conn, key)
        if earlier is not None:
            return earlier
        current = self._version(conn, stream)
        if current != expected:
            raise stale_append(org, stream, expected, current)
        if rows:
            conn.execute(
                sa.insert(events),
                [
                    {"organization": org, "stream": stream, "version": current + n, **row}
                    for n, row in enumerate(rows, 1)
                ],
            )
        last = current + len(rows)
        if key is not None:
            conn.execute(
                sa.insert(idempotency).values(
                    organization=org,
                    key=key,
                    stream=stream,
                    first_version=current + 1,
                    last_version=last,
                    fingerprint=fingerprint,
                )
            )
        appended = self._range(conn, stream, current + 1, last)
        return AppendResult(last, appended, fingerprint=fingerprint)

    def _actual_version(self, stream: str) -> int:
        """The stream's version for a conflict message, read after the failed attempt."""
        try:
            return self.version(stream)
        except SQLAlchemyError:  # the thread's transaction is unusable: ask outside it
            with self._engine.connect() as conn:
                return self._version(conn, stream)

    def recall(self, idempotency_key: str) -> AppendResult | None:
        """The result of the earlier append with this key (``repeated=True``), or None."""
        with self._tx.connection() as conn:
            return self._recall(conn, idempotency_key)

    def read(self, stream: str) -> builtins.list[StoredEvent]:
        with self._tx.connection() as conn:
            return self._range(conn, stream, 1, None)

    def version(self, stream: str) -> int:
        with self._tx.connection() as conn:
            return self._version(conn, stream)

    def streams(self) -> builtins.list[str]:
        query = (
            sa.select(events.c.stream)
            .where(events.c.organization == self.organization, events.c.version == 1)
            .order_by(events.c.position)
        )
        with self._tx.connection() as conn:
            return list(conn.scalars(query))

    def scan(
        self,
        *,
        types: Sequence[str] | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        after_position: int = 0,
    ) -> Iterator[StoredEvent]:
        """Validate now (not at the first ``next``), then read page by page, each page
        through an index in position order (:mod:`sqmy_sqlalchemy._scan`)."""
        wanted = type_filter(types)
        if wanted is not None and not wanted:
            return iter(())
        low = None if since is None else utc_key(require_aware(since, "since"))
        high = None if until is None else utc_key(require_aware(until, "until"))
        return self._pages(wanted, low, high, after_position)

    def _pages(
        self, types: Sequence[str] | None, since: str | None, until: str | None, after: int
    ) -> Iterator[StoredEvent]:
        while True:
            query = page_query(self.organization, types, since, until, after)
            with self._tx.connection() as conn:
                rows = conn.execute(query).all()
            yield from (_event(row) for row in rows)
            if len(rows) < SCAN_PAGE:
                return
            after = rows[-1].position

    def import_rows(
        self,
        registry: Sequence[RegistryRow],
        streams: Sequence[str],
        events: Iterable[EventRow],
    ) -> builtins.list[str]:
        """Bulk import (:class:`~sqmy_core.kit.BulkImport`): one transaction under the
        organization's write lock, taken once; COPY or multi-row inserts (:mod:`._bulk`).

        Streams already started are reported before anything is written; the
        schema's own checks (``UNIQUE`` stream versions, ``NOT NULL``,
        ``version >= 1``) hold every row, and a failure rolls back all.
        """
        for kind in {kind for kind, _, _ in registry}:
            check_kind(kind)
        org = self.organization
        with self._tx.begin() as conn:
            _dialect.lock_organization(conn, org)
            started = set(
                conn.scalars(
                    sa.select(events_table.c.stream).where(
                        events_table.c.organization == org, events_table.c.version == 1
                    )
                )
            )
            taken = [s for s in streams if s in started]
            if taken:
                return taken
            _bulk.insert_registry(conn, org, registry, self._history_length(conn) + 1)
            _bulk.insert_events(conn, org, events)
        return []

    # -- registry and ruleset --------------------------------------------------

    def put(
        self,
        kind: RegistryKind,
        ident: str,
        record: Mapping[str, Any],
        *,
        expected_version: int | None = None,
    ) -> int:
        check_kind(kind)
        check_text(ident, "ident", "ident")
        check_expected_version(expected_version)
        text = dump_json(record, "record")
        with self._tx.begin() as conn:
            _dialect.lock_organization(conn, self.organization)
            if expected_version is not None:
                found = self._registry_version(conn, kind, ident)
                if found != expected_version:
                    raise stale_record(self.organization, kind, ident, expected_version, found)
            _dialect.upsert_record(conn, self.organization, kind, ident, text)
            number = self._history_length(conn) + 1
            row = {"number": number, "kind": kind, "ident": ident, "record": text}
            conn.execute(sa.insert(registry_history).values(organization=self.organization, **row))
            return number

    def registry_version(self, kind: RegistryKind, ident: str) -> int:
        check_kind(kind)
        with self._tx.connection() as conn:
            return self._registry_version(conn, kind, ident)

    def _registry_version(self, conn: Connection, kind: str, ident: str) -> int:
        """History entries of the record; 1 for one kept before the history (schema 4)."""
        h, r = registry_history, registry
        count = sa.select(sa.func.count()).where(
            h.c.organization == self.organization, h.c.kind == kind, h.c.ident == ident
        )
        kept = sa.select(sa.func.count()).where(
            r.c.organization == self.organization, r.c.kind == kind, r.c.ident == ident
        )
        return max(int(conn.scalar(count) or 0), int(conn.scalar(kept) or 0))

    def get(self, kind: RegistryKind, ident: str) -> Mapping[str, Any] | None:
        check_kind(kind)
        query = sa.select(registry.c.record).where(
            registry.c.organization == self.organization,
            registry.c.kind == kind,
            registry.c.ident == ident,
        )
        with self._tx.connection() as conn:
            text = conn.scalar(query)
        return None if text is None else dict(load_json(text))

    def list(self, kind: RegistryKind) -> builtins.list[Mapping[str, Any]]:
        check_kind(kind)
        query = (
            sa.select(registry.c.record)
            .where(registry.c.organization == self.organization, registry.c.kind == kind)
            .order_by(registry.c.seq)
        )
        with self._tx.connection() as conn:
            return [dict(load_json(text)) for text in conn.scalars(query)]

    def idempotency_keys(self) -> builtins.list[str]:
        """Sorted in Python: the database's collation need not sort as the built-in stores do."""
        query = sa.select(idempotency.c.key).where(idempotency.c.organization == self.organization)
        with self._tx.connection() as conn:
            return sorted(conn.scalars(query))

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
        check_length(source, "source", "source")
        check_text(actor, "actor", "actor", optional=True)
        row = {
            "organization": self.organization,
            "text": text,
            "source": source,
            "sha256": sha256,
            "actor": actor,
            "applied_at": None if applied_at is None else applied_at.isoformat(),
            "effective_from": None if effective_from is None else effective_from.isoformat(),
        }
        with self._tx.begin() as conn:
            _dialect.lock_organization(conn, self.organization)
            conn.execute(sa.insert(rulesets).values(**row))
            return self._versions(conn)[-1]

    def ruleset_versions(self) -> builtins.list[RulesetVersion]:
        with self._tx.connection() as conn:
            return self._versions(conn)

    def _versions(self, conn: Connection) -> builtins.list[RulesetVersion]:
        query = (
            sa.select(
                rulesets.c.text,
                rulesets.c.source,
                rulesets.c.sha256,
                rulesets.c.actor,
                rulesets.c.applied_at,
                rulesets.c.effective_from,
            )
            .where(rulesets.c.organization == self.organization)
            .order_by(rulesets.c.seq)
        )
        return [
            RulesetVersion(
                number,
                row.text,
                row.source,
                row.sha256,
                row.actor,
                None if row.applied_at is None else datetime.fromisoformat(row.applied_at),
                None if row.effective_from is None else date.fromisoformat(row.effective_from),
            )
            for number, row in enumerate(conn.execute(query), 1)
        ]

    def organizations(self) -> builtins.list[str]:
        """Sorted in Python: the database's collation need not sort as the built-in stores do."""
        with self._tx.connection() as conn:
            found = conn.scalars(sa.select(rulesets.c.organization).distinct())
            return sorted(found)

    # -- the audit chain and the registry's history -------------------------------

    def append_audit(
        self, entry: AuditEntry, *, recorded_at: datetime | None = None
    ) -> AuditRecord:
        """Under the organization's write lock: the number is the last one read inside the
        lock plus one; the time is the server's clock (:func:`_dialect.server_now`)."""
        text = dump_json(entry_doc(entry), "entry")
        org = self.organization
        with self._tx.begin() as conn:
            _dialect.lock_organization(conn, org)
            last = conn.execute(
                sa.select(audit.c.seq, audit.c.hash)
                .where(audit.c.organization == org)
                .order_by(audit.c.seq.desc())
                .limit(1)
            ).first()
            when = _dialect.server_now(conn) if recorded_at is None else recorded_at
            when = require_aware(when, "recorded_at")
            seq, prev = (1, GENESIS) if last is None else (int(last.seq) + 1, last.hash)
            record = chain(org, seq, when, entry, prev)
            conn.execute(
                sa.insert(audit).values(
                    organization=org,
                    seq=seq,
                    recorded_at=when.isoformat(),
                    entry=text,
                    prev=prev,
                    hash=record.hash,
                )
            )
            return record

    def audit_records(self, after: int = 0) -> builtins.list[AuditRecord]:
        query = (
            sa.select(audit.c.seq, audit.c.recorded_at, audit.c.entry, audit.c.prev, audit.c.hash)
            .where(audit.c.organization == self.organization, audit.c.seq > after)
            .order_by(audit.c.seq)
        )
        with self._tx.connection() as conn:
            rows = conn.execute(query).all()
        return [
            AuditRecord(
                int(r.seq),
                datetime.fromisoformat(r.recorded_at),
                entry_of(load_json(r.entry)),
                r.prev,
                r.hash,
            )
            for r in rows
        ]

    def registry_history(self, after: int = 0) -> builtins.list[RegistryChange]:
        h = registry_history
        query = (
            sa.select(h.c.number, h.c.kind, h.c.ident, h.c.record)
            .where(h.c.organization == self.organization, h.c.number > after)
            .order_by(h.c.number)
        )
        with self._tx.connection() as conn:
            rows = conn.execute(query).all()
        return [RegistryChange(int(r.number), r.kind, r.ident, load_json(r.record)) for r in rows]

    def audit_marks(self) -> tuple[int, int]:
        query = sa.select(sa.func.coalesce(sa.func.max(audit.c.seq), 0)).where(
            audit.c.organization == self.organization
        )
        with self._tx.connection() as conn:
            return int(conn.scalar(query) or 0), self._history_length(conn)

    def redact_history(
        self, kind: RegistryKind, idents: Sequence[str], keys: Sequence[str]
    ) -> builtins.list[RegistryChange]:
        """Under the organization's write lock, like every write (the old row versions are the
        server's to reclaim: PostgreSQL's VACUUM, InnoDB's purge)."""
        wanted, fields = check_redaction(kind, idents, keys)
        h = registry_history
        done: builtins.list[RegistryChange] = []
        with self._tx.begin() as conn:
            _dialect.lock_organization(conn, self.organization)
            for start in range(0, len(wanted), REDACT_BATCH):
                rows = conn.execute(
                    sa.select(h.c.number, h.c.ident, h.c.record).where(
                        h.c.organization == self.organization,
                        h.c.kind == kind,
                        h.c.ident.in_(wanted[start : start + REDACT_BATCH]),
                    )
                ).all()
                entries = [(int(r.number), r.ident, load_json(r.record)) for r in rows]
                done += redactions(kind, entries, fields)
            for c in done:
                conn.execute(
                    sa.update(h)
                    .where(h.c.organization == self.organization, h.c.number == c.number)
                    .values(record=dump_json(c.record, "record"))
                )
        return sorted(done, key=lambda c: c.number)

    def _begin_audits(self, conn: Connection, found: int) -> None:
        """Inside the migration of a database kept at schema ``found``: when that is before
        the chain (4), one ``audit_began`` record for each organization it holds."""
        if found >= AUDIT_SCHEMA:
            return
        found_orgs = sa.union(
            sa.select(events.c.organization),
            sa.select(registry.c.organization),
            sa.select(rulesets.c.organization),
        )
        for org in sorted(conn.scalars(found_orgs)):
            view = copy.copy(self)  # the same engine, its own thread state
            view.organization, view._tx = org, ThreadTransactions(self._engine)
            with view._tx.adopt(conn):
                begin_audit(view, f"schema {found}")

    def _history_length(self, conn: Connection) -> int:
        query = sa.select(sa.func.coalesce(sa.func.max(registry_history.c.number), 0)).where(
            registry_history.c.organization == self.organization
        )
        return int(conn.scalar(query) or 0)

    # -- the transactional outbox ----------------------------------------------

    def enqueue(self, channel: str, notifications: Sequence[Notification]) -> int:
        rows = _outbox.prepare(channel, notifications)
        with self._tx.begin() as conn:
            _dialect.lock_organization(conn, self.organization)
            return _outbox.enqueue(conn, self.organization, rows)

    def pending(
        self, now: datetime, limit: int = 100, *, channels: Collection[str] | None = None
    ) -> builtins.list[OutboxItem]:
        with self._tx.connection() as conn:
            return _outbox.pending(conn, self.organization, now, limit, channels)

    def outbox(self) -> builtins.list[OutboxItem]:
        with self._tx.connection() as conn:
            return _outbox.every(conn, self.organization)

    def mark_delivered(self, item_id: int, now: datetime) -> None:
        _outbox.check_mark(item_id, now)
        with self._tx.begin() as conn:
            _dialect.lock_organization(conn, self.organization)
            _outbox.mark_delivered(conn, self.organization, item_id, now)

    def mark_failed(self, item_id: int, now: datetime, error: str, retry_at: datetime) -> None:
        _outbox.check_mark(item_id, now, (error, retry_at))
        with self._tx.begin() as conn:
            _dialect.lock_organization(conn, self.organization)
            _outbox.mark_failed(conn, self.organization, item_id, error, retry_at)

    def close(self) -> None:
        """Close the pooled connections (idempotent); an open transaction is rolled back by the server."""
        self._engine.dispose()

    # -- helpers -----------------------------------------------------------------

    def _version(self, conn: Connection, stream: str) -> int:
        query = sa.select(sa.func.coalesce(sa.func.max(events.c.version), 0)).where(
            events.c.organization == self.organization, events.c.stream == stream
        )
        return int(conn.scalar(query) or 0)

    def _recall(self, conn: Connection, key: str) -> AppendResult | None:
        i = idempotency
        query = sa.select(i.c.stream, i.c.first_version, i.c.last_version, i.c.fingerprint).where(
            i.c.organization == self.organization, i.c.key == key
        )
        done = conn.execute(query).first()
        if done is None:
            return None
        events_ = self._range(conn, done.stream, done.first_version, done.last_version)
        return AppendResult(done.last_version, events_, True, done.fingerprint)

    def _range(
        self, conn: Connection, stream: str, first: int, last: int | None
    ) -> builtins.list[StoredEvent]:
        where = [
            events.c.organization == self.organization,
            events.c.stream == stream,
            events.c.version >= first,
        ]
        if last is not None:
            where.append(events.c.version <= last)
        query = sa.select(*_EVENT_COLUMNS).where(*where).order_by(events.c.version)
        return [_event(row) for row in conn.execute(query)]


def _event(row: Any) -> StoredEvent:  # a Row of _EVENT_COLUMNS
    return StoredEvent(
        row.stream,
        int(row.version),
        int(row.position),
        row.type,
        datetime.fromisoformat(row.at),
        row.actor,
        load_json(row.data),
    )


def _open_failed(shown_url: str, exc: BaseException) -> PluginError:
    return storage_error("storage_open_failed", url=repr(shown_url), reason=_dialect.reason(exc))
