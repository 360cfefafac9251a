"""The audit chain's values and digests: pure, shared by every store and by ``sqmy audit verify``.

An audit record says who did what to which object, when (the caller's
``at`` and the store's own ``recorded_at``), with what outcome, and -- for a
command that stored something -- a digest of what it stored (``stored``),
so that a later check can recompute it from the events and registry tables
themselves.  Records are numbered per organization from 1 without a gap
(``seq``, taken inside the write transaction) and chained: each record's
``hash`` is the SHA-256 of its canonical serialisation, which includes the
previous record's hash (``prev``; :data:`GENESIS` for the first).  Editing,
deleting, inserting or reordering a record therefore breaks the chain at
that record.

The canonical serialisation is JSON with sorted keys, no insignificant
white space, Chinese as text, and no floats (a float's text is not the
same in every language and database; none belongs in an audit record).
Event data may hold floats (the storage contract allows them): a digest of
stored rows is only ever recomputed by this library, from the same JSON
text, and Python writes a float as its shortest round-trip ``repr``, so
the data is hashed as it is (sorted keys) without a walk over it.

Digests of stored things (events, registry history entries) are *sums*:
each item's SHA-256 read as a 256-bit number, added modulo 2**256, so a set
of items gives one digest whatever order it is read in (an import's rows
need not be read back in the order they were written) and in constant
memory.  Every item's own hash names its place (stream and version, or
history number), so a moved item changes the sum too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, Final

from attrs import field, frozen

GENESIS: Final = "0" * 64
"""The ``prev`` of an organization's first record."""

OK: Final = "ok"
"""The outcome of a command that did what it was asked."""

REPEATED: Final = "repeated"
"""The outcome of a command that had no second effect (an idempotency key already used)."""

_MOD: Final = 1 << 256


@frozen
class AuditEntry:
    """What a command reports to the audit before the store numbers, times and chains it.

    ``action`` is the command (``review``, ``register_person`` ...),
    ``object`` what it acted on (``piece:x1``, ``person:a``), ``actor`` who
    (as the caller named them; None when the command names nobody), ``at``
    the caller's ``now`` (None when the command takes none), ``outcome``
    :data:`OK`, :data:`REPEATED` or the refusal's message code,
    ``request_id`` the caller's request id, ``stored`` what was stored (see
    :mod:`sqmy_core.workspace.audit_claims`; empty for a refusal) and
    ``detail`` more about a refusal (the codes of all its problems).
    Everything is JSON-ready and free of floats.
    """

    action: str
    object: str
    outcome: str
    actor: str | None = None
    at: datetime | None = None
    request_id: str | None = None
    stored: Mapping[str, Any] = field(factory=dict)
    detail: Mapping[str, Any] = field(factory=dict)


@frozen
class AuditRecord:
    """One record of an organization's audit chain, as stored."""

    seq: int
    recorded_at: datetime
    entry: AuditEntry
    prev: str
    hash: str


@frozen
class RegistryChange:
    """One entry of the registry's history: every put of a record, numbered per organization from 1.

    The registry table keeps each record as it is now; this keeps every
    state it was ever put in (a person's roles before and after a change).
    """

    number: int
    kind: str
    ident: str
    record: Mapping[str, Any]


def canonical(value: Any) -> str:
    """The canonical JSON text of a float-free JSON-ready value (a float is a ``ValueError``)."""
    return json.dumps(
        _floats(value, _refuse), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )


def _refuse(value: float) -> Any:
    raise ValueError(f"an audit record holds no floats, got {value!r}")


def _floats(value: Any, replace: Callable[[float], Any]) -> Any:
    """``value`` with every float replaced by ``replace(float)`` (tuples become lists)."""
    if isinstance(value, str | int | bool | None):
        return value
    if isinstance(value, float):
        return replace(value)
    if isinstance(value, Mapping):
        return {k: _floats(v, replace) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_floats(v, replace) for v in value]
    return value


def entry_doc(entry: AuditEntry) -> dict[str, Any]:
    """The entry as JSON-ready data (how a store keeps it, and what the hash covers)."""
    return {
        "action": entry.action,
        "object": entry.object,
        "outcome": entry.outcome,
        "actor": entry.actor,
        "at": None if entry.at is None else entry.at.isoformat(),
        "request_id": entry.request_id,
        "stored": dict(entry.stored),
        "detail": dict(entry.detail),
    }


def entry_of(doc: Mapping[str, Any]) -> AuditEntry:
    """The entry of :func:`entry_doc`'s data."""
    at = doc.get("at")
    return AuditEntry(
        action=doc["action"],
        object=doc["object"],
        outcome=doc["outcome"],
        actor=doc.get("actor"),
        at=None if at is None else datetime.fromisoformat(at),
        request_id=doc.get("request_id"),
        stored=doc.get("stored") or {},
        detail=doc.get("detail") or {},
    )


def record_hash(
    organization: str, seq: int, recorded_at: datetime, entry: AuditEntry, prev: str
) -> str:
    """The hash that chains a record: SHA-256 over its canonical form, ``prev`` included."""
    doc = {
        "organization": organization,
        "seq": seq,
        "recorded_at": recorded_at.isoformat(),
        "prev": prev,
        **entry_doc(entry),
    }
    return hashlib.sha256(canonical(doc).encode("utf-8")).hexdigest()


def chain(
    organization: str,
    seq: int,
    recorded_at: datetime,
    entry: AuditEntry,
    prev: str,
) -> AuditRecord:
    """The record a store appends as number ``seq`` after a record whose hash is ``prev``."""
    if isinstance(seq, bool) or not isinstance(seq, int) or seq < 1:
        raise ValueError(f"seq must be an int from 1, got {seq!r}")
    if not isinstance(entry, AuditEntry):
        raise TypeError(f"entry must be an AuditEntry, got {type(entry).__name__}")
    if recorded_at.utcoffset() is None:
        raise ValueError(f"recorded_at must carry an offset, got {recorded_at!r}")
    digest = record_hash(organization, seq, recorded_at, entry, prev)
    return AuditRecord(seq, recorded_at, entry, prev, digest)


def event_item(
    stream: str, version: int, type_: str, at: datetime, actor: str | None, data: Mapping[str, Any]
) -> int:
    """One stored event's hash as a number, for a :class:`Digest`."""
    doc = {
        "stream": stream,
        "version": version,
        "type": type_,
        "at": at.isoformat(),
        "actor": actor,
        "data": data,
    }
    return _item(doc)


def history_item(number: int, kind: str, ident: str, record: Mapping[str, Any]) -> int:
    """One registry history entry's hash as a number, for a :class:`Digest`."""
    doc = {"number": number, "kind": kind, "ident": ident, "record": record}
    return _item(doc)


def _item(doc: Mapping[str, Any]) -> int:
    text = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest(), "big")


class Digest:
    """A sum of item hashes modulo 2**256 and their count: the same for a set in any order."""

    __slots__ = ("count", "total")

    def __init__(self) -> None:
        self.count = 0
        self.total = 0

    def add(self, item: int) -> None:
        self.count += 1
        self.total = (self.total + item) % _MOD

    def hex(self) -> str:
        return f"{self.total:064x}"


REDACTED: Final = "sqmy_redacted"
"""The one key of a redacted history entry's record (:func:`tombstone`)."""


def tombstone(number: int, kind: str, ident: str, record: Mapping[str, Any]) -> dict[str, Any]:
    """What a history entry holding personal data becomes when that data is erased.

    The record is dropped; only the entry's own item hash
    (:func:`history_item`, as hex) is kept, so every claim that covered the
    entry still adds up -- ``sqmy audit verify`` takes the recorded hash in
    place of one it can no longer compute -- while nothing of the record
    remains to be read, restored or backed up.  That the hash is the
    original's is vouched for by the claim alone; that the entry may be a
    tombstone at all, by a later record whose ``stored`` lists it as
    ``redacted`` (see :mod:`sqmy_core.workspace.audit_verify`).
    """
    if is_tombstone(record):
        return dict(record)  # already redacted: the original's hash is the one it keeps
    return {REDACTED: {"sha256": f"{history_item(number, kind, ident, record):064x}"}}


def is_tombstone(record: Mapping[str, Any]) -> bool:
    """Whether a history entry's record is a :func:`tombstone` (well formed)."""
    if set(record) != {REDACTED}:
        return False
    kept = record[REDACTED]
    if not isinstance(kept, Mapping) or set(kept) != {"sha256"}:
        return False
    digest = kept["sha256"]
    return isinstance(digest, str) and len(digest) == 64 and _is_hex(digest)


def tombstone_item(record: Mapping[str, Any]) -> int:
    """The item hash a :func:`tombstone` keeps (call only on one)."""
    return int(record[REDACTED]["sha256"], 16)


def holds_any(record: Mapping[str, Any], keys: Sequence[str]) -> bool:
    """Whether a registry record holds any of ``keys`` (what a redaction looks for)."""
    return any(key in record for key in keys)


def _is_hex(text: str) -> bool:
    return all(c in "0123456789abcdef" for c in text)


def redactions(
    kind: str, entries: Iterable[tuple[int, str, Mapping[str, Any]]], keys: Sequence[str]
) -> list[RegistryChange]:
    """The tombstones of the history entries ``(number, ident, record)`` of one kind that hold
    any of ``keys`` (not yet redacted), as :class:`RegistryChange` in the order given: what
    :meth:`~sqmy_core.storage.EventStore.redact_history` writes, the same on every backend."""
    return [
        RegistryChange(number, kind, ident, tombstone(number, kind, ident, record))
        for number, ident, record in entries
        if not is_tombstone(record) and holds_any(record, keys)
    ]
