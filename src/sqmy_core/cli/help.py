"""``--help`` from the catalogue, in the language of the command line.

Click formats help from the strings given to its decorators; these classes
look each command's and option's text up in :mod:`sqmy_core.i18n.cli_help`
instead, when the help is formatted, so the language chosen anywhere on the
command line (``--lang en``, ``SQMY_LANG``) reaches the help too.  The words
click adds ("Usage:", "Options", "default", "required") come from the
catalogue as well.
"""

from __future__ import annotations

import click

from sqmy_core import i18n
from sqmy_core.cli.common import lang_of
from sqmy_core.i18n import message


def command_key(ctx: click.Context) -> str:
    """The command's path without the program name (``ruleset check``); ``sqmy`` for the root."""
    names: list[str] = []
    c: click.Context | None = ctx
    while c is not None and c.parent is not None:
        names.append(c.info_name or "")
        c = c.parent
    return " ".join(reversed(names)) or "sqmy"


def command_help(key: str, lang: str) -> str:
    """The catalogue's help of the command at ``key``."""
    return message(f"help.cmd.{key}", lang)


def option_help_code(key: str, name: str) -> str | None:
    """The catalogue code of option ``name``'s help on command ``key`` (own, else shared)."""
    for code in (f"help.opt.{key}.{name}", f"help.opt.{name}"):
        if code in i18n.CATALOG:  # looked up here: the catalogue loads when help is first shown
            return code
    return None


def short_help(text: str, limit: int) -> str:
    """The first sentence of ``text``, cut to ``limit`` characters (for the command list)."""
    for end in ("。", ". "):
        if end in text:
            text = text[: text.index(end) + len(end)].strip()
            break
    return text if len(text) <= limit else text[: max(limit - 3, 1)] + "..."


def _extras(param: click.Option, lang: str) -> list[str]:
    out: list[str] = []
    if param.required:
        out.append(message("help.required", lang))
    if param.name == "now_text":
        out.append(message("help.default_now", lang))
    elif param.show_default and param.default is not None and not param.is_flag:
        out.append(message("help.default", lang, value=param.default))
    return out


class Formatter(click.HelpFormatter):
    """Click's formatter, with Chinese headings ending in a full-width colon (选项：)."""

    def __init__(self, lang: str, width: int | None = None, max_width: int | None = None) -> None:
        super().__init__(width=width, max_width=max_width)
        self.lang = lang

    def write_heading(self, heading: str) -> None:
        colon = "：" if self.lang == "zh" else ":"
        self.write(f"{'':>{self.current_indent}}{heading}{colon}\n")


class Context(click.Context):
    """A context whose help is laid out by :class:`Formatter` in the chosen language."""

    def make_formatter(self) -> click.HelpFormatter:
        return Formatter(lang_of(self), width=self.terminal_width, max_width=self.max_content_width)


class HelpMixin:
    """Usage line, help text, options and epilog of a command in the chosen language."""

    context_class: type[click.Context] = Context

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        prefix = message("help.usage", lang_of(ctx))
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=prefix)

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(command_help(command_key(ctx), lang_of(ctx)))

    def option_records(self, ctx: click.Context) -> list[tuple[str, str]]:
        """(names and metavar, help) of every option, the help from the catalogue."""
        lang, key = lang_of(ctx), command_key(ctx)
        records: list[tuple[str, str]] = []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            if not isinstance(param, click.Option) or param.hidden:
                continue
            record = param.get_help_record(ctx)
            if record is None:
                continue
            name = "help" if "--help" in param.opts else (param.name or "")
            code = option_help_code(key, name)
            text = message(code, lang) if code else ""
            extras = _extras(param, lang)
            if extras:
                sep = "；" if lang == "zh" else "; "
                text = f"{text}  [{sep.join(extras)}]".strip()
            records.append((record[0], text))
        return records

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        records = self.option_records(ctx)
        if records:
            with formatter.section(message("help.options", lang_of(ctx))):
                formatter.write_dl(records)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if not isinstance(self, click.Group):
            return
        lang, key = lang_of(ctx), command_key(ctx)
        # a command not imported yet (see cli.lazy) is not hidden: none of ``sqmy``'s is
        names = [
            n for n in self.list_commands(ctx) if n not in self.commands or not self.commands[n].hidden
        ]
        if not names:
            return
        limit = formatter.width - 6 - max(len(n) for n in names)
        rows = []
        for name in names:
            full = command_help(name if key == "sqmy" else f"{key} {name}", lang)
            rows.append((name, short_help(full, limit)))
        with formatter.section(message("help.commands", lang)):
            formatter.write_dl(rows)

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if ctx.parent is None:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(message("help.epilog", lang_of(ctx)))


class Command(HelpMixin, click.Command):
    """A ``sqmy`` command: help from the catalogue."""


class Group(HelpMixin, click.Group):
    """A ``sqmy`` command group: help from the catalogue; its commands are :class:`Command`."""

    command_class = Command


Group.group_class = Group
