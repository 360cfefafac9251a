"""What every ``sqmy`` command shares: the chosen language and the error exit.

Every library error becomes exit status 2 with its message on standard error
(and nothing on standard output), in the language chosen with ``--lang`` or
the ``SQMY_LANG`` environment variable.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click

from sqmy_core.errors import SqmyError
from sqmy_core.i18n import DEFAULT_LANG, message

F = TypeVar("F", bound=Callable[..., Any])

EXIT_BAD_INPUT = 2


def lang_of(ctx: click.Context) -> str:
    obj = ctx.find_root().obj
    return obj.get("lang", DEFAULT_LANG) if isinstance(obj, dict) else DEFAULT_LANG


def reports_errors(func: F) -> F:
    """Turn library errors into a message on stderr and exit status 2."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except SqmyError as exc:
            lang = lang_of(click.get_current_context())
            click.echo(f"{message('cli.error', lang)}: {exc.render(lang)}", err=True)
            sys.exit(EXIT_BAD_INPUT)

    return wrapper  # type: ignore[return-value]
