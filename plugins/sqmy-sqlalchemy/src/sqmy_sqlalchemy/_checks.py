"""What this backend checks beyond the checks every store shares: the length of each column.

The shared checks (JSON, aware times, registry kinds, the stale-append
error) come from :mod:`sqmy_core.kit`, so this store refuses what the
built-in ones refuse, in the same words (``tests/test_parity.py``); only the
column limits of a server database are added here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

from sqmy_core.kit import NewEvent, Notification, require_aware
from sqmy_core.kit import check_append_args as shared_append_checks

LIMITS: Final[Mapping[str, int]] = {
    "organization": 100,
    "stream": 200,
    "type": 100,
    "actor": 200,
    "idempotency_key": 200,
    "ident": 200,
    "source": 1000,
    "channel": 100,
    "key": 255,
    "kind": 100,
    "piece": 200,
}
"""Longest text (in characters) of each identifier column; longer values are refused up front.

They keep every unique key under InnoDB's 3072-byte limit in utf8mb4 and
are the same on PostgreSQL, so a value accepted by one backend is accepted
by the other.
"""


def check_text(value: object, what: str, column: str, *, optional: bool = False) -> None:
    """A non-empty string no longer than its column (None allowed when ``optional``)."""
    if value is None and optional:
        return
    if not isinstance(value, str) or not value:
        raise ValueError(f"{what} must be a non-empty string, got {value!r}")
    check_length(value, what, column)


def check_length(value: str, what: str, column: str) -> None:
    if len(value) > LIMITS[column]:
        raise ValueError(f"{what} is longer than {LIMITS[column]} characters: {value[:40]!r}...")


def check_append_args(stream: str, expected_version: int, events: Sequence[NewEvent]) -> None:
    """The shared append checks, then the column lengths, before any connection is taken."""
    shared_append_checks(stream, expected_version, events)
    check_text(stream, "stream", "stream")
    for index, event in enumerate(events):
        check_text(event.type, f"events[{index}].type", "type")
        check_text(event.actor, f"events[{index}].actor", "actor", optional=True)


def check_notification(item: object, what: str) -> Notification:
    """One notification of an outbox batch, as the built-in stores check it, plus column lengths."""
    if not isinstance(item, Notification):
        raise TypeError(f"{what} must be a Notification, got {type(item).__name__}")
    check_text(item.key, f"{what}.key", "key")
    require_aware(item.created_at, f"{what}.created_at")
    for index, recipient in enumerate(item.recipients):
        if not isinstance(recipient, str):
            raise TypeError(
                f"{what}.recipients[{index}] must be a person id (str), got {recipient!r}"
            )
    for name in ("kind", "subject", "body"):
        if not isinstance(getattr(item, name), str):
            raise TypeError(f"{what}.{name} must be a string, got {getattr(item, name)!r}")
    check_length(item.kind, f"{what}.kind", "kind")
    if item.piece is not None:
        if not isinstance(item.piece, str):
            raise TypeError(f"{what}.piece must be a string or None, got {item.piece!r}")
        check_length(item.piece, f"{what}.piece", "piece")
    return item
