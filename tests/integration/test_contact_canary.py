"""A canary in a clue's contact appears nowhere but in ``read_contact``'s answer.

Not in the SQLite file's bytes, logs, exception texts, notifications, the
outbox, ``sqmy`` reports and exports (``export``, ``assess``, ``bulletin``, ``report``,
``explain``, ``overdue``, ``notify``), nor in a backup.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from attrs import evolve
from click.testing import CliRunner

from sqmy_core.cli.main import cli
from sqmy_core.errors import SqmyError
from sqmy_core.interchange import dataset_to_doc
from sqmy_core.model import Clue, Person, Unit
from sqmy_core.rules.spec import CluesSpec
from sqmy_core.workspace.backup import backup_text
from sqmy_core.workspace.contacts import new_key_text
from sqmy_core.workspace.workspace import Workspace

RULESETS = Path(__file__).resolve().parents[2] / "rulesets"
BJ = timezone(timedelta(hours=8))
T0 = datetime(2024, 3, 1, 9, 0, tzinfo=BJ)
CANARY_NAME = "金丝雀甲乙"
CANARY_PHONE = "13987654321"
CANARY = f"{CANARY_NAME} {CANARY_PHONE}"
CHECKS = ["political", "policy", "factual", "format", "wording"]


def assert_clean(text: str, where: str) -> None:
    for part in (CANARY_NAME, CANARY_PHONE):
        assert part not in text, f"the canary is in {where}"


def test_the_canary_leaks_nowhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("SQMY_CANARY_KEY", new_key_text())
    settings = {"contacts": {"key_env": "SQMY_CANARY_KEY"}, "log": {"logger": "sqmy.canary"}}
    db = str(tmp_path / "canary.db")
    ws = Workspace.open(db, ruleset=RULESETS / "district.toml", settings=settings)
    ws.apply_ruleset(ws.ruleset, actor="s", at=T0, effective_from=date(2024, 1, 1))
    ws = Workspace(
        ws.store,
        evolve(ws.ruleset, clues=CluesSpec(("staff",), 30)),
        list(ws.notifiers.values()),
        contact_keys=ws.contact_keys,
    )
    ws.register_unit(Unit("sec", "经济界", "sector"))
    for pid, roles in [
        ("a", ["member"]),
        ("r1", ["reviewer_initial"]),
        ("r2", ["reviewer_deputy"]),
        ("r3", ["reviewer_chair"]),
        ("s", ["staff"]),
    ]:
        ws.register_person(Person(pid, pid, roles, ["sec"] if pid == "a" else []))
    ws.register_clue(Clue("q1", "qr_code", T0, "小区加装电梯难", contact=CANARY))
    ws.register_clue(Clue("q2", "mailbox", T0 + timedelta(days=5), "路灯不亮", contact=CANARY))
    ws.convert_clue("q1", "x1", authors=["a"], actor="s", now=T0, title="关于加装电梯的建议")
    for i, who in enumerate(("r1", "r2", "r3"), start=1):
        ws.review("x1", actor=who, decision="pass", checks=CHECKS, now=T0 + timedelta(hours=i))
    ws.dispatch(
        "x1", actor="s", route="direct", now=T0 + timedelta(hours=5), request_id="dispatch-16"
    )
    ws.record_adoption(
        "x1", actor="s", body="cppcc-city", now=T0 + timedelta(days=3), idempotency_key="adopt-x1"
    )
    assert ws.read_contact("q1", reader="s", now=T0 + timedelta(days=1)) == CANARY

    errors: list[str] = []
    for attempt in (
        lambda: ws.read_contact("q1", reader="a", now=T0),
        lambda: ws.read_contact("q1", reader="s", now=T0 + timedelta(days=31)),
        lambda: ws.convert_clue("q1", "x2", authors=["a"], actor="s", now=T0, title="再转一次"),
        lambda: ws.register_clue(Clue("q3", "nowhere", T0, "坏来源", contact=CANARY)),
        lambda: ws.register_clue(Clue("q4", "qr_code", T0, "太长", contact=CANARY * 60)),
        lambda: Workspace(ws.store, ws.ruleset).read_contact("q1", reader="s", now=T0),
    ):
        with pytest.raises(SqmyError) as exc:
            attempt()
        errors += [str(exc.value), exc.value.render("en"), repr(exc.value.problems)]
    assert_clean("\n".join(errors), "an exception")

    ws.remind(T0 + timedelta(days=40))
    ws.deliver(T0 + timedelta(days=40))
    assert ws.expire_contacts(T0 + timedelta(days=40)) == 2  # both past 30 days
    outbox = ws.store.outbox()
    assert outbox  # notifications were made and logged
    assert_clean(repr(outbox), "the outbox")
    assert_clean(repr(ws.history("x1")) + repr(ws.clue("q1")), "the events or the clue")
    assert_clean(repr(dataset_to_doc(ws.export())), "the export")
    assert_clean(backup_text(ws.store), "a backup")
    ws.close()

    runner = CliRunner()
    outputs = []
    for args in (
        ["export", "--db", db],
        ["assess", "--db", db, "--year", "2024", "--format", "json"],
        ["assess", "--db", db, "--year", "2024"],
        ["explain", "--db", db, "--year", "2024", "--person", "a"],
        ["bulletin", "--db", db, "--period", "2024Q1"],  # the district's bulletin is quarterly
        ["report", "--db", db, "--year", "2024", "--format", "json"],  # counts its clues
        ["overdue", "--db", db, "--now", "2024-06-01T00:00:00+08:00"],
        ["backup", "--db", db],
        ["notify", "--db", db, "--now", "2024-06-01T00:00:00+08:00"],
    ):
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, (args, result.stderr)
        outputs.append(f"{args}: {result.exit_code}\n{result.stdout}\n{result.stderr}")
    assert_clean("\n".join(outputs), "sqmy output")
    assert_clean(caplog.text, "the logs")
    assert "sqmy.canary" in {r.name for r in caplog.records}  # the log channel did run
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("canary.db*"))
    for part in (CANARY_NAME, CANARY_PHONE):
        assert part.encode("utf-8") not in raw
