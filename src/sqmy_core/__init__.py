"""sqmy_core: executable rules for 社情民意信息 work.

The curated facade: import from here, not from submodules, in integrations.
"""

from __future__ import annotations

from sqmy_core.errors import (
    ConcurrencyConflict,
    DatasetError,
    PermissionDenied,
    PluginError,
    Problem,
    RulesetError,
    SqmyError,
    TransitionNotAllowed,
)
from sqmy_core.model import Call, Dataset, Event, Person, Piece, Unit
from sqmy_core.plugins import hookimpl

__version__ = "0.1.0"

__all__ = [
    "Call",
    "ConcurrencyConflict",
    "Dataset",
    "DatasetError",
    "Event",
    "PermissionDenied",
    "Person",
    "Piece",
    "PluginError",
    "Problem",
    "RulesetError",
    "SqmyError",
    "TransitionNotAllowed",
    "Unit",
    "__version__",
    "hookimpl",
]
