"""登记处罚: the pure decider and its place in the OA menu."""

from __future__ import annotations

import pytest

from sqmy_core.errors import PermissionDenied, TransitionNotAllowed
from sqmy_core.i18n import message
from sqmy_core.workflow import allowed_actions
from sqmy_core.workflow import commands as cmd
from tests.unit.test_workflow_state import AUTHOR, CO_AUTHOR, STAFF, Flow, ruleset


def test_staff_record_a_penalty_with_the_authors_at_fault() -> None:
    flow = Flow(ruleset("county_office"))
    flow.submit()
    assert "record_penalty" in allowed_actions(flow.rs, flow.state, STAFF)
    assert "record_penalty" not in allowed_actions(flow.rs, flow.state, AUTHOR)
    (event,) = flow.do(cmd.record_penalty, STAFF, kind="plagiarism", persons=[CO_AUTHOR.id])
    assert (event.type, event.actor) == ("penalized", STAFF.id)
    assert dict(event.data) == {"kind": "plagiarism", "persons": [CO_AUTHOR.id]}
    (whole,) = flow.do(cmd.record_penalty, STAFF, kind="plagiarism")
    assert dict(whole.data) == {"kind": "plagiarism"}  # absent persons: every author


@pytest.mark.parametrize(
    ("kw", "path"),
    [
        ({"kind": "copying"}, "kind"),
        ({"kind": "plagiarism", "persons": [STAFF.id]}, "persons[0]"),
        ({"kind": "plagiarism", "persons": [AUTHOR.id, AUTHOR.id]}, "persons[1]"),
        ({"kind": "plagiarism", "persons": []}, "persons"),
    ],
)
def test_bad_arguments_are_refused_by_name(kw: dict[str, object], path: str) -> None:
    flow = Flow(ruleset("county_office"))
    flow.submit()
    with pytest.raises(TransitionNotAllowed) as exc:
        flow.do(cmd.record_penalty, STAFF, **kw)
    assert exc.value.problems[0].path == path


def test_no_penalty_without_declared_kinds_or_by_others_or_after_withdrawal() -> None:
    flow = Flow(ruleset("district"))
    flow.submit()
    with pytest.raises(TransitionNotAllowed) as exc:
        flow.do(cmd.record_penalty, STAFF, kind="plagiarism")
    assert "penalty_kinds" in message(
        exc.value.problems[0].code, "zh", **exc.value.problems[0].params
    )
    assert "record_penalty" not in allowed_actions(flow.rs, flow.state, STAFF)
    flow = Flow(ruleset("county_office"))
    flow.submit()
    with pytest.raises(PermissionDenied):
        flow.do(cmd.record_penalty, AUTHOR, kind="plagiarism")
    flow.do(cmd.withdraw, AUTHOR)
    with pytest.raises(TransitionNotAllowed):
        flow.do(cmd.record_penalty, STAFF, kind="plagiarism")
    assert allowed_actions(flow.rs, flow.state, STAFF) == []


def test_adoptions_and_instructions_may_name_the_rulesets_declared_bodies_and_ranks() -> None:
    """A body or leader rank the ruleset declares is recorded like a contract one."""
    rs = ruleset("county_office")
    body = rs.vocabulary.bodies[0].id
    flow = Flow(rs)
    flow.submit()
    (adopted,) = flow.do(cmd.record_adoption, STAFF, body=body)
    assert dict(adopted.data) == {"body": body}
    with pytest.raises(TransitionNotAllowed):
        flow.do(cmd.record_adoption, STAFF, body="no-such-body")
