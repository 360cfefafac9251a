"""The input checks and encodings every store shares, built-in or plugin.

They keep all stores refusing the same inputs in the same way, so the
conformance suite holds them to one behaviour: times must carry an offset,
data must be JSON, registry kinds must be known, and a stale append raises
the same :class:`~sqmy_core.errors.ConcurrencyConflict`; an outbox batch is
checked whole before anything is queued.  Public (exported by
:mod:`sqmy_core.kit`) so a store plugin uses these instead of a copy.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Collection, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any, Final, get_args

from sqmy_core.errors import ConcurrencyConflict, PluginError, Problem
from sqmy_core.storage import NewEvent, Notification, RegistryKind

REGISTRY_KINDS: Final[frozenset[str]] = frozenset(get_args(RegistryKind))
_HEX64: Final = re.compile(r"[0-9a-f]{64}")


def stale_append(organization: str, stream: str, expected: int, actual: int) -> ConcurrencyConflict:
    """The error for an append whose expected version is not the stream's current one."""
    params = {
        "organization": organization,
        "stream": repr(stream),
        "expected": expected,
        "actual": actual,
    }
    return ConcurrencyConflict([Problem("", "stale_append", params)])


def stale_record(
    organization: str, kind: str, ident: str, expected: int, actual: int
) -> ConcurrencyConflict:
    """The error for a put whose expected version is not the record's registry version."""
    params = {
        "organization": organization,
        "what_noun": kind,
        "ident": repr(ident),
        "expected": expected,
        "found": actual,
    }
    return ConcurrencyConflict([Problem("", "record_version_stale", params)])


def check_fingerprint(key: str | None, fingerprint: str | None) -> None:
    """A fingerprint is 64 lower-case hex digits (a SHA-256), and only comes with a key."""
    if fingerprint is None:
        return
    if key is None:
        raise ValueError("a fingerprint is kept with an idempotency key; none was given")
    if not isinstance(fingerprint, str) or not _HEX64.fullmatch(fingerprint):
        raise ValueError(f"fingerprint must be 64 lower-case hex digits, got {fingerprint!r}")


def check_expected_version(expected_version: int | None) -> None:
    """None, or an int of 0 or more (as an append's)."""
    if expected_version is None:
        return
    if isinstance(expected_version, bool) or not isinstance(expected_version, int):
        raise TypeError(f"expected_version must be an int, got {expected_version!r}")
    if expected_version < 0:
        raise ValueError(f"expected_version must be 0 or more, got {expected_version}")


def dump_json(value: Mapping[str, Any], what: str) -> str:
    """JSON text with Chinese kept as text (not ``\\uXXXX``); NaN and non-JSON values refused.

    Serialising before anything is written is what makes a multi-event
    append all-or-nothing when the third event's data is not JSON.
    """
    if not isinstance(value, Mapping):
        raise TypeError(f"{what} must be a mapping, got {type(value).__name__}")
    return json.dumps(dict(value), ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def load_json(text: str) -> dict[str, Any]:
    """Parse stored JSON text; a fresh dict each time, so callers cannot change what is stored.

    A store writes only JSON objects, so anything else was changed behind its back (or
    the file is damaged): that is the store failing, told as such (``stored_json_invalid``,
    naming the start of the text), not an internal error."""
    try:
        value = json.loads(text)
    except (TypeError, ValueError, RecursionError) as err:
        raise _not_stored_json(text, str(err)) from err
    if not isinstance(value, dict):
        raise _not_stored_json(text, f"{type(value).__name__}, not an object")
    return value


def _not_stored_json(text: object, reason: str) -> PluginError:
    shown = repr(text if not isinstance(text, str) else text[:60] + ("…" if len(text) > 60 else ""))
    return storage_error("stored_json_invalid", text=shown, reason=reason)


def storage_error(code: str, **params: Any) -> PluginError:
    """A store that cannot be opened is a backend plugin failing: a :class:`PluginError`."""
    return PluginError([Problem("", code, params)])


def require_aware(value: datetime, what: str) -> datetime:
    """Refuse a naive time: without an offset it cannot be returned as it was given."""
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise ValueError(f"{what} must be a datetime with an offset (e.g. +08:00), got {value!r}")
    return value


def utc_key(value: datetime) -> str:
    """A fixed-width UTC text that sorts as time does, whatever offsets the events were written in."""
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")


def check_append_args(stream: str, expected_version: int, events: Sequence[NewEvent]) -> None:
    """Argument checks common to every append, made before any lock is taken or row written."""
    if not isinstance(stream, str) or not stream:
        raise ValueError(f"stream must be a non-empty string, got {stream!r}")
    if expected_version is None:
        raise TypeError("expected_version must be an int, got None")
    check_expected_version(expected_version)
    for index, event in enumerate(events):
        if not isinstance(event, NewEvent):
            raise TypeError(f"events[{index}] must be a NewEvent, got {type(event).__name__}")
        require_aware(event.at, f"events[{index}].at")


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


def dump_recipients(recipients: Sequence[str], what: str) -> str:
    """A JSON array of person ids (Chinese kept as text)."""
    for index, recipient in enumerate(recipients):
        if not isinstance(recipient, str):
            raise TypeError(f"{what}[{index}] must be a person id (str), got {recipient!r}")
    return json.dumps(list(recipients), ensure_ascii=False, separators=(",", ":"))


def load_recipients(text: str) -> tuple[str, ...]:
    return tuple(json.loads(text))


def check_notifications(
    channel: str, notifications: Sequence[Notification]
) -> list[tuple[Notification, str, str]]:
    """Check a whole outbox batch before anything is queued; ``(notification, recipients JSON, data JSON)`` each.

    Serialising first makes a batch all-or-nothing when one notification
    has a naive time or data that is not JSON.
    """
    if not isinstance(channel, str) or not channel:
        raise ValueError(f"channel must be a non-empty string, got {channel!r}")
    checked = []
    for index, notification in enumerate(notifications):
        what = f"notifications[{index}]"
        if not isinstance(notification, Notification):
            raise TypeError(f"{what} must be a Notification, got {type(notification).__name__}")
        if not isinstance(notification.key, str) or not notification.key:
            raise ValueError(f"{what}.key must be a non-empty string, got {notification.key!r}")
        require_aware(notification.created_at, f"{what}.created_at")
        recipients = dump_recipients(notification.recipients, f"{what}.recipients")
        checked.append((notification, recipients, dump_json(notification.data, f"{what}.data")))
    return checked


def check_limit(limit: int) -> int:
    """``pending(limit=...)``: a whole number, 0 or more (0 gives nothing)."""
    if isinstance(limit, bool) or not isinstance(limit, int):
        raise TypeError(f"limit must be an int, got {limit!r}")
    if limit < 0:
        raise ValueError(f"limit must be 0 or more, got {limit}")
    return limit


def check_channels(channels: Collection[str] | None) -> tuple[str, ...] | None:
    """``pending(channels=...)``: ``None`` (every channel) or channel names, sorted, once each.

    One string is refused rather than read as its letters (``"smtp"`` is a
    collection of ``"s"``, ``"m"`` ...); an empty collection asks for no
    channel, and gets nothing.
    """
    if channels is None:
        return None
    if isinstance(channels, str | bytes) or not isinstance(channels, Collection):
        raise TypeError(f"channels must be a collection of channel names, got {channels!r}")
    for index, name in enumerate(channels):
        if not isinstance(name, str) or not name:
            raise ValueError(f"channels[{index}] must be a non-empty string, got {name!r}")
    return tuple(sorted(set(channels)))


def unknown_item(organization: str, item_id: int) -> KeyError:
    """Marking an item that does not exist (or belongs to another organization) is a caller's bug."""
    return KeyError(f"no outbox item {item_id!r} in organization {organization!r}")


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


def check_ruleset_version(
    text: str,
    source: str,
    sha256: str,
    actor: str | None,
    applied_at: datetime | None,
    effective_from: date | None,
) -> None:
    """Arguments of ``add_ruleset_version``, checked before anything is written.

    The digest must be the one of ``text``: a store keeps what it is given,
    so a mismatch here is a caller's bug, found before it is kept for ever.
    """
    if not isinstance(text, str):
        raise TypeError(f"ruleset text must be a string, got {type(text).__name__}")
    if not isinstance(source, str):
        raise TypeError(f"source must be a string, got {type(source).__name__}")
    if sha256 != text_sha256(text):
        raise ValueError(f"sha256 {sha256!r} is not the digest of the text")
    if actor is not None and not isinstance(actor, str):
        raise TypeError(f"actor must be a string or None, got {type(actor).__name__}")
    if applied_at is not None:
        require_aware(applied_at, "applied_at")
    if effective_from is not None and (
        isinstance(effective_from, datetime) or not isinstance(effective_from, date)
    ):
        raise TypeError(f"effective_from must be a date or None, got {effective_from!r}")


def text_sha256(text: str) -> str:
    """The content hash a ruleset version carries: SHA-256 of its UTF-8 text, in hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


REDACT_BATCH: Final = 500
"""How many idents one query of a redaction names (``ident IN (...)``), well inside every
database's limit on a statement's parameters."""


def check_redaction(
    kind: str, idents: Sequence[str], keys: Sequence[str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Refuse a redaction of an unknown kind, idents that are not a list of text, or no key."""
    check_kind(kind)
    if isinstance(idents, str) or not all(isinstance(i, str) for i in idents):
        raise TypeError(f"idents must be a list of strings, got {idents!r}")
    if isinstance(keys, str) or not keys or not all(isinstance(k, str) and k for k in keys):
        raise ValueError(f"keys must be a non-empty list of non-empty strings, got {keys!r}")
    return tuple(dict.fromkeys(idents)), tuple(keys)
