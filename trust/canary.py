"""Canary: a clue's contact, sealed at rest, appears in no output of the library.

A workspace (SQLite file) holds two clues whose contact is a canary (a
name and a phone number no other text contains); one is converted into a
piece that goes all the way to adoption.  Then every output path is read
and the canary counted in it:

- the refusals of attempts that touch the contact (their messages in both
  languages and their problems' parameters);
- every log record written meanwhile (a handler on the root logger, at
  DEBUG), notifications and the outbox, the streams, the clue record;
- the export, a backup, the assessment, and ``sqmy`` commands -- reports,
  explanations for every person, bulletins for every month, the overdue
  queue, the daily run, audit listings -- in Chinese and English, with the
  errors of commands given bad arguments;
- the database file's bytes.

The one place the contact may appear is ``read_contact``'s answer to a
permitted reader, which is not counted.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Final

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
from trust import scene
from trust.figures import Figure, Say, quiet

NAME: Final = "金丝雀丙丁"
PHONE: Final = "13912345678"
CANARY: Final = f"{NAME} {PHONE}"
KEY_ENV: Final = "SQMY_TRUST_CANARY_KEY"
PEOPLE: Final = (
    ("a", "member"),
    ("r1", "reviewer_initial"),
    ("r2", "reviewer_deputy"),
    ("r3", "reviewer_chair"),
    ("s", "staff"),
)


def occurrences(text: str | bytes) -> int:
    if isinstance(text, bytes):
        return text.count(NAME.encode()) + text.count(PHONE.encode())
    return text.count(NAME) + text.count(PHONE)


class _Caught(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.name} {record.getMessage()} {record.args!r} {record.exc_text}")


@contextmanager
def _logs() -> Iterator[_Caught]:
    root = logging.getLogger()
    handler, level = _Caught(), root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


class Outputs:
    """Every output read, with the canary's count in it."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, int]] = []

    def add(self, where: str, text: str | bytes) -> None:
        self.seen.append((where, occurrences(text)))

    @property
    def leaks(self) -> list[str]:
        return [f"{w}: {n}" for w, n in self.seen if n]


def _build(db: str, settings: dict[str, Any]) -> Workspace:
    ws = Workspace.open(db, ruleset=scene.RULESET, settings=settings)
    ws.apply_ruleset(ws.ruleset, actor="s", at=scene.T0, effective_from=date(2024, 1, 1))
    ws = Workspace(
        ws.store,
        evolve(ws.ruleset, clues=CluesSpec(("staff",), 30)),
        list(ws.notifiers.values()),
        contact_keys=ws.contact_keys,
    )
    ws.register_unit(Unit("sec", "经济界", "sector"))
    for pid, role in PEOPLE:
        ws.register_person(Person(pid, pid, [role], ["sec"] if role == "member" else []))
    t = scene.T0
    ws.register_clue(Clue("q1", "qr_code", t, "小区加装电梯难", contact=CANARY))
    ws.register_clue(Clue("q2", "mailbox", t + timedelta(days=5), "路灯不亮", contact=CANARY))
    ws.convert_clue("q1", "x1", authors=["a"], actor="s", now=t, title="关于加装电梯的建议")
    for i, who in enumerate(("r1", "r2", "r3"), start=1):
        ws.review("x1", actor=who, decision="pass", checks=scene.CHECKS, now=t + timedelta(hours=i))
    ws.dispatch("x1", actor="s", route="direct", now=t + timedelta(hours=5), request_id="oa-1")
    ws.record_adoption(
        "x1", actor="s", body="cppcc-city", now=t + timedelta(days=3), idempotency_key="adopt-x1"
    )
    ws.submit("x2", authors=["a"], actor="a", now=t + timedelta(days=4), title="二", clue="q2")
    return ws


def _refusals(ws: Workspace, out: Outputs) -> None:
    t = scene.T0
    attempts: list[Callable[[], object]] = [
        lambda: ws.read_contact("q1", reader="a", now=t),
        lambda: ws.read_contact("q1", reader="zz", now=t),
        lambda: ws.read_contact("q1", reader="s", now=t + timedelta(days=31)),
        lambda: ws.convert_clue("q1", "x9", authors=["a"], actor="s", now=t, title="再转一次"),
        lambda: ws.register_clue(Clue("q3", "nowhere", t, "坏来源", contact=CANARY)),
        lambda: ws.register_clue(Clue("q4", "qr_code", t, "太长", contact=CANARY * 60)),
        lambda: ws.register_clue(Clue("q1", "qr_code", t, "重复", contact=CANARY)),
        lambda: Workspace(ws.store, ws.ruleset).read_contact("q1", reader="s", now=t),
        lambda: Workspace(ws.store, ws.ruleset).register_clue(
            Clue("q5", "qr_code", t, "无密钥", contact=CANARY)
        ),
    ]
    for n, attempt in enumerate(attempts):
        try:
            attempt()
        except SqmyError as exc:
            out.add(f"refusal {n} (zh)", str(exc))
            out.add(f"refusal {n} (en)", exc.render("en"))
            out.add(f"refusal {n} (problems)", repr(exc.problems))
        except Exception as exc:  # not a refusal: counted as an output all the same
            out.add(f"refusal {n} ({type(exc).__name__})", repr(exc))


def _cli(db: str, out: Outputs, people: list[str], sweep: bool) -> None:
    months = [f"2024-{m:02d}" for m in range(1, 13)] if sweep else ["2024-03"]
    if not sweep:
        people = people[:1]
    commands: list[list[str]] = [
        ["export", "--db", db],
        ["backup", "--db", db],
        ["assess", "--db", db, "--year", "2024", "--format", "json"],
        ["assess", "--db", db, "--year", "2024"],
        ["overdue", "--db", db, "--now", "2024-06-01T00:00:00+08:00"],
        ["notify", "--db", db, "--now", "2024-06-01T00:00:00+08:00"],
        ["audit", "show", "--db", db, "--last", "1000"],
        ["audit", "verify", "--db", db],
        ["ruleset", "history", "--db", db],
        *(["explain", "--db", db, "--year", "2024", "--person", p] for p in people),
        ["explain", "--db", db, "--year", "2024", "--unit", "sec"],
        *(["bulletin", "--db", db, "--period", m] for m in months),
        *(["bulletin", "--db", db, "--period", f"2024-Q{q}"] for q in range(1, 5 if sweep else 2)),
        *(
            ["overdue", "--db", db, "--now", f"2024-{m:02d}-15T00:00:00+08:00"]
            for m in range(3, 13 if sweep else 4)
        ),
        # refused: their errors are outputs too
        ["explain", "--db", db, "--year", "2024", "--person", "nobody"],
        ["assess", "--db", db, "--year", "2024", "--engine", "reference", "--format", "json"],
        ["assess", "--db", db, "--year", "2024", "--engine", "columnar", "--format", "json"],
        ["import", "--db", db, "--as", "s", db],
        ["restore", "--db", db, db],
    ]
    runner = CliRunner()
    for argv in commands:
        for lang in ("zh", "en"):
            ran = runner.invoke(cli, ["--lang", lang, *argv])
            shown = " ".join(a for a in argv if a != db)
            out.add(f"sqmy {shown} ({lang}) stdout", ran.stdout)
            out.add(f"sqmy {shown} ({lang}) stderr", ran.stderr)


def run(directory: Path, sweep: bool = True) -> Outputs:
    """Build the workspace, read every output; what was read and the canary's count in each."""
    directory.mkdir(parents=True, exist_ok=True)
    db = str(directory / "canary.db")
    for suffix in ("", "-wal", "-shm"):
        Path(db + suffix).unlink(missing_ok=True)
    out = Outputs()
    previous = os.environ.get(KEY_ENV)
    os.environ[KEY_ENV] = new_key_text()
    settings = {"contacts": {"key_env": KEY_ENV}, "log": {"logger": "sqmy.trust.canary"}}
    try:
        with _logs() as logs:
            ws = _build(db, settings)
            _refusals(ws, out)
            later = scene.T0 + timedelta(days=40)
            ws.remind(later)
            ws.deliver(later)
            for item in ws.store.outbox():
                out.add(f"outbox {item.id}", repr(item))
            for stream in ws.store.streams():
                out.add(f"stream {stream}", repr(ws.history(stream)))
            out.add("clue q1", repr(ws.clue("q1")))
            out.add("export", repr(dataset_to_doc(ws.export())))
            out.add("backup", backup_text(ws.store))
            out.add("assessment", repr(ws.assess(2024)))
            ws.expire_contacts(later)
            ws.close()
            _cli(db, out, [p for p, _ in PEOPLE], sweep)
        for n, line in enumerate(logs.lines):
            out.add(f"log record {n}", line)
        out.add("database file", b"".join(p.read_bytes() for p in directory.glob("canary.db*")))
    finally:
        if previous is None:
            os.environ.pop(KEY_ENV, None)
        else:
            os.environ[KEY_ENV] = previous
        for suffix in ("", "-wal", "-shm"):
            Path(db + suffix).unlink(missing_ok=True)
    return out


def trial(profile: Any, directory: Path, say: Say = quiet) -> list[Figure]:
    say("  两条线索的联系方式中放入金丝雀……", "  a canary in two clues' contacts ...")
    out = run(directory / "canary", profile.canary_sweep)
    logs = sum(1 for w, _ in out.seen if w.startswith("log record"))
    return [
        Figure(
            "canary",
            (
                "检查过的输出（命令输出、错误、日志、通知、导出、备份、报告）",
                "outputs read (command output, errors, logs, notifications, exports, "
                "backups, reports)",
            ),
            "sqlite",
            len(out.seen),
            "at_least",
            profile.canary_outputs,
        ),
        Figure("canary", ("其中的日志记录", "of which log records"), "sqlite", logs, "at_least", 1),
        Figure(
            "canary",
            ("金丝雀出现的次数", "canary occurrences"),
            "sqlite",
            sum(n for _, n in out.seen),
            "none",
            0,
            "; ".join(out.leaks[:5]),
        ),
    ]


__all__ = ["CANARY", "occurrences", "run", "trial"]
