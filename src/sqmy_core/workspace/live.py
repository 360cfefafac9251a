"""A workspace's live standings: built from the store on first use, kept by its commands.

Each assessed year's :class:`~sqmy_core.scoring.standings.Standings` is built
from the workspace's export (so it equals :meth:`Workspace.assess`) the
first time it is asked for.  After a piece command has committed, the
standings of every year built so far take the events it appended, converted
as the export converts them (a submission, withdrawal or resubmission, which
change the piece record, has the stream read back and folded as the export
folds it): its authors' and unit's points and ranks are known at once.  Anything else that changes what an assessment sees
(registry records, adjustments, activities, ruleset versions, an import)
drops them, to be built anew on next use.  A refused command writes nothing
and reaches none of this, so the standings stay as they were.

What this object does not see: writes by another process or another
Workspace on the same store, and a command run inside a caller's own
transaction that the caller then rolls back.  :meth:`clear` (or reopening)
takes the store as it is.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from sqmy_core.model import Dataset
from sqmy_core.rules import Ruleset
from sqmy_core.storage import StoredEvent
from sqmy_core.workflow import to_dataset_records
from sqmy_core.workflow.records import dataset_event

_CHANGE_PIECE = frozenset({"submitted", "withdrawn", "resubmitted"})
"""Stream events that change the piece record itself (or drop it from exports)."""

if TYPE_CHECKING:
    from sqmy_core.scoring.standings import Standing, Standings


class StandingsView:
    """A year's live standings as a workspace hands them out: to read only (the workspace
    alone feeds them, from what its store committed)."""

    __slots__ = ("_standings",)

    def __init__(self, standings: Standings) -> None:
        self._standings = standings

    @property
    def year(self) -> int:
        return self._standings.year

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why the ruleset is recomputed in full on each change (empty: kept incrementally)."""
        return self._standings.reasons

    def standing(self, entity: str, ident: str) -> Standing | None:
        return self._standings.standing(entity, ident)

    def all(self, entity: str) -> dict[str, Standing]:
        return self._standings.all(entity)


class LiveStandings:
    """Standings per year for one workspace object (in memory only)."""

    def __init__(
        self,
        export: Callable[[], Dataset],
        ruleset_for: Callable[[int], Ruleset],
        read: Callable[[str], Sequence[StoredEvent]],
    ) -> None:
        self._export = export
        self._ruleset_for = ruleset_for
        self._read = read
        self.years: dict[int, Standings] = {}
        self._lock = threading.RLock()
        """Commands may run on several threads: one change or read at a time."""

    def get(self, year: int) -> Standings:
        """The year's standings, built from the store the first time."""
        with self._lock:
            found = self.years.get(year)
            if found is None:
                from sqmy_core.scoring.standings import Standings

                rs = self._ruleset_for(year)
                found = self.years[year] = Standings(rs, self._export(), year)
            return found

    def piece_written(self, piece_id: str, appended: Sequence[StoredEvent] | None = None) -> None:
        """A command appended to the piece's stream: every built year takes the piece anew.

        With the ``appended`` events, a piece the standings hold that neither
        leaves (withdrawn) nor changes (resubmitted) takes just their dataset
        events, as the export would add them; otherwise the stream is read back.
        """
        with self._lock:
            if not self.years:
                return
            if appended and all(e.type not in _CHANGE_PIECE for e in appended):
                events = [ev for e in appended if (ev := dataset_event(piece_id, e)) is not None]
                if all(piece_id in s.pieces for s in self.years.values()):
                    for standings in self.years.values():
                        for ev in events:
                            standings.apply(ev)
                    return
            folded = to_dataset_records(self._read(piece_id))
            for standings in self.years.values():
                if folded is None:
                    standings.drop_piece(piece_id)
                else:
                    standings.put_piece(*folded)

    def clear(self) -> None:
        """Forget every year (the next read builds from the store)."""
        with self._lock:
            self.years.clear()
