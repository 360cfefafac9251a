"""The progress callback the long library calls take: told ``(done, total)`` at coarse steps.

An import, an assessment, a workbook import call it a handful of times (the
file read, checked, stored ...), never per event, so it costs nothing
measurable; the command line draws it as a bar on a terminal
(:mod:`sqmy_core.cli.progress`) and nothing below the command line knows
how it is shown.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int], None]
"""``progress(done, total)``: ``done`` of ``total`` steps are behind us."""


def tell(progress: Progress | None, done: int, total: int) -> None:
    """Call ``progress`` if there is one."""
    if progress is not None:
        progress(done, total)


__all__ = ["Progress", "tell"]
