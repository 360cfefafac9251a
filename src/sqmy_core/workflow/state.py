"""A piece's state: a pure fold over the events of its stream.

The stream is the source of truth; :func:`fold` turns it into a
:class:`PieceState` that the commands decide on and OA screens display.
``version`` is the number of events folded, i.e. the ``expected_version``
to append the command's events with (optimistic concurrency).

Statuses::

    in_review ──pass (not last)──▶ in_review (next stage)
        │ pass (last) ─▶ approved ─▶ dispatched / adopted / instructed / handled
        │ return ─▶ returned ──resubmit──▶ in_review (first stage, or the same one)
        │ reject ─▶ rejected                                  (final)
        │ escalate ─▶ expert_review ──expert opinion──▶ in_review (same stage)
        └ withdraw (before any decision) ─▶ withdrawn          (final)

A ruleset without ``[review]`` has no approval step: a submitted piece is
``accepted`` and may be dispatched and recorded directly.

The fold is tolerant, because streams also come from imports
(:func:`sqmy_core.workflow.records.from_dataset_records`) and outlive
ruleset changes: an outcome event (approved/returned/rejected) sets the
status even without a preceding ``reviewed``; a ``reviewed`` whose stage the
ruleset no longer knows changes no stage; unknown event types are skipped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from fractions import Fraction
from typing import Any, Literal

from attrs import evolve, field, frozen

from sqmy_core.model._convert import as_tuple
from sqmy_core.rules.spec import Ruleset, StageSpec
from sqmy_core.storage import StoredEvent

Status = Literal[
    "in_review", "expert_review", "returned", "rejected", "approved", "accepted", "withdrawn"
]


@frozen
class Review:
    """One review level's decision (who, which stage, what, which checks were confirmed)."""

    stage: str
    decision: str
    actor: str | None
    at: datetime
    checks: tuple[str, ...] = field(converter=as_tuple, default=())


@frozen
class Opinion:
    """The expert joint review's opinion on an escalated piece."""

    stage: str
    actor: str | None
    at: datetime
    opinion: str


@frozen
class Dispatch:
    route: str
    at: datetime
    to: str | None = None


@frozen
class Adoption:
    body: str
    at: datetime


@frozen
class Instruction:
    level: str
    rank: str
    at: datetime


@frozen
class Handling:
    outcome: str
    at: datetime
    department: str | None = None


@frozen
class SimilarRef:
    """An earlier piece found similar when this one was submitted (``[similar]``), as recorded."""

    piece: str
    score: Fraction


@frozen
class PieceState:
    """Where a piece stands, folded from its stream.

    ``stage`` is the index (in ``ruleset.review.stages``) of the stage the
    piece is at (``in_review``), was escalated from (``expert_review``), was
    returned or rejected by, or was approved at; ``None`` without review.
    ``decided`` is true once a review decision was taken since the last
    (re)submission (an author may withdraw only before that).
    """

    id: str
    status: Status
    title: str
    authors: tuple[str, ...] = field(converter=as_tuple)
    submitted_at: datetime
    stage: int | None = None
    unit: str | None = None
    call: str | None = None
    topic: str | None = None
    clue: str | None = None
    decided: bool = False
    approved_at: datetime | None = None
    routes: tuple[str, ...] = field(converter=as_tuple, default=())
    reviews: tuple[Review, ...] = field(converter=as_tuple, default=())
    opinions: tuple[Opinion, ...] = field(converter=as_tuple, default=())
    dispatches: tuple[Dispatch, ...] = field(converter=as_tuple, default=())
    adoptions: tuple[Adoption, ...] = field(converter=as_tuple, default=())
    instructions: tuple[Instruction, ...] = field(converter=as_tuple, default=())
    handlings: tuple[Handling, ...] = field(converter=as_tuple, default=())
    updated_at: datetime | None = None
    version: int = 0
    similar: tuple[SimilarRef, ...] = field(converter=as_tuple, default=())
    """Similar earlier topics recorded on the ``submitted`` event (what reviewers were shown)."""

    @property
    def followed_up(self) -> bool:
        """Something happened after approval/acceptance (dispatch, adoption, instruction, handling)."""
        return bool(self.dispatches or self.adoptions or self.instructions or self.handlings)


def stage_index(ruleset: Ruleset, stage_id: object) -> int | None:
    """The index of a stage id in the ruleset's review, or None when unknown."""
    if ruleset.review is None:
        return None
    for i, st in enumerate(ruleset.review.stages):
        if st.id == stage_id:
            return i
    return None


def current_stage(ruleset: Ruleset, state: PieceState) -> StageSpec | None:
    """The stage a piece is at (or was at when it left review), if the ruleset knows it."""
    if ruleset.review is None or state.stage is None:
        return None
    stages = ruleset.review.stages
    return stages[state.stage] if 0 <= state.stage < len(stages) else None


def _opt(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    return value if isinstance(value, str) else None


def _start(ruleset: Ruleset, ev: StoredEvent) -> PieceState:
    d = ev.data
    review = ruleset.review is not None
    return PieceState(
        id=ev.stream,
        status="in_review" if review else "accepted",
        title=str(d.get("title", "")),
        authors=tuple(d.get("authors", ())),
        submitted_at=ev.at,
        stage=0 if review else None,
        unit=_opt(d, "unit"),
        call=_opt(d, "call"),
        topic=_opt(d, "topic"),
        clue=_opt(d, "clue"),
        updated_at=ev.at,
        version=1,
        similar=_similar(d.get("similar")),
    )


def _similar(value: object) -> tuple[SimilarRef, ...]:
    """The recorded matches; tolerant like the rest of the fold (an imported stream may hold anything)."""
    out: list[SimilarRef] = []
    for item in value if isinstance(value, list) else ():
        if not isinstance(item, Mapping) or not isinstance(item.get("piece"), str):
            continue
        try:
            score = Fraction(str(item.get("score")))
        except (ValueError, ZeroDivisionError):
            continue
        out.append(SimilarRef(item["piece"], score))
    return tuple(out)


def _reviewed(ruleset: Ruleset, s: PieceState, ev: StoredEvent) -> PieceState:
    d = ev.data
    stage_id = str(d.get("stage", ""))
    decision = str(d.get("decision", ""))
    review = Review(stage_id, decision, ev.actor, ev.at, tuple(d.get("checks", ())))
    s = evolve(s, reviews=(*s.reviews, review), decided=True)
    idx = stage_index(ruleset, stage_id)
    if idx is not None:
        s = evolve(s, stage=idx)
    if decision == "pass":
        if idx is not None and ruleset.review is not None and idx < len(ruleset.review.stages) - 1:
            return evolve(s, status="in_review", stage=idx + 1)
        return s  # the last stage's pass is followed by ``approved``
    if decision == "return":
        return evolve(s, status="returned")
    if decision == "reject":
        return evolve(s, status="rejected")
    if decision == "escalate":
        return evolve(s, status="expert_review")
    return s


def _outcome(ruleset: Ruleset, s: PieceState, ev: StoredEvent) -> PieceState:
    idx = stage_index(ruleset, ev.data.get("stage"))
    if idx is not None:
        s = evolve(s, stage=idx)
    if ev.type == "approved":
        if idx is None and ruleset.review is not None:
            s = evolve(s, stage=len(ruleset.review.stages) - 1)
        return evolve(
            s, status="approved", approved_at=ev.at, routes=tuple(ev.data.get("routes", ()))
        )
    return evolve(s, status="returned" if ev.type == "returned" else "rejected", decided=True)


def _apply(ruleset: Ruleset, s: PieceState, ev: StoredEvent) -> PieceState:
    d = ev.data
    t = ev.type
    if t == "reviewed":
        return _reviewed(ruleset, s, ev)
    if t in ("approved", "returned", "rejected"):
        return _outcome(ruleset, s, ev)
    if t == "expert_reviewed":
        op = Opinion(str(d.get("stage", "")), ev.actor, ev.at, str(d.get("opinion", "")))
        return evolve(s, status="in_review", opinions=(*s.opinions, op))
    if t == "resubmitted":
        stage = s.stage
        if ruleset.review is not None and ruleset.review.return_to == "first":
            stage = 0
        title = _opt(d, "title") or s.title
        return evolve(s, status="in_review", stage=stage, title=title, decided=False)
    if t == "withdrawn":
        return evolve(s, status="withdrawn")
    if t == "dispatched":
        return evolve(
            s, dispatches=(*s.dispatches, Dispatch(str(d["route"]), ev.at, _opt(d, "to")))
        )
    if t == "adopted":
        return evolve(s, adoptions=(*s.adoptions, Adoption(str(d["body"]), ev.at)))
    if t == "instructed":
        ins = Instruction(str(d["level"]), str(d["rank"]), ev.at)
        return evolve(s, instructions=(*s.instructions, ins))
    if t == "handled":
        h = Handling(str(d["outcome"]), ev.at, _opt(d, "department"))
        return evolve(s, handlings=(*s.handlings, h))
    return s


def fold(ruleset: Ruleset, events: Sequence[StoredEvent]) -> PieceState:
    """The state after ``events`` (one piece's stream, oldest first).

    Raises :class:`ValueError` for an empty stream or one that does not
    start with ``submitted``: the caller asked about a piece that does not
    exist, which is the embedding service's concern, not a refusal.
    """
    if not events or events[0].type != "submitted":
        raise ValueError("a piece's stream must start with a 'submitted' event")
    return fold_onto(ruleset, _start(ruleset, events[0]), events[1:])


def fold_onto(ruleset: Ruleset, state: PieceState, events: Sequence[StoredEvent]) -> PieceState:
    """The state after ``events`` were appended to a stream that stood at ``state``.

    A command folds the stream once: it folds what it read, decides, appends,
    and carries on from there with only the events it appended.
    """
    for ev in events:
        state = evolve(_apply(ruleset, state, ev), updated_at=ev.at, version=state.version + 1)
    return state
