"""Audit began here: one record that vouches for what a store held before it had a chain.

A store written before schema 4 (or restored from ``sqmy-backup/1``) holds
events, registry records and ruleset versions that no audit record
covers, so ``sqmy audit verify`` would report each of them as unrecorded.
:func:`begin_audit` appends one record, action :data:`BEGAN`, whose
``stored`` claims everything present at that moment -- every event of
every stream (a ``streams`` claim over all of them), the whole registry
history and every ruleset version (``rulesets``) -- with the same "sum"
digests every other claim uses (:mod:`sqmy_core.workspace.audit_claims`).
From then on verify passes on the upgraded store and still catches a
later edit of any of those older rows: the record fixes them as they were.

It is written once, where the chain begins, and never later: at the
migration that creates the chain (the SQLite store's and the SQLAlchemy
plugin's migration to schema 4, inside the migration's own transaction),
and at the restore of a ``/1`` backup (inside the restore's).  Not on the
first write of any store whose chain is empty: a chain deleted behind the
library's back would be vouched for again, and the rows it covered with it.

Registry records kept before the history existed have no history entry;
each is put once more first (its current state becomes its first history
entry), so the registry pass of verify finds every record as its latest
entry left it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, get_args

from sqmy_core.storage.audit import (
    OK,
    AuditEntry,
    AuditRecord,
    Digest,
    event_item,
    history_item,
    is_tombstone,
    tombstone_item,
)
from sqmy_core.storage.store import EventStore, RegistryKind

__all__ = ["BEGAN", "began_claim", "begin_audit"]

BEGAN: Final = "audit_began"
"""The action of the record that vouches for everything kept before the chain."""

_KINDS: Final[tuple[RegistryKind, ...]] = get_args(RegistryKind)


def begin_audit(store: EventStore, since: str) -> AuditRecord | None:
    """Vouch for everything the store holds, when its chain is empty; the record, or None.

    None when the chain already has a record or the store holds nothing.
    ``since`` says where the rows came from (``schema 3``,
    ``sqmy-backup/1``), kept in the record's ``detail``.  All in one
    transaction (joining the caller's).
    """
    with store.transaction():
        if store.audit_marks()[0] != 0:
            return None
        _put_unhistoried(store)
        stored = began_claim(store)
        if not stored:
            return None
        entry = AuditEntry(
            BEGAN, f"organization:{store.organization}", OK, stored=stored, detail={"since": since}
        )
        return store.append_audit(entry)


def _put_unhistoried(store: EventStore) -> None:
    """Give each registry record its latest state as a history entry where it has none."""
    latest: dict[tuple[str, str], Mapping[str, Any]] = {}
    for c in store.registry_history():
        latest[(c.kind, c.ident)] = c.record
    for kind in _KINDS:
        for record in store.list(kind):
            ident = record.get("id")
            if not isinstance(ident, str):  # not written by this library: left to verify
                continue
            kept = latest.get((kind, ident))
            if kept is None or dict(kept) != dict(record):
                store.put(kind, ident, record)


def began_claim(store: EventStore) -> dict[str, Any]:
    """The ``stored`` of a :data:`BEGAN` record: every event, history entry and ruleset version."""
    stored: dict[str, Any] = {}
    streams = store.streams()
    if streams:
        events = Digest()
        for e in store.scan():
            events.add(event_item(e.stream, e.version, e.type, e.at, e.actor, e.data))
        stored["streams"] = {
            "first": 1,
            "last": len(streams),
            "events": events.count,
            "sha256": events.hex(),
        }
    history = store.registry_history()
    if history:
        entries = Digest()
        for c in history:
            entries.add(
                tombstone_item(c.record)
                if is_tombstone(c.record)
                else history_item(c.number, c.kind, c.ident, c.record)
            )
        stored["history"] = {
            "first": history[0].number,
            "last": history[-1].number,
            "sha256": entries.hex(),
        }
    versions = store.ruleset_versions()
    if versions:
        stored["rulesets"] = [{"number": v.number, "sha256": v.sha256} for v in versions]
    return stored
