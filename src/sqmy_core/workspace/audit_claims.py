"""What an audit record says a command stored: the ``stored`` claims, and how each is made.

A claim is a digest of rows as the store keeps them, so that
``sqmy audit verify`` can recompute it from the events, registry history
and ruleset tables alone (:mod:`sqmy_core.workspace.audit_verify`).  The
keys of ``stored``, each optional:

``events``
    ``{"stream", "first", "last", "sha256"}``: the events a command appended
    to one stream, versions ``first`` to ``last``.
``streams``
    ``{"first", "last", "events", "sha256"}``: every event of the streams an
    import started -- the ``first``-th to the ``last``-th stream in the order
    streams were started (1-based), ``events`` of them.
``history``
    ``{"first", "last", "sha256"}``: registry history entries ``first`` to
    ``last`` (a register command's one put, or an import's records).
``ruleset``
    ``{"number", "sha256"}``: the ruleset version applied, and its text's digest.
``notifications``
    how many notifications a reminder run queued (a count, not a claim: the
    outbox is delivery state, changed by every delivery).
``rulesets``
    ``[{"number", "sha256"}, ...]``: several ruleset versions at once (the
    ``audit_began`` record of a store kept before the chain).
``redacted``
    ``[{"kind", "ident", "numbers"}, ...]``: the earlier history entries of
    a record a command redacted (an erased or expired contact;
    :meth:`~sqmy_core.storage.EventStore.redact_history`).  Not a digest:
    the entries' own claims still cover them, through the hash each
    tombstone keeps; this is what makes a tombstone there legitimate.

``sha256`` is a :class:`~sqmy_core.storage.audit.Digest` (a sum of item
hashes), so the same rows give the same digest in whatever order they are
read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqmy_core.storage import EventStore, RegistryChange, RulesetVersion, StoredEvent
from sqmy_core.storage.audit import Digest, event_item, history_item, is_tombstone, tombstone_item


def event_hash(e: StoredEvent) -> int:
    """One stored event's item hash."""
    return event_item(e.stream, e.version, e.type, e.at, e.actor, e.data)


def change_hash(c: RegistryChange) -> int:
    """One registry history entry's item hash (a tombstone's: the hash it keeps)."""
    if is_tombstone(c.record):
        return tombstone_item(c.record)
    return history_item(c.number, c.kind, c.ident, c.record)


def redacted_claim(done: Iterable[RegistryChange]) -> dict[str, Any]:
    """The claim of a command's redactions, the entries it made tombstones of (none: no claim)."""
    numbers: dict[tuple[str, str], list[int]] = {}
    for c in done:
        numbers.setdefault((c.kind, c.ident), []).append(c.number)
    listed = [{"kind": k, "ident": i, "numbers": n} for (k, i), n in numbers.items()]
    return {"redacted": listed} if listed else {}


def events_claim(events: Iterable[StoredEvent]) -> dict[str, Any]:
    """The claim of one append's events (one stream, consecutive versions)."""
    listed = list(events)
    if not listed:
        return {}
    digest = Digest()
    for e in listed:
        digest.add(event_hash(e))
    return {
        "events": {
            "stream": listed[0].stream,
            "first": listed[0].version,
            "last": listed[-1].version,
            "sha256": digest.hex(),
        }
    }


def history_claim(changes: Iterable[RegistryChange]) -> dict[str, Any]:
    """The claim of consecutive registry history entries (none: no claim)."""
    listed = list(changes)
    if not listed:
        return {}
    digest = Digest()
    for c in listed:
        digest.add(change_hash(c))
    return {
        "history": {"first": listed[0].number, "last": listed[-1].number, "sha256": digest.hex()}
    }


def put_claim(number: int, kind: str, ident: str, record: Mapping[str, Any]) -> dict[str, Any]:
    """The claim of one put (history entry ``number``)."""
    return history_claim([RegistryChange(number, kind, ident, record)])


def ruleset_claim(version: RulesetVersion) -> dict[str, Any]:
    return {"ruleset": {"number": version.number, "sha256": version.sha256}}


def import_claim(store: EventStore, streams_before: int, history_before: int) -> dict[str, Any]:
    """What an import stored, read back inside its transaction: the streams it started
    (those after the first ``streams_before``) and the history after ``history_before``.

    An import only starts new streams, and while its transaction holds the
    write lock nothing else writes: every event after the first new
    stream's first one is the import's.
    """
    claim = history_claim(store.registry_history(after=history_before))
    new = store.streams()[streams_before:]
    if not new:
        return claim
    wanted = set(new)
    start = store.read(new[0])[0].position - 1
    digest = Digest()
    for e in store.scan(after_position=start):
        if e.stream in wanted:
            digest.add(event_hash(e))
    claim["streams"] = {
        "first": streams_before + 1,
        "last": streams_before + len(new),
        "events": digest.count,
        "sha256": digest.hex(),
    }
    return claim
