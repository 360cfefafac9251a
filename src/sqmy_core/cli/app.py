"""Running ``sqmy``: the language, one exit status per outcome, every refusal in the catalogue's words.

Exit statuses (also in ``sqmy --help``):

- 0: done;
- 2: the input was refused: a usage error (click's, rendered from the
  catalogue), a bad option value, a file that cannot be read or written, any
  :class:`~sqmy_core.errors.SqmyError`; the reason goes to standard error;
- 1: a bug: an exception nobody meant; one "内部错误" line names its type (the
  traceback only with ``SQMY_DEBUG=1``);
- 3: ``sqmy audit verify`` found the audit chain or what it vouches for changed;
- 130: interrupted (Ctrl-C).

The language is taken from ``--lang`` wherever it stands on the command line
(so ``sqmy assess --help --lang en`` is English too), else from ``SQMY_LANG``,
else Chinese; it is known before click parses anything, so click's own
errors and the help are in that language as well.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Sequence
from typing import Any, Final

import click
from click.exceptions import Exit, NoArgsIsHelpError, NoSuchCommand

from sqmy_core.cli.lang import LANG_ENV, take_lang
from sqmy_core.cli.lazy import LazyGroup
from sqmy_core.errors import SqmyError
from sqmy_core.i18n import DEFAULT_LANG, message

EXIT_DONE: Final = 0
EXIT_BUG: Final = 1
EXIT_REFUSED: Final = 2
EXIT_INTERRUPTED: Final = 130

DEBUG_ENV: Final = "SQMY_DEBUG"

_NEEDS_VALUE: Final = re.compile(r"Option '(.+)' requires .*")
_NO_VALUE: Final = re.compile(r"Option '(.+)' does not take a value\.")
_EXTRA: Final = re.compile(r"Got unexpected extra arguments? \((.*)\)", re.DOTALL)


def _quoted(names: Iterable[str]) -> str:
    return ", ".join(repr(n) for n in sorted(names))


def _did_you_mean(possibilities: Sequence[str] | None, lang: str) -> str:
    return (
        message("usage.did_you_mean", lang, names=_quoted(possibilities)) if possibilities else ""
    )


def usage_text(exc: click.UsageError, lang: str) -> str:
    """Click's usage error said from the catalogue (never click's English)."""
    ctx = exc.ctx
    if isinstance(exc, click.NoSuchOption):
        return message("usage.no_such_option", lang, name=repr(exc.option_name)) + _did_you_mean(
            exc.possibilities, lang
        )
    if isinstance(exc, NoSuchCommand):
        return message("usage.no_such_command", lang, name=repr(exc.command_name)) + _did_you_mean(
            exc.possibilities, lang
        )
    if isinstance(exc, click.MissingParameter):
        param = exc.param
        name = param.get_error_hint(ctx) if param is not None else "?"
        code = (
            "usage.missing_argument"
            if isinstance(param, click.Argument)
            else "usage.missing_option"
        )
        return message(code, lang, name=name)
    if isinstance(exc, click.BadParameter):
        hint = exc.param.get_error_hint(ctx) if exc.param is not None else exc.param_hint
        shown = hint if isinstance(hint, str) else " / ".join(hint or ("?",))
        return message("usage.bad_value", lang, name=shown, found=exc.message)
    text = exc.message
    for pattern, code in ((_NEEDS_VALUE, "usage.needs_value"), (_NO_VALUE, "usage.takes_no_value")):
        m = pattern.fullmatch(text)
        if m is not None:
            return message(code, lang, name=repr(m.group(1)))
    m = _EXTRA.fullmatch(text)
    if m is not None:
        return message("usage.extra_arguments", lang, found=m.group(1))
    if text == "Missing command." and ctx is not None and isinstance(ctx.command, click.Group):
        allowed = ", ".join(ctx.command.list_commands(ctx))
        return message("usage.missing_command", lang, allowed=allowed)
    return message("usage.other", lang, detail=text)


def _error_line(text: str, lang: str) -> None:
    click.echo(f"{message('cli.error', lang)}: {text}", err=True)


def _show_usage_error(exc: click.UsageError, lang: str) -> None:
    ctx = exc.ctx
    if ctx is not None:
        click.echo(ctx.get_usage(), err=True)
        click.echo(message("cli.try_help", lang, command=ctx.command_path) + "\n", err=True)
    _error_line(usage_text(exc, lang), lang)


def _os_text(exc: OSError, lang: str) -> str:
    reason = exc.strerror or f"[Errno {exc.errno}] ?"
    return message("os_failed", lang, found=repr(exc.filename or ""), reason=reason)


def run(program: click.Command, args: Sequence[str], prog_name: str, **extra: Any) -> int:
    """Run the command line ``args``; the exit status (every message already written)."""
    try:
        lang, argv = take_lang(args, os.environ.get(LANG_ENV))
    except SqmyError as exc:
        _error_line(exc.render(DEFAULT_LANG), DEFAULT_LANG)
        return EXIT_REFUSED
    try:
        with program.make_context(prog_name, argv, obj={"lang": lang}, **extra) as ctx:
            program.invoke(ctx)
        return EXIT_DONE
    except Exit as exc:
        return exc.exit_code
    except NoArgsIsHelpError as exc:
        click.echo(exc.ctx.get_help(), err=True)
        return EXIT_REFUSED
    except click.UsageError as exc:
        _show_usage_error(exc, lang)
        return EXIT_REFUSED
    except SqmyError as exc:
        _error_line(exc.render(lang), lang)
        return EXIT_REFUSED
    except click.Abort:
        _error_line(message("cli.interrupted", lang), lang)
        return EXIT_INTERRUPTED
    except click.ClickException as exc:
        _error_line(message("usage.other", lang, detail=exc.format_message()), lang)
        return EXIT_REFUSED
    except OSError as exc:
        _error_line(_os_text(exc, lang), lang)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        _error_line(message("cli.interrupted", lang), lang)
        return EXIT_INTERRUPTED
    except Exception as exc:
        if os.environ.get(DEBUG_ENV) == "1":
            raise
        _error_line(message("cli.internal_error", lang, kind=type(exc).__name__), lang)
        return EXIT_BUG


class Program(LazyGroup):
    """The ``sqmy`` group: :func:`run` instead of click's ``main``, so every outcome has its status.

    Its commands are imported when used (:class:`~sqmy_core.cli.lazy.LazyGroup`).
    """

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        status = run(self, argv, prog_name or self.name or "sqmy", **extra)
        if standalone_mode:
            sys.exit(status)
        return status
