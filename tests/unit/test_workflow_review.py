"""The review levels of the district (第三条 三审) and committee (第三条 逐级审阅) rules.

Every decision of every level: pass, return and reject at each stage;
escalation and the expert opinion at the district's 初审 only; the five
checks (五关) before a pass; the ban on reviewing one's own (or joint)
piece; resubmission after a return starting again at the first level; and
refusals that say who may decide what now.
"""

from __future__ import annotations

from typing import Any

import pytest
from attrs import evolve

from sqmy_core.errors import PermissionDenied, TransitionNotAllowed
from sqmy_core.model import Person, vocab
from sqmy_core.rules.spec import ReviewSpec, Ruleset, StageSpec
from sqmy_core.workflow import allowed_actions
from sqmy_core.workflow import commands as cmd
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
    as_author_with_every_role,
    refusal,
    ruleset,
)

ORGS = ("district", "committee")
LEVELS = [(org, k) for org in ORGS for k in range(3)]
STAGE_NAMES = {
    "district": ("初审（社法委）", "复审（分管副主席）", "审定（主席）"),
    "committee": ("委办专人审阅", "办公室主任审阅", "专委会领导审定"),
}
ROLES = {
    "district": ("reviewer_initial", "reviewer_deputy", "reviewer_chair"),
    "committee": ("editor", "office_director", "committee_leader"),
}


def stages(rs: Ruleset) -> tuple[StageSpec, ...]:
    assert rs.review is not None
    return rs.review.stages


def with_review(rs: Ruleset, **changes: Any) -> Ruleset:
    """The ruleset with some ``[review]`` keys changed (e.g. ``return_to = "same"``)."""
    review: ReviewSpec | None = rs.review
    assert review is not None
    return evolve(rs, review=evolve(review, **changes))


def at_level(org: str, k: int) -> Flow:
    flow = Flow(ruleset(org))
    flow.submit()
    flow.pass_to(k)
    return flow


# --------------------------------------------------------------------------- each decision


@pytest.mark.parametrize(("org", "k"), LEVELS)
def test_pass_moves_to_the_next_level_or_approves_at_the_last(org: str, k: int) -> None:
    flow = at_level(org, k)
    reviewer = REVIEWERS[org][k]
    new = flow.review(reviewer, "pass", note="同意")
    stage_id = stages(flow.rs)[k].id
    assert new[0].type == "reviewed" and new[0].actor == reviewer.id
    assert new[0].data == {
        "stage": stage_id,
        "decision": "pass",
        "checks": list(ALL_CHECKS),
        "note": "同意",
    }
    s = flow.state
    if k < 2:
        assert [e.type for e in new] == ["reviewed"]
        assert (s.status, s.stage, s.approved_at) == ("in_review", k + 1, None)
    else:
        assert [e.type for e in new] == ["reviewed", "approved"]
        assert new[1].data == {"stage": stage_id, "routes": [], "note": "同意"}
        assert (s.status, s.stage, s.approved_at) == ("approved", 2, new[1].at)


@pytest.mark.parametrize(("org", "k"), LEVELS)
def test_return_sends_the_piece_back_to_its_authors(org: str, k: int) -> None:
    flow = at_level(org, k)
    new = flow.review(REVIEWERS[org][k], "return", checks=(), note="请补充数据")
    assert [e.type for e in new] == ["reviewed", "returned"]
    stage_id = stages(flow.rs)[k].id
    assert new[1].data == {"stage": stage_id, "note": "请补充数据"}
    s = flow.state
    assert (s.status, s.stage) == ("returned", k)
    assert allowed_actions(flow.rs, s, AUTHOR) == ["resubmit"]
    assert allowed_actions(flow.rs, s, CO_AUTHOR) == ["resubmit"]
    assert allowed_actions(flow.rs, s, REVIEWERS[org][k]) == []


@pytest.mark.parametrize(("org", "k"), LEVELS)
def test_resubmission_after_a_return_starts_again_at_the_first_level(org: str, k: int) -> None:
    flow = at_level(org, k)
    flow.review(REVIEWERS[org][k], "return", checks=())
    flow.do(cmd.resubmit, AUTHOR, title="关于加快老旧小区改造的建议（修改稿）")
    s = flow.state
    assert (s.status, s.stage, s.decided) == ("in_review", 0, False)
    assert s.title == "关于加快老旧小区改造的建议（修改稿）"
    with pytest.raises(PermissionDenied):  # the level that returned it waits its turn again
        cmd.review(
            flow.rs,
            s,
            actor=REVIEWERS[org][k] if k else REVIEWERS[org][1],
            decision="pass",
            checks=ALL_CHECKS,
            now=flow.now(),
        )
    assert flow.approve().status == "approved"


@pytest.mark.parametrize("k", range(3))
def test_return_to_same_resumes_at_the_level_that_returned_it(k: int) -> None:
    rs = ruleset("district")
    flow = Flow(with_review(rs, return_to="same"))
    flow.submit()
    flow.pass_to(k)
    flow.review(REVIEWERS["district"][k], "return", checks=())
    flow.do(cmd.resubmit, CO_AUTHOR)
    assert (flow.state.status, flow.state.stage) == ("in_review", k)


@pytest.mark.parametrize(("org", "k"), LEVELS)
def test_reject_ends_the_workflow(org: str, k: int) -> None:
    flow = at_level(org, k)
    new = flow.review(REVIEWERS[org][k], "reject", checks=["political"])
    assert [e.type for e in new] == ["reviewed", "rejected"]
    assert new[0].data["checks"] == ["political"]
    s = flow.state
    assert (s.status, s.stage) == ("rejected", k)
    for person in (AUTHOR, CO_AUTHOR, STAFF, EXPERT, *REVIEWERS[org]):
        assert allowed_actions(flow.rs, s, person) == []
    with pytest.raises(TransitionNotAllowed) as exc:
        flow.do(cmd.resubmit, AUTHOR)
    assert refusal(exc)[0].endswith("已不予上报，不能修改后重新提交。流程已结束，不能再办理")


# --------------------------------------------------------------------------- escalation


def test_initial_review_may_escalate_and_the_expert_opinion_returns_it_there() -> None:
    flow = at_level("district", 0)
    initial = REVIEWERS["district"][0]
    new = flow.review(initial, "escalate", checks=())
    assert [e.type for e in new] == ["reviewed"]
    assert new[0].data["decision"] == "escalate"
    s = flow.state
    assert (s.status, s.stage) == ("expert_review", 0)
    assert allowed_actions(flow.rs, s, EXPERT) == ["expert_opinion"]
    assert allowed_actions(flow.rs, s, initial) == []

    with pytest.raises(TransitionNotAllowed) as exc:  # the reviewer waits for the experts
        flow.review(initial, "pass")
    zh, en = refusal(exc)
    assert "在专家联合复核中（由“初审（社法委）”提请）" in zh
    assert "现在只有角色 expert 可以出具专家联合复核意见" in zh
    assert "only role expert may give the expert joint review's opinion" in en

    new = flow.do(cmd.expert_opinion, EXPERT, opinion="数据来源可靠，建议上报")
    assert [e.type for e in new] == ["expert_reviewed"]
    assert new[0].data == {"stage": "initial", "opinion": "数据来源可靠，建议上报"}
    s = flow.state
    assert (s.status, s.stage) == ("in_review", 0)
    assert s.opinions[0].actor == EXPERT.id
    assert allowed_actions(flow.rs, s, initial) == [
        "review.pass",
        "review.return",
        "review.reject",
        "review.escalate",
    ]
    assert flow.approve().status == "approved"


def test_expert_opinion_needs_the_expert_role_and_not_an_author() -> None:
    flow = at_level("district", 0)
    flow.review(REVIEWERS["district"][0], "escalate", checks=())
    with pytest.raises(PermissionDenied) as exc:
        flow.do(cmd.expert_opinion, STAFF, opinion="同意")
    zh, en = refusal(exc)
    assert zh == (
        f"稿件 {PIECE} 正在专家联合复核（由“初审（社法委）”提请），只有角色 expert 可以出具复核意见"
        "（s01 不具有此角色）"
    )
    assert "only role expert may give the opinion" in en
    for author in (AUTHOR, CO_AUTHOR):
        with pytest.raises(PermissionDenied) as exc:
            flow.do(cmd.expert_opinion, as_author_with_every_role(author), opinion="同意")
        assert "不得审核本人稿件" in refusal(exc)[0]
    with pytest.raises(TransitionNotAllowed):
        flow.do(cmd.expert_opinion, EXPERT, opinion="  ")


def test_no_expert_opinion_unless_escalated() -> None:
    flow = at_level("district", 0)
    with pytest.raises(TransitionNotAllowed) as exc:
        flow.do(cmd.expert_opinion, EXPERT, opinion="同意")
    assert "不能出具专家联合复核意见" in refusal(exc)[0]


@pytest.mark.parametrize(("org", "k"), [(o, k) for o, k in LEVELS if (o, k) != ("district", 0)])
def test_escalation_is_refused_where_the_level_does_not_allow_it(org: str, k: int) -> None:
    flow = at_level(org, k)
    with pytest.raises(TransitionNotAllowed) as exc:
        flow.review(REVIEWERS[org][k], "escalate", checks=())
    zh, en = refusal(exc)
    assert zh == (
        f"“{STAGE_NAMES[org][k]}”不能作出“提请专家联合复核”决定；稿件 {PIECE} 现在只有角色 "
        f"{ROLES[org][k]} 可以作出：通过、退回修改、不予上报"
    )
    assert "cannot decide 'send to expert joint review'" in en
    assert "escalate" not in [
        a.split(".")[-1] for a in allowed_actions(flow.rs, flow.state, REVIEWERS[org][k])
    ]


def test_an_unknown_decision_is_refused_with_the_vocabulary() -> None:
    flow = at_level("district", 0)
    with pytest.raises(TransitionNotAllowed) as exc:
        flow.review(REVIEWERS["district"][0], "approve")
    assert "approve" in refusal(exc)[0] and "escalate" in refusal(exc)[0]


# --------------------------------------------------------------------------- who may review


def test_wrong_role_refusal_says_who_may_decide_what() -> None:
    flow = at_level("district", 1)
    with pytest.raises(PermissionDenied) as exc:
        flow.review(REVIEWERS["district"][0], "pass")
    zh, en = refusal(exc)
    assert zh.startswith(
        "稿件 2024-017 当前在“复审（分管副主席）”，只有角色 reviewer_deputy 可以作出：通过、退回修改、不予上报"
    )
    assert en.startswith(
        "piece 2024-017 is at stage 'deputy' (复审（分管副主席）); only role reviewer_deputy "
        "may decide: pass, return for revision, reject"
    )


@pytest.mark.parametrize(("org", "k"), LEVELS)
@pytest.mark.parametrize("decision", ["pass", "return", "reject"])
def test_only_the_levels_role_decides(org: str, k: int, decision: str) -> None:
    flow = at_level(org, k)
    others = [r for i, r in enumerate(REVIEWERS[org]) if i != k]
    for person in (*others, STAFF, EXPERT, OUTSIDER):
        with pytest.raises(PermissionDenied) as exc:
            flow.review(person, decision)
        assert (
            f"当前在“{STAGE_NAMES[org][k]}”，只有角色 {ROLES[org][k]} 可以作出：" in refusal(exc)[0]
        )
        assert allowed_actions(flow.rs, flow.state, person) == []


@pytest.mark.parametrize(("org", "k"), LEVELS)
@pytest.mark.parametrize("author", [AUTHOR, CO_AUTHOR], ids=["author", "co_author"])
def test_authors_never_review_their_own_piece(org: str, k: int, author: Person) -> None:
    flow = at_level(org, k)
    reviewer_author = as_author_with_every_role(author)
    for decision in stages(flow.rs)[k].decisions:
        with pytest.raises(PermissionDenied) as exc:
            flow.review(reviewer_author, decision)
        zh, en = refusal(exc)
        assert zh.startswith(
            f"{reviewer_author.id} 是稿件 {PIECE} 的作者（含联名），不得审核本人稿件"
        )
        assert f"须由其他具有角色 {ROLES[org][k]} 的人员办理" in zh
        assert "may not review it" in en
    assert "review.pass" not in allowed_actions(flow.rs, flow.state, reviewer_author)


def test_authors_may_review_when_the_ruleset_allows_it() -> None:
    rs = ruleset("committee")
    flow = Flow(with_review(rs, authors_may_review=True))
    flow.submit()
    flow.review(as_author_with_every_role(AUTHOR), "pass")
    assert flow.state.stage == 1


# --------------------------------------------------------------------------- five checks


@pytest.mark.parametrize(("org", "k"), LEVELS)
@pytest.mark.parametrize("check", ALL_CHECKS)
def test_a_pass_needs_every_check_confirmed(org: str, k: int, check: str) -> None:
    flow = at_level(org, k)
    confirmed = [c for c in ALL_CHECKS if c != check]
    with pytest.raises(TransitionNotAllowed) as exc:
        flow.review(REVIEWERS[org][k], "pass", checks=confirmed)
    zh, en = refusal(exc)
    assert zh.endswith(f"尚未确认：{vocab.CHECK_NAMES[check]}")
    assert (
        f"在“{STAGE_NAMES[org][k]}”作出“通过”决定前须逐项确认政治关、政策关、事实关、格式关、文字关"
        in zh
    )
    assert en.endswith(f"not confirmed: {check}")
    assert flow.state.version == k + 1  # nothing happened


def test_the_refusal_names_every_missing_check() -> None:
    flow = at_level("committee", 0)
    with pytest.raises(TransitionNotAllowed) as exc:
        flow.review(REVIEWERS["committee"][0], "pass", checks=["policy", "format"])
    assert refusal(exc)[0].endswith("尚未确认：政治关、事实关、文字关")


def test_checks_are_recorded_in_ruleset_order_and_unknown_ones_refused() -> None:
    flow = at_level("district", 0)
    with pytest.raises(TransitionNotAllowed) as exc:
        flow.review(REVIEWERS["district"][0], "pass", checks=[*ALL_CHECKS, "spelling"])
    assert exc.value.problems[0].path == "checks[5]"
    new = flow.review(REVIEWERS["district"][0], "pass", checks=list(reversed(ALL_CHECKS)))
    assert new[0].data["checks"] == list(ALL_CHECKS)


def test_a_stage_may_waive_the_checks() -> None:
    rs = ruleset("district")
    waived = (evolve(stages(rs)[0], require_checks=False), *stages(rs)[1:])
    flow = Flow(with_review(rs, stages=waived))
    flow.submit()
    flow.review(REVIEWERS["district"][0], "pass", checks=())
    with pytest.raises(TransitionNotAllowed):
        flow.review(REVIEWERS["district"][1], "pass", checks=())


# --------------------------------------------------------------------------- the whole way


@pytest.mark.parametrize("org", ORGS)
def test_full_path_to_approval_and_after(org: str) -> None:
    flow = Flow(ruleset(org))
    flow.submit()
    s = flow.approve(routes=["direct", "reference"])
    assert s.status == "approved" and s.routes == ("direct", "reference")
    assert [r.stage for r in s.reviews] == [st.id for st in stages(flow.rs)]
    assert allowed_actions(flow.rs, s, STAFF) == [
        "dispatch",
        "record_adoption",
        "record_instruction",
        "record_handling",
    ]
    flow.do(cmd.dispatch, STAFF, route="direct", to="cppcc-city")
    flow.do(cmd.record_adoption, STAFF, body="cppcc-city")
    flow.do(cmd.record_instruction, STAFF, level="city", rank="principal")
    flow.do(cmd.record_handling, STAFF, outcome="implemented", department="区住建局")
    s = flow.state
    assert [(d.route, d.to) for d in s.dispatches] == [("direct", "cppcc-city")]
    assert [a.body for a in s.adoptions] == ["cppcc-city"]
    assert [(i.level, i.rank) for i in s.instructions] == [("city", "principal")]
    assert [(h.outcome, h.department) for h in s.handlings] == [("implemented", "区住建局")]
    assert s.status == "approved" and s.version == 9


def test_routes_are_planned_only_with_the_final_pass() -> None:
    flow = at_level("district", 0)
    with pytest.raises(TransitionNotAllowed) as exc:
        flow.review(REVIEWERS["district"][0], "pass", routes=["direct"])
    assert "审定（主席）" in refusal(exc)[0]
    flow.pass_to(2)
    chair = REVIEWERS["district"][2]
    with pytest.raises(TransitionNotAllowed):
        flow.review(chair, "return", checks=(), routes=["direct"])
    with pytest.raises(TransitionNotAllowed) as exc:
        flow.review(chair, "pass", routes=["express"])
    assert exc.value.problems[0].path == "routes[0]"
    with pytest.raises(TransitionNotAllowed):
        flow.review(chair, "pass", routes=["direct", "direct"])
