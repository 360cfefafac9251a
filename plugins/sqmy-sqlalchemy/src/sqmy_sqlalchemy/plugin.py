"""The ``sqmy`` entry point: opens PostgreSQL and MySQL/MariaDB URLs through SQLAlchemy.

Registered under the entry-point group ``sqmy`` as ``sqlalchemy``, so
:func:`sqmy_core.kit.open_store` finds it once the distribution is
installed.  The URL is told apart by its scheme alone (no network, no
import of SQLAlchemy or a driver for a URL of another form), so having this
plugin installed costs nothing to users of ``memory:`` or SQLite.

The drivers are fixed: psycopg 3 for PostgreSQL, PyMySQL for MySQL and
MariaDB.  A bare ``postgresql://`` or ``mysql://`` is read as
``postgresql+psycopg://`` or ``mysql+pymysql://``; any other driver
(``postgresql+psycopg2``, ``mysql+mysqldb`` ...) is not this plugin's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from sqmy_core.kit import hookimpl

if TYPE_CHECKING:
    from sqmy_sqlalchemy.store import SqlAlchemyStore

STORAGE_URL_FORMS: Final = (
    "postgresql+psycopg://USER[:PASSWORD]@HOST[:PORT]/DB",
    "mysql+pymysql://USER[:PASSWORD]@HOST[:PORT]/DB",
    "mariadb+pymysql://USER[:PASSWORD]@HOST[:PORT]/DB",
)

DRIVERS: Final = {
    "postgresql": "postgresql+psycopg",
    "postgresql+psycopg": "postgresql+psycopg",
    "mysql": "mysql+pymysql",
    "mysql+pymysql": "mysql+pymysql",
    "mariadb": "mariadb+pymysql",
    "mariadb+pymysql": "mariadb+pymysql",
}
"""URL scheme (lower case) -> the SQLAlchemy dialect+driver it is opened with."""


def driver_url(url: str) -> str | None:
    """``url`` with its scheme made explicit (``postgresql://`` -> ``postgresql+psycopg://``), or None."""
    if not isinstance(url, str):
        return None
    scheme, sep, rest = url.partition("://")
    target = DRIVERS.get(scheme.lower()) if sep else None
    return None if target is None else f"{target}://{rest}"


@hookimpl
def sqmy_storage(url: str, organization: str) -> SqlAlchemyStore | None:
    """Open (creating or migrating the tables if need be) the database a PostgreSQL/MySQL URL names."""
    target = driver_url(url)
    if target is None:
        return None
    from sqmy_sqlalchemy.store import SqlAlchemyStore  # only now: SQLAlchemy takes ~0.1 s to import

    return SqlAlchemyStore(target, organization)
