"""Which pieces a work list must fold: found from the store's event index, not every stream.

Folding a piece's stream is what a list costs (about a third of a
millisecond a piece; reading is cheaper), so the lists fold only what they
show.  The all-pieces list walks the ids in order and stops once the page is
full.  The review list first asks the store's index (:meth:`EventStore.scan`
over the status events alone) which pieces are still open: a piece's status
changes only with those events (``workflow.state``), and after an
``approved``, ``rejected``, ``returned`` or ``withdrawn`` that is the last of
them its status is that one -- never under review -- so such pieces are not
folded at all.  The others are folded and asked, as before, whether the
person may review them now.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final

from sqmy_core import workflow
from sqmy_core.model import Person
from sqmy_core.workflow.permissions import REVIEW_ACTIONS
from sqmy_core.workspace.workspace import Workspace

STATUS_EVENTS: Final = (
    "submitted", "reviewed", "expert_reviewed", "resubmitted",
    "approved", "returned", "rejected", "withdrawn",
)
"""The events that change a piece's status (``workflow.state._apply``)."""
CLOSED: Final = frozenset({"approved", "returned", "rejected", "withdrawn"})
"""A last status event that leaves the piece out of review, whatever follows it."""


def open_pieces(ws: Workspace) -> set[str]:
    """The pieces whose last status event does not close review (one pass over the index)."""
    last: dict[str, str] = {}
    for event in ws.store.scan(types=STATUS_EVENTS):
        last[event.stream] = event.type
    return {piece for piece, kind in last.items() if kind not in CLOSED}


def pieces_after(
    ws: Workspace, after: str | None, want: int, awaiting_review: str | None = None
) -> list[dict[str, Any]]:
    """Up to ``want`` pieces after id ``after`` in id order (awaiting ``awaiting_review``'s
    review, when given), each folded once."""
    person = ws.person(awaiting_review) if awaiting_review is not None else None
    ids = ws.store.streams() if person is None else open_pieces(ws)
    out: list[dict[str, Any]] = []
    for state in _folded(ws, sorted(i for i in ids if after is None or i > after)):
        if person is not None and not _may_review(ws, state, person):
            continue
        out.append({"piece": state.id, "status": state.status, "version": state.version})
        if len(out) >= want:
            break
    return out


def _folded(ws: Workspace, ids: list[str]) -> Iterator[workflow.PieceState]:
    for stream in ids:
        events = ws.store.read(stream)
        if events and events[0].type == "submitted":
            yield workflow.fold(ws.ruleset, events)


def _may_review(ws: Workspace, state: workflow.PieceState, person: Person) -> bool:
    allowed = workflow.allowed_actions(ws.ruleset, state, person)
    return any(a in REVIEW_ACTIONS for a in allowed)


__all__ = ["CLOSED", "STATUS_EVENTS", "open_pieces", "pieces_after"]
