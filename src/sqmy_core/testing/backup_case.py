"""A workspace that holds one of everything a backup must keep, for every backend's round-trip test.

Two ruleset versions (2024, 2025), units, people (one who left office:
``until``, 1.1), an adjustment (1.1), a call, a clue with its contact, a piece approved with a planned route and never dispatched (so it
stands in the overdue queue), the 五关 checks, a withdrawn piece,
idempotency keys, and outbox items delivered after failures, failing, and
new.  Used by ``tests/integration/test_backup.py`` and by the SQLAlchemy
plugin's tests, so the same case runs on SQLite, PostgreSQL and MariaDB.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from attrs import evolve

from sqmy_core.model import Call, Clue, Person, Unit
from sqmy_core.storage import Notification
from sqmy_core.workspace.contacts import ContactKeys
from sqmy_core.workspace.workspace import Workspace

BEIJING = timezone(timedelta(hours=8))
T0 = datetime(2024, 3, 1, 9, 0, tzinfo=BEIJING)
CHECKS = ("political", "policy", "factual", "format", "wording")
CONTACT_KEYS = ContactKeys(bytes(range(32)))
"""The test deployment's contact key (a workspace without one is given it)."""


def overdue_now() -> datetime:
    """A moment when the approved, undispatched piece is overdue."""
    return T0 + timedelta(days=30)


def build_everything(ws: Workspace) -> None:
    """Fill an empty workspace opened with the district ruleset (``rulesets/district.toml``)."""
    ws.apply_ruleset(
        ws.ruleset, actor="s", at=T0 - timedelta(days=1), effective_from=date(2024, 1, 1)
    )
    ws.apply_ruleset(
        evolve(ws.ruleset, title=ws.ruleset.title + "（修订）"),
        actor="s",
        at=T0 + timedelta(days=200),
        effective_from=date(2025, 1, 1),
    )
    ws.register_unit(Unit("sec", "经济界", "sector"))
    people = [
        ("a", "张三", ["member"], ["sec"]),
        ("r1", "社法委", ["reviewer_initial"], []),
        ("r2", "副主席", ["reviewer_deputy"], []),
        ("r3", "主席", ["reviewer_chair"], []),
        ("s", "办公室", ["staff"], []),
    ]
    for pid, name, roles, units in people:
        ws.register_person(Person(pid, name, roles, units))
    ws.register_person(Person("f", "王五", ["member"], ["sec"], until=T0 + timedelta(days=90)))
    ws.record_adjustment("j1", "-2.5", at=T0, reason="迟报", approved_by="s", person="a")
    ws.register_call(Call("c1", "乡村振兴约稿", "commission", ["a"]))
    if ws.contact_keys is None:
        ws.contact_keys = CONTACT_KEYS
    ws.register_clue(Clue("q1", "qr_code", T0, "小区加装电梯难", contact="王女士 13800000000"))
    hour = timedelta(hours=1)
    ws.submit(
        "x1",
        authors=["a"],
        actor="a",
        now=T0,
        title="一",
        unit="sec",
        call="c1",
        idempotency_key="k-submit",
    )
    ws.submit("x2", authors=["a"], actor="a", now=T0 + hour, title="二", clue="q1")
    ws.review("x1", actor="r1", decision="pass", checks=CHECKS, now=T0 + 2 * hour)
    ws.review(
        "x2",
        actor="r1",
        decision="pass",
        checks=CHECKS,
        now=T0 + 3 * hour,
        idempotency_key="k-review",
    )
    ws.review("x2", actor="r2", decision="pass", checks=CHECKS, now=T0 + 4 * hour)
    ws.review(
        "x2", actor="r3", decision="pass", checks=CHECKS, now=T0 + 5 * hour, routes=["direct"]
    )
    ws.submit("x3", authors=["a"], actor="a", now=T0 + 6 * hour, title="三")
    ws.withdraw("x3", actor="a", now=T0 + 7 * hour)
    notes = [
        Notification(
            f"n{i}",
            "采用反馈",
            ("a",),
            f"主题{i}",
            "正文",
            T0 + i * hour,
            piece="x1",
            data={"序号": i},
        )
        for i in range(3)
    ]
    ws.store.enqueue("smtp", notes[:2])
    ws.store.enqueue("webhook", notes[2:])
    first, second, _ = ws.store.outbox()
    for n in range(2):
        ws.store.mark_failed(first.id, T0, "超时", T0 + (n + 1) * hour)
    ws.store.mark_delivered(first.id, T0 + 3 * hour)
    for n in range(2):
        ws.store.mark_failed(second.id, T0, "拒绝连接", T0 + (n + 5) * hour)
