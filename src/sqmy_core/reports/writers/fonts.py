"""The CJK font the charts are drawn with: Noto Sans CJK SC, as the ``mplfonts`` package ships it.

A chart's Chinese must never come out as boxes, whatever fonts the machine
has: the font file comes with the project's own dependencies (the
``reports`` extra installs ``mplfonts``, whose package data holds the
SIL-licensed Noto CJK fonts), is registered with matplotlib's font manager
from that file and used by its family name.  ``mplfonts`` itself is never
imported (its command-line helpers change matplotlib's settings): only its
installed files are located.
"""

from __future__ import annotations

from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Final

from sqmy_core.errors import ConfigurationError, Problem
from sqmy_core.reports.writers.extra import INSTALL, require

PACKAGE: Final = "mplfonts"
FONT_FILE: Final = "NotoSansCJKsc-Regular.otf"


def cjk_font_path() -> Path:
    """The installed font file (refused, naming the extra, when the package is missing)."""
    spec = find_spec(PACKAGE)
    folders = list(spec.submodule_search_locations or ()) if spec is not None else []
    for folder in folders:
        path = Path(folder) / "fonts" / FONT_FILE
        if path.is_file():
            return path
    raise ConfigurationError(
        [
            Problem(
                "--format",
                "report.extra_missing",
                {"format": "png", "module": PACKAGE, "install": INSTALL},
            )
        ]
    )


@cache
def cjk_font_name() -> str:
    """Register the font with matplotlib (once a process) and give its family name."""
    path = cjk_font_path()
    font_manager = require("matplotlib.font_manager", "png")
    font_manager.fontManager.addfont(str(path))
    name: str = font_manager.FontProperties(fname=str(path)).get_name()
    return name


__all__ = ["FONT_FILE", "PACKAGE", "cjk_font_name", "cjk_font_path"]
