"""Entry point of the ``sqmy`` command: the group and its language option."""

from __future__ import annotations

import click

from sqmy_core.cli import (
    assess_cmd,
    bulletin_cmd,
    dataset_cmd,
    demo_cmd,
    ruleset_cmd,
    workspace_cmd,
)
from sqmy_core.i18n import DEFAULT_LANG, LANGS


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--lang",
    type=click.Choice(LANGS),
    default=DEFAULT_LANG,
    envvar="SQMY_LANG",
    show_default=True,
    help="输出语言 / output language (zh, en)",
)
@click.version_option(package_name="sqmy-core")
@click.pass_context
def cli(ctx: click.Context, lang: str) -> None:
    """社情民意信息工作规则引擎 sqmy：考核、解释积分、检查规则集。"""
    ctx.obj = {"lang": lang}


assess_cmd.register(cli)
ruleset_cmd.register(cli)
dataset_cmd.register(cli)
workspace_cmd.register(cli)
bulletin_cmd.register(cli)
demo_cmd.register(cli)


def main() -> None:
    """The ``sqmy`` console script."""
    cli(prog_name="sqmy")
