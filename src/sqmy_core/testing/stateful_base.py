"""The state machine's own state and its one way of running a command (:mod:`.stateful`).

:class:`MachineBase` keeps what the machine knows beside the stores (the
people it registered with their roles, the pieces and what the last command
on each returned, the roles each event's actor held when it was appended,
the idempotency keys used, the clock) and runs every command through
:meth:`MachineBase._do`: on the store under test and on the mirror, checking
that a refusal changed nothing but its audit record, that a success wrote
to no other piece and left one record, and that both backends answered
alike.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, ClassVar

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine

from sqmy_core.errors import SqmyError
from sqmy_core.model import Person
from sqmy_core.rules import Ruleset
from sqmy_core.storage import EventStore, StoredEvent
from sqmy_core.testing import stateful_checks as checks
from sqmy_core.workflow import PieceState
from sqmy_core.workspace.workspace import Workspace

StoreOpener = Callable[[str], EventStore]
"""Opens a store for an organization (the machine names a new one per sequence)."""

BEIJING = timezone(timedelta(hours=8))
T0 = datetime(2024, 12, 10, 9, 0, tzinfo=BEIJING)
"""The first moment: sequences run into the next year, so two years are assessed."""
YEARS = (2024, 2025)
STEER = 8
"""Out of 10 piece commands, how many the menu steers (the rest: anything)."""
PASS_WEIGHT = 4
"""How much likelier a steered command passes a review level than takes another decision:
pieces must get through every level for the records after approval to be tried often."""
GHOST = "ghost"
"""An actor id never registered."""


class _Refused:
    def __repr__(self) -> str:
        return "<refused>"


REFUSED: Any = _Refused()
"""What :meth:`MachineBase._do` returns for a refused command."""


def event_key(e: StoredEvent) -> tuple[Any, ...]:
    """An event as both backends must hold it (positions are each store's own)."""
    return (e.stream, e.version, e.type, e.at, e.actor, dict(e.data))


class MachineBase(RuleBasedStateMachine):
    """The state of one sequence and the running of its commands (rules are in subclasses)."""

    base_ruleset: ClassVar[Ruleset]
    open_store: ClassVar[StoreOpener]
    open_mirror: ClassVar[StoreOpener]

    def __init__(self) -> None:
        super().__init__()
        self.ws: Workspace | None = None
        self.opened: list[Workspace] = []
        self.pieces: list[str] = []
        self.returned: dict[str, PieceState] = {}
        self.roles_when: dict[tuple[str, int], frozenset[str]] = {}
        self.people: dict[str, Person] = {}
        self.members: list[str] = []
        self.units: list[str] = []
        self.clues: list[str] = []
        self.keys: list[str] = []
        self.adjusted: list[str] = []
        self.clock = T0
        self.names = itertools.count()
        self.sound = False
        self.seed = 0

    # -- the two workspaces ----------------------------------------------------------------

    @property
    def rs(self) -> Ruleset:
        assert self.ws is not None
        return self.ws.ruleset

    @property
    def both(self) -> tuple[Workspace, Workspace]:
        return self.opened[0], self.opened[1]

    # -- drawing -----------------------------------------------------------------------

    def _now(self, data: st.DataObject) -> datetime:
        """Forward mostly (the clock moves), sometimes back by up to ten days (it does not)."""
        if data.draw(st.integers(0, 9), label="backdated") == 0:
            moment = self.clock - timedelta(hours=data.draw(st.integers(1, 240), label="back"))
        else:
            self.clock += timedelta(hours=data.draw(st.integers(0, 60), label="forward"))
            moment = self.clock
        if data.draw(st.booleans(), label="utc"):
            moment = moment.astimezone(UTC)
        return moment

    def _key(self, data: st.DataObject) -> tuple[str, bool]:
        """An idempotency key and whether it is new (a used one now and then)."""
        if self.keys and data.draw(st.integers(0, 7), label="reuse key") == 0:
            return data.draw(st.sampled_from(self.keys), label="used key"), False
        key = f"k{next(self.names)}"
        self.keys.append(key)
        return key, True

    def _actor(self, data: st.DataObject) -> str:
        return data.draw(st.sampled_from([*self.people, GHOST]), label="actor")

    # -- running a command on both ---------------------------------------------------------
    def _do(
        self,
        what: str,
        call: Callable[[Workspace], Any],
        *,
        expect: bool | None = None,
        piece: str | None = None,
    ) -> Any:
        """Run ``call`` on both workspaces and check what it did; ``expect``: must it succeed
        (True), must it be refused (False), or either (None)?  Returns the store's answer.

        What a refusal must leave unchanged is read before each command that may be refused
        (on a server that is most of the machine's time); a success is checked to have
        written no other piece's stream, and left one audit record.
        """
        self.sound = False
        outcomes: list[tuple[Any, ...]] = []
        for w in self.both:
            audit = checks.audit_count(w.store)
            before = checks.snapshot(w.store) if expect is not True else None
            streams = before.streams if before is not None else checks.streams(w.store)
            try:
                result = call(w)
            except SqmyError as exc:
                codes = [p.code for p in exc.problems]
                assert before is not None, f"{what}: refused ({codes}), expected to succeed"
                checks.check_refused(w.store, before, audit, codes, what)
                outcomes.append((REFUSED, type(exc).__name__, codes))
                continue
            checks.check_done(w.store, audit, what)
            if piece is None:  # a registry change drops the live standings: built again now,
                for year in YEARS:  # so what follows is kept incrementally again
                    w.standings(year)
            after = checks.streams(w.store)
            touched = {s for s in after if after[s] != streams.get(s)}
            assert touched <= {piece}, f"{what} wrote to {sorted(touched)}"
            outcomes.append((result,))
        assert outcomes[0] == outcomes[1], (
            f"{what}: the backends differ: {outcomes[0]} / {outcomes[1]}"
        )
        refused = outcomes[0][0] is REFUSED
        if expect is not None:
            assert expect != refused, (
                f"{what}: expected {'success' if expect else 'refusal'}, got {outcomes[0]}"
            )
        return REFUSED if refused else outcomes[0][0]

    def _piece_done(self, piece: str, actor: str, result: Any) -> None:
        """A piece command succeeded: note its events' actors' roles now, and its answer."""
        if result is REFUSED:
            return
        roles = checks.person_roles(self.people, actor)
        for ev in self.both[0].store.read(piece):
            self.roles_when.setdefault((piece, ev.version), roles)
        if piece not in self.pieces:
            self.pieces.append(piece)
        self.returned[piece] = result


__all__ = [
    "BEIJING",
    "GHOST",
    "PASS_WEIGHT",
    "REFUSED",
    "STEER",
    "T0",
    "YEARS",
    "MachineBase",
    "StoreOpener",
    "event_key",
]
