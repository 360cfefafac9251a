"""Shared pieces of the dataset parser: showing values, collecting problems, limits.

The limit checks are written for the hot path: the common case (a short,
printable string) is decided by two or three C-level string methods, and only
a string that fails them is looked at again to say exactly what is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

from attrs import frozen

from sqmy_core.errors import Problem
from sqmy_core.interchange.dataset_spec import MAX_DECIMALS, MAX_ID, MAX_NUMBER

MISSING: Final[Any] = object()

# --------------------------------------------------------------------------
# Rendering values in messages
# --------------------------------------------------------------------------

_SHOW_MAX: Final = 60
_SHOW_DEPTH: Final = 3


def show(value: object, _depth: int = 0) -> str:
    """A found value as a message shows it: repr-style quotes, JSON words, shortened.

    Nested lists and objects are shown three levels deep at most, so a value
    nested a thousand deep is shown in a few characters, not by recursion.
    """
    if isinstance(value, str):
        if len(value) > _SHOW_MAX:
            return repr(value[: _SHOW_MAX - 1]) + "…"
        return repr(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, Decimal):
        text = str(value)
        return text if len(text) <= _SHOW_MAX else text[: _SHOW_MAX - 1] + "…"
    if isinstance(value, list):
        if _depth >= _SHOW_DEPTH:
            return "[…]"
        items = [show(v, _depth + 1) for v in value[:3]]
        if len(value) > 3:
            items.append("…")
        return "[" + ", ".join(items) + "]"
    if isinstance(value, dict):
        if _depth >= _SHOW_DEPTH:
            return "{…}"
        parts = [
            f"{show(k, _depth + 1)}: {show(v, _depth + 1)}" for k, v in list(value.items())[:3]
        ]
        if len(value) > 3:
            parts.append("…")
        return "{" + ", ".join(parts) + "}"
    text = repr(value)
    return text if len(text) <= _SHOW_MAX else text[: _SHOW_MAX - 1] + "…"


def join(words: Iterable[str]) -> str:
    return ", ".join(words)


def safe_key(key: object) -> str:
    """A key as a message names it: lone surrogates escaped, so the message can be printed.

    (JSON keys are strings; a document built in Python may have others, shown as values.)
    """
    if type(key) is not str:
        return show(key)
    if key.isascii() or not SURROGATE.search(key):
        return key
    return key.encode("utf-8", "backslashreplace").decode("utf-8")


# --------------------------------------------------------------------------
# Problems
# --------------------------------------------------------------------------


class Problems:
    """Problems found so far; past the cap they are only counted."""

    __slots__ = ("cap", "items", "more", "total")

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.items: list[Problem] = []
        self.more = 0
        self.total = 0

    def add(self, path: str, code: str, **params: Any) -> None:
        self.total += 1
        if len(self.items) < self.cap:
            self.items.append(Problem(path, code, params))
        else:
            self.more += 1

    def result(self) -> list[Problem]:
        if not self.more:
            return self.items
        return [
            *self.items,
            Problem("", "too_many_problems", {"count": self.more, "shown": self.cap}),
        ]


@frozen
class Domain:
    """The strings a value may take: a vocabulary or the ids of a list."""

    members: Container[str]
    noun: str
    allowed: str | None = None  # the vocabulary, listed in messages; None for ids

    def complain(self, p: Problems, path: str, value: object) -> None:
        if type(value) is not str:
            p.add(path, "wrong_type", expected="string", found=show(value))
        elif self.allowed is None:
            p.add(path, "unknown_ref", what=self.noun, found=show(value))
        elif not self.allowed:
            p.add(path, "not_declared", what=self.noun, found=show(value))
        else:
            p.add(path, "unknown_value", what=self.noun, found=show(value), allowed=self.allowed)


def vocabulary(words: Iterable[str], noun: str) -> Domain:
    words = tuple(dict.fromkeys(words))
    return Domain(frozenset(words), noun, join(words))


# --------------------------------------------------------------------------
# Limits on strings
# --------------------------------------------------------------------------

SURROGATE: Final = re.compile("[\ud800-\udfff]")
_CONTROL: Final = re.compile("[\x00-\x1f\x7f]")
_SURROGATE_SEARCH: Final = SURROGATE.search


def id_ok(v: str) -> bool:
    """Whether ``v`` is a well-formed id (1–128 characters, no control characters,
    no white space at either end, valid Unicode).  The fast check is
    :meth:`str.isprintable`: false for control characters and lone surrogates."""
    if 0 < len(v) <= MAX_ID and v.isprintable() and v[0] != " " and v[-1] != " ":
        return True
    return id_problem(v) is None


def id_problem(v: str) -> tuple[str, dict[str, Any]] | None:
    """What is wrong with an id (code and params), or None."""
    if not v:
        return "empty", {}
    if SURROGATE.search(v):
        return "lone_surrogate", {}
    if len(v) > MAX_ID:
        return "too_long", {"limit": MAX_ID, "length": len(v)}
    m = _CONTROL.search(v)
    if m:
        return "control_char", {"char": f"U+{ord(m.group()):04X}"}
    if v.strip() != v:
        return "edge_space", {}
    return None


def text_ok(v: str, limit: int) -> bool:
    """Whether ``v`` is at most ``limit`` characters of valid Unicode."""
    # str.isprintable is false for lone surrogates: a printable string has none
    return len(v) <= limit and (v.isascii() or v.isprintable() or not SURROGATE.search(v))


def text_problem(v: str, limit: int) -> tuple[str, dict[str, Any]]:
    """What is wrong with a string :func:`text_ok` refused."""
    if SURROGATE.search(v):
        return "lone_surrogate", {}
    return "too_long", {"limit": limit, "length": len(v)}


class Ids:
    """Contains every well-formed id that is also in ``index`` (for look-ups by membership)."""

    __slots__ = ("index",)

    def __init__(self, index: Container[str]) -> None:
        self.index = index

    def __contains__(self, value: object) -> bool:
        return value in self.index


class Texts:
    """Contains every string of at most ``limit`` characters of valid Unicode."""

    __slots__ = ("limit",)

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def __contains__(self, value: object) -> bool:
        # text_ok, inlined: this runs for every free-text key of an event
        return (
            type(value) is str
            and len(value) <= self.limit
            and (value.isascii() or value.isprintable() or not _SURROGATE_SEARCH(value))
        )


class IdStrings:
    """Contains every well-formed id."""

    def __contains__(self, value: object) -> bool:
        # id_ok's fast check, inlined: this runs for every stage of an event
        if type(value) is not str:
            return False
        if (
            0 < len(value) <= MAX_ID
            and value.isprintable()
            and value[0] != " "
            and value[-1] != " "
        ):
            return True
        return id_problem(value) is None


# --------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------

_SCALE: Final = 10**MAX_DECIMALS
_MAX_EXPONENT: Final = 40
_DECIMAL_RE: Final = re.compile(r"-?(?:0|[1-9][0-9]{0,17})(?:\.[0-9]{1,12})?")


def exact_number(v: object) -> Fraction | None:
    """A JSON number (int, float or Decimal) or a decimal string as an exact Fraction.

    Floats are converted through their shortest repr (``0.1`` is 1/10, not the
    binary double).  NaN, infinities, booleans, numbers beyond
    :data:`MAX_NUMBER` or with more than :data:`MAX_DECIMALS` decimals, and
    strings that are not plain decimals (``1e3``, ``+2``, `` 2``) give None.
    """
    if type(v) is int:
        d = Decimal(v) if abs(v) <= MAX_NUMBER else None
    elif type(v) is float:
        d = Decimal(repr(v)) if v == v and abs(v) <= MAX_NUMBER else None
    elif type(v) is Decimal:
        d = v
    elif type(v) is str:
        d = Decimal(v) if _DECIMAL_RE.fullmatch(v) else None
    else:
        return None
    if d is None or not d.is_finite() or abs(d) > MAX_NUMBER:
        return None
    exponent = d.as_tuple().exponent
    if not isinstance(exponent, int) or exponent < -_MAX_EXPONENT:
        return None  # more digits than any decimal this contract carries
    f = Fraction(d)
    if _SCALE % f.denominator:
        return None  # more than MAX_DECIMALS decimals
    return f
