"""``sqmy report``: a bulletin or the year's assessment as a terminal view, Markdown, HTML, JSON,
an Excel workbook, a Word 通报 or PNG charts.

The report is built once (:mod:`sqmy_core.reports.bulletin_report`,
:mod:`sqmy_core.reports.assessment_report`) and laid out by
:func:`sqmy_core.reports.writers.write_report`; this module only chooses the
records, the bulletin and the period, and where the output goes.  Without
``--bulletin`` and ``--period`` it reports the assessment of ``--year``;
with either, that bulletin for that period (a whole year when no period is
given).  The workbook, the Word document and the charts are files: they need
``--output``, checked before any record is read, and are written whole
through a temporary file (a refused run leaves no file).  Their libraries
come with the ``reports`` extra and are imported only for them.

The date under the sign-off (``--date``) defaults to today: the command line
is the one place that reads the clock.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from sqmy_core.cli.common import lang_of
from sqmy_core.cli.help import Command
from sqmy_core.cli.sources import open_workspace, source_options
from sqmy_core.cli.types import DAY, OUTPUT_FILE, PERIOD, YEAR, Choice, now
from sqmy_core.errors import BulletinError, Problem, SourceError
from sqmy_core.i18n import message
from sqmy_core.reports.writers import BINARY, FORMATS, write_report

if TYPE_CHECKING:
    from sqmy_core.model import Dataset
    from sqmy_core.reports.document import Report
    from sqmy_core.rules import Ruleset
    from sqmy_core.rules.spec import BulletinSpec
    from sqmy_core.scoring.bulletin import Period

F = TypeVar("F", bound=Callable[..., Any])

_LONGER = {"month": ("month", "quarter", "year"), "quarter": ("quarter", "year"), "year": ("year",)}
"""The periods a bulletin issued every month, quarter or year may be asked for."""


def check_period(spec: BulletinSpec, period: Period) -> None:
    """Refuse a period shorter than the bulletin's: a quarterly 通报 of March is no 通报.

    A longer one (a year of a quarterly bulletin) sums its periods and is allowed.
    """
    if period.kind not in _LONGER[spec.every]:
        raise BulletinError(
            [
                Problem(
                    "--period",
                    "report.period_kind",
                    {
                        "bulletin": spec.id,
                        "every_noun": f"report.every.{spec.every}",
                        "expected": f"report.expect.{spec.every}",
                        "found": repr(str(period)),
                    },
                )
            ]
        )


def document_options(func: F) -> F:
    """``--output``, ``--document-number``, ``--signoff``, ``--red-head`` and ``--date``."""
    for option in reversed(
        (
            click.option("--output", "-o", "output", type=OUTPUT_FILE, default=None),
            click.option("--document-number", "document_number"),
            click.option("--signoff"),
            click.option("--red-head", "red_head"),
            click.option("--date", "dated", type=DAY),
            click.option("--chart", "chart"),
        )
    ):
        func = option(func)
    return func


def check_output(fmt: str, output: str | None) -> Path | None:
    """The output path; a file format without one is refused before any work is done."""
    if output is None and fmt in BINARY:
        raise SourceError([Problem("--output", "report.needs_output", {"format": fmt})])
    return Path(output) if output is not None else None


def chosen_charts(report: Report, chart: str | None) -> Report:
    """The report with only the chart ``--chart`` names (all of them without it)."""
    if chart is None:
        return report
    from attrs import evolve

    keys = [c.key for c in report.charts]
    if chart not in keys:
        raise SourceError(
            [
                Problem(
                    "--chart",
                    "report.unknown_chart",
                    {"found": repr(chart), "allowed": ", ".join(keys) or "—"},
                )
            ]
        )
    return evolve(report, charts=tuple(c for c in report.charts if c.key == chart))


def deliver(ctx: click.Context, report: Report, fmt: str, target: Path | None) -> None:
    """Write the report; a file's path is said on standard error (the output stays clean)."""
    write_report(report, fmt, target)
    if target is not None:
        click.echo(message("report.written", lang_of(ctx), format=fmt, path=target), err=True)


def loaded(
    ruleset_path: str | None,
    data_path: str | None,
    db_url: str | None,
    organization: str | None,
    year: int,
) -> tuple[Ruleset, Dataset, tuple[Any, ...] | None]:
    """The ruleset for ``year``, the records, and (from a workspace) when each clue came in.

    A dataset file has no clues, and a workspace without a single clue record
    does not keep them: the third item is ``None`` then, and the funnel starts
    at 采集.
    """
    from sqmy_core.cli.sources import records

    if db_url is None or data_path is not None:
        ruleset, dataset = records(ruleset_path, data_path, db_url, organization, year)
        return ruleset, dataset, None
    from sqmy_core.storage import records as stored

    with open_workspace(db_url, ruleset_path, organization) as ws:
        received = tuple(stored.clue_of(doc).received_at for doc in ws.store.list("clue"))
        # a workspace that registers no clue at all does not keep them: no funnel stage of 0
        return ws.ruleset_for(year), ws.export(), received or None


@click.command("report", cls=Command)
@source_options
@click.option("--year", type=YEAR)
@click.option("--bulletin", "bulletin_id")
@click.option("--period", "period_text", type=PERIOD)
@click.option("--format", "fmt", type=Choice(FORMATS), default="table", show_default=True)
@document_options
@click.pass_context
def report_command(
    ctx: click.Context,
    ruleset_path: str | None,
    data_path: str | None,
    db_url: str | None,
    organization: str | None,
    year: int | None,
    bulletin_id: str | None,
    period_text: Period | None,
    fmt: str,
    output: str | None,
    document_number: str | None,
    signoff: str | None,
    red_head: str | None,
    dated: date | None,
    chart: str | None,
) -> None:
    """把某一期通报或年度考核写成终端表格、Markdown、HTML、JSON、Excel、Word（通报格式）或 PNG 图表。"""
    lang = lang_of(ctx)
    target = check_output(fmt, output)
    if year is None and period_text is None:
        raise SourceError([Problem("", "usage.missing_option", {"name": "'--year'"})])
    if year is not None and period_text is not None and period_text.year != year:
        raise BulletinError(
            [Problem("--period", "report.period_year", {"period": str(period_text), "year": year})]
        )
    the_year = period_text.year if period_text is not None else year
    assert the_year is not None
    ruleset, dataset, clues = loaded(ruleset_path, data_path, db_url, organization, the_year)
    from sqmy_core.scoring.book import Book

    book = Book(ruleset, dataset)
    on = dated or now().date()
    frame: dict[str, Any] = {
        "dated": on,
        "document_number": document_number,
        "signoff": signoff,
        "red_head": red_head,
    }
    if bulletin_id is None and period_text is None:
        from sqmy_core.reports.assessment_report import assessment_report
        from sqmy_core.scoring.assess import assess_book

        received = None
        if clues is not None:
            received = sum(1 for at in clues if book.clock.year_of(at) == the_year)
        report = assessment_report(assess_book(book, the_year), book, lang, clues=received, **frame)
    else:
        from sqmy_core.reports.bulletin_report import bulletin_report
        from sqmy_core.scoring.bulletin import Period, bulletin, find_bulletin

        spec = find_bulletin(ruleset, bulletin_id)
        period = period_text or Period("year", the_year)
        check_period(spec, period)
        report = bulletin_report(bulletin(book, spec, period), book, lang, **frame)
    deliver(ctx, chosen_charts(report, chart), fmt, target)


def register(group: click.Group) -> None:
    group.add_command(report_command)
