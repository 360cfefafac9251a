"""The ``reports`` extra: its libraries are imported only by the format that needs them.

A missing library is refused in the catalogue's words, naming what to
install (``pip install 'sqmy-core[reports]'``), never as an ImportError.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType
from typing import Final

from sqmy_core.errors import ConfigurationError, Problem

INSTALL: Final = "pip install 'sqmy-core[reports]'"


def require(module: str, fmt: str) -> ModuleType:
    """``module`` imported, or a refusal saying that ``fmt`` needs the ``reports`` extra."""
    try:
        return import_module(module)
    except ImportError:
        raise ConfigurationError(
            [
                Problem(
                    "--format",
                    "report.extra_missing",
                    {"format": fmt, "module": module.split(".")[0], "install": INSTALL},
                )
            ]
        ) from None


__all__ = ["INSTALL", "require"]
