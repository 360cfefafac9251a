"""How a cell reads when a format shows text: one rule for every writer.

The exact value stays in the :class:`~sqmy_core.reports.document.Table`;
only here is it rounded, by the column's kind (points to two decimals, rates
as percents with two decimals, half away from zero), so the terminal, the
Markdown, the Word document and the chart labels show the same figures.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from fractions import Fraction
from typing import Final

from sqmy_core.reports.document import Cell, Column
from sqmy_core.scoring.rounding import points_text, round_half_up

DASH: Final = "—"
"""What an empty cell shows (a rate over zero approvals, a rank not given)."""


def percent_text(value: Fraction) -> str:
    """``Fraction(2, 3)`` -> ``66.67%``."""
    return f"{round_half_up(value * 100, 2):.2f}%"


def cell_text(cell: Cell, column: Column) -> str:
    """The cell as a reader sees it; a rate above 100 % carries the column's mark."""
    if cell is None:
        return DASH
    if isinstance(cell, datetime):
        return cell.strftime("%Y-%m-%d %H:%M")
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, str):
        return cell
    if column.kind == "percent":
        text = percent_text(Fraction(cell))
        return f"{text}{column.mark_over_one}" if cell > 1 and column.mark_over_one else text
    if column.kind == "points" or isinstance(cell, Fraction):
        return points_text(Fraction(cell))
    return str(cell)


def text_width(text: str) -> int:
    """Columns a text takes in a sheet or a Word table: two for a wide (CJK) character.

    Ambiguous ones (※, —) count as wide too: a Chinese font draws them full width.
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)


def is_number(column: Column) -> bool:
    """Columns whose cells line up on the right."""
    return column.kind in ("count", "points", "percent")


__all__ = ["DASH", "cell_text", "is_number", "percent_text", "text_width"]
