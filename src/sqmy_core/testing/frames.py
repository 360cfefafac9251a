"""Equality of :class:`~sqmy_core.scoring.columnar.frames.DatasetFrames` for tests (needs polars).

``DataFrame.equals`` is false for any ``Object`` column (polars cannot compare
Python objects), so the ``attributes`` columns are compared as lists of their
values and every other column with ``DataFrame.equals`` (types included).
"""

from __future__ import annotations

from sqmy_core.scoring.columnar.frames import DatasetFrames

TABLES = ("units", "people", "calls", "pieces", "authors", "events")


def frames_differences(a: DatasetFrames, b: DatasetFrames) -> list[str]:
    """What differs between two frames (empty when they are equal), table by table."""
    out: list[str] = []
    for name in TABLES:
        x, y = getattr(a, name), getattr(b, name)
        if x.schema != y.schema:
            out.append(f"{name}: schema {x.schema} != {y.schema}")
            continue
        plain = [c for c, d in x.schema.items() if str(d) != "Object"]
        if not x.select(plain).equals(y.select(plain)):
            out.append(f"{name}: values differ")
        for c in x.columns:
            if c not in plain and x.get_column(c).to_list() != y.get_column(c).to_list():
                out.append(f"{name}.{c}: objects differ")
    for name in ("adjustments", "activities", "version"):
        if getattr(a, name) != getattr(b, name):
            out.append(f"{name} differs")
    return out
