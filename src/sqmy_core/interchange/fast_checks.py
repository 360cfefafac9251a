"""Column checks of the fast reader: each says whether a whole column surely passes.

Every check here is a *sufficient* condition for the reference reader's
acceptance, never a necessary one: a value it cannot vouch for (an id that
might start with some Unicode white space, a time with fractions of a second,
``24:00``) fails the check, and the whole document then goes to the reference
reader, which decides and names the problem.  So these checks may be stricter
than the contract, but must never be looser.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Final

from sqmy_core.interchange.dataset_spec import MAX_ID
from sqmy_core.interchange.times import MAX_YEAR, MIN_YEAR

if TYPE_CHECKING:
    import polars as pl

_SPACE: Final = (
    r"\s\x1c-\x1f\x85\xa0\x{1680}\x{180e}\x{2000}-\x{200b}\x{2028}\x{2029}"
    r"\x{202f}\x{205f}\x{3000}\x{feff}"
)
"""Every character Python's ``str.strip`` might strip, and a few more (stricter is safe)."""

_BAD_ID: Final = rf"[\x00-\x1f\x7f]|^[{_SPACE}]|[{_SPACE}]$"

_TIME: Final = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T(?:(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]|24:00:00)"
    r"(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])$"
)
"""The common shape of a time (whole seconds, an offset; ``24:00:00`` is the next day's
00:00); any other goes to the reference."""

_US: Final = 1_000_000


def all_true(frame: pl.DataFrame, checks: Iterable[pl.Expr]) -> bool:
    """Whether every check holds on every row (an empty frame passes)."""
    exprs = [c.fill_null(False).all().alias(f"c{i}") for i, c in enumerate(checks)]
    if not exprs or frame.height == 0:
        return True
    row = frame.select(exprs).row(0)
    return all(row)


def id_ok(c: pl.Expr) -> pl.Expr:
    """A well-formed id (1–128 characters, no control characters, no white space at the ends)."""
    n = c.str.len_chars()
    return (n >= 1) & (n <= MAX_ID) & ~c.str.contains(_BAD_ID)


def opt(c: pl.Expr, check: pl.Expr) -> pl.Expr:
    """``check`` where the value is there; null passes."""
    return c.is_null() | check


def text_ok(c: pl.Expr, limit: int, *, nonempty: bool) -> pl.Expr:
    """A string of at most ``limit`` characters (valid Unicode: the decoder saw to that)."""
    n = c.str.len_chars()
    return ((n >= 1) if nonempty else n.is_not_null()) & (n <= limit)


def words_ok(c: pl.Expr, members: pl.Series, *, nonempty: bool = False) -> pl.Expr:
    """A list of distinct members (null is an empty list, unless ``nonempty``)."""
    n = c.list.len()
    inside = c.list.eval(pl_element().is_in(members)).list.all()
    distinct = c.list.n_unique() == n
    ok = inside & distinct & ((n >= 1) if nonempty else n.is_not_null())
    return ok if nonempty else opt(c, ok)


def pl_element() -> pl.Expr:
    import polars as pl

    return pl.element()


def time_us(c: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """(whether the time surely parses in range, its integer microseconds since the epoch UTC).

    The date is checked by polars' own calendar (``2024-02-30`` is null); the
    year is the time's own, in its offset, as the reference reads it.
    """
    import polars as pl

    def part(start: int, length: int) -> pl.Expr:
        return c.str.slice(start, length).cast(pl.Int64, strict=False)

    day = c.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False).cast(pl.Int64)
    year = part(0, 4)
    local = day * 86_400 + part(11, 2) * 3600 + part(14, 2) * 60 + part(17, 2)
    utc = c.str.ends_with("Z")
    sign = pl.when(c.str.slice(19, 1) == "-").then(-1).otherwise(1)
    offset = pl.when(utc).then(0).otherwise(sign * (part(20, 2) * 3600 + part(23, 2) * 60))
    # 24:00 of a day is the next day: its year is the next one on 31 December
    last = year.is_between(MIN_YEAR, MAX_YEAR - 1) | (part(11, 2) != 24)
    ok = c.str.contains(_TIME) & day.is_not_null() & year.is_between(MIN_YEAR, MAX_YEAR) & last
    return ok, (local - offset) * _US
