"""The language a ``sqmy`` command line chose, read before anything else is imported.

``--lang`` may stand anywhere on the line, else ``SQMY_LANG`` says, else
Chinese.  Nothing here imports click (nor the error classes, unless a
language is refused), so the console script can answer ``sqmy --version``
without starting the command-line program at all (:mod:`sqmy_core.cli.main`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from sqmy_core.i18n import DEFAULT_LANG, LANGS

LANG_ENV: Final = "SQMY_LANG"


def take_lang(args: Sequence[str], env: str | None) -> tuple[str, list[str]]:
    """The chosen language and the arguments without ``--lang`` (which may stand anywhere)."""
    chosen: str | None = None
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest.extend(args[i:])
            break
        if arg == "--lang":
            if i + 1 >= len(args):
                from sqmy_core.errors import Problem, SqmyError

                raise SqmyError([Problem("", "usage.needs_value", {"name": "--lang"})])
            chosen, i = args[i + 1], i + 2
            continue
        if arg.startswith("--lang="):
            chosen, i = arg.removeprefix("--lang="), i + 1
            continue
        rest.append(arg)
        i += 1
    where = "--lang"
    if chosen is None:
        chosen, where = env or DEFAULT_LANG, LANG_ENV
    if chosen not in LANGS:
        from sqmy_core.errors import Problem, SqmyError

        raise SqmyError(
            [Problem(where, "usage.bad_lang", {"found": repr(chosen), "allowed": ", ".join(LANGS)})]
        )
    return chosen, rest
