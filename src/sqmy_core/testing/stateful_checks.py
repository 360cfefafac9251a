"""What the workspace state machine (:mod:`.stateful`) checks, as plain functions over stores.

Kept apart from the machine so that each check reads as the rule it
holds a store to:

- :func:`snapshot` -- everything a store holds for its organization except
  the audit chain: the streams, the registry and its history, the
  idempotency keys, the ruleset versions and the outbox.  A refused command
  must leave it equal and add exactly one audit record, with the refusal's
  code as its outcome (:func:`check_refused`);
- :func:`check_piece` -- a piece's stream is legal under the ruleset: versions
  1..n, a status and level the ruleset knows, the events in time order, and each event done by someone who could: no author reviews
  their own piece, the review levels' roles, staff-only records by staff;
- :func:`check_year` -- a year's assessment is the same on the store, on a
  second backend, on the export with its events shuffled, on a fresh store
  the export was imported into, and in the live standings.

Everything here asserts (it is test code, for this library's tests and the
plugins'); a message says which rule broke and where.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from itertools import pairwise
from typing import Any, get_args

from attrs import evolve, frozen

from sqmy_core import workflow
from sqmy_core.model import Dataset, Person
from sqmy_core.rules import Ruleset
from sqmy_core.scoring import Assessment, assess
from sqmy_core.scoring.standings import from_assessment
from sqmy_core.storage import AuditRecord, EventStore, StoredEvent
from sqmy_core.storage.audit import OK, REPEATED
from sqmy_core.workflow import PieceState
from sqmy_core.workflow.permissions import STAFF_ROLE
from sqmy_core.workflow.state import Status
from sqmy_core.workspace.backup_check import KINDS
from sqmy_core.workspace.workspace import Workspace

STAFF_EVENTS = frozenset({"dispatched", "adopted", "instructed", "handled", "penalized"})
"""Events only role ``staff`` records (:mod:`sqmy_core.workflow.permissions`)."""
REVIEW_EVENTS = frozenset({"reviewed", "approved", "returned", "rejected"})
"""Events of a review level's decision: by the level's role, never by an author."""
AUTHOR_EVENTS = frozenset({"resubmitted", "withdrawn"})
"""Events only an author of the piece makes."""


@frozen
class Snapshot:
    """A store's content for its organization, the audit chain aside (compared whole)."""

    streams: Mapping[str, tuple[StoredEvent, ...]]
    registry: Mapping[str, tuple[Mapping[str, Any], ...]]
    history: tuple[Any, ...]
    keys: tuple[str, ...]
    rulesets: tuple[Any, ...]
    outbox: tuple[Any, ...]


def streams(store: EventStore) -> dict[str, tuple[StoredEvent, ...]]:
    """Every stream's events, in one read (:meth:`~sqmy_core.storage.EventStore.scan`)."""
    found: dict[str, list[StoredEvent]] = {}
    for ev in store.scan():
        found.setdefault(ev.stream, []).append(ev)
    return {s: tuple(sorted(evs, key=lambda e: e.version)) for s, evs in found.items()}


def snapshot(store: EventStore) -> Snapshot:
    """Read everything but the audit chain (reading writes nothing)."""
    return Snapshot(
        streams=streams(store),
        registry={kind: tuple(dict(d) for d in store.list(kind)) for kind in KINDS},
        history=tuple(store.registry_history()),
        keys=tuple(sorted(store.idempotency_keys())),
        rulesets=tuple(store.ruleset_versions()),
        outbox=tuple(store.outbox()),
    )


def audit_count(store: EventStore) -> int:
    return store.audit_marks()[0]


def new_audit(store: EventStore, before: int) -> list[AuditRecord]:
    """The audit records added since there were ``before``."""
    return store.audit_records(after=before)


def check_refused(
    store: EventStore, before: Snapshot, audit_before: int, codes: list[str], what: str
) -> None:
    """A refused command changed nothing but the one audit record of its refusal."""
    after = snapshot(store)
    for part in ("streams", "registry", "history", "keys", "rulesets", "outbox"):
        assert getattr(after, part) == getattr(before, part), f"refused {what} changed {part}"
    added = new_audit(store, audit_before)
    assert len(added) == 1, f"refused {what} left {len(added)} audit records, not one"
    outcome = added[0].entry.outcome
    assert outcome not in (OK, REPEATED), f"refused {what} was recorded as {outcome}"
    assert outcome == (codes[0] if codes else outcome), f"refused {what}: {outcome} != {codes}"


def check_done(store: EventStore, audit_before: int, what: str) -> None:
    """A command that did not fail left exactly one audit record, ``ok`` or ``repeated``."""
    added = new_audit(store, audit_before)
    assert len(added) == 1, f"{what} left {len(added)} audit records, not one"
    assert added[0].entry.outcome in (OK, REPEATED), f"{what}: {added[0].entry.outcome}"


def check_piece(
    ruleset: Ruleset,
    events: list[StoredEvent],
    roles_when: Mapping[tuple[str, int], frozenset[str]],
) -> PieceState:
    """The stream is legal; returns its fold.

    ``roles_when`` holds the actor's roles when each event was appended
    (stream, version), as the machine registered them: the registry may
    have changed a person's roles since.
    """
    assert events, "an empty stream"
    stream = events[0].stream
    assert [e.version for e in events] == list(range(1, len(events) + 1)), f"{stream}: versions"
    state = workflow.fold(ruleset, events)
    assert state.version == len(events), f"{stream}: version {state.version} != {len(events)}"
    assert state.status in get_args(Status), f"{stream}: status {state.status}"
    if ruleset.review is None:
        assert state.stage is None and state.status in ("accepted", "withdrawn"), stream
    else:
        assert state.stage is not None and 0 <= state.stage < len(ruleset.review.stages), stream
        assert state.status != "accepted", stream
    for ev, after in pairwise(events):
        assert after.at >= ev.at, f"{stream}@{after.version}: before the record before it"
    for ev in events:
        roles = roles_when.get((stream, ev.version))
        if roles is None:
            continue  # not written by the machine's own command (an import)
        _check_actor(ruleset, state, ev, roles)
    return state


def _check_actor(
    ruleset: Ruleset, state: PieceState, ev: StoredEvent, roles: frozenset[str]
) -> None:
    where = f"{ev.stream}@{ev.version} {ev.type} by {ev.actor}"
    author = ev.actor in state.authors
    if ev.type == "submitted":
        assert author or STAFF_ROLE in roles, f"{where}: neither author nor staff"
    elif ev.type in STAFF_EVENTS:
        assert STAFF_ROLE in roles, f"{where}: not staff"
    elif ev.type in AUTHOR_EVENTS:
        assert author, f"{where}: not an author"
    elif ev.type in REVIEW_EVENTS or ev.type == "expert_reviewed":
        review = ruleset.review
        assert review is not None, f"{where}: no review in this ruleset"
        assert review.authors_may_review or not author, f"{where}: an author reviewed"
        stage = next((s for s in review.stages if s.id == ev.data.get("stage")), None)
        assert stage is not None, f"{where}: unknown stage"
        role = stage.escalate_role if ev.type == "expert_reviewed" else stage.role
        assert role in roles, f"{where}: without role {role}"


def assessed(ws: Workspace, year: int) -> Assessment:
    return ws.assess(year, engine="reference")


def shuffled(dataset: Dataset, rng: random.Random) -> Dataset:
    """The same records with the events in another order (across pieces)."""
    events = list(dataset.events)
    rng.shuffle(events)
    return evolve(dataset, events=tuple(events))


def check_year(ws: Workspace, others: list[Workspace], year: int, rng: random.Random) -> Assessment:
    """The year's assessment is one and the same however it is reached."""
    expected = assessed(ws, year)
    for other in others:
        assert assessed(other, year) == expected, f"{year}: another store assesses otherwise"
    exported = ws.export()
    again = assess(ws.ruleset, shuffled(exported, rng), year)
    assert again == expected, f"{year}: the order of the events changed the assessment"
    assert ws.assess(year) == expected, f"{year}: the default engine differs"
    for w in (ws, *others):
        live = {
            (kind, ident): s
            for kind in ("person", "unit")
            for ident, s in w.standings(year).all(kind).items()
        }
        assert live == from_assessment(expected), f"{year}: the live standings differ"
    return expected


def person_roles(people: Mapping[str, Person], actor: str) -> frozenset[str]:
    found = people.get(actor)
    return frozenset(found.roles) if found is not None else frozenset()


__all__ = [
    "Snapshot",
    "audit_count",
    "check_done",
    "check_piece",
    "check_refused",
    "check_year",
    "person_roles",
    "shuffled",
    "snapshot",
    "streams",
]
