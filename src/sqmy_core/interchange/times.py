"""Times of the interchange formats: ISO 8601 with an offset, ``24:00`` included.

The accepted grammar (also the ``pattern`` of the JSON Schema, so the schema and
the parser agree)::

    YYYY-MM-DD "T" hh:mm[:ss[.fraction]] ( "Z" | ("+"|"-") hh:mm )

- the offset is required: a time without one is refused;
- seconds may be left out (``09:00+08:00``, as Java writes whole minutes);
- any number of fraction digits is accepted; digits beyond microseconds are
  dropped (Java and JavaScript write nanoseconds/milliseconds);
- ``24:00`` / ``24:00:00`` (ISO 8601's end of day, used by the contract's own
  example ``2024-04-30T24:00:00+08:00``) means 00:00 of the next day;
- dates are checked (``2024-02-30`` is refused), the separator is an upper-case
  ``T`` and UTC is ``Z`` or ``+00:00``.

Python's :meth:`datetime.fromisoformat` does the conversion (it is fast, in C);
the regular expression decides what is accepted, since ``fromisoformat`` also
takes forms the contract does not (week dates, basic format, other separators)
and refuses ``24:00``.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Final

_DATE: Final = r"[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
_CLOCK: Final = (
    r"(?:(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]+)?)?|(24):00(?::00(?:\.0+)?)?)"
)
_OFFSET: Final = r"(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"

TIME_PATTERN: Final = f"^{_DATE}T{_CLOCK}{_OFFSET}$"
"""The accepted time grammar as a regular expression (Python and ECMA-262 alike)."""

_TIME_RE: Final = re.compile(f"({_DATE})T{_CLOCK}({_OFFSET})")
_NAIVE_RE: Final = re.compile(f"{_DATE}T{_CLOCK}")
_ONE_DAY: Final = timedelta(days=1)


def parse_time(text: str) -> datetime | None:
    """The aware datetime ``text`` denotes, or ``None`` if it is not an accepted time."""
    # Fast path for the common shapes ``2024-03-01T09:00:00+08:00`` and
    # ``2024-03-01T09:00:00Z``: where the separators are in place, what
    # ``fromisoformat`` accepts is exactly what the grammar accepts (it checks the
    # digits and ranges); anything else, 24:00 included, takes the full grammar.
    n = len(text)
    if (
        (
            (n == 25 and text[22] == ":" and text[19] in "+-" and text[23] in "012345")
            or (n == 20 and text[19] == "Z")
        )
        and text[10] == "T"
        and text[4] == "-"
        and text[7] == "-"
        and text[13] == ":"
        and text[16] == ":"
    ):
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            pass
    m = _TIME_RE.fullmatch(text)
    if m is None:
        return None
    try:
        if m.group(2) is None:
            return datetime.fromisoformat(text)
        # 24:00 is the end of the day: 00:00 of the next one.
        return datetime.fromisoformat(f"{m.group(1)}T00:00{m.group(3)}") + _ONE_DAY
    except (ValueError, OverflowError):  # 2024-02-30, 9999-12-31T24:00Z
        return None


def _real_date(text: str) -> bool:
    """Whether the ``YYYY-MM-DD`` at the start of ``text`` is a day of the calendar."""
    try:
        date.fromisoformat(text[:10])
    except ValueError:
        return False
    return True


def lacks_offset(text: str) -> bool:
    """Whether ``text`` is a date and time that only misses its offset (for the message).

    An impossible date (``2024-02-30T09:00``) is not "only" missing its offset.
    """
    return _NAIVE_RE.fullmatch(text) is not None and _real_date(text)


def time_problem(text: str) -> str:
    """The message code that says why :func:`parse_time` refused ``text``.

    ``not_a_date`` for a well-formed time on a day the calendar does not have
    (``2024-02-30T09:00:00+08:00``), ``time_without_offset`` for a real date
    and time without an offset, ``bad_time`` for anything else.  Each takes
    the one parameter ``found``.
    """
    shaped = _TIME_RE.fullmatch(text) is not None or _NAIVE_RE.fullmatch(text) is not None
    if shaped and not _real_date(text):
        return "not_a_date"
    if lacks_offset(text):
        return "time_without_offset"
    return "bad_time"


def format_time(value: datetime) -> str:
    """``value`` as the contract writes it (``2024-03-01T09:00:00+08:00``).

    The offset is kept as it is (no conversion to UTC).  A naive datetime, or an
    offset that is not whole minutes, cannot be written in the contract's grammar
    and raises :class:`ValueError`.
    """
    offset = value.utcoffset()
    if offset is None:
        raise ValueError(f"time without an offset: {value!r}")
    if offset.seconds % 60 or offset.microseconds:
        raise ValueError(f"offset is not whole minutes: {value!r}")
    return value.isoformat()


MIN_YEAR: Final = 1900
MAX_YEAR: Final = 2199
"""Times outside 1900-01-01 .. 2199-12-31 (in their own offset) are refused: every
store and every year computation can then hold them, with no overflow later."""


def in_range(value: datetime) -> bool:
    """Whether ``value``'s own date lies between 1900-01-01 and 2199-12-31."""
    return MIN_YEAR <= value.year <= MAX_YEAR


def parse_time_in_range(text: str) -> datetime | None:
    """:func:`parse_time`, also refusing a time outside the contract's years."""
    t = parse_time(text)
    return t if t is not None and MIN_YEAR <= t.year <= MAX_YEAR else None


def out_of_range(text: str) -> bool:
    """Whether ``text`` is in the time grammar but outside the contract's years (for the message)."""
    if _TIME_RE.fullmatch(text) is None:
        return False
    t = parse_time(text)
    if t is None:  # 9999-12-31T24:00Z overflows; 2024-02-30 is just a bad date
        return not MIN_YEAR <= int(text[:4]) <= MAX_YEAR
    return not in_range(t)


TIME_PATTERN_IN_RANGE: Final = TIME_PATTERN.replace("^[0-9]{4}-", "^(?:19|20|21)[0-9]{2}-", 1)
""":data:`TIME_PATTERN` with the contract's years 1900–2199 (the JSON Schemas' pattern;
``2199-12-31T24:00`` matches it, though it is 2200 and the parser refuses it)."""
