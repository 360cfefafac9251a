"""``sqmy import``, ``sqmy export`` and ``sqmy overdue``: a workspace from the command line."""

from __future__ import annotations

import json
import sys
from datetime import datetime, tzinfo
from pathlib import Path

import click

from sqmy_core.cli.common import lang_of
from sqmy_core.cli.help import Command
from sqmy_core.cli.output import write_text
from sqmy_core.cli.progress import progress_bar, quiet_option
from sqmy_core.cli.sources import open_workspace
from sqmy_core.cli.types import INPUT_FILE, MOMENT, OUTPUT_FILE, now
from sqmy_core.errors import Problem, SourceError
from sqmy_core.i18n import message
from sqmy_core.interchange import dataset_to_doc
from sqmy_core.model.vocab import ROUTE_NAMES
from sqmy_core.scoring.clock import parse_offset
from sqmy_core.workspace.files import load_ruleset, load_settings
from sqmy_core.workspace.ruleset_versions import version_text

_db = click.option("--db", "db_url", required=True)
_org = click.option("--org", "organization")
_now = click.option("--now", "now_text", type=MOMENT, default=now)


@click.command("import", cls=Command)
@_db
@click.option("--ruleset", "ruleset_path", type=INPUT_FILE)
@click.option("--as", "--actor", "actor", required=True)
@_org
@click.option("--xlsx", "xlsx_path", type=INPUT_FILE)
@quiet_option
@click.argument("dataset_path", type=INPUT_FILE, required=False)
@click.pass_context
def import_command(
    ctx: click.Context,
    db_url: str,
    ruleset_path: str | None,
    actor: str,
    organization: str | None,
    xlsx_path: str | None,
    quiet: bool,
    dataset_path: str | None,
) -> None:
    """把 sqmy-dataset/1 数据集导入工作库：在一个事务中全部导入，或者什么也不改。

    The import runs under the ruleset in force; it never puts one in force
    (that is ``sqmy ruleset apply``).  ``--ruleset`` only makes sure the
    dataset goes where the caller thinks: it must be the current version.
    ``--as`` (or ``--actor``) names the person importing (role ``staff``):
    the records obey the workflow, and those naming no actor become that
    person's.  ``--xlsx`` imports an Excel workbook instead
    (:mod:`sqmy_core.intake`).
    """
    if (dataset_path is None) == (xlsx_path is None):
        raise SourceError([Problem("", "intake.import_one_source", {})])
    given = load_ruleset(ruleset_path) if ruleset_path is not None else None
    org = organization or (given.organization if given is not None else None)
    with open_workspace(db_url, None, org) as ws:
        if given is not None and version_text(given) != version_text(ws.ruleset):
            raise SourceError(
                [
                    Problem(
                        "--ruleset",
                        "cli.import_ruleset_not_in_force",
                        {"path": ruleset_path, "db": db_url},
                    )
                ]
            )
        if xlsx_path is not None:
            from sqmy_core.cli.intake_cmd import import_xlsx

            import_xlsx(ctx, ws, xlsx_path, db_url, actor, quiet)
            return
        assert dataset_path is not None
        with progress_bar(ctx, "import", quiet=quiet) as bar:
            n = ws.import_file(dataset_path, actor=actor, progress=bar)
        click.echo(
            message(
                "cli.imported",
                lang_of(ctx),
                path=dataset_path,
                db=db_url,
                units=n.units,
                people=n.people,
                calls=n.calls,
                pieces=n.pieces,
                events=n.events,
            )
        )


@click.command("export", cls=Command)
@_db
@_org
@click.option("--output", "-o", type=OUTPUT_FILE)
def export_command(db_url: str, organization: str | None, output: str | None) -> None:
    """把工作库导出为 sqmy-dataset/1 数据集（撤回的稿件、线索及其联系方式不导出）。"""
    with open_workspace(db_url, None, organization) as ws:
        doc = dataset_to_doc(ws.export())
    text = json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        write_text(Path(output), text)


@click.command("overdue", cls=Command)
@_db
@_org
@_now
@click.pass_context
def overdue_command(
    ctx: click.Context, db_url: str, organization: str | None, now_text: datetime
) -> None:
    """列出已审定通过、超过报送时限仍未报送的信息（逾期队列）。"""
    lang = lang_of(ctx)
    now = now_text
    with open_workspace(db_url, None, organization) as ws:
        items = ws.overdue(now)
        titles = {i.piece: ws.piece(i.piece).title for i in items}
        zone = parse_offset(ws.ruleset.year.timezone)
    click.echo(message("cli.overdue_title", lang, now=_local(now, zone), count=len(items)))
    for i in items:
        route = i.route or "—"
        if lang == "zh" and i.route:
            route = ROUTE_NAMES.get(i.route, i.route)
        days = i.overdue_by.total_seconds() / 86400
        click.echo(
            message(
                "cli.overdue_item",
                lang,
                piece=i.piece,
                title=titles[i.piece],
                route=route,
                due=_local(i.due, zone),
                days=f"{days:.1f}",
            )
        )


@click.command("notify", cls=Command)
@_db
@_org
@_now
@click.option("--settings", "settings_path", type=INPUT_FILE)
@click.option("--no-remind", is_flag=True)
@click.pass_context
def notify_command(
    ctx: click.Context,
    db_url: str,
    organization: str | None,
    now_text: datetime,
    settings_path: str | None,
    no_remind: bool,
) -> None:
    """每日任务：计算当日的任务提醒、约稿截止提醒和逾期提醒，并发送待发通知（失败的稍后重试）。"""
    now = now_text
    settings = load_settings(settings_path) if settings_path else {}
    with open_workspace(db_url, None, organization, settings=settings) as ws:
        expired = ws.expire_contacts(now)  # PIPL: contacts past the ruleset's retention go
        queued = 0 if no_remind else ws.remind(now)
        report = ws.deliver(now)
        channels = ", ".join(ws.notifiers) or "—"
    if expired:
        click.echo(message("cli.contacts_expired", lang_of(ctx), count=expired))
    click.echo(
        message(
            "cli.notified",
            lang_of(ctx),
            channels=channels,
            queued=queued,
            delivered=report.delivered,
            failed=report.failed,
        )
    )


def _local(moment: datetime, zone: tzinfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def register(group: click.Group) -> None:
    for cmd in (import_command, export_command, overdue_command, notify_command):
        group.add_command(cmd)
