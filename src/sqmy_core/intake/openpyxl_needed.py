"""openpyxl, the one library the workbooks need, imported when a workbook is first read or written.

It is an optional dependency (the ``reports`` extra): a command that needs
it and finds it missing says how to install it, in the catalogue's words.
"""

from __future__ import annotations

from types import ModuleType

from sqmy_core.errors import ConfigurationError, Problem


def openpyxl_module() -> ModuleType:
    """The ``openpyxl`` module, or a :class:`~sqmy_core.errors.ConfigurationError` saying how
    to install it."""
    try:
        import openpyxl
    except ImportError:
        raise ConfigurationError([Problem("", "intake.needs_openpyxl", {})]) from None
    return openpyxl


__all__ = ["openpyxl_module"]
