"""The bulk import's inserts: many rows per round trip instead of a statement per record.

An import through ``put`` and ``append`` costs a handful of round trips
per record and takes the organization's write lock again for each; on
PostgreSQL every retaking updates the lock row once more inside the one
transaction, so each append walks a longer chain of row versions and a
city-size import slows as it goes.  Here the caller takes the lock once
and the rows go in as:

* PostgreSQL: ``COPY ... FROM STDIN`` (psycopg 3's ``cursor.copy``) for
  the events and the registry's history, which only insert; the registry
  records, which replace those of the same kind and ident, through a
  temporary table and one ``INSERT ... SELECT ... ON CONFLICT`` (a record
  given twice is put once, with its last value, at its first place, as
  two puts leave it).
* MySQL/MariaDB: multi-row ``INSERT`` (PyMySQL's ``executemany`` writes
  one statement per batch), the records with ``ON DUPLICATE KEY UPDATE``.

Every row is written as given (the text an audit claim hashed is the text
stored), in the order given: positions and registry places follow it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import Any, Final

from sqlalchemy.engine import Connection

from sqmy_core.kit import EventRow, RegistryRow
from sqmy_sqlalchemy import _dialect

__all__ = ["BATCH", "insert_events", "insert_registry"]

BATCH: Final = 5_000
"""Rows per multi-row ``INSERT`` on MySQL (about 1.5 MB: well under ``max_allowed_packet``)."""

_EVENTS: Final = "sqmy_events (organization, stream, version, type, at, at_utc, actor, data)"
_HISTORY: Final = "sqmy_registry_history (organization, number, kind, ident, record)"
_RECORDS: Final = "sqmy_import_records"


def insert_events(conn: Connection, organization: str, rows: Iterable[EventRow]) -> None:
    """The event rows, in the order given (their positions are in that order).

    PostgreSQL then analyses the table, inside the transaction (it counts
    the rows the transaction wrote): a table it has no statistics for --
    new, or just grown by a whole city -- is planned as if it held a few
    rows, and each page of a scan read every later row and sorted it
    (:mod:`sqmy_sqlalchemy._scan`), the import's own read-back first.
    ``SKIP_LOCKED``: the analysis holds its lock to the commit, and an
    import of another organization (or autovacuum) analysing the table now
    must not make this one wait for it.
    """
    org = (organization,)
    tuples = (org + row for row in rows)
    if _dialect.family(conn.dialect) == "postgresql":
        _copy(conn, _EVENTS, tuples)
        conn.exec_driver_sql("ANALYZE (SKIP_LOCKED) sqmy_events")
    else:
        _insert_many(conn, _EVENTS, 8, tuples)


def insert_registry(
    conn: Connection, organization: str, registry: Sequence[RegistryRow], first: int
) -> None:
    """The records, replacing those of the same kind and ident, and their history entries
    numbered ``first``, ``first + 1``, ... in the order given."""
    if not registry:
        return
    org = (organization,)
    history = ((organization, number, *row) for number, row in enumerate(registry, first))
    if _dialect.family(conn.dialect) == "postgresql":
        _copy(conn, _HISTORY, history)
        _pg_records(conn, organization, registry)
        return
    _insert_many(conn, _HISTORY, 5, history)
    _insert_many(
        conn,
        "sqmy_registry (organization, kind, ident, record)",
        4,
        (org + row for row in registry),
        " ON DUPLICATE KEY UPDATE record = VALUES(record)",
    )


def _pg_records(conn: Connection, organization: str, registry: Sequence[RegistryRow]) -> None:
    # a key keeps its first place and takes its last value
    last = {(kind, ident): record for kind, ident, record in registry}
    cursor = _cursor(conn)
    try:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {_RECORDS} (place bigint, kind text, ident text, record text)"
        )
        with cursor.copy(f"COPY {_RECORDS} (place, kind, ident, record) FROM STDIN") as copy:
            for place, ((kind, ident), record) in enumerate(last.items()):
                copy.write_row((place, kind, ident, record))
        cursor.execute(
            "INSERT INTO sqmy_registry (organization, kind, ident, record)"
            f" SELECT %s, kind, ident, record FROM {_RECORDS} ORDER BY place"
            " ON CONFLICT (organization, kind, ident) DO UPDATE SET record = excluded.record",
            (organization,),
        )
        cursor.execute(f"DROP TABLE {_RECORDS}")
    finally:
        cursor.close()


def _copy(conn: Connection, target: str, rows: Iterable[tuple[Any, ...]]) -> None:
    cursor = _cursor(conn)
    try:
        with cursor.copy(f"COPY {target} FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    finally:
        cursor.close()


def _insert_many(
    conn: Connection, target: str, width: int, rows: Iterable[tuple[Any, ...]], tail: str = ""
) -> None:
    sql = f"INSERT INTO {target} VALUES ({', '.join(['%s'] * width)}){tail}"
    cursor = _cursor(conn)
    try:
        rows = iter(rows)
        while batch := list(itertools.islice(rows, BATCH)):
            cursor.executemany(sql, batch)
    finally:
        cursor.close()


def _cursor(conn: Connection) -> Any:
    """The driver's own cursor on the connection's transaction (COPY and batched inserts
    are the driver's, not SQLAlchemy's)."""
    return conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
