"""``sqmy backup`` and ``sqmy restore``: the whole workspace in one ``sqmy-backup/2`` file.

Unlike ``export`` (the contract's view), a backup keeps everything the
store holds (see :mod:`sqmy_core.workspace.backup`); restoring it into an
empty workspace and backing up again gives the same bytes.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from sqmy_core.cli.common import lang_of
from sqmy_core.cli.help import Command
from sqmy_core.cli.output import write_text
from sqmy_core.cli.progress import progress_bar, quiet_option
from sqmy_core.cli.sources import only_organization, removing_new_file, store_url
from sqmy_core.cli.types import INPUT_FILE, OUTPUT_FILE
from sqmy_core.errors import BackupError, DatasetError, Problem
from sqmy_core.i18n import message
from sqmy_core.interchange import decode_dataset_bytes
from sqmy_core.plugins import open_store
from sqmy_core.workspace.backup import backup_doc, dumps, restore
from sqmy_core.workspace.backup_check import check_backup
from sqmy_core.workspace.files import load_ruleset
from sqmy_core.workspace.progress import tell


@click.command("backup", cls=Command)
@click.option("--db", "db_url", required=True)
@click.option("--org", "organization")
@click.option("--output", "-o", type=OUTPUT_FILE)
@quiet_option
@click.pass_context
def backup_command(
    ctx: click.Context, db_url: str, organization: str | None, output: str | None, quiet: bool
) -> None:
    """把工作库的全部内容（内部事件、规则集版本、登记、幂等键、通知）备份为一个 sqmy-backup/2 文件。"""
    url = store_url(db_url)
    org = organization or only_organization(url)
    with progress_bar(ctx, "backup", quiet=quiet) as bar:
        tell(bar, 0, 3)
        store = open_store(url, org)
        try:
            doc = backup_doc(store)
        finally:
            store.close()
        tell(bar, 1, 3)
        text = dumps(doc)
        tell(bar, 2, 3)
        if output is not None:
            write_text(Path(output), text)
        tell(bar, 3, 3)
    if output is None:
        sys.stdout.write(text)
        return
    counts = {
        "versions": len(doc["ruleset_versions"]),
        "records": sum(len(v) for v in doc["registry"].values()),
        "events": len(doc["events"]),
        "notifications": len(doc["outbox"]),
    }
    click.echo(
        message("cli.backed_up", lang_of(ctx), organization=org, db=db_url, path=output, **counts)
    )


@click.command("restore", cls=Command)
@click.option("--db", "db_url", required=True)
@click.option("--ruleset", "ruleset_path", type=INPUT_FILE)
@click.argument("backup_path", type=INPUT_FILE)
@click.pass_context
def restore_command(
    ctx: click.Context, db_url: str, ruleset_path: str | None, backup_path: str
) -> None:
    """把 sqmy-backup 备份恢复到一个空的工作库：在一个事务中全部恢复，或者什么也不改。"""
    rulesets = () if ruleset_path is None else (load_ruleset(ruleset_path),)
    try:
        data = Path(backup_path).read_bytes()
    except OSError as exc:
        raise DatasetError.one(
            "", "read_failed", backup_path, reason=exc.strerror or str(exc)
        ) from None
    try:
        doc = decode_dataset_bytes(data, source=backup_path)
    except RecursionError:  # nested deeper than any backup is
        raise BackupError([Problem("", "backup_too_deep", {})], backup_path) from None
    org = doc.get("organization") if isinstance(doc, dict) else None
    checked = check_backup(doc, backup_path, org if isinstance(org, str) else "", rulesets)
    url = store_url(db_url, create=True)
    with removing_new_file(db_url):
        store = open_store(url, checked["organization"])
        try:
            counts = restore(store, checked, backup_path, rulesets=rulesets)
        finally:
            store.close()
    click.echo(
        message(
            "cli.restored",
            lang_of(ctx),
            organization=checked["organization"],
            db=db_url,
            path=backup_path,
            **counts,
        )
    )


def register(group: click.Group) -> None:
    group.add_command(backup_command)
    group.add_command(restore_command)
