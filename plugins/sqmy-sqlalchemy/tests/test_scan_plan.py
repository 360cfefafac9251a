"""The SQLAlchemy store's paged scan reads each page through an index in position order.

A page that reads and sorts every later row of the organization makes a
scan of the whole store quadratic (a backup, ``sqmy audit verify``, an
import's read-back).  PostgreSQL planned exactly that for a table it had
no statistics for -- one just imported -- and either server walked the
primary key past every other organization's rows.  Each page's statement
is captured as the store ran it and explained on the same server:
MariaDB's plan is an index range in position order, unsorted; each
PostgreSQL page reads about its own rows (its planner may sort a short
rest by its statistics).  The plans and row counts are checked, not times.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from sqmy_core.kit import EventRow, NewEvent, utc_key
from sqmy_sqlalchemy import _scan, migrations, schema
from sqmy_sqlalchemy.store import SqlAlchemyStore

T0 = datetime(2024, 1, 1, tzinfo=UTC)
TYPES = ("submitted", "approved", "adopted")
EVENTS = 6_000
"""Events of each organization: a dozen pages, and a table the planners treat as large."""
TURN = 1_500
"""Events each organization imports in its turn (whole streams of three)."""

FILTERS: list[dict[str, Any]] = [
    {},
    {"types": ["approved"]},
    {"types": ["approved", "adopted"]},
    {"since": T0 + timedelta(days=30)},
    {"until": T0 + timedelta(days=30)},
    {"types": ["approved"], "since": T0 + timedelta(days=3)},
    {"types": ["adopted", "approved", "adopted"], "until": T0 + timedelta(days=200)},
]
IDS = ["all", "one type", "two types", "since", "until", "type and since", "types and until"]


def _at(n: int) -> datetime:
    return T0 + timedelta(hours=n)


def _rows(tag: str) -> Iterator[EventRow]:
    """``EVENTS`` events in streams of three, the types in turn."""
    for n in range(EVENTS):
        at = _at(n)
        data = json.dumps({"n": n, "tag": tag})
        yield (f"{tag}{n // 3}", n % 3 + 1, TYPES[n % 3], at.isoformat(), utc_key(at), "a", data)


def _wanted(filters: dict[str, Any]) -> list[int]:
    types = filters.get("types")
    return [
        n
        for n in range(EVENTS)
        if (types is None or TYPES[n % 3] in types)
        and ("since" not in filters or _at(n) >= filters["since"])
        and ("until" not in filters or _at(n) < filters["until"])
    ]


def _streams(tag: str) -> list[str]:
    return [f"{tag}{n}" for n in range(EVENTS // 3)]


@pytest.fixture
def stores(db_url: str, opened: list[SqlAlchemyStore]) -> tuple[SqlAlchemyStore, SqlAlchemyStore]:
    """Two organizations in one database, their events interleaved in position order."""
    org = SqlAlchemyStore(db_url, "org")
    other = SqlAlchemyStore(db_url, "other")
    opened += [org, other]
    rows, more = _rows("p"), _rows("q")
    for _ in range(EVENTS // TURN):  # the organizations take turns
        for store, source in ((org, rows), (other, more)):
            batch = [next(source) for _ in range(TURN)]
            assert store.import_rows([], [r[0] for r in batch if r[1] == 1], batch) == []
    return org, other


class _Pages:
    """The page statements a store runs, with their parameters, as the driver got them."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self.seen: list[tuple[str, Any]] = []

    def __enter__(self) -> _Pages:
        sa.event.listen(self.engine, "before_cursor_execute", self._keep)
        return self

    def __exit__(self, *exc: object) -> None:
        sa.event.remove(self.engine, "before_cursor_execute", self._keep)

    def _keep(self, conn: Any, cursor: Any, sql: str, params: Any, *rest: Any) -> None:
        if sql.lstrip("( \n").upper().startswith("SELECT") and "LIMIT" in sql.upper():
            self.seen.append((sql, params))


def _pg_nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _pg_nodes(child)


def _check_plan(
    conn: sa.Connection, org: str, filters: dict[str, Any], sql: str, params: Any
) -> None:
    """MariaDB: the page is read through the index named for it, in its order, unsorted.

    PostgreSQL: the page reads no more rows than ordered ranges would -- one
    per type asked, each stopping at its page's last match -- and a few pages
    more (a sort its statistics choose for a short rest costs about as much).
    """
    if conn.dialect.name == "postgresql":
        found = conn.exec_driver_sql("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        doc = found.scalar_one()
        plan = (doc if isinstance(doc, list) else json.loads(doc))[0]["Plan"]
        read = sum(
            (
                n["Actual Rows"]
                + n.get("Rows Removed by Filter", 0)
                + n.get("Rows Removed by Index Recheck", 0)
            )
            * n["Actual Loops"]
            for n in _pg_nodes(plan)
            if "Relation Name" in n
        )
        after = params["position_1"]
        ranges = sum(_ordered_range(conn, org, t, filters, after) for t in _types(filters))
        assert read <= ranges + 4 * _scan.SCAN_PAGE, (read, ranges, plan)
        return
    rows = conn.exec_driver_sql("EXPLAIN " + sql, params).mappings().all()
    tables = [r for r in rows if r["table"] == "sqmy_events"]
    assert tables, rows
    for r in tables:  # each range read through the index named for it, in its order
        assert r["key"] in (_scan.BY_POSITION, _scan.BY_TYPE), rows
        assert r["type"] in ("range", "ref"), rows
        assert "filesort" not in (r["Extra"] or ""), rows
    for r in rows:  # a sort only of the union of the ranges' pages
        assert r["table"] == "sqmy_events" or str(r["table"]).startswith("<union"), rows


def _types(filters: dict[str, Any]) -> list[str | None]:
    types = filters.get("types")
    return [None] if types is None else list(dict.fromkeys(types))


def _ordered_range(
    conn: sa.Connection, org: str, type_: str | None, filters: dict[str, Any], after: int
) -> int:
    """The rows (any organization's) an ordered read of one type's range after ``after``
    passes until its page is full: up to the page's last match, or to the end."""
    e = schema.events
    where = [e.c.organization == org, e.c.position > after]
    if type_ is not None:
        where.append(e.c.type == type_)
    if "since" in filters:
        where.append(e.c.at_utc >= utc_key(filters["since"]))
    if "until" in filters:
        where.append(e.c.at_utc < utc_key(filters["until"]))
    matches = sa.select(e.c.position).where(*where).order_by(e.c.position)
    last = conn.scalar(matches.offset(_scan.SCAN_PAGE - 1).limit(1))
    if last is None:
        last = conn.scalar(sa.select(sa.func.max(e.c.position)))
    count = sa.select(sa.func.count()).where(e.c.position > after, e.c.position <= last)
    return int(conn.scalar(count) or 0)


def _scan_checked(store: SqlAlchemyStore, filters: dict[str, Any]) -> list[int]:
    with _Pages(store.engine) as pages:
        got = [e.data["n"] for e in store.scan(**filters)]
    assert len(pages.seen) >= 2
    with store.engine.connect() as conn:
        for sql, params in pages.seen:
            _check_plan(conn, store.organization, filters, sql, params)
    return got


@pytest.mark.parametrize("filters", FILTERS, ids=IDS)
def test_no_page_sorts_the_rows_after_it(
    stores: tuple[SqlAlchemyStore, SqlAlchemyStore], filters: dict[str, Any]
) -> None:
    org, other = stores
    # and the scan still gives what it gave: the matching events in position order
    assert _scan_checked(org, filters) == _wanted(filters)
    assert [e.data["tag"] for e in other.scan(**filters)] == ["q"] * len(_wanted(filters))


def test_a_scan_inside_the_import_that_wrote_the_rows_is_planned_for_them(
    db_url: str, opened: list[SqlAlchemyStore]
) -> None:
    """An import reads back what it stored before it commits (its audit claim): the table has
    grown from nothing inside the transaction, and its pages are still read in order."""
    store = SqlAlchemyStore(db_url, "org")
    opened.append(store)
    with store.transaction():
        assert store.import_rows([], _streams("p"), _rows("p")) == []
        with _Pages(store.engine) as pages:
            got = [e.data["n"] for e in store.scan(after_position=0)]
        conn = store._tx._state.conn  # the import's own transaction
        assert conn is not None
        for sql, params in pages.seen:
            _check_plan(conn, "org", {}, sql, params)
    assert got == list(range(EVENTS)) and len(pages.seen) == EVENTS // _scan.SCAN_PAGE + 1


def test_a_database_of_schema_5_gets_the_position_index(
    db_url: str, opened: list[SqlAlchemyStore]
) -> None:
    engine = sa.create_engine(db_url)
    try:
        assert migrations.migrate(engine, db_url, steps=migrations.MIGRATIONS[:5]) == 5
        with engine.begin() as conn:
            at = T0.isoformat()
            event = {"organization": "org", "type": "submitted", "at": at, "data": "{}"}
            event |= {"at_utc": utc_key(T0), "actor": "a"}
            conn.execute(
                sa.insert(schema.events),
                [{**event, "stream": f"p{n}", "version": 1} for n in range(3)],
            )
            indexes = {i["name"] for i in sa.inspect(conn).get_indexes("sqmy_events")}
            assert _scan.BY_POSITION not in indexes
    finally:
        engine.dispose()
    store = SqlAlchemyStore(db_url, "org")
    opened.append(store)
    assert store.schema_version == 6
    with store.engine.connect() as conn:
        index = next(
            i for i in sa.inspect(conn).get_indexes("sqmy_events") if i["name"] == _scan.BY_POSITION
        )
    assert index["column_names"] == ["organization", "position"]
    assert [e.stream for e in store.scan()] == ["p0", "p1", "p2"]  # kept, read in order
    store.append("p3", 0, [NewEvent("submitted", T0)])
    assert store.streams() == ["p0", "p1", "p2", "p3"]
