"""One error hierarchy: every error the library raises on purpose lives in errors.py.

Every module of the package is imported, then every subclass of SqmyError
found must be defined in ``sqmy_core.errors`` and drawn in the tree at its
top, so a new error class elsewhere (or one left out of the drawing) fails.
"""

from __future__ import annotations

import importlib
import pkgutil

import sqmy_core
from sqmy_core import errors
from sqmy_core.errors import SqmyError


def _all_subclasses(cls: type) -> set[type]:
    found: set[type] = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_all_subclasses(sub)}
    return found


def test_every_library_error_is_defined_in_errors_and_drawn_there() -> None:
    for mod in pkgutil.walk_packages(sqmy_core.__path__, "sqmy_core."):
        importlib.import_module(mod.name)
    classes = _all_subclasses(SqmyError)
    assert len(classes) >= 12
    outside = sorted(f"{c.__module__}.{c.__name__}" for c in classes
                     if c.__module__ != "sqmy_core.errors")
    assert outside == []
    drawing = errors.__doc__ or ""
    assert [c.__name__ for c in classes if f" {c.__name__} " not in drawing] == []


def test_the_facade_exports_every_error() -> None:
    names = {c.__name__ for c in _all_subclasses(SqmyError)} | {"SqmyError"}
    assert names <= set(sqmy_core.__all__)
