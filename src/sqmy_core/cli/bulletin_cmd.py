"""``sqmy bulletin``: a ruleset's periodic bulletin (通报, 亮晒) as a table, Markdown or JSON.

The numbers are :func:`sqmy_core.scoring.bulletin.bulletin`'s; this module
only chooses the bulletin and the period and lays the result out.  Counts are
exact; rates are rounded only here (percent with two decimals in tables,
four decimals in JSON).

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
import math
import sys
from datetime import date, datetime
from fractions import Fraction
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from sqmy_core.cli.common import lang_of
from sqmy_core.cli.help import Command
from sqmy_core.cli.sources import records, source_options
from sqmy_core.cli.types import DAY, PERIOD, Choice
from sqmy_core.errors import Problem, SqmyError
from sqmy_core.i18n import message
from sqmy_core.model.vocab import ROUTE_NAMES, UNIT_KIND_NAMES
from sqmy_core.scoring.assess import LateDispatch
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
from sqmy_core.scoring.rounding import points_text, round_half_up

Cells = list[list[str]]


def _rate_text(value: Fraction | None) -> str:
    return "—" if value is None else f"{round_half_up(value * 100, 2):.2f}%"


def _rate_number(value: Fraction | None) -> float | None:
    return None if value is None else float(round_half_up(value, 4))


def _local(at: datetime, book: Book) -> str:
    return at.astimezone(book.clock.tz).strftime("%Y-%m-%d %H:%M")


def _late_days(d: LateDispatch) -> str:
    """Days late, rounded up to a tenth so that one second late never reads as 0.0."""
    tenths = math.ceil((d.dispatched_at - d.due).total_seconds() / 8640)
    return f"{tenths / 10:.1f}"


def title_line(b: Bulletin, lang: str) -> str:
    """E.g. ``…考核办法 · 2024年第一季度 季度通报（第七条）``."""
    spec = b.spec
    label = (spec.label or spec.id) if lang == "zh" else spec.id
    clause = ""
    if spec.clause:
        clause = f"（{spec.clause}）" if lang == "zh" else f" ({spec.clause})"
    return message(
        "cli.bulletin_title",
        lang,
        title=b.title,
        period=b.period.label(lang),
        label=label,
        clause=clause,
    )


def _entity_header(b: Bulletin, units: bool, lang: str) -> list[str]:
    head = [message("cli.col.name", lang)]
    if units:
        head.append(message("cli.col.kind", lang))
    head += [message(f"cli.metric.{m}", lang) for m in b.spec.metrics]
    head += [message(f"cli.col.{r}", lang) for r in b.spec.rates]
    head += [_measure_name(b, m, lang) for m in b.spec.points]
    if b.spec.rank_by is not None:
        head.append(message("cli.col.rank", lang))
    return head


def _measure_name(b: Bulletin, measure: str, lang: str) -> str:
    if measure == "points":
        return message("cli.col.points", lang)
    section = measure.removeprefix("section:")
    label = b.section_labels.get(section) or section
    return f"{label}（{message('cli.col.points', lang)}）" if lang == "zh" else f"{section} points"


def _entity_cells(b: Bulletin, rows: tuple[Row, ...], lang: str) -> Cells:
    out: Cells = []
    for r in rows:
        cells = [r.name]
        if r.kind is not None:
            cells.append(UNIT_KIND_NAMES.get(r.kind, r.kind) if lang == "zh" else r.kind)
        cells += [str(r.tally.counts[m]) for m in b.spec.metrics]
        cells += [_rate_text(r.tally.rates[x]) for x in b.spec.rates]
        cells += [points_text(r.points[m]) for m in b.spec.points]
        if r.rank is not None:
            cells.append(str(r.rank))
        out.append(cells)
    return out


def _overdue_header(lang: str) -> list[str]:
    cols = ("piece", "title", "route", "approved_at", "due", "dispatched_at", "late_by")
    return [message(f"cli.col.{c}", lang) for c in cols]


def _overdue_cells(late: tuple[LateDispatch, ...], book: Book, lang: str) -> Cells:
    return [
        [
            d.piece,
            book.pieces[d.piece].title,
            ROUTE_NAMES.get(d.route, d.route) if lang == "zh" else d.route,
            _local(d.approved_at, book),
            _local(d.due, book),
            _local(d.dispatched_at, book),
            _late_days(d),
        ]
        for d in late
    ]


def totals_line(b: Bulletin, lang: str) -> str:
    sep = "，" if lang == "zh" else ", "
    counts = sep.join(
        message("cli.bulletin_count", lang, metric=message(f"cli.metric.{m}", lang), count=n)
        for m, n in b.totals.counts.items()
    )
    rates = sep.join(
        f"{message(f'cli.col.{r}', lang)} {_rate_text(v)}" for r, v in b.totals.rates.items()
    )
    items = f"{counts}{'；' if lang == 'zh' else '; '}{rates}" if rates else counts
    return message("cli.bulletin_totals", lang, items=items)


def _sections(b: Bulletin, lang: str) -> list[tuple[str, list[str], Cells, int]]:
    """(heading, header, rows, number of left-aligned columns) for each table to show."""
    out: list[tuple[str, list[str], Cells, int]] = []
    if "person" in b.spec.entities:
        out.append(
            (
                message("cli.people", lang),
                _entity_header(b, False, lang),
                _entity_cells(b, b.people, lang),
                1,
            )
        )
    if "unit" in b.spec.entities:
        out.append(
            (
                message("cli.units", lang),
                _entity_header(b, True, lang),
                _entity_cells(b, b.units, lang),
                2,
            )
        )
    return out


def print_table(b: Bulletin, book: Book, lang: str) -> None:
    """Terminal tables (rich): title, one table per entity kind, totals, late dispatches."""
    console = Console(soft_wrap=False, width=160, highlight=False)
    console.print(title_line(b, lang), style="bold")
    for heading, header, rows, left in _sections(b, lang):
        t = Table(title=heading, title_justify="left")
        for i, col in enumerate(header):
            t.add_column(col, justify="left" if i < left else "right")
        for cells in rows:
            t.add_row(*cells)
        console.print(t)
    console.print(totals_line(b, lang))
    if b.overdue is None:
        return
    if not b.overdue:
        console.print(f"{message('cli.overdue', lang)}: {message('cli.none', lang)}")
        return
    t = Table(title=message("cli.overdue", lang), title_justify="left")
    for i, col in enumerate(_overdue_header(lang)):
        t.add_column(col, justify="right" if i == 6 else "left")
    for cells in _overdue_cells(b.overdue, book, lang):
        t.add_row(*cells)
    console.print(t)


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _md_table(header: list[str], rows: Cells, left: int) -> list[str]:
    lines = ["| " + " | ".join(_md_cell(h) for h in header) + " |"]
    lines.append("|" + "|".join("---" if i < left else "---:" for i in range(len(header))) + "|")
    lines += ["| " + " | ".join(_md_cell(c) for c in cells) + " |" for cells in rows]
    return lines


def markdown(b: Bulletin, book: Book, lang: str) -> str:
    """A title line and GitHub tables, ready to paste into a work group or a document."""
    lines = [f"# {title_line(b, lang)}"]
    for heading, header, rows, left in _sections(b, lang):
        lines += ["", f"## {heading}", ""]
        lines += _md_table(header, rows, left) if rows else [message("cli.none", lang)]
    lines += ["", totals_line(b, lang)]
    if b.overdue is not None:
        lines += ["", f"## {message('cli.overdue', lang)}", ""]
        if b.overdue:
            lines += _md_table(_overdue_header(lang), _overdue_cells(b.overdue, book, lang), 6)
        else:
            lines.append(message("cli.none", lang))
    return "\n".join(lines) + "\n"


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
    type=Choice(["table", "markdown", "json"]),
    default="table",
    show_default=True,
)
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
) -> None:
    """按规则集的通报（[[bulletins]]）统计某一期各人员、单位的篇数与比率（通报、亮晒）。"""
    lang = lang_of(ctx)
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
    book = Book(ruleset, dataset)
    result = bulletin(book, spec, period)
    if fmt == "json":
        json.dump(bulletin_to_doc(result, book), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif fmt == "markdown":
        sys.stdout.write(markdown(result, book, lang))
    else:
        print_table(result, book, lang)


def register(group: click.Group) -> None:
    group.add_command(bulletin_command)
