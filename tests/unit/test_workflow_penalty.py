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


def test_an_adoption_by_a_declared_body_is_announced_by_its_name() -> None:
    """The 采用 feedback names the organization's own publication, not its id."""
    from datetime import datetime, timedelta, timezone

    from attrs import evolve

    from sqmy_core import Workspace
    from sqmy_core.model import Person
    from sqmy_core.rules.spec import NotificationSpec

    bj = timezone(timedelta(hours=8))
    rs = ruleset("county_office")
    rs = evolve(rs, notifications=(NotificationSpec("adopted", "adopted", ("authors",)),))
    body = rs.vocabulary.bodies[0]
    ws = Workspace.open("memory:", ruleset=rs, settings={"log": {}})
    ws.apply_ruleset(rs, actor="office", at=datetime(2024, 1, 1, tzinfo=bj))
    ws.register_person(Person("a", "甲", rs.scope.roles[:1]))
    ws.register_person(Person("s", "办公室", ("staff",)))
    ws.submit("x", authors=["a"], actor="a", now=datetime(2024, 3, 1, tzinfo=bj), title="稿")
    ws.record_adoption(
        "x", actor="s", body=body.id, now=datetime(2024, 4, 1, tzinfo=bj), request_id="adoption-15"
    )
    items = ws.store.pending(datetime(2024, 4, 2, tzinfo=bj))
    texts = [i.notification.subject + i.notification.body for i in items]
    assert any(body.name in t for t in texts), texts
