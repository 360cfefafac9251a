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
after it are kept incrementally); reading all that wrote nothing.

Budget: ``SQMY_STATEFUL_EXAMPLES`` sequences (default 4; half of that on a
database server) of at most ``SQMY_STATEFUL_STEPS`` steps (default 20) per
ruleset and backend, which keeps ``make test`` within its share (under a
minute for the core's and the SQLAlchemy plugin's runs together); ``make
trust`` sets them higher, e.g. ``SQMY_STATEFUL_EXAMPLES=200
SQMY_STATEFUL_STEPS=50``.

Usage (a plugin's tests)::

    run_machine(load_ruleset("rulesets/district.toml"), open_store, mirror=memory)

where ``open_store(organization)`` opens the backend's store for a new
organization, and ``mirror(organization)`` a fresh, empty store of another
backend each time it is called (it is called twice per sequence).
"""

from __future__ import annotations

import itertools
import os
import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, ClassVar

from attrs import evolve
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from sqmy_core import workflow
from sqmy_core.errors import SqmyError
from sqmy_core.model import Call, Clue, Person, Unit
from sqmy_core.rules import Ruleset
from sqmy_core.storage import EventStore
from sqmy_core.testing import stateful_checks as checks
from sqmy_core.testing.stateful_actions import PieceCommand, piece_command
from sqmy_core.workflow import PieceState
from sqmy_core.workflow.permissions import ACTIONS, STAFF_ROLE
from sqmy_core.workspace.audit_verify import verify
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


class WorkspaceMachine(RuleBasedStateMachine):
    """One sequence of commands on the store under test and on the mirror (see the module)."""

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

    # -- set-up ------------------------------------------------------------------------

    @property
    def rs(self) -> Ruleset:
        assert self.ws is not None
        return self.ws.ruleset

    @property
    def both(self) -> tuple[Workspace, Workspace]:
        return self.opened[0], self.opened[1]

    @initialize(seed=st.integers(0, 2**32 - 1))
    def open_workspaces(self, seed: int) -> None:
        self.sound = False
        self.seed = seed
        org = f"{self.base_ruleset.organization}-m{next(_runs)}"
        rs = evolve(self.base_ruleset, organization=org)
        self.ws = Workspace(type(self).open_store(org), rs)
        self.opened.append(self.ws)
        self.opened.append(Workspace(type(self).open_mirror(org), rs))
        self._register_everyone()

    def _register_everyone(self) -> None:
        rs = self.rs
        kinds = rs.scope.unit_kinds or ("sector",)
        for i in range(2):
            self._register_unit(Unit(f"u{i}", f"单位{i}", kinds[i % len(kinds)]))
        roles = rs.scope.roles or ("member",)
        people = [
            Person(f"m{i}", f"委员{i}", [roles[i % len(roles)]], [f"u{i % 2}"]) for i in range(3)
        ]
        people.append(Person("s", "办公室", [STAFF_ROLE]))
        people.append(Person("sm", "兼职委员", [STAFF_ROLE, roles[0]], ["u1"]))
        people.append(
            Person(
                "gone",
                "离任委员",
                [roles[0]],
                ["u0"],
                since=T0 - timedelta(days=900),
                until=T0 - timedelta(days=30),
            )
        )
        if rs.review is not None:
            for i, stage in enumerate(rs.review.stages):
                people.append(Person(f"r{i}", f"审核{i}", [stage.role]))
                if stage.escalate_role:
                    people.append(Person(f"e{i}", f"专家{i}", [stage.escalate_role]))
            people.append(Person("mr", "委员兼审核", [roles[0], rs.review.stages[0].role], ["u0"]))
        for person in people:
            self._register(person, expect=True)
        call = Call("c0", "约稿", "commission", ("m0",), T0 + timedelta(days=40))
        self._do("register call c0", lambda w: w.register_call(call, actor="s"), expect=True)
        self._new_clue()

    def _register_unit(self, unit: Unit) -> None:
        self._do(f"register unit {unit.id}", lambda w: w.register_unit(unit), expect=True)
        self.units.append(unit.id)

    def _register(self, person: Person, expect: bool | None = None) -> None:
        done = self._do(
            f"register {person.id}",
            lambda w: w.register_person(person, actor="s", now=self.clock),
            expect=expect,
        )
        if done is not _REFUSED:
            self.people[person.id] = person
            if set(person.roles) & set(self.rs.scope.roles) and person.id not in self.members:
                self.members.append(person.id)

    def _new_clue(self) -> None:
        clue = Clue(f"q{len(self.clues)}", "qr_code", self.clock, "群众反映小区加装电梯难")
        self._do(
            f"register clue {clue.id}", lambda w: w.register_clue(clue, actor="s"), expect=True
        )
        self.clues.append(clue.id)

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
                outcomes.append((_REFUSED, type(exc).__name__, codes))
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
        refused = outcomes[0][0] is _REFUSED
        if expect is not None:
            assert expect != refused, (
                f"{what}: expected {'success' if expect else 'refusal'}, got {outcomes[0]}"
            )
        return _REFUSED if refused else outcomes[0][0]

    def _piece_done(self, piece: str, actor: str, result: Any) -> None:
        """A piece command succeeded: note its events' actors' roles now, and its answer."""
        if result is _REFUSED:
            return
        roles = checks.person_roles(self.people, actor)
        for ev in self.both[0].store.read(piece):
            self.roles_when.setdefault((piece, ev.version), roles)
        if piece not in self.pieces:
            self.pieces.append(piece)
        self.returned[piece] = result

    # -- rules -------------------------------------------------------------------------

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
        menu = [
            (pid, action)
            for pid, person in self.people.items()
            for action in workflow.allowed_actions(self.rs, state, person)
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
        now = self._now(data)
        key, new_key = self._key(data)
        command: PieceCommand = piece_command(self.rs, state, action, good, data)
        offered = (actor, action) in menu
        expect: bool | None = None
        if new_key and actor in self.people and not offered:
            expect = False  # the menu never hides what the command would do
        elif steer and good and new_key and state.updated_at and now >= state.updated_at:
            expect = True  # nor offers what it would refuse
        elif new_key and state.updated_at and now < state.updated_at:
            expect = False  # records are kept in time order
        result = self._do(
            f"{action} {piece} by {actor} at {now.isoformat()}",
            lambda w: command(w, piece, actor, now, key),
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

    @rule(data=st.data())
    def record(self, data: st.DataObject) -> None:
        """Something beside the pieces: a clue, a person, an adjustment, an activity, reminders."""
        which = data.draw(st.sampled_from(["clue", "person", "adjustment", "activity", "remind"]))
        if which == "clue":
            self._new_clue()
        elif which == "person":
            self._register_person(data)
        elif which == "adjustment":
            self._record_adjustment(data)
        elif which == "activity":
            self._record_activity(data)
        else:
            now = self._now(data)
            self._do("remind", lambda w: w.remind(now))

    def _register_person(self, data: st.DataObject) -> None:
        """A new member, or another role for someone (roles only grow: see :func:`check_piece`)."""
        roles = [*self.rs.scope.roles, *self.rs.reviewer_roles, STAFF_ROLE]
        role = data.draw(st.sampled_from(roles), label="role")
        if data.draw(st.booleans(), label="new person"):
            ident = f"n{next(self.names)}"
            self._register(Person(ident, f"新委员{ident}", [role], [self.units[0]]))
            return
        old = self.people[data.draw(st.sampled_from(sorted(self.people)), label="person")]
        self._register(evolve(old, roles=(*old.roles, role)) if role not in old.roles else old)

    def _record_adjustment(self, data: st.DataObject) -> None:
        again = bool(self.adjusted) and data.draw(st.booleans(), label="same id")
        ident = data.draw(st.sampled_from(self.adjusted)) if again else f"j{next(self.names)}"
        points = data.draw(st.sampled_from(["1", "-2.5", "0.5", "3"]), label="points")
        target = data.draw(st.sampled_from([*self.members[:2], *self.units]), label="for")
        whom = {"unit": target} if target in self.units else {"person": target}
        approver = data.draw(st.sampled_from(["s", GHOST]), label="approved by")
        at = self._now(data)
        done = self._do(
            f"adjustment {ident}",
            lambda w: w.record_adjustment(
                ident, points, at=at, reason="加减分", approved_by=approver, **whom
            ),
        )
        if done is not _REFUSED and ident not in self.adjusted:
            self.adjusted.append(ident)

    def _record_activity(self, data: st.DataObject) -> None:
        kinds = [k.id for k in self.rs.vocabulary.activity_kinds] or ["meeting"]
        kind = data.draw(st.sampled_from(kinds), label="kind")
        person = data.draw(st.sampled_from([*self.members, GHOST]), label="person")
        at = self._now(data)
        ident = f"a{next(self.names)}"
        self._do(
            f"activity {ident}",
            lambda w: w.record_activity(ident, person, kind, at=at, actor="s"),
        )

    # -- after every step ------------------------------------------------------------------

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
            assert [_event(e) for e in again] == [_event(e) for e in events], piece
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
        assert checks.snapshot(ws.store) == before, "reading wrote"
        assert checks.audit_count(ws.store) == audit, "reading left audit records"
        assert verify(fresh.store).ok


class _Refused:
    def __repr__(self) -> str:
        return "<refused>"


_REFUSED: Any = _Refused()


def _event(e: Any) -> tuple[Any, ...]:
    """An event as both backends must hold it (positions are each store's own)."""
    return (e.stream, e.version, e.type, e.at, e.actor, dict(e.data))


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
