"""A progress bar on standard error while a long command works, and silence everywhere else.

Imports, assessments, reports and backups over large data take seconds; a
terminal shows a rich bar (on standard error, cleared when done), told by
the library's progress callback (:mod:`sqmy_core.workspace.progress`).
Nothing is drawn when standard error is not a terminal (a pipe, a file, a
test runner), with ``--format json`` or with ``--quiet``: standard output
is then byte for byte what it was without the bar.  rich is imported only
when a bar is drawn.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click

from sqmy_core.cli.common import lang_of
from sqmy_core.i18n import message
from sqmy_core.workspace.progress import Progress

if TYPE_CHECKING:
    from rich.console import Console

quiet_option = click.option("--quiet", is_flag=True)


def make_console() -> Console | None:
    """The console a bar is drawn on -- standard error -- or None when that is not a terminal
    (rich is not even imported then).  Tests put a forced terminal here."""
    isatty = getattr(sys.stderr, "isatty", None)
    if not (isatty and isatty()):
        return None
    from rich.console import Console

    console = Console(stderr=True)
    return console if console.is_terminal else None


@contextmanager
def progress_bar(
    ctx: click.Context, task: str, *, fmt: str = "table", quiet: bool = False
) -> Iterator[Progress | None]:
    """A callback drawing a bar labelled ``progress.<task>``, or None where nothing is drawn."""
    if quiet or fmt == "json":
        yield None
        return
    console = make_console()
    if console is None:
        yield None
        return
    from rich.progress import BarColumn, TaskProgressColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as Bar

    label = message(f"progress.{task}", lang_of(ctx))
    with Bar(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        ident = bar.add_task(label, total=None)

        def report(done: int, total: int) -> None:
            bar.update(ident, completed=done, total=total)

        yield report

__all__ = ["make_console", "progress_bar", "quiet_option"]
