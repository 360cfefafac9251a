"""The contract's limits on what a Workspace command is given (ids, texts, times).

Datasets and registry records meet the limits in the dataset parser; the
piece commands (submit, review, dispatch, record …) take their ids, texts
and times as arguments, and are held to the same limits here, before the
store sees anything, so every backend keeps exactly what it was given and
PostgreSQL or MariaDB never see an id SQLite would have taken.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, Final

from sqmy_core.errors import DatasetError, Problem
from sqmy_core.interchange.dataset_common import id_problem, text_ok, text_problem
from sqmy_core.interchange.dataset_spec import MAX_NAME, MAX_TEXT
from sqmy_core.interchange.times import MAX_YEAR, MIN_YEAR, in_range

IDS: Final = ("piece_id", "actor", "unit", "call", "clue", "idempotency_key", "route", "body")
ID_LISTS: Final = ("authors", "persons", "checks", "routes")
NAMES: Final = ("title", "topic", "to", "department", "kind", "level", "rank", "outcome")
TEXTS: Final = ("note",)
TIMES: Final = ("now", "at")


def check_command(params: Mapping[str, Any]) -> None:
    """Refuse (``DatasetError``, the argument named) any argument beyond the contract's limits."""
    problems = list(_problems(params))
    if problems:
        raise DatasetError(problems)


def _problems(params: Mapping[str, Any]) -> Iterable[Problem]:
    for name, value in params.items():
        if value is None:
            continue
        if name in IDS and isinstance(value, str):
            yield from _id(name, value)
        elif name in ID_LISTS and not isinstance(value, str):
            for i, item in enumerate(value):
                if isinstance(item, str):
                    yield from _id(f"{name}[{i}]", item)
        elif name in NAMES and isinstance(value, str):
            yield from _text(name, value, MAX_NAME)
        elif name in TEXTS and isinstance(value, str):
            yield from _text(name, value, MAX_TEXT)
        elif name in TIMES and isinstance(value, datetime) and not in_range(value):
            yield Problem(
                name,
                "dataset_time_out_of_range",
                {"found": repr(value.isoformat()), "low": MIN_YEAR, "high": MAX_YEAR},
            )


def _id(path: str, value: str) -> Iterable[Problem]:
    problem = id_problem(value)
    if problem is not None:
        code, extra = problem
        yield Problem(path, code, extra)


def _text(path: str, value: str, limit: int) -> Iterable[Problem]:
    if not text_ok(value, limit):
        code, extra = text_problem(value, limit)
        yield Problem(path, code, extra)
