"""The piece commands the workspace state machine (:mod:`.stateful`) sends, by menu action.

:func:`piece_command` turns one of :data:`~sqmy_core.workflow.permissions.ACTIONS`
into a call on a :class:`~sqmy_core.workspace.workspace.Workspace`, with its
arguments drawn: good ones (every check the level needs, planned routes
only with the last level's pass, words of the ruleset's vocabularies, the
penalized among the authors) or, when ``good`` is false, possibly bad ones
(checks missing, routes too early, unknown words, strangers at fault).

Every command is given an ``idempotency_key`` (a retried request must have
no second effect; the additive ones need it or an expected version) and
an ``expected_version`` when the machine draws one (the version seen, or
a stale one, which must be refused).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from hypothesis import strategies as st

from sqmy_core.model.vocab import LEVELS, OUTCOMES, ROUTES
from sqmy_core.rules import Ruleset
from sqmy_core.rules.declared import declarations_of
from sqmy_core.workflow import PieceState
from sqmy_core.workspace.workspace import Workspace

PieceCommand = Callable[[Workspace, str, str, datetime, str, int | None], Any]
"""``(workspace, piece, actor, now, idempotency_key, expected_version) -> PieceState``."""


def _word(data: st.DataObject, good: bool, words: list[str], bad: str, label: str) -> str:
    """One of ``words``; or, with bad arguments allowed, now and then ``bad``."""
    if not good and data.draw(st.integers(0, 3), label=f"bad {label}") == 0:
        return bad
    return data.draw(st.sampled_from(words or [bad]), label=label)


def _review(
    rs: Ruleset, state: PieceState, decision: str, good: bool, data: st.DataObject
) -> PieceCommand:
    every = list(rs.review.checks) if rs.review is not None else []
    if good or data.draw(st.booleans(), label="all checks"):
        checks = every
    else:
        checks = data.draw(st.lists(st.sampled_from([*every, "nonsense"]), unique=True))
    last = rs.review is not None and state.stage == len(rs.review.stages) - 1
    routes: list[str] = []
    if (last and decision == "pass") or not good:
        routes = data.draw(
            st.lists(st.sampled_from(ROUTES), unique=True, max_size=2), label="routes"
        )
    note = data.draw(st.sampled_from([None, "意见"]), label="note")

    def run(w: Workspace, piece: str, actor: str, now: datetime, key: str, seen: int | None) -> Any:
        return w.review(
            piece, actor=actor, decision=decision, now=now, checks=checks, note=note,
            routes=routes, idempotency_key=key, expected_version=seen,
        )  # fmt: skip

    return run


def piece_command(
    rs: Ruleset, state: PieceState, action: str, good: bool, data: st.DataObject
) -> PieceCommand:
    """The call for ``action`` on the piece (at ``state``), its arguments drawn from ``data``."""
    decl = declarations_of(rs)
    if action.startswith("review."):
        return _review(rs, state, action.removeprefix("review."), good, data)
    if action == "expert_opinion":
        opinion = "同意上报" if good else data.draw(st.sampled_from(["同意上报", "  "]))
        return lambda w, p, a, now, key, seen: w.expert_opinion(
            p, actor=a, opinion=opinion, now=now, idempotency_key=key, expected_version=seen
        )
    if action == "resubmit":
        title = data.draw(st.sampled_from([None, "修改稿"]), label="title")
        return lambda w, p, a, now, key, seen: w.resubmit(
            p, actor=a, now=now, title=title, idempotency_key=key, expected_version=seen
        )
    if action == "withdraw":
        return lambda w, p, a, now, key, seen: w.withdraw(
            p, actor=a, now=now, idempotency_key=key, expected_version=seen
        )
    if action == "dispatch":
        route = _word(data, good, list(ROUTES), "nowhere", "route")
        to = data.draw(st.sampled_from([None, "cppcc-city"]), label="to")
        return lambda w, p, a, now, key, seen: w.dispatch(
            p, actor=a, route=route, now=now, to=to, idempotency_key=key, expected_version=seen
        )
    if action == "record_adoption":
        body = _word(data, good, sorted(decl.bodies), "no-such-body", "body")
        return lambda w, p, a, now, key, seen: w.record_adoption(
            p, actor=a, body=body, now=now, idempotency_key=key, expected_version=seen
        )
    if action == "record_instruction":
        level = _word(data, good, list(LEVELS), "galaxy", "level")
        rank = _word(data, good, list(decl.ranks), "janitor", "rank")
        return lambda w, p, a, now, key, seen: w.record_instruction(
            p, actor=a, level=level, rank=rank, now=now, idempotency_key=key, expected_version=seen
        )
    if action == "record_handling":
        outcome = _word(data, good, list(OUTCOMES), "lost", "outcome")
        department = data.draw(st.sampled_from([None, "区住建局"]), label="department")
        return lambda w, p, a, now, key, seen: w.record_handling(
            p,
            actor=a,
            outcome=outcome,
            now=now,
            department=department,
            idempotency_key=key,
            expected_version=seen,
        )
    if action == "record_penalty":
        kind = _word(data, good, list(decl.penalty_kinds), "plagiarism", "kind")
        at_fault = [None, list(state.authors[:1])] + ([] if good else [["ghost"]])
        persons = data.draw(st.sampled_from(at_fault), label="persons")
        return lambda w, p, a, now, key, seen: w.record_penalty(
            p, kind, at=now, actor=a, persons=persons, idempotency_key=key, expected_version=seen
        )
    raise ValueError(f"unknown action {action!r}")


__all__ = ["PieceCommand", "piece_command"]
