"""What every ``sqmy`` command shares: the language the command line chose.

The exit statuses and how refusals are written are :mod:`sqmy_core.cli.app`'s.
"""

from __future__ import annotations

import click

from sqmy_core.i18n import DEFAULT_LANG


def lang_of(ctx: click.Context) -> str:
    """The language the command line chose (``--lang`` anywhere, or ``SQMY_LANG``)."""
    obj = ctx.find_root().obj
    return obj.get("lang", DEFAULT_LANG) if isinstance(obj, dict) else DEFAULT_LANG
