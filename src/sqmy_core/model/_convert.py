"""Typed converters for attrs fields (mypy cannot type the bare ``tuple`` converter)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def as_tuple(items: Iterable[Any]) -> tuple[Any, ...]:
    """Lists given by callers become tuples, so records stay immutable."""
    return tuple(items)
