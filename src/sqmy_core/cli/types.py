"""The values of the command line's options, checked against the contract's limits.

Each type refuses with a :class:`~sqmy_core.errors.SqmyError` whose problem is
named by the option (``--year: 年份应在 1900 到 2199 之间，实际为 9999``), so a
refusal reads like any other and never as click's English.  The limits are
the contract's ("Limits" in the interchange document): years 1900–2199 and
times between 1900-01-01 and 2199-12-31 (any offset).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import click

from sqmy_core.errors import Problem, SqmyError
from sqmy_core.interchange.times import parse_time, time_problem

if TYPE_CHECKING:
    from sqmy_core.scoring.bulletin import Period

FIRST_YEAR: Final = 1900
LAST_YEAR: Final = 2199
FIRST_DAY: Final = date(FIRST_YEAR, 1, 1)
LAST_DAY: Final = date(LAST_YEAR, 12, 31)

_YEAR_TEXT: Final = re.compile(r"[+-]?[0-9]{1,12}")
_DAY_TEXT: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _refuse(param: click.Parameter | None, code: str, **params: Any) -> SqmyError:
    if isinstance(param, click.Argument):
        name = param.human_readable_name
    else:
        name = param.opts[0] if param is not None and param.opts else ""
    return SqmyError([Problem(name, code, params)])


def _shown(value: str, limit: int = 60) -> str:
    """The value as a message quotes it (long garbage cut short)."""
    text = value if len(value) <= limit else value[: limit - 3] + "..."
    return repr(text)


def _path_shown(value: str) -> str:
    return _shown(value, 500)


class Year(click.ParamType[int]):
    """An assessment year, 1900–2199."""

    name = "year"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            year = value
        elif isinstance(value, str) and _YEAR_TEXT.fullmatch(value.strip()):
            year = int(value.strip())
        else:
            raise _refuse(param, "wrong_type", expected="integer", found=_shown(str(value)))
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise _refuse(
                param, "year_out_of_range", low=FIRST_YEAR, high=LAST_YEAR, found=str(year)
            )
        return year


class Moment(click.ParamType[datetime]):
    """A time with an offset (ISO 8601, as in the contract), 1900-01-01 to 2199-12-31."""

    name = "time"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> datetime:
        if isinstance(value, datetime):
            moment: datetime | None = value
        else:
            text = str(value)
            moment = parse_time(text)
            if moment is None:
                raise _refuse(param, time_problem(text), found=_shown(text))
        assert moment is not None
        if not FIRST_DAY <= moment.date() <= LAST_DAY:
            raise _refuse(
                param,
                "time_out_of_range",
                low=FIRST_DAY.isoformat(),
                high=LAST_DAY.isoformat(),
                found=_shown(str(value)),
            )
        return moment


def now() -> datetime:
    """The current time with the machine's offset: the default of ``--now``.

    The command line is the only place that reads the clock; everything below
    it is given the time.
    """
    return datetime.now().astimezone()


class Day(click.ParamType[date]):
    """A calendar date ``YYYY-MM-DD``, 1900-01-01 to 2199-12-31."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        text = str(value)
        if not _DAY_TEXT.fullmatch(text):
            raise _refuse(param, "bad_date", found=_shown(text))
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise _refuse(param, "not_a_date", found=_shown(text)) from None
        if not FIRST_DAY <= day <= LAST_DAY:
            raise _refuse(
                param,
                "date_out_of_range",
                low=FIRST_DAY.isoformat(),
                high=LAST_DAY.isoformat(),
                found=_shown(text),
            )
        return day


class PeriodType(click.ParamType["Period"]):
    """A bulletin period (``2024``, ``2024Q1``, ``2024-03``) of a year 1900–2199.

    ``Period`` (and the bulletin scoring behind it) is imported when a period
    is read, not by every command that imports these types.
    """

    name = "period"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> Period:
        from sqmy_core.scoring.bulletin import Period

        if isinstance(value, Period):
            return value
        name = param.opts[0] if param is not None and param.opts else "period"
        period = Period.parse(str(value), name)
        if not FIRST_YEAR <= period.year <= LAST_YEAR:
            raise _refuse(
                param, "year_out_of_range", low=FIRST_YEAR, high=LAST_YEAR, found=_shown(value)
            )
        return period


class Choice(click.Choice):  # type: ignore[type-arg]
    """click's choice, refused in the catalogue's words."""

    def __init__(self, choices: Sequence[str]) -> None:
        super().__init__(choices)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and value in self.choices:
            return value
        raise _refuse(
            param,
            "unknown_value",
            what="choice",
            found=_shown(str(value)),
            allowed=", ".join(map(str, self.choices)),
        )


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a name too long: reading or writing it says so
        return False


def _usable(text: str, param: click.Parameter | None) -> str:
    """A path the OS can be asked about (no NUL, encodable), else refused."""
    try:
        if "\0" in text:
            raise ValueError(text)
        os.fsencode(text)
    except (UnicodeError, ValueError):
        raise _refuse(param, "bad_path", found=_path_shown(text)) from None
    return text


class InputFile(click.ParamType[str]):
    """A file to read; whether it exists and can be read is told when it is read."""

    name = "file"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = _usable(str(value), param)
        if _is_dir(Path(text)):
            raise _refuse(param, "path_is_directory", found=_path_shown(text))
        return text


class OutputFile(click.ParamType[str]):
    """A file to write: its folder must exist and it must not be a folder itself.

    Checked before any work is done, so a refused output path writes nothing.
    """

    name = "file"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = _usable(str(value), param)
        target = Path(text)
        if _is_dir(target):
            raise _refuse(param, "path_is_directory", found=_path_shown(text))
        folder = target.parent
        if not _is_dir(folder):
            raise _refuse(
                param,
                "no_such_directory",
                found=_path_shown(text),
                folder=_path_shown(str(folder)),
            )
        return text


YEAR: Final = Year()
MOMENT: Final = Moment()
DAY: Final = Day()
PERIOD: Final = PeriodType()
INPUT_FILE: Final = InputFile()
OUTPUT_FILE: Final = OutputFile()
