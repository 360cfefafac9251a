"""``sqmy dataset check``: validate a ``sqmy-dataset/1`` file before importing it."""

from __future__ import annotations

import click

from sqmy_core.cli.common import lang_of
from sqmy_core.cli.help import Group
from sqmy_core.cli.types import INPUT_FILE
from sqmy_core.i18n import message
from sqmy_core.workspace.files import load_dataset_file, load_ruleset, read_dataset_with


@click.group("dataset", cls=Group)
def dataset_group() -> None:
    """数据集（sqmy-dataset/1）。"""


@dataset_group.command("check")
@click.argument("path", type=INPUT_FILE)
@click.option("--ruleset", "ruleset_path", type=INPUT_FILE, default=None)
@click.pass_context
def check_command(ctx: click.Context, path: str, ruleset_path: str | None) -> None:
    """按 sqmy-dataset/1 约定检查数据集，列出全部问题。"""
    if ruleset_path:
        ds = read_dataset_with(load_ruleset(ruleset_path), path)
    else:
        ds = load_dataset_file(path)
    click.echo(
        message(
            "cli.dataset_ok",
            lang_of(ctx),
            path=path,
            units=len(ds.units),
            people=len(ds.people),
            calls=len(ds.calls),
            pieces=len(ds.pieces),
            events=len(ds.events),
        )
    )


def register(group: click.Group) -> None:
    group.add_command(dataset_group)
