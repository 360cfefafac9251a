"""The SQLite store's schema: numbered migrations, applied in place when a file is opened.

Each version is a tuple of statements; index 0 is version 1.  A released
version is never edited -- a change is a new version appended to
:data:`MIGRATIONS` -- so a file written by any earlier release is brought up
to date on open, and a file written by a newer release is refused rather
than misread.

* Version 1: events, idempotency keys, the registry, rulesets.
* Version 2: the transactional outbox (one row per notification and
  delivery channel, deduplicated by ``(organization, channel, key)``).
  Times are kept twice, as given (ISO text with the offset, so they come
  back equal) and as fixed-width UTC text that sorts as time does.
* Version 3: ruleset versions.  The ``rulesets`` table, which already kept
  every ruleset ever put in force, gains who applied it (``actor``), when
  (``applied_at``, ISO text with the offset), from which date it governs
  (``effective_from``, ``YYYY-MM-DD``) and the SHA-256 of its text.  Rows
  kept before version 3 get their digest computed here and NULL for the
  rest: such a version governs from the beginning.
* Version 4: the audit chain and the registry's history.  ``audit`` keeps
  one row per record, numbered per organization (``PRIMARY KEY
  (organization, seq)``: a second writer can never take a number twice),
  with the store's time, the previous record's hash and its own, and the
  entry as JSON text.  ``registry_history`` keeps every put of a registry
  record, numbered per organization.  Both are ``WITHOUT ROWID`` tables
  ordered by their key: a command's commit writes one b-tree page for its
  record, not a table page and an index page.  A file kept before version 4
  gets, in the same migration, one ``audit_began`` record per organization
  vouching for all it held (:mod:`sqmy_core.storage.audit_began`, written by
  the store through ``migrate``'s ``upgraded``).
* Version 5: idempotency keys bound to their request.  ``idempotency``
  gains ``fingerprint`` (the SHA-256 of the request the key was first used
  with, :mod:`sqmy_core.workspace.guards`); keys kept before version 5 have
  NULL and keep working as they did (any repeat has no second effect).
  ``registry_history`` gains an index by record, for a record's registry
  version (how many times it was put), which an expected version is
  checked against.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Final

from sqmy_core.storage.checks import storage_error, text_sha256

_V1: Final = (
    """CREATE TABLE events (
        position     INTEGER PRIMARY KEY AUTOINCREMENT,
        organization TEXT NOT NULL,
        stream       TEXT NOT NULL,
        version      INTEGER NOT NULL CHECK (version >= 1),
        type         TEXT NOT NULL,
        at           TEXT NOT NULL,
        at_utc       TEXT NOT NULL,
        actor        TEXT,
        data         TEXT NOT NULL,
        UNIQUE (organization, stream, version)
    )""",
    "CREATE INDEX events_by_type ON events (organization, type, position)",
    "CREATE INDEX events_by_time ON events (organization, at_utc)",
    """CREATE TABLE idempotency (
        organization  TEXT NOT NULL,
        key           TEXT NOT NULL,
        stream        TEXT NOT NULL,
        first_version INTEGER NOT NULL,
        last_version  INTEGER NOT NULL,
        PRIMARY KEY (organization, key)
    )""",
    """CREATE TABLE registry (
        seq          INTEGER PRIMARY KEY AUTOINCREMENT,
        organization TEXT NOT NULL,
        kind         TEXT NOT NULL,
        ident        TEXT NOT NULL,
        record       TEXT NOT NULL,
        UNIQUE (organization, kind, ident)
    )""",
    """CREATE TABLE rulesets (
        seq          INTEGER PRIMARY KEY AUTOINCREMENT,
        organization TEXT NOT NULL,
        text         TEXT NOT NULL,
        source       TEXT NOT NULL
    )""",
    "CREATE INDEX rulesets_by_org ON rulesets (organization, seq)",
)

_V2: Final = (
    """CREATE TABLE outbox (
        id                  INTEGER PRIMARY KEY AUTOINCREMENT,
        organization        TEXT NOT NULL,
        channel             TEXT NOT NULL,
        key                 TEXT NOT NULL,
        kind                TEXT NOT NULL,
        recipients          TEXT NOT NULL,
        subject             TEXT NOT NULL,
        body                TEXT NOT NULL,
        piece               TEXT,
        data                TEXT NOT NULL,
        created_at          TEXT NOT NULL,
        created_at_utc      TEXT NOT NULL,
        attempts            INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at     TEXT NOT NULL,
        next_attempt_at_utc TEXT NOT NULL,
        delivered_at        TEXT,
        last_error          TEXT,
        UNIQUE (organization, channel, key)
    )""",
    # what pending() reads: undelivered items of one organization by due time
    "CREATE INDEX outbox_due ON outbox (organization, next_attempt_at_utc)"
    " WHERE delivered_at IS NULL",
)


def _hash_kept_rulesets(conn: sqlite3.Connection) -> None:
    rows = conn.execute("SELECT seq, text FROM rulesets WHERE sha256 IS NULL").fetchall()
    conn.executemany(
        "UPDATE rulesets SET sha256 = ? WHERE seq = ?",
        [(text_sha256(text), seq) for seq, text in rows],
    )


_V3: Final = (
    "ALTER TABLE rulesets ADD COLUMN sha256 TEXT",
    "ALTER TABLE rulesets ADD COLUMN actor TEXT",
    "ALTER TABLE rulesets ADD COLUMN applied_at TEXT",
    "ALTER TABLE rulesets ADD COLUMN effective_from TEXT",
    _hash_kept_rulesets,
)

_V4: Final = (
    """CREATE TABLE audit (
        organization TEXT NOT NULL,
        seq          INTEGER NOT NULL CHECK (seq >= 1),
        recorded_at  TEXT NOT NULL,
        entry        TEXT NOT NULL,
        prev         TEXT NOT NULL,
        hash         TEXT NOT NULL,
        PRIMARY KEY (organization, seq)
    ) WITHOUT ROWID""",
    """CREATE TABLE registry_history (
        organization TEXT NOT NULL,
        number       INTEGER NOT NULL CHECK (number >= 1),
        kind         TEXT NOT NULL,
        ident        TEXT NOT NULL,
        record       TEXT NOT NULL,
        PRIMARY KEY (organization, number)
    ) WITHOUT ROWID""",
)

_V5: Final = (
    "ALTER TABLE idempotency ADD COLUMN fingerprint TEXT",
    "CREATE INDEX registry_history_by_record ON registry_history (organization, kind, ident)",
)

Step = str | Callable[[sqlite3.Connection], None]
"""A statement, or a function of the connection for what SQL alone cannot do (a digest)."""

MIGRATIONS: Final[tuple[tuple[Step, ...], ...]] = (_V1, _V2, _V3, _V4, _V5)
"""Steps per schema version (index 0 is version 1); append, never edit a released one."""


def migrate(
    conn: sqlite3.Connection, path: str, upgraded: Callable[[int], None] | None = None
) -> None:
    """Bring the schema to the latest version, in one write transaction (safe when two processes open at once).

    Statements run one by one: ``executescript`` would COMMIT the
    surrounding transaction first.  A failed step rolls back every step of
    this open, so a file is never left between two versions.  ``upgraded``
    is called with the version found, inside that transaction, after the
    steps of a file that had to be migrated (not of a new one): what the
    store must write then (the audit chain's first record) commits with
    the migration or not at all.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY)")
        current = int(
            conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version").fetchone()[0]
        )
        if current > len(MIGRATIONS):
            raise storage_error(
                "storage_schema_newer", url=repr(path), found=current, known=len(MIGRATIONS)
            )
        for number in range(current + 1, len(MIGRATIONS) + 1):
            for step in MIGRATIONS[number - 1]:
                if isinstance(step, str):
                    conn.execute(step)
                else:
                    step(conn)
            conn.execute("INSERT INTO schema_version (version) VALUES (?)", (number,))
        if upgraded is not None and 0 < current < len(MIGRATIONS):
            upgraded(current)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
