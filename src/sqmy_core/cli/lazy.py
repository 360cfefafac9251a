"""A command group that knows its commands by name and imports each one only when it is used.

``sqmy --version``, ``sqmy --help`` and ``sqmy assess`` should not pay for
importing every command's module (the workspace, the stores, rich, the demo
generator): the group is given a table of command names and the modules that
register them, lists the names from the table (the help of each is in the
catalogue, keyed by name) and imports a module the first time one of its
commands is looked up.  A module's ``register(group)`` adds its commands as
before, so a command is the same object whether it was reached lazily or not.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from importlib import import_module
from typing import Any

import click

from sqmy_core.cli.help import Group


class LazyGroup(Group):
    """A :class:`~sqmy_core.cli.help.Group` whose commands come from ``lazy``: name -> modules."""

    def __init__(
        self, *args: Any, lazy: Mapping[str, tuple[str, ...]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.lazy: dict[str, tuple[str, ...]] = dict(lazy or {})
        self._loaded: set[str] = set()

    def _load(self, name: str) -> None:
        for module in self.lazy.get(name, ()):
            if module not in self._loaded:
                self._loaded.add(module)
                import_module(module).register(self)

    def load_named(self, args: Sequence[str]) -> None:
        """Import the modules of the first command ``args`` name, if any, now rather than when
        click looks it up (the console script does it while the collector is paused)."""
        for arg in args:
            if arg == "--":
                return
            if arg in self.lazy:
                self._load(arg)
                return

    def load_all(self) -> None:
        """Import every command's module (an unknown name needs them all for "did you mean")."""
        for name in self.lazy:
            self._load(name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.commands) | set(self.lazy))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            self._load(cmd_name)
        return self.commands.get(cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] not in self.lazy and args[0] not in self.commands:
            self.load_all()  # click suggests close names from the loaded commands
        return super().resolve_command(ctx, args)
