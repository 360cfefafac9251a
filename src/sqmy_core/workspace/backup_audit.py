"""The audit chain and the registry's history in a backup (``sqmy-backup/2``): write, check, restore.

A backup keeps both as they are: every audit record with its number, the
store's time, its entry, ``prev`` and ``hash``, and every registry history
entry.  Restoring appends the records again with their own store time
(:meth:`~sqmy_core.storage.EventStore.append_audit` ``recorded_at``), so
each hash comes out as it was -- a record whose hash does not is refused,
nothing restored: the backup was edited -- and ``sqmy audit verify`` holds
on the restored store exactly when it held on the one backed up.

The registry is restored by replaying its history, put by put, which also
rebuilds each record's current state and the registry's order.  Records
kept before the history began (a store written before schema 4) have no
history entry; they are put first, and so get the first history numbers
(such a restore is faithful in content, but its history numbers, and so
its claims, differ from the store backed up: verify it before backing up).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final

from sqmy_core.errors import BackupError, Problem
from sqmy_core.storage import EventStore, RegistryKind
from sqmy_core.storage.audit import entry_doc, entry_of
from sqmy_core.storage.audit_began import begin_audit

FORMAT_1: Final = "sqmy-backup/1"
"""The format before the chain was kept (read, never written)."""

AUDIT_KEYS: Final = ("audit", "registry_history")
"""The top-level lists ``sqmy-backup/2`` adds to ``sqmy-backup/1``."""

_RECORD: Final = ("seq", "recorded_at", "entry", "prev", "hash")
_CHANGE: Final = ("number", "kind", "ident", "record")
_ENTRY: Final = ("action", "object", "outcome", "actor", "at", "request_id", "stored", "detail")


def audit_docs(store: EventStore) -> dict[str, list[dict[str, Any]]]:
    """The store's chain and registry history as backup lists."""
    return {
        "audit": [
            {
                "seq": r.seq,
                "recorded_at": r.recorded_at.isoformat(),
                "entry": entry_doc(r.entry),
                "prev": r.prev,
                "hash": r.hash,
            }
            for r in store.audit_records()
        ],
        "registry_history": [
            {"number": c.number, "kind": c.kind, "ident": c.ident, "record": dict(c.record)}
            for c in store.registry_history()
        ],
    }


def check_audit(doc: Mapping[str, Any], registry: Mapping[str, list[Any]]) -> list[Problem]:
    """Problems of a ``sqmy-backup/2`` document's audit lists (shape, numbering, and a history
    that puts the registry in the state and order the backup gives)."""
    problems: list[Problem] = []
    for n, r in enumerate(doc["audit"]):
        path = f"audit[{n}]"
        problems += _shape(r, path, _RECORD)
        if problems:
            continue
        if r["seq"] != n + 1:
            problems.append(Problem(f"{path}.seq", "backup_version_gap", {"found": r["seq"]}))
        problems += _shape(r["entry"], f"{path}.entry", _ENTRY)
        if not problems:
            try:
                entry_of(r["entry"])
                _time(r["recorded_at"])
            except (TypeError, ValueError, KeyError):
                problems.append(Problem(path, "backup_record"))
    latest: dict[str, dict[str, Any]] = {}
    for n, c in enumerate(doc["registry_history"]):
        path = f"registry_history[{n}]"
        problems += _shape(c, path, _CHANGE)
        if problems:
            continue
        if c["number"] != n + 1:
            problems.append(Problem(f"{path}.number", "backup_version_gap", {"found": c["number"]}))
        if not isinstance(c["record"], dict) or c["kind"] not in registry:
            problems.append(Problem(path, "backup_record"))
            continue
        latest.setdefault(c["kind"], {})[c["ident"]] = c["record"]
    if problems:
        return problems
    for kind, records in registry.items():
        # a record with history must be as its last entry left it (one without: kept before it)
        told = latest.get(kind, {})
        now = {r.get("id"): r for r in records}
        if any(now.get(ident) != record for ident, record in told.items()):
            problems.append(Problem(f"registry.{kind}", "backup_history_mismatch"))
    return problems


def _shape(item: Any, path: str, keys: tuple[str, ...]) -> list[Problem]:
    if not isinstance(item, dict):
        return [Problem(path, "wrong_type", {"expected": "object", "found": type(item).__name__})]
    missing = [Problem(f"{path}.{k}", "missing") for k in keys if k not in item]
    extra = [Problem(f"{path}.{k}", "unknown_key") for k in sorted(set(item) - set(keys))]
    return missing + extra


def _time(text: str) -> datetime:
    at = datetime.fromisoformat(text)
    if at.utcoffset() is None:
        raise ValueError(text)
    return at


def restore_registry(
    store: EventStore, checked: Mapping[str, Any], kinds: tuple[RegistryKind, ...]
) -> None:
    """Records without history first, then the history put by put (see the module docstring)."""
    history = checked.get("registry_history", [])
    told = {(c["kind"], c["ident"]) for c in history}
    for kind in kinds:
        for record in checked["registry"][kind]:
            if (kind, record["id"]) not in told:
                store.put(kind, record["id"], record)
    for c in history:
        store.put(c["kind"], c["ident"], c["record"])


def restore_chain(store: EventStore, checked: Mapping[str, Any], source: str) -> None:
    """Append every record with its own store time; each must come out with its own hash.

    A ``sqmy-backup/1`` document has no chain: the restored store gets the
    one record that vouches for everything restored
    (:func:`~sqmy_core.storage.audit_began.begin_audit`), as a store
    migrated from before the chain does.
    """
    if checked.get("format") == FORMAT_1:
        begin_audit(store, FORMAT_1)
        return
    for n, r in enumerate(checked.get("audit", [])):
        again = store.append_audit(entry_of(r["entry"]), recorded_at=_time(r["recorded_at"]))
        if again.hash != r["hash"] or again.prev != r["prev"]:
            raise BackupError([Problem(f"audit[{n}].hash", "backup_audit_hash", {})], source)
