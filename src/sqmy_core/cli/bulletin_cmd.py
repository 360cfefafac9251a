"""``sqmy bulletin``: a ruleset's periodic bulletin (通报, 亮晒) in any format of ``sqmy report``.

The numbers are :func:`sqmy_core.scoring.bulletin.bulletin`'s.  Tables,
Markdown, the workbook, the Word document and the charts are ``sqmy
report``'s (:func:`sqmy_core.reports.bulletin_report.bulletin_report`, with
ids on every row and each rate defined under its table); this command adds
the choice of the period by publishing day (``--on``) and keeps its own JSON
document.  A period shorter than the bulletin's (``--period 2024-03`` of a
quarterly one) is refused.  Counts are exact; rates are rounded in JSON to
four decimals.

The JSON document (``--format json``) is deliberately small::

    {
      "organization": "district", "title": "…考核办法",
      "bulletin": {"id": "quarterly", "label": "季度通报", "clause": "第七条",
                   "every": "quarter", "covers": "current"},
      "period": {"id": "2024Q1", "kind": "quarter", "year": 2024, "months": [1, 2, 3],
                 "label": "2024年第一季度"},
      "entities": ["person", "unit"], "metrics": ["submitted", …], "rates": ["adoption_rate", …],
      "people": [{"id": "p001", "name": "张三", "counts": {"submitted": 1, …},
                  "rates": {"adoption_rate": 0.5, "instruction_rate": null}}],
      "units":  [{"id": "sec-econ", "name": "经济界", "kind": "sector", "counts": {…}, "rates": {…}}],
      "totals": {"counts": {…}, "rates": {…}},
      "overdue": [{"piece": "2024-001", "title": "…", "route": "direct",
                   "approved_at": "…+08:00", "due": "…+08:00", "dispatched_at": "…+08:00"}]
    }

``people`` / ``units`` are empty for an entity kind the bulletin does not
cover (``entities``); a rate is ``null`` when nothing was approved in the
period; ``overdue`` is ``null`` when the bulletin does not list late
dispatches.  ``totals`` count each piece once, so they are not the column sums.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from fractions import Fraction
from typing import Any

import click

from sqmy_core.cli.common import lang_of
from sqmy_core.cli.help import Command
from sqmy_core.cli.report_cmd import (
    check_output,
    check_period,
    chosen_charts,
    deliver,
    document_options,
)
from sqmy_core.cli.sources import records, source_options
from sqmy_core.cli.types import DAY, PERIOD, Choice, now
from sqmy_core.errors import Problem, SqmyError
from sqmy_core.reports.writers import FORMATS
from sqmy_core.scoring.book import Book
from sqmy_core.scoring.bulletin import (
    Bulletin,
    Period,
    Row,
    Tally,
    bulletin,
    find_bulletin,
    period_for,
)
from sqmy_core.scoring.rounding import round_half_up


def _rate_number(value: Fraction | None) -> float | None:
    return None if value is None else float(round_half_up(value, 4))


def _tally_doc(t: Tally) -> dict[str, Any]:
    return {"counts": dict(t.counts), "rates": {r: _rate_number(v) for r, v in t.rates.items()}}


def bulletin_to_doc(b: Bulletin, book: Book) -> dict[str, Any]:
    """The JSON document described in this module's docstring."""
    spec, p = b.spec, b.period
    tz = book.clock.tz

    def row(r: Row) -> dict[str, Any]:
        doc: dict[str, Any] = {"id": r.id, "name": r.name}
        if r.kind is not None:
            doc["kind"] = r.kind
        doc |= _tally_doc(r.tally)
        if spec.points:
            doc["points"] = {m: float(round_half_up(v, 2)) for m, v in r.points.items()}
        if r.rank is not None:
            doc["rank"] = r.rank
        return doc

    overdue = None
    if b.overdue is not None:
        overdue = [
            {
                "piece": d.piece,
                "title": book.pieces[d.piece].title,
                "route": d.route,
                "approved_at": d.approved_at.astimezone(tz).isoformat(),
                "due": d.due.astimezone(tz).isoformat(),
                "dispatched_at": d.dispatched_at.astimezone(tz).isoformat(),
            }
            for d in b.overdue
        ]
    return {
        "organization": b.organization,
        "title": b.title,
        "bulletin": {
            "id": spec.id,
            "label": spec.label,
            "clause": spec.clause,
            "every": spec.every,
            "covers": spec.covers,
        },
        "period": {
            "id": str(p),
            "kind": p.kind,
            "year": p.year,
            "months": list(p.months),
            "label": p.label("zh"),
        },
        "entities": list(spec.entities),
        "metrics": list(spec.metrics),
        "rates": list(spec.rates),
        "people": [row(r) for r in b.people],
        "units": [row(r) for r in b.units],
        "totals": _tally_doc(b.totals),
        "overdue": overdue,
    }


@click.command("bulletin", cls=Command)
@source_options
@click.option("--period", "period_text", type=PERIOD)
@click.option("--on", "on_text", type=DAY)
@click.option("--bulletin", "bulletin_id")
@click.option(
    "--format",
    "fmt",
    type=Choice(FORMATS),
    default="table",
    show_default=True,
)
@document_options
@click.pass_context
def bulletin_command(
    ctx: click.Context,
    ruleset_path: str | None,
    data_path: str | None,
    db_url: str | None,
    organization: str | None,
    period_text: Period | None,
    on_text: date | None,
    bulletin_id: str | None,
    fmt: str,
    output: str | None,
    document_number: str | None,
    signoff: str | None,
    red_head: str | None,
    dated: date | None,
    chart: str | None,
) -> None:
    """按规则集的通报（[[bulletins]]）统计某一期各人员、单位的篇数与比率（通报、亮晒）。"""
    lang = lang_of(ctx)
    target = check_output(fmt, output)
    if (period_text is None) == (on_text is None):
        raise SqmyError([Problem("", "cli.need_period", {})])
    period, on = period_text, on_text
    when = period if period is not None else on
    assert when is not None
    year = when.year  # the version in force for the period's (or the day's) year
    ruleset, dataset = records(ruleset_path, data_path, db_url, organization, year)
    spec = find_bulletin(ruleset, bulletin_id)
    if period is None:
        assert on is not None
        period = period_for(spec, on)
    check_period(spec, period)
    book = Book(ruleset, dataset)
    result = bulletin(book, spec, period)
    if fmt == "json":
        json.dump(bulletin_to_doc(result, book), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    from sqmy_core.reports.bulletin_report import bulletin_report

    report = bulletin_report(
        result,
        book,
        lang,
        dated=dated or on or now().date(),
        document_number=document_number,
        signoff=signoff,
        red_head=red_head,
    )
    deliver(ctx, chosen_charts(report, chart), fmt, target)


def register(group: click.Group) -> None:
    group.add_command(bulletin_command)
