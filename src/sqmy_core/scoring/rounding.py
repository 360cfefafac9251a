"""Rounding for display only: exact values in, half-up decimals out."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from math import floor


def round_half_up(value: Fraction, places: int) -> Decimal:
    """``value`` rounded half away from zero to ``places`` decimals (12.345 -> 12.35)."""
    scaled = value * 10**places
    sign = -1 if scaled < 0 else 1
    whole = floor(abs(scaled) + Fraction(1, 2))
    return Decimal(sign * whole).scaleb(-places)


def points_text(value: Fraction) -> str:
    """Points as office staff read them: two decimals (``12.60``)."""
    return f"{round_half_up(value, 2):.2f}"
