"""Versioned migrations: a ``sqmy_schema_version`` table and one frozen step per version.

``MIGRATIONS[n - 1]`` brings a database from version ``n - 1`` to ``n``.
Steps are appended, never edited once released: each declares the tables
it creates in its own :class:`~sqlalchemy.MetaData`, as they were at that
version, so a later step that alters a table cannot change what an earlier
step creates.  Nothing is ever dropped and recreated; opening a database
whose ``sqmy_schema_version`` is newer than this release knows is refused
rather than misread.

Concurrency: two processes opening a new database at once must not both
migrate it.  PostgreSQL takes a transaction-scoped advisory lock, and its
DDL is transactional, so a failed step leaves nothing behind.  MySQL takes
a named lock (``GET_LOCK``) for the session; its DDL commits implicitly, so
a step that fails half way (a full disk) must be finished by hand before
the next open -- which then refuses to create a table that already exists
instead of adopting it.

Version 1: events, idempotency keys, registry, rulesets, write locks.
Version 2: the transactional outbox.
Version 3: ruleset versions: ``sqmy_rulesets`` gains ``actor``,
``applied_at``, ``effective_from`` and ``sha256`` (nullable: rows kept
before version 3 get their digest computed here and govern from the
beginning).
Version 4: the audit chain (``sqmy_audit``, one row per record, primary
key ``(organization, seq)``) and the registry's history
(``sqmy_registry_history``, every put of a record, primary key
``(organization, number)``).  A database migrated from before it gets one
``audit_began`` record per organization vouching for all it held
(:mod:`sqmy_core.storage.audit_began`), written by the store through
``migrate``'s ``upgraded``, in the migration's transaction.
Version 5: idempotency keys bound to their request: ``sqmy_idempotency``
gains ``fingerprint`` (nullable: keys kept before version 5 keep working
as they did), and ``sqmy_registry_history`` an index by record, for the
registry version an expected version is checked against.
Version 6: ``sqmy_events`` gains an index by ``(organization, position)``:
the order every paged scan reads in.  Without it a page of one
organization's events in position order was either a walk of the primary
key past every other organization's rows or (MariaDB) every later row of
the organization read through another index and sorted, per page: a whole
store read (backup, ``sqmy audit verify``, an import's read-back) was
quadratic.  Building it on a big table takes a while, once, at the first
open after the upgrade (PostgreSQL: in the migration's transaction).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, Final

import sqlalchemy as sa
from sqlalchemy.dialects import mysql
from sqlalchemy.engine import Connection, Engine

from sqmy_core.kit import storage_error, text_sha256
from sqmy_sqlalchemy import _dialect, schema
from sqmy_sqlalchemy._checks import LIMITS

MIGRATION_LOCK_SECONDS: Final = 60

Step = Callable[[Connection, dict[str, Any]], None]
"""A migration step: the connection (inside the migration's transaction) and MySQL table options."""


def _text() -> sa.types.TypeEngine[str]:
    """Unbounded text: ``text`` on PostgreSQL, ``LONGTEXT`` on MySQL (``TEXT`` stops at 64 KB)."""
    return sa.Text().with_variant(mysql.LONGTEXT(), "mysql", "mariadb")


def _id(name: str, *, nullable: bool = False, length: str | None = None) -> sa.Column[str]:
    return sa.Column(name, sa.String(LIMITS[length or name]), nullable=nullable)


def _v1(conn: Connection, options: dict[str, Any]) -> None:
    meta = sa.MetaData()
    sa.Table(
        "sqmy_events",
        meta,
        sa.Column("position", sa.BigInteger, primary_key=True, autoincrement=True),
        _id("organization"),
        _id("stream"),
        sa.Column("version", sa.Integer, nullable=False),
        _id("type"),
        sa.Column("at", sa.String(64), nullable=False),
        sa.Column("at_utc", sa.String(32), nullable=False),
        _id("actor", nullable=True),
        sa.Column("data", _text(), nullable=False),
        sa.CheckConstraint("version >= 1", name="sqmy_events_version_positive"),
        sa.UniqueConstraint("organization", "stream", "version", name="sqmy_events_stream_version"),
        sa.Index("sqmy_events_by_type", "organization", "type", "position"),
        sa.Index("sqmy_events_by_time", "organization", "at_utc"),
        **options,
    )
    sa.Table(
        "sqmy_idempotency",
        meta,
        _id("organization"),
        _id("key", length="idempotency_key"),
        _id("stream"),
        sa.Column("first_version", sa.Integer, nullable=False),
        sa.Column("last_version", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("organization", "key", name="sqmy_idempotency_pk"),
        **options,
    )
    sa.Table(
        "sqmy_registry",
        meta,
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=True),
        _id("organization"),
        sa.Column("kind", sa.String(16), nullable=False),
        _id("ident"),
        sa.Column("record", _text(), nullable=False),
        sa.UniqueConstraint("organization", "kind", "ident", name="sqmy_registry_ident"),
        **options,
    )
    sa.Table(
        "sqmy_rulesets",
        meta,
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=True),
        _id("organization"),
        sa.Column("text", _text(), nullable=False),
        _id("source"),
        sa.Index("sqmy_rulesets_by_org", "organization", "seq"),
        **options,
    )
    sa.Table(
        "sqmy_write_locks",
        meta,
        sa.Column("organization", sa.String(LIMITS["organization"]), primary_key=True),
        **options,
    )
    meta.create_all(conn, checkfirst=False)


def _v2(conn: Connection, options: dict[str, Any]) -> None:
    meta = sa.MetaData()
    sa.Table(
        "sqmy_outbox",
        meta,
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        _id("organization"),
        _id("channel"),
        _id("key"),
        _id("kind"),
        sa.Column("recipients", _text(), nullable=False),
        sa.Column("subject", _text(), nullable=False),
        sa.Column("body", _text(), nullable=False),
        _id("piece", nullable=True),
        sa.Column("data", _text(), nullable=False),
        sa.Column("created_at", sa.String(64), nullable=False),
        sa.Column("created_at_utc", sa.String(32), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default=sa.text("0")),
        sa.Column("next_attempt_at", sa.String(64), nullable=False),
        sa.Column("next_attempt_at_utc", sa.String(32), nullable=False),
        sa.Column("delivered_at", sa.String(64), nullable=True),
        sa.Column("last_error", _text(), nullable=True),
        sa.CheckConstraint("attempts >= 0", name="sqmy_outbox_attempts"),
        sa.UniqueConstraint("organization", "channel", "key", name="sqmy_outbox_key"),
        # what pending() reads: undelivered items of one organization by due time
        sa.Index(
            "sqmy_outbox_due",
            "organization",
            "next_attempt_at_utc",
            postgresql_where=sa.text("delivered_at IS NULL"),
        ),
        **options,
    )
    meta.create_all(conn, checkfirst=False)


def _v3(conn: Connection, options: dict[str, Any]) -> None:
    del options  # columns only: the table keeps its options
    added = (
        ("sha256", sa.String(64)),
        ("actor", sa.String(LIMITS["actor"])),
        ("applied_at", sa.String(64)),
        ("effective_from", sa.String(10)),
    )
    for name, type_ in added:
        ddl = type_.compile(dialect=conn.dialect)
        conn.execute(sa.text(f"ALTER TABLE sqmy_rulesets ADD COLUMN {name} {ddl} NULL"))
    kept = sa.table("sqmy_rulesets", sa.column("seq"), sa.column("text"), sa.column("sha256"))
    for seq, text in conn.execute(sa.select(kept.c.seq, kept.c.text)).all():
        conn.execute(sa.update(kept).where(kept.c.seq == seq).values(sha256=text_sha256(text)))


def _v4(conn: Connection, options: dict[str, Any]) -> None:
    meta = sa.MetaData()
    sa.Table(
        "sqmy_audit",
        meta,
        _id("organization"),
        sa.Column("seq", sa.BigInteger, nullable=False, autoincrement=False),
        sa.Column("recorded_at", sa.String(64), nullable=False),
        sa.Column("entry", _text(), nullable=False),
        sa.Column("prev", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.CheckConstraint("seq >= 1", name="sqmy_audit_seq_positive"),
        sa.PrimaryKeyConstraint("organization", "seq", name="sqmy_audit_pk"),
        **options,
    )
    sa.Table(
        "sqmy_registry_history",
        meta,
        _id("organization"),
        sa.Column("number", sa.BigInteger, nullable=False, autoincrement=False),
        sa.Column("kind", sa.String(16), nullable=False),
        _id("ident"),
        sa.Column("record", _text(), nullable=False),
        sa.CheckConstraint("number >= 1", name="sqmy_registry_history_number_positive"),
        sa.PrimaryKeyConstraint("organization", "number", name="sqmy_registry_history_pk"),
        **options,
    )
    meta.create_all(conn, checkfirst=False)


def _v5(conn: Connection, options: dict[str, Any]) -> None:
    del options  # a column and an index: the tables keep their options
    ddl = sa.String(64).compile(dialect=conn.dialect)
    conn.execute(sa.text(f"ALTER TABLE sqmy_idempotency ADD COLUMN fingerprint {ddl} NULL"))
    history = sa.Table(
        "sqmy_registry_history",
        sa.MetaData(),
        _id("organization"),
        sa.Column("kind", sa.String(16), nullable=False),
        _id("ident"),
    )
    sa.Index(
        "sqmy_registry_history_by_record", history.c.organization, history.c.kind, history.c.ident
    ).create(conn)


def _v6(conn: Connection, options: dict[str, Any]) -> None:
    del options  # an index: the table keeps its options
    table = sa.Table(
        "sqmy_events", sa.MetaData(), _id("organization"), sa.Column("position", sa.BigInteger)
    )
    sa.Index("sqmy_events_by_position", table.c.organization, table.c.position).create(conn)


MIGRATIONS: Final[tuple[Step, ...]] = (_v1, _v2, _v3, _v4, _v5, _v6)
"""One step per schema version (index 0 is version 1); append, never edit a released one."""

LATEST: Final = len(MIGRATIONS)


def migrate(
    engine: Engine,
    shown_url: str,
    steps: tuple[Step, ...] = MIGRATIONS,
    upgraded: Callable[[Connection, int], None] | None = None,
) -> int:
    """Bring the schema to the latest version (``steps`` is for tests); returns the version.

    ``upgraded`` is called with the connection and the version found, inside
    the migration's transaction after its steps, when an existing database
    was migrated (not a new one): what the store writes then (the audit
    chain's first record) commits with the migration.
    """
    with engine.begin() as conn, _migration_lock(conn, shown_url):
        if _dialect.family(conn.dialect) == "postgresql":
            encoding = conn.scalar(sa.text("SHOW server_encoding"))
            if encoding != "UTF8":
                raise storage_error(
                    "storage_open_failed",
                    url=repr(shown_url),
                    reason=f"the database encoding is {encoding}, not UTF8",
                )
        options = _dialect.table_options(conn)
        meta = sa.MetaData()
        sa.Table(
            "sqmy_schema_version",
            meta,
            sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
            sa.Column("applied_at", sa.String(64), nullable=False),
            **options,
        )
        meta.create_all(conn, checkfirst=True)
        current = current_version(conn)
        if current > len(MIGRATIONS):
            raise storage_error(
                "storage_schema_newer", url=repr(shown_url), found=current, known=len(MIGRATIONS)
            )
        for number in range(current + 1, len(steps) + 1):
            steps[number - 1](conn, options)
            applied = datetime.now(UTC).isoformat(timespec="seconds")
            conn.execute(
                sa.insert(schema.schema_version).values(version=number, applied_at=applied)
            )
        if upgraded is not None and 0 < current < len(steps):
            upgraded(conn, current)
        return max(current, len(steps))


def current_version(conn: Connection) -> int:
    version = conn.scalar(
        sa.select(sa.func.coalesce(sa.func.max(schema.schema_version.c.version), 0))
    )
    return int(version or 0)


@contextmanager
def _migration_lock(conn: Connection, shown_url: str) -> Iterator[None]:
    """One migrating process per PostgreSQL schema / MySQL database at a time."""
    if _dialect.family(conn.dialect) == "postgresql":
        conn.execute(
            sa.text("SELECT pg_advisory_xact_lock(hashtext('sqmy.migrate.' || current_schema()))")
        )
        yield
        return
    name = sa.text("CONCAT('sqmy.migrate.', LEFT(SHA1(COALESCE(DATABASE(), '')), 40))")
    got = conn.scalar(sa.select(sa.func.get_lock(name, MIGRATION_LOCK_SECONDS)))
    if got != 1:
        raise storage_error(
            "storage_open_failed",
            url=repr(shown_url),
            reason=f"another process held the migration lock for {MIGRATION_LOCK_SECONDS} s",
        )
    try:
        yield
    finally:
        conn.scalar(sa.select(sa.func.release_lock(name)))
