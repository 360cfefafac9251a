"""Pure deciders: each command checks the piece's state and returns the events to append.

A command never stores anything and never reads a clock: it gets the
ruleset, the folded :class:`~sqmy_core.workflow.state.PieceState`, the acting
:class:`~sqmy_core.model.Person` and ``now``, and either returns a list of
:class:`~sqmy_core.storage.NewEvent` (to append at ``state.version``) or
raises.  A refused command therefore changes nothing, by construction.

Refusals: :class:`~sqmy_core.errors.PermissionDenied` when the actor may not
act, :class:`~sqmy_core.errors.TransitionNotAllowed` when the piece's state
or the command's arguments do not allow it.  Argument problems carry the
argument's name as their path (``route``, ``checks[2]``, ``authors[1]``) so an
OA form can show the message next to the field.

What the commands check, beyond :mod:`.permissions`:

- ``now`` has an offset and is not before the piece's submission (the
  interchange contract refuses events before submission) nor before the
  piece's last event: a stream is folded in the order it was written, a
  dataset (the export, an import) in time order, and the two must agree --
  a later review with an earlier clock would make the export say another
  thing than the stream (and be refused on import).  Equal times are fine
  (one command's events share ``now``; the export keeps stream order);
- vocabularies (decision, check, route, body, level, rank, outcome) are the
  ones of ``sqmy-dataset/1`` (:mod:`sqmy_core.model.vocab`); checks must be
  among the ruleset's ``review.checks``;
- a ``pass`` needs every check of ``review.checks`` confirmed when the stage
  requires checks (``stage.require_checks``, else ``review.require_checks``);
- planned routes are given only with the last stage's ``pass``.

References to other records (unit, call, clue, people) are not checked
here: the pure layer has no registry, the embedding service does.

Every event's data may carry ``note`` (omitted when empty).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqmy_core.errors import PermissionDenied, Problem, TransitionNotAllowed
from sqmy_core.model import vocab
from sqmy_core.model.entities import Person
from sqmy_core.rules.declared import declarations_of
from sqmy_core.rules.spec import Ruleset, StageSpec
from sqmy_core.storage import NewEvent
from sqmy_core.workflow.permissions import PENALTY_ACTION, STAFF_ROLE, check_action
from sqmy_core.workflow.state import PieceState, current_stage
from sqmy_core.workflow.text import words


def _refuse(path: str, code: str, **params: Any) -> TransitionNotAllowed:
    return TransitionNotAllowed([Problem(path, code, params)])


def _check_now(now: datetime, state: PieceState | None = None) -> None:
    if now.tzinfo is None or now.utcoffset() is None:
        raise _refuse("now", "time_without_offset", found=now.isoformat())
    if state is not None and now < state.submitted_at:
        raise _refuse(
            "now",
            "wf_before_submission",
            at=now.isoformat(),
            piece=state.id,
            submitted_at=state.submitted_at.isoformat(),
        )
    if state is not None and state.updated_at is not None and now < state.updated_at:
        raise _refuse(
            "now",
            "wf_before_last_event",
            at=now.isoformat(),
            piece=state.id,
            last=state.updated_at.isoformat(),
        )


def _one_of(path: str, what: str, value: str, allowed: Iterable[str]) -> None:
    allowed = tuple(allowed)
    if value not in allowed:
        raise _refuse(
            path, "unknown_value", what=what, found=repr(value), allowed=", ".join(allowed)
        )


def _text(path: str, value: str | None) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _refuse(path, "empty")
    return value.strip()


def _data(note: str | None, **fields: Any) -> dict[str, Any]:
    """Event data without the optional keys that were not given."""
    out = {k: v for k, v in fields.items() if v is not None}
    if note:
        out["note"] = note
    return out


def submit(
    ruleset: Ruleset,
    piece_id: str,
    *,
    authors: Sequence[str],
    actor: Person,
    now: datetime,
    title: str,
    unit: str | None = None,
    call: str | None = None,
    topic: str | None = None,
    clue: str | None = None,
    note: str | None = None,
) -> list[NewEvent]:
    """来稿登记: a new piece.  By one of its authors, or by ``staff`` registering it for them.

    ``authors`` is ordered (first author first); the result is one
    ``submitted`` event that starts the piece's stream.  With review the
    piece is then ``in_review`` at the first stage, without it ``accepted``.
    """
    del ruleset  # the same for every ruleset; kept so every command reads alike
    _check_now(now)
    pid = _text("piece", piece_id)
    clean_title = _text("title", title)
    if isinstance(authors, str) or not authors:
        raise _refuse("authors", "empty")
    seen: dict[str, int] = {}
    for i, a in enumerate(authors):
        a = _text(f"authors[{i}]", a)
        if a in seen:
            raise _refuse(
                f"authors[{i}]", "duplicate_item", found=repr(a), first=f"authors[{seen[a]}]"
            )
        seen[a] = i
    if actor.id not in seen and STAFF_ROLE not in actor.roles:
        raise PermissionDenied(
            [Problem("", "wf_submit_not_author", {"piece": pid, "actor": actor.id})]
        )
    data = _data(
        note, title=clean_title, authors=list(seen), unit=unit, call=call, topic=topic, clue=clue
    )
    return [NewEvent("submitted", now, actor.id, data)]


def review(
    ruleset: Ruleset,
    state: PieceState,
    *,
    actor: Person,
    decision: str,
    checks: Iterable[str],
    now: datetime,
    note: str | None = None,
    routes: Sequence[str] = (),
) -> list[NewEvent]:
    """One review level's decision: ``pass``, ``return``, ``reject`` or ``escalate``.

    ``checks`` are the ids of the checks the reviewer confirmed (政治关 ...),
    recorded on the ``reviewed`` event whatever the decision.  Events:
    pass -> ``reviewed`` (+ ``approved`` at the last stage, with the planned
    ``routes``); return -> ``reviewed`` + ``returned``; reject ->
    ``reviewed`` + ``rejected``; escalate -> ``reviewed`` (the piece waits for
    the expert joint review's opinion).
    """
    _check_now(now, state)
    _one_of("decision", "decision", decision, vocab.DECISIONS)
    check_action(ruleset, state, actor, f"review.{decision}", at=now)
    rv = ruleset.review
    stage = current_stage(ruleset, state)
    assert rv is not None and stage is not None  # check_action refused otherwise
    given: set[str] = set()
    for i, c in enumerate([checks] if isinstance(checks, str) else checks):
        _one_of(f"checks[{i}]", "check", c, rv.checks)
        given.add(c)
    confirmed = [c for c in rv.checks if c in given]
    last = state.stage == len(rv.stages) - 1
    planned = _planned_routes(routes, allowed=decision == "pass" and last, last=rv.stages[-1])
    required = rv.require_checks if stage.require_checks is None else stage.require_checks
    missing = [c for c in rv.checks if c not in given]
    if decision == "pass" and required and missing:
        raise _refuse(
            "checks",
            "wf_checks_missing",
            piece=state.id,
            stage=stage.name or stage.id,
            stage_id=stage.id,
            checks=words("check", rv.checks),
            missing=words("check", missing),
        )
    at, who = now, actor.id
    events = [
        NewEvent(
            "reviewed", at, who, _data(note, stage=stage.id, decision=decision, checks=confirmed)
        )
    ]
    if decision == "pass" and last:
        events.append(NewEvent("approved", at, who, _data(note, stage=stage.id, routes=planned)))
    elif decision == "return":
        events.append(NewEvent("returned", at, who, _data(note, stage=stage.id)))
    elif decision == "reject":
        events.append(NewEvent("rejected", at, who, _data(note, stage=stage.id)))
    return events


def _planned_routes(routes: Sequence[str], *, allowed: bool, last: StageSpec) -> list[str]:
    if isinstance(routes, str):
        routes = [routes]
    if routes and not allowed:
        raise _refuse("routes", "wf_routes_only_on_approval", last=last.name or last.id)
    out: list[str] = []
    for i, r in enumerate(routes):
        _one_of(f"routes[{i}]", "route", r, vocab.ROUTES)
        if r in out:
            raise _refuse(
                f"routes[{i}]", "duplicate_item", found=repr(r), first=f"routes[{out.index(r)}]"
            )
        out.append(r)
    return out


def expert_opinion(
    ruleset: Ruleset,
    state: PieceState,
    *,
    actor: Person,
    opinion: str,
    now: datetime,
    note: str | None = None,
) -> list[NewEvent]:
    """专家联合复核意见 on an escalated piece; it goes back to the stage that escalated it."""
    _check_now(now, state)
    check_action(ruleset, state, actor, "expert_opinion", at=now)
    stage = current_stage(ruleset, state)
    assert stage is not None
    text = _text("opinion", opinion)
    return [NewEvent("expert_reviewed", now, actor.id, _data(note, stage=stage.id, opinion=text))]


def resubmit(
    ruleset: Ruleset,
    state: PieceState,
    *,
    actor: Person,
    now: datetime,
    title: str | None = None,
    note: str | None = None,
) -> list[NewEvent]:
    """修改后重新提交 by an author after a return; review starts again per ``review.return_to``."""
    _check_now(now, state)
    check_action(ruleset, state, actor, "resubmit", at=now)
    new_title = None if title is None else _text("title", title)
    return [NewEvent("resubmitted", now, actor.id, _data(note, title=new_title))]


def withdraw(
    ruleset: Ruleset, state: PieceState, *, actor: Person, now: datetime, note: str | None = None
) -> list[NewEvent]:
    """撤回 by an author before any review decision (see :mod:`.permissions`)."""
    _check_now(now, state)
    check_action(ruleset, state, actor, "withdraw", at=now)
    return [NewEvent("withdrawn", now, actor.id, _data(note))]


def dispatch(
    ruleset: Ruleset,
    state: PieceState,
    *,
    actor: Person,
    route: str,
    now: datetime,
    to: str | None = None,
    note: str | None = None,
) -> list[NewEvent]:
    """报送 an approved (or accepted) piece by one route; a piece may go several ways."""
    _check_now(now, state)
    check_action(ruleset, state, actor, "dispatch", at=now)
    _one_of("route", "route", route, vocab.ROUTES)
    return [NewEvent("dispatched", now, actor.id, _data(note, route=route, to=to or None))]


def record_adoption(
    ruleset: Ruleset,
    state: PieceState,
    *,
    actor: Person,
    body: str,
    now: datetime,
    note: str | None = None,
) -> list[NewEvent]:
    """登记采用: ``body`` is one of the contract's bodies (``cppcc-city`` ...) or one the
    ruleset declares (``[vocabulary] bodies``)."""
    _check_now(now, state)
    check_action(ruleset, state, actor, "record_adoption", at=now)
    _one_of("body", "body", body, declarations_of(ruleset).bodies)
    return [NewEvent("adopted", now, actor.id, _data(note, body=body))]


def record_instruction(
    ruleset: Ruleset,
    state: PieceState,
    *,
    actor: Person,
    level: str,
    rank: str,
    now: datetime,
    note: str | None = None,
) -> list[NewEvent]:
    """登记批示: the leader's ``level`` (county/city/province/national) and ``rank``."""
    _check_now(now, state)
    check_action(ruleset, state, actor, "record_instruction", at=now)
    _one_of("level", "level", level, vocab.LEVELS)
    _one_of("rank", "rank", rank, declarations_of(ruleset).ranks)
    return [NewEvent("instructed", now, actor.id, _data(note, level=level, rank=rank))]


def record_handling(
    ruleset: Ruleset,
    state: PieceState,
    *,
    actor: Person,
    outcome: str,
    now: datetime,
    department: str | None = None,
    note: str | None = None,
) -> list[NewEvent]:
    """登记办理结果: ``outcome`` implemented / under_study / declined, and the department."""
    _check_now(now, state)
    check_action(ruleset, state, actor, "record_handling", at=now)
    _one_of("outcome", "outcome", outcome, vocab.OUTCOMES)
    data = _data(note, outcome=outcome, department=department or None)
    return [NewEvent("handled", now, actor.id, data)]


def record_penalty(
    ruleset: Ruleset,
    state: PieceState,
    *,
    actor: Person,
    kind: str,
    now: datetime,
    persons: Sequence[str] | None = None,
    note: str | None = None,
) -> list[NewEvent]:
    """登记处罚 (抄袭 ...): a ``penalized`` event of a kind the ruleset declares.

    ``persons`` are the authors at fault (distinct, each an author of the
    piece); None means all of them, as in ``sqmy-dataset/1.1``.  What it
    costs is the ruleset's business (``[[penalties]]``).
    """
    _check_now(now, state)
    check_action(ruleset, state, actor, PENALTY_ACTION, at=now)
    _one_of("kind", "penalty_kind", kind, (k.id for k in ruleset.vocabulary.penalty_kinds))
    at_fault: list[str] | None = None
    if persons is not None:
        if isinstance(persons, str) or not persons:
            raise _refuse("persons", "empty")
        at_fault = []
        for i, person in enumerate(persons):
            if person in at_fault:
                raise _refuse(
                    f"persons[{i}]",
                    "duplicate_item",
                    found=repr(person),
                    first=f"persons[{at_fault.index(person)}]",
                )
            _one_of(f"persons[{i}]", "author", person, state.authors)
            at_fault.append(person)
    return [NewEvent("penalized", now, actor.id, _data(note, kind=kind, persons=at_fault))]
