"""Transactions that belong to a thread: a root transaction, SAVEPOINTs for nested blocks.

Outside a block every call borrows a pooled connection for itself; inside
one, the calls of the thread that opened it share its connection, and a
nested block is a SAVEPOINT, so a nested block that raises undoes only its
own writes while the outer block goes on.  Other threads using the same
store are not inside this block: they are separate clients of the
database, serialised by its locks like two processes would be.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError


class DoomedTransaction(RuntimeError):
    """The server ended the transaction on its own inside a nested block; the outer one cannot commit.

    MySQL rolls back the whole transaction on a deadlock (not just the
    statement), taking the savepoints with it.  A caller that caught the
    error of the nested block and went on would otherwise commit its later
    writes without the earlier ones: instead every later write in the block,
    and its end, raise this, and nothing is committed.
    """


class _State(threading.local):
    conn: Connection | None = None
    doomed: bool = False


class ThreadTransactions:
    """The transaction state of one store: per thread, over one engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._state = _State()

    @property
    def active(self) -> bool:
        """Whether the calling thread is inside a block."""
        return self._state.conn is not None

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A block: the root transaction, or a SAVEPOINT inside the thread's open one."""
        state = self._state
        if state.conn is not None:
            if state.doomed:
                raise DoomedTransaction("the database rolled this transaction back")
            conn = state.conn
            savepoint = conn.begin_nested()
            try:
                yield conn
            except BaseException:
                try:
                    savepoint.rollback()
                except SQLAlchemyError:  # the server already ended the whole transaction
                    state.doomed = True
                raise
            savepoint.commit()
            return
        conn = self.engine.connect()
        root = conn.begin()
        state.conn, state.doomed = conn, False
        try:
            try:
                yield conn
            finally:
                state.conn = None
            if state.doomed:
                raise DoomedTransaction("the database rolled this transaction back")
            root.commit()
        except BaseException:
            if root.is_active:
                root.rollback()
            raise
        finally:
            conn.close()

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """For reads: the thread's block connection (to see its own writes), or a pooled one."""
        if self._state.conn is not None:
            yield self._state.conn
            return
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def adopt(self, conn: Connection) -> Iterator[None]:
        """Make a transaction opened elsewhere (a migration's) the calling thread's block, for
        the duration: the store's writes then join it as SAVEPOINTs and commit with it."""
        state = self._state
        if state.conn is not None:
            raise RuntimeError("the thread is already inside a block")
        state.conn, state.doomed = conn, False
        try:
            yield
        finally:
            state.conn = None
