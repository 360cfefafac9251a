"""Who may do what to a piece now, and the refusal that says so.

One guard, :func:`check_action`, decides every command's permission and
state rule; the commands call it and :func:`allowed_actions` tries it for
each action, so an OA menu never offers what the command would refuse and
a refusal never contradicts the menu.

Action names (stable strings an OA system can key its menus and buttons on):
``review.pass``, ``review.return``, ``review.reject``, ``review.escalate``,
``expert_opinion``, ``resubmit``, ``withdraw``, ``dispatch``,
``record_adoption``, ``record_instruction``, ``record_handling``,
``record_penalty``.

Rules (the policies' review clauses; district 第三条, committee 第三条):

- a review decision is taken by a holder of the current stage's ``role``;
  authors and co-authors never review their own piece (PermissionDenied)
  unless the ruleset sets ``authors_may_review``; the decision must be one
  the stage lists;
- the expert opinion on an escalated piece comes from a holder of the
  stage's ``escalate_role`` who is not an author;
- only an author resubmits (after a return) or withdraws (while in review
  and before any decision since the last (re)submission; or, without a
  review step, while nothing has followed the acceptance);
- only role ``staff`` dispatches and records adoptions, instructions and
  handling, and only once the piece is approved (or accepted);
- only role ``staff`` records a penalty (``penalized``, e.g. 抄袭), on any
  piece that is not withdrawn (a fault may be found in review or years
  after adoption), and only under a ruleset that declares penalty kinds;
- nobody acts outside their term of office (``since`` to ``until``): a
  reviewer or clerk who has left holds no role any more, and an act dated
  before someone took office was not theirs to take.  The guard knows the
  moment only when it is given one (``at``: the command's ``now``, an
  imported event's time); a menu asked without a moment cannot tell.

State refusals raise :class:`~sqmy_core.errors.TransitionNotAllowed`;
refusals because of who the actor is raise
:class:`~sqmy_core.errors.PermissionDenied`.  Both messages end with who may
do what now.  Problems carry an empty path: they concern the command as a
whole.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

from sqmy_core.errors import PermissionDenied, Problem, TransitionNotAllowed
from sqmy_core.model.entities import Person
from sqmy_core.rules.spec import Ruleset, StageSpec
from sqmy_core.workflow.state import PieceState, current_stage
from sqmy_core.workflow.text import Text, text, words

STAFF_ROLE: Final = "staff"

REVIEW_ACTIONS: Final = ("review.pass", "review.return", "review.reject", "review.escalate")
STAFF_ACTIONS: Final = ("dispatch", "record_adoption", "record_instruction", "record_handling")
PENALTY_ACTION: Final = "record_penalty"
ACTIONS: Final = (
    *REVIEW_ACTIONS,
    "expert_opinion",
    "resubmit",
    "withdraw",
    *STAFF_ACTIONS,
    PENALTY_ACTION,
)
"""Every action :func:`allowed_actions` may return, in menu order."""


def is_author(state: PieceState, person: Person) -> bool:
    return person.id in state.authors


def _stage_params(stage: StageSpec | None) -> dict[str, str]:
    if stage is None:
        return {"stage": "?", "stage_id": "?"}
    return {"stage": stage.name or stage.id, "stage_id": stage.id}


def status_phrase(ruleset: Ruleset, state: PieceState) -> Text:
    """What the piece is now (在“初审（社法委）”审核中 / 已审定通过 ...)."""
    return text(f"wf_status_{state.status}", **_stage_params(current_stage(ruleset, state)))


def now_phrase(ruleset: Ruleset, state: PieceState) -> Text:
    """Who may do what now, whoever asks (the end of every refusal)."""
    stage = current_stage(ruleset, state)
    if state.status == "in_review" and stage is not None:
        code = "wf_now_review" if state.decided else "wf_now_review_undecided"
        return text(code, role=stage.role, decisions=words("decision", stage.decisions))
    if state.status == "expert_review" and stage is not None:
        return text("wf_now_expert", role=stage.escalate_role or "?")
    if state.status == "returned":
        return text("wf_now_returned", authors=words("", state.authors))
    if state.status in ("approved", "accepted"):
        actions = words("action", STAFF_ACTIONS)
        if state.status == "accepted" and not state.followed_up:
            return text("wf_now_staff_or_withdraw", actions=actions)
        return text("wf_now_staff", actions=actions)
    return text("wf_now_closed")


def _refuse_state(ruleset: Ruleset, state: PieceState, action: str) -> TransitionNotAllowed:
    return TransitionNotAllowed(
        [
            Problem(
                "",
                "wf_state",
                {
                    "piece": state.id,
                    "status": status_phrase(ruleset, state),
                    "action": words("action", [action]),
                    "now": now_phrase(ruleset, state),
                },
            )
        ]
    )


def _deny(code: str, **params: object) -> PermissionDenied:
    return PermissionDenied([Problem("", code, params)])


def _check_review(ruleset: Ruleset, state: PieceState, person: Person, decision: str) -> None:
    if ruleset.review is None:
        raise TransitionNotAllowed(
            [Problem("", "wf_no_review", {"organization": ruleset.organization})]
        )
    stage = current_stage(ruleset, state)
    action = f"review.{decision}"
    if state.status != "in_review" or stage is None:
        raise _refuse_state(ruleset, state, action)
    params = {
        "piece": state.id,
        "role": stage.role,
        "actor": person.id,
        "decisions": words("decision", stage.decisions),
        **_stage_params(stage),
    }
    if stage.role not in person.roles:
        raise _deny("wf_wrong_role", **params)
    if is_author(state, person) and not ruleset.review.authors_may_review:
        raise _deny("wf_self_review", **params)
    if decision not in stage.decisions:
        raise TransitionNotAllowed(
            [
                Problem(
                    "",
                    "wf_decision_not_allowed",
                    {**params, "decision": words("decision", [decision])},
                )
            ]
        )


def _check_expert(ruleset: Ruleset, state: PieceState, person: Person) -> None:
    stage = current_stage(ruleset, state)
    if ruleset.review is None or state.status != "expert_review" or stage is None:
        raise _refuse_state(ruleset, state, "expert_opinion")
    role = stage.escalate_role or "?"
    params = {"piece": state.id, "role": role, "actor": person.id, **_stage_params(stage)}
    if role not in person.roles:
        raise _deny("wf_wrong_role_expert", **params)
    if is_author(state, person) and not ruleset.review.authors_may_review:
        raise _deny("wf_self_review", **params)


def _check_author_action(ruleset: Ruleset, state: PieceState, person: Person, action: str) -> None:
    if action == "resubmit" and state.status != "returned":
        raise _refuse_state(ruleset, state, action)
    if action == "withdraw":
        if state.status == "in_review" and state.decided:
            raise TransitionNotAllowed(
                [
                    Problem(
                        "",
                        "wf_withdraw_after_decision",
                        {"piece": state.id, "now": now_phrase(ruleset, state)},
                    )
                ]
            )
        open_review = state.status == "in_review"
        open_acceptance = state.status == "accepted" and not state.followed_up
        if not (open_review or open_acceptance):
            raise _refuse_state(ruleset, state, action)
    if not is_author(state, person):
        raise _deny(
            "wf_not_author",
            piece=state.id,
            authors=words("", state.authors),
            action=words("action", [action]),
            actor=person.id,
        )


def _check_staff_action(ruleset: Ruleset, state: PieceState, person: Person, action: str) -> None:
    if state.status not in ("approved", "accepted"):
        raise _refuse_state(ruleset, state, action)
    if STAFF_ROLE not in person.roles:
        raise _deny(
            "wf_not_staff", piece=state.id, action=words("action", [action]), actor=person.id
        )


def _check_penalty(ruleset: Ruleset, state: PieceState, person: Person) -> None:
    if not ruleset.vocabulary.penalty_kinds:
        raise TransitionNotAllowed(
            [Problem("", "wf_no_penalty_kinds", {"organization": ruleset.organization})]
        )
    if state.status == "withdrawn":
        raise _refuse_state(ruleset, state, PENALTY_ACTION)
    if STAFF_ROLE not in person.roles:
        raise _deny(
            "wf_not_staff",
            piece=state.id,
            action=words("action", [PENALTY_ACTION]),
            actor=person.id,
        )


def in_office_at(person: Person, at: datetime) -> bool:
    """Whether ``at`` falls in the person's term (``since`` inclusive, ``until`` exclusive)."""
    return (person.since is None or person.since <= at) and (
        person.until is None or person.until > at
    )


def check_in_office(state: PieceState, person: Person, action: str, at: datetime) -> None:
    """Refuse (:class:`PermissionDenied`) an act of ``person`` outside their term of office."""
    if in_office_at(person, at):
        return
    raise _deny(
        "wf_out_of_office",
        piece=state.id,
        action=words("action", [action]),
        actor=person.id,
        since=person.since.isoformat() if person.since else "—",
        until=person.until.isoformat() if person.until else "—",
    )


def check_action(
    ruleset: Ruleset,
    state: PieceState,
    person: Person,
    action: str,
    at: datetime | None = None,
) -> None:
    """Raise the refusal if ``person`` may not take ``action`` on the piece now.

    Arguments of the action itself (checks confirmed, a route, a body) are
    the command's business; this guard looks only at state, person and,
    given ``at``, whether the person is in office then.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r} (expected one of {', '.join(ACTIONS)})")
    if at is not None:
        check_in_office(state, person, action, at)
    if action in REVIEW_ACTIONS:
        _check_review(ruleset, state, person, action.removeprefix("review."))
    elif action == "expert_opinion":
        _check_expert(ruleset, state, person)
    elif action in ("resubmit", "withdraw"):
        _check_author_action(ruleset, state, person, action)
    elif action in STAFF_ACTIONS:
        _check_staff_action(ruleset, state, person, action)
    elif action == PENALTY_ACTION:
        _check_penalty(ruleset, state, person)
    else:
        raise ValueError(f"unknown action {action!r} (expected one of {', '.join(ACTIONS)})")


def allowed_actions(
    ruleset: Ruleset, state: PieceState, person: Person, at: datetime | None = None
) -> list[str]:
    """What ``person`` may do to the piece now, in :data:`ACTIONS` order (for OA menus);
    given ``at``, nothing outside the person's term of office."""
    out: list[str] = []
    for action in ACTIONS:
        try:
            check_action(ruleset, state, person, action, at)
        except (TransitionNotAllowed, PermissionDenied):
            continue
        out.append(action)
    return out


__all__ = [
    "ACTIONS",
    "PENALTY_ACTION",
    "REVIEW_ACTIONS",
    "STAFF_ACTIONS",
    "STAFF_ROLE",
    "allowed_actions",
    "check_action",
    "check_in_office",
    "in_office_at",
    "is_author",
    "now_phrase",
    "status_phrase",
]
