"""Key expressions as words: which exist, which attribute they read, how values are spelt.

The engine (:mod:`sqmy_core.scoring.keys`) evaluates them; the checks here
and in :mod:`.check_points` refuse the ones that cannot be evaluated.
"""

from __future__ import annotations

from fractions import Fraction

from sqmy_core.model.attributes import AttrValue
from sqmy_core.rules.convert import fraction_text

EVENT_FIELDS = ("body", "level", "rank", "route", "outcome", "kind", "stage", "decision", "to")
PIECE_FIELDS = ("call_kind", "authors", "type", "unit_kind")
SCOPES = ("event", "piece", "call", "unit")


def key_text(value: AttrValue | int | None) -> str | None:
    """The text a value is compared as (``True`` -> ``true``, ``3/2`` -> ``1.5``)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    return fraction_text(Fraction(value))


def valid_expression(expr: str) -> bool:
    """Whether ``expr`` is a key expression the engine can evaluate."""
    if expr in EVENT_FIELDS or expr in PIECE_FIELDS:
        return True
    parts = expr.split(".")
    if len(parts) == 2 and parts[0] == "attributes":
        return bool(parts[1])
    return len(parts) == 3 and parts[0] in SCOPES and parts[1] == "attributes" and bool(parts[2])


def attribute_names(expr: str) -> str | None:
    """The attribute an expression reads, if any (for the checks)."""
    parts = expr.split(".")
    return parts[-1] if "attributes" in parts[:-1] else None
