"""The ``sqmy`` group: its language and version options, its commands by name.

Help texts live in the catalogue (:mod:`sqmy_core.i18n.cli_help`), not in the
decorators, so ``--help`` follows ``--lang``; running, exit statuses and
refusals are :mod:`sqmy_core.cli.app`'s.  The commands are named in
:data:`~sqmy_core.cli.main.COMMANDS` and their modules imported only when one
of them runs (:mod:`sqmy_core.cli.lazy`), so ``sqmy --help`` starts at once.
The console script is :func:`sqmy_core.cli.main.main`.
"""

from __future__ import annotations

import click

from sqmy_core import __version__
from sqmy_core.cli.app import Program
from sqmy_core.cli.common import lang_of
from sqmy_core.cli.main import COMMANDS
from sqmy_core.cli.types import Choice
from sqmy_core.i18n import DEFAULT_LANG, LANGS, message


def _show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    text = message("help.version", lang_of(ctx), prog=ctx.command_path, version=__version__)
    click.echo(text)
    ctx.exit()


@click.group(
    "sqmy",
    cls=Program,
    lazy=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
)
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
