"""sqmy_core: executable rules for 社情民意信息 work.

The curated facade: import from here, not from submodules, in integrations.

Names are resolved on first use (PEP 562 module ``__getattr__``): ``import
sqmy_core`` -- which every ``sqmy`` command pays before it does anything --
loads no submodule, so ``sqmy --version`` or an assessment never waits for
the workspace, the stores or pluggy it does not use.  ``from sqmy_core import
Workspace`` works as before; the names and what they are do not change.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from sqmy_core.errors import (
        AuditError,
        AuthRefused,
        BackupError,
        BulletinError,
        ConcurrencyConflict,
        ConfigurationError,
        DatasetError,
        GuardRequired,
        IdempotencyKeyReused,
        NotFound,
        OutboundRefused,
        PermissionDenied,
        PluginError,
        Problem,
        RequestError,
        RulesetError,
        SettingsError,
        SourceError,
        SqmyError,
        TransitionNotAllowed,
        UnknownEntity,
    )
    from sqmy_core.model import Call, Clue, Dataset, Event, Person, Piece, Unit
    from sqmy_core.plugins import hookimpl
    from sqmy_core.rules import Ruleset
    from sqmy_core.rules.kinds import (
        EntityView,
        PieceView,
        RuleContext,
        RuleKind,
        StepDelta,
        StepKind,
        VerdictView,
    )
    from sqmy_core.scoring import Assessment, assess
    from sqmy_core.workspace.files import load_dataset_file, load_ruleset
    from sqmy_core.workspace.workspace import Workspace

__version__ = "0.1.0"

_NAMES: Final[dict[str, tuple[str, ...]]] = {
    "sqmy_core.errors": (
        "AuditError",
        "AuthRefused",
        "BackupError",
        "BulletinError",
        "ConcurrencyConflict",
        "ConfigurationError",
        "DatasetError",
        "GuardRequired",
        "IdempotencyKeyReused",
        "NotFound",
        "OutboundRefused",
        "PermissionDenied",
        "PluginError",
        "Problem",
        "RequestError",
        "RulesetError",
        "SettingsError",
        "SourceError",
        "SqmyError",
        "TransitionNotAllowed",
        "UnknownEntity",
    ),
    "sqmy_core.model": ("Call", "Clue", "Dataset", "Event", "Person", "Piece", "Unit"),
    "sqmy_core.plugins": ("hookimpl",),
    "sqmy_core.rules": ("Ruleset",),
    "sqmy_core.rules.kinds": (
        "EntityView",
        "PieceView",
        "RuleContext",
        "RuleKind",
        "StepDelta",
        "StepKind",
        "VerdictView",
    ),
    "sqmy_core.scoring": ("Assessment", "assess"),
    "sqmy_core.workspace.files": ("load_dataset_file", "load_ruleset"),
    "sqmy_core.workspace.workspace": ("Workspace",),
}
_WHERE: Final[dict[str, str]] = {name: m for m, names in _NAMES.items() for name in names}
"""Each public name and the module it comes from (imported when the name is first asked for)."""


def __getattr__(name: str) -> Any:
    """Import the module a public name lives in, once; the name is then an ordinary global."""
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(where), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))


__all__ = [
    "Assessment",
    "AuditError",
    "AuthRefused",
    "BackupError",
    "BulletinError",
    "Call",
    "Clue",
    "ConcurrencyConflict",
    "ConfigurationError",
    "Dataset",
    "DatasetError",
    "EntityView",
    "Event",
    "GuardRequired",
    "IdempotencyKeyReused",
    "NotFound",
    "OutboundRefused",
    "PermissionDenied",
    "Person",
    "Piece",
    "PieceView",
    "PluginError",
    "Problem",
    "RequestError",
    "RuleContext",
    "RuleKind",
    "Ruleset",
    "RulesetError",
    "SettingsError",
    "SourceError",
    "SqmyError",
    "StepDelta",
    "StepKind",
    "TransitionNotAllowed",
    "Unit",
    "UnknownEntity",
    "VerdictView",
    "Workspace",
    "__version__",
    "assess",
    "hookimpl",
    "load_dataset_file",
    "load_ruleset",
]
