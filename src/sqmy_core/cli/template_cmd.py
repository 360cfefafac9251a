"""``sqmy template xlsx``: the Excel workbook an office without an OA fills in.

The lists offer the vocabularies of a ruleset: the file given with
``--ruleset``, or the one in force in the workspace ``--db`` (one of the
two).  The file is written whole or not at all.
"""

from __future__ import annotations

from pathlib import Path

import click

from sqmy_core.cli.common import lang_of
from sqmy_core.cli.help import Group
from sqmy_core.cli.output import write_bytes
from sqmy_core.cli.sources import open_workspace
from sqmy_core.cli.types import INPUT_FILE, OUTPUT_FILE, Choice
from sqmy_core.errors import Problem, SourceError
from sqmy_core.i18n import message
from sqmy_core.intake.layout import KINDS
from sqmy_core.rules import Ruleset
from sqmy_core.workspace.files import load_ruleset


@click.group("template", cls=Group)
def template_group() -> None:
    """模板：生成办公室填写用的 Excel 工作簿。"""


@template_group.command("xlsx")
@click.option("--kind", required=True, type=Choice(tuple(KINDS)))
@click.option("--output", "-o", required=True, type=OUTPUT_FILE)
@click.option("--ruleset", "ruleset_path", type=INPUT_FILE)
@click.option("--db", "db_url")
@click.option("--org", "organization")
@click.pass_context
def xlsx_command(
    ctx: click.Context,
    kind: str,
    output: str,
    ruleset_path: str | None,
    db_url: str | None,
    organization: str | None,
) -> None:
    """生成 Excel 模板（名册或台账），词表列有下拉列表，附填写说明。"""
    from sqmy_core.intake.template import template_bytes

    data = template_bytes(kind, _ruleset(ruleset_path, db_url, organization))
    write_bytes(Path(output), data)
    sheets = "、".join(s.name for s in KINDS[kind])
    click.echo(message("intake.template_written", lang_of(ctx), path=output, kind=kind,
                       sheets=sheets))


def _ruleset(ruleset_path: str | None, db_url: str | None, organization: str | None) -> Ruleset:
    """The ruleset whose words the lists offer: ``--ruleset`` or the one in force in ``--db``."""
    if (ruleset_path is None) == (db_url is None):
        raise SourceError([Problem("", "intake.template_needs_ruleset", {})])
    if ruleset_path is not None:
        return load_ruleset(ruleset_path)
    assert db_url is not None
    with open_workspace(db_url, None, organization) as ws:
        return ws.ruleset


def register(group: click.Group) -> None:
    group.add_command(template_group)


__all__ = ["register", "template_group"]
