"""Checking an organization's audit chain against the tables it vouches for: :func:`verify`.

Reads only.  Three passes, each naming what it finds by the audit record
concerned (``audit[12]``) or the row no record vouches for:

1. **The chain.**  Numbers run 1, 2, 3 ... without a gap, each record's
   ``prev`` is the hash of the one before, and each hash is recomputed
   (:func:`sqmy_core.storage.audit.record_hash`): an edited, deleted,
   inserted or renumbered record breaks it where it stands.  Against a
   checkpoint (:func:`checkpoint`, kept elsewhere) the record it names must
   still be there with the same hash: a chain cut short, or rewritten
   whole, is caught too.
2. **The events.**  Every event is vouched for by exactly one claim of a
   successful command (:mod:`sqmy_core.workspace.audit_claims`), stream
   versions run without a gap, and each claim's digest is recomputed from
   the events as stored: an edited event (a reviewer changed to the
   author), a deleted one, an inserted one, a jumped version, all fail.
3. **The registry and the rulesets.**  Every history entry is claimed and
   matches its claim; the registry holds each record as its latest history
   entry put it, and nothing else; every ruleset version is the one its
   record applied (same number, same digest, text matching the digest).
   A redacted entry (a :func:`~sqmy_core.storage.audit.tombstone`: an
   erased contact) counts with the hash it keeps, but only where a later
   successful record lists it as ``redacted``; anywhere else it is an edit
   like any other (``audit_redaction_unrecorded``, and its claim fails).

Without a checkpoint, someone able to write the database and to recompute
SHA-256 could rewrite the chain from the start; the checkpoint, exported
to a place they cannot write, is what fixes the past.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Mapping
from typing import Any, Final

from attrs import field, frozen

from sqmy_core.errors import Problem
from sqmy_core.model._convert import as_tuple
from sqmy_core.storage import AuditRecord, EventStore
from sqmy_core.storage.audit import (
    GENESIS,
    OK,
    Digest,
    history_item,
    is_tombstone,
    record_hash,
)
from sqmy_core.storage.checks import text_sha256
from sqmy_core.workspace.audit_claims import change_hash, event_hash
from sqmy_core.workspace.backup_check import KINDS

CHECKPOINT_FORMAT: Final = "sqmy-audit-checkpoint/1"


@frozen
class Checkpoint:
    """An organization's chain as it stood: its last record's number and hash."""

    organization: str
    seq: int
    hash: str

    def doc(self) -> dict[str, Any]:
        return {
            "format": CHECKPOINT_FORMAT,
            "organization": self.organization,
            "seq": self.seq,
            "hash": self.hash,
        }


@frozen
class Verification:
    """What :func:`verify` read and what it found (no problems: the chain holds)."""

    organization: str
    records: int
    events: int
    history: int
    last: Checkpoint
    problems: tuple[Problem, ...] = field(converter=as_tuple)

    @property
    def ok(self) -> bool:
        return not self.problems


def checkpoint(store: EventStore) -> Checkpoint:
    """The chain's last record now (number 0 and the genesis hash for an empty chain)."""
    records = store.audit_records(after=max(store.audit_marks()[0] - 1, 0))
    last = records[-1] if records else None
    return Checkpoint(
        store.organization, 0 if last is None else last.seq, GENESIS if last is None else last.hash
    )


def verify(store: EventStore, against: Checkpoint | None = None) -> Verification:
    """Check the store's chain and what it vouches for; every problem found, each named."""
    records = store.audit_records()
    problems = list(_chain(store.organization, records))
    if against is not None:
        problems += _against(records, against)
    claims = _Claims(records)
    problems += claims.events(store)
    problems += claims.registry(store)
    problems += claims.rulesets(store)
    problems += claims.unmatched()
    last = records[-1] if records else None
    return Verification(
        store.organization,
        len(records),
        claims.event_count,
        claims.history_count,
        Checkpoint(
            store.organization,
            0 if last is None else last.seq,
            GENESIS if last is None else last.hash,
        ),
        problems,
    )


def _path(seq: int) -> str:
    return f"audit[{seq}]"


def _chain(organization: str, records: list[AuditRecord]) -> Iterator[Problem]:
    expected, prev = 1, GENESIS
    for r in records:
        if r.seq != expected:
            yield Problem(_path(r.seq), "audit_seq_gap", {"expected": expected, "found": r.seq})
        if r.prev != prev:
            yield Problem(_path(r.seq), "audit_prev_mismatch", {})
        if record_hash(organization, r.seq, r.recorded_at, r.entry, r.prev) != r.hash:
            yield Problem(_path(r.seq), "audit_hash_mismatch", {"action": r.entry.action})
        expected, prev = r.seq + 1, r.hash


def _against(records: list[AuditRecord], point: Checkpoint) -> list[Problem]:
    if point.seq == 0:
        return []
    found = next((r for r in records if r.seq == point.seq), None)
    if found is None:
        last = records[-1].seq if records else 0
        return [Problem(_path(point.seq), "audit_truncated", {"last": last})]
    if found.hash != point.hash:
        return [Problem(_path(point.seq), "audit_checkpoint_mismatch", {})]
    return []


class _Claims:
    """The successful records' claims, indexed for one pass over each table."""

    def __init__(self, records: list[AuditRecord]) -> None:
        self.ranges: dict[str, list[tuple[int, int, int]]] = {}  # stream -> (first, last, seq)
        self.imports: list[tuple[int, int, int]] = []  # (first stream, last stream, seq)
        self.history: list[tuple[int, int, int]] = []  # (first, last, seq)
        self.applied: dict[int, tuple[int, str]] = {}  # number -> (seq, sha256)
        self.redacted: dict[int, tuple[int, str, str]] = {}  # history number -> (seq, kind, ident)
        self.wanted: dict[tuple[int, str], Mapping[str, Any]] = {}
        self.found: dict[tuple[int, str], Digest] = {}
        self.event_count = 0
        self.history_count = 0
        for r in records:
            if r.entry.outcome != OK:
                continue
            stored = r.entry.stored
            for part in ("events", "streams", "history"):
                claim = stored.get(part)
                if isinstance(claim, Mapping):
                    self._index(r.seq, part, claim)
            ruleset = stored.get("ruleset")
            for applied in [ruleset] if ruleset is not None else stored.get("rulesets", ()):
                if isinstance(applied, Mapping):
                    self.applied[int(applied["number"])] = (r.seq, str(applied["sha256"]))
            for done in stored.get("redacted", ()):
                if isinstance(done, Mapping) and isinstance(done.get("numbers"), list):
                    named = (r.seq, str(done.get("kind")), str(done.get("ident")))
                    self.redacted.update((int(n), named) for n in done["numbers"])

    def _index(self, seq: int, part: str, claim: Mapping[str, Any]) -> None:
        self.wanted[(seq, part)] = claim
        self.found[(seq, part)] = Digest()
        span = (int(claim["first"]), int(claim["last"]), seq)
        if part == "events":
            self.ranges.setdefault(str(claim["stream"]), []).append(span)
        elif part == "streams":
            self.imports.append(span)
        else:
            self.history.append(span)

    def events(self, store: EventStore) -> Iterator[Problem]:
        index = {s: n for n, s in enumerate(store.streams(), 1)}
        self.imports.sort()
        for spans in self.ranges.values():
            spans.sort()
        last: dict[str, int] = {}
        for e in store.scan():
            self.event_count += 1
            where = f"events[{e.stream!r}@{e.version}]"
            before = last.get(e.stream, 0)
            if e.version != before + 1:
                yield Problem(where, "audit_version_gap", {"expected": before + 1})
            last[e.stream] = e.version
            seq, part = _covering(self.ranges.get(e.stream, ()), e.version), "events"
            if seq is None:
                seq, part = _covering(self.imports, index.get(e.stream, 0)), "streams"
            if seq is None:
                yield Problem(where, "audit_event_unrecorded", {})
                continue
            self.found[(seq, part)].add(event_hash(e))

    def registry(self, store: EventStore) -> Iterator[Problem]:
        self.history.sort()
        latest: dict[tuple[str, str], tuple[int, Mapping[str, Any]]] = {}
        expected = 1
        for c in store.registry_history():
            self.history_count += 1
            where = f"registry_history[{c.number}]"
            if c.number != expected:
                yield Problem(where, "audit_history_gap", {"expected": expected})
            expected = c.number + 1
            latest[(c.kind, c.ident)] = (c.number, c.record)
            seq = _covering(self.history, c.number)
            if seq is None:
                yield Problem(where, "audit_history_unrecorded", {})
                continue
            item = change_hash(c)
            if is_tombstone(c.record):
                by = self.redacted.get(c.number)
                if by is None or by[0] <= seq or by[1:] != (c.kind, c.ident):
                    yield Problem(where, "audit_redaction_unrecorded", {"record": _path(seq)})
                    item = history_item(c.number, c.kind, c.ident, c.record)  # as it stands
            self.found[(seq, "history")].add(item)
        for kind in KINDS:
            for record in store.list(kind):
                ident = str(record.get("id"))
                where = f"registry[{kind}:{ident}]"
                kept = latest.pop((kind, ident), None)
                if kept is None:
                    yield Problem(where, "audit_record_unrecorded", {})
                elif dict(kept[1]) != dict(record):
                    yield Problem(where, "audit_record_changed", {"number": kept[0]})
        for (kind, ident), (number, _) in latest.items():
            where = f"registry[{kind}:{ident}]"
            yield Problem(where, "audit_record_missing", {"number": number})

    def rulesets(self, store: EventStore) -> Iterator[Problem]:
        numbers = set()
        for v in store.ruleset_versions():
            numbers.add(v.number)
            claim = self.applied.get(v.number)
            where = f"ruleset_versions[{v.number}]"
            if claim is None:
                yield Problem(where, "audit_ruleset_unrecorded", {})
            elif not claim[1] == v.sha256 == text_sha256(v.text):
                yield Problem(_path(claim[0]), "audit_ruleset_changed", {"number": v.number})
        for number, (seq, _) in sorted(self.applied.items()):
            if number not in numbers:
                yield Problem(_path(seq), "audit_ruleset_missing", {"number": number})

    def unmatched(self) -> Iterator[Problem]:
        """Each claim whose rows, as stored now, do not give the digest it recorded."""
        for (seq, part), claim in sorted(self.wanted.items()):
            digest = self.found[(seq, part)]
            if digest.hex() == claim["sha256"]:
                continue
            params: dict[str, Any] = {"first": claim["first"], "last": claim["last"]}
            if part == "events":
                params["stream"] = repr(claim["stream"])
                params["expected"] = int(claim["last"]) - int(claim["first"]) + 1
            elif part == "streams":
                params["expected"] = claim["events"]
            else:
                params["expected"] = int(claim["last"]) - int(claim["first"]) + 1
            yield Problem(_path(seq), f"audit_{part}_changed", {**params, "found": digest.count})


def _covering(spans: Any, value: int) -> int | None:
    """The record number of the span ``(first, last, seq)`` holding ``value``, or None."""
    if not spans:
        return None
    if len(spans) < 8:
        return next((seq for first, last, seq in spans if first <= value <= last), None)
    at = bisect.bisect_right(spans, (value, float("inf"), 0)) - 1
    if at >= 0 and spans[at][0] <= value <= spans[at][1]:
        return int(spans[at][2])
    return None
