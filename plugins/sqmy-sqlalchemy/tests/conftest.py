"""Servers and throw-away databases for the tests.

Each test that needs a server gets its own PostgreSQL schema
(``sqmy_test_<random>``, reached through ``search_path`` in the URL) or its
own MariaDB database (``sqmy_test_<random>``), dropped afterwards, so runs
in parallel or after a crash cannot see each other's rows.

Each server is tried once per session.  When it cannot be reached the tests
that need it are skipped with the reason -- except under CI (the ``CI``
environment variable set), where a missing server fails them: a CI job
that silently skipped every database test would pass without testing
anything.

Servers: ``SQMY_TEST_POSTGRESQL_URL`` (default
``postgresql+psycopg://postgres@127.0.0.1:5432/test``) and
``SQMY_TEST_MYSQL_URL`` (default ``mysql+pymysql://root@127.0.0.1:3306/test``).
The user must be allowed to create schemas / databases.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from sqmy_sqlalchemy.store import SqlAlchemyStore

POSTGRESQL_URL = os.environ.get(
    "SQMY_TEST_POSTGRESQL_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
MYSQL_URL = os.environ.get("SQMY_TEST_MYSQL_URL", "mysql+pymysql://root@127.0.0.1:3306/test")
CONNECT_TIMEOUT = 5


def _server(url: str, connect_args: dict[str, object]) -> Iterator[sa.Engine]:
    """An admin engine on the server, or skip/fail (under CI) every test that needs it."""
    engine = sa.create_engine(url, connect_args=connect_args, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except Exception as exc:
        engine.dispose()
        shown = sa.make_url(url).render_as_string(hide_password=True)
        reason = f"no database server at {shown}: {type(exc).__name__}: {str(exc).splitlines()[0]}"
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (CI is set: the server is required)", pytrace=False)
        pytest.skip(reason)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[sa.Engine]:
    yield from _server(POSTGRESQL_URL, {"connect_timeout": CONNECT_TIMEOUT})


@pytest.fixture(scope="session")
def mysql_server() -> Iterator[sa.Engine]:
    yield from _server(MYSQL_URL, {"connect_timeout": CONNECT_TIMEOUT, "charset": "utf8mb4"})


def _name() -> str:
    return f"sqmy_test_{uuid.uuid4().hex[:16]}"


@pytest.fixture
def postgres_url(postgres_server: sa.Engine) -> Iterator[str]:
    """A URL on a new, empty schema of the test database (dropped after the test)."""
    schema = _name()
    with postgres_server.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = sa.make_url(POSTGRESQL_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with postgres_server.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture
def mysql_url(mysql_server: sa.Engine) -> Iterator[str]:
    """A URL on a new, empty database (utf8mb4) of the server (dropped after the test)."""
    database = _name()
    with mysql_server.begin() as conn:
        conn.execute(
            sa.text(f"CREATE DATABASE `{database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")
        )
    url = sa.make_url(MYSQL_URL).set(database=database)
    yield url.render_as_string(hide_password=False)
    with mysql_server.begin() as conn:
        conn.execute(sa.text(f"DROP DATABASE `{database}`"))


@pytest.fixture(
    params=[
        pytest.param("postgres", marks=pytest.mark.postgres, id="postgresql"),
        pytest.param("mysql", marks=pytest.mark.mysql, id="mariadb"),
    ]
)
def db_url(request: pytest.FixtureRequest) -> str:
    """Each server in turn, on a new schema or database: for tests that must hold on both."""
    url: str = request.getfixturevalue(f"{request.param}_url")
    return url


@pytest.fixture
def opened() -> Iterator[list[SqlAlchemyStore]]:
    """Stores a test opened (append them), closed after it.

    List it after the URL fixture in a test's arguments: fixtures are torn
    down in reverse order, so the stores close before their schema or
    database is dropped.
    """
    stores: list[SqlAlchemyStore] = []
    yield stores
    for store in reversed(stores):
        store.close()
