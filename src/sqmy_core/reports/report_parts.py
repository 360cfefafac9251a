"""What the bulletin and the assessment reports share: columns, rate notes, the >100 % mark.

A rate is stated where it is shown: every table with a rate column carries
the rate's definition as a note, and a table in which some rate exceeds
100 % (an older piece adopted in this period over this period's approvals)
marks those cells and says why under the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Final

from sqmy_core.i18n import message
from sqmy_core.model.vocab import UNIT_KIND_NAMES
from sqmy_core.reports.document import Cell, CellKind, Column, Table

OVER_ONE: Final = "※"
"""The mark after a rate above 100 %, and the first character of the note that explains it."""
RATES: Final = ("adoption_rate", "instruction_rate")


def col(key: str, lang: str, kind: CellKind = "text") -> Column:
    """A column labelled ``report.col.<key>`` from the catalogue.

    Its percents carry no mark: a share such as a funnel stage over the one
    before may exceed 100 % for the reason its own note gives; rates over
    approvals are :func:`rate_col`'s.
    """
    return Column(key, message(f"report.col.{key}", lang), kind)


def metric_col(metric: str, lang: str) -> Column:
    return Column(metric, message(f"cli.metric.{metric}", lang), "count")


def rate_col(rate: str, lang: str) -> Column:
    return Column(rate, message(f"cli.col.{rate}", lang), "percent", OVER_ONE)


def rate(done: int, over: int) -> Fraction | None:
    """``done / over`` exactly, ``None`` over zero."""
    return Fraction(done, over) if over else None


def unit_kind_name(kind: str | None, lang: str) -> str:
    if kind is None:
        return ""
    return UNIT_KIND_NAMES.get(kind, kind) if lang == "zh" else kind


def name_id(name: str, ident: str, lang: str) -> str:
    """``张三（p001）``: two members of one name are told apart."""
    return message("report.body.name_id", lang, name=name, id=ident)


def rate_notes(
    columns: Sequence[Column], rows: Sequence[Sequence[Cell]], lang: str
) -> tuple[str, ...]:
    """The definitions of the rates among ``columns``; the >100 % note when a row has one."""
    notes = [message(f"report.note.{c.key}", lang) for c in columns if c.key in RATES]
    over = any(
        isinstance(v, int | Fraction) and v > 1
        for row in rows
        for v, c in zip(row, columns, strict=True)
        if c.kind == "percent" and c.mark_over_one
    )
    if over:
        notes.append(message("report.note.over_one", lang, mark=OVER_ONE))
    return tuple(notes)


def table(
    key: str,
    title: str,
    columns: Sequence[Column],
    rows: Sequence[Sequence[Cell]],
    lang: str,
    *notes: str,
) -> Table:
    """A table whose notes are ``notes`` and then its rates' definitions."""
    return Table(
        key=key,
        title=title,
        columns=tuple(columns),
        rows=tuple(tuple(r) for r in rows),
        notes=(*notes, *rate_notes(columns, rows, lang)),
    )


def joined(items: Sequence[str], lang: str, code: str = "report.sep") -> str:
    return message(code, lang).join(items)


__all__ = [
    "OVER_ONE",
    "RATES",
    "col",
    "joined",
    "metric_col",
    "name_id",
    "rate",
    "rate_col",
    "rate_notes",
    "table",
    "unit_kind_name",
]
