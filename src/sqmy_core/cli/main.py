"""Entry point of the ``sqmy`` command: the group, its language and version options.

Help texts live in the catalogue (:mod:`sqmy_core.i18n.cli_help`), not in the
decorators, so ``--help`` follows ``--lang``; running, exit statuses and
refusals are :mod:`sqmy_core.cli.app`'s.
"""

from __future__ import annotations

from importlib.metadata import version

import click

from sqmy_core.cli import (
    assess_cmd,
    backup_cmd,
    bulletin_cmd,
    dataset_cmd,
    demo_cmd,
    ruleset_cmd,
    versions_cmd,
    workspace_cmd,
)
from sqmy_core.cli.app import Program
from sqmy_core.cli.common import lang_of
from sqmy_core.cli.types import Choice
from sqmy_core.i18n import DEFAULT_LANG, LANGS, message


def _show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    text = message(
        "help.version", lang_of(ctx), prog=ctx.command_path, version=version("sqmy-core")
    )
    click.echo(text)
    ctx.exit()


@click.group("sqmy", cls=Program, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--lang",
    type=Choice(LANGS),
    default=DEFAULT_LANG,
    show_default=True,
    expose_value=False,
    is_eager=True,
)
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_show_version)
def cli() -> None:
    """社情民意信息工作规则引擎 sqmy（各命令的说明见 sqmy_core.i18n.cli_help）。"""


assess_cmd.register(cli)
ruleset_cmd.register(cli)
dataset_cmd.register(cli)
workspace_cmd.register(cli)
bulletin_cmd.register(cli)
demo_cmd.register(cli)
versions_cmd.register(cli)
backup_cmd.register(cli)


def main() -> None:
    """The ``sqmy`` console script."""
    cli.main(prog_name="sqmy")
