"""Imported records obey the workflow: each act is checked as if its actor had done it now (pure).

An import must not be a back door round the workflow: a dataset in which an
author reviews, approves, dispatches and records adoptions of their own
piece would otherwise be stored as it stands.  So every imported piece's
events are folded in stream order (:func:`~sqmy_core.workflow.fold_onto`)
and each one is put, before it is folded, to the guard the commands use
(:func:`~sqmy_core.workflow.check_action`), with the event's actor and the
piece as it stood just before the event's time.  One source of truth: what
the command path refuses, the import refuses, with the same message.

How a dataset's records map onto the commands (the contract carries less
than a stream does):

- ``reviewed`` is one review level's decision: the piece must be in review
  *at that stage* (the review chain, in order), and the actor must be one who
  may take that decision there (role, not an author, a decision the stage
  lists).  The checks confirmed are not in the contract, so
  ``require_checks`` cannot be held against an import;
- ``approved``, ``returned``, ``rejected`` right after the ``reviewed`` they
  complete are the same act (the command writes both); on their own they
  are the whole decision of a system that records only outcomes: an approval
  then is the last stage's pass, a return or rejection one that some stage
  (the named ``stage``, else any) may decide.  Once levels were recorded in
  a round, an approval needs the last stage's pass before it;
- a round that starts again after a return stands for the authors'
  resubmission, and a decision at the stage an escalation came from for the
  expert opinion: the contract has no record for either (``resubmitted`` and
  ``expert_reviewed`` stay in the stream), so they are implied, never stored;
- ``dispatched``, ``adopted``, ``instructed``, ``handled`` and ``penalized``
  are the staff's records, on an approved (or accepted) piece;
- under a ruleset without ``[review]`` an outcome is the office's screening:
  by staff, never by an author of the piece.

An event that names its actor is refused when that person was not in
office at the event's time (before ``since`` or from ``until`` on), as the
command would be.  An event that names no actor is the importing person's, who carries it over
from another system: it is held to the state rules and to separation of
duties (an importer never carries over decisions on their own piece), but
not to the stage's role, which the importer does not hold, nor to the
importer's term (carried-over records may be older than it).  Every problem is
kept, with the record's path (``events[17]``), so a refusal lists every
offending record at once; the caller stores nothing when there is one.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Final

from attrs import evolve

from sqmy_core.errors import PermissionDenied, Problem, TransitionNotAllowed
from sqmy_core.model.entities import Person
from sqmy_core.rules.spec import Ruleset
from sqmy_core.storage import StoredEvent
from sqmy_core.workflow.permissions import (
    STAFF_ROLE,
    check_action,
    check_in_office,
    in_office_at,
    is_author,
)
from sqmy_core.workflow.state import PieceState, current_stage, fold, fold_onto, stage_index

STAFF_RECORDS: Final[Mapping[str, str]] = {
    "dispatched": "dispatch",
    "adopted": "record_adoption",
    "instructed": "record_instruction",
    "handled": "record_handling",
    "penalized": "record_penalty",
}
"""The staff's record types, and the command action each one is."""

OUTCOMES: Final[Mapping[str, str]] = {
    "approved": "pass",
    "returned": "return",
    "rejected": "reject",
}
"""A review outcome's event type, and the decision it completes."""

IMPORTED_MARK: Final = "imported_by"
"""The data key naming the importer on a stored event whose record named no actor: the event is
the importer's, carried over, and its ``actor`` stays the record's own (none), so every reader
of the store -- exports, frames, assessments -- sees the record as it was imported."""


def may_import(person: Person) -> Problem | None:
    """Why ``person`` may not import (None: they may): an import is an act of the office's staff."""
    if STAFF_ROLE in person.roles:
        return None
    return Problem("", "import_not_staff", {"actor": person.id})


def carrier(ruleset: Ruleset, importer: Person) -> Person:
    """The importer as the actor of the events that name none: with every review role, so the
    stage's role is not held against them, and still themselves for separation of duties."""
    added = (r for r in relevant_roles(ruleset) if r not in importer.roles)
    return evolve(importer, roles=(*importer.roles, *added))


def piece_problems(
    ruleset: Ruleset,
    stream: Sequence[StoredEvent],
    indices: Sequence[int],
    actors: Mapping[str, Person],
    importer: Person,
) -> list[tuple[int, Problem]]:
    """Every imported event of one piece the workflow refuses: its index, and the problem at
    ``events[i]``.

    ``stream`` is the piece's stream as the import stores it (``submitted``
    first, then its events in time order, their actor None where the record
    names none); ``indices[k]`` is the dataset index of ``stream[k + 1]``.
    ``actors`` are the people the events may name; ``importer`` is the one
    importing (see :func:`carrier`; pass it through that once per import).
    """
    state = fold(ruleset, stream[:1])
    before_review: PieceState | None = None  # the state before the last event, if ``reviewed``
    last_review: StoredEvent | None = None
    problems: list[tuple[int, Problem]] = []
    for index, ev in zip(indices, stream[1:], strict=True):
        person = importer if ev.actor is None else actors[ev.actor]
        state = _resumed(ruleset, state, ev)
        refusal = None if ev.actor is None else _out_of_office(state, ev, person)
        refusal = refusal or _refusal(ruleset, state, ev, person, last_review, before_review)
        if refusal is not None:
            problems.append((index, Problem(f"events[{index}]", refusal.code, refusal.params)))
        if ev.type == "reviewed":
            before_review, last_review = state, ev
        else:
            before_review = last_review = None
        # the dataset's own story goes on, so later records are judged on it, not on a refusal
        state = fold_onto(ruleset, state, [ev])
    return problems


Shape = Hashable
"""What a piece's check depends on, event by event: type, stage, decision, the actor's
:meth:`ImportCheck.role_class` and whether the actor is an author -- never ids, times or other
fields, which the guard does not read (its messages do; see :meth:`ImportCheck.problems`)."""


class ImportCheck:
    """The check of one import, remembering the shapes of the pieces it found legal.

    Whether a piece passes depends only on its :data:`Shape`: the guard reads
    the state that the types, stages and decisions fold to, and of the actor
    only whether they hold the ruleset's review roles or ``staff`` and whether
    they are an author.  A dataset holds few shapes among many pieces, so a
    piece whose shape already passed is not folded again; a shape that fails
    is checked piece by piece, so every refusal names its own records.
    """

    def __init__(self, ruleset: Ruleset, actors: Mapping[str, Person], importer: Person) -> None:
        self.ruleset = ruleset
        self.actors = actors
        self.importer = carrier(ruleset, importer)
        self.roles = relevant_roles(ruleset)
        self.legal: set[Shape] = set()

    def role_class(self, person: Person) -> str:
        """The roles of ``person`` the guard asks about, sorted, comma-separated."""
        return ",".join(r for r in self.roles if r in person.roles)

    def shape(self, authors: Sequence[str], events: Iterable[EventShape]) -> Shape:
        """The piece's shape from each event's (type, stage, decision, actor).

        An actor with a term of office (``since`` or ``until``) makes the
        shape the piece's own: whether they were in office depends on the
        event's time, which shapes leave out, so such a piece is always
        checked in full."""
        out: list[object] = []
        for type_, stage, decision, actor in events:
            person = self.importer if actor is None else self.actors[actor]
            out.append((type_, stage, decision, self.role_class(person), person.id in authors))
            if actor is not None and (person.since is not None or person.until is not None):
                out.append(object())  # equal to no other: never found legal before
        return tuple(out)

    def problems(
        self, shape: Shape, stream: Callable[[], tuple[Sequence[StoredEvent], Sequence[int]]]
    ) -> list[tuple[int, Problem]]:
        """The piece's problems (see :func:`piece_problems`); ``stream`` makes its stream and
        indices, called only for a shape not yet found legal."""
        if shape in self.legal:
            return []
        events, indices = stream()
        found = piece_problems(self.ruleset, events, indices, self.actors, self.importer)
        if not found:
            self.legal.add(shape)
        return found


def relevant_roles(ruleset: Ruleset) -> tuple[str, ...]:
    """Every role the guard asks an actor about: the stages' roles and ``staff``, sorted."""
    roles = {STAFF_ROLE}
    if ruleset.review is not None:
        for stage in ruleset.review.stages:
            roles.update(r for r in (stage.role, stage.escalate_role) if r)
    return tuple(sorted(roles))


EventShape = tuple[str, object, object, "str | None"]
"""One event's type, stage, decision and actor (None: the importer), as :meth:`ImportCheck.shape`
reads them."""


def _implied(state: PieceState, type_: str, at: datetime) -> StoredEvent:
    return StoredEvent(state.id, state.version + 1, 0, type_, at, None, {})


def _resumed(ruleset: Ruleset, state: PieceState, ev: StoredEvent) -> PieceState:
    """The piece with what a review decision after a return or an escalation implies."""
    if ev.type != "reviewed" and ev.type not in OUTCOMES:
        return state
    if state.status == "returned":
        return fold_onto(ruleset, state, [_implied(state, "resubmitted", ev.at)])
    if state.status == "expert_review":
        return fold_onto(ruleset, state, [_implied(state, "expert_reviewed", ev.at)])
    return state


def _out_of_office(state: PieceState, ev: StoredEvent, person: Person) -> Problem | None:
    """An act the record names a person for, dated outside that person's term."""
    if in_office_at(person, ev.at):
        return None
    if ev.type in STAFF_RECORDS:
        action = STAFF_RECORDS[ev.type]
    elif ev.type in OUTCOMES:
        action = f"review.{OUTCOMES[ev.type]}"
    else:
        action = f"review.{ev.data.get('decision', 'pass')}"
    try:
        check_in_office(state, person, action, ev.at)
    except PermissionDenied as refused:
        return refused.problems[0]
    return None


def _guard(ruleset: Ruleset, state: PieceState, person: Person, action: str) -> Problem | None:
    try:
        check_action(ruleset, state, person, action)
    except (PermissionDenied, TransitionNotAllowed) as refused:
        return refused.problems[0]
    return None


def _refusal(
    ruleset: Ruleset,
    state: PieceState,
    ev: StoredEvent,
    person: Person,
    last_review: StoredEvent | None,
    before_review: PieceState | None,
) -> Problem | None:
    if ev.type in STAFF_RECORDS:
        return _guard(ruleset, state, person, STAFF_RECORDS[ev.type])
    stage_id = ev.data.get("stage")
    if ev.type == "reviewed":
        decision = str(ev.data.get("decision", ""))
        return _out_of_order(ruleset, state, stage_id) or _guard(
            ruleset, state, person, f"review.{decision}"
        )
    decision = OUTCOMES[ev.type]
    if ruleset.review is None:
        return _screening(state, ev, person)
    last = len(ruleset.review.stages) - 1
    completes = (
        last_review is not None
        and before_review is not None
        and last_review.data.get("decision") == decision
        and stage_id in (None, last_review.data.get("stage"))
        and (decision != "pass" or stage_index(ruleset, last_review.data.get("stage")) == last)
    )
    if completes:
        assert before_review is not None
        return _guard(ruleset, before_review, person, f"review.{decision}")
    if decision == "pass":  # an approval is the last stage's pass
        at = state if state.decided else _at_stage(state, last)
        wanted: object = ruleset.review.stages[last].id
    elif state.decided:  # levels were recorded in this round: the decision is the current stage's
        at, wanted = state, stage_id if stage_id is not None else _stage_id(ruleset, state)
    else:
        return _some_stage(ruleset, state, person, decision, stage_id)
    return _out_of_order(ruleset, at, wanted) or _guard(ruleset, at, person, f"review.{decision}")


def _stage_id(ruleset: Ruleset, state: PieceState) -> str | None:
    stage = current_stage(ruleset, state)
    return None if stage is None else stage.id


def _at_stage(state: PieceState, index: int) -> PieceState:
    return state if state.status != "in_review" else evolve(state, stage=index)


def _out_of_order(ruleset: Ruleset, state: PieceState, stage_id: object) -> Problem | None:
    """The review chain: a decision at a stage the piece is not at now."""
    stage = current_stage(ruleset, state)
    if state.status != "in_review" or stage is None or stage.id == stage_id:
        return None
    return Problem(
        "",
        "import_stage_out_of_order",
        {
            "piece": state.id,
            "found": repr(stage_id),
            "stage": stage.name or stage.id,
            "stage_id": stage.id,
        },
    )


def _some_stage(
    ruleset: Ruleset, state: PieceState, person: Person, decision: str, stage_id: object
) -> Problem | None:
    """An outcome recorded without its levels: legal if some stage (the named one) may decide it."""
    assert ruleset.review is not None
    named = stage_index(ruleset, stage_id)
    if stage_id is not None and named is None:
        return _out_of_order(ruleset, state, stage_id)
    candidates = [named] if named is not None else range(len(ruleset.review.stages))
    first: Problem | None = None
    for k in candidates:
        refusal = _guard(ruleset, _at_stage(state, k), person, f"review.{decision}")
        if refusal is None:
            return None
        first = first or refusal
    return first


def _screening(state: PieceState, ev: StoredEvent, person: Person) -> Problem | None:
    """Without a review step an outcome is the office's screening: staff, not an author."""
    if STAFF_ROLE in person.roles and not is_author(state, person):
        return None
    return Problem("", "import_screening", {"piece": state.id, "actor": person.id, "type": ev.type})


__all__ = [
    "IMPORTED_MARK",
    "OUTCOMES",
    "STAFF_RECORDS",
    "ImportCheck",
    "carrier",
    "may_import",
    "piece_problems",
    "relevant_roles",
]
