"""Entry point of the ``sqmy`` command: the group, its language and version options.

Help texts live in the catalogue (:mod:`sqmy_core.i18n.cli_help`), not in the
decorators, so ``--help`` follows ``--lang``; running, exit statuses and
refusals are :mod:`sqmy_core.cli.app`'s.  The commands are named in
:data:`COMMANDS` and their modules imported only when one of them runs
(:mod:`sqmy_core.cli.lazy`), so ``sqmy --version`` and ``sqmy --help`` start
at once.
"""

from __future__ import annotations

from typing import Final

import click

from sqmy_core import __version__
from sqmy_core.cli.app import Program
from sqmy_core.cli.common import lang_of
from sqmy_core.cli.types import Choice
from sqmy_core.i18n import DEFAULT_LANG, LANGS, message

_CLI: Final = "sqmy_core.cli."

COMMANDS: Final[dict[str, tuple[str, ...]]] = {
    "assess": (_CLI + "assess_cmd",),
    "explain": (_CLI + "assess_cmd",),
    "backup": (_CLI + "backup_cmd",),
    "restore": (_CLI + "backup_cmd",),
    "bulletin": (_CLI + "bulletin_cmd",),
    "dataset": (_CLI + "dataset_cmd",),
    "demo": (_CLI + "demo_cmd",),
    "ruleset": (_CLI + "ruleset_cmd", _CLI + "versions_cmd"),  # versions adds apply, history
    "import": (_CLI + "workspace_cmd",),
    "export": (_CLI + "workspace_cmd",),
    "overdue": (_CLI + "workspace_cmd",),
    "notify": (_CLI + "workspace_cmd",),
}
"""Every ``sqmy`` command and the modules whose ``register(group)`` adds it (in this order)."""


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


def main() -> None:
    """The ``sqmy`` console script."""
    cli.main(prog_name="sqmy")
