"""The work list "awaiting handling feedback" (待办理反馈): pieces sent to be handled, not yet reported.

A piece is sent to be handled (办理) in two ways (``shared/domain.md``,
steps 4 and 6-7): a leader's instruction (批示: the two offices assign it
to departments) or a dispatch on the ``transfer`` route (转办函: straight to
the department concerned).  The department then reports how it was handled
(``record_handling``: 落实并书面反馈, 列入研究 or 不予采纳), and the office
tracks the piece until that report is in (跟踪问效).  So a piece awaits
handling feedback when its latest instruction or transfer came after its
latest handling record (or it has none) and it was not withdrawn -- a new
instruction after a report opens the piece again; any outcome, 列入研究
included, is a report (the department has answered).  ``since`` is the
first instruction or transfer not yet answered.

The list is built from the store's event index (:meth:`EventStore.scan`
over the three event types), not by folding every stream; only the pieces
found are read whole.
"""

from __future__ import annotations

from typing import Any, Final

from sqmy_core.interchange.times import format_time
from sqmy_core.storage import StoredEvent
from sqmy_core.workspace.workspace import Workspace

SENT: Final = ("instructed", "dispatched")
HANDLED: Final = "handled"
TRANSFER: Final = "transfer"


def _sends(event: StoredEvent) -> bool:
    return event.type == "instructed" or (
        event.type == "dispatched" and event.data.get("route") == TRANSFER
    )


def awaiting_handling(
    ws: Workspace, after: str | None = None, want: int | None = None
) -> list[dict[str, Any]]:
    """Work items (``piece``, ``status``, ``version``, ``route``, ``since``) by piece id: those
    after id ``after``, at most ``want`` (only they are folded)."""
    open_since: dict[str, StoredEvent] = {}
    for event in ws.store.scan(types=(*SENT, HANDLED)):
        if event.type == HANDLED:
            open_since.pop(event.stream, None)
        elif _sends(event):
            open_since.setdefault(event.stream, event)
    items: list[dict[str, Any]] = []
    for piece in sorted(p for p in open_since if after is None or p > after):
        if want is not None and len(items) >= want:
            break
        state = ws.piece(piece)
        if state.status == "withdrawn":
            continue
        first = open_since[piece]
        route = TRANSFER if first.type == "dispatched" else None
        items.append({"piece": piece, "status": state.status, "version": state.version,
                      "route": route, "since": format_time(first.at)})
    return items


__all__ = ["awaiting_handling"]
