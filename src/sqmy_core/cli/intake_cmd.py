"""``sqmy import --xlsx``: an office's workbook into a workspace (see :mod:`sqmy_core.intake`)."""

from __future__ import annotations

import click

from sqmy_core.cli.common import lang_of
from sqmy_core.cli.progress import progress_bar
from sqmy_core.i18n import message
from sqmy_core.workspace.workspace import Workspace


def import_xlsx(
    ctx: click.Context, ws: Workspace, path: str, db_url: str, actor: str, quiet: bool
) -> None:
    """Import the workbook at ``path`` as ``actor`` (all or nothing) and say what it stored."""
    from sqmy_core.intake.apply import import_workbook

    with progress_bar(ctx, "import", quiet=quiet) as bar:
        n = import_workbook(ws, path, actor=actor, progress=bar)
    click.echo(
        message(
            "intake.imported",
            lang_of(ctx),
            path=path,
            db=db_url,
            units=n.units,
            people=n.people,
            adoptions=n.adoptions,
            instructions=n.instructions,
            handlings=n.handlings,
            repeated=n.repeated,
        )
    )


__all__ = ["import_xlsx"]
