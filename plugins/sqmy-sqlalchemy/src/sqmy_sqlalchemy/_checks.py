"""Input checks and encodings, kept identical to the built-in stores' through sqmy_core's public API.

The built-in stores share these rules in a private module; a separate
distribution must not import private modules of another, so the few lines
are restated here and ``tests/test_parity.py`` holds them to the built-ins'
behaviour (same refusals, same conflict message).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Final, get_args

from sqmy_core.errors import ConcurrencyConflict, PluginError, Problem
from sqmy_core.storage import NewEvent, Notification, RegistryKind

REGISTRY_KINDS: Final[frozenset[str]] = frozenset(get_args(RegistryKind))

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


def stale_append(organization: str, stream: str, expected: int, actual: int) -> ConcurrencyConflict:
    """The same error (code ``stale_append``, same parameters) as the built-in stores raise."""
    params = {
        "organization": organization,
        "stream": repr(stream),
        "expected": expected,
        "actual": actual,
    }
    return ConcurrencyConflict([Problem("", "stale_append", params)])


def storage_error(code: str, **params: Any) -> PluginError:
    """A store that cannot be opened is a backend plugin failing: a :class:`PluginError`."""
    return PluginError([Problem("", code, params)])


def dump_json(value: Mapping[str, Any], what: str) -> str:
    """JSON text with Chinese kept as text (not ``\\uXXXX``); NaN and non-JSON values refused.

    Serialising before anything is written is what makes a multi-event
    append all-or-nothing when the third event's data is not JSON.
    """
    if not isinstance(value, Mapping):
        raise TypeError(f"{what} must be a mapping, got {type(value).__name__}")
    return _dumps(dict(value))


def dump_list(value: Sequence[str]) -> str:
    """A list of strings (recipients) as JSON text."""
    return _dumps(list(value))


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def load_json(text: str) -> Any:
    """Parse stored JSON text; a fresh object each time, so callers cannot change what is stored."""
    return json.loads(text)


def require_aware(value: datetime, what: str) -> datetime:
    """Refuse a naive time: without an offset it cannot be returned as it was given."""
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise ValueError(f"{what} must be a datetime with an offset (e.g. +08:00), got {value!r}")
    return value


def utc_key(value: datetime) -> str:
    """A fixed-width UTC text that sorts as time does, whatever offsets the times were written in."""
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")


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
    """Argument checks common to every append, made before any connection is taken."""
    if not isinstance(stream, str) or not stream:
        raise ValueError(f"stream must be a non-empty string, got {stream!r}")
    check_text(stream, "stream", "stream")
    if isinstance(expected_version, bool) or not isinstance(expected_version, int):
        raise TypeError(f"expected_version must be an int, got {expected_version!r}")
    if expected_version < 0:
        raise ValueError(f"expected_version must be 0 or more, got {expected_version}")
    for index, event in enumerate(events):
        if not isinstance(event, NewEvent):
            raise TypeError(f"events[{index}] must be a NewEvent, got {type(event).__name__}")
        require_aware(event.at, f"events[{index}].at")
        check_text(event.type, f"events[{index}].type", "type")
        check_text(event.actor, f"events[{index}].actor", "actor", optional=True)


def check_kind(kind: str) -> None:
    """Refuse a registry kind outside :data:`~sqmy_core.storage.RegistryKind` (a typo stores nothing)."""
    if kind not in REGISTRY_KINDS:
        raise ValueError(
            f"unknown registry kind {kind!r}; expected one of {sorted(REGISTRY_KINDS)}"
        )


def type_filter(types: Sequence[str] | None) -> tuple[str, ...] | None:
    """Normalise ``scan(types=...)``: one string means that one type, not its characters."""
    if types is None:
        return None
    return (types,) if isinstance(types, str) else tuple(types)


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
