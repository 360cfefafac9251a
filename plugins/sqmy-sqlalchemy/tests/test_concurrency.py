"""Races through separate engines (as separate processes would race), and the last lines of defence."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone
from typing import Any

import psycopg
import pymysql
import pytest
import sqlalchemy as sa

from sqmy_core.errors import ConcurrencyConflict
from sqmy_core.storage import AppendResult, NewEvent
from sqmy_core.storage import checks as shared
from sqmy_sqlalchemy import _dialect, schema
from sqmy_sqlalchemy import store as store_module
from sqmy_sqlalchemy._tx import DoomedTransaction
from sqmy_sqlalchemy.store import SqlAlchemyStore

T0 = datetime(2024, 3, 1, 9, 0, tzinfo=timezone(timedelta(hours=8)))
WRITERS = 6
ROUNDS = 5


def ev(type_: str = "submitted", **data: Any) -> NewEvent:
    return NewEvent(type_, T0, "p001", data)


def _open(url: str, opened: list[SqlAlchemyStore], org: str = "org-a") -> SqlAlchemyStore:
    store = SqlAlchemyStore(url, org)
    opened.append(store)
    return store


def _in_thread(target: Any) -> tuple[threading.Thread, list[object]]:
    """Run ``target()`` in a thread; its result or exception lands in the returned list."""
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(target())
        except Exception as exc:
            outcome.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def test_race_between_many_engines(db_url: str, opened: list[SqlAlchemyStore]) -> None:
    stores = [_open(db_url, opened) for _ in range(WRITERS)]
    for round_ in range(ROUNDS):
        stream = f"race-{round_}"
        stores[0].append(stream, 0, [ev()])
        outcomes = _race(stores, stream)
        won = [o for o in outcomes if isinstance(o, AppendResult)]
        lost = [o for o in outcomes if isinstance(o, ConcurrencyConflict)]
        assert (len(won), len(lost)) == (1, WRITERS - 1), outcomes
        expected = shared.stale_append("org-a", stream, 1, 2).render("en")
        assert {c.render("en") for c in lost} == {expected}
        assert [e.version for e in stores[-1].read(stream)] == [1, 2]


def _race(stores: list[SqlAlchemyStore], stream: str) -> list[object]:
    """Every store appends at version 1, released together by a barrier; their outcomes."""
    barrier = threading.Barrier(len(stores))

    def run(store: SqlAlchemyStore, n: int) -> AppendResult:
        barrier.wait(timeout=30)
        return store.append(stream, 1, [ev("approved", n=n)])

    started = [_in_thread(lambda s=s, n=n: run(s, n)) for n, s in enumerate(stores)]
    for thread, _ in started:
        thread.join(timeout=60)
    return [outcome for _, found in started for outcome in found]


def test_writes_of_one_organization_commit_in_position_order(
    db_url: str, opened: list[SqlAlchemyStore]
) -> None:
    first, second = _open(db_url, opened), _open(db_url, opened)
    elsewhere = _open(db_url, opened, "org-b")
    holding, release = threading.Event(), threading.Event()

    def slow() -> AppendResult:
        with first.transaction():
            result = first.append("s1", 0, [ev()])
            holding.set()
            release.wait(timeout=30)
            return result

    slow_thread, slow_outcome = _in_thread(slow)
    assert holding.wait(timeout=30)
    fast_thread, fast_outcome = _in_thread(lambda: second.append("s2", 0, [ev()]))
    other = elsewhere.append("s9", 0, [ev()])  # another organization is not held up
    fast_thread.join(timeout=0.5)
    assert fast_thread.is_alive() and fast_outcome == []  # waits for the first to commit
    release.set()
    slow_thread.join(timeout=30)
    fast_thread.join(timeout=30)
    (held,), (waited,) = slow_outcome, fast_outcome
    assert isinstance(held, AppendResult) and isinstance(waited, AppendResult)
    assert held.events[0].position < other.events[0].position < waited.events[0].position
    assert [e.stream for e in second.scan(after_position=held.events[0].position)] == ["s2"]


def _sneak_in(url: str, stream: str, version: int) -> tuple[sa.Engine, sa.Connection]:
    """An uncommitted row written straight into the table, without the store's lock."""
    engine = sa.create_engine(url)
    conn = engine.connect()
    conn.execute(
        sa.insert(schema.events).values(
            organization="org-a", stream=stream, version=version, type="sneaked",
            at=T0.isoformat(), at_utc=shared.utc_key(T0), actor=None, data="{}",
        )
    )  # fmt: skip
    return engine, conn


def test_unique_constraint_is_the_last_line(db_url: str, opened: list[SqlAlchemyStore]) -> None:
    store = _open(db_url, opened)
    store.append("p1", 0, [ev()])
    engine, sneak = _sneak_in(db_url, "p1", 2)
    try:
        thread, outcome = _in_thread(lambda: store.append("p1", 1, [ev("approved")]))
        thread.join(timeout=0.5)
        assert thread.is_alive()  # blocked on the other transaction's key
        sneak.commit()
        thread.join(timeout=30)
    finally:
        sneak.close()
        engine.dispose()
    (conflict,) = outcome
    assert isinstance(conflict, ConcurrencyConflict), conflict
    assert conflict.render("en") == shared.stale_append("org-a", "p1", 1, 2).render("en")
    assert [e.type for e in store.read("p1")] == ["submitted", "sneaked"]


def test_unique_violation_in_a_nested_append_spares_the_outer_block(
    db_url: str, opened: list[SqlAlchemyStore]
) -> None:
    store = _open(db_url, opened)
    store.append("p1", 0, [ev()])
    engine, sneak = _sneak_in(db_url, "p1", 2)

    def outer() -> int:
        with store.transaction():
            store.put("unit", "u1", {"v": 1})
            with pytest.raises(ConcurrencyConflict) as caught:
                store.append("p1", 1, [ev("approved")])
            assert isinstance(caught.value.__cause__, sa.exc.IntegrityError)
            assert "actual version 2" in caught.value.render("en")
            return store.append("p1", 2, [ev("dispatched")]).version

    try:
        thread, outcome = _in_thread(outer)
        thread.join(timeout=0.5)
        sneak.commit()
        thread.join(timeout=30)
    finally:
        sneak.close()
        engine.dispose()
    assert outcome == [3]
    assert [e.type for e in store.read("p1")] == ["submitted", "sneaked", "dispatched"]
    assert store.get("unit", "u1") == {"v": 1}


@pytest.mark.parametrize(
    ("orig", "expected"),
    [
        (psycopg.errors.UniqueViolation("dup"), "unique"),
        (psycopg.errors.SerializationFailure("serialize"), "retry"),
        (psycopg.errors.DeadlockDetected("deadlock"), "retry"),
        (psycopg.errors.LockNotAvailable("lock timeout"), None),
        (psycopg.errors.CheckViolation("check"), None),
        (pymysql.err.IntegrityError(1062, "Duplicate entry"), "unique"),
        (pymysql.err.OperationalError(1213, "Deadlock found"), "retry"),
        (pymysql.err.OperationalError(1020, "Record has changed since last read"), "retry"),
        (pymysql.err.OperationalError(1205, "Lock wait timeout exceeded"), None),
        (pymysql.err.OperationalError(2006, "MySQL server has gone away"), None),
    ],
)
def test_which_database_errors_are_lost_races(orig: Exception, expected: str | None) -> None:
    assert _dialect.lost_race(sa.exc.DBAPIError("INSERT", {}, orig)) == expected


def _failing(
    store: SqlAlchemyStore, monkeypatch: pytest.MonkeyPatch, orig: Exception, times: int
) -> list[int]:
    """Make the store's append attempt raise ``orig`` (wrapped as SQLAlchemy does) ``times`` times."""
    calls: list[int] = []
    real = store._append

    def attempt(*args: Any) -> AppendResult:
        calls.append(1)
        if len(calls) <= times:
            raise sa.exc.OperationalError("INSERT", {}, orig)
        return real(*args)

    monkeypatch.setattr(store, "_append", attempt)
    return calls


@pytest.mark.postgres
def test_a_lost_race_is_retried_at_top_level(
    postgres_url: str, opened: list[SqlAlchemyStore], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _open(postgres_url, opened)
    calls = _failing(store, monkeypatch, psycopg.errors.DeadlockDetected("deadlock"), 1)
    assert store.append("p1", 0, [ev()]).version == 1 and len(calls) == 2
    calls = _failing(store, monkeypatch, psycopg.errors.SerializationFailure("x"), 99)
    with pytest.raises(ConcurrencyConflict) as caught:
        store.append("p1", 1, [ev()])
    assert len(calls) == store_module.APPEND_ATTEMPTS
    assert isinstance(caught.value.__cause__, sa.exc.OperationalError)
    assert caught.value.render("en") == shared.stale_append("org-a", "p1", 1, 1).render("en")
    calls = _failing(store, monkeypatch, psycopg.errors.SerializationFailure("x"), 1)
    with store.transaction(), pytest.raises(ConcurrencyConflict):
        store.append("p1", 1, [ev()])  # nested: the outer block decides whether to retry
    assert len(calls) == 1
    calls = _failing(store, monkeypatch, psycopg.errors.AdminShutdown("bye"), 1)
    with pytest.raises(sa.exc.OperationalError):
        store.append("p1", 1, [ev()])
    assert len(calls) == 1 and store.version("p1") == 1


def test_a_transaction_the_server_ended_cannot_commit(
    db_url: str, opened: list[SqlAlchemyStore]
) -> None:
    """As after a MySQL deadlock inside a nested block: the savepoint is gone with the transaction."""
    store = _open(db_url, opened)
    with pytest.raises(DoomedTransaction), store.transaction():
        store.append("p1", 0, [ev()])
        with pytest.raises(ZeroDivisionError), store.transaction():
            store.append("p2", 0, [ev()])
            with store._tx.connection() as conn:
                conn.exec_driver_sql("ROLLBACK")  # the server's doing, behind SQLAlchemy's back
            raise ZeroDivisionError
        store.append("p3", 0, [ev()])  # would otherwise commit without p1
    assert store.streams() == []
