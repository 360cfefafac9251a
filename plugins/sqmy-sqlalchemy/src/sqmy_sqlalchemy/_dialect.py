"""What differs between PostgreSQL and MySQL/MariaDB, in one place.

* Engines: READ COMMITTED on both (PostgreSQL's default, not MySQL's
  REPEATABLE READ), so that a statement run after waiting for a lock sees
  what the other transaction committed; a session lock timeout on both,
  like the SQLite store's busy timeout; MySQL sessions in strict mode and
  ``charset=utf8mb4`` on the connection (plain ``utf8`` cannot hold emoji).
* The per-organization write lock: an upsert of the organization's row in
  ``sqmy_write_locks`` (``ON CONFLICT DO UPDATE`` versus ``ON DUPLICATE KEY
  UPDATE``: there is no portable upsert in Core) holds that row's lock to
  the end of the transaction.
* Which database errors mean "another writer got there first": a unique
  violation (last line of defence behind the version check), a
  serialization failure or a deadlock.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Final, Literal

import sqlalchemy as sa
from sqlalchemy.dialects import mysql, postgresql
from sqlalchemy.engine import URL, Connection, Dialect, Engine
from sqlalchemy.exc import DBAPIError

from sqmy_sqlalchemy import schema

Family = Literal["postgresql", "mysql"]

PG_UNIQUE: Final = "23505"
PG_RETRY: Final = frozenset({"40001", "40P01"})  # serialization_failure, deadlock_detected
MY_UNIQUE: Final = 1062  # ER_DUP_ENTRY
MY_RETRY: Final = frozenset({1213, 1020})  # ER_LOCK_DEADLOCK, ER_CHECKREAD (record changed)

MYSQL_COLLATIONS: Final = ("utf8mb4_nopad_bin", "utf8mb4_0900_bin", "utf8mb4_bin")
"""Binary collations in order of preference: 'A' != 'a' in all; the NO PAD ones also
keep 'a' != 'a ' (``utf8mb4_bin`` is PAD SPACE: trailing spaces are ignored in comparisons)."""


def family(dialect: Dialect) -> Family:
    return "mysql" if dialect.name in ("mysql", "mariadb") else "postgresql"


def normalise_url(url: URL) -> URL:
    """MySQL connections always use utf8mb4; another charset named in the URL is an error."""
    if url.get_backend_name() not in ("mysql", "mariadb"):
        return url
    charset = url.query.get("charset", "utf8mb4")
    if charset != "utf8mb4":
        raise ValueError(f"charset must be utf8mb4 (Chinese text and emoji), got {charset!r}")
    return url.update_query_dict({"charset": "utf8mb4"})


def make_engine(url: URL, lock_timeout: float, engine_options: Mapping[str, Any]) -> Engine:
    """An engine with the session settings above applied to every new connection."""
    options: dict[str, Any] = {
        "isolation_level": "READ COMMITTED",
        "pool_pre_ping": True,
        "pool_recycle": 3600,
        **engine_options,
    }
    is_mysql = url.get_backend_name() in ("mysql", "mariadb")
    if not is_mysql:
        options.setdefault("connect_args", {}).setdefault("client_encoding", "utf8")
    engine = sa.create_engine(url, **options)
    millis = max(1, int(lock_timeout * 1000))
    if is_mysql:
        statements = [
            "SET SESSION sql_mode = 'TRADITIONAL,NO_ENGINE_SUBSTITUTION'",
            f"SET SESSION innodb_lock_wait_timeout = {max(1, round(lock_timeout))}",
        ]
    else:
        statements = [f"SET lock_timeout = {millis}"]

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            for statement in statements:
                cursor.execute(statement)
        finally:
            cursor.close()
        dbapi_connection.commit()

    sa.event.listen(engine, "connect", on_connect)
    return engine


def lock_organization(conn: Connection, organization: str) -> None:
    """Take the organization's write lock until the end of the transaction (re-taking it is free).

    Every write takes it first, so the writes of one organization are
    serialised (as SQLite's ``BEGIN IMMEDIATE`` serialises a file's): the
    version check then sees every earlier commit, positions commit in
    order (a reader scanning ``after_position`` never misses a late
    commit), and two writers cannot deadlock on the rows they touch.
    """
    table = schema.write_locks
    if family(conn.dialect) == "mysql":
        my = mysql.insert(table).values(organization=organization)
        conn.execute(my.on_duplicate_key_update(organization=my.inserted.organization))
    else:
        pg = postgresql.insert(table).values(organization=organization)
        conn.execute(
            pg.on_conflict_do_update(
                index_elements=["organization"], set_={"organization": pg.excluded.organization}
            )
        )


def upsert_record(conn: Connection, organization: str, kind: str, ident: str, text: str) -> None:
    """Insert or replace one registry record; a replaced record keeps its ``seq`` (its place)."""
    values = {"organization": organization, "kind": kind, "ident": ident, "record": text}
    table = schema.registry
    if family(conn.dialect) == "mysql":
        my = mysql.insert(table).values(**values)
        conn.execute(my.on_duplicate_key_update(record=my.inserted.record))
    else:
        pg = postgresql.insert(table).values(**values)
        conn.execute(
            pg.on_conflict_do_update(
                index_elements=["organization", "kind", "ident"],
                set_={"record": pg.excluded.record},
            )
        )


def server_now(conn: Connection) -> datetime:
    """The database server's clock, in UTC (the store's own time in an audit record)."""
    if family(conn.dialect) == "mysql":
        naive: datetime = conn.scalar(sa.text("SELECT UTC_TIMESTAMP(6)"))
        return naive.replace(tzinfo=UTC)
    found: datetime = conn.scalar(sa.text("SELECT clock_timestamp()"))
    return found.astimezone(UTC)


def lost_race(exc: DBAPIError) -> Literal["unique", "retry"] | None:
    """``unique`` for a unique violation, ``retry`` for a serialization failure or deadlock, else None."""
    orig = exc.orig
    args = getattr(orig, "args", ())
    if args and isinstance(args[0], int):  # PyMySQL: (errno, message); its sqlstate is too coarse
        if args[0] == MY_UNIQUE:
            return "unique"
        return "retry" if args[0] in MY_RETRY else None
    sqlstate = getattr(orig, "sqlstate", None)
    if sqlstate == PG_UNIQUE:
        return "unique"
    return "retry" if sqlstate in PG_RETRY else None


def table_options(conn: Connection) -> dict[str, Any]:
    """MySQL table options (InnoDB, utf8mb4, the best binary collation the server has); none on PostgreSQL."""
    if family(conn.dialect) != "mysql":
        return {}
    found = set(
        conn.scalars(
            sa.text(
                "SELECT COLLATION_NAME FROM information_schema.COLLATIONS"
                " WHERE COLLATION_NAME IN :names"
            ).bindparams(sa.bindparam("names", expanding=True)),
            {"names": list(MYSQL_COLLATIONS)},
        )
    )
    collation = next((name for name in MYSQL_COLLATIONS if name in found), "utf8mb4_bin")
    options = {"engine": "InnoDB", "charset": "utf8mb4", "collate": collation}
    return {f"{prefix}_{k}": v for prefix in ("mysql", "mariadb") for k, v in options.items()}


def reason(exc: BaseException) -> str:
    """The first line of the driver's message (SQLAlchemy appends the SQL and a help link)."""
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def hide_password(url: str) -> str:
    """``scheme://user:***@host`` for a URL SQLAlchemy could not parse (never show a password)."""
    head, sep, tail = url.partition("://")
    userinfo, at, rest = tail.rpartition("@")
    if not sep or not at or ":" not in userinfo:
        return url
    return f"{head}://{userinfo.split(':', 1)[0]}:***@{rest}"
