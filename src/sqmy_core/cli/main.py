"""Entry point of the ``sqmy`` command: the console script and the table of commands.

``sqmy --version`` (with ``--lang`` or ``SQMY_LANG`` or neither) is answered
here, from the catalogue, before the command-line program -- click, the
group, its option types -- is imported: the same line, the same exit status
(0), in a fraction of the time.  Everything else, a bad ``--lang`` included,
is the program's (:mod:`sqmy_core.cli.program`, whose group is ``cli`` here
too, imported on first use).

The program and the command named on the line are imported with Python's
cyclic garbage collector paused: the tens of thousands of objects imports make
(classes, functions, catalogues) live as long as the process, yet each
collection on the way walked the young ones again -- some 6 % of a county
assessment's instructions.  They are then frozen (:func:`gc.freeze`: later
collections skip them) and the collector runs as before for the command's
own work.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Final

from sqmy_core._collector import paused_collector
from sqmy_core.cli.lang import LANG_ENV, take_lang

if TYPE_CHECKING:
    from sqmy_core.cli.program import cli

_CLI: Final = "sqmy_core.cli."

COMMANDS: Final[dict[str, tuple[str, ...]]] = {
    "assess": (_CLI + "assess_cmd",),
    "explain": (_CLI + "assess_cmd",),
    "backup": (_CLI + "backup_cmd",),
    "restore": (_CLI + "backup_cmd",),
    "bulletin": (_CLI + "bulletin_cmd",),
    "report": (_CLI + "report_cmd",),
    "dataset": (_CLI + "dataset_cmd",),
    "demo": (_CLI + "demo_cmd",),
    "ruleset": (_CLI + "ruleset_cmd", _CLI + "versions_cmd"),  # versions adds apply, history
    "import": (_CLI + "workspace_cmd",),
    "export": (_CLI + "workspace_cmd",),
    "overdue": (_CLI + "workspace_cmd",),
    "notify": (_CLI + "workspace_cmd",),
    "audit": (_CLI + "audit_cmd",),
    "compare": (_CLI + "compare_cmd",),
    "similar": (_CLI + "similar_cmd",),
    "piece": (_CLI + "piece_cmd",),
    "person": (_CLI + "registry_cmd",),
    "unit": (_CLI + "registry_cmd",),
    "penalty": (_CLI + "registry_cmd",),
    "adjustment": (_CLI + "registry_cmd",),
    "template": (_CLI + "template_cmd",),
    "serve": (_CLI + "serve_cmd",),
    "credential": (_CLI + "credential_cmd",),
}
"""Every ``sqmy`` command and the modules whose ``register(group)`` adds it (in this order)."""

PROG: Final = "sqmy"


def version_text(args: Sequence[str], env: str | None) -> str | None:
    """What ``sqmy`` prints for ``args`` when they only ask for the version, else ``None``.

    ``None`` also for a language the program must refuse (it says why).
    """
    try:
        lang, rest = take_lang(args, env)
    except Exception as exc:
        from sqmy_core.errors import SqmyError

        if isinstance(exc, SqmyError):
            return None
        raise
    if rest != ["--version"]:
        return None
    from sqmy_core import __version__
    from sqmy_core.i18n import message

    return message("help.version", lang, prog=PROG, version=__version__)


def main() -> None:
    """The ``sqmy`` console script."""
    args = sys.argv[1:]
    if "--version" in args:
        text = version_text(args, os.environ.get(LANG_ENV))
        if text is not None:
            sys.stdout.write(text + "\n")
            sys.stdout.flush()
            sys.exit(0)
    with collector_paused():
        from sqmy_core.cli.program import cli

        cli.load_named(args)
    cli.main(prog_name=PROG)


def collector_paused() -> AbstractContextManager[None]:
    """Modules load with the cyclic collector off; what they made is then frozen, and it is on
    (:func:`~sqmy_core._collector.paused_collector`; left as it is when already off)."""
    return paused_collector(freeze=True)


def __getattr__(name: str) -> Any:
    """``cli``, the program's group, imported when first asked for."""
    if name == "cli":
        from sqmy_core.cli import program

        return program.cli
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["COMMANDS", "PROG", "cli", "collector_paused", "main", "version_text"]


if __name__ == "__main__":  # python -m sqmy_core.cli.main
    main()
