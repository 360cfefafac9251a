"""Submission, withdrawal, dispatch and the records after it; the party's flow without review.

Also: every action :func:`allowed_actions` offers is one the command
accepts, and every action it leaves out is one the command refuses.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest

from sqmy_core.errors import PermissionDenied, SqmyError, TransitionNotAllowed
from sqmy_core.model import Person
from sqmy_core.workflow import ACTIONS, allowed_actions
from sqmy_core.workflow import commands as cmd
from sqmy_core.workflow.state import PieceState
from tests.unit.test_workflow_state import (
    ALL_CHECKS,
    AUTHOR,
    CO_AUTHOR,
    EXPERT,
    OUTSIDER,
    PIECE,
    REVIEWERS,
    STAFF,
    Flow,
    refusal,
    ruleset,
)

# --------------------------------------------------------------------------- submit


def test_an_author_submits_with_only_the_given_keys() -> None:
    rs = ruleset("district")
    now = Flow(rs).now()
    [ev] = cmd.submit(rs, PIECE, authors=["p001", "p002"], actor=AUTHOR, now=now, title=" 标题 ")
    assert (ev.type, ev.at, ev.actor) == ("submitted", now, "p001")
    assert ev.data == {"title": "标题", "authors": ["p001", "p002"]}


def test_staff_registers_a_piece_for_its_authors() -> None:
    flow = Flow(ruleset("committee"))
    s = flow.submit(AUTHOR, actor=STAFF, unit="com-eth")
    assert flow.events[0].actor == STAFF.id and s.authors == ("p001",) and s.unit == "com-eth"


def test_nobody_else_submits_for_the_authors() -> None:
    flow = Flow(ruleset("district"))
    with pytest.raises(PermissionDenied) as exc:
        flow.submit(AUTHOR, CO_AUTHOR, actor=OUTSIDER)
    zh, en = refusal(exc)
    assert zh.startswith(f"只有作者本人或角色 staff（机关干部）可以提交稿件 {PIECE}")
    assert "only an author or role staff may submit" in en


@pytest.mark.parametrize(
    ("kw", "path"),
    [
        ({"authors": []}, "authors"),
        ({"authors": ["p001", "p001"]}, "authors[1]"),
        ({"authors": ["p001", ""]}, "authors[1]"),
        ({"title": "  "}, "title"),
        ({"now": datetime(2024, 3, 1, 9)}, "now"),
    ],
)
def test_submission_arguments_are_checked(kw: dict[str, Any], path: str) -> None:
    rs = ruleset("district")
    args: dict[str, Any] = {
        "authors": ["p001"],
        "actor": AUTHOR,
        "now": Flow(rs).now(),
        "title": "标题",
        **kw,
    }
    with pytest.raises(TransitionNotAllowed) as exc:
        cmd.submit(rs, PIECE, **args)
    assert exc.value.problems[0].path == path


def test_no_event_may_precede_the_submission() -> None:
    flow = Flow(ruleset("district"))
    flow.submit()
    with pytest.raises(TransitionNotAllowed) as exc:
        cmd.withdraw(flow.rs, flow.state, actor=AUTHOR, now=flow.state.submitted_at.replace(hour=8))
    assert "早于稿件 2024-017 的提交时间" in refusal(exc)[0]


def test_no_event_may_precede_the_last_one() -> None:
    """A stream is folded in the order it was written, a dataset (the export) in time order:
    an event earlier than the one before it would make them disagree (found by the state
    machine of ``sqmy_core.testing.stateful``: such an export was refused on import)."""
    flow = Flow(ruleset("district"))
    flow.submit()
    initial, deputy, _ = REVIEWERS["district"]
    flow.review(initial, "pass")
    last = flow.state.updated_at
    assert last is not None
    with pytest.raises(TransitionNotAllowed) as exc:
        cmd.review(flow.rs, flow.state, actor=deputy, decision="reject", checks=(),
                   now=last - timedelta(minutes=30))  # fmt: skip
    zh, en = refusal(exc)
    assert exc.value.problems[0].path == "now"
    assert "早于稿件 2024-017 的上一条记录的时间" in zh and "before the last record" in en
    same = cmd.review(flow.rs, flow.state, actor=deputy, decision="reject", checks=(), now=last)
    assert [e.type for e in same] == ["reviewed", "rejected"]


# --------------------------------------------------------------------------- withdraw


@pytest.mark.parametrize("author", [AUTHOR, CO_AUTHOR], ids=["author", "co_author"])
def test_an_author_withdraws_before_any_decision(author: Person) -> None:
    flow = Flow(ruleset("district"))
    flow.submit()
    assert "withdraw" in allowed_actions(flow.rs, flow.state, author)
    [ev] = flow.do(cmd.withdraw, author, note="另行修改")
    assert (ev.type, ev.data) == ("withdrawn", {"note": "另行修改"})
    s = flow.state
    assert s.status == "withdrawn"
    for person in (AUTHOR, STAFF, *REVIEWERS["district"]):
        assert allowed_actions(flow.rs, s, person) == []
    with pytest.raises(TransitionNotAllowed) as exc:
        flow.review(REVIEWERS["district"][0], "pass")
    assert refusal(exc)[0] == "稿件 2024-017 当前已撤回，不能审核通过。流程已结束，不能再办理"


def test_others_may_not_withdraw() -> None:
    flow = Flow(ruleset("district"))
    flow.submit()
    for person in (OUTSIDER, STAFF, REVIEWERS["district"][0]):
        with pytest.raises(PermissionDenied) as exc:
            flow.do(cmd.withdraw, person)
    assert refusal(exc)[0] == "只有稿件 2024-017 的作者（p001、p002）可以撤回（r1 不是作者）"


def test_no_withdrawal_once_a_level_has_decided() -> None:
    flow = Flow(ruleset("district"))
    flow.submit()
    flow.pass_to(1)
    with pytest.raises(TransitionNotAllowed) as exc:
        flow.do(cmd.withdraw, AUTHOR)
    assert refusal(exc)[0] == (
        "稿件 2024-017 已有审核决定，不能撤回。现在只有角色 reviewer_deputy 可以作出：通过、退回修改、不予上报"
    )
    assert "withdraw" not in allowed_actions(flow.rs, flow.state, AUTHOR)


def test_a_returned_piece_is_revised_not_withdrawn_but_its_resubmission_may_be() -> None:
    flow = Flow(ruleset("committee"))
    flow.submit()
    flow.review(REVIEWERS["committee"][0], "return", checks=())
    with pytest.raises(TransitionNotAllowed):
        flow.do(cmd.withdraw, AUTHOR)
    flow.do(cmd.resubmit, AUTHOR)
    flow.do(cmd.withdraw, AUTHOR)
    assert flow.state.status == "withdrawn"


def test_no_withdrawal_after_approval() -> None:
    flow = Flow(ruleset("district"))
    flow.submit()
    flow.approve()
    with pytest.raises(TransitionNotAllowed):
        flow.do(cmd.withdraw, AUTHOR)


def test_only_an_author_resubmits() -> None:
    flow = Flow(ruleset("district"))
    flow.submit()
    flow.review(REVIEWERS["district"][0], "return", checks=())
    with pytest.raises(PermissionDenied) as exc:
        flow.do(cmd.resubmit, STAFF)
    assert "可以修改后重新提交（s01 不是作者）" in refusal(exc)[0]


# --------------------------------------------------------------------------- dispatch and records


RECORDS: dict[str, tuple[Callable[..., Any], dict[str, str]]] = {
    "dispatch": (cmd.dispatch, {"route": "direct"}),
    "record_adoption": (cmd.record_adoption, {"body": "cppcc-city"}),
    "record_instruction": (cmd.record_instruction, {"level": "city", "rank": "deputy"}),
    "record_handling": (cmd.record_handling, {"outcome": "under_study"}),
}


@pytest.mark.parametrize("action", RECORDS)
@pytest.mark.parametrize("stage", range(3))
def test_nothing_is_dispatched_or_recorded_before_approval(action: str, stage: int) -> None:
    flow = Flow(ruleset("district"))
    flow.submit()
    flow.pass_to(stage)
    command, kw = RECORDS[action]
    with pytest.raises(TransitionNotAllowed) as exc:
        flow.do(command, STAFF, **kw)
    zh, en = refusal(exc)
    stage_name = ("初审（社法委）", "复审（分管副主席）", "审定（主席）")[stage]
    assert zh.startswith(f"稿件 2024-017 当前在“{stage_name}”审核中，不能")
    assert "现在只有角色 reviewer_" in zh
    assert "is not possible now. Now only role reviewer_" in en


def test_dispatch_before_approval_reads_as_the_office_would_say_it() -> None:
    flow = Flow(ruleset("district"))
    flow.submit()
    with pytest.raises(TransitionNotAllowed) as exc:
        flow.do(cmd.dispatch, STAFF, route="direct")
    assert refusal(exc)[0] == (
        "稿件 2024-017 当前在“初审（社法委）”审核中，不能报送。"
        "现在只有角色 reviewer_initial 可以作出：通过、退回修改、不予上报、提请专家联合复核；"
        "作者也可以撤回稿件"
    )


@pytest.mark.parametrize("action", RECORDS)
def test_only_staff_dispatch_and_record(action: str) -> None:
    flow = Flow(ruleset("district"))
    flow.submit()
    flow.approve()
    command, kw = RECORDS[action]
    for person in (AUTHOR, OUTSIDER, EXPERT, *REVIEWERS["district"]):
        with pytest.raises(PermissionDenied) as exc:
            flow.do(command, person, **kw)
    assert refusal(exc)[0].startswith("稿件 2024-017 只能由角色 staff（机关干部）")
    [ev] = flow.do(command, STAFF, **kw)
    assert dict(ev.data) == kw


@pytest.mark.parametrize(
    ("action", "kw", "path"),
    [
        ("dispatch", {"route": "express"}, "route"),
        ("record_adoption", {"body": "cppcc-town"}, "body"),
        ("record_instruction", {"level": "town", "rank": "deputy"}, "level"),
        ("record_instruction", {"level": "city", "rank": "chief"}, "rank"),
        ("record_handling", {"outcome": "done"}, "outcome"),
    ],
)
def test_values_come_from_the_dataset_vocabulary(
    action: str, kw: dict[str, str], path: str
) -> None:
    flow = Flow(ruleset("district"))
    flow.submit()
    flow.approve()
    with pytest.raises(TransitionNotAllowed) as exc:
        flow.do(RECORDS[action][0], STAFF, **kw)
    assert exc.value.problems[0].path == path
    assert "应为以下之一" in refusal(exc)[0]


# --------------------------------------------------------------------------- party: no review


def test_party_pieces_are_accepted_and_dispatched_without_review() -> None:
    flow = Flow(ruleset("party"))
    s = flow.submit(AUTHOR)
    assert (s.status, s.stage) == ("accepted", None)
    assert allowed_actions(flow.rs, s, AUTHOR) == ["withdraw"]
    with pytest.raises(TransitionNotAllowed) as exc:
        flow.review(STAFF, "pass")
    assert (
        refusal(exc)[0] == "本规则集（party）没有审核环节：稿件提交即受理，可由角色 staff 直接报送"
    )
    flow.do(cmd.record_adoption, STAFF, body="party-city")  # adoption needs no dispatch first
    flow.do(cmd.dispatch, STAFF, route="direct", to="民建中央")
    s = flow.state
    assert [a.body for a in s.adoptions] == ["party-city"] and s.dispatches[0].to == "民建中央"
    with pytest.raises(TransitionNotAllowed) as exc:
        flow.do(cmd.withdraw, AUTHOR)
    assert "当前已受理（无审核环节），不能撤回" in refusal(exc)[0]


def test_a_party_piece_may_be_withdrawn_before_anything_follows() -> None:
    flow = Flow(ruleset("party"))
    flow.submit(AUTHOR)
    flow.do(cmd.withdraw, AUTHOR)
    assert flow.state.status == "withdrawn"


# --------------------------------------------------------------------------- menus agree with commands


def _try(flow: Flow, state: PieceState, person: Person, action: str) -> bool:
    rs, now = flow.rs, flow.now()

    def decide(d: str) -> Callable[[], object]:
        return lambda: cmd.review(rs, state, actor=person, decision=d, checks=ALL_CHECKS, now=now)

    def record(a: str) -> Callable[[], object]:
        return lambda: RECORDS[a][0](rs, state, actor=person, now=now, **RECORDS[a][1])

    calls: dict[str, Callable[[], object]] = {
        **{f"review.{d}": decide(d) for d in ("pass", "return", "reject", "escalate")},
        "expert_opinion": lambda: cmd.expert_opinion(
            rs, state, actor=person, opinion="同意", now=now
        ),
        "resubmit": lambda: cmd.resubmit(rs, state, actor=person, now=now),
        "withdraw": lambda: cmd.withdraw(rs, state, actor=person, now=now),
        **{a: record(a) for a in RECORDS},
        "record_penalty": lambda: cmd.record_penalty(
            rs, state, actor=person, kind="plagiarism", now=now
        ),
    }
    try:
        calls[action]()
    except (TransitionNotAllowed, PermissionDenied):
        return False
    return True


def _states(org: str) -> list[tuple[Flow, PieceState]]:
    """The piece after each prefix of a script that visits every status the ruleset has."""

    def script(flow: Flow) -> list[Callable[[], object]]:
        if org == "party":
            return [
                lambda: flow.do(cmd.dispatch, STAFF, route="direct"),
                lambda: flow.do(cmd.record_adoption, STAFF, body="party-city"),
            ]
        first = REVIEWERS[org][0]
        steps: list[Callable[[], object]] = [
            lambda: flow.review(first, "return", checks=()),
            lambda: flow.do(cmd.resubmit, AUTHOR),
            lambda: flow.pass_to(1),
            lambda: flow.review(REVIEWERS[org][1], "reject", checks=()),
        ]
        if org == "district":
            steps[2:2] = [
                lambda: flow.review(first, "escalate", checks=()),
                lambda: flow.do(cmd.expert_opinion, EXPERT, opinion="同意"),
            ]
        return steps

    out = []
    n = len(script(Flow(ruleset(org))))
    for steps in range(n + 1):
        flow = Flow(ruleset(org))
        flow.submit()
        for step in script(flow)[:steps]:
            step()
        out.append((flow, flow.state))
    for end in ("withdraw", "approve"):
        flow = Flow(ruleset(org))
        flow.submit()
        if end == "withdraw":
            flow.do(cmd.withdraw, CO_AUTHOR)
        elif org != "party":
            flow.approve(routes=["direct"])
            flow.do(cmd.record_handling, STAFF, outcome="declined")
        out.append((flow, flow.state))
    statuses = {s.status for _, s in out}
    assert statuses >= {"withdrawn", "approved" if org != "party" else "accepted"}
    return out


@pytest.mark.parametrize("org", ["district", "committee", "party"])
def test_allowed_actions_are_exactly_the_commands_that_succeed(org: str) -> None:
    people = (
        AUTHOR,
        CO_AUTHOR,
        OUTSIDER,
        STAFF,
        EXPERT,
        *REVIEWERS["district"],
        *REVIEWERS["committee"],
    )
    for flow, state in _states(org):
        for person in people:
            offered = allowed_actions(flow.rs, state, person)
            for action in ACTIONS:
                assert (action in offered) == _try(flow, state, person, action), (
                    state.status,
                    person.id,
                    action,
                )


def test_refusals_are_library_errors_with_a_message_in_both_languages() -> None:
    flow = Flow(ruleset("district"))
    flow.submit()
    with pytest.raises(SqmyError) as exc:
        flow.do(cmd.dispatch, STAFF, route="direct")
    zh, en = refusal(exc)
    assert zh != en and str(exc.value) == zh
