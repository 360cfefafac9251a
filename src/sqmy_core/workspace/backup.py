"""Lossless backup and restore of one organization's store: ``sqmy-backup/2`` (``/1`` still read).

``export`` is the contract's view (``sqmy-dataset/1``): it folds streams
into records and leaves out what the contract has no place for (planned
routes, 五关 checks, withdrawn pieces, clues, notifications).  A backup is
the store itself: every stream's internal events in the global order they
were written, every idempotency key with the versions it covers and the
fingerprint of the request it is bound to, the
registry (units, people, calls, clues, each in insertion order), every
ruleset version and the outbox with its delivery state.  Restored into an
empty store and backed up again it gives the same bytes, on every backend:
the document is written with sorted keys, and lists are in the store's own
order, never in an order a database chose (positions and outbox ids, which
differ between backends, are not kept -- only their order is).

The registry keeps each record as it is now (registering a record again
replaces it) and its history keeps every state; the history of a piece is
its events, kept whole.  ``sqmy-backup/2`` adds the audit chain and the
registry's history (:mod:`sqmy_core.workspace.backup_audit`); a ``/1``
backup restores with neither.

Restoring is one transaction into a store that must be empty: all of it,
or nothing.  The document is user input, so it is checked first
(:mod:`sqmy_core.workspace.backup_check`), every problem named by its path.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqmy_core.errors import BackupError, ConcurrencyConflict, Problem
from sqmy_core.rules import Ruleset
from sqmy_core.storage import EventStore, NewEvent, Notification, RulesetVersion
from sqmy_core.workspace.backup_audit import audit_docs, restore_chain, restore_registry
from sqmy_core.workspace.backup_check import FORMAT, KINDS, check_backup

__all__ = ["FORMAT", "backup_doc", "backup_text", "dumps", "is_empty", "restore"]


def backup_doc(store: EventStore) -> dict[str, Any]:
    """Everything the store holds for its organization, as one JSON-ready document."""
    events = list(store.scan())
    keys = []
    for key in store.idempotency_keys():
        done = store.recall(key)
        if done is not None and done.events:
            first, last = done.events[0], done.events[-1]
            keys.append(
                {
                    "key": key,
                    "stream": first.stream,
                    "first_version": first.version,
                    "last_version": last.version,
                    "fingerprint": done.fingerprint,
                }
            )
    return {
        "format": FORMAT,
        "organization": store.organization,
        "ruleset_versions": [_version_doc(v) for v in store.ruleset_versions()],
        "registry": {kind: [dict(r) for r in store.list(kind)] for kind in KINDS},
        "events": [
            {
                "stream": e.stream,
                "version": e.version,
                "type": e.type,
                "at": e.at.isoformat(),
                "actor": e.actor,
                "data": dict(e.data),
            }
            for e in events
        ],
        "idempotency": keys,
        "outbox": [
            {
                "channel": i.channel,
                "key": i.notification.key,
                "kind": i.notification.kind,
                "recipients": list(i.notification.recipients),
                "subject": i.notification.subject,
                "body": i.notification.body,
                "created_at": i.notification.created_at.isoformat(),
                "piece": i.notification.piece,
                "data": dict(i.notification.data),
                "attempts": i.attempts,
                "next_attempt_at": i.next_attempt_at.isoformat(),
                "delivered_at": None if i.delivered_at is None else i.delivered_at.isoformat(),
                "last_error": i.last_error,
            }
            for i in store.outbox()
        ],
        **audit_docs(store),
    }


def backup_text(store: EventStore) -> str:
    """The store's backup as text (see :func:`dumps`)."""
    return dumps(backup_doc(store))


def dumps(doc: Mapping[str, Any]) -> str:
    """A backup document as text: sorted keys, one space indent, Chinese as text, a final newline."""
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def _version_doc(v: RulesetVersion) -> dict[str, Any]:
    return {
        "number": v.number,
        "text": v.text,
        "source": v.source,
        "sha256": v.sha256,
        "actor": v.actor,
        "applied_at": None if v.applied_at is None else v.applied_at.isoformat(),
        "effective_from": None if v.effective_from is None else v.effective_from.isoformat(),
    }


def is_empty(store: EventStore) -> bool:
    """Nothing at all for the store's organization (what restore requires)."""
    return not (
        store.streams()
        or store.ruleset_versions()
        or store.outbox()
        or store.idempotency_keys()
        or any(store.list(kind) for kind in KINDS)
        or store.audit_marks() != (0, 0)
    )


def restore(
    store: EventStore, doc: Any, source: str, *, rulesets: Sequence[Ruleset] = ()
) -> dict[str, int]:
    """Write a checked backup into an empty store in one transaction; counts of what was restored.

    ``rulesets``: rulesets the backed-up store's commands ran under without
    being put in force (see :func:`~sqmy_core.workspace.backup_check.check_backup`).
    """
    checked = check_backup(doc, source, store.organization, rulesets)
    with store.transaction():
        if not is_empty(store):
            raise BackupError(
                [Problem("", "backup_target_not_empty", {"organization": store.organization})],
                source,
            )
        for v in checked["ruleset_versions"]:
            store.add_ruleset_version(
                v["text"],
                v["source"],
                sha256=v["sha256"],
                actor=v["actor"],
                applied_at=_time(v["applied_at"]),
                effective_from=None
                if v["effective_from"] is None
                else date.fromisoformat(v["effective_from"]),
            )
        restore_registry(store, checked, KINDS)
        _restore_events(store, checked["events"], checked["idempotency"], source)
        _restore_outbox(store, checked["outbox"])
        restore_chain(store, checked, source)
    return {
        "versions": len(checked["ruleset_versions"]),
        "records": sum(len(checked["registry"][k]) for k in KINDS),
        "events": len(checked["events"]),
        "notifications": len(checked["outbox"]),
        "audit": len(checked["audit"]),
    }


def _time(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def _restore_events(
    store: EventStore,
    events: list[Mapping[str, Any]],
    keys: list[Mapping[str, Any]],
    source: str,
) -> None:
    """Append in the backup's order: a key's range as one append with its key, other runs of one
    stream as one append each (so the global order comes back as it was)."""
    starts = {(k["stream"], k["first_version"]): k for k in keys}
    i = 0
    while i < len(events):
        head = events[i]
        key = starts.get((head["stream"], head["version"]))
        j = i + 1
        if key is not None:
            j = i + key["last_version"] - key["first_version"] + 1
        else:
            while (
                j < len(events)
                and events[j]["stream"] == head["stream"]
                and (events[j]["stream"], events[j]["version"]) not in starts
            ):
                j += 1
        batch = events[i:j]
        new = [
            NewEvent(e["type"], datetime.fromisoformat(e["at"]), e["actor"], e["data"])
            for e in batch
        ]
        try:
            store.append(
                head["stream"],
                head["version"] - 1,
                new,
                idempotency_key=None if key is None else key["key"],
                fingerprint=None if key is None else key["fingerprint"],
            )
        except ConcurrencyConflict:
            raise BackupError(
                [Problem(f"events[{i}].version", "backup_version_gap", {"found": head["version"]})],
                source,
            ) from None
        i = j


def _restore_outbox(store: EventStore, items: list[Mapping[str, Any]]) -> None:
    """Queue every item in order, then replay its delivery state through the store's own marks."""
    i = 0
    while i < len(items):
        j = i
        while j < len(items) and items[j]["channel"] == items[i]["channel"]:
            j += 1
        store.enqueue(items[i]["channel"], [_notification(item) for item in items[i:j]])
        i = j
    for stored, item in zip(store.outbox(), items, strict=True):
        delivered = _time(item["delivered_at"])
        for _ in range(item["attempts"] - (1 if delivered else 0)):
            retry = _time(item["next_attempt_at"])
            assert retry is not None
            store.mark_failed(stored.id, retry, item["last_error"] or "", retry)
        if delivered is not None:
            store.mark_delivered(stored.id, delivered)


def _notification(item: Mapping[str, Any]) -> Notification:
    created = _time(item["created_at"])
    assert created is not None
    return Notification(
        key=item["key"],
        kind=item["kind"],
        recipients=tuple(item["recipients"]),
        subject=item["subject"],
        body=item["body"],
        created_at=created,
        piece=item["piece"],
        data=item["data"],
    )
