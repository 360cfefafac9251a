"""Invariants by machine: a Hypothesis state machine over a Workspace (issue 11, item 6).

:func:`run_machine` drives a :class:`~sqmy_core.workspace.workspace.Workspace`
on the store under test through random command sequences by random actors,
for one ruleset, and a second workspace on another backend (the *mirror*)
through the very same commands.  A registry of people is drawn from the
ruleset (authors, one reviewer per review level, an author who also reviews,
experts, staff, a staff member who also writes, people of both units, one
out of office, one never registered); then pieces are submitted and
reviewed, escalated, resubmitted, withdrawn, dispatched, adopted,
instructed, handled and penalized, clues registered and converted,
adjustments and activities recorded, people registered, reminders run.
``now`` mostly moves forward, sometimes back (a command before the piece's
last record must be refused).  Most commands are steered by
:func:`~sqmy_core.workflow.allowed_actions` and given good arguments (the
menu's offer must then succeed); the others are anything (what the menu
does not offer must be refused).

After every step (:mod:`.stateful_checks`):

- every piece's stream is legal (versions, status, level, review chain:
  no author reviewed their own piece, each level by its role, staff-only
  records by staff) and its fold from scratch is the state the last
  command on it returned; the mirror holds the same events;
- a refused command (any :class:`~sqmy_core.errors.SqmyError`) left
  everything as it was but for one audit record with the refusal's code;
  a command that succeeded touched no other piece and left one record;
- both backends answered alike (the same state, or the same refusal).

At the end: ``sqmy audit verify`` (:func:`~sqmy_core.workspace.audit_verify.verify`)
passes on both; each year's assessment is the same on both backends, on
the export with its events shuffled, on a fresh store the export was
imported into, in the default engine and in every workspace's live
standings (built again after each registry change, so the piece commands
after it are kept incrementally); reading all that wrote nothing; and the
backup restored into a fresh store backs up to the same text.

Budget: ``SQMY_STATEFUL_EXAMPLES`` sequences (default 4; half of that on a
database server) of at most ``SQMY_STATEFUL_STEPS`` steps (default 20) per
ruleset and backend, which keeps ``make test`` within its share (under a
minute for the core's and the SQLAlchemy plugin's runs together); ``make
trust`` sets them higher, e.g. ``SQMY_STATEFUL_EXAMPLES=200
SQMY_STATEFUL_STEPS=50``.

The machine's parts: :mod:`.stateful_base` (its state and the running of
one command on both backends), :mod:`.stateful_registry` (the registry it
starts with and the records beside the pieces), :mod:`.stateful_actions`
(the piece commands by menu action), :mod:`.stateful_checks` (the checks).

Usage (a plugin's tests)::

    run_machine(load_ruleset("rulesets/district.toml"), open_store, mirror=memory)

where ``open_store(organization)`` opens the backend's store for a new
organization, and ``mirror(organization)`` a fresh, empty store of another
backend each time it is called (it is called twice per sequence).
"""

from __future__ import annotations

import itertools
import json
import os
import random
from datetime import date, timedelta

from attrs import evolve
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from sqmy_core import workflow
from sqmy_core.model import Person
from sqmy_core.rules import Ruleset
from sqmy_core.testing import stateful_checks as checks
from sqmy_core.testing.stateful_actions import PieceCommand, piece_command
from sqmy_core.testing.stateful_base import (
    GHOST,
    PASS_WEIGHT,
    STEER,
    T0,
    YEARS,
    StoreOpener,
    event_key,
)
from sqmy_core.testing.stateful_registry import RegistryRules
from sqmy_core.workflow.permissions import ACTIONS, STAFF_ROLE
from sqmy_core.workspace.audit_verify import verify
from sqmy_core.workspace.backup import backup_text, restore
from sqmy_core.workspace.workspace import Workspace

_runs = itertools.count()


def stateful_settings(share: float = 1.0) -> settings:
    """The budget: modest by default, ``SQMY_STATEFUL_EXAMPLES`` / ``_STEPS`` for long runs.

    ``share`` scales the number of sequences (at least one): a database server costs some
    milliseconds a query, so its tests take half (``0.5``) of what the built-in stores do.
    """
    examples = int(os.environ.get("SQMY_STATEFUL_EXAMPLES", "4"))
    return settings(
        max_examples=max(1, round(examples * share)),
        stateful_step_count=int(os.environ.get("SQMY_STATEFUL_STEPS", "20")),
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
        ],
    )


class WorkspaceMachine(RegistryRules):
    """One sequence of commands on the store under test and on the mirror (see the module)."""

    @initialize(seed=st.integers(0, 2**32 - 1))
    def open_workspaces(self, seed: int) -> None:
        self.sound = False
        self.seed = seed
        org = f"{self.base_ruleset.organization}-m{next(_runs)}"
        rs = evolve(self.base_ruleset, organization=org)
        self.ws = Workspace(type(self).open_store(org), rs)
        self.opened.append(self.ws)
        self.opened.append(Workspace(type(self).open_mirror(org), rs))
        put_in_force = T0 - timedelta(days=1)  # as a deployment does: the backup keeps it
        self._do(
            "apply ruleset",
            lambda w: w.apply_ruleset(
                rs, actor="s", at=put_in_force, effective_from=date(2024, 1, 1)
            ),
            expect=True,
        )
        self._register_everyone()

    @rule(data=st.data())
    def submit(self, data: st.DataObject) -> None:
        steer = data.draw(st.integers(0, 9), label="steer") < STEER
        members = self.members
        authors = data.draw(
            st.lists(st.sampled_from(members), min_size=1, max_size=2, unique=True), label="authors"
        )
        if steer:
            actor = data.draw(st.sampled_from([authors[0], "s"]), label="actor")
        else:
            actor = self._actor(data)
        fresh = steer or self.pieces == [] or data.draw(st.booleans(), label="fresh id")
        piece = f"p{len(self.pieces)}" if fresh else data.draw(st.sampled_from(self.pieces))
        unit = data.draw(st.sampled_from([None, *self.units, *([] if steer else ["nowhere"])]))
        call = data.draw(st.sampled_from([None, "c0"]), label="call")
        now = self._now(data)
        author_ok = (
            actor in authors or STAFF_ROLE in self.people.get(actor, Person("", "", [])).roles
        )
        result = self._do(
            f"submit {piece} by {actor}",
            lambda w: w.submit(
                piece,
                authors=authors,
                actor=actor,
                now=now,
                title=f"稿件{piece}",
                unit=unit,
                call=call,
            ),
            expect=True if steer and fresh and author_ok and unit != "nowhere" else None,
            piece=piece,
        )
        self._piece_done(piece, actor, result)

    @precondition(lambda self: bool(self.pieces))
    @rule(data=st.data())
    def act(self, data: st.DataObject) -> None:
        """A piece command: one the menu offers someone (mostly), or anything by anyone."""
        self._act(data)

    @precondition(lambda self: bool(self.pieces))
    @rule(data=st.data())
    def act_again(self, data: st.DataObject) -> None:
        """The same as :meth:`act`: rules are drawn alike, and piece commands should be most."""
        self._act(data)

    @precondition(lambda self: bool(self.pieces))
    @rule(data=st.data())
    def act_once_more(self, data: st.DataObject) -> None:
        self._act(data)

    def _act(self, data: st.DataObject) -> None:
        ws = self.both[0]
        piece = data.draw(st.sampled_from(self.pieces), label="piece")
        state = ws.piece(piece)
        now = self._now(data)  # drawn first: the menu is the one offered at that moment
        menu = [
            (pid, action)
            for pid, person in self.people.items()
            for action in workflow.allowed_actions(self.rs, state, person, now)
        ]
        steer = bool(menu) and data.draw(st.integers(0, 9), label="steer") < STEER
        if steer:
            weighted = [
                item for item in menu for _ in range(PASS_WEIGHT if item[1] == "review.pass" else 1)
            ]
            actor, action = data.draw(st.sampled_from(weighted), label="offered")
        else:
            actor = self._actor(data)
            action = data.draw(st.sampled_from(ACTIONS), label="action")
        good = steer or data.draw(st.booleans(), label="good arguments")
        key, new_key = self._key(data)
        seen = data.draw(
            st.sampled_from([None, None, state.version, state.version - 1, state.version + 1]),
            label="expected version",
        )
        command: PieceCommand = piece_command(self.rs, state, action, good, data)
        offered = (actor, action) in menu
        expect: bool | None = None
        if new_key and seen not in (None, state.version):
            expect = False  # someone else wrote in between (or the caller made it up)
        elif new_key and actor in self.people and not offered:
            expect = False  # the menu never hides what the command would do
        elif steer and good and new_key and state.updated_at and now >= state.updated_at:
            expect = True  # nor offers what it would refuse
        elif new_key and state.updated_at and now < state.updated_at:
            expect = False  # records are kept in time order
        result = self._do(
            f"{action} {piece} by {actor} at {now.isoformat()}",
            lambda w: command(w, piece, actor, now, key, seen),
            expect=expect,
            piece=piece,
        )
        self._piece_done(piece, actor, result)

    @rule(data=st.data())
    def convert_clue(self, data: st.DataObject) -> None:
        clue = data.draw(st.sampled_from(self.clues), label="clue")
        fresh = data.draw(st.booleans(), label="fresh piece") or not self.pieces
        piece = f"p{len(self.pieces)}" if fresh else data.draw(st.sampled_from(self.pieces))
        actor = data.draw(st.sampled_from(["s", "sm", *self.members[:1], GHOST]), label="actor")
        author = data.draw(st.sampled_from(self.members), label="author")
        now = self._now(data)
        result = self._do(
            f"convert {clue} into {piece} by {actor}",
            lambda w: w.convert_clue(
                clue, piece, authors=[author], actor=actor, now=now, title="来自线索"
            ),
            piece=piece,
        )
        self._piece_done(piece, actor, result)

    @invariant()
    def pieces_are_legal_and_replay(self) -> None:
        if self.ws is None:
            return
        ws, mirror = self.both
        assert sorted(ws.store.streams()) == sorted(self.pieces)
        for piece in self.pieces:
            events = ws.store.read(piece)
            state = checks.check_piece(self.rs, events, self.roles_when)
            assert state == self.returned[piece], f"{piece}: the replay is not what was returned"
            again = mirror.store.read(piece)
            assert [event_key(e) for e in again] == [event_key(e) for e in events], piece
        self.sound = True

    def teardown(self) -> None:
        try:
            if self.sound and self.ws is not None:
                self._final_checks()
        finally:
            for w in self.opened:
                w.close()

    def _final_checks(self) -> None:
        ws, mirror = self.both
        for w in self.both:
            found = verify(w.store)
            assert found.ok, [p.render("en") for p in found.problems]
        before, audit = checks.snapshot(ws.store), checks.audit_count(ws.store)
        exported = ws.export()
        fresh = Workspace(type(self).open_mirror(self.rs.organization), self.rs)
        self.opened.append(fresh)
        fresh.import_dataset(exported, actor="s", now=self.clock)
        rng = random.Random(self.seed)
        for year in YEARS:
            checks.check_year(ws, [mirror, fresh], year, rng)
        saved = backup_text(ws.store)
        assert checks.snapshot(ws.store) == before, "reading wrote"
        assert checks.audit_count(ws.store) == audit, "reading left audit records"
        assert verify(fresh.store).ok
        restored = type(self).open_mirror(self.rs.organization)
        self.opened.append(Workspace(restored, self.rs))
        restore(restored, json.loads(saved), "backup.json")
        assert backup_text(restored) == saved, "the backup is not lossless"
        assert verify(restored).ok


def machine_for(
    ruleset: Ruleset, open_store: StoreOpener, mirror: StoreOpener
) -> type[WorkspaceMachine]:
    """The machine class for one ruleset and pair of backends."""
    name = f"WorkspaceMachine_{ruleset.organization}"
    attrs = {
        "base_ruleset": ruleset,
        "open_store": staticmethod(open_store),
        "open_mirror": staticmethod(mirror),
    }
    return type(name, (WorkspaceMachine,), attrs)


def run_machine(
    ruleset: Ruleset,
    open_store: StoreOpener,
    mirror: StoreOpener,
    budget: settings | None = None,
) -> None:
    """Run the machine for ``ruleset`` on ``open_store``'s backend against ``mirror``'s."""
    run_state_machine_as_test(
        machine_for(ruleset, open_store, mirror), settings=budget or stateful_settings()
    )


__all__ = [
    "STEER",
    "T0",
    "YEARS",
    "StoreOpener",
    "WorkspaceMachine",
    "machine_for",
    "run_machine",
    "stateful_settings",
]
