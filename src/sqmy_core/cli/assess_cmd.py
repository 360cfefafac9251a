"""``sqmy assess`` and ``sqmy explain``.

The tables (rich) and ``explain`` are imported by the command that prints
them: ``sqmy assess --format json`` never loads rich, and writes its document
to standard output in one piece: as UTF-8 bytes straight to the byte stream
when standard output is UTF-8 text with ``\n`` line ends (the usual case;
:func:`~sqmy_core.interchange.assessment.assessment_json_bytes`), else as text
(:func:`~sqmy_core.interchange.assessment.assessment_to_json`), so the bytes
written are the same as before either way.
"""

from __future__ import annotations

import codecs
import os
import sys

import click

from sqmy_core.cli.common import lang_of
from sqmy_core.cli.help import Command
from sqmy_core.cli.progress import progress_bar, quiet_option
from sqmy_core.cli.sources import assessed, records, source_options
from sqmy_core.cli.types import YEAR, Choice
from sqmy_core.errors import Problem, SqmyError
from sqmy_core.interchange.assessment import assessment_json_bytes, assessment_to_json
from sqmy_core.scoring.book import Book
from sqmy_core.scoring.result import Assessment
from sqmy_core.workspace.assessing import Engine

_year = click.option("--year", required=True, type=YEAR)


@click.command("assess", cls=Command)
@source_options
@_year
@click.option(
    "--format",
    "fmt",
    type=Choice(["table", "json"]),
    default="table",
    show_default=True,
)
@click.option(
    "--engine",
    type=Choice(["auto", "reference", "columnar"]),
    default="auto",
    show_default=True,
)
@quiet_option
@click.pass_context
def assess_command(
    ctx: click.Context,
    ruleset_path: str | None,
    data_path: str | None,
    db_url: str | None,
    organization: str | None,
    year: int,
    fmt: str,
    engine: Engine,
    quiet: bool,
) -> None:
    """按规则集对数据集（--data）或工作库（--db）的某一年度进行考核。"""
    with progress_bar(ctx, "assess", fmt=fmt, quiet=quiet) as bar:
        assessment = assessed(ruleset_path, data_path, db_url, organization, year, engine, bar)
    if fmt == "json":
        write_json(assessment)
    else:
        from sqmy_core.cli.render import print_assessment

        print_assessment(assessment, lang_of(ctx))


def write_json(assessment: Assessment) -> None:
    """The assessment's JSON and a line end on standard output, as its text stream would write them."""
    out = sys.stdout
    binary = getattr(out, "buffer", None)
    encoding = getattr(out, "encoding", None)
    if binary is None or not encoding or os.linesep != "\n" or _name(encoding) != "utf-8":
        out.write(assessment_to_json(assessment) + "\n")
        return
    data = assessment_json_bytes(assessment, getattr(out, "errors", None) or "strict")
    out.flush()
    binary.write(data)
    binary.write(b"\n")
    binary.flush()


def _name(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return encoding


@click.command("explain", cls=Command)
@source_options
@_year
@click.option("--person")
@click.option("--unit")
@click.pass_context
def explain_command(
    ctx: click.Context,
    ruleset_path: str | None,
    data_path: str | None,
    db_url: str | None,
    organization: str | None,
    year: int,
    person: str | None,
    unit: str | None,
) -> None:
    """逐条列出某人或某单位年度积分的来源：事件与条款。"""
    from sqmy_core.cli.render import print_explanation
    from sqmy_core.scoring.explain import explain

    lang = lang_of(ctx)
    if (person is None) == (unit is None):
        raise SqmyError([Problem("", "cli.need_entity", {})])
    ruleset, dataset = records(ruleset_path, data_path, db_url, organization, year)
    book = Book(ruleset, dataset)
    if person is not None:
        result = explain(book, year, "person", person)
    else:
        assert unit is not None
        result = explain(book, year, "unit", unit)
    print_explanation(result, book, year, lang)


def register(group: click.Group) -> None:
    group.add_command(assess_command)
    group.add_command(explain_command)
