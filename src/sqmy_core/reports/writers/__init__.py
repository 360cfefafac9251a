"""Writing a :class:`~sqmy_core.reports.document.Report` in one format: the one entry point.

``sqmy report``, ``sqmy bulletin`` and ``sqmy compare`` build a ``Report``
and hand it here; each format has its own module, imported only when that
format is asked for, so the heavy libraries of the ``reports`` extra
(openpyxl, python-docx, matplotlib and the CJK font) load only for the
workbook, the Word document and the charts::

    from sqmy_core.reports.writers import write_report

    write_report(report, "xlsx", Path("通报.xlsx"))      # a file, written whole or not at all
    write_report(report, "markdown", None)               # standard output
    write_report(report, "table", None, console=console) # a rich console of the caller's
    write_report(report, "png", stream)                  # any binary stream

``out`` is a :class:`~pathlib.Path` (written through a temporary file beside
it, then renamed: a refused or failed write leaves no file and no half
file), a binary stream, or ``None`` for standard output -- which the binary
formats refuse (they need ``--output``).  Formats: :data:`FORMATS`.
"""

from __future__ import annotations

import sys
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Final

from sqmy_core.errors import ConfigurationError, Problem

if TYPE_CHECKING:
    from rich.console import Console

    from sqmy_core.reports.document import Report

FORMATS: Final = ("table", "markdown", "html", "json", "xlsx", "docx", "png")
"""Every format :func:`write_report` knows, in the order ``--help`` lists them."""
BINARY: Final = frozenset({"xlsx", "docx", "png"})
"""Formats that are files, never text on a terminal: they need an output path or stream."""

_MODULES: Final = {
    "table": "terminal",
    "markdown": "markdown",
    "html": "html",
    "json": "json_doc",
    "xlsx": "xlsx",
    "docx": "docx",
    "png": "charts",
}


def render_report(report: Report, fmt: str) -> bytes:
    """The whole output of ``fmt`` as bytes (UTF-8 for the text formats)."""
    if fmt not in _MODULES:
        raise ConfigurationError(
            [
                Problem(
                    "--format",
                    "unknown_value",
                    {"what": "choice", "found": repr(fmt), "allowed": ", ".join(FORMATS)},
                )
            ]
        )
    module = import_module(f"{__name__}.{_MODULES[fmt]}")
    data: bytes = module.render(report)
    return data


def write_report(
    report: Report,
    fmt: str,
    out: BinaryIO | Path | None,
    *,
    console: Console | None = None,
) -> None:
    """Write ``report`` as ``fmt`` to ``out`` (a path, a binary stream, or ``None``: standard output).

    ``console`` is used for ``table`` when ``out`` is ``None`` (the caller's
    width and colours); otherwise the table is rendered as plain text.
    """
    if out is None and fmt in BINARY:
        raise ConfigurationError([Problem("--output", "report.needs_output", {"format": fmt})])
    if fmt == "table" and out is None:
        from sqmy_core.reports.writers.terminal import print_report

        print_report(report, console)
        return
    data = render_report(report, fmt)
    if isinstance(out, Path):
        from sqmy_core.reports.writers.target import write_whole

        write_whole(out, data)
    elif out is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        out.write(data)


__all__ = ["BINARY", "FORMATS", "render_report", "write_report"]
