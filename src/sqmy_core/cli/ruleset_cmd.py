"""``sqmy ruleset check|show|init``: what an office runs while editing its rules."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import click
import tomli_w

from sqmy_core.cli.common import lang_of, reports_errors
from sqmy_core.i18n import message
from sqmy_core.rules import unstructure
from sqmy_core.workspace.files import load_ruleset

TEMPLATES = ("district", "party", "committee")


def template_text(name: str) -> str:
    """The commented starter ruleset shipped with the package."""
    return (resources.files("sqmy_core") / "templates" / f"{name}.toml").read_text("utf-8")


@click.group("ruleset")
def ruleset_group() -> None:
    """规则集：检查、显示（展开 extends 后）、从模板新建。"""


@ruleset_group.command("check")
@click.argument("path", type=click.Path(dir_okay=False))
@click.pass_context
@reports_errors
def check_command(ctx: click.Context, path: str) -> None:
    """检查规则集：类型、未知的键、词表、各节之间的引用。"""
    rs = load_ruleset(path)
    click.echo(
        message(
            "cli.ruleset_ok",
            lang_of(ctx),
            path=path,
            title=rs.title,
            organization=rs.organization,
            rules=len(rs.scoring.rules),
            quotas=len(rs.quotas),
            awards=len(rs.awards),
            stages=len(rs.review.stages) if rs.review else 0,
        )
    )


@ruleset_group.command("show")
@click.argument("path", type=click.Path(dir_okay=False))
@reports_errors
def show_command(path: str) -> None:
    """以 TOML 显示展开 extends、补齐默认值之后的规则集。"""
    click.echo(tomli_w.dumps(unstructure(load_ruleset(path))), nl=False)


@ruleset_group.command("init")
@click.option(
    "--template",
    type=click.Choice(TEMPLATES),
    required=True,
    help="模板：district（区政协）、party（党派市委）、committee（专委会）",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    default=None,
    help="写入的文件（默认：<模板名>.toml）",
)
@click.option("--force", is_flag=True, help="覆盖已存在的文件")
@click.pass_context
@reports_errors
def init_command(ctx: click.Context, template: str, output: str | None, force: bool) -> None:
    """从带注释的模板新建一个规则集文件。"""
    lang = lang_of(ctx)
    target = Path(output or f"{template}.toml")
    if target.exists() and not force:
        raise click.ClickException(message("cli.init_exists", lang, path=target))
    target.write_text(template_text(template), encoding="utf-8")
    click.echo(message("cli.init_written", lang, path=target, template=template))


def register(group: click.Group) -> None:
    group.add_command(ruleset_group)
