"""The state machine's records beside the pieces (:mod:`.stateful`): the registry it starts
with, and the rule that registers clues and people, records adjustments and activities, and
runs the reminders.

The people are drawn from the ruleset: members of its scope roles in two
units, staff, a staff member who also writes, a member out of office, one
reviewer per review level, the experts levels escalate to, and a member who
also reviews the first level (so an author is a reviewer of the level their
piece is at).  Roles only grow during a sequence: the checks of each
event's actor use the roles held when it was appended, and an import of the
export, at the end, reads the roles as they are then.
"""

from __future__ import annotations

from datetime import timedelta

from attrs import evolve
from hypothesis import strategies as st
from hypothesis.stateful import rule

from sqmy_core.model import Call, Clue, Person, Unit
from sqmy_core.testing.stateful_base import GHOST, REFUSED, T0, MachineBase
from sqmy_core.workflow.permissions import STAFF_ROLE


class RegistryRules(MachineBase):
    """Registering what commands refer to, and the records kept beside the pieces."""

    # -- the registry a sequence starts with -------------------------------------------------

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
        if done is not REFUSED:
            self.people[person.id] = person
            if set(person.roles) & set(self.rs.scope.roles) and person.id not in self.members:
                self.members.append(person.id)

    def _new_clue(self) -> None:
        clue = Clue(f"q{len(self.clues)}", "qr_code", self.clock, "群众反映小区加装电梯难")
        self._do(
            f"register clue {clue.id}", lambda w: w.register_clue(clue, actor="s"), expect=True
        )
        self.clues.append(clue.id)

    # -- the rule ----------------------------------------------------------------------

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
        unit = target if target in self.units else None
        person = None if unit else target
        approver = data.draw(st.sampled_from(["s", GHOST]), label="approved by")
        at = self._now(data)
        done = self._do(
            f"adjustment {ident}",
            lambda w: w.record_adjustment(
                ident,
                points,
                at=at,
                reason="加减分",
                approved_by=approver,
                person=person,
                unit=unit,
            ),
        )
        if done is not REFUSED and ident not in self.adjusted:
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


__all__ = ["RegistryRules"]
