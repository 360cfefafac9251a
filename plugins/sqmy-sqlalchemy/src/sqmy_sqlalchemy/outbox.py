"""The transactional outbox's queries: queue, list due items, record delivery and failure.

The store calls these inside its own transactions (and takes the
organization's write lock first for the writes), so that notifications
queued in the same ``transaction()`` as an append commit or roll back with
it.  Items are deduplicated per ``(organization, channel, key)`` by a
check under that lock, with a unique constraint behind it; the conventions
(ordering, attempts, final delivery, unknown ids) are those of
:mod:`sqmy_core.testing.conformance_outbox`.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any, Final

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from sqmy_core.kit import (
    Notification,
    OutboxItem,
    check_channels,
    check_limit,
    dump_json,
    dump_recipients,
    load_json,
    load_recipients,
    require_aware,
    utc_key,
)
from sqmy_sqlalchemy._checks import check_notification, check_text
from sqmy_sqlalchemy.schema import outbox

_COLUMNS: Final = (
    outbox.c.id,
    outbox.c.channel,
    outbox.c.key,
    outbox.c.kind,
    outbox.c.recipients,
    outbox.c.subject,
    outbox.c.body,
    outbox.c.created_at,
    outbox.c.piece,
    outbox.c.data,
    outbox.c.attempts,
    outbox.c.next_attempt_at,
    outbox.c.delivered_at,
    outbox.c.last_error,
)
CHANNEL_BATCH: Final = 500
"""Channels named in one query at most (servers limit a statement's parameters)."""


def prepare(channel: str, notifications: Sequence[Notification]) -> list[dict[str, Any]]:
    """Rows to insert, every notification checked and serialised before anything is written."""
    check_text(channel, "channel", "channel")
    rows = []
    for n, item in enumerate(notifications):
        what = f"notifications[{n}]"
        item = check_notification(item, what)
        created, created_utc = item.created_at.isoformat(), utc_key(item.created_at)
        rows.append(
            {
                "channel": channel,
                "key": item.key,
                "kind": item.kind,
                "recipients": dump_recipients(item.recipients, "recipients"),
                "subject": item.subject,
                "body": item.body,
                "piece": item.piece,
                "data": dump_json(item.data, f"{what}.data"),
                "created_at": created,
                "created_at_utc": created_utc,
                "attempts": 0,
                "next_attempt_at": created,
                "next_attempt_at_utc": created_utc,
            }
        )
    return rows


def enqueue(conn: Connection, organization: str, rows: list[dict[str, Any]]) -> int:
    """Insert the rows whose key is new for the channel (the first of repeats within ``rows``)."""
    if not rows:
        return 0
    known = set(
        conn.scalars(
            sa.select(outbox.c.key).where(
                outbox.c.organization == organization,
                outbox.c.channel == rows[0]["channel"],
                outbox.c.key.in_([row["key"] for row in rows]),
            )
        )
    )
    new = []
    for row in rows:
        if row["key"] not in known:
            known.add(row["key"])
            new.append({**row, "organization": organization})
    for row in new:  # one by one: ids then follow the batch's order on every server
        conn.execute(sa.insert(outbox).values(**row))
    return len(new)


def pending(
    conn: Connection,
    organization: str,
    now: datetime,
    limit: int,
    channels: Collection[str] | None = None,
) -> list[OutboxItem]:
    """Undelivered items with ``next_attempt_at <= now``, by ``created_at`` (as an instant) then id.

    With ``channels``, only theirs, named ``CHANNEL_BATCH`` a query: each
    query is as ordered and limited as the answer, so the ``limit`` oldest
    of their union are the answer, and a long list never meets a server's
    limit on parameters.
    """
    due = utc_key(require_aware(now, "now"))
    limit = check_limit(limit)
    wanted = check_channels(channels)
    if limit == 0 or wanted == ():
        return []
    query = (
        sa.select(*_COLUMNS, outbox.c.created_at_utc)
        .where(
            outbox.c.organization == organization,
            outbox.c.delivered_at.is_(None),
            outbox.c.next_attempt_at_utc <= due,
        )
        .order_by(outbox.c.created_at_utc, outbox.c.id)
        .limit(limit)
    )
    if wanted is None:
        rows = list(conn.execute(query))
    else:
        rows = []
        for start in range(0, len(wanted), CHANNEL_BATCH):
            batch = wanted[start : start + CHANNEL_BATCH]
            rows += conn.execute(query.where(outbox.c.channel.in_(batch)))
        rows.sort(key=lambda row: (row.created_at_utc, row.id))  # as each query orders
    return [_item(row) for row in rows[:limit]]


def every(conn: Connection, organization: str) -> list[OutboxItem]:
    query = sa.select(*_COLUMNS).where(outbox.c.organization == organization).order_by(outbox.c.id)
    return [_item(row) for row in conn.execute(query)]


def check_mark(item_id: int, now: datetime, failure: tuple[str, datetime] | None = None) -> None:
    """Arguments of ``mark_delivered`` and (with ``(error, retry_at)``) ``mark_failed``."""
    if isinstance(item_id, bool) or not isinstance(item_id, int):
        raise TypeError(f"item_id must be an int, got {item_id!r}")
    require_aware(now, "now")
    if failure is not None:
        error, retry_at = failure
        if not isinstance(error, str):
            raise TypeError(f"error must be a string, got {type(error).__name__}")
        require_aware(retry_at, "retry_at")


def mark_delivered(conn: Connection, organization: str, item_id: int, now: datetime) -> None:
    """Delivery counts as an attempt; marking a delivered item again changes nothing."""
    done = conn.execute(
        sa.update(outbox)
        .where(_undelivered(organization, item_id))
        .values(delivered_at=now.isoformat(), attempts=outbox.c.attempts + 1)
    )
    if done.rowcount == 0:
        _require(conn, organization, item_id)


def mark_failed(
    conn: Connection, organization: str, item_id: int, error: str, retry_at: datetime
) -> None:
    """A delivered item stays delivered (a late failure report from a second worker is ignored)."""
    done = conn.execute(
        sa.update(outbox)
        .where(_undelivered(organization, item_id))
        .values(
            attempts=outbox.c.attempts + 1,
            last_error=error,
            next_attempt_at=retry_at.isoformat(),
            next_attempt_at_utc=utc_key(retry_at),
        )
    )
    if done.rowcount == 0:
        _require(conn, organization, item_id)


def _undelivered(organization: str, item_id: int) -> sa.ColumnElement[bool]:
    return sa.and_(
        outbox.c.organization == organization,
        outbox.c.id == item_id,
        outbox.c.delivered_at.is_(None),
    )


def _require(conn: Connection, organization: str, item_id: int) -> None:
    """An id that is not one of this organization's items is a caller's bug, not a no-op."""
    found = conn.scalar(
        sa.select(outbox.c.id).where(outbox.c.organization == organization, outbox.c.id == item_id)
    )
    if found is None:
        raise KeyError(f"no outbox item {item_id!r} in organization {organization!r}")


def _item(row: Any) -> OutboxItem:  # a Row of _COLUMNS
    notification = Notification(
        key=row.key,
        kind=row.kind,
        recipients=load_recipients(row.recipients),
        subject=row.subject,
        body=row.body,
        created_at=datetime.fromisoformat(row.created_at),
        piece=row.piece,
        data=load_json(row.data),
    )
    delivered = None if row.delivered_at is None else datetime.fromisoformat(row.delivered_at)
    return OutboxItem(
        id=int(row.id),
        channel=row.channel,
        notification=notification,
        attempts=int(row.attempts),
        next_attempt_at=datetime.fromisoformat(row.next_attempt_at),
        delivered_at=delivered,
        last_error=row.last_error,
    )
