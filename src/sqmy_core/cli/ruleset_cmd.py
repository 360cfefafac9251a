"""``sqmy ruleset check|show|init|doc``: what an office runs while editing its rules."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import click
import tomli_w

from sqmy_core.cli.common import lang_of
from sqmy_core.cli.help import Group
from sqmy_core.cli.output import write_text
from sqmy_core.cli.types import INPUT_FILE, OUTPUT_FILE, Choice
from sqmy_core.errors import Problem, SqmyError
from sqmy_core.i18n import message
from sqmy_core.reports import render_ruleset_doc
from sqmy_core.rules import unstructure
from sqmy_core.workspace.files import load_ruleset

TEMPLATES = ("district", "party", "committee", "duty", "county_office")


def template_text(name: str) -> str:
    """The commented starter ruleset shipped with the package."""
    return (resources.files("sqmy_core") / "templates" / f"{name}.toml").read_text("utf-8")


@click.group("ruleset", cls=Group)
def ruleset_group() -> None:
    """规则集：检查、显示（展开 extends 后）、从模板新建、生成计分标准。"""


@ruleset_group.command("check")
@click.argument("path", type=INPUT_FILE)
@click.pass_context
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
@click.argument("path", type=INPUT_FILE)
def show_command(path: str) -> None:
    """以 TOML 显示展开 extends、补齐默认值之后的规则集。"""
    click.echo(tomli_w.dumps(unstructure(load_ruleset(path))), nl=False)


@ruleset_group.command("init")
@click.option(
    "--template",
    type=Choice(TEMPLATES),
    required=True,
)
@click.option("--output", "-o", type=OUTPUT_FILE, default=None)
@click.option("--force", is_flag=True)
@click.pass_context
def init_command(ctx: click.Context, template: str, output: str | None, force: bool) -> None:
    """从带注释的模板新建一个规则集文件。"""
    lang = lang_of(ctx)
    target = Path(output or f"{template}.toml")
    if target.exists() and not force:
        option = "--output" if output else ""
        raise SqmyError([Problem(option, "cli.init_exists", {"path": str(target)})])
    write_text(target, template_text(template))
    click.echo(message("cli.init_written", lang, path=target, template=template))


@ruleset_group.command("doc")
@click.argument("path", type=INPUT_FILE)
@click.option("--output", "-o", type=OUTPUT_FILE, default=None)
@click.pass_context
def doc_command(ctx: click.Context, path: str, output: str | None) -> None:
    """由规则集生成可读的计分标准（Markdown），使公布的规则与执行的规则一致。"""
    lang = lang_of(ctx)
    text = render_ruleset_doc(load_ruleset(path), lang)
    if output is None:
        click.echo(text, nl=False)
        return
    write_text(Path(output), text)
    click.echo(message("cli.doc_written", lang, path=output))


def register(group: click.Group) -> None:
    group.add_command(ruleset_group)
