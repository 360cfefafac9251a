"""``sqmy audit verify|checkpoint|show``: the tamper-evident audit chain of a workspace.

``verify`` reads only (see :mod:`sqmy_core.workspace.audit_verify`) and
exits 0 when the chain and everything it vouches for hold, 3 when it finds
a problem (each one printed, naming the audit record or the row), 2 when
the input is refused (no such workspace, a bad checkpoint file).  A
checkpoint is a small JSON file (organization, last number and hash) to
keep where the database's writers cannot reach; verifying against it also
catches a chain cut short or rewritten whole.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

import click

from sqmy_core.cli.common import lang_of
from sqmy_core.cli.help import Command, Group
from sqmy_core.cli.output import write_text
from sqmy_core.cli.sources import only_organization, store_url
from sqmy_core.cli.types import INPUT_FILE, OUTPUT_FILE
from sqmy_core.errors import AuditError, Problem
from sqmy_core.i18n import message
from sqmy_core.plugins import open_store
from sqmy_core.storage import EventStore
from sqmy_core.workspace.audit_verify import CHECKPOINT_FORMAT, Checkpoint, checkpoint, verify

EXIT_FAILED: Final = 3
"""``sqmy audit verify`` found the chain or what it vouches for changed."""


@click.group("audit", cls=Group)
def audit_group() -> None:
    """审计链：校验、导出检查点、查看记录。"""


@audit_group.command("verify", cls=Command)
@click.option("--db", "db_url", required=True)
@click.option("--org", "organization")
@click.option("--checkpoint", "checkpoint_path", type=INPUT_FILE)
@click.pass_context
def verify_command(
    ctx: click.Context, db_url: str, organization: str | None, checkpoint_path: str | None
) -> None:
    """校验审计链及其所记载的事件、登记与规则集（只读）。"""
    lang = lang_of(ctx)
    with opened(db_url, organization) as store:
        org = store.organization
        point = None if checkpoint_path is None else read_checkpoint(checkpoint_path, org)
        found = verify(store, point)
    counts = {
        "organization": org,
        "records": found.records,
        "events": found.events,
        "history": found.history,
        "seq": found.last.seq,
        "hash": found.last.hash,
    }
    if found.ok:
        click.echo(message("cli.audit_ok", lang, **counts))
        return
    for problem in found.problems:
        click.echo(problem.render(lang))
    click.echo(message("cli.audit_failed", lang, problems=len(found.problems), **counts))
    ctx.exit(EXIT_FAILED)


@audit_group.command("checkpoint", cls=Command)
@click.option("--db", "db_url", required=True)
@click.option("--org", "organization")
@click.option("--out", "output", type=OUTPUT_FILE)
@click.pass_context
def checkpoint_command(
    ctx: click.Context, db_url: str, organization: str | None, output: str | None
) -> None:
    """导出审计链的检查点（组织、最后一条记录的编号和哈希），供日后校验截短。"""
    with opened(db_url, organization) as store:
        point = checkpoint(store)
    org = point.organization
    text = json.dumps(point.doc(), ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    if output is None:
        sys.stdout.write(text)
        return
    write_text(Path(output), text)
    click.echo(
        message("cli.audit_checkpoint", lang_of(ctx), organization=org, seq=point.seq, path=output)
    )


@audit_group.command("show", cls=Command)
@click.option("--db", "db_url", required=True)
@click.option("--org", "organization")
@click.option("--last", "last", type=click.IntRange(min=1), default=20, show_default=True)
def show_command(db_url: str, organization: str | None, last: int) -> None:
    """列出最近的审计记录（编号、库时间、操作人、操作、对象、结果、请求号）。"""
    with opened(db_url, organization) as store:
        records = store.audit_records(after=max(store.audit_marks()[0] - last, 0))
    for r in records:
        e = r.entry
        at = "—" if e.at is None else e.at.isoformat()
        fields = (r.seq, r.recorded_at.isoformat(), at, e.actor or "—", e.action, e.object)
        click.echo("\t".join(str(f) for f in (*fields, e.outcome, e.request_id or "—")))


@contextmanager
def opened(db_url: str, organization: str | None) -> Iterator[EventStore]:
    """The existing workspace's store (its one organization unless named), closed after."""
    url = store_url(db_url)
    store = open_store(url, organization or only_organization(url))
    try:
        yield store
    finally:
        store.close()


def read_checkpoint(path: str, organization: str) -> Checkpoint:
    """A checkpoint file, checked: its format, its fields, and that it is ``organization``'s."""
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise AuditError.one("", "read_failed", path, reason=exc.strerror or str(exc)) from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise AuditError.one("", "audit_checkpoint_bad", path, reason=str(exc)) from None
    problems = []
    if not isinstance(doc, dict) or doc.get("format") != CHECKPOINT_FORMAT:
        found = doc.get("format") if isinstance(doc, dict) else doc
        problems.append(
            Problem("format", "audit_checkpoint_format", {"expected": CHECKPOINT_FORMAT,
                                                         "found": repr(found)})
        )  # fmt: skip
        raise AuditError(problems, path)
    seq, digest, org = doc.get("seq"), doc.get("hash"), doc.get("organization")
    if isinstance(seq, bool) or not isinstance(seq, int) or seq < 0:
        problems.append(Problem("seq", "audit_checkpoint_field", {"found": repr(seq)}))
    if not isinstance(digest, str) or len(digest) != 64:
        problems.append(Problem("hash", "audit_checkpoint_field", {"found": repr(digest)}))
    if org != organization:
        problems.append(
            Problem("organization", "audit_checkpoint_other",
                    {"found": repr(org), "expected": repr(organization)})
        )  # fmt: skip
    if problems:
        raise AuditError(problems, path)
    assert isinstance(seq, int) and isinstance(digest, str)
    return Checkpoint(organization, seq, digest)


def register(group: click.Group) -> None:
    group.add_command(audit_group)
