"""Where a trial runs: a fresh SQLite file, PostgreSQL schema or MariaDB database, dropped after.

The servers are the ones the SQLAlchemy plugin's tests use
(``SQMY_TEST_POSTGRESQL_URL``, ``SQMY_TEST_MYSQL_URL``, same defaults), and
a place on them is isolated the same way: a new schema reached through
``search_path`` in the URL, or a new ``utf8mb4`` database, named
``sqmy_trust_<random>``.  A server that cannot be reached makes
:func:`place` raise :class:`Unavailable`; the trial then reports its
figures as not measured (failed), never as met.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import sqlalchemy as sa

BACKENDS: Final = ("sqlite", "postgresql", "mariadb")
POSTGRESQL_URL = os.environ.get(
    "SQMY_TEST_POSTGRESQL_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
MYSQL_URL = os.environ.get("SQMY_TEST_MYSQL_URL", "mysql+pymysql://root@127.0.0.1:3306/test")
CONNECT_TIMEOUT = 5
TABLE_PREFIX: Final = {"sqlite": "", "postgresql": "sqmy_", "mariadb": "sqmy_"}
"""How the store's tables are named on each backend (the SQLAlchemy store prefixes ``sqmy_``)."""


class Unavailable(Exception):
    """The backend's server cannot be reached (or its driver is not installed)."""


def _engine(backend: str) -> sa.Engine:
    try:
        import sqlalchemy as sa
    except ImportError as exc:  # the plugin's extra is not installed
        raise Unavailable(f"{backend}: SQLAlchemy not installed ({exc})") from exc
    url, args = (
        (POSTGRESQL_URL, {"connect_timeout": CONNECT_TIMEOUT})
        if backend == "postgresql"
        else (MYSQL_URL, {"connect_timeout": CONNECT_TIMEOUT, "charset": "utf8mb4"})
    )
    engine = sa.create_engine(url, connect_args=args, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except Exception as exc:
        engine.dispose()
        shown = sa.make_url(url).render_as_string(hide_password=True)
        first = str(exc).splitlines()[0] if str(exc) else ""
        raise Unavailable(f"no server at {shown}: {type(exc).__name__}: {first}") from exc
    return engine


def available(backend: str) -> str | None:
    """``None`` when the backend can be used now, else the reason it cannot."""
    if backend == "sqlite":
        return None
    try:
        _engine(backend).dispose()
    except Unavailable as exc:
        return str(exc)
    return None


def version(backend: str) -> str:
    """The server's (or the SQLite library's) version, read now."""
    if backend == "sqlite":
        return sqlite3.sqlite_version
    import sqlalchemy as sa

    try:
        engine = _engine(backend)
    except Unavailable as exc:
        return f"— ({exc})"
    try:
        with engine.connect() as conn:
            return str(conn.execute(sa.text("SELECT version()")).scalar()).split(" on ")[0]
    finally:
        engine.dispose()


@contextmanager
def place(backend: str, directory: Path) -> Iterator[str]:
    """A URL (or SQLite path) on a new, empty database of ``backend``; dropped afterwards."""
    name = f"sqmy_trust_{uuid.uuid4().hex[:16]}"
    if backend == "sqlite":
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"{name}.db"
        try:
            yield str(path)
        finally:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import sqlalchemy as sa

    engine = _engine(backend)
    if backend == "postgresql":
        create, drop = f'CREATE SCHEMA "{name}"', f'DROP SCHEMA "{name}" CASCADE'
        url = sa.make_url(POSTGRESQL_URL).update_query_dict({"options": f"-csearch_path={name}"})
    else:
        create = f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
        drop = f"DROP DATABASE `{name}`"
        url = sa.make_url(MYSQL_URL).set(database=name)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text(create))
        try:
            yield url.render_as_string(hide_password=False)
        finally:
            with engine.begin() as conn:
                conn.execute(sa.text(drop))
    finally:
        engine.dispose()


def executor(backend: str, url: str) -> Callable[[Sequence[str]], None]:
    """Runs SQL statements (``{p}`` standing for the table prefix) straight on the database,
    behind the library's back, in one transaction."""
    prefix = TABLE_PREFIX[backend]

    def execute(statements: Sequence[str]) -> None:
        if backend == "sqlite":
            lite = sqlite3.connect(url)
            try:
                with lite:
                    for statement in statements:
                        lite.execute(statement.format(p=prefix))
            finally:
                lite.close()
            return
        import sqlalchemy as sa

        engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
        try:
            with engine.begin() as conn:
                for statement in statements:
                    conn.exec_driver_sql(statement.format(p=prefix).replace("%", "%%"))
        finally:
            engine.dispose()

    return execute


__all__ = ["BACKENDS", "Unavailable", "available", "executor", "place", "version"]
