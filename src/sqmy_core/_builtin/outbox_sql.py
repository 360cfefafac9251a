"""The SQLite store's outbox queries (schema version 2, see :mod:`.sqlite_schema`).

Plain functions over a connection; :class:`~.sqlite_store.SqliteStore`
calls them with its lock held and, for writes, inside its transaction, so
an enqueue shares the fate of the append it was made with.  Dedup is the
``UNIQUE (organization, channel, key)`` constraint itself (``ON CONFLICT DO
NOTHING``), so it holds across threads and processes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any, Final

from sqmy_core.storage import Notification, OutboxItem
from sqmy_core.storage.checks import (
    check_channels,
    load_json,
    load_recipients,
    unknown_item,
    utc_key,
)

_COLUMNS: Final = (
    "id, channel, key, kind, recipients, subject, body, piece, data, created_at,"
    " attempts, next_attempt_at, delivered_at, last_error"
)
CHANNEL_BATCH: Final = 500
"""Channels named in one query at most (SQLite limits a statement's parameters)."""


def enqueue(
    conn: sqlite3.Connection,
    organization: str,
    channel: str,
    checked: Sequence[tuple[Notification, str, str]],
) -> int:
    """Insert what is not queued yet (``checked`` as from ``check_notifications``); how many were new."""
    added = 0
    for n, recipients, data in checked:
        created, created_utc = n.created_at.isoformat(), utc_key(n.created_at)
        cursor = conn.execute(
            "INSERT INTO outbox (organization, channel, key, kind, recipients, subject, body,"
            " piece, data, created_at, created_at_utc, next_attempt_at, next_attempt_at_utc)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (organization, channel, key) DO NOTHING",
            (organization, channel, n.key, n.kind, recipients, n.subject, n.body, n.piece, data,
             created, created_utc, created, created_utc),
        )  # fmt: skip
        added += cursor.rowcount
    return added


def pending(
    conn: sqlite3.Connection,
    organization: str,
    now: datetime,
    limit: int,
    channels: Collection[str] | None = None,
) -> list[OutboxItem]:
    """Due items oldest first; with ``channels``, only theirs (asked for ``CHANNEL_BATCH`` a query).

    Each query is as ordered and limited as the answer, so the ``limit``
    oldest of their union are the answer: one list of channels can be as
    long as anyone likes without meeting SQLite's limit on parameters.
    """
    wanted = check_channels(channels)
    due = (organization, utc_key(now))
    query = (
        f"SELECT {_COLUMNS}, created_at_utc FROM outbox WHERE organization = ?"
        " AND delivered_at IS NULL AND next_attempt_at_utc <= ?"
    )
    order = " ORDER BY created_at_utc, id LIMIT ?"
    if wanted is None:
        rows = conn.execute(query + order, (*due, limit)).fetchall()
    else:
        rows = []
        for start in range(0, len(wanted), CHANNEL_BATCH):
            batch = wanted[start : start + CHANNEL_BATCH]
            marks = ", ".join("?" * len(batch))
            rows += conn.execute(
                f"{query} AND channel IN ({marks}){order}", (*due, *batch, limit)
            ).fetchall()
        rows.sort(key=lambda row: (row[-1], row[0]))  # (created_at_utc, id), as each query
    return [_item(row[:-1]) for row in rows[:limit]]


def outbox(conn: sqlite3.Connection, organization: str) -> list[OutboxItem]:
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM outbox WHERE organization = ? ORDER BY id", (organization,)
    ).fetchall()
    return [_item(row) for row in rows]


def mark_delivered(
    conn: sqlite3.Connection, organization: str, item_id: int, now: datetime
) -> None:
    """Delivery counts as an attempt; marking a delivered item again changes nothing."""
    cursor = conn.execute(
        "UPDATE outbox SET delivered_at = ?, attempts = attempts + 1"
        " WHERE organization = ? AND id = ? AND delivered_at IS NULL",
        (now.isoformat(), organization, item_id),
    )
    if cursor.rowcount == 0:
        _require(conn, organization, item_id)


def mark_failed(
    conn: sqlite3.Connection,
    organization: str,
    item_id: int,
    error: str,
    retry_at: datetime,
) -> None:
    """A delivered item stays delivered (a late failure report from a second worker is ignored)."""
    cursor = conn.execute(
        "UPDATE outbox SET attempts = attempts + 1, last_error = ?,"
        " next_attempt_at = ?, next_attempt_at_utc = ?"
        " WHERE organization = ? AND id = ? AND delivered_at IS NULL",
        (error, retry_at.isoformat(), utc_key(retry_at), organization, item_id),
    )
    if cursor.rowcount == 0:
        _require(conn, organization, item_id)


def _require(conn: sqlite3.Connection, organization: str, item_id: int) -> None:
    found = conn.execute(
        "SELECT 1 FROM outbox WHERE organization = ? AND id = ?", (organization, item_id)
    ).fetchone()
    if found is None:
        raise unknown_item(organization, item_id)


def _item(row: tuple[Any, ...]) -> OutboxItem:
    (id_, channel, key, kind, recipients, subject, body, piece, data, created,
     attempts, next_at, delivered, error) = row  # fmt: skip
    notification = Notification(
        key=key,
        kind=kind,
        recipients=load_recipients(recipients),
        subject=subject,
        body=body,
        created_at=datetime.fromisoformat(created),
        piece=piece,
        data=load_json(data),
    )
    return OutboxItem(
        id=id_,
        channel=channel,
        notification=notification,
        attempts=attempts,
        next_attempt_at=datetime.fromisoformat(next_at),
        delivered_at=None if delivered is None else datetime.fromisoformat(delivered),
        last_error=error,
    )
